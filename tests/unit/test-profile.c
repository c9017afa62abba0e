/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "rd-profile.h"
#include "rd-profile-private.h"
#include "rd-rdp-file.h"
#include "rd-unit-util.h"

/*
 * Golden files in golden/ were written by hand (a Python one-off), not by
 * this code. What they encode, and where it comes from:
 * - .rdp "authentication level": 0 connect without warning, 1 do not
 *   connect, 2 warn and let the person choose (Microsoft, "authentication
 *   level" RDP setting, Windows Server 2008 R2 docs;
 *   IMsRdpClientAdvancedSettings4::AuthenticationLevel).
 * - No .rdp setting turns UDP off: the Windows client does it with the
 *   policy "Turn Off UDP On Client" (fClientDisableUDP).
 * - Remmina: key "security" is "" / nla / tls / rdp / ext, "multitransport"
 *   enables UDP (FreeRDP/Remmina plugins/rdp/rdp_plugin.c, security_list and
 *   remmina_rdp_main); "server" takes [v6]:port
 *   (remmina_public_get_server_port).
 * - xfreerdp 2.x: /v:<server>[:port] with [v6], /sec:rdp|tls|nla|ext,
 *   multitransport a +/- toggle, off by default
 *   (FreeRDP client/common/cmdline.c, 2.0).
 */

static GBytes *
golden (const char *name)
{
  g_autofree char *path = g_build_filename (RD_TEST_GOLDEN_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static void
assert_bytes_equal (GBytes *actual,
                    GBytes *expected)
{
  gsize actual_length = 0, expected_length = 0;
  const guint8 *a = g_bytes_get_data (actual, &actual_length);
  const guint8 *e = g_bytes_get_data (expected, &expected_length);

  g_assert_cmpmem (a, actual_length, e, expected_length);
}

static RdTarget *
target (const char *input)
{
  g_autoptr(GError) error = NULL;
  RdTarget *result = rd_target_parse (input, &error);

  g_assert_no_error (error);
  return result;
}

static void
check_rdp (const char    *input,
           const char    *address,
           RdWorkarounds  workarounds,
           const char    *existing_name,
           const char    *golden_name)
{
  g_autoptr(RdTarget) t = target (input);
  RdProfileSettings settings = { t, address, 0, workarounds };
  g_autoptr(GBytes) existing = existing_name != NULL ? golden (existing_name) : NULL;
  g_autoptr(GBytes) expected = golden (golden_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) actual = rd_profile_build_rdp (&settings, existing, &error);

  g_assert_no_error (error);
  assert_bytes_equal (actual, expected);
}

static void
test_rdp_new (void)
{
  check_rdp ("pc01.example.com", NULL, 0, NULL, "name.rdp");
  check_rdp ("pc01.example.com", "192.0.2.15", RD_WORKAROUND_USE_ADDRESS, NULL, "ip.rdp");
  check_rdp ("pc01.example.com:3390", NULL, RD_WORKAROUND_TLS_NOT_NLA, NULL, "tls.rdp");
  /* TCP only and old encryption have no .rdp setting: the file is the
   * same without them. */
  check_rdp ("pc01.example.com:3390", "2001:db8::5",
             RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY |
             RD_WORKAROUND_TLS_LEGACY,
             NULL, "ipv6-tls.rdp");
}

static void
test_rdp_new_is_windows_format (void)
{
  g_autoptr(GBytes) bytes = golden ("tls.rdp");
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autoptr(RdRdpFile) file = rd_rdp_file_parse (data, length, NULL);

  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint (data[0], ==, 0xFF);
  g_assert_cmpint (data[1], ==, 0xFE);
  g_assert_nonnull (file);
  g_assert_cmpint (rd_rdp_file_get_encoding (file), ==, RD_RDP_FILE_ENCODING_UTF16LE);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "pc01.example.com:3390");
  /* CR LF, as UTF-16LE: 0D 00 0A 00 at the very end. */
  g_assert_cmpmem (data + length - 4, 4, "\r\0\n\0", 4);
}

static void
test_rdp_update (void)
{
  /* Windows' own file: every other line kept, in order, same encoding. */
  check_rdp ("pc01.example.com", "192.0.2.15",
             RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA, "windows.rdp", "windows-ip-tls.rdp");
  /* UTF-8 with BOM, a line that is no setting, server port and alternate
   * full address (kept in their spelling, updated), a binary value. */
  check_rdp ("[2001:db8::5]:3390", NULL, RD_WORKAROUND_TLS_NOT_NLA, "other.rdp", "other-port-tls.rdp");
}

static void
test_rdp_update_unchanged_round_trip (void)
{
  /* Setting what is already there gives back the same bytes. */
  check_rdp ("pc01.example.com", NULL, 0, "windows.rdp", "windows.rdp");
}

static void
test_rdp_bad_existing (void)
{
  g_autoptr(RdTarget) t = target ("pc01");
  RdProfileSettings settings = { t, NULL, 0, 0 };
  static const guint8 junk[] = { 0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00 };
  g_autoptr(GBytes) existing = g_bytes_new_static (junk, sizeof junk);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rd_profile_build_rdp (&settings, existing, &error);

  g_assert_null (bytes);
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID);
}

static void
test_no_address (void)
{
  g_autoptr(RdTarget) t = target ("pc01");
  RdProfileSettings settings = { t, NULL, 0, RD_WORKAROUND_USE_ADDRESS };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rd_profile_build_rdp (&settings, NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NO_ADDRESS);
  g_clear_error (&error);

  settings.address = "pc01.example.com";
  g_assert_null (rd_profile_build_remmina (&settings, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NO_ADDRESS);
}

static void
check_remmina (const char    *input,
               const char    *address,
               RdWorkarounds  workarounds,
               const char    *existing_name,
               const char    *golden_name)
{
  g_autoptr(RdTarget) t = target (input);
  RdProfileSettings settings = { t, address, 0, workarounds };
  g_autoptr(GBytes) existing = existing_name != NULL ? golden (existing_name) : NULL;
  g_autoptr(GBytes) expected = golden (golden_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) actual = rd_profile_build_remmina (&settings, existing, &error);

  g_assert_no_error (error);
  assert_bytes_equal (actual, expected);
}

static void
test_remmina (void)
{
  check_remmina ("pc01.example.com", "192.0.2.15",
                 RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA, NULL, "ip-tls.remmina");
  check_remmina ("pc01.example.com:3390", NULL, RD_WORKAROUND_TCP_ONLY, NULL, "tcp.remmina");
  /* Remmina's "TLS Security Level" (Advanced tab): 0 lets OpenSSL 3 speak
   * TLS 1.0 and accept SHA-1 and short keys. */
  check_remmina ("pc01.example.com", NULL, RD_WORKAROUND_TLS_LEGACY, NULL, "tls-legacy.remmina");
  /* Comments, the other group, the name and the saved password stay. */
  check_remmina ("pc01.example.com", "2001:db8::5",
                 RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY,
                 "existing.remmina", "existing-ip-tls-tcp.remmina");
}

static void
test_remmina_other_protocol (void)
{
  static const char vnc[] = "[remmina]\nprotocol=VNC\nserver=pc01\n";
  g_autoptr(RdTarget) t = target ("pc01");
  RdProfileSettings settings = { t, NULL, 0, 0 };
  g_autoptr(GBytes) existing = g_bytes_new_static (vnc, strlen (vnc));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rd_profile_build_remmina (&settings, existing, &error);

  g_assert_null (bytes);
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID);
  g_clear_error (&error);

  existing = (g_bytes_unref (existing), g_bytes_new_static ("no = group", 10));
  g_assert_null (rd_profile_build_remmina (&settings, existing, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID);
}

static void
check_command (const char    *input,
               const char    *address,
               RdWorkarounds  workarounds,
               const char    *expected)
{
  g_autoptr(RdTarget) t = target (input);
  RdProfileSettings settings = { t, address, 0, workarounds };
  g_autofree char *command = rd_profile_build_xfreerdp_command (&settings);

  g_assert_cmpstr (command, ==, expected);
}

static void
test_xfreerdp (void)
{
  check_command ("pc01.example.com", NULL, 0, "xfreerdp /v:pc01.example.com");
  check_command ("pc01.example.com:3390", "192.0.2.15",
                 RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA,
                 "xfreerdp /v:192.0.2.15:3390 /sec:tls");
  check_command ("pc01.example.com", NULL, RD_WORKAROUND_TCP_ONLY,
                 "xfreerdp /v:pc01.example.com -multitransport");
  /* FreeRDP 2: "/tls-seclevel:<level> TLS security level - defaults to 1" */
  check_command ("pc01.example.com", NULL, RD_WORKAROUND_TLS_LEGACY,
                 "xfreerdp /v:pc01.example.com /tls-seclevel:0");
  /* Brackets are glob characters in a shell: quoted. */
  check_command ("[2001:db8::5]:3390", NULL, RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY,
                 "xfreerdp '/v:[2001:db8::5]:3390' /sec:tls -multitransport");
}

static void
test_xfreerdp_from_rdp_file (void)
{
  /* A target from a .rdp file carrying a user name: never in the command. */
  static const char data[] = "full address:s:pc01.example.com\r\nusername:s:EXAMPLE\\alice\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) t = rd_target_new_from_rdp_data (data, strlen (data), &error);
  RdProfileSettings settings = { t, NULL, 0, RD_WORKAROUND_TLS_NOT_NLA };
  g_autofree char *command = NULL;

  g_assert_no_error (error);
  command = rd_profile_build_xfreerdp_command (&settings);
  g_assert_null (strstr (command, "alice"));
  g_assert_null (strstr (command, "/u:"));
  g_assert_null (strstr (command, "/p:"));
}

static void
test_format_for_path (void)
{
  g_assert_cmpint (rd_profile_format_for_path ("/home/a/Office.rdp"), ==, RD_PROFILE_FORMAT_RDP);
  g_assert_cmpint (rd_profile_format_for_path ("Office.RDP"), ==, RD_PROFILE_FORMAT_RDP);
  g_assert_cmpint (rd_profile_format_for_path ("x/Office.remmina"), ==, RD_PROFILE_FORMAT_REMMINA);
  g_assert_cmpint (rd_profile_format_for_path ("Office.txt"), ==, RD_PROFILE_FORMAT_UNKNOWN);
  g_assert_cmpint (rd_profile_format_for_path (".rdp"), ==, RD_PROFILE_FORMAT_UNKNOWN);
  g_assert_cmpint (rd_profile_format_for_path ("rdp"), ==, RD_PROFILE_FORMAT_UNKNOWN);
  g_assert_cmpint (rd_profile_format_for_path ("a.rdp/b"), ==, RD_PROFILE_FORMAT_UNKNOWN);
}

/* ---- writing files ----------------------------------------------------- */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = rd_test_make_tmp_dir ("rd-profile-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_write_new (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new.rdp", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("abc", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;

  g_assert_true (rd_profile_write_file (path, contents, &backup, &error));
  g_assert_no_error (error);
  g_assert_null (backup);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "abc");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_write_backups (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "office.remmina", NULL);
  g_autofree char *bak = g_strconcat (path, ".bak", NULL);
  g_autofree char *bak1 = g_strconcat (path, ".bak.1", NULL);
  g_autofree char *bak2 = g_strconcat (path, ".bak.2", NULL);
  g_autoptr(GBytes) second = g_bytes_new_static ("second", 6);
  g_autoptr(GBytes) third = g_bytes_new_static ("third", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;

  write_text (path, "first");
  /* Someone's own backup is never overwritten. */
  write_text (bak, "precious");

  g_assert_true (rd_profile_write_file (path, second, &backup, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (backup, ==, bak1);
  g_clear_pointer (&backup, g_free);

  g_assert_true (rd_profile_write_file (path, third, &backup, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (backup, ==, bak2);

  text = read_text (path);
  g_assert_cmpstr (text, ==, "third");
  g_free (text);
  text = read_text (bak);
  g_assert_cmpstr (text, ==, "precious");
  g_free (text);
  text = read_text (bak1);
  g_assert_cmpstr (text, ==, "first");
  g_free (text);
  text = read_text (bak2);
  g_assert_cmpstr (text, ==, "second");
}

static void
test_write_no_parent (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "missing", "office.rdp", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("abc", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;

  g_assert_false (rd_profile_write_file (path, contents, &backup, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_WRITE_FAILED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (backup);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static GPtrArray *
list_dir (const char *path)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  return names;
}

/* A failed write that works as root too: a name so long that PATH.bak still
 * fits the 255-byte limit of a file name but the temporary file that the
 * atomic replace writes next to it (PATH.XXXXXX) does not. */
static void
test_write_fails_old_file_intact (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;
  long name_max = pathconf (fixture->dir, _PC_NAME_MAX);

  if (name_max != 255)
    {
      g_test_skip ("the file system's name limit is not 255 bytes");
      return;
    }

  name = g_strnfill (249 - 4, 'x');
  path = g_strconcat (fixture->dir, "/", name, ".rdp", NULL);
  {
    /* Not g_file_set_contents(): it would need the same temporary name. */
    FILE *file = g_fopen (path, "w");

    g_assert_nonnull (file);
    g_assert_cmpint (fputs ("old", file), >=, 0);
    g_assert_cmpint (fclose (file), ==, 0);
  }

  g_assert_false (rd_profile_write_file (path, contents, &backup, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_WRITE_FAILED);
  g_assert_null (backup);

  text = read_text (path);
  g_assert_cmpstr (text, ==, "old");
  /* Nothing left behind: no temporary file, and no copy of an old file
   * that is still there. */
  names = list_dir (fixture->dir);
  g_assert_cmpuint (names->len, ==, 1);
}

static void
test_write_read_only_dir (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "office.rdp", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("permissions do not stop root");
      return;
    }

  write_text (path, "old");
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);

  g_assert_false (rd_profile_write_file (path, contents, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_BACKUP_FAILED);

  g_chmod (fixture->dir, 0700);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "old");
}

static void
test_save_update (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "office.rdp", NULL);
  g_autoptr(GBytes) original = golden ("windows.rdp");
  g_autoptr(GBytes) expected = golden ("windows-ip-tls.rdp");
  g_autoptr(RdTarget) t = target ("pc01.example.com");
  RdProfileSettings settings = { t, "192.0.2.15", 0, RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA };
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) kept = NULL;
  char *data_out = NULL;
  gsize length = 0;

  g_file_set_contents (path, g_bytes_get_data (original, NULL), g_bytes_get_size (original), &error);
  g_assert_no_error (error);

  g_assert_true (rd_profile_save (&settings, path, &backup, &error));
  g_assert_no_error (error);
  g_assert_nonnull (backup);

  g_file_get_contents (path, &data_out, &length, &error);
  g_assert_no_error (error);
  written = g_bytes_new_take (data_out, length);
  assert_bytes_equal (written, expected);

  g_file_get_contents (backup, &data_out, &length, &error);
  g_assert_no_error (error);
  kept = g_bytes_new_take (data_out, length);
  assert_bytes_equal (kept, original);
}

static void
test_save_new_remmina (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "office.remmina", NULL);
  g_autoptr(RdTarget) t = target ("pc01.example.com:3390");
  RdProfileSettings settings = { t, NULL, 0, RD_WORKAROUND_TCP_ONLY };
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) expected = golden ("tcp.remmina");

  g_assert_true (rd_profile_save (&settings, path, &backup, &error));
  g_assert_no_error (error);
  g_assert_null (backup);
  text = read_text (path);
  g_assert_cmpmem (text, strlen (text), g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_save_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RdTarget) t = target ("pc01");
  RdProfileSettings settings = { t, NULL, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *txt = g_build_filename (fixture->dir, "office.txt", NULL);
  g_autofree char *dir_rdp = g_build_filename (fixture->dir, "folder.rdp", NULL);
  g_autofree char *big = g_build_filename (fixture->dir, "big.rdp", NULL);
  g_autofree char *junk = g_build_filename (fixture->dir, "junk.rdp", NULL);
  g_autofree char *filler = g_strnfill (RD_RDP_FILE_MAX_SIZE + 1, 'a');
  g_autofree char *text = NULL;

  g_assert_false (rd_profile_save (&settings, txt, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_UNKNOWN_FORMAT);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (dir_rdp, 0700), ==, 0);
  g_assert_false (rd_profile_save (&settings, dir_rdp, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_UNREADABLE);
  g_clear_error (&error);

  write_text (big, filler);
  g_assert_false (rd_profile_save (&settings, big, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_TOO_LARGE);
  g_clear_error (&error);

  /* Not a .rdp file: refused, and left alone. */
  g_file_set_contents (junk, "a\0b", 3, NULL);
  g_assert_false (rd_profile_save (&settings, junk, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID);
  g_assert_true (g_file_test (junk, G_FILE_TEST_EXISTS));
  {
    g_autofree char *bak = g_strconcat (junk, ".bak", NULL);
    g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/rdp/new", test_rdp_new);
  g_test_add_func ("/profile/rdp/windows-format", test_rdp_new_is_windows_format);
  g_test_add_func ("/profile/rdp/update", test_rdp_update);
  g_test_add_func ("/profile/rdp/round-trip", test_rdp_update_unchanged_round_trip);
  g_test_add_func ("/profile/rdp/bad-existing", test_rdp_bad_existing);
  g_test_add_func ("/profile/no-address", test_no_address);
  g_test_add_func ("/profile/remmina/build", test_remmina);
  g_test_add_func ("/profile/remmina/refused", test_remmina_other_protocol);
  g_test_add_func ("/profile/xfreerdp", test_xfreerdp);
  g_test_add_func ("/profile/xfreerdp/no-credentials", test_xfreerdp_from_rdp_file);
  g_test_add_func ("/profile/format-for-path", test_format_for_path);
  g_test_add ("/profile/write/new", Fixture, NULL, fixture_set_up, test_write_new, fixture_tear_down);
  g_test_add ("/profile/write/backups", Fixture, NULL, fixture_set_up, test_write_backups, fixture_tear_down);
  g_test_add ("/profile/write/no-parent", Fixture, NULL, fixture_set_up, test_write_no_parent, fixture_tear_down);
  g_test_add ("/profile/write/fails-old-intact", Fixture, NULL, fixture_set_up,
              test_write_fails_old_file_intact, fixture_tear_down);
  g_test_add ("/profile/write/read-only-dir", Fixture, NULL, fixture_set_up,
              test_write_read_only_dir, fixture_tear_down);
  g_test_add ("/profile/save/update", Fixture, NULL, fixture_set_up, test_save_update, fixture_tear_down);
  g_test_add ("/profile/save/new-remmina", Fixture, NULL, fixture_set_up, test_save_new_remmina, fixture_tear_down);
  g_test_add ("/profile/save/errors", Fixture, NULL, fixture_set_up, test_save_errors, fixture_tear_down);

  return g_test_run ();
}
