/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <gio/gio.h>

#include "rd-mtu-fix.h"
#include "rd-mtu-fix-private.h"

#define NOWHERE_BUS "unix:path=/nonexistent/rd-test-mtu-fix/system_bus_socket"

static void
test_check_interface (void)
{
  const char *good[] = { "eth0", "enp0s31f6", "wlp2s0", "wg-office", "tun0", "br0.100", "a", "abcdefghijklmno",
                         "veth1@if2", "my'if", "x$y" };
  const char *bad[] = { "", "abcdefghijklmnop", "eth/0", "eth 0", "eth\t0", "eth0\n", "eth:0", ".", "..", "-x",
                        "eth\xc3\xa9" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (rd_mtu_fix_check_interface (good[i], &error));
      g_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rd_mtu_fix_check_interface (bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "interface name"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (rd_mtu_fix_check_interface (NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_kind_from_name (void)
{
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("eth0"), ==, RD_MTU_LINK_ETHERNET);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("enp3s0"), ==, RD_MTU_LINK_ETHERNET);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("wlan0"), ==, RD_MTU_LINK_WIFI);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("wlp2s0"), ==, RD_MTU_LINK_WIFI);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("wg0"), ==, RD_MTU_LINK_WIREGUARD);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("tun0"), ==, RD_MTU_LINK_TUN);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("tap1"), ==, RD_MTU_LINK_TUN);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("cscotun0"), ==, RD_MTU_LINK_TUN);
  g_assert_cmpint (rd_mtu_fix_guess_kind_from_name ("ppp0"), ==, RD_MTU_LINK_OTHER);
}

static char *
commands (const char    *interface,
          RdMtuLinkKind  kind,
          guint          mtu,
          guint          old_mtu)
{
  g_autoptr(GError) error = NULL;
  char *text = rd_mtu_fix_commands_for_kind (interface, kind, mtu, old_mtu, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static void
test_commands_ethernet (void)
{
  g_autofree char *text = commands ("eth0", RD_MTU_LINK_ETHERNET, 1400, 1500);

  g_assert_cmpstr (text, ==,
                   "# Lower the MTU now, until the next restart:\n"
                   "sudo ip link set dev eth0 mtu 1400\n"
                   "# To keep it, with NetworkManager:\n"
                   "nmcli connection modify \"$(nmcli -g GENERAL.CON-UUID device show eth0)\" 802-3-ethernet.mtu 1400\n"
                   "nmcli device reapply eth0\n"
                   "# To undo:\n"
                   "sudo ip link set dev eth0 mtu 1500\n"
                   "nmcli connection modify \"$(nmcli -g GENERAL.CON-UUID device show eth0)\" 802-3-ethernet.mtu 1500\n"
                   "nmcli device reapply eth0\n");
}

static void
test_commands_wifi (void)
{
  g_autofree char *text = commands ("wlp2s0", RD_MTU_LINK_WIFI, 1380, 1500);

  g_assert_cmpstr (text, ==,
                   "# Lower the MTU now, until the next restart:\n"
                   "sudo ip link set dev wlp2s0 mtu 1380\n"
                   "# To keep it, with NetworkManager:\n"
                   "nmcli connection modify \"$(nmcli -g GENERAL.CON-UUID device show wlp2s0)\" 802-11-wireless.mtu 1380\n"
                   "nmcli device reapply wlp2s0\n"
                   "# To undo:\n"
                   "sudo ip link set dev wlp2s0 mtu 1500\n"
                   "nmcli connection modify \"$(nmcli -g GENERAL.CON-UUID device show wlp2s0)\" 802-11-wireless.mtu 1500\n"
                   "nmcli device reapply wlp2s0\n");
}

static void
test_commands_wireguard (void)
{
  g_autofree char *text = commands ("wg0", RD_MTU_LINK_WIREGUARD, 1280, 1420);

  /* NetworkManager does not reapply a WireGuard MTU: it reconnects. */
  g_assert_cmpstr (text, ==,
                   "# Lower the MTU now, until the next restart:\n"
                   "sudo ip link set dev wg0 mtu 1280\n"
                   "# To keep it, with NetworkManager:\n"
                   "nmcli connection modify \"$(nmcli -g GENERAL.CON-UUID device show wg0)\" wireguard.mtu 1280\n"
                   "nmcli connection up \"$(nmcli -g GENERAL.CON-UUID device show wg0)\"\n"
                   "# To undo:\n"
                   "sudo ip link set dev wg0 mtu 1420\n"
                   "nmcli connection modify \"$(nmcli -g GENERAL.CON-UUID device show wg0)\" wireguard.mtu 1420\n"
                   "nmcli connection up \"$(nmcli -g GENERAL.CON-UUID device show wg0)\"\n");
  g_assert_null (strstr (text, "reapply"));
}

static void
test_commands_tun (void)
{
  g_autofree char *text = commands ("tun0", RD_MTU_LINK_TUN, 1350, 1500);

  g_assert_nonnull (strstr (text, "sudo ip link set dev tun0 mtu 1350\n"));
  g_assert_nonnull (strstr (text, "VPN app"));
  g_assert_nonnull (strstr (text, "802-3-ethernet.mtu 1350\nnmcli device reapply tun0\n"));
  g_assert_nonnull (strstr (text, "# To undo:\nsudo ip link set dev tun0 mtu 1500\n"));
  g_assert_nonnull (strstr (text, "802-3-ethernet.mtu 1500\nnmcli device reapply tun0\n"));
}

static void
test_commands_other (void)
{
  g_autofree char *text = commands ("ppp0", RD_MTU_LINK_OTHER, 1400, 1492);

  g_assert_nonnull (strstr (text, "sudo ip link set dev ppp0 mtu 1400\n"));
  g_assert_nonnull (strstr (text, "# To undo:\nsudo ip link set dev ppp0 mtu 1492\n"));
  g_assert_null (strstr (text, "nmcli"));
}

/* Runs @text in sh with sudo and nmcli standing in, and checks that every
 * command got @interface as one argument, whatever its characters. */
static void
assert_lines_name (const char *text,
                   const char *interface)
{
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };

  script = g_strconcat ("sudo () { printf '<%s>' \"$@\"; echo; }\n"
                        "nmcli () { if [ \"$1\" = -g ]; then printf 'UUID-%s' \"$5\"; "
                        "else printf '<%s>' \"$@\"; echo; fi; }\n",
                        text, NULL);
  argv[2] = script;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  expected = g_strdup_printf ("<ip><link><set><dev><%1$s><mtu><1400>\n"
                              "<connection><modify><UUID-%1$s><802-3-ethernet.mtu><1400>\n"
                              "<device><reapply><%1$s>\n"
                              "<ip><link><set><dev><%1$s><mtu><1500>\n"
                              "<connection><modify><UUID-%1$s><802-3-ethernet.mtu><1500>\n"
                              "<device><reapply><%1$s>\n",
                              interface);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_commands_quoting (void)
{
  const char *names[] = { "my'if", "x$(id)", "a;b", "q\"t", "back`t`", "st*r" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = commands (names[i], RD_MTU_LINK_ETHERNET, 1400, 1500);
      g_autofree char *quoted = g_shell_quote (names[i]);
      g_autofree char *ip_line = g_strdup_printf ("sudo ip link set dev %s mtu 1400\n", quoted);
      g_autofree char *nm_line = g_strdup_printf ("device show %s)\"", quoted);

      g_assert_nonnull (strstr (text, ip_line));
      g_assert_nonnull (strstr (text, nm_line));
      assert_lines_name (text, names[i]);
    }

  {
    g_autofree char *text = commands ("enp0s31f6", RD_MTU_LINK_ETHERNET, 1400, 1500);

    /* A plain name stays as it is. */
    g_assert_nonnull (strstr (text, "sudo ip link set dev enp0s31f6 mtu 1400\n"));
    g_assert_null (strchr (text, '\''));
    assert_lines_name (text, "enp0s31f6");
  }
}

static void
test_commands_refused (void)
{
  const char *bad[] = { "", "abcdefghijklmnop", "eth0/../x", "eth0 ; reboot", "eth0\nreboot", ".." };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = rd_mtu_fix_commands (bad[i], 1400, 1500, &error);

      g_assert_null (text);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  {
    const guint mtus[][2] = { { 0, 1500 }, { 67, 1500 }, { 65536, 1500 }, { 1400, 0 }, { 1400, 70000 } };

    for (gsize i = 0; i < G_N_ELEMENTS (mtus); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = rd_mtu_fix_commands ("eth0", mtus[i][0], mtus[i][1], &error);

        g_assert_null (text);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, "MTU"));
      }
  }
}

static void
test_commands_guessed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  /* No such interface here: the name decides. */
  g_assert_false (g_file_test ("/sys/class/net/wgrdnosuch0", G_FILE_TEST_EXISTS));
  text = rd_mtu_fix_commands ("wgrdnosuch0", 1300, 1420, &error);
  g_assert_no_error (error);
  expected = commands ("wgrdnosuch0", RD_MTU_LINK_WIREGUARD, 1300, 1420);
  g_assert_cmpstr (text, ==, expected);

  /* The loopback exists everywhere, and NetworkManager has no MTU setting
   * of its kind to show. */
  if (g_file_test ("/sys/class/net/lo", G_FILE_TEST_IS_DIR))
    g_assert_cmpint (rd_mtu_fix_guess_kind ("lo"), ==, RD_MTU_LINK_OTHER);
}

/* Waiting for an async result, for at most @timeout_ms. */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot,
          guint          timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, set_flag, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
  return *slot;
}

static void
test_apply_refused_name (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint old_mtu = 0;

  rd_mtu_fix_apply_async ("eth0/x", 1400, NULL, store_result, &result);
  wait_for (&result, 1000);
  g_assert_false (rd_mtu_fix_apply_finish (result, &old_mtu, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (old_mtu, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  rd_mtu_fix_apply_async ("eth0", 12, NULL, store_result, &result);
  wait_for (&result, 1000);
  g_assert_false (rd_mtu_fix_apply_finish (result, &old_mtu, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* With no system bus at all, the answer is "not supported", quickly. Runs
 * in a subprocess, whose main() points the system bus nowhere before any
 * thread starts. */
static void
test_apply_no_networkmanager (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) undo_result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpstr (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"), ==, NOWHERE_BUS);
  start = g_get_monotonic_time ();

  rd_mtu_fix_apply_async ("eth0", 1400, NULL, store_result, &result);
  wait_for (&result, 3000);
  g_assert_false (rd_mtu_fix_apply_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "commands"));
  g_clear_error (&error);

  rd_mtu_fix_undo_async ("eth0", 1500, NULL, store_result, &undo_result);
  wait_for (&undo_result, 3000);
  g_assert_false (rd_mtu_fix_undo_finish (undo_result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_apply_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  rd_mtu_fix_apply_async ("eth0", 1400, cancellable, store_result, &result);
  wait_for (&result, 3000);
  g_assert_false (rd_mtu_fix_apply_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The real thing, against this machine's NetworkManager: only on an
 * interface the tester names in RD_TEST_MTU_IFACE, a throwaway one that
 * NetworkManager manages (a dummy with its own profile, say), since it
 * changes and saves that profile. */
static void
test_apply_real (void)
{
  const char *interface = g_getenv ("RD_TEST_MTU_IFACE");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) undo_result = NULL;
  g_autoptr(GError) error = NULL;
  guint old_mtu = 0;

  /* Without RD_TEST_MTU_IFACE, an interface that does not exist: this only
   * finds out whether NetworkManager answers. */
  rd_mtu_fix_apply_async (interface != NULL ? interface : "rdnosuch0", 1280, NULL, store_result, &result);
  wait_for (&result, 10000);
  if (!rd_mtu_fix_apply_finish (result, &old_mtu, &error))
    {
      g_autofree char *reason = NULL;

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      reason = g_strdup_printf ("%s%s", error->message,
                                interface != NULL ? ""
                                : " (set RD_TEST_MTU_IFACE to a throwaway interface NetworkManager manages "
                                  "to apply the MTU for real)");
      g_test_skip (reason);
      return;
    }

  g_assert_nonnull (interface);
  g_assert_cmpuint (old_mtu, >=, RD_MTU_MIN);
  rd_mtu_fix_undo_async (interface, old_mtu, NULL, store_result, &undo_result);
  wait_for (&undo_result, 10000);
  g_assert_true (rd_mtu_fix_undo_finish (undo_result, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_test_subprocess ())
    g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", NOWHERE_BUS, TRUE);

  g_test_add_func ("/mtu-fix/check-interface", test_check_interface);
  g_test_add_func ("/mtu-fix/kind-from-name", test_kind_from_name);
  g_test_add_func ("/mtu-fix/commands/ethernet", test_commands_ethernet);
  g_test_add_func ("/mtu-fix/commands/wifi", test_commands_wifi);
  g_test_add_func ("/mtu-fix/commands/wireguard", test_commands_wireguard);
  g_test_add_func ("/mtu-fix/commands/tun", test_commands_tun);
  g_test_add_func ("/mtu-fix/commands/other", test_commands_other);
  g_test_add_func ("/mtu-fix/commands/quoting", test_commands_quoting);
  g_test_add_func ("/mtu-fix/commands/refused", test_commands_refused);
  g_test_add_func ("/mtu-fix/commands/guessed", test_commands_guessed);
  g_test_add_func ("/mtu-fix/apply/refused-name", test_apply_refused_name);
  g_test_add_func ("/mtu-fix/apply/no-networkmanager", test_apply_no_networkmanager);
  g_test_add_func ("/mtu-fix/apply/cancelled", test_apply_cancelled);
  g_test_add_func ("/mtu-fix/apply/real", test_apply_real);

  return g_test_run ();
}
