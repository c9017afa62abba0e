/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FreeRDP's certificate memory (known_hosts2): reading it, comparing it with
 * the certificate measured, forgetting one line; and "Connect now"'s
 * command lines and exit codes. */
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rd-cause.h"
#include "rd-check.h"
#include "rd-check-client.h"
#include "rd-forget-certificate.h"
#include "rd-known-hosts.h"
#include "rd-launch.h"
#include "rd-unit-util.h"

#define FP_A "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99"
#define FP_A_UPPER "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"
#define FP_B "01:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99"

/* As FreeRDP 2 writes it: host port fingerprint subject issuer, a comment
 * and a line of another port in between, CRLF and a last line without one. */
static const char sample[] =
  "# known hosts\n"
  "pc.example.com 3389 " FP_A " Q049cGM= Q049cGM=\n"
  "\n"
  "pc.example.com 3390 " FP_B " Q049cGM= Q049cGM=\r\n"
  "broken line\n"
  "192.0.2.7 3389 " FP_B " Q049eA== Q049eA==";

static void
test_parse (void)
{
  g_autoptr(GPtrArray) entries = rd_known_hosts_parse ((const guint8 *) sample, strlen (sample));
  const RdKnownHost *entry;

  g_assert_cmpuint (entries->len, ==, 3);
  entry = rd_known_hosts_find (entries, "PC.Example.com", 3389);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->fingerprint, ==, FP_A);
  entry = rd_known_hosts_find (entries, "pc.example.com", 3390);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->fingerprint, ==, FP_B);
  g_assert_cmpuint (entry->end - entry->start, ==, strlen ("pc.example.com 3390 " FP_B " Q049cGM= Q049cGM=\r\n"));
  entry = rd_known_hosts_find (entries, "192.0.2.7", 3389);
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->end, ==, strlen (sample));
  g_assert_null (rd_known_hosts_find (entries, "pc", 3389));
  g_assert_null (rd_known_hosts_find (entries, "pc.example", 3389));
  g_assert_null (rd_known_hosts_find (entries, "192.0.2.7", 3390));
}

static void
test_parse_odd (void)
{
  static const char *const bad[] = {
    "",
    "host",
    "host 3389",
    "host 3389 " FP_A,
    "host 3389 " FP_A " subject",      /* no issuer */
    "host  3389 " FP_A " s i",         /* two spaces: an empty port */
    "host 99999 " FP_A " s i",         /* no port */
    "host x " FP_A " s i",
    "  # host 3389 " FP_A " s i",
    "ho\0st 3389 " FP_A " s i",
  };
  gsize lengths[G_N_ELEMENTS (bad)];

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    lengths[i] = strlen (bad[i]);
  /* "ho", the NUL, then the rest: the whole literal, not a byte beyond. */
  lengths[G_N_ELEMENTS (bad) - 1] = strlen ("ho") + 1 + strlen ("st 3389 " FP_A " s i");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) entries = rd_known_hosts_parse ((const guint8 *) bad[i], lengths[i]);

      g_assert_cmpuint (entries->len, ==, 0);
    }

  /* A tab separates too, and the port is read as FreeRDP's "%hu" reads it. */
  {
    const char *text = "host\t3389x\t" FP_A "\ts\ti";
    g_autoptr(GPtrArray) entries = rd_known_hosts_parse ((const guint8 *) text, strlen (text));

    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_nonnull (rd_known_hosts_find (entries, "HOST", 3389));
  }
}

/* Remmina 1.4 has FreeRDP key an entry off port 3389 by "host:port". */
static void
test_remmina_key (void)
{
  const char *text = "127.0.0.1:3390 3390 " FP_A " Q049cGM= Q049cGM=\n"
                     "127.0.0.1:3391 3390 " FP_B " Q049cGM= Q049cGM=\n"
                     "pc 3389 " FP_B " Q049cGM= Q049cGM=\n";
  g_autoptr(GPtrArray) entries = rd_known_hosts_parse ((const guint8 *) text, strlen (text));
  g_autoptr(GBytes) rest = NULL;
  const RdKnownHost *entry = rd_known_hosts_find (entries, "127.0.0.1", 3390);
  guint removed = 0;

  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->fingerprint, ==, FP_A);
  g_assert_null (rd_known_hosts_find (entries, "127.0.0.1", 3391));
  g_assert_null (rd_known_hosts_find (entries, "127.0.0", 3390));
  rest = rd_known_hosts_without ((const guint8 *) text, strlen (text), "127.0.0.1", 3390, &removed);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (rest), ==, strlen (text) - (entry->end - entry->start));
}

static void
test_same_fingerprint (void)
{
  g_assert_true (rd_known_hosts_same_fingerprint (FP_A, FP_A_UPPER));
  g_assert_true (rd_known_hosts_same_fingerprint (FP_A, "AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899"));
  g_assert_false (rd_known_hosts_same_fingerprint (FP_A, FP_B));
  /* A SHA-1 of an old file is not the SHA-256 measured. */
  g_assert_false (rd_known_hosts_same_fingerprint ("aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd", FP_A));
  g_assert_false (rd_known_hosts_same_fingerprint ("", ""));
  g_assert_false (rd_known_hosts_same_fingerprint ("zz", "zz"));
  g_assert_false (rd_known_hosts_same_fingerprint (NULL, FP_A));
}

static void
test_without (void)
{
  guint removed = 0;
  g_autoptr(GBytes) rest = rd_known_hosts_without ((const guint8 *) sample, strlen (sample),
                                                   "PC.example.com", 3389, &removed);
  g_autofree char *expected = g_strconcat ("# known hosts\n", "\n",
                                           "pc.example.com 3390 " FP_B " Q049cGM= Q049cGM=\r\n",
                                           "broken line\n",
                                           "192.0.2.7 3389 " FP_B " Q049eA== Q049eA==", NULL);

  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (rest, NULL), g_bytes_get_size (rest), expected, strlen (expected));

  g_clear_pointer (&rest, g_bytes_unref);
  rest = rd_known_hosts_without ((const guint8 *) sample, strlen (sample), "192.0.2.7", 3389, &removed);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (rest), ==, strlen (sample) - strlen ("192.0.2.7 3389 " FP_B " Q049eA== Q049eA=="));

  g_clear_pointer (&rest, g_bytes_unref);
  rest = rd_known_hosts_without ((const guint8 *) sample, strlen (sample), "other", 3389, &removed);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpmem (g_bytes_get_data (rest, NULL), g_bytes_get_size (rest), sample, strlen (sample));
}

static void
test_forget_file (void)
{
  g_autofree char *dir = rd_test_make_tmp_dir ("rd-known-hosts-XXXXXX");
  g_autofree char *real = g_build_filename (dir, "real_known_hosts2", NULL);
  g_autofree char *link = g_build_filename (dir, "known_hosts2", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  guint removed = 0;
  GStatBuf buf;

  g_assert_true (g_file_set_contents (real, sample, -1, NULL));
  g_assert_cmpint (symlink ("real_known_hosts2", link), ==, 0);

  g_assert_true (rd_forget_certificate (link, "pc.example.com", 3389, &backup, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  /* The link is still a link, its file lost one line, the copy is whole. */
  g_assert_cmpint (g_lstat (link, &buf), ==, 0);
  g_assert_true (S_ISLNK (buf.st_mode));
  g_assert_nonnull (backup);
  g_assert_true (g_str_has_prefix (backup, real));
  g_assert_true (g_file_get_contents (backup, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, sample);
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_null (strstr (contents, FP_A));
  g_assert_cmpuint (strlen (contents), ==, strlen (sample) - strlen ("pc.example.com 3389 " FP_A " Q049cGM= Q049cGM=\n"));

  /* Nothing to forget: nothing written, no copy. */
  {
    g_autofree char *none = NULL;

    g_assert_true (rd_forget_certificate (link, "pc.example.com", 3389, &none, &removed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (removed, ==, 0);
    g_assert_null (none);
  }

  /* Undo puts every byte back. */
  g_assert_true (rd_forget_certificate_undo (link, backup, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, sample);
  g_assert_cmpint (g_lstat (link, &buf), ==, 0);
  g_assert_true (S_ISLNK (buf.st_mode));

  rd_test_remove_tree (dir);
}

static void
test_read_not_regular (void)
{
  g_autofree char *dir = rd_test_make_tmp_dir ("rd-known-hosts-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "known_hosts2", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* Returns at once: opened without waiting for a writer. */
  data = rd_known_hosts_read (fifo, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  data = rd_known_hosts_read (dir, &error);
  g_assert_null (data);
  g_assert_nonnull (error);
  g_clear_error (&error);
  data = rd_known_hosts_read (missing, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A file larger than the limit is not read. */
  {
    g_autofree char *large = g_build_filename (dir, "large", NULL);
    g_autofree char *text = g_malloc0 (RD_KNOWN_HOSTS_MAX_SIZE + 2);

    memset (text, '#', RD_KNOWN_HOSTS_MAX_SIZE + 1);
    g_assert_true (g_file_set_contents (large, text, -1, NULL));
    data = rd_known_hosts_read (large, &error);
    g_assert_null (data);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  }
  rd_test_remove_tree (dir);
}

static void
test_paths (void)
{
  g_auto(GStrv) paths = NULL;

  g_setenv ("XDG_CONFIG_HOME", "/x/config", TRUE);
  g_setenv ("HOME", "/x/home", TRUE);
  paths = rd_known_hosts_paths ();
  g_assert_cmpstr (paths[0], ==, "/x/config/freerdp/known_hosts2");
  g_assert_cmpstr (paths[1], ==, "/x/home/.var/app/org.remmina.Remmina/config/freerdp/known_hosts2");
  g_strfreev (paths);

  /* Empty counts as unset (XDG Base Directory). */
  g_setenv ("XDG_CONFIG_HOME", "", TRUE);
  paths = rd_known_hosts_paths ();
  g_assert_cmpstr (paths[0], ==, "/x/home/.config/freerdp/known_hosts2");
}

static void
test_diagnosis (void)
{
  g_autoptr(GPtrArray) differ =
    rd_test_diagnose ("pc.example.com",
                      rd_test_finding_new ("client", RD_STATUS_WARN,
                                           "{\"remembered\": true, \"same_certificate\": false}"),
                      NULL);
  g_autoptr(GPtrArray) same =
    rd_test_diagnose ("pc.example.com",
                      rd_test_finding_new ("client", RD_STATUS_PASS,
                                           "{\"remembered\": true, \"same_certificate\": true}"),
                      NULL);
  g_autoptr(GPtrArray) none =
    rd_test_diagnose ("pc.example.com", rd_test_finding_new ("client", RD_STATUS_PASS, "{\"remembered\": false}"), NULL);
  RdCause *cause = rd_causes_find (differ, RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE);

  g_assert_nonnull (cause);
  g_assert_cmpint (cause->severity, ==, RD_SEVERITY_WARNING);
  g_assert_cmpstr (rd_cause_id_to_string (cause->id), ==, "client-remembers-old-certificate");
  g_assert_cmpuint (cause->remedies->len, >=, 1);
  {
    RdRemedy *remedy = g_ptr_array_index (cause->remedies, 0);

    g_assert_cmpstr (remedy->id, ==, "client-forget-certificate");
    g_assert_cmpstr (remedy->action, ==, "forget-certificate");
    g_assert_cmpint (remedy->side, ==, RD_SIDE_CLIENT);
  }
  g_assert_null (rd_causes_find (same, RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE));
  g_assert_null (rd_causes_find (none, RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE));
}

static void
test_launch_argv (void)
{
  RdLaunchSettings remmina = { RD_LAUNCH_REMMINA, NULL, "/home/u/.local/share/remmina/pc.remmina", "pc", 3389, 0 };
  RdLaunchSettings connections = { RD_LAUNCH_CONNECTIONS, "/usr/bin/gnome-connections", NULL, "2001:db8::7", 3390, 0 };
  RdLaunchSettings xfreerdp = { RD_LAUNCH_XFREERDP, NULL, NULL, "192.0.2.7", 3389,
                                RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY | RD_WORKAROUND_TLS_LEGACY };
  RdLaunchSettings uri = { RD_LAUNCH_REMMINA, NULL, NULL, "pc", 3390, 0 };
  RdLaunchSettings nothing = { RD_LAUNCH_XFREERDP, NULL, NULL, NULL, 3389, 0 };
  g_auto(GStrv) a = rd_launch_build_argv (&remmina);
  g_auto(GStrv) b = rd_launch_build_argv (&connections);
  g_auto(GStrv) c = rd_launch_build_argv (&xfreerdp);
  const char *const want_a[] = { "remmina", "-c", "/home/u/.local/share/remmina/pc.remmina", NULL };
  const char *const want_b[] = { "/usr/bin/gnome-connections", "rdp://[2001:db8::7]:3390", NULL };
  const char *const want_c[] = { "xfreerdp", "/v:192.0.2.7:3389", "/sec:tls", "/tls-seclevel:0", NULL };

  g_assert_true (g_strv_equal ((const char *const *) a, want_a));
  g_assert_true (g_strv_equal ((const char *const *) b, want_b));
  g_assert_true (g_strv_equal ((const char *const *) c, want_c));
  {
    g_auto(GStrv) d = rd_launch_build_argv (&uri);
    const char *const want_d[] = { "remmina", "-c", "rdp://pc:3390", NULL };

    g_assert_true (g_strv_equal ((const char *const *) d, want_d));
  }
  g_assert_null (rd_launch_build_argv (&nothing));
}

static void
test_launch_choose (void)
{
  g_autofree char *dir = rd_test_make_tmp_dir ("rd-launch-XXXXXX");
  g_autofree char *remmina = g_build_filename (dir, "remmina", NULL);
  g_autofree char *xfreerdp = g_build_filename (dir, "xfreerdp", NULL);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *program = NULL;
  const char *missing = NULL;
  RdLaunchApp app;

  g_setenv ("PATH", dir, TRUE);
  g_assert_false (rd_launch_choose ("/p/pc.remmina", NULL, &app, &program, &missing));
  g_assert_cmpstr (missing, ==, "Remmina");
  missing = "x";
  g_assert_false (rd_launch_choose (NULL, NULL, &app, &program, &missing));
  g_assert_null (missing);

  g_assert_true (g_file_set_contents (xfreerdp, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (xfreerdp, 0755), ==, 0);
  /* Only Remmina opens a Remmina profile. */
  g_assert_false (rd_launch_choose ("/p/pc.remmina", NULL, &app, &program, NULL));
  g_assert_true (rd_launch_choose ("/p/pc.rdp", NULL, &app, &program, NULL));
  g_assert_cmpint (app, ==, RD_LAUNCH_XFREERDP);
  g_assert_cmpstr (program, ==, xfreerdp);
  g_clear_pointer (&program, g_free);

  g_assert_true (g_file_set_contents (remmina, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (remmina, 0755), ==, 0);
  g_assert_true (rd_launch_choose (NULL, NULL, &app, &program, NULL));
  g_assert_cmpint (app, ==, RD_LAUNCH_REMMINA);
  g_clear_pointer (&program, g_free);
  g_assert_true (rd_launch_choose ("/p/pc.remmina", NULL, &app, &program, NULL));
  g_assert_cmpint (app, ==, RD_LAUNCH_REMMINA);
  g_clear_pointer (&program, g_free);

  /* A connection saved in Connections opens there, when it is installed. */
  g_assert_true (rd_launch_choose (NULL, "gnome-connections", &app, &program, NULL));
  g_assert_cmpint (app, ==, RD_LAUNCH_REMMINA);
  g_clear_pointer (&program, g_free);
  {
    g_autofree char *connections = g_build_filename (dir, "gnome-connections", NULL);

    g_assert_true (g_file_set_contents (connections, "#!/bin/sh\n", -1, NULL));
    g_assert_cmpint (g_chmod (connections, 0755), ==, 0);
    g_assert_true (rd_launch_choose (NULL, "gnome-connections", &app, &program, NULL));
    g_assert_cmpint (app, ==, RD_LAUNCH_CONNECTIONS);
    g_clear_pointer (&program, g_free);
    g_assert_true (rd_launch_choose ("/p/pc.remmina", "gnome-connections", &app, &program, NULL));
    g_assert_cmpint (app, ==, RD_LAUNCH_REMMINA);
    g_unlink (connections);
  }

  g_setenv ("PATH", old_path, TRUE);
  rd_test_remove_tree (dir);
}

static void
test_launch_exit (void)
{
  g_autofree char *closed = rd_launch_describe_exit (RD_LAUNCH_REMMINA, 0);
  g_autofree char *failed = rd_launch_describe_exit (RD_LAUNCH_XFREERDP, 131 << 8);
  g_autofree char *auth = rd_launch_describe_exit (RD_LAUNCH_XFREERDP, 132 << 8);
  g_autofree char *unknown = rd_launch_describe_exit (RD_LAUNCH_XFREERDP, 200 << 8);

  g_assert_true (WIFEXITED (131 << 8) && WEXITSTATUS (131 << 8) == 131);
  g_assert_cmpstr (closed, ==, "Remmina closed (exit 0).");
  g_assert_cmpstr (failed, ==, "FreeRDP could not connect: no connection could be made (exit 131).");
  g_assert_cmpstr (auth, ==, "FreeRDP could not connect: the sign-in failed (exit 132).");
  g_assert_cmpstr (unknown, ==, "FreeRDP could not connect (exit 200).");
  g_assert_cmpstr (rd_launch_freerdp_reason (159), ==, "no user name or password was given");
  g_assert_null (rd_launch_freerdp_reason (6));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/known-hosts/parse", test_parse);
  g_test_add_func ("/known-hosts/parse-odd", test_parse_odd);
  g_test_add_func ("/known-hosts/remmina-key", test_remmina_key);
  g_test_add_func ("/known-hosts/same-fingerprint", test_same_fingerprint);
  g_test_add_func ("/known-hosts/without", test_without);
  g_test_add_func ("/known-hosts/forget-file", test_forget_file);
  g_test_add_func ("/known-hosts/read-not-regular", test_read_not_regular);
  g_test_add_func ("/known-hosts/paths", test_paths);
  g_test_add_func ("/known-hosts/diagnosis", test_diagnosis);
  g_test_add_func ("/launch/argv", test_launch_argv);
  g_test_add_func ("/launch/choose", test_launch_choose);
  g_test_add_func ("/launch/exit", test_launch_exit);

  return g_test_run ();
}
