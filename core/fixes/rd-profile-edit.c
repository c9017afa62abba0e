/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-profile-private.h"

/*
 * A profile edited line by line: the lines a fix changes are rewritten,
 * every other byte stays as it was read — comments, blank lines, order,
 * line ends, the byte order mark and the encoding (UTF-8, or UTF-16LE as
 * Windows writes .rdp files). Going through GKeyFile or a parser that
 * writes its own idea of the file back would reflow all of that.
 */

typedef enum
{
  TEXT_UTF8,
  TEXT_UTF8_BOM,
  TEXT_UTF16LE,
} TextEncoding;

typedef struct
{
  char       *text;   /* UTF-8, without its line end */
  const char *eol;    /* "\r\n", "\n", "\r", or "" for a last line without one */
} Line;

struct _RdProfileText
{
  TextEncoding  encoding;
  GPtrArray    *lines;     /* of Line */
  const char   *eol;       /* for lines added: the file's own line end */
};

static void
line_free (gpointer data)
{
  Line *line = data;

  g_free (line->text);
  g_free (line);
}

void
rd_profile_text_free (RdProfileText *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self);
}

static const char *
eol_of (const char *p,
        const char *end)
{
  if (p >= end)
    return "";
  if (*p == '\r')
    return (p + 1 < end && p[1] == '\n') ? "\r\n" : "\r";
  return "\n";
}

/**
 * rd_profile_text_new:
 * @data: (nullable): the bytes of an existing profile, or %NULL for a new one
 * @default_eol: the line end for a new file, or for one with a single line
 * @error: return location for an #RdProfileError
 *
 * Splits a profile into lines. UTF-16LE needs its byte order mark; anything
 * else must be UTF-8 (a byte order mark is kept). NUL characters are
 * refused: no profile has them.
 *
 * Returns: (transfer full): the lines, or %NULL with @error set
 */
RdProfileText *
rd_profile_text_new (GBytes      *data,
                     const char  *default_eol,
                     GError     **error)
{
  g_autoptr(RdProfileText) self = g_new0 (RdProfileText, 1);
  g_autofree char *decoded = NULL;
  gsize length = 0;
  const guint8 *bytes = data != NULL ? g_bytes_get_data (data, &length) : NULL;
  const char *text = "";
  const char *end;

  self->lines = g_ptr_array_new_with_free_func (line_free);
  self->eol = default_eol;
  self->encoding = TEXT_UTF8;

  if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    {
      g_autofree gunichar2 *units = NULL;
      glong n_written = 0;
      gsize n_units = (length - 2) / 2;

      if ((length - 2) % 2 != 0)
        goto bad;
      units = g_new (gunichar2, n_units + 1);
      for (gsize i = 0; i < n_units; i++)
        {
          units[i] = bytes[2 + 2 * i] | (bytes[3 + 2 * i] << 8);
          /* g_utf16_to_utf8() would stop there, dropping the rest. */
          if (units[i] == 0)
            goto bad;
        }
      decoded = g_utf16_to_utf8 (units, n_units, NULL, &n_written, NULL);
      if (decoded == NULL || strlen (decoded) != (gsize) n_written)
        goto bad;
      self->encoding = TEXT_UTF16LE;
      text = decoded;
      length = n_written;
    }
  else if (length > 0)
    {
      text = (const char *) bytes;
      if (length >= 3 && memcmp (bytes, "\xEF\xBB\xBF", 3) == 0)
        {
          self->encoding = TEXT_UTF8_BOM;
          text += 3;
          length -= 3;
        }
      if (memchr (text, '\0', length) != NULL || !g_utf8_validate_len (text, length, NULL))
        goto bad;
    }

  end = text + length;
  while (text < end)
    {
      const char *p = text;
      Line *line = g_new0 (Line, 1);

      while (p < end && *p != '\r' && *p != '\n')
        p++;
      line->text = g_strndup (text, p - text);
      line->eol = eol_of (p, end);
      g_ptr_array_add (self->lines, line);
      text = p + strlen (line->eol);
    }

  /* Lines added get the file's own line end. */
  if (self->lines->len > 0)
    {
      const Line *first = g_ptr_array_index (self->lines, 0);

      if (first->eol[0] != '\0')
        self->eol = first->eol;
    }
  return g_steal_pointer (&self);

bad:
  g_set_error_literal (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID,
                       _("The existing file is neither UTF-8 nor UTF-16 text, so it was left as it is."));
  return NULL;
}

/**
 * rd_profile_text_to_bytes:
 *
 * Returns: (transfer full): the lines in the encoding they were read in
 */
GBytes *
rd_profile_text_to_bytes (const RdProfileText *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GByteArray) out = NULL;

  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = g_ptr_array_index (self->lines, i);

      g_string_append (text, line->text);
      g_string_append (text, line->eol);
    }

  out = g_byte_array_sized_new (text->len * 2 + 3);
  if (self->encoding == TEXT_UTF16LE)
    {
      glong n_units = 0;
      g_autofree gunichar2 *units = g_utf8_to_utf16 (text->str, text->len, NULL, &n_units, NULL);

      /* The text was read as valid UTF-16 and what is set is UTF-8 checked
       * by its callers. */
      g_return_val_if_fail (units != NULL, NULL);
      g_byte_array_append (out, (const guint8 *) "\xFF\xFE", 2);
      for (glong i = 0; i < n_units; i++)
        {
          guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };

          g_byte_array_append (out, pair, 2);
        }
    }
  else
    {
      if (self->encoding == TEXT_UTF8_BOM)
        g_byte_array_append (out, (const guint8 *) "\xEF\xBB\xBF", 3);
      g_byte_array_append (out, (const guint8 *) text->str, text->len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Adds @text as a line after line @index (-1: at the end). The line before
 * it gets a line end if it was the file's last one without. */
static void
insert_line (RdProfileText *self,
             int            index,
             char          *text)
{
  Line *line = g_new0 (Line, 1);
  guint at = index < 0 ? self->lines->len : (guint) index + 1;

  if (at > 0)
    {
      Line *before = g_ptr_array_index (self->lines, at - 1);

      if (before->eol[0] == '\0')
        before->eol = self->eol;
    }
  line->text = text;
  line->eol = self->eol;
  g_ptr_array_insert (self->lines, at, line);
}

static void
replace_line (Line *line,
              char *text)
{
  g_free (line->text);
  line->text = text;
}

/* ".rdp": the name of a "name:type:value" line, as written and trimmed. */
static gboolean
rdp_line_key (const Line  *line,
              gsize       *key_length,
              char       **trimmed)
{
  const char *colon = strchr (line->text, ':');

  if (colon == NULL || colon == line->text || !g_ascii_isalpha (colon[1]) || colon[2] != ':')
    return FALSE;
  *key_length = colon - line->text;
  *trimmed = g_strstrip (g_strndup (line->text, *key_length));
  return TRUE;
}

/**
 * rd_profile_text_rdp_get:
 *
 * Returns: (transfer full) (nullable): the value of the last line named
 *   @key (compared without regard to ASCII case), as mstsc reads it
 */
char *
rd_profile_text_rdp_get (const RdProfileText *self,
                         const char          *key)
{
  for (guint i = self->lines->len; i > 0; i--)
    {
      const Line *line = g_ptr_array_index (self->lines, i - 1);
      g_autofree char *name = NULL;
      gsize key_length = 0;

      if (rdp_line_key (line, &key_length, &name) && g_ascii_strcasecmp (name, key) == 0)
        return g_strdup (line->text + key_length + 3);
    }
  return NULL;
}

/**
 * rd_profile_text_rdp_set:
 * @key: a setting such as "full address"
 * @type: 's' or 'i'
 * @value: the value, without a line break
 *
 * Every line named @key gets the value (duplicates cannot disagree), the
 * name kept as it was spelt; a line already saying so is left untouched.
 * Without such a line, one is added at the end.
 */
void
rd_profile_text_rdp_set (RdProfileText *self,
                         const char    *key,
                         char           type,
                         const char    *value)
{
  gboolean found = FALSE;

  g_return_if_fail (strpbrk (value, "\r\n") == NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      g_autofree char *name = NULL;
      gsize key_length = 0;

      if (!rdp_line_key (line, &key_length, &name) || g_ascii_strcasecmp (name, key) != 0)
        continue;
      found = TRUE;
      if (line->text[key_length + 1] == type && g_str_equal (line->text + key_length + 3, value))
        continue;
      replace_line (line, g_strdup_printf ("%.*s:%c:%s", (int) key_length, line->text, type, value));
    }

  if (!found)
    insert_line (self, -1, g_strdup_printf ("%s:%c:%s", key, type, value));
}

/* Remmina: "[group]" lines, as GKeyFile reads them (leading blanks ignored). */
static gboolean
keyfile_group (const Line  *line,
               char       **name)
{
  const char *p = line->text;
  const char *close;

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '[' || (close = strchr (p, ']')) == NULL)
    return FALSE;
  *name = g_strndup (p + 1, close - p - 1);
  return TRUE;
}

/* "key=value" with the key trimmed; @value_start is where the value begins
 * (after '=' and the blanks GKeyFile skips). */
static gboolean
keyfile_key (const Line  *line,
             char       **key,
             gsize       *value_start)
{
  const char *p = line->text;
  const char *equals;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '#' || *p == '\0' || (equals = strchr (p, '=')) == NULL)
    return FALSE;
  *key = g_strchomp (g_strndup (p, equals - p));
  p = equals + 1;
  while (*p == ' ' || *p == '\t')
    p++;
  *value_start = p - line->text;
  return TRUE;
}

/* GKeyFile's escapes for a value it reads back as @value. */
static char *
keyfile_escape (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case ' ':
          g_string_append (out, p == value ? "\\s" : " ");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * rd_profile_text_keyfile_set:
 * @group: a group such as "remmina"
 * @key: a key in it (compared exactly, as GKeyFile does)
 * @value: the value, unescaped
 *
 * Sets @key in every [@group] section; a line already saying so is left
 * untouched. Without the key, a line is added after the last key of the
 * last such section (or a new section at the end).
 */
void
rd_profile_text_keyfile_set (RdProfileText *self,
                             const char    *group,
                             const char    *key,
                             const char    *value)
{
  g_autofree char *escaped = keyfile_escape (value);
  gboolean in_group = FALSE;
  gboolean found = FALSE;
  int last_in_group = -2;

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      g_autofree char *name = NULL;
      gsize value_start = 0;

      if (keyfile_group (line, &name))
        {
          in_group = g_str_equal (name, group);
          if (in_group)
            last_in_group = i;
          continue;
        }
      if (!in_group || !keyfile_key (line, &name, &value_start))
        continue;
      last_in_group = i;
      if (!g_str_equal (name, key))
        continue;
      found = TRUE;
      if (g_str_equal (line->text + value_start, escaped))
        continue;
      replace_line (line, g_strdup_printf ("%.*s%s", (int) value_start, line->text, escaped));
    }

  if (found)
    return;
  if (last_in_group == -2)
    {
      insert_line (self, -1, g_strdup_printf ("[%s]", group));
      last_in_group = self->lines->len - 1;
    }
  insert_line (self, last_in_group, g_strdup_printf ("%s=%s", key, escaped));
}
