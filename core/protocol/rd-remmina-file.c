/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-remmina-file.h"

#include <string.h>

/* Error messages here are technical evidence (offsets, key file errors): the
 * caller turns the error code into a sentence for a person. */

#define GROUP "remmina"

G_DEFINE_QUARK (rd-remmina-file-error-quark, rd_remmina_file_error)

static gsize
skip_utf8_bom (const guint8 *data,
               gsize         length)
{
  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    return 3;
  return 0;
}

/**
 * rd_remmina_file_looks_like:
 * @data: (array length=length): the bytes of a file
 * @length: the number of bytes in @data
 *
 * Tells a Remmina profile from a .rdp file without parsing either: the first
 * line that is neither blank nor a comment is the "[remmina]" heading. A .rdp
 * file never starts with a heading.
 *
 * Returns: %TRUE if @data starts as a Remmina profile does
 */
gboolean
rd_remmina_file_looks_like (const guint8 *data,
                            gsize         length)
{
  static const char heading[] = "[" GROUP "]";
  gsize i;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  i = skip_utf8_bom (data, length);
  while (i < length)
    {
      const guint8 *newline;
      gsize line_end;

      while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                            data[i] == '\n'))
        i++;
      if (i == length)
        return FALSE;

      if (data[i] != '#')
        return length - i >= sizeof heading - 1 &&
               memcmp (data + i, heading, sizeof heading - 1) == 0;

      newline = memchr (data + i, '\n', length - i);
      line_end = newline != NULL ? (gsize) (newline - data) : length;
      i = line_end;
    }

  return FALSE;
}

/* Reads a setting of the [remmina] group into @value, NULL when the key is
 * missing. A value with a bad escape is as damaged as a line that is no
 * setting. */
static gboolean
get_setting (GKeyFile    *key_file,
             const char  *key,
             char       **value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *value = g_key_file_get_string (key_file, GROUP, key, &local_error);
  if (*value == NULL &&
      !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    {
      g_set_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_SYNTAX,
                   "%s: %s", key, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * rd_remmina_file_parse_server:
 * @data: (array length=length): the bytes of a .remmina file
 * @length: the number of bytes in @data
 * @protocol: (out) (optional) (transfer full): the profile's protocol as
 *   written, also when it is not RDP; %NULL when the profile names none
 * @error: return location for an #RdRemminaFileError
 *
 * Reads the "server" of a Remmina profile for Remote Desktop. The data is
 * not trusted: it may be of any length, in any encoding, or binary junk. A
 * profile without a "protocol" key is taken as RDP, Remmina's own default.
 *
 * Returns: (transfer full): the server as written (host, host:port or
 *   [v6]:port, not checked), or %NULL with @error set
 */
char *
rd_remmina_file_parse_server (const guint8  *data,
                              gsize          length,
                              char         **protocol,
                              GError       **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *proto = NULL;
  g_autofree char *server = NULL;
  const char *text;
  const char *invalid = NULL;
  const char *nul;
  gsize skip;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (protocol != NULL)
    *protocol = NULL;

  if (length > RD_REMMINA_FILE_MAX_SIZE)
    {
      g_set_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_TOO_LARGE,
                   "%" G_GSIZE_FORMAT " bytes, more than the limit of %d",
                   length, RD_REMMINA_FILE_MAX_SIZE);
      return NULL;
    }

  if (data == NULL)
    data = (const guint8 *) "";

  skip = skip_utf8_bom (data, length);
  text = (const char *) data + skip;

  /* GKeyFile would stop at a NUL byte and take the rest for the end. */
  nul = length > skip ? memchr (text, '\0', length - skip) : NULL;
  if (nul != NULL)
    {
      g_set_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_BINARY,
                   "NUL byte at offset %" G_GSIZE_FORMAT,
                   (gsize) (nul - (const char *) data));
      return NULL;
    }

  if (!g_utf8_validate_len (text, length - skip, &invalid))
    {
      g_set_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_ENCODING,
                   "invalid UTF-8 byte 0x%02X at offset %" G_GSIZE_FORMAT,
                   (guint) (guint8) *invalid, (gsize) (invalid - (const char *) data));
      return NULL;
    }

  key_file = g_key_file_new ();
  if (!g_key_file_load_from_data (key_file, text, length - skip, G_KEY_FILE_NONE,
                                  &local_error))
    {
      g_set_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_SYNTAX,
                   "%s", local_error->message);
      return NULL;
    }

  if (!g_key_file_has_group (key_file, GROUP))
    {
      g_set_error_literal (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NO_GROUP,
                           "no [" GROUP "] group");
      return NULL;
    }

  if (!get_setting (key_file, "protocol", &proto, error))
    return NULL;

  if (proto != NULL)
    {
      g_strstrip (proto);
      if (protocol != NULL)
        *protocol = g_strdup (proto);

      if (g_ascii_strcasecmp (proto, "RDP") != 0)
        {
          g_set_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NOT_RDP,
                       "protocol=%s", proto);
          return NULL;
        }
    }

  if (!get_setting (key_file, "server", &server, error))
    return NULL;

  if (server == NULL || server[0] == '\0')
    {
      g_set_error_literal (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NO_SERVER,
                           server == NULL ? "no server key" : "empty server");
      return NULL;
    }

  return g_steal_pointer (&server);
}
