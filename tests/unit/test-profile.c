/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
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
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static GBytes *
golden (const char *name)
{
  g_autofree char *path = g_build_filename (RD_TEST_GOLDEN_DIR, name, NULL);

  return read_bytes (path);
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

/* A name so long that PATH.bak just fits the 255-byte limit of a file
 * name: the temporary files have short names of their own, so it works,
 * and nothing is left behind. */
static void
test_write_long_name (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;

  name = g_strnfill (249 - 4, 'x');
  path = g_strconcat (fixture->dir, "/", name, ".rdp", NULL);
  {
    /* Not g_file_set_contents(): its temporary name would not fit. */
    FILE *file = g_fopen (path, "w");

    g_assert_nonnull (file);
    g_assert_cmpint (fputs ("old", file), >=, 0);
    g_assert_cmpint (fclose (file), ==, 0);
  }

  g_assert_true (rd_profile_write_file (path, contents, &backup, &error));
  g_assert_no_error (error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "new");
  g_free (text);
  text = read_text (backup);
  g_assert_cmpstr (text, ==, "old");
  names = list_dir (fixture->dir);
  g_assert_cmpuint (names->len, ==, 2);
}

/* A FIFO is refused at once, before and while writing: never opened for
 * a blocking read or write. alarm() turns a hang into a failure. */
static void
test_write_fifo (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "pipe.rdp", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(RdTarget) t = target ("pc01");
  RdProfileSettings settings = { t, NULL, 0, RD_WORKAROUND_TLS_NOT_NLA };
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  alarm (10);
  g_assert_false (rd_profile_check_destination (path, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_assert_false (rd_profile_write_file (path, contents, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_assert_false (rd_profile_save (&settings, path, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_assert_false (rd_profile_undo (path, NULL, &error));
  g_assert_nonnull (error);
  alarm (0);

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
}

/* A link into another folder stays a link; the file it names is updated,
 * with its copy beside it, and its mode kept. */
static void
test_write_symlink (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *real_dir = g_build_filename (fixture->dir, "real", NULL);
  g_autofree char *link_dir = g_build_filename (fixture->dir, "links", NULL);
  g_autofree char *real = g_build_filename (real_dir, "office.rdp", NULL);
  g_autofree char *real_bak = g_strconcat (real, ".bak", NULL);
  g_autofree char *link = g_build_filename (link_dir, "office.rdp", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;
  g_autofree char *restored = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (link_dir, 0700), ==, 0);
  write_text (real, "old");
  g_assert_cmpint (g_chmod (real, 0640), ==, 0);
  g_assert_cmpint (symlink ("../real/office.rdp", link), ==, 0);

  g_assert_true (rd_profile_check_destination (link, &error));
  g_assert_true (rd_profile_write_file (link, contents, &backup, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (backup, ==, real_bak);

  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (real, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  text = read_text (real);
  g_assert_cmpstr (text, ==, "new");
  g_free (text);
  text = read_text (real_bak);
  g_assert_cmpstr (text, ==, "old");
  g_free (text);
  names = list_dir (link_dir);
  g_assert_cmpuint (names->len, ==, 1);

  /* Undo through the link too. */
  g_assert_true (rd_profile_undo (link, &restored, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (restored, ==, real_bak);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  text = read_text (real);
  g_assert_cmpstr (text, ==, "old");
  g_assert_false (g_file_test (real_bak, G_FILE_TEST_EXISTS));
}

/* An empty file has nothing to keep: no empty backup. */
static void
test_write_empty_no_backup (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "empty.rdp", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;

  write_text (path, "");
  g_assert_true (rd_profile_write_file (path, contents, &backup, &error));
  g_assert_no_error (error);
  g_assert_null (backup);
  g_assert_null (rd_profile_find_backup (path));
}

static GBytes *
utf16le (const char *text)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) "\xFF\xFE", 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };
      g_byte_array_append (out, pair, 2);
    }
  return g_byte_array_free_to_bytes (out);
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

/* Fixing the very file: a .rdp file as Windows writes it (UTF-16LE, byte
 * order mark, CR LF) with a blank line, odd spacing, settings unknown here
 * and no line end on its last line keeps every byte but the lines the fix
 * needs; undo gives back the very bytes. */
static void
test_in_place_rdp (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char before[] =
    "screen mode id:i:2\r\n"
    "\r\n"
    "Full Address:s:pc01.example.com\r\n"
    "x-unknown:s:Grüße 🙂  \r\n"
    "authentication level:i:0\r\n"
    "EnableCredSspSupport:i:1\r\n"
    "not a setting at all\r\n"
    "username:s:EXAMPLE\\alice";
  static const char after[] =
    "screen mode id:i:2\r\n"
    "\r\n"
    "Full Address:s:192.0.2.15\r\n"
    "x-unknown:s:Grüße 🙂  \r\n"
    "authentication level:i:2\r\n"
    "EnableCredSspSupport:i:0\r\n"
    "not a setting at all\r\n"
    "username:s:EXAMPLE\\alice";
  g_autofree char *path = g_build_filename (fixture->dir, "work.rdp", NULL);
  g_autoptr(GBytes) original = utf16le (before);
  g_autoptr(GBytes) expected = utf16le (after);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) undone = NULL;
  g_autoptr(RdTarget) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  RdProfileSettings settings = { NULL, "192.0.2.15", 0, RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA };

  write_bytes (path, original);
  t = rd_target_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_source_file (t), ==, path);
  settings.target = t;

  g_assert_true (rd_profile_save (&settings, path, &backup, &error));
  g_assert_no_error (error);
  written = read_bytes (path);
  assert_bytes_equal (written, expected);

  g_assert_true (rd_profile_undo (path, NULL, &error));
  g_assert_no_error (error);
  undone = read_bytes (path);
  assert_bytes_equal (undone, original);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  g_assert_false (rd_profile_undo (path, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NO_BACKUP);
}

/* A Remmina profile with comments, unknown keys, another group after it
 * and spaces around "=": only the [remmina] keys the fix needs change; a
 * key that is missing goes after the group's last key. */
static void
test_in_place_remmina (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char before[] =
    "# my office\n"
    "[remmina]\n"
    "name=Office PC\n"
    "server = pc01.example.com:3390\n"
    "# the password is Remmina's\n"
    "password=.\n"
    "x-unknown=Grüße\n"
    "security=nla\n"
    "protocol=RDP\n"
    "\n"
    "# the next group's comment\n"
    "[remmina_pref]\n"
    "security=nla\n";
  static const char after[] =
    "# my office\n"
    "[remmina]\n"
    "name=Office PC\n"
    "server = pc01.example.com:3390\n"
    "# the password is Remmina's\n"
    "password=.\n"
    "x-unknown=Grüße\n"
    "security=tls\n"
    "protocol=RDP\n"
    "multitransport=0\n"
    "tls-seclevel=0\n"
    "\n"
    "# the next group's comment\n"
    "[remmina_pref]\n"
    "security=nla\n";
  g_autofree char *path = g_build_filename (fixture->dir, "work.remmina", NULL);
  g_autoptr(GBytes) original = g_bytes_new_static (before, strlen (before));
  g_autoptr(GBytes) expected = g_bytes_new_static (after, strlen (after));
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) undone = NULL;
  g_autoptr(RdTarget) t = target ("pc01.example.com:3390");
  g_autoptr(GError) error = NULL;
  RdProfileSettings settings = { t, NULL, 0,
                                 RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY | RD_WORKAROUND_TLS_LEGACY };

  write_bytes (path, original);
  g_assert_true (rd_profile_save (&settings, path, NULL, &error));
  g_assert_no_error (error);
  written = read_bytes (path);
  assert_bytes_equal (written, expected);

  g_assert_true (rd_profile_undo (path, NULL, &error));
  g_assert_no_error (error);
  undone = read_bytes (path);
  assert_bytes_equal (undone, original);
}

/* Runs @body in a child with its own mount namespace and a 16 KiB tmpfs at
 * @dir: the mount goes away with the child, whatever happens. */
static gboolean
in_small_tmpfs (const char *dir)
{
  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=16k,mode=0700") != 0)
    return FALSE;
  return TRUE;
}

static void
assert_only (const char *dir,
             guint       n)
{
  g_autoptr(GPtrArray) names = list_dir (dir);

  g_assert_cmpuint (names->len, ==, n);
}

/* Runs @body in a child that has a 16 KiB tmpfs of its own at DIR/disk. */
static void
run_in_small_tmpfs (Fixture *fixture,
                    void   (*body) (const char *disk))
{
  g_autofree char *disk = g_build_filename (fixture->dir, "disk", NULL);

  g_assert_cmpint (g_mkdir (disk, 0700), ==, 0);
  if (g_test_subprocess ())
    {
      g_assert_true (in_small_tmpfs (disk));
      body (disk);
      return;
    }
  if (geteuid () != 0)
    {
      g_test_skip ("needs root for a mount namespace and a small tmpfs");
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A full disk: no empty or partial .bak, no temporary file, the old file
 * as it was, and a second try does not make a .bak.1 either. */
static void
full_disk (const char *disk)
{
  g_autofree char *path = g_build_filename (disk, "office.rdp", NULL);
  g_autofree char *filler = g_build_filename (disk, "filler", NULL);
  g_autofree char *old = g_strnfill (3000, 'o');
  g_autofree char *big = g_strnfill (6000, 'n');
  g_autoptr(GBytes) contents = g_bytes_new_static (big, 6000);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  FILE *file;

  write_text (path, old);
  file = g_fopen (filler, "w");
  g_assert_nonnull (file);
  while (fputc ('f', file) != EOF && fflush (file) == 0)
    ;
  fclose (file);

  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_assert_false (rd_profile_write_file (path, contents, NULL, &error));
      g_assert_true (g_error_matches (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_BACKUP_FAILED) ||
                     g_error_matches (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_WRITE_FAILED));
      g_clear_error (&error);
      assert_only (disk, 2);
      text = read_text (path);
      g_assert_cmpstr (text, ==, old);
      g_clear_pointer (&text, g_free);
    }

  /* Room for the copy, not for the new file: the copy goes again. */
  g_assert_cmpint (truncate (filler, 16384 - 4096 * 3), ==, 0);
  g_assert_false (rd_profile_write_file (path, contents, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_WRITE_FAILED);
  assert_only (disk, 2);
  text = read_text (path);
  g_assert_cmpstr (text, ==, old);
}

static void
test_write_full_disk (Fixture       *fixture,
                      gconstpointer  data)
{
  run_in_small_tmpfs (fixture, full_disk);
}

/* A read-only folder, root included (a read-only mount stops root too):
 * nothing written, no copy, the old file as it was. */
static void
read_only_mount (const char *disk)
{
  g_autofree char *path = g_build_filename (disk, "office.remmina", NULL);
  g_autoptr(GBytes) contents = g_bytes_new_static ("new", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  write_text (path, "old");
  g_assert_cmpint (mount (NULL, disk, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  g_assert_false (rd_profile_write_file (path, contents, NULL, &error));
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_BACKUP_FAILED);
  assert_only (disk, 1);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "old");
}

static void
test_write_read_only_mount (Fixture       *fixture,
                            gconstpointer  data)
{
  run_in_small_tmpfs (fixture, read_only_mount);
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
  g_assert_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NOT_REGULAR);
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
  g_test_add ("/profile/write/long-name", Fixture, NULL, fixture_set_up,
              test_write_long_name, fixture_tear_down);
  g_test_add ("/profile/write/fifo", Fixture, NULL, fixture_set_up, test_write_fifo, fixture_tear_down);
  g_test_add ("/profile/write/symlink", Fixture, NULL, fixture_set_up, test_write_symlink, fixture_tear_down);
  g_test_add ("/profile/write/empty-no-backup", Fixture, NULL, fixture_set_up,
              test_write_empty_no_backup, fixture_tear_down);
  g_test_add ("/profile/write/full-disk", Fixture, NULL, fixture_set_up,
              test_write_full_disk, fixture_tear_down);
  g_test_add ("/profile/write/read-only-mount", Fixture, NULL, fixture_set_up,
              test_write_read_only_mount, fixture_tear_down);
  g_test_add ("/profile/in-place/rdp", Fixture, NULL, fixture_set_up, test_in_place_rdp, fixture_tear_down);
  g_test_add ("/profile/in-place/remmina", Fixture, NULL, fixture_set_up,
              test_in_place_remmina, fixture_tear_down);
  g_test_add ("/profile/write/read-only-dir", Fixture, NULL, fixture_set_up,
              test_write_read_only_dir, fixture_tear_down);
  g_test_add ("/profile/save/update", Fixture, NULL, fixture_set_up, test_save_update, fixture_tear_down);
  g_test_add ("/profile/save/new-remmina", Fixture, NULL, fixture_set_up, test_save_new_remmina, fixture_tear_down);
  g_test_add ("/profile/save/errors", Fixture, NULL, fixture_set_up, test_save_errors, fixture_tear_down);

  return g_test_run ();
}
