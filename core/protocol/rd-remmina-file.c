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
 * rd_key_file_new_from_untrusted:
 * @data: (array length=length): the bytes of a GLib key file
 * @length: the number of bytes in @data
 * @error: return location for an #RdRemminaFileError
 *
 * Checks untrusted bytes (size, NUL bytes, UTF-8; a byte order mark is
 * skipped) and loads them as a key file, as Remmina's profiles and GNOME
 * Connections' list are.
 *
 * Returns: (transfer full): the key file, or %NULL with @error set
 */
GKeyFile *
rd_key_file_new_from_untrusted (const guint8  *data,
                                gsize          length,
                                GError       **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text;
  const char *invalid = NULL;
  const char *nul;
  gsize skip;

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

  return g_steal_pointer (&key_file);
}

/* Checks the untrusted bytes and loads them as a key file with a [remmina]
 * group; NULL with @error set otherwise. */
static GKeyFile *
load_key_file (const guint8  *data,
               gsize          length,
               GError       **error)
{
  g_autoptr(GKeyFile) key_file = rd_key_file_new_from_untrusted (data, length, error);

  if (key_file == NULL)
    return NULL;

  if (!g_key_file_has_group (key_file, GROUP))
    {
      g_set_error_literal (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NO_GROUP,
                           "no [" GROUP "] group");
      return NULL;
    }

  return g_steal_pointer (&key_file);
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
  g_autofree char *proto = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (protocol != NULL)
    *protocol = NULL;

  key_file = load_key_file (data, length, error);
  if (key_file == NULL)
    return NULL;

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

/**
 * rd_remmina_file_parse_gateway:
 * @data: (array length=length): the bytes of a .remmina file
 * @length: the number of bytes in @data
 * @usage: (out) (optional): the "gateway_usage" setting, -1 when missing
 *   or not a number
 *
 * Reads the Remote Desktop Gateway of a Remmina profile: "gateway_server"
 * (host, host:port or [v6]:port, not checked). Remmina goes through the
 * gateway whenever that is set; "gateway_usage" (1) only lets it try the
 * computer directly first. The data is not trusted.
 *
 * Returns: (transfer full) (nullable): the gateway as written, or %NULL
 *   when the profile has none or cannot be read
 */
char *
rd_remmina_file_parse_gateway (const guint8 *data,
                               gsize         length,
                               gint64       *usage)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *server = NULL;
  g_autofree char *usage_text = NULL;
  gint64 number = -1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (usage != NULL)
    *usage = -1;

  key_file = load_key_file (data, length, NULL);
  if (key_file == NULL ||
      !get_setting (key_file, "gateway_server", &server, NULL) ||
      !get_setting (key_file, "gateway_usage", &usage_text, NULL))
    return NULL;

  if (usage_text != NULL &&
      g_ascii_string_to_signed (g_strstrip (usage_text), 10, 0, G_MAXINT32, &number, NULL) &&
      usage != NULL)
    *usage = number;

  if (server == NULL || g_strstrip (server)[0] == '\0')
    return NULL;
  return g_steal_pointer (&server);
}

/**
 * rd_remmina_file_parse_setting:
 * @data: (array length=length): the bytes of a .remmina file
 * @length: the number of bytes in @data
 * @key: a key of the [remmina] group, such as "name" or "security"
 *
 * Reads one setting of a Remmina profile, stripped of surrounding blanks.
 * The data is not trusted.
 *
 * Returns: (transfer full) (nullable): the value (valid UTF-8), or %NULL
 *   when the profile has no such key, an empty one, or cannot be read
 */
char *
rd_remmina_file_parse_setting (const guint8 *data,
                               gsize         length,
                               const char   *key)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  key_file = load_key_file (data, length, NULL);
  if (key_file == NULL || !get_setting (key_file, key, &value, NULL) || value == NULL)
    return NULL;
  if (g_strstrip (value)[0] == '\0')
    return NULL;
  return g_steal_pointer (&value);
}
