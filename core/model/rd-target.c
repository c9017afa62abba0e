/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"
#include "rd-target-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rd-file.h"
#include "rd-json.h"
#include "rd-rdp-file.h"
#include "rd-remmina-file.h"

#define RD_MAX_NAME_LENGTH 253
#define RD_MAX_LABEL_LENGTH 63

/* Longest part of an input quoted back in a message, in characters. */
#define RD_QUOTE_MAX_CHARS 48

struct _RdTarget
{
  char *input;
  char *host;          /* ASCII: punycode for names, canonical for IPv6 */
  char *display_host;  /* Unicode form of host, to show to people */
  guint16 port;
  gboolean port_explicit;
  RdTargetKind kind;
  char *source_file;
  RdAppSecurity app_security;
  char *app;           /* the app whose saved connection this is, or NULL */
  GPtrArray *notes;    /* of RdTargetNote: what a person should know */
  /* The Remote Desktop Gateway the connection names; rdg_host NULL: none. */
  char *rdg_host;
  char *rdg_display_host;
  guint16 rdg_port;
  RdTargetKind rdg_kind;
  RdRdGatewayUsage rdg_usage;
  gint rdg_profile_usage;
  gint rdg_credentials_source;
};

/* The gateway settings of a connection file or link, as written. */
typedef struct
{
  char   *host;                /* NULL when none */
  gint64  usage;               /* -1 when not given */
  gint64  profile_usage;
  gint64  credentials_source;
} GatewaySettings;

#define GATEWAY_SETTINGS_INIT { NULL, -1, -1, -1 }

typedef struct
{
  gboolean warning;
  char *text;
} RdTargetNote;

/* A report file holds at most this many notes, each at most this long. */
#define RD_MAX_NOTES 8
#define RD_MAX_NOTE_LENGTH 2048

G_DEFINE_QUARK (rd-target-error-quark, rd_target_error)
G_DEFINE_BOXED_TYPE (RdTarget, rd_target, rd_target_ref, rd_target_unref)

static void
note_free (gpointer data)
{
  RdTargetNote *note = data;

  g_free (note->text);
  g_free (note);
}

static RdTarget *
rd_target_alloc (void)
{
  RdTarget *self = g_atomic_rc_box_new0 (RdTarget);

  self->rdg_usage = RD_RDGATEWAY_USAGE_UNKNOWN;
  self->rdg_profile_usage = -1;
  self->rdg_credentials_source = -1;
  self->notes = g_ptr_array_new_with_free_func (note_free);
  return self;
}

static void
add_note (RdTarget   *self,
          gboolean    warning,
          const char *text)
{
  RdTargetNote *note = g_new0 (RdTargetNote, 1);

  note->warning = warning;
  note->text = g_strdup (text);
  g_ptr_array_add (self->notes, note);
}

static void
rd_target_clear (gpointer data)
{
  RdTarget *self = data;

  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->display_host, g_free);
  g_clear_pointer (&self->source_file, g_free);
  g_clear_pointer (&self->app, g_free);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->rdg_host, g_free);
  g_clear_pointer (&self->rdg_display_host, g_free);
}

/**
 * rd_target_ref:
 * @self: a target
 *
 * Returns: (transfer full): @self, with one more reference
 */
RdTarget *
rd_target_ref (RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * rd_target_unref:
 * @self: (nullable) (transfer full): a target
 *
 * Drops one reference; the last one frees the target.
 */
void
rd_target_unref (RdTarget *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, rd_target_clear);
}

/* Where the password of "user:password@host" (or "scheme://user:password@
 * host") starts and ends in @text, if it has one: after the first ":" (or
 * its escape "%3A") before the last "@". A host never holds an "@", so the
 * last one ends the user part even when a password has "@", "/" or "#". */
static gboolean
find_password (const char  *text,
               const char **start,
               const char **end)
{
  const char *from = text;
  const char *at;

  /* After "scheme://", where a scheme is a letter, then letters, digits,
   * "+", "-" or ".". */
  if (g_ascii_isalpha (*from))
    {
      const char *p = from;

      while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
      if (g_str_has_prefix (p, "://"))
        from = p + 3;
    }

  at = strrchr (from, '@');
  if (at == NULL)
    return FALSE;

  for (const char *p = from; p < at; p++)
    {
      if (*p == ':')
        {
          *start = p + 1;
          *end = at;
          return TRUE;
        }
      if (p[0] == '%' && p[1] == '3' && (p[2] == 'A' || p[2] == 'a'))
        {
          *start = p + 3;
          *end = at;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * rd_target_redact_input:
 * @text: (nullable): an input as given, which may not be valid UTF-8
 *
 * Hides the password of an input written as "user:password@host", in any of
 * its forms ("rdp://user:password@host" too), so that echoing the input in
 * a message, a list or a report never shows it: "user:•••@host".
 *
 * Returns: (transfer full): @text with the password replaced by "•••"
 */
char *
rd_target_redact_input (const char *text)
{
  const char *start, *end;

  if (text == NULL)
    return g_strdup ("");

  if (!find_password (text, &start, &end))
    return g_strdup (text);

  return g_strdup_printf ("%.*s•••%s", (int) (start - text), text, end);
}

/* Returns a copy of part of an input fit to quote in a message: valid UTF-8,
 * without a password, no control characters, and cut short if very long. */
static char *
quote_part (const char *text,
            gssize      length)
{
  g_autofree char *made_valid = g_utf8_make_valid (text, length);
  g_autofree char *valid = rd_target_redact_input (made_valid);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == RD_QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Describes one character for a message: itself if it can be seen, its
 * code point otherwise. */
static char *
describe_char (gunichar c)
{
  if (g_unichar_isgraph (c))
    {
      char buffer[8] = { 0 };

      g_unichar_to_utf8 (c, buffer);
      return g_strdup (buffer);
    }

  return g_strdup_printf ("U+%04X", c);
}

static gboolean
is_trimmable (gunichar c)
{
  /* People paste addresses from web pages and chat: besides spaces and line
   * breaks these bring no-break and zero-width spaces. */
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF;
}

/* Trims whitespace from both ends of valid UTF-8. */
static char *
trim_text (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (start < end && is_trimmable (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trimmable (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
check_no_spaces (const char  *text,
                 GError     **error)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_trimmable (g_utf8_get_char (p)))
        {
          g_autofree char *quoted = quote_part (text, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_SPACES,
                       _("“%s” contains a space. A computer name or address has no spaces, "
                         "for example “pc01.example.com” or “192.0.2.10”."),
                       quoted);
          return FALSE;
        }
    }

  return TRUE;
}

/* "alice@pc01", "alice:secret@pc01": a user name (and password) where only a
 * computer goes. Named before any other problem, so that no message quotes
 * what follows the user name; the quote hides a password. */
static gboolean
check_no_user_info (const char  *text,
                    GError     **error)
{
  const char *at = strrchr (text, '@');
  const char *start, *end;
  g_autofree char *quoted = NULL;
  g_autofree char *host = NULL;

  if (at == NULL)
    return TRUE;

  quoted = quote_part (text, -1);
  host = at[1] != '\0' ? quote_part (at + 1, -1) : g_strdup ("pc01.example.com");
  if (find_password (text, &start, &end))
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USER_INFO,
                 _("“%s” has a user name and password before the “@”. Remove them and "
                   "enter only the computer, for example “%s”: Remote Desktop Doctor "
                   "never needs your user name or password."),
                 quoted, host);
  else
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_USER_INFO,
                 _("“%s” has a user name before the “@”. Remove it and enter only the "
                   "computer, for example “%s”: Remote Desktop Doctor never needs your "
                   "user name or password."),
                 quoted, host);
  return FALSE;
}

/* Control characters (a terminal escape pasted along, say) are named before
 * anything else: the brackets or colons around them would give a more
 * puzzling reason. */
static gboolean
check_no_control (const char  *text,
                  GError     **error)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        {
          g_autofree char *quoted = quote_part (text, -1);
          g_autofree char *what = describe_char (c);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” contains “%s”, which cannot be part of a computer name. "
                         "Use letters, digits, hyphens and dots, for example "
                         "“pc01.example.com”."),
                       quoted, what);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * rd_target_parse_port:
 * @text: a port number as typed
 * @port: (out) (optional): return location for the port
 * @error: return location for a %RD_TARGET_ERROR_BAD_PORT error
 *
 * Reads a port: decimal digits only, from 1 to 65535.
 *
 * Returns: %TRUE if @text is a port
 */
gboolean
rd_target_parse_port (const char  *text,
                      guint16     *port,
                      GError     **error)
{
  guint64 value = 0;
  gsize n_digits = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_PORT,
                           _("The port number is missing. A port is a number from 1 to 65535; "
                             "Remote Desktop normally uses 3389."));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_autofree char *quoted = quote_part (text, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_PORT,
                       _("“%s” is not a port number. A port is a number from 1 to 65535; "
                         "Remote Desktop normally uses 3389."),
                       quoted);
          return FALSE;
        }

      /* Leading zeros do not count; past six digits the value is surely too
       * large and need not be computed. */
      if (n_digits > 0 || *p != '0')
        n_digits++;
      if (n_digits <= 6)
        value = value * 10 + (guint64) (*p - '0');
    }

  if (value == 0 || value > G_MAXUINT16 || n_digits > 6)
    {
      g_autofree char *quoted = quote_part (text, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_PORT,
                   _("The port %s is out of range. A port is a number from 1 to 65535; "
                     "Remote Desktop normally uses 3389."),
                   quoted);
      return FALSE;
    }

  if (port != NULL)
    *port = (guint16) value;

  return TRUE;
}

static gboolean
is_numeric_name (const char *name)
{
  gboolean has_digit = FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (*p != '.')
        return FALSE;
    }

  return has_digit;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

/* Checks the ASCII form of a name label by label. */
static gboolean
check_ascii_name (const char  *ascii,
                  const char  *shown,
                  GError     **error)
{
  g_auto(GStrv) labels = NULL;
  gsize length = strlen (ascii);

  if (length > RD_MAX_NAME_LENGTH)
    {
      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_NAME_TOO_LONG,
                   _("The computer name is too long (%u characters). A full computer name "
                     "can have at most 253 characters."),
                   (guint) length);
      return FALSE;
    }

  /* Conversion drops some characters: a name of only those is no name. */
  if (length == 0)
    {
      g_autofree char *quoted = quote_part (shown, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                   _("“%s” is not a valid computer name. Use letters, digits, hyphens and "
                     "dots, for example “pc01.example.com”."),
                   quoted);
      return FALSE;
    }

  labels = g_strsplit (ascii, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize label_length = strlen (label);

      if (label_length == 0)
        {
          g_autofree char *quoted = quote_part (shown, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” has an empty part between dots. Each part of a computer name "
                         "needs at least one letter or digit, for example “pc01.example.com”."),
                       quoted);
          return FALSE;
        }

      if (label_length > RD_MAX_LABEL_LENGTH)
        {
          g_autofree char *quoted = quote_part (label, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_LABEL_TOO_LONG,
                       _("The part “%s” of the computer name is too long (%u characters). "
                         "Each part between dots can have at most 63 characters."),
                       quoted, (guint) label_length);
          return FALSE;
        }

      if (label[0] == '-' || label[label_length - 1] == '-')
        {
          g_autofree char *quoted = quote_part (label, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("The part “%s” of the computer name starts or ends with a hyphen, "
                         "which is not allowed."),
                       quoted);
          return FALSE;
        }

      for (const char *p = label; *p != '\0'; p++)
        {
          /* Windows computer names may have underscores, so they pass. */
          if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
            {
              g_autofree char *quoted = quote_part (shown, -1);
              g_autofree char *what = describe_char ((guchar) *p);

              g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                           _("“%s” contains “%s”, which cannot be part of a computer name. "
                             "Use letters, digits, hyphens and dots, for example "
                             "“pc01.example.com”."),
                           quoted, what);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Turns a host name as typed (maybe Unicode) into its ASCII and Unicode
 * forms, checking it on the way. */
static gboolean
parse_name (const char  *text,
            char       **host,
            char       **display_host,
            GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *unicode = NULL;
  gsize length;
  gboolean non_ascii = FALSE;

  name = g_strdup (text);
  length = strlen (name);

  /* A fully qualified name may end with a dot; DNS does not need it. */
  if (length > 1 && name[length - 1] == '.')
    name[--length] = '\0';

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80 && !g_unichar_iscntrl (c) && g_unichar_isdefined (c) &&
          g_unichar_type (c) != G_UNICODE_FORMAT)
        {
          non_ascii = TRUE;
          continue;
        }

      if (c < 0x80 && (g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.'))
        continue;

      {
        g_autofree char *quoted = quote_part (text, -1);
        g_autofree char *what = describe_char (c);

        if (c == '@')
          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” contains “@”. Enter only the computer name or address, "
                         "for example “pc01.example.com”; your user name is asked for "
                         "when you connect."),
                       quoted);
        else if (c == '/' || c == '\\')
          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” contains “%s”. Enter only the computer name or address, "
                         "for example “pc01.example.com”, not a web address or a path."),
                       quoted, what);
        else
          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” contains “%s”, which cannot be part of a computer name. "
                         "Use letters, digits, hyphens and dots, for example "
                         "“pc01.example.com”."),
                       quoted, what);
        return FALSE;
      }
    }

  if (non_ascii)
    {
      /* Catch empty parts first: the conversion would keep them or fail. */
      if (strstr (name, "..") != NULL || name[0] == '.')
        return check_ascii_name (name, text, error);

      ascii = g_hostname_to_ascii (name);
      if (ascii == NULL)
        {
          g_auto(GStrv) labels = g_strsplit (name, ".", -1);
          g_autofree char *quoted = NULL;

          for (guint i = 0; labels[i] != NULL; i++)
            {
              g_autofree char *label_ascii = g_hostname_to_ascii (labels[i]);

              if (label_ascii == NULL && strlen (labels[i]) > RD_MAX_LABEL_LENGTH)
                {
                  g_autofree char *quoted_label = quote_part (labels[i], -1);

                  g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_LABEL_TOO_LONG,
                               _("The part “%s” of the computer name is too long. Each part "
                                 "between dots can have at most 63 characters."),
                               quoted_label);
                  return FALSE;
                }
            }

          quoted = quote_part (text, -1);
          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” is not a valid international computer name."),
                       quoted);
          return FALSE;
        }
    }
  else
    {
      ascii = g_steal_pointer (&name);
    }

  if (!check_ascii_name (ascii, text, error))
    return FALSE;

  /* Names without punycode labels are shown as typed, in their case. The
   * conversion fails for labels that claim to be punycode and are not, or
   * (GLib does not check) decodes them to code points that do not exist. */
  if (g_hostname_is_ascii_encoded (ascii))
    unicode = g_hostname_to_unicode (ascii);
  else
    unicode = g_strdup (ascii);
  if (unicode == NULL || !g_utf8_validate (unicode, -1, NULL))
    {
      g_autofree char *quoted = quote_part (text, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                   _("“%s” is not a valid international computer name."),
                   quoted);
      return FALSE;
    }

  *host = g_steal_pointer (&ascii);
  *display_host = g_steal_pointer (&unicode);
  return TRUE;
}

/* Letters of other alphabets that look like Latin ones; the name a person
 * sees is in lower case (IDNA folds case), capitals are here for names read
 * back from elsewhere. */
static const struct
{
  gunichar c;
  const char *latin;
} lookalikes[] = {
  /* Cyrillic */
  { 0x0430, "a" }, { 0x0435, "e" }, { 0x043E, "o" }, { 0x0440, "p" }, { 0x0441, "c" },
  { 0x0443, "y" }, { 0x0445, "x" }, { 0x0455, "s" }, { 0x0456, "i" }, { 0x0458, "j" },
  { 0x04BB, "h" }, { 0x04CF, "l" }, { 0x0501, "d" }, { 0x051B, "q" }, { 0x051D, "w" },
  { 0x0410, "A" }, { 0x0412, "B" }, { 0x0415, "E" }, { 0x041A, "K" }, { 0x041C, "M" },
  { 0x041D, "H" }, { 0x041E, "O" }, { 0x0420, "P" }, { 0x0421, "C" }, { 0x0422, "T" },
  { 0x0425, "X" }, { 0x0405, "S" }, { 0x0406, "I" }, { 0x0408, "J" },
  /* Greek */
  { 0x03B1, "a" }, { 0x03B9, "i" }, { 0x03BA, "k" }, { 0x03BD, "v" }, { 0x03BF, "o" },
  { 0x03C1, "p" }, { 0x03C5, "u" }, { 0x03F2, "c" }, { 0x03F3, "j" },
  { 0x0391, "A" }, { 0x0392, "B" }, { 0x0395, "E" }, { 0x0396, "Z" }, { 0x0397, "H" },
  { 0x0399, "I" }, { 0x039A, "K" }, { 0x039C, "M" }, { 0x039D, "N" }, { 0x039F, "O" },
  { 0x03A1, "P" }, { 0x03A4, "T" }, { 0x03A5, "Y" }, { 0x03A7, "X" },
};

static const char *
latin_lookalike (gunichar c)
{
  for (gsize i = 0; i < G_N_ELEMENTS (lookalikes); i++)
    if (lookalikes[i].c == c)
      return lookalikes[i].latin;

  return NULL;
}

/* Names one Cyrillic or Greek letter for a person. */
static void
append_letter (GString  *out,
               gunichar  c)
{
  char buffer[8] = { 0 };
  const char *latin = latin_lookalike (c);
  gboolean cyrillic = g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC;

  g_unichar_to_utf8 (c, buffer);
  if (out->len > 0)
    g_string_append (out, ", ");
  /* Translators: these four name one letter in a list that ends the
   * sentence "The name “%s” has letters that look like Latin ones…: %s." */
  if (latin != NULL && cyrillic)
    g_string_append_printf (out, _("the Cyrillic letter “%s” (U+%04X), which looks like the "
                                   "Latin “%s”"), buffer, c, latin);
  else if (latin != NULL)
    g_string_append_printf (out, _("the Greek letter “%s” (U+%04X), which looks like the "
                                   "Latin “%s”"), buffer, c, latin);
  else if (cyrillic)
    g_string_append_printf (out, _("the Cyrillic letter “%s” (U+%04X)"), buffer, c);
  else
    g_string_append_printf (out, _("the Greek letter “%s” (U+%04X)"), buffer, c);
}

/* Whether a label could pass for a Latin one: it mixes Latin letters with
 * Cyrillic or Greek ones ("miсrosoft" with a Cyrillic "с"), or is made only
 * of Cyrillic or Greek letters that all look Latin ("сосо") in a name with
 * Latin letters elsewhere ("сосо.com"; "сосо.рф" is a Russian name). The
 * letters to name are added to @letters, each once. */
static gboolean
label_is_confusable (const char *label,
                     gboolean    latin_in_name,
                     GArray     *letters)
{
  gboolean latin = FALSE, other = FALSE, all_lookalike = TRUE;
  guint first = letters->len;

  for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (script == G_UNICODE_SCRIPT_LATIN)
        latin = TRUE;
      else if (script == G_UNICODE_SCRIPT_CYRILLIC || script == G_UNICODE_SCRIPT_GREEK)
        {
          gboolean seen = FALSE;

          other = TRUE;
          if (latin_lookalike (c) == NULL && g_unichar_isalpha (c))
            all_lookalike = FALSE;
          for (guint i = 0; i < letters->len && !seen; i++)
            seen = g_array_index (letters, gunichar, i) == c;
          if (!seen)
            g_array_append_val (letters, c);
        }
    }

  if (other && (latin || (all_lookalike && latin_in_name)))
    return TRUE;

  g_array_set_size (letters, first);
  return FALSE;
}

/* What a person should know about an international name: the ASCII form
 * that is looked up, and a warning when it could pass for another name. */
static void
add_name_notes (RdTarget *target)
{
  g_auto(GStrv) labels = NULL;
  g_autoptr(GArray) letters = NULL;
  g_autoptr(GString) named = NULL;
  g_autofree char *text = NULL;
  gboolean ascii = TRUE;
  gboolean latin = FALSE;

  for (const char *p = target->display_host; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      ascii &= c < 0x80;
      latin |= g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN;
    }
  if (ascii)
    return;

  letters = g_array_new (FALSE, FALSE, sizeof (gunichar));
  labels = g_strsplit (target->display_host, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    label_is_confusable (labels[i], latin, letters);

  if (letters->len == 0)
    {
      /* Translators: the name as shown, then its ASCII (punycode) form */
      text = g_strdup_printf (_("“%s” is an international name: it is looked up as “%s”."),
                              target->display_host, target->host);
      add_note (target, FALSE, text);
      return;
    }

  named = g_string_new (NULL);
  for (guint i = 0; i < letters->len && i < 6; i++)
    append_letter (named, g_array_index (letters, gunichar, i));
  if (letters->len > 6)
    g_string_append (named, ", …");

  /* Translators: the name as shown, a list of letters ("the Cyrillic letter
   * “с” (U+0441), which looks like the Latin “c”"), the name's ASCII form */
  text = g_strdup_printf (_("The name “%s” has letters that look like Latin ones but are not, "
                            "as forged addresses do: %s. It is looked up as “%s”. Check that "
                            "this is the computer you mean."),
                          target->display_host, named->str, target->host);
  add_note (target, TRUE, text);
}

static gboolean
is_ipv6 (const char  *text,
         char       **canonical)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return FALSE;

  if (canonical != NULL)
    *canonical = g_inet_address_to_string (address);
  return TRUE;
}

/* "fe80::1%eth0": a link-local address with its zone. The checks pass
 * addresses around as text and GLib's parser has no zone, so a zone would
 * be lost on the way and the wrong interface (or none) used: refused. */
static gboolean
set_if_zone_id (const char  *text,
                GError     **error)
{
  const char *percent = strchr (text, '%');
  g_autofree char *address = NULL;
  g_autofree char *quoted = NULL;

  if (percent == NULL)
    return FALSE;

  address = g_strndup (text, percent - text);
  if (!is_ipv6 (address, NULL))
    return FALSE;

  quoted = quote_part (text, -1);
  g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_ZONE_ID,
               _("“%s” has a zone id (the part after “%%”), which Remote Desktop Doctor "
                 "does not support. Use the computer's name, its IPv4 address or an IPv6 "
                 "address that is not link-local, for example “[2001:db8::1]:3389”."),
               quoted);
  return TRUE;
}

static gboolean
is_ipv4 (const char *text)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  return address != NULL && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4;
}

/* Fills host, display host and kind of @target from a host without port. */
static gboolean
parse_host (RdTarget    *target,
            const char  *text,
            GError     **error)
{
  g_autofree char *canonical = NULL;

  if (text[0] == '\0')
    {
      g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                           _("There is no computer name before the colon. Enter a name or "
                             "address and then the port, for example “pc01.example.com:3389”."));
      return FALSE;
    }

  if (is_ipv4 (text))
    {
      target->kind = RD_TARGET_KIND_IPV4;
      target->host = g_strdup (text);
      target->display_host = g_strdup (text);
      return TRUE;
    }

  if (is_ipv6 (text, &canonical))
    {
      target->kind = RD_TARGET_KIND_IPV6;
      target->host = g_strdup (canonical);
      target->display_host = g_steal_pointer (&canonical);
      return TRUE;
    }

  target->kind = RD_TARGET_KIND_NAME;
  if (!parse_name (text, &target->host, &target->display_host, error))
    return FALSE;

  /* Full-width digits and dots, as typed with some input methods, become an
   * IPv4 address only once converted. */
  if (is_ipv4 (target->host))
    {
      target->kind = RD_TARGET_KIND_IPV4;
      g_free (target->display_host);
      target->display_host = g_strdup (target->host);
      return TRUE;
    }

  if (is_numeric_name (target->host))
    {
      /* Resolvers read "10.1" or "3389" as an IPv4 address in an old
       * shorthand; a real name never is digits and dots only. */
      g_autofree char *quoted = quote_part (text, -1);

      g_clear_pointer (&target->host, g_free);
      g_clear_pointer (&target->display_host, g_free);
      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                   _("“%s” is not a valid IPv4 address. An IPv4 address is four numbers "
                     "from 0 to 255 separated by dots, for example “192.0.2.10”."),
                   quoted);
      return FALSE;
    }

  add_name_notes (target);
  return TRUE;
}

/* Parses "host", "host:port", "v6", "[v6]" or "[v6]:port" into @target. */
static gboolean
parse_host_port (RdTarget    *target,
                 const char  *text,
                 GError     **error)
{
  const char *colon;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');
      g_autofree char *inside = NULL;
      g_autofree char *canonical = NULL;

      if (close == NULL)
        {
          g_autofree char *quoted = quote_part (text, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_BRACKETS,
                       _("“%s” has an opening “[” without a closing “]”. Write an IPv6 "
                         "address in square brackets, for example “[2001:db8::1]:3389”."),
                       quoted);
          return FALSE;
        }

      if (close[1] != '\0' && close[1] != ':')
        {
          g_autofree char *quoted = quote_part (close + 1, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_BRACKETS,
                       _("“%s” follows the closing “]”. Only a port may follow it, "
                         "for example “[2001:db8::1]:3389”."),
                       quoted);
          return FALSE;
        }

      inside = g_strndup (text + 1, close - text - 1);
      if (set_if_zone_id (inside, error))
        return FALSE;
      if (!is_ipv6 (inside, &canonical))
        {
          g_autofree char *quoted = quote_part (inside, -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_BRACKETS,
                       _("“%s” is not an IPv6 address. Square brackets are only used "
                         "around IPv6 addresses, for example “[2001:db8::1]:3389”."),
                       quoted);
          return FALSE;
        }

      if (close[1] == ':')
        {
          if (!rd_target_parse_port (close + 2, &target->port, error))
            return FALSE;
          target->port_explicit = TRUE;
        }

      target->kind = RD_TARGET_KIND_IPV6;
      target->host = g_strdup (canonical);
      target->display_host = g_steal_pointer (&canonical);
      return TRUE;
    }

  if (strchr (text, '[') != NULL || strchr (text, ']') != NULL)
    {
      g_autofree char *quoted = quote_part (text, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_BRACKETS,
                   _("“%s” has square brackets in the wrong place. They are only used "
                     "around IPv6 addresses, for example “[2001:db8::1]:3389”."),
                   quoted);
      return FALSE;
    }

  colon = strchr (text, ':');
  if (colon != NULL && strchr (colon + 1, ':') != NULL)
    {
      /* Two colons or more: only an IPv6 address without a port. */
      if (set_if_zone_id (text, error))
        return FALSE;
      if (!parse_host (target, text, NULL) || target->kind != RD_TARGET_KIND_IPV6)
        {
          g_autofree char *quoted = quote_part (text, -1);

          g_clear_pointer (&target->host, g_free);
          g_clear_pointer (&target->display_host, g_free);
          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                       _("“%s” is not a valid IPv6 address. To give a port with an IPv6 "
                         "address, put the address in square brackets, for example "
                         "“[2001:db8::1]:3389”."),
                       quoted);
          return FALSE;
        }
      return TRUE;
    }

  if (colon != NULL)
    {
      g_autofree char *host = g_strndup (text, colon - text);

      if (!rd_target_parse_port (colon + 1, &target->port, error))
        return FALSE;
      target->port_explicit = TRUE;
      return parse_host (target, host, error);
    }

  return parse_host (target, text, error);
}

static gboolean
has_prefix_ascii_case (const char *text,
                       const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

static gboolean
set_uri_no_host (GError **error)
{
  g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_URI_NO_HOST,
                       _("The rdp:// link does not name a computer. A link looks like "
                         "“rdp://pc01.example.com” or "
                         "“rdp://full%20address=s:pc01.example.com”."));
  return FALSE;
}

/* Microsoft's form, "full address=s:pc01&username=s:alice": a name and "="
 * first. "alice:pa=ss@pc01" is a user and a password. */
static gboolean
is_parameter_list (const char *decoded)
{
  const char *equals = strchr (decoded, '=');

  return equals != NULL && strcspn (decoded, ":@") > (gsize) (equals - decoded);
}

/* Extracts the host (and maybe port) part of an rdp:// link: either
 * rdp://host:port or Microsoft's rdp://full%20address=s:host:port&... */
/* A value of a setting as .rdp files write it: "i:" and digits only. */
static gint64
setting_int (const char *value)
{
  guint64 number;

  if (value == NULL || !g_ascii_isdigit (value[0]) ||
      !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &number, NULL))
    return -1;
  return (gint64) number;
}

/* Reads one "name=type:value" parameter of an rdp:// link into @gateway
 * when it is a gateway setting. */
static void
read_gateway_param (GatewaySettings *gateway,
                    const char      *name,
                    const char      *value)
{
  if (g_ascii_strcasecmp (name, "gatewayhostname") == 0 && has_prefix_ascii_case (value, "s:"))
    {
      g_free (gateway->host);
      gateway->host = trim_text (value + 2);
    }
  else if (!has_prefix_ascii_case (value, "i:"))
    return;
  else if (g_ascii_strcasecmp (name, "gatewayusagemethod") == 0)
    gateway->usage = setting_int (value + 2);
  else if (g_ascii_strcasecmp (name, "gatewayprofileusagemethod") == 0)
    gateway->profile_usage = setting_int (value + 2);
  else if (g_ascii_strcasecmp (name, "gatewaycredentialssource") == 0)
    gateway->credentials_source = setting_int (value + 2);
}

static char *
parse_uri (const char       *text,
           GatewaySettings  *gateway,
           GError          **error)
{
  g_autofree char *rest = NULL;
  g_autofree char *decoded = NULL;
  gsize length;

  rest = g_strdup (text + strlen ("rdp://"));
  length = strlen (rest);
  if (length > 0 && rest[length - 1] == '/')
    rest[length - 1] = '\0';

  if (rest[0] == '\0')
    {
      set_uri_no_host (error);
      return NULL;
    }

  /* A zero byte would cut the name short where C strings end. */
  if (strstr (rest, "%00") != NULL)
    {
      g_autofree char *quoted = quote_part (text, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_URI,
                   _("The link “%s” is damaged: it has “%%00”, a zero byte, which no "
                     "computer name contains. Copy the whole link again."),
                   quoted);
      return NULL;
    }

  /* Refuses bad escapes and escaped NUL bytes. */
  decoded = g_uri_unescape_string (rest, NULL);
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_autofree char *quoted = quote_part (text, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_URI,
                   _("The link “%s” is damaged: it has a “%%” that is not followed by a "
                     "valid code. Copy the whole link again."),
                   quoted);
      return NULL;
    }

  /* A user name is named as such, whatever else the link holds. */
  if (strchr (decoded, '@') != NULL && !is_parameter_list (decoded))
    return g_steal_pointer (&decoded);

  if (is_parameter_list (decoded))
    {
      /* Split before decoding: a value may hold an escaped "&". Every
       * parameter decodes, as the whole did. */
      g_auto(GStrv) params = g_strsplit (rest, "&", -1);
      g_autofree char *address = NULL;

      for (guint i = 0; params[i] != NULL; i++)
        {
          g_autofree char *param = g_uri_unescape_string (params[i], NULL);
          const char *equals = param != NULL ? strchr (param, '=') : NULL;
          g_autofree char *name = NULL;

          if (equals == NULL)
            continue;

          name = g_strndup (param, equals - param);
          g_strstrip (name);
          if (g_ascii_strcasecmp (name, "full address") == 0 &&
              has_prefix_ascii_case (equals + 1, "s:"))
            {
              g_free (address);
              address = trim_text (equals + 3);
            }
          else
            read_gateway_param (gateway, name, equals + 1);
        }

      if (address == NULL || address[0] == '\0')
        {
          set_uri_no_host (error);
          return NULL;
        }

      return g_steal_pointer (&address);
    }

  if (strpbrk (decoded, "/?#") != NULL)
    {
      g_autofree char *quoted = quote_part (text, -1);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_URI,
                   _("The link “%s” has more than a computer name and port. A link looks "
                     "like “rdp://pc01.example.com:3389”."),
                   quoted);
      return NULL;
    }

  return g_steal_pointer (&decoded);
}

/* Returns TRUE if @text starts with "scheme:/", which a host and port
 * never do. */
static gboolean
has_scheme (const char *text)
{
  const char *p = text;

  if (!g_ascii_isalpha (*p))
    return FALSE;

  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  return g_str_has_prefix (p, ":/");
}

static RdTarget *parse_address (const char  *input,
                                gboolean     allow_uri,
                                GError     **error);

static void
gateway_settings_clear (GatewaySettings *settings)
{
  g_clear_pointer (&settings->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GatewaySettings, gateway_settings_clear)

/* Values outside what the setting can hold count as not given. */
static gint
setting_in_range (gint64 value,
                  gint64 max)
{
  return value >= 0 && value <= max ? (gint) value : -1;
}

/* Gives @target the gateway of @settings. A gateway that is no valid
 * address is an error: the user's app could not reach it either. */
static gboolean
set_rdgateway (RdTarget               *target,
               const GatewaySettings  *settings,
               GError                **error)
{
  g_autoptr(RdTarget) gateway = NULL;

  target->rdg_usage = setting_in_range (settings->usage, RD_RDGATEWAY_USAGE_BYPASS_LOCAL);
  target->rdg_profile_usage = setting_in_range (settings->profile_usage, G_MAXINT32);
  target->rdg_credentials_source = setting_in_range (settings->credentials_source, G_MAXINT32);

  if (settings->host == NULL || is_blank (settings->host))
    return TRUE;

  gateway = parse_address (settings->host, FALSE, error);
  if (gateway == NULL)
    {
      g_prefix_error (error, _("The Remote Desktop Gateway setting is wrong: "));
      return FALSE;
    }

  target->rdg_host = g_steal_pointer (&gateway->host);
  target->rdg_display_host = g_steal_pointer (&gateway->display_host);
  target->rdg_kind = gateway->kind;
  target->rdg_port = gateway->port_explicit ? gateway->port : RD_RDGATEWAY_DEFAULT_PORT;
  return TRUE;
}

static RdTarget *
parse_address (const char  *input,
               gboolean     allow_uri,
               GError     **error)
{
  g_autoptr(RdTarget) target = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *from_uri = NULL;
  g_auto(GatewaySettings) gateway = GATEWAY_SETTINGS_INIT;
  const char *address;

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    {
      if (input != NULL)
        {
          g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
                               _("The computer name contains characters that are not text. "
                                 "Type it again, for example “pc01.example.com”."));
          return NULL;
        }
      input = "";
    }

  trimmed = trim_text (input);
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_EMPTY,
                           _("Enter the name or address of the computer you connect to."));
      return NULL;
    }

  address = trimmed;
  if (allow_uri && has_prefix_ascii_case (trimmed, "rdp://"))
    {
      from_uri = parse_uri (trimmed, &gateway, error);
      if (from_uri == NULL)
        return NULL;
      address = from_uri;
    }
  else if (has_scheme (trimmed))
    {
      g_autofree char *quoted = quote_part (trimmed, -1);

      if (allow_uri && has_prefix_ascii_case (trimmed, "rdp:"))
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_URI,
                     _("The link “%s” is damaged. A link looks like "
                       "“rdp://pc01.example.com:3389”."),
                     quoted);
      else
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_URI,
                   _("“%s” is not a Remote Desktop address. Enter a computer name such as "
                     "“pc01.example.com”, or an rdp:// link."),
                   quoted);
      return NULL;
    }

  if (!check_no_user_info (address, error) ||
      !check_no_spaces (address, error) || !check_no_control (address, error))
    return NULL;

  target = rd_target_alloc ();
  target->input = g_strdup (input);
  target->port = RD_DEFAULT_PORT;

  if (!parse_host_port (target, address, error))
    return NULL;

  if (from_uri != NULL && !set_rdgateway (target, &gateway, error))
    return NULL;

  return g_steal_pointer (&target);
}

/**
 * rd_target_parse:
 * @input: what a person typed or pasted
 * @error: return location for an #RdTargetError
 *
 * Reads a computer name or address, optionally with a port, as a name,
 * IPv4 or IPv6 address, or an rdp:// link.
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 */
RdTarget *
rd_target_parse (const char  *input,
                 GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_address (input, TRUE, error);
}

/* A file that cannot be read as what it claims to be: @reason is for a
 * person, the parser's own @evidence stays in parentheses. */
static void
set_file_invalid (const char  *display_name,
                  gboolean     remmina,
                  const char  *reason,
                  const char  *evidence,
                  GError     **error)
{
  g_autofree char *what = NULL;

  if (remmina && display_name != NULL)
    what = g_strdup_printf (_("“%s” is not a valid Remmina profile."), display_name);
  else if (remmina)
    what = g_strdup (_("This is not a valid Remmina profile."));
  else if (display_name != NULL)
    what = g_strdup_printf (_("“%s” is not a valid Remote Desktop connection file."),
                            display_name);
  else
    what = g_strdup (_("This is not a valid Remote Desktop connection file."));

  g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID,
               "%s %s (%s)", what, reason, evidence);
}

static void
set_file_empty (const char  *display_name,
                GError     **error)
{
  if (display_name != NULL)
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                 _("The connection file “%s” is empty. Save the connection again "
                   "from your Remote Desktop app."),
                 display_name);
  else
    g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                         _("The connection file is empty. Save the connection again "
                           "from your Remote Desktop app."));
}

/* Errors about the address a file holds say which file it was. */
static RdTarget *
parse_address_in_file (const char  *address,
                       const char  *display_name,
                       GError     **error)
{
  RdTarget *target = parse_address (address, FALSE, error);

  if (target == NULL && display_name != NULL)
    g_prefix_error (error, _("In the connection file “%s”: "), display_name);
  return target;
}

/* Two lines of one setting with different values: which one an app uses is
 * not written down anywhere, so the file is refused rather than read as the
 * person may not have meant. The same value twice is harmless. */
static gboolean
check_one_value (const RdRdpFile  *file,
                 const char       *key,
                 const char       *display_name,
                 GError          **error)
{
  g_autoptr(GPtrArray) values = rd_rdp_file_get_strings (file, key);
  g_autofree char *first = NULL;

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *value = trim_text (g_ptr_array_index (values, i));
      g_autofree char *quoted_first = NULL;
      g_autofree char *quoted_other = NULL;

      if (value[0] == '\0')
        continue;
      if (first == NULL)
        {
          first = g_steal_pointer (&value);
          continue;
        }
      if (g_ascii_strcasecmp (first, value) == 0)
        continue;

      quoted_first = quote_part (first, -1);
      quoted_other = quote_part (value, -1);
      if (display_name != NULL)
        /* Translators: the second %s is a setting's name, "full address" or "server port" */
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_CONFLICT,
                     _("The connection file “%s” has two “%s” lines that disagree: “%s” and "
                       "“%s”. Keep only the right one, then check again."),
                     display_name, key, quoted_first, quoted_other);
      else
        /* Translators: the first %s is a setting's name, "full address" or "server port" */
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_CONFLICT,
                     _("The connection file has two “%s” lines that disagree: “%s” and “%s”. "
                       "Keep only the right one, then check again."),
                     key, quoted_first, quoted_other);
      return FALSE;
    }

  return TRUE;
}

static gint64
rdp_file_int (const RdRdpFile *file,
              const char      *key)
{
  gint64 value;

  return rd_rdp_file_get_int (file, key, &value) ? value : -1;
}

static gboolean
set_rdgateway_from_rdp_file (RdTarget         *target,
                             const RdRdpFile  *file,
                             const char       *display_name,
                             GError          **error)
{
  GatewaySettings settings = {
    .host = (char *) rd_rdp_file_get_string (file, "gatewayhostname"),
    .usage = rdp_file_int (file, "gatewayusagemethod"),
    .profile_usage = rdp_file_int (file, "gatewayprofileusagemethod"),
    .credentials_source = rdp_file_int (file, "gatewaycredentialssource"),
  };

  if (set_rdgateway (target, &settings, error))
    return TRUE;
  if (display_name != NULL)
    g_prefix_error (error, _("In the connection file “%s”: "), display_name);
  return FALSE;
}

static RdTarget *
new_from_rdp_data (const char  *data,
                   gsize        length,
                   const char  *display_name,
                   GError     **error)
{
  g_autoptr(RdRdpFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RdTarget) target = NULL;
  const char *address;
  gint64 server_port;

  file = rd_rdp_file_parse ((const guint8 *) data, length, &local_error);
  if (file == NULL)
    {
      const char *reason;

      if (g_error_matches (local_error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_TOO_LARGE))
        reason = _("It is too large: connection files are a few kilobytes.");
      else if (g_error_matches (local_error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_BINARY))
        reason = _("It is not a text file.");
      else if (g_error_matches (local_error, RD_RDP_FILE_ERROR, RD_RDP_FILE_ERROR_BIG_ENDIAN))
        reason = _("It is saved as big-endian UTF-16, which Remote Desktop apps do not read. "
                   "Save it again as UTF-8 or as Windows does (UTF-16 little-endian).");
      else
        reason = _("Its text is damaged or in an encoding other than UTF-8 or UTF-16.");

      set_file_invalid (display_name, FALSE, reason, local_error->message, error);
      return NULL;
    }

  /* Nothing but a byte order mark and blank lines is as empty as nothing. */
  if (rd_rdp_file_get_n_lines (file) == 0)
    {
      set_file_empty (display_name, error);
      return NULL;
    }

  address = rd_rdp_file_get_string (file, "full address");
  if (address != NULL && is_blank (address))
    {
      if (display_name != NULL)
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                     _("The connection file “%s” does not say which computer to connect to: "
                       "its “full address” line is empty."),
                     display_name);
      else
        g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                             _("The connection file does not say which computer to connect "
                               "to: its “full address” line is empty."));
      return NULL;
    }
  if (address == NULL)
    {
      if (display_name != NULL)
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                     _("The connection file “%s” does not say which computer to connect to: "
                       "it has no “full address” line."),
                     display_name);
      else
        g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                             _("The connection file does not say which computer to connect "
                               "to: it has no “full address” line."));
      return NULL;
    }

  if (!check_one_value (file, "full address", display_name, error))
    return NULL;

  target = parse_address_in_file (address, display_name, error);
  if (target == NULL)
    return NULL;

  if (!target->port_explicit && rd_rdp_file_get_string (file, "server port") != NULL)
    {
      if (!check_one_value (file, "server port", display_name, error))
        return NULL;

      if (!rd_rdp_file_get_int (file, "server port", &server_port) ||
          server_port < 1 || server_port > G_MAXUINT16)
        {
          g_autofree char *quoted = quote_part (rd_rdp_file_get_string (file, "server port"),
                                                -1);

          g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_PORT,
                       _("The connection file has “%s” as the server port, which is not a "
                         "port number. A port is a number from 1 to 65535."),
                       quoted);
          return NULL;
        }

      target->port = (guint16) server_port;
      target->port_explicit = TRUE;
    }

  if (!set_rdgateway_from_rdp_file (target, file, display_name, error))
    return NULL;

  /* mstsc without CredSSP asks for TLS alone. */
  if (rdp_file_int (file, "enablecredsspsupport") == 0)
    target->app_security = RD_APP_SECURITY_TLS;

  return g_steal_pointer (&target);
}

static void
set_remmina_no_server (const char  *display_name,
                       GError     **error)
{
  if (display_name != NULL)
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                 _("The Remmina profile “%s” does not say which computer to connect to: "
                   "its “server” setting is missing or empty."),
                 display_name);
  else
    g_set_error_literal (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS,
                         _("The Remmina profile does not say which computer to connect to: "
                           "its “server” setting is missing or empty."));
}

static const char * const app_security_names[] = { "negotiate", "nla", "tls", "rdp", "nla-ext" };

G_STATIC_ASSERT (G_N_ELEMENTS (app_security_names) == RD_APP_SECURITY_NLA_EXT + 1);

/**
 * rd_app_security_to_string:
 *
 * Returns: the name of @security in reports, "negotiate" for unknown values
 */
const char *
rd_app_security_to_string (RdAppSecurity security)
{
  if ((guint) security >= G_N_ELEMENTS (app_security_names))
    return app_security_names[RD_APP_SECURITY_NEGOTIATE];
  return app_security_names[security];
}

static gboolean
app_security_from_string (const char    *text,
                          RdAppSecurity *security)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (app_security_names); i++)
    if (g_str_equal (text, app_security_names[i]))
      {
        *security = i;
        return TRUE;
      }
  return FALSE;
}

/* Remmina's "security": "" negotiates; "nla", "tls", "rdp" and "ext" (NLA
 * with early user authorization) set one (plugins/rdp/rdp_plugin.c). An
 * unknown value is taken as Remmina takes it: negotiate. Takes @value. */
static RdAppSecurity
remmina_security (char *value)
{
  g_autofree char *text = value;
  RdAppSecurity security = RD_APP_SECURITY_NEGOTIATE;

  if (text == NULL)
    return security;
  g_strstrip (text);
  if (g_ascii_strcasecmp (text, "nla") == 0)
    security = RD_APP_SECURITY_NLA;
  else if (g_ascii_strcasecmp (text, "tls") == 0)
    security = RD_APP_SECURITY_TLS;
  else if (g_ascii_strcasecmp (text, "rdp") == 0)
    security = RD_APP_SECURITY_RDP;
  else if (g_ascii_strcasecmp (text, "ext") == 0)
    security = RD_APP_SECURITY_NLA_EXT;
  return security;
}

static RdTarget *
new_from_remmina_data (const char  *data,
                       gsize        length,
                       const char  *display_name,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *protocol = NULL;
  g_autofree char *server = NULL;
  g_autoptr(RdTarget) target = NULL;
  g_auto(GatewaySettings) gateway = GATEWAY_SETTINGS_INIT;
  gint64 gateway_usage = -1;
  gsize i = 0;

  /* Blank (after an optional byte order mark) is empty, not damaged. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length)
    {
      set_file_empty (display_name, error);
      return NULL;
    }

  server = rd_remmina_file_parse_server ((const guint8 *) data, length, &protocol,
                                         &local_error);
  if (server == NULL &&
      g_error_matches (local_error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NOT_RDP))
    {
      g_autofree char *quoted = quote_part (protocol != NULL ? protocol : "", -1);

      if (display_name != NULL)
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID,
                     _("“%s” is a Remmina profile for %s, not for Remote Desktop (RDP). "
                       "Remote Desktop Doctor checks Remote Desktop connections only."),
                     display_name, quoted);
      else
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID,
                     _("This is a Remmina profile for %s, not for Remote Desktop (RDP). "
                       "Remote Desktop Doctor checks Remote Desktop connections only."),
                     quoted);
      return NULL;
    }

  if ((server == NULL &&
       g_error_matches (local_error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NO_SERVER)) ||
      (server != NULL && is_blank (server)))
    {
      set_remmina_no_server (display_name, error);
      return NULL;
    }

  if (server == NULL)
    {
      const char *reason;

      /* The parser sets only errors of its own domain. */
      switch ((RdRemminaFileError) local_error->code)
        {
        case RD_REMMINA_FILE_ERROR_TOO_LARGE:
          reason = _("It is too large: profiles are a few kilobytes.");
          break;
        case RD_REMMINA_FILE_ERROR_BINARY:
          reason = _("It is not a text file.");
          break;
        case RD_REMMINA_FILE_ERROR_ENCODING:
          reason = _("Its text is damaged or not in UTF-8.");
          break;
        case RD_REMMINA_FILE_ERROR_NO_GROUP:
          reason = _("It has no “[remmina]” section.");
          break;
        case RD_REMMINA_FILE_ERROR_SYNTAX:
        case RD_REMMINA_FILE_ERROR_NOT_RDP:
        case RD_REMMINA_FILE_ERROR_NO_SERVER:
        default:
          reason = _("Its lines are not “name=value” settings under a “[remmina]” heading.");
          break;
        }

      set_file_invalid (display_name, TRUE, reason, local_error->message, error);
      return NULL;
    }

  target = parse_address_in_file (server, display_name, error);
  if (target == NULL)
    return NULL;

  target->app_security = remmina_security (rd_remmina_file_parse_setting ((const guint8 *) data, length, "security"));

  /* Remmina goes through the gateway whenever it names one; its
   * "gateway_usage" lets it try the computer directly first. */
  gateway.host = rd_remmina_file_parse_gateway ((const guint8 *) data, length, &gateway_usage);
  if (gateway.host != NULL)
    gateway.usage = gateway_usage == 1 ? RD_RDGATEWAY_USAGE_DETECT : RD_RDGATEWAY_USAGE_ALWAYS;
  if (!set_rdgateway (target, &gateway, error))
    {
      if (display_name != NULL)
        g_prefix_error (error, _("In the connection file “%s”: "), display_name);
      return NULL;
    }
  return g_steal_pointer (&target);
}

/**
 * rd_target_new_from_rdp_data:
 * @data: (array length=length): the contents of a .rdp file
 * @length: the number of bytes in @data
 * @error: return location for an #RdTargetError
 *
 * Reads the target of a .rdp connection file: its "full address", and its
 * "server port" when the address has none.
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 */
RdTarget *
rd_target_new_from_rdp_data (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_rdp_data (data, length, NULL, error);
}

/**
 * rd_target_new_from_remmina_data:
 * @data: (array length=length): the contents of a .remmina file
 * @length: the number of bytes in @data
 * @error: return location for an #RdTargetError
 *
 * Reads the target of a Remmina profile: the "server" of its [remmina]
 * group, which must be for RDP.
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 */
RdTarget *
rd_target_new_from_remmina_data (const char  *data,
                                 gsize        length,
                                 GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_remmina_data (data, length, NULL, error);
}

static gboolean
set_not_regular (const char  *display_name,
                 mode_t       mode,
                 GError     **error)
{
  if (S_ISDIR (mode))
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                 _("“%s” is a folder, not a connection file. Choose a .rdp file or a "
                   "Remmina profile (.remmina)."),
                 display_name);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                 _("“%s” is a device, not a connection file. Choose a .rdp file or a "
                   "Remmina profile (.remmina)."),
                 display_name);
  else if (S_ISFIFO (mode))
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                 _("“%s” is a pipe, not a connection file. Choose a .rdp file or a "
                   "Remmina profile (.remmina)."),
                 display_name);
  else
    g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                 _("“%s” is not an ordinary file, so it cannot be a connection file. "
                   "Choose a .rdp file or a Remmina profile (.remmina)."),
                 display_name);
  return FALSE;
}

static gboolean
set_too_large (const char  *display_name,
               guint64      size,
               GError     **error)
{
  g_autofree char *text = g_format_size (size);

  g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID,
               _("“%s” is too large (%s) to be a Remote Desktop connection file; "
                 "those are a few kilobytes."),
               display_name, text);
  return FALSE;
}

/* Reads a whole connection file of at most @max_size bytes. The type is
 * checked on the open descriptor, not on the name, so that nothing can be
 * swapped in between: opening never blocks (a pipe has no writer, a device
 * may wait), and only a regular file is read, never more than the limit. */
static gboolean
read_connection_file (const char  *path,
                      const char  *display_name,
                      gsize        max_size,
                      char       **data,
                      gsize       *length,
                      GError     **error)
{
  g_autoptr(GString) buffer = NULL;
  struct stat buf;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      GStatBuf lbuf;

      /* A socket cannot be opened; say what it is rather than ENXIO. */
      if (saved_errno == ENXIO && g_stat (path, &lbuf) == 0)
        return set_not_regular (display_name, lbuf.st_mode, error);

      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                   _("Could not read the connection file “%s”: %s."),
                   display_name, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &buf) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                   _("Could not read the connection file “%s”: %s."),
                   display_name, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (buf.st_mode))
    {
      close (fd);
      return set_not_regular (display_name, buf.st_mode, error);
    }

  if (buf.st_size < 0 || (guint64) buf.st_size > max_size)
    {
      close (fd);
      return set_too_large (display_name, (guint64) MAX (buf.st_size, 0), error);
    }

  /* One byte more than allowed tells a file that grew past the limit (or a
   * file whose size the kernel does not know) from one that fits. */
  buffer = g_string_sized_new ((gsize) buf.st_size + 1);
  {
    int saved_errno = 0;

    if (!rd_file_read_bounded (fd, max_size, buffer, &saved_errno))
      {
        close (fd);
        g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE,
                     _("Could not read the connection file “%s”: %s."),
                     display_name, g_strerror (saved_errno));
        return FALSE;
      }
  }
  close (fd);

  if (buffer->len > max_size)
    return set_too_large (display_name, buffer->len, error);

  *length = buffer->len;
  *data = g_string_free (g_steal_pointer (&buffer), FALSE);
  return TRUE;
}

static gboolean
has_suffix_ascii_case (const char *text,
                       const char *suffix)
{
  gsize text_length = strlen (text);
  gsize suffix_length = strlen (suffix);

  return text_length >= suffix_length &&
         g_ascii_strcasecmp (text + text_length - suffix_length, suffix) == 0;
}

/**
 * rd_target_new_from_file:
 * @path: a .rdp file or a Remmina profile, in the GLib file name encoding
 * @error: return location for an #RdTargetError
 *
 * Reads the target of a connection file on disk: a Remmina profile when its
 * name ends in .remmina or it starts with a [remmina] heading, a .rdp file
 * otherwise. Only regular files up to %RD_RDP_FILE_MAX_SIZE bytes are read;
 * opening never blocks.
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 */
RdTarget *
rd_target_new_from_file (const char  *path,
                         GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  G_STATIC_ASSERT (RD_REMMINA_FILE_MAX_SIZE == RD_RDP_FILE_MAX_SIZE);
  if (!rd_target_read_file (path, RD_RDP_FILE_MAX_SIZE, &data, &length, error))
    return NULL;
  return rd_target_new_from_file_data (path, data, length, error);
}

/**
 * rd_target_read_file:
 * @path: a file, in the GLib file name encoding
 * @max_size: the most bytes it may have
 * @data: (out) (transfer full): its bytes, NUL-terminated
 * @length: (out): the number of bytes
 * @error: return location for an #RdTargetError
 *
 * Reads a whole file the way connection files are read: only a regular
 * file (a symbolic link is followed, a loop of them is an error), never
 * blocking on a pipe or a device, never more than @max_size bytes. The
 * errors are sentences for a person.
 *
 * Returns: whether @data was read
 */
gboolean
rd_target_read_file (const char  *path,
                     gsize        max_size,
                     char       **data,
                     gsize       *length,
                     GError     **error)
{
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL && length != NULL, FALSE);

  display_name = g_filename_display_name (path);
  return read_connection_file (path, display_name, max_size, data, length, error);
}

/**
 * rd_target_new_from_file_data:
 * @path: the file @data was read from
 * @data: (array length=length): its bytes, as rd_target_read_file() gave them
 * @length: the number of bytes in @data
 * @error: return location for an #RdTargetError
 *
 * The second half of rd_target_new_from_file(), for a caller that reads
 * the file itself (to take more from it than the computer).
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 */
RdTarget *
rd_target_new_from_file_data (const char  *path,
                              const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(RdTarget) target = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  if (data == NULL)
    data = "";

  if (has_suffix_ascii_case (path, ".remmina") ||
      (!has_suffix_ascii_case (path, ".rdp") &&
       rd_remmina_file_looks_like ((const guint8 *) data, length)))
    target = new_from_remmina_data (data, length, display_name, error);
  else
    target = new_from_rdp_data (data, length, display_name, error);
  if (target == NULL)
    return NULL;

  target->source_file = g_strdup (path);
  return g_steal_pointer (&target);
}

/**
 * rd_target_copy_with_port:
 * @self: a target
 * @port: a port, not 0
 *
 * Returns: (transfer full): a copy of @self with @port as its explicit port
 */
RdTarget *
rd_target_copy_with_port (const RdTarget *self,
                          guint16         port)
{
  RdTarget *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (port != 0, NULL);

  copy = rd_target_alloc ();
  copy->input = g_strdup (self->input);
  copy->host = g_strdup (self->host);
  copy->display_host = g_strdup (self->display_host);
  copy->port = port;
  copy->port_explicit = TRUE;
  copy->kind = self->kind;
  copy->source_file = g_strdup (self->source_file);
  copy->app_security = self->app_security;
  copy->app = g_strdup (self->app);
  for (guint i = 0; i < self->notes->len; i++)
    {
      const RdTargetNote *note = g_ptr_array_index (self->notes, i);

      add_note (copy, note->warning, note->text);
    }
  copy->rdg_host = g_strdup (self->rdg_host);
  copy->rdg_display_host = g_strdup (self->rdg_display_host);
  copy->rdg_port = self->rdg_port;
  copy->rdg_kind = self->rdg_kind;
  copy->rdg_usage = self->rdg_usage;
  copy->rdg_profile_usage = self->rdg_profile_usage;
  copy->rdg_credentials_source = self->rdg_credentials_source;

  return copy;
}

/**
 * rd_target_get_input:
 * @self: a target
 *
 * Returns: the text the target was read from, as given
 */
const char *
rd_target_get_input (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->input;
}

/**
 * rd_target_get_host:
 * @self: a target
 *
 * Returns: the host to resolve or connect to, in ASCII: a name in its
 *   punycode form, or an address
 */
const char *
rd_target_get_host (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

/**
 * rd_target_get_display_host:
 * @self: a target
 *
 * Returns: the host to show to a person, with international names in
 *   Unicode
 */
const char *
rd_target_get_display_host (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->display_host;
}

/**
 * rd_target_get_port:
 * @self: a target
 *
 * Returns: the port, %RD_DEFAULT_PORT unless the input named another
 */
guint16
rd_target_get_port (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/**
 * rd_target_get_port_explicit:
 * @self: a target
 *
 * Returns: %TRUE if the input named the port
 */
gboolean
rd_target_get_port_explicit (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->port_explicit;
}

/**
 * rd_target_get_kind:
 * @self: a target
 *
 * Returns: whether the host is a name or an IPv4 or IPv6 address
 */
RdTargetKind
rd_target_get_kind (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, RD_TARGET_KIND_NAME);

  return self->kind;
}

/* An app's name as a connection store gives it: a few letters, digits and
 * dashes, nothing to show or run as it is. */
static gboolean
is_app_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-')
      return FALSE;
  return TRUE;
}

void
rd_target_set_app (RdTarget   *self,
                   const char *app)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (app == NULL || is_app_name (app));

  g_free (self->app);
  self->app = g_strdup (app);
}

/**
 * rd_target_get_app:
 *
 * Returns: (nullable): the app whose saved connection this is
 *   ("gnome-connections"), %NULL when none is known
 */
const char *
rd_target_get_app (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->app;
}

/**
 * rd_target_get_app_security:
 *
 * Returns: the security the connection's app is set to use
 */
RdAppSecurity
rd_target_get_app_security (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, RD_APP_SECURITY_NEGOTIATE);

  return self->app_security;
}

/**
 * rd_target_get_source_file:
 * @self: a target
 *
 * Returns: (nullable): the .rdp file the target was read from, if any
 */
const char *
rd_target_get_source_file (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source_file;
}

/**
 * rd_target_get_n_notes:
 * @self: a target
 *
 * Returns: how many notes a person should read about the target, such as
 *   the ASCII form of an international name
 */
guint
rd_target_get_n_notes (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->notes->len;
}

/**
 * rd_target_get_note:
 * @self: a target
 * @index: below rd_target_get_n_notes()
 * @warning: (out) (optional): whether the note warns (the name could pass
 *   for another one) rather than informs
 *
 * Returns: the note, a translated sentence or two
 */
const char *
rd_target_get_note (const RdTarget *self,
                    guint           index,
                    gboolean       *warning)
{
  const RdTargetNote *note;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->notes->len, NULL);

  note = g_ptr_array_index (self->notes, index);
  if (warning != NULL)
    *warning = note->warning;
  return note->text;
}

/**
 * rd_target_to_string:
 * @self: a target
 *
 * Returns: (transfer full): "host:port", or "[address]:port" for IPv6
 */
char *
rd_target_to_string (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == RD_TARGET_KIND_IPV6)
    return g_strdup_printf ("[%s]:%u", self->host, (guint) self->port);

  return g_strdup_printf ("%s:%u", self->host, (guint) self->port);
}

/**
 * rd_target_uses_rdgateway:
 * @self: a target
 *
 * The user's app goes through a Remote Desktop Gateway: the connection names
 * one and says to use it always, when the computer cannot be reached
 * directly, or as the administrator's policy says (which names it).
 *
 * Returns: %TRUE if the connection goes (or may go) through the gateway
 */
gboolean
rd_target_uses_rdgateway (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->rdg_host != NULL &&
         (self->rdg_usage == RD_RDGATEWAY_USAGE_ALWAYS ||
          self->rdg_usage == RD_RDGATEWAY_USAGE_DETECT ||
          self->rdg_usage == RD_RDGATEWAY_USAGE_DEFAULT);
}

/**
 * rd_target_get_rdgateway_host:
 * @self: a target
 *
 * Returns: (nullable): the gateway's name or address in ASCII, as
 *   rd_target_get_host() gives the computer's; %NULL when none is named
 */
const char *
rd_target_get_rdgateway_host (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->rdg_host;
}

/**
 * rd_target_get_rdgateway_display_host:
 * @self: a target
 *
 * Returns: (nullable): the gateway's name to show to a person
 */
const char *
rd_target_get_rdgateway_display_host (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->rdg_display_host;
}

/**
 * rd_target_get_rdgateway_port:
 * @self: a target
 *
 * Returns: the gateway's port, %RD_RDGATEWAY_DEFAULT_PORT unless the
 *   setting named another; 0 when there is no gateway
 */
guint16
rd_target_get_rdgateway_port (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rdg_port;
}

/**
 * rd_target_get_rdgateway_kind:
 * @self: a target
 *
 * Returns: whether the gateway is a name or an address
 */
RdTargetKind
rd_target_get_rdgateway_kind (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, RD_TARGET_KIND_NAME);

  return self->rdg_kind;
}

/**
 * rd_target_get_rdgateway_usage:
 * @self: a target
 *
 * Returns: when the connection goes through the gateway, as its settings say
 */
RdRdGatewayUsage
rd_target_get_rdgateway_usage (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, RD_RDGATEWAY_USAGE_UNKNOWN);

  return self->rdg_usage;
}

/**
 * rd_target_get_rdgateway_profile_usage:
 * @self: a target
 *
 * Returns: "gatewayprofileusagemethod" (0: the administrator's default
 *   settings, 1: the connection's own), -1 when not given
 */
gint
rd_target_get_rdgateway_profile_usage (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->rdg_profile_usage;
}

/**
 * rd_target_get_rdgateway_credentials_source:
 * @self: a target
 *
 * Returns: "gatewaycredentialssource" (0 password, 1 smart card, 4 any...),
 *   -1 when not given; only reported
 */
gint
rd_target_get_rdgateway_credentials_source (const RdTarget *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->rdg_credentials_source;
}

static const char * const usage_names[] = {
  [RD_RDGATEWAY_USAGE_NEVER] = "never",
  [RD_RDGATEWAY_USAGE_ALWAYS] = "always",
  [RD_RDGATEWAY_USAGE_DETECT] = "detect",
  [RD_RDGATEWAY_USAGE_DEFAULT] = "default",
  [RD_RDGATEWAY_USAGE_BYPASS_LOCAL] = "bypass-local",
};

/**
 * rd_rdgateway_usage_to_string:
 *
 * Returns: the usage as the report spells it, "unknown" when not given
 */
const char *
rd_rdgateway_usage_to_string (RdRdGatewayUsage usage)
{
  if (usage < 0 || (gsize) usage >= G_N_ELEMENTS (usage_names))
    return "unknown";
  return usage_names[usage];
}

static RdRdGatewayUsage
usage_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (usage_names); i++)
    if (g_strcmp0 (text, usage_names[i]) == 0)
      return (RdRdGatewayUsage) i;
  return RD_RDGATEWAY_USAGE_UNKNOWN;
}

static const char *
kind_to_string (RdTargetKind kind)
{
  switch (kind)
    {
    case RD_TARGET_KIND_IPV4:
      return "ipv4";
    case RD_TARGET_KIND_IPV6:
      return "ipv6";
    case RD_TARGET_KIND_NAME:
    default:
      return "name";
    }
}

/**
 * rd_target_to_json:
 * @self: a target
 *
 * Returns: (transfer full): a JSON object describing @self, which
 *   rd_target_new_from_json() reads back
 */
JsonNode *
rd_target_to_json (const RdTarget *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  rd_json_add_string (builder, "input", self->input);
  rd_json_add_string (builder, "host", self->host);
  rd_json_add_string (builder, "display_host", self->display_host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_set_member_name (builder, "port_explicit");
  json_builder_add_boolean_value (builder, self->port_explicit);
  rd_json_add_string (builder, "kind", kind_to_string (self->kind));
  if (self->source_file != NULL)
    rd_json_add_string (builder, "source_file", self->source_file);
  if (self->app_security != RD_APP_SECURITY_NEGOTIATE)
    rd_json_add_string (builder, "app_security", rd_app_security_to_string (self->app_security));
  if (self->app != NULL)
    rd_json_add_string (builder, "app", self->app);
  if (self->notes->len > 0)
    {
      json_builder_set_member_name (builder, "notes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->notes->len; i++)
        {
          const RdTargetNote *note = g_ptr_array_index (self->notes, i);

          json_builder_begin_object (builder);
          rd_json_add_string (builder, "level", note->warning ? "warning" : "info");
          rd_json_add_string (builder, "text", note->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  if (self->rdg_host != NULL)
    {
      json_builder_set_member_name (builder, "rdgateway");
      json_builder_begin_object (builder);
      rd_json_add_string (builder, "host", self->rdg_host);
      rd_json_add_string (builder, "display_host", self->rdg_display_host);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, self->rdg_port);
      rd_json_add_string (builder, "usage", rd_rdgateway_usage_to_string (self->rdg_usage));
      json_builder_set_member_name (builder, "profile_usage");
      json_builder_add_int_value (builder, self->rdg_profile_usage);
      json_builder_set_member_name (builder, "credentials_source");
      json_builder_add_int_value (builder, self->rdg_credentials_source);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
set_bad_json (GError     **error,
              const char  *member)
{
  g_set_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME,
               _("The saved computer address is damaged: its “%s” is missing or wrong."),
               member);
  return FALSE;
}

/* The notes as they were shown when the report was made (in that
 * language), in place of those worked out again here. */
static gboolean
read_json_notes (RdTarget    *target,
                 JsonNode    *member,
                 GError     **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (member))
    return set_bad_json (error, "notes");
  array = json_node_get_array (member);
  if (json_array_get_length (array) > RD_MAX_NOTES)
    return set_bad_json (error, "notes");

  g_ptr_array_set_size (target->notes, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *text, *level;
      const char *level_text;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_bad_json (error, "notes");
      object = json_node_get_object (element);
      text = rd_json_get_value (object, "text", G_TYPE_STRING);
      level = rd_json_get_value (object, "level", G_TYPE_STRING);
      level_text = level != NULL ? json_node_get_string (level) : NULL;
      if (text == NULL || json_node_get_string (text) == NULL ||
          !g_utf8_validate (json_node_get_string (text), -1, NULL) ||
          strlen (json_node_get_string (text)) > RD_MAX_NOTE_LENGTH ||
          (g_strcmp0 (level_text, "warning") != 0 && g_strcmp0 (level_text, "info") != 0))
        return set_bad_json (error, "notes");

      add_note (target, g_str_equal (level_text, "warning"), json_node_get_string (text));
    }

  return TRUE;
}

static gint
json_int_or (JsonObject *object,
             const char *member,
             gint64      max)
{
  JsonNode *node = rd_json_get_value (object, member, G_TYPE_INT64);

  return node != NULL ? setting_in_range (json_node_get_int (node), max) : -1;
}

/* The gateway of a saved report, checked as if it had been typed. */
static gboolean
rdgateway_from_json (RdTarget  *target,
                     JsonNode  *node,
                     GError   **error)
{
  g_autoptr(RdTarget) gateway = rd_target_alloc ();
  JsonObject *object;
  JsonNode *member;
  const char *host;
  gint port;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_bad_json (error, "rdgateway");
  object = json_node_get_object (node);

  member = rd_json_get_value (object, "host", G_TYPE_STRING);
  host = member != NULL ? json_node_get_string (member) : NULL;
  port = json_int_or (object, "port", G_MAXUINT16);
  if (host == NULL || !g_utf8_validate (host, -1, NULL) || port < 1 ||
      (strchr (host, ':') != NULL && !is_ipv6 (host, NULL)) ||
      !check_no_spaces (host, NULL) || !parse_host (gateway, host, NULL))
    return set_bad_json (error, "rdgateway");

  target->rdg_host = g_steal_pointer (&gateway->host);
  target->rdg_display_host = g_steal_pointer (&gateway->display_host);
  target->rdg_kind = gateway->kind;
  target->rdg_port = (guint16) port;
  member = rd_json_get_value (object, "usage", G_TYPE_STRING);
  target->rdg_usage = usage_from_string (member != NULL ? json_node_get_string (member) : NULL);
  target->rdg_profile_usage = json_int_or (object, "profile_usage", G_MAXINT32);
  target->rdg_credentials_source = json_int_or (object, "credentials_source", G_MAXINT32);
  return TRUE;
}

/**
 * rd_target_new_from_json:
 * @node: a JSON object from rd_target_to_json()
 * @error: return location for an #RdTargetError
 *
 * Reads back a target, checking it as if it had been typed: the data may
 * come from a report file that was edited or damaged.
 *
 * Returns: (transfer full): the target, or %NULL with @error set
 */
RdTarget *
rd_target_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(RdTarget) target = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *host;
  const char *kind;
  const char *input = NULL;
  gint64 port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_bad_json (error, "target");
      return NULL;
    }
  object = json_node_get_object (node);

  member = rd_json_get_value (object, "host", G_TYPE_STRING);
  host = member != NULL ? json_node_get_string (member) : NULL;
  if (host == NULL || !g_utf8_validate (host, -1, NULL) || host[0] == '\0')
    {
      set_bad_json (error, "host");
      return NULL;
    }

  member = rd_json_get_value (object, "port", G_TYPE_INT64);
  if (member == NULL)
    {
      set_bad_json (error, "port");
      return NULL;
    }
  port = json_node_get_int (member);
  if (port < 1 || port > G_MAXUINT16)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, port);

      rd_target_parse_port (text, NULL, error);
      return NULL;
    }

  target = rd_target_alloc ();
  target->port = (guint16) port;

  /* The host is checked as if typed; brackets or a port are not allowed. */
  if (strchr (host, ':') != NULL && !is_ipv6 (host, NULL))
    {
      set_bad_json (error, "host");
      return NULL;
    }
  if (!check_no_spaces (host, error) || !parse_host (target, host, error))
    return NULL;

  member = rd_json_get_value (object, "kind", G_TYPE_STRING);
  kind = member != NULL ? json_node_get_string (member) : NULL;
  if (kind != NULL && g_strcmp0 (kind, kind_to_string (target->kind)) != 0)
    {
      set_bad_json (error, "kind");
      return NULL;
    }

  member = json_object_get_member (object, "port_explicit");
  if (member != NULL)
    {
      if (rd_json_get_value (object, "port_explicit", G_TYPE_BOOLEAN) == NULL)
        {
          set_bad_json (error, "port_explicit");
          return NULL;
        }
      target->port_explicit = json_node_get_boolean (member);
    }

  member = rd_json_get_value (object, "input", G_TYPE_STRING);
  if (member != NULL)
    input = json_node_get_string (member);
  if (input != NULL && g_utf8_validate (input, -1, NULL))
    target->input = g_strdup (input);
  else
    target->input = g_strdup (host);

  member = json_object_get_member (object, "app");
  if (member != NULL)
    {
      JsonNode *value = rd_json_get_value (object, "app", G_TYPE_STRING);

      if (value == NULL || !is_app_name (json_node_get_string (value)))
        {
          set_bad_json (error, "app");
          return NULL;
        }
      target->app = g_strdup (json_node_get_string (value));
    }

  member = json_object_get_member (object, "app_security");
  if (member != NULL)
    {
      JsonNode *value = rd_json_get_value (object, "app_security", G_TYPE_STRING);

      if (value == NULL || !app_security_from_string (json_node_get_string (value), &target->app_security))
        {
          set_bad_json (error, "app_security");
          return NULL;
        }
    }

  member = json_object_get_member (object, "source_file");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (rd_json_get_value (object, "source_file", G_TYPE_STRING) == NULL)
        {
          set_bad_json (error, "source_file");
          return NULL;
        }
      target->source_file = g_strdup (json_node_get_string (member));
    }

  member = json_object_get_member (object, "notes");
  if (member != NULL && !read_json_notes (target, member, error))
    return NULL;

  member = json_object_get_member (object, "rdgateway");
  if (member != NULL && !rdgateway_from_json (target, member, error))
    return NULL;

  return g_steal_pointer (&target);
}
