/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-rdp-file.h"

#include <string.h>

/* Error messages here are technical evidence (offsets, byte values): the
 * caller turns the error code into a sentence for a person. */

typedef struct
{
  char *key;    /* NULL for a line that is not "name:type:value" */
  char  type;   /* '\0' for such a line */
  char *value;  /* the raw line for such a line */
  char *raw;    /* the line as read, without its line end; NULL once changed */
} RdRdpLine;

struct _RdRdpFile
{
  RdRdpFileEncoding encoding;
  GPtrArray *lines;   /* of RdRdpLine */
};

G_DEFINE_QUARK (rd-rdp-file-error-quark, rd_rdp_file_error)

static void
rd_rdp_line_free (gpointer data)
{
  RdRdpLine *line = data;

  g_free (line->key);
  g_free (line->value);
  g_free (line->raw);
  g_free (line);
}

/* Decodes UTF-16LE (without its byte order mark) into UTF-8. Surrogates must
 * come in proper pairs; U+0000 is refused as it cannot live in a C string. */
static char *
decode_utf16le (const guint8  *data,
                gsize          length,
                GError       **error)
{
  g_autoptr(GString) out = NULL;
  gsize i = 0;

  if (length % 2 != 0)
    {
      g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_ENCODING,
                   "UTF-16LE data has an odd length (%" G_GSIZE_FORMAT " bytes)",
                   length + 2);
      return NULL;
    }

  out = g_string_sized_new (length / 2 + 1);

  while (i < length)
    {
      gunichar c = data[i] | ((gunichar) data[i + 1] << 8);
      gsize offset = i + 2;  /* in the file, counting the byte order mark */

      i += 2;

      if (c >= 0xD800 && c <= 0xDBFF)
        {
          gunichar low;

          if (i >= length)
            {
              g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_ENCODING,
                           "UTF-16LE high surrogate 0x%04X at offset %" G_GSIZE_FORMAT
                           " is not followed by a low surrogate", c, offset);
              return NULL;
            }

          low = data[i] | ((gunichar) data[i + 1] << 8);
          if (low < 0xDC00 || low > 0xDFFF)
            {
              g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_ENCODING,
                           "UTF-16LE high surrogate 0x%04X at offset %" G_GSIZE_FORMAT
                           " is followed by 0x%04X", c, offset, low);
              return NULL;
            }

          i += 2;
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
      else if (c >= 0xDC00 && c <= 0xDFFF)
        {
          g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_ENCODING,
                       "UTF-16LE lone low surrogate 0x%04X at offset %" G_GSIZE_FORMAT,
                       c, offset);
          return NULL;
        }
      else if (c == 0)
        {
          g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_BINARY,
                       "UTF-16LE NUL character at offset %" G_GSIZE_FORMAT, offset);
          return NULL;
        }

      g_string_append_unichar (out, c);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

/* Splits one line (without its line ending) into name, type and value. */
static RdRdpLine *
parse_line (const char *text,
            gsize       length)
{
  RdRdpLine *line = g_new0 (RdRdpLine, 1);
  const char *colon = memchr (text, ':', length);

  line->raw = g_strndup (text, length);

  if (colon != NULL && colon > text)
    {
      gsize key_length = colon - text;
      gsize rest = length - key_length - 1;
      const char *type = colon + 1;

      /* The type is exactly one ASCII letter followed by a colon. */
      if (rest >= 2 && g_ascii_isalpha (type[0]) && type[1] == ':')
        {
          g_autofree char *key = g_strndup (text, key_length);

          g_strstrip (key);
          if (key[0] != '\0')
            {
              line->key = g_steal_pointer (&key);
              line->type = type[0];
              line->value = g_strndup (type + 2, rest - 2);
              return line;
            }
        }
    }

  line->key = NULL;
  line->type = '\0';
  line->value = g_strndup (text, length);
  return line;
}

/**
 * rd_rdp_file_parse:
 * @data: (array length=length): the bytes of a .rdp file
 * @length: the number of bytes in @data
 * @error: return location for an #RdRdpFileError
 *
 * Parses a .rdp connection file. The data is not trusted: it may be of any
 * length, in any encoding, or binary junk.
 *
 * Returns: (transfer full): the parsed file, or %NULL with @error set
 */
RdRdpFile *
rd_rdp_file_parse (const guint8  *data,
                   gsize          length,
                   GError       **error)
{
  g_autoptr(RdRdpFile) self = NULL;
  g_autofree char *utf16_text = NULL;
  const char *text;
  gsize text_length;
  const char *end;
  const char *invalid = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > RD_RDP_FILE_MAX_SIZE)
    {
      g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_TOO_LARGE,
                   "%" G_GSIZE_FORMAT " bytes, more than the limit of %d",
                   length, RD_RDP_FILE_MAX_SIZE);
      return NULL;
    }

  /* Keeps pointer arithmetic below off a NULL pointer. */
  if (data == NULL)
    data = (const guint8 *) "";

  self = g_new0 (RdRdpFile, 1);
  self->lines = g_ptr_array_new_with_free_func (rd_rdp_line_free);

  /* Windows writes little-endian only; a big-endian file would decode to
   * nonsense or trip over its NUL bytes with a less helpful reason. */
  if (length >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      g_set_error_literal (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_BIG_ENDIAN,
                           "UTF-16BE byte order mark");
      return NULL;
    }

  if (length >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      self->encoding = RD_RDP_FILE_ENCODING_UTF16LE;
      utf16_text = decode_utf16le (data + 2, length - 2, error);
      if (utf16_text == NULL)
        return NULL;
      text = utf16_text;
      text_length = strlen (utf16_text);
    }
  else
    {
      gsize skip = 0;
      const char *nul;

      if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        {
          self->encoding = RD_RDP_FILE_ENCODING_UTF8_BOM;
          skip = 3;
        }
      else
        {
          self->encoding = RD_RDP_FILE_ENCODING_UTF8;
        }

      text = (const char *) data + skip;
      text_length = length - skip;

      /* Checked before the encoding: UTF-16 without a byte order mark and
       * other binary files are full of NUL bytes. */
      nul = text_length > 0 ? memchr (text, '\0', text_length) : NULL;
      if (nul != NULL)
        {
          g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_BINARY,
                       "NUL byte at offset %" G_GSIZE_FORMAT,
                       (gsize) (nul - (const char *) data));
          return NULL;
        }

      if (!g_utf8_validate_len (text, text_length, &invalid))
        {
          g_set_error (error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_ENCODING,
                       "invalid UTF-8 byte 0x%02X at offset %" G_GSIZE_FORMAT,
                       (guint) (guint8) *invalid,
                       (gsize) (invalid - (const char *) data));
          return NULL;
        }
    }

  /* Lines end in CR LF (Windows), LF (Unix) or CR alone (old Macs, and
   * some editors' "Mac" setting): a file of CR-only lines would otherwise
   * be one long line with no "full address" of its own. */
  end = text + text_length;
  while (text < end)
    {
      const char *line_end = text;

      while (line_end < end && *line_end != '\r' && *line_end != '\n')
        line_end++;

      if (!is_blank (text, line_end - text))
        g_ptr_array_add (self->lines, parse_line (text, line_end - text));

      if (line_end < end && *line_end == '\r' && line_end + 1 < end && line_end[1] == '\n')
        line_end++;
      text = line_end < end ? line_end + 1 : end;
    }

  return g_steal_pointer (&self);
}

/**
 * rd_rdp_file_free:
 * @self: (nullable): a parsed file
 *
 * Frees a parsed file.
 */
void
rd_rdp_file_free (RdRdpFile *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self);
}

/**
 * rd_rdp_file_get_encoding:
 * @self: a parsed file
 *
 * Returns: the encoding the file was written in
 */
RdRdpFileEncoding
rd_rdp_file_get_encoding (const RdRdpFile *self)
{
  g_return_val_if_fail (self != NULL, RD_RDP_FILE_ENCODING_UTF8);

  return self->encoding;
}

/**
 * rd_rdp_file_get_string:
 * @self: a parsed file
 * @key: a setting name such as "full address"
 *
 * Returns: (nullable): the value of the last line named @key, compared
 *   without regard to ASCII case, or %NULL when there is none
 */
const char *
rd_rdp_file_get_string (const RdRdpFile *self,
                        const char      *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = self->lines->len; i > 0; i--)
    {
      const RdRdpLine *line = g_ptr_array_index (self->lines, i - 1);

      if (line->key != NULL && g_ascii_strcasecmp (line->key, key) == 0)
        return line->value;
    }

  return NULL;
}

/**
 * rd_rdp_file_get_strings:
 * @self: a parsed file
 * @key: a setting name such as "full address"
 *
 * Returns: (transfer container) (element-type utf8): the values of every
 *   line named @key, compared without regard to ASCII case, in file order;
 *   the strings belong to @self
 */
GPtrArray *
rd_rdp_file_get_strings (const RdRdpFile *self,
                         const char      *key)
{
  GPtrArray *values;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  values = g_ptr_array_new ();
  for (guint i = 0; i < self->lines->len; i++)
    {
      const RdRdpLine *line = g_ptr_array_index (self->lines, i);

      if (line->key != NULL && g_ascii_strcasecmp (line->key, key) == 0)
        g_ptr_array_add (values, line->value);
    }

  return values;
}

/**
 * rd_rdp_file_get_int:
 * @self: a parsed file
 * @key: a setting name such as "server port"
 * @value: (out) (optional): return location for the value
 *
 * Reads the last line named @key as a decimal integer. Nothing but an
 * optional minus sign and digits is accepted.
 *
 * Returns: %TRUE if the line exists and holds an integer
 */
gboolean
rd_rdp_file_get_int (const RdRdpFile *self,
                     const char      *key,
                     gint64          *value)
{
  const char *text;
  gint64 number = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  text = rd_rdp_file_get_string (self, key);
  if (text == NULL)
    return FALSE;

  /* g_ascii_string_to_signed() allows a leading '+'; .rdp files never have
   * one, so insist on a digit or a minus sign followed by a digit. */
  if (!(g_ascii_isdigit (text[0]) || (text[0] == '-' && g_ascii_isdigit (text[1]))))
    return FALSE;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return FALSE;

  if (value != NULL)
    *value = number;

  return TRUE;
}

/**
 * rd_rdp_file_get_n_lines:
 * @self: a parsed file
 *
 * Returns: the number of non-blank lines
 */
guint
rd_rdp_file_get_n_lines (const RdRdpFile *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines->len;
}

/**
 * rd_rdp_file_get_line:
 * @self: a parsed file
 * @index: a line number below rd_rdp_file_get_n_lines()
 * @key: (out) (optional) (nullable): the setting name, or %NULL for a line
 *   that is not "name:type:value"
 * @type: (out) (optional): the type letter, or '\0' for such a line
 * @value: (out) (optional): the value, or the raw text of such a line
 *
 * Gets the parts of one line.
 */
void
rd_rdp_file_get_line (const RdRdpFile  *self,
                      guint             index,
                      const char      **key,
                      char             *type,
                      const char      **value)
{
  const RdRdpLine *line;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->lines->len);

  line = g_ptr_array_index (self->lines, index);

  if (key != NULL)
    *key = line->key;
  if (type != NULL)
    *type = line->type;
  if (value != NULL)
    *value = line->value;
}

/**
 * rd_rdp_file_new:
 * @encoding: the encoding rd_rdp_file_serialize() will use
 *
 * Creates an empty file, to be filled with rd_rdp_file_set().
 *
 * Returns: (transfer full): a new, empty file
 */
RdRdpFile *
rd_rdp_file_new (RdRdpFileEncoding encoding)
{
  RdRdpFile *self = g_new0 (RdRdpFile, 1);

  self->encoding = encoding;
  self->lines = g_ptr_array_new_with_free_func (rd_rdp_line_free);
  return self;
}

/**
 * rd_rdp_file_set:
 * @self: a file
 * @key: a setting name such as "full address"
 * @type: the type letter: 's', 'i' or 'b'
 * @value: the new value; must not contain a line break
 *
 * Sets a setting. Every line named @key (compared without regard to ASCII
 * case) gets the new type and value in its place, keeping the spelling of its
 * name, so that duplicates cannot disagree; when there is none, a line is
 * added at the end. All other lines stay as they were read.
 */
void
rd_rdp_file_set (RdRdpFile  *self,
                 const char *key,
                 char        type,
                 const char *value)
{
  gboolean found = FALSE;
  RdRdpLine *line;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && key[0] != '\0' && strchr (key, ':') == NULL);
  g_return_if_fail (g_ascii_isalpha (type));
  g_return_if_fail (value != NULL && strpbrk (value, "\r\n") == NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      line = g_ptr_array_index (self->lines, i);

      if (line->key == NULL || g_ascii_strcasecmp (line->key, key) != 0)
        continue;

      line->type = type;
      g_free (line->value);
      line->value = g_strdup (value);
      g_clear_pointer (&line->raw, g_free);
      found = TRUE;
    }

  if (found)
    return;

  line = g_new0 (RdRdpLine, 1);
  line->key = g_strdup (key);
  line->type = type;
  line->value = g_strdup (value);
  g_ptr_array_add (self->lines, line);
}

/**
 * rd_rdp_file_serialize:
 * @self: a file
 * @encoding: the encoding to write
 *
 * Writes the file back: every line as it was read unless rd_rdp_file_set()
 * changed it, each ended by CR LF as Windows does. Blank lines are not kept
 * (the parser drops them). UTF-16LE and UTF-8 with BOM get a byte order mark.
 *
 * Returns: (transfer full): the bytes of the file
 */
GBytes *
rd_rdp_file_serialize (const RdRdpFile   *self,
                       RdRdpFileEncoding  encoding)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GByteArray) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const RdRdpLine *line = g_ptr_array_index (self->lines, i);

      if (line->raw != NULL)
        g_string_append (text, line->raw);
      else if (line->key != NULL)
        g_string_append_printf (text, "%s:%c:%s", line->key, line->type, line->value);
      else
        g_string_append (text, line->value);
      g_string_append (text, "\r\n");
    }

  out = g_byte_array_sized_new (text->len * 2 + 3);

  switch (encoding)
    {
    case RD_RDP_FILE_ENCODING_UTF16LE:
      {
        static const guint8 bom[] = { 0xFF, 0xFE };
        g_autofree gunichar2 *units = NULL;
        glong n_units = 0;

        /* The text came from valid UTF-8 or UTF-16 and values set here are
         * checked by the callers, so this conversion cannot fail. */
        units = g_utf8_to_utf16 (text->str, text->len, NULL, &n_units, NULL);
        g_return_val_if_fail (units != NULL, NULL);

        g_byte_array_append (out, bom, sizeof bom);
        for (glong i = 0; i < n_units; i++)
          {
            guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };

            g_byte_array_append (out, pair, 2);
          }
      }
      break;

    case RD_RDP_FILE_ENCODING_UTF8_BOM:
      {
        static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };

        g_byte_array_append (out, bom, sizeof bom);
        g_byte_array_append (out, (const guint8 *) text->str, text->len);
      }
      break;

    case RD_RDP_FILE_ENCODING_UTF8:
    default:
      g_byte_array_append (out, (const guint8 *) text->str, text->len);
      break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
