/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib.h>

#include "rd-rdp-file.h"

/* Encodes UTF-8 text as UTF-16LE with a byte order mark, as Windows does. */
static GBytes *
utf16le_with_bom (const char *text)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guint8 bom[] = { 0xFF, 0xFE };
  g_autofree gunichar2 *units = NULL;
  glong n_units = 0;

  units = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  g_assert_nonnull (units);

  g_byte_array_append (out, bom, sizeof bom);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };

      g_byte_array_append (out, pair, 2);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static RdRdpFile *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  RdRdpFile *file;

  file = rd_rdp_file_parse ((const guint8 *) text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static void
assert_parse_error (const guint8 *data,
                    gsize         length,
                    gint          code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRdpFile) file = rd_rdp_file_parse (data, length, &error);

  g_assert_null (file);
  g_assert_error (error, RD_RDP_FILE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_utf8_basic (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("screen mode id:i:2\r\n"
                                          "full address:s:pc01.example.com:3390\r\n"
                                          "server port:i:3389\r\n"
                                          "username:s:EXAMPLE\\alice\r\n");
  gint64 value = 0;

  g_assert_cmpint (rd_rdp_file_get_encoding (file), ==, RD_RDP_FILE_ENCODING_UTF8);
  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 4);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "pc01.example.com:3390");
  g_assert_cmpstr (rd_rdp_file_get_string (file, "username"), ==, "EXAMPLE\\alice");
  g_assert_true (rd_rdp_file_get_int (file, "server port", &value));
  g_assert_cmpint (value, ==, 3389);
  g_assert_true (rd_rdp_file_get_int (file, "screen mode id", NULL));
  g_assert_null (rd_rdp_file_get_string (file, "gatewayhostname"));
  g_assert_false (rd_rdp_file_get_int (file, "gatewayhostname", &value));
}

static void
test_utf8_bom (void)
{
  static const char data[] = "\xEF\xBB\xBF" "full address:s:bücher.example\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRdpFile) file = rd_rdp_file_parse ((const guint8 *) data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_cmpint (rd_rdp_file_get_encoding (file), ==, RD_RDP_FILE_ENCODING_UTF8_BOM);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "bücher.example");
  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 1);
}

static void
test_utf16le (void)
{
  g_autoptr(GBytes) bytes = utf16le_with_bom ("full address:s:[2001:db8::1]:3390\r\n"
                                              "alternate shell:s:\r\n"
                                              "remoteapplicationname:s:Bücher 📚\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRdpFile) file = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  file = rd_rdp_file_parse (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_rdp_file_get_encoding (file), ==, RD_RDP_FILE_ENCODING_UTF16LE);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "[2001:db8::1]:3390");
  g_assert_cmpstr (rd_rdp_file_get_string (file, "alternate shell"), ==, "");
  g_assert_cmpstr (rd_rdp_file_get_string (file, "remoteapplicationname"), ==, "Bücher 📚");
}

static void
test_utf16le_errors (void)
{
  /* Odd number of bytes after the byte order mark. */
  static const guint8 odd[] = { 0xFF, 0xFE, 'a', 0, 'b' };
  /* A high surrogate followed by a letter, a lone low surrogate, a high
   * surrogate at the very end. */
  static const guint8 bad_pair[] = { 0xFF, 0xFE, 0x3D, 0xD8, 'a', 0 };
  static const guint8 lone_low[] = { 0xFF, 0xFE, 'a', 0, 0x00, 0xDC };
  static const guint8 high_at_end[] = { 0xFF, 0xFE, 'a', 0, 0x3D, 0xD8 };
  static const guint8 nul[] = { 0xFF, 0xFE, 'a', 0, 0, 0, 'b', 0 };
  static const guint8 good_pair[] = { 0xFF, 0xFE, 0x3D, 0xD8, 0xDA, 0xDC };
  g_autoptr(RdRdpFile) file = NULL;

  assert_parse_error (odd, sizeof odd, RD_RDP_FILE_ERROR_ENCODING);
  assert_parse_error (bad_pair, sizeof bad_pair, RD_RDP_FILE_ERROR_ENCODING);
  assert_parse_error (lone_low, sizeof lone_low, RD_RDP_FILE_ERROR_ENCODING);
  assert_parse_error (high_at_end, sizeof high_at_end, RD_RDP_FILE_ERROR_ENCODING);
  assert_parse_error (nul, sizeof nul, RD_RDP_FILE_ERROR_BINARY);

  file = rd_rdp_file_parse (good_pair, sizeof good_pair, NULL);
  g_assert_nonnull (file);
  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 1);
}

static void
test_utf16le_bom_only (void)
{
  static const guint8 data[] = { 0xFF, 0xFE };
  g_autoptr(RdRdpFile) file = rd_rdp_file_parse (data, sizeof data, NULL);

  g_assert_nonnull (file);
  g_assert_cmpint (rd_rdp_file_get_encoding (file), ==, RD_RDP_FILE_ENCODING_UTF16LE);
  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 0);
}

static void
test_invalid_utf8 (void)
{
  static const char latin1[] = "full address:s:b\xFC" "cher\n";
  static const char truncated[] = "full address:s:\xE2\x82";
  static const char overlong[] = "a:s:\xC0\xAF\n";

  assert_parse_error ((const guint8 *) latin1, strlen (latin1), RD_RDP_FILE_ERROR_ENCODING);
  assert_parse_error ((const guint8 *) truncated, strlen (truncated),
                      RD_RDP_FILE_ERROR_ENCODING);
  assert_parse_error ((const guint8 *) overlong, strlen (overlong), RD_RDP_FILE_ERROR_ENCODING);
}

static void
test_binary (void)
{
  static const guint8 junk[] = { 'f', 'u', 'l', 'l', 0, 0x01, 0x02, 0xFF };
  static const guint8 utf16_without_bom[] = { 'a', 0, ':', 0, 's', 0, ':', 0 };
  static const guint8 utf8_bom_nul[] = { 0xEF, 0xBB, 0xBF, 'a', 0 };

  assert_parse_error (junk, sizeof junk, RD_RDP_FILE_ERROR_BINARY);
  assert_parse_error (utf16_without_bom, sizeof utf16_without_bom, RD_RDP_FILE_ERROR_BINARY);
  assert_parse_error (utf8_bom_nul, sizeof utf8_bom_nul, RD_RDP_FILE_ERROR_BINARY);
}

static void
test_too_large (void)
{
  gsize length = RD_RDP_FILE_MAX_SIZE + 1;
  g_autofree guint8 *data = g_malloc (length);
  g_autoptr(RdRdpFile) file = NULL;

  memset (data, '\n', length);
  assert_parse_error (data, length, RD_RDP_FILE_ERROR_TOO_LARGE);

  /* Exactly at the limit is fine. */
  file = rd_rdp_file_parse (data, length - 1, NULL);
  g_assert_nonnull (file);
  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(RdRdpFile) empty = rd_rdp_file_parse (NULL, 0, NULL);
  g_autoptr(RdRdpFile) blank = parse_text ("\n\r\n   \n\t\r\n");

  g_assert_nonnull (empty);
  g_assert_cmpuint (rd_rdp_file_get_n_lines (empty), ==, 0);
  g_assert_null (rd_rdp_file_get_string (empty, "full address"));
  g_assert_cmpuint (rd_rdp_file_get_n_lines (blank), ==, 0);
}

static void
test_lines (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("full address:s:a:b:c\n"
                                          "no colons here\n"
                                          ":s:empty name\n"
                                          "name:long:value\n"
                                          "name:s\n"
                                          "name:1:value\n"
                                          "last:s:no newline");
  const char *key = NULL;
  const char *value = NULL;
  char type = 'x';

  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 7);

  rd_rdp_file_get_line (file, 0, &key, &type, &value);
  g_assert_cmpstr (key, ==, "full address");
  g_assert_cmpint (type, ==, 's');
  g_assert_cmpstr (value, ==, "a:b:c");

  for (guint i = 1; i <= 5; i++)
    {
      rd_rdp_file_get_line (file, i, &key, &type, &value);
      g_assert_null (key);
      g_assert_cmpint (type, ==, '\0');
      g_assert_nonnull (value);
    }
  rd_rdp_file_get_line (file, 1, NULL, NULL, &value);
  g_assert_cmpstr (value, ==, "no colons here");
  rd_rdp_file_get_line (file, 3, NULL, NULL, &value);
  g_assert_cmpstr (value, ==, "name:long:value");

  rd_rdp_file_get_line (file, 6, &key, &type, &value);
  g_assert_cmpstr (key, ==, "last");
  g_assert_cmpstr (value, ==, "no newline");

  /* All out parameters are optional. */
  rd_rdp_file_get_line (file, 0, NULL, NULL, NULL);
}

static void
test_crlf_and_lf (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("a:s:one\r\nb:s:two\nc:s:three\r\n\r\n");

  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 3);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "a"), ==, "one");
  g_assert_cmpstr (rd_rdp_file_get_string (file, "b"), ==, "two");
  g_assert_cmpstr (rd_rdp_file_get_string (file, "c"), ==, "three");
}

/* Old Macs end lines with CR alone, and a file may mix all three. */
static void
test_cr_only (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("screen mode id:i:2\rfull address:s:pc01\r"
                                          "server port:i:3390\r\r");
  g_autoptr(RdRdpFile) mixed = parse_text ("a:s:one\rb:s:two\r\nc:s:three\nd:s:four");
  g_autoptr(GBytes) utf16 = utf16le_with_bom ("full address:s:pc02\rusername:s:alice\r");
  g_autoptr(RdRdpFile) from_utf16 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) written = NULL;
  gint64 port = 0;

  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 3);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "pc01");
  g_assert_true (rd_rdp_file_get_int (file, "server port", &port));
  g_assert_cmpint (port, ==, 3390);

  g_assert_cmpuint (rd_rdp_file_get_n_lines (mixed), ==, 4);
  g_assert_cmpstr (rd_rdp_file_get_string (mixed, "a"), ==, "one");
  g_assert_cmpstr (rd_rdp_file_get_string (mixed, "b"), ==, "two");
  g_assert_cmpstr (rd_rdp_file_get_string (mixed, "c"), ==, "three");
  g_assert_cmpstr (rd_rdp_file_get_string (mixed, "d"), ==, "four");

  from_utf16 = rd_rdp_file_parse (g_bytes_get_data (utf16, NULL), g_bytes_get_size (utf16),
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_rdp_file_get_n_lines (from_utf16), ==, 2);
  g_assert_cmpstr (rd_rdp_file_get_string (from_utf16, "full address"), ==, "pc02");

  /* Written back, every line ends in CR LF as Windows writes them. */
  written = rd_rdp_file_serialize (file, RD_RDP_FILE_ENCODING_UTF8);
  g_assert_cmpmem (g_bytes_get_data (written, NULL), g_bytes_get_size (written),
                   "screen mode id:i:2\r\nfull address:s:pc01\r\nserver port:i:3390\r\n", 61);
}

static void
test_get_strings (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("Full Address:s:first\n"
                                          "other:s:x\n"
                                          "FULL ADDRESS:s:second\n");
  g_autoptr(GPtrArray) values = rd_rdp_file_get_strings (file, "full address");
  g_autoptr(GPtrArray) none = rd_rdp_file_get_strings (file, "server port");

  g_assert_cmpuint (values->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "first");
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "second");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_case_and_last_wins (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("Full Address:s:first\n"
                                          "FULL ADDRESS:s:second\n"
                                          "other:s:x\n");

  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "second");
  g_assert_cmpstr (rd_rdp_file_get_string (file, "Full Address"), ==, "second");
}

static void
test_get_int (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("ok:i:3389\n"
                                          "negative:i:-12\n"
                                          "plus:i:+5\n"
                                          "space:i: 5\n"
                                          "trailing:i:5 \n"
                                          "letters:i:33a\n"
                                          "empty:i:\n"
                                          "huge:i:99999999999999999999999\n"
                                          "max:i:9223372036854775807\n"
                                          "minus:i:-\n");
  gint64 value = 42;

  g_assert_true (rd_rdp_file_get_int (file, "ok", &value));
  g_assert_cmpint (value, ==, 3389);
  g_assert_true (rd_rdp_file_get_int (file, "negative", &value));
  g_assert_cmpint (value, ==, -12);
  g_assert_true (rd_rdp_file_get_int (file, "max", &value));
  g_assert_cmpint (value, ==, G_MAXINT64);

  value = 42;
  g_assert_false (rd_rdp_file_get_int (file, "plus", &value));
  g_assert_false (rd_rdp_file_get_int (file, "space", &value));
  g_assert_false (rd_rdp_file_get_int (file, "trailing", &value));
  g_assert_false (rd_rdp_file_get_int (file, "letters", &value));
  g_assert_false (rd_rdp_file_get_int (file, "empty", &value));
  g_assert_false (rd_rdp_file_get_int (file, "huge", &value));
  g_assert_false (rd_rdp_file_get_int (file, "minus", &value));
  g_assert_false (rd_rdp_file_get_int (file, "missing", &value));
  g_assert_cmpint (value, ==, 42);
}

static void
test_value_kept_verbatim (void)
{
  g_autoptr(RdRdpFile) file = parse_text ("  padded name  :s:  value with spaces  \n");

  /* Names are trimmed so lookups work; values are kept as written. */
  g_assert_cmpstr (rd_rdp_file_get_string (file, "padded name"), ==, "  value with spaces  ");
}

static void
assert_serialized (const RdRdpFile   *file,
                   RdRdpFileEncoding  encoding,
                   const guint8      *expected,
                   gsize              expected_length)
{
  g_autoptr(GBytes) bytes = rd_rdp_file_serialize (file, encoding);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpmem (data, length, expected, expected_length);
}

static void
test_serialize_round_trip (void)
{
  /* Odd spacing and lines that are not settings come back as they were;
   * line ends become CR LF and blank lines go. */
  static const char text[] = " full address :s:pc01\r\n"
                             "garbage without colons\n"
                             "\n"
                             "x-unknown:b:00FF\r\n"
                             "value with colons:s:a:b:c \r\n";
  static const char expected[] = " full address :s:pc01\r\n"
                                 "garbage without colons\r\n"
                                 "x-unknown:b:00FF\r\n"
                                 "value with colons:s:a:b:c \r\n";
  g_autoptr(RdRdpFile) file = parse_text (text);

  assert_serialized (file, RD_RDP_FILE_ENCODING_UTF8, (const guint8 *) expected, strlen (expected));
}

static void
test_serialize_utf16le (void)
{
  g_autoptr(GBytes) input = utf16le_with_bom ("full address:s:bücher.example\r\nx:s:😀\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRdpFile) file = rd_rdp_file_parse (g_bytes_get_data (input, NULL), g_bytes_get_size (input), &error);

  g_assert_no_error (error);
  assert_serialized (file, RD_RDP_FILE_ENCODING_UTF16LE, g_bytes_get_data (input, NULL), g_bytes_get_size (input));
}

static void
test_set (void)
{
  static const char text[] = "Full Address:s:old\r\n"
                             "screen mode id:i:2\r\n"
                             "full address:s:older\r\n";
  static const char expected[] = "\xEF\xBB\xBF"
                                 "Full Address:s:[2001:db8::5]:3390\r\n"
                                 "screen mode id:i:2\r\n"
                                 "full address:s:[2001:db8::5]:3390\r\n"
                                 "enablecredsspsupport:i:0\r\n";
  g_autoptr(RdRdpFile) file = parse_text (text);

  /* Every line of the name changes in place, in its own spelling; a new
   * setting goes at the end. */
  rd_rdp_file_set (file, "full address", 's', "[2001:db8::5]:3390");
  rd_rdp_file_set (file, "enablecredsspsupport", 'i', "0");
  g_assert_cmpuint (rd_rdp_file_get_n_lines (file), ==, 4);
  g_assert_cmpstr (rd_rdp_file_get_string (file, "full address"), ==, "[2001:db8::5]:3390");
  assert_serialized (file, RD_RDP_FILE_ENCODING_UTF8_BOM, (const guint8 *) expected, strlen (expected));
}

static void
test_new_file (void)
{
  static const guint8 expected[] = { 0xFF, 0xFE, 'a', 0, ':', 0, 'i', 0, ':', 0, '1', 0, '\r', 0, '\n', 0 };
  g_autoptr(RdRdpFile) file = rd_rdp_file_new (RD_RDP_FILE_ENCODING_UTF16LE);
  g_autoptr(RdRdpFile) empty = rd_rdp_file_new (RD_RDP_FILE_ENCODING_UTF8);

  g_assert_cmpint (rd_rdp_file_get_encoding (file), ==, RD_RDP_FILE_ENCODING_UTF16LE);
  rd_rdp_file_set (file, "a", 'i', "1");
  assert_serialized (file, rd_rdp_file_get_encoding (file), expected, sizeof expected);
  assert_serialized (empty, RD_RDP_FILE_ENCODING_UTF8, (const guint8 *) "", 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rdp-file/utf8", test_utf8_basic);
  g_test_add_func ("/rdp-file/utf8-bom", test_utf8_bom);
  g_test_add_func ("/rdp-file/utf16le", test_utf16le);
  g_test_add_func ("/rdp-file/utf16le-errors", test_utf16le_errors);
  g_test_add_func ("/rdp-file/utf16le-bom-only", test_utf16le_bom_only);
  g_test_add_func ("/rdp-file/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rdp-file/binary", test_binary);
  g_test_add_func ("/rdp-file/too-large", test_too_large);
  g_test_add_func ("/rdp-file/empty", test_empty);
  g_test_add_func ("/rdp-file/lines", test_lines);
  g_test_add_func ("/rdp-file/crlf-and-lf", test_crlf_and_lf);
  g_test_add_func ("/rdp-file/cr-only", test_cr_only);
  g_test_add_func ("/rdp-file/get-strings", test_get_strings);
  g_test_add_func ("/rdp-file/case-and-last-wins", test_case_and_last_wins);
  g_test_add_func ("/rdp-file/get-int", test_get_int);
  g_test_add_func ("/rdp-file/value-kept-verbatim", test_value_kept_verbatim);
  g_test_add_func ("/rdp-file/serialize-round-trip", test_serialize_round_trip);
  g_test_add_func ("/rdp-file/serialize-utf16le", test_serialize_utf16le);
  g_test_add_func ("/rdp-file/set", test_set);
  g_test_add_func ("/rdp-file/new", test_new_file);

  return g_test_run ();
}
