/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to the .rdp file parser and walks every line it
 * keeps, checking what the header promises. */
#include <string.h>
#include <glib.h>

#include "rd-rdp-file.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRdpFile) file = NULL;
  guint n_lines;

  file = rd_rdp_file_parse (data, size, &error);
  if (file == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == RD_RDP_FILE_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpint (rd_rdp_file_get_encoding (file), <=, RD_RDP_FILE_ENCODING_UTF16LE);

  n_lines = rd_rdp_file_get_n_lines (file);
  g_assert_cmpuint (n_lines, <=, size);

  for (guint i = 0; i < n_lines; i++)
    {
      const char *key = NULL;
      const char *value = NULL;
      char type = 'x';
      gint64 number;

      rd_rdp_file_get_line (file, i, &key, &type, &value);
      g_assert_nonnull (value);
      g_assert_true (g_utf8_validate (value, -1, NULL));
      g_assert_null (strchr (value, '\n'));

      if (key == NULL)
        {
          g_assert_cmpint (type, ==, '\0');
          continue;
        }

      g_assert_true (g_ascii_isalpha (type));
      g_assert_true (g_utf8_validate (key, -1, NULL));
      g_assert_cmpstr (key, !=, "");

      /* A lookup finds this line or a later one of the same name. */
      g_assert_nonnull (rd_rdp_file_get_string (file, key));
      rd_rdp_file_get_int (file, key, &number);
    }

  rd_rdp_file_get_string (file, "full address");
  rd_rdp_file_get_int (file, "server port", NULL);

  return 0;
}
