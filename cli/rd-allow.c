/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `rdp-doctor --exporter` may check: the target of a /probe query,
 * read strictly, and the --allow list it must match. An exporter reachable
 * from a network would otherwise scan whatever a caller names. */
#include "rd-i18n.h"

#include <string.h>
#include <gio/gio.h>

#include "rd-allow.h"

G_DEFINE_QUARK (rd-probe-query-error-quark, rd_probe_query_error)

typedef enum
{
  PATTERN_GLOB,
  PATTERN_RANGE,
} PatternKind;

typedef struct
{
  PatternKind     kind;
  char           *glob;       /* lower case ASCII */
  GSocketFamily   family;
  guint8          bytes[16];  /* the range's first address, masked */
  guint           prefix;     /* bits */
  gboolean        any_port;
  guint16         port;
} Pattern;

struct _RdAllowList
{
  GArray *patterns;           /* Pattern */
};

static void
set_query_error (GError            **error,
                 RdProbeQueryError   code)
{
  const char *message;

  switch (code)
    {
    case RD_PROBE_QUERY_ERROR_MISSING:
      message = _("Say which computer to check: /probe?target=HOST or /probe?target=HOST:PORT.");
      break;
    case RD_PROBE_QUERY_ERROR_SEVERAL:
      message = _("Give one target per request.");
      break;
    case RD_PROBE_QUERY_ERROR_TOO_LONG:
      message = _("The target is too long.");
      break;
    case RD_PROBE_QUERY_ERROR_ENCODING:
      message = _("The target may only escape “:”, “[” and “]” (%3A, %5B, %5D); write an international name in its ASCII form (xn--…).");
      break;
    case RD_PROBE_QUERY_ERROR_USER_INFO:
      message = _("The target has a user name: give only the computer's name or address.");
      break;
    case RD_PROBE_QUERY_ERROR_PATH:
      message = _("The target is a name or address with an optional :PORT, not a link or a path.");
      break;
    case RD_PROBE_QUERY_ERROR_NOT_A_HOST:
    default:
      message = _("The target is not a computer name or address (with an optional :PORT).");
      break;
    }
  g_set_error_literal (error, RD_PROBE_QUERY_ERROR, code, message);
}

/* What a %-escape may stand for: the characters of "[2001:db8::1]:3389"
 * that a URL encoder escapes. Anything else escaped is refused, so the
 * text matched is the text sent. (libsoup has already decoded escapes of
 * unreserved characters, "%2e" to ".", as RFC 3986 makes them the same.) */
static int
allowed_escape (const char *p)
{
  g_autofree char *hex = g_ascii_strup (p, 2);

  if (strlen (hex) < 2)
    return -1;
  if (strcmp (hex, "3A") == 0)
    return ':';
  if (strcmp (hex, "5B") == 0)
    return '[';
  if (strcmp (hex, "5D") == 0)
    return ']';
  return -1;
}

/* The decoded value of one target parameter, or NULL with @error. */
static char *
decode_target (const char  *raw,
               gsize        length,
               GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (length);

  if (length == 0)
    {
      set_query_error (error, RD_PROBE_QUERY_ERROR_MISSING);
      return NULL;
    }
  if (length > RD_PROBE_TARGET_MAX)
    {
      set_query_error (error, RD_PROBE_QUERY_ERROR_TOO_LONG);
      return NULL;
    }
  for (gsize i = 0; i < length; i++)
    {
      char c = raw[i];

      if (c == '%')
        {
          g_autofree char *two = g_strndup (raw + i + 1, MIN (2, length - i - 1));
          int decoded = allowed_escape (two);

          if (decoded < 0)
            {
              set_query_error (error, RD_PROBE_QUERY_ERROR_ENCODING);
              return NULL;
            }
          g_string_append_c (out, (char) decoded);
          i += 2;
        }
      else if (c == '@')
        {
          set_query_error (error, RD_PROBE_QUERY_ERROR_USER_INFO);
          return NULL;
        }
      else if (c == '/' || c == '\\')
        {
          set_query_error (error, RD_PROBE_QUERY_ERROR_PATH);
          return NULL;
        }
      else if (g_ascii_isalnum (c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')
        g_string_append_c (out, c);
      else if ((guchar) c >= 0x80)
        {
          set_query_error (error, RD_PROBE_QUERY_ERROR_ENCODING);
          return NULL;
        }
      else
        {
          set_query_error (error, RD_PROBE_QUERY_ERROR_NOT_A_HOST);
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rd_probe_query_parse:
 *
 * Returns: (transfer full): the target of the query, or %NULL.
 */
RdTarget *
rd_probe_query_parse (const char  *raw_query,
                      GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) target_error = NULL;
  const char *value = NULL;
  gsize value_length = 0;
  const char *p;
  RdTarget *target;

  if (raw_query == NULL || *raw_query == '\0')
    {
      set_query_error (error, RD_PROBE_QUERY_ERROR_MISSING);
      return NULL;
    }
  if (strlen (raw_query) > RD_PROBE_QUERY_MAX)
    {
      set_query_error (error, RD_PROBE_QUERY_ERROR_TOO_LONG);
      return NULL;
    }

  /* Parameters other than "target" are not ours to read (a scrape config
   * may add some); a name spelled with escapes is refused, as it could
   * decode to "target". */
  for (p = raw_query; *p != '\0';)
    {
      gsize length = strcspn (p, "&;");
      const char *equals = memchr (p, '=', length);
      gsize name_length = equals != NULL ? (gsize) (equals - p) : length;

      if (memchr (p, '%', name_length) != NULL)
        {
          set_query_error (error, RD_PROBE_QUERY_ERROR_ENCODING);
          return NULL;
        }
      if (name_length == strlen ("target") && memcmp (p, "target", name_length) == 0)
        {
          if (value != NULL)
            {
              set_query_error (error, RD_PROBE_QUERY_ERROR_SEVERAL);
              return NULL;
            }
          value = equals != NULL ? equals + 1 : p + length;
          value_length = (gsize) (p + length - value);
        }
      p += length;
      if (*p != '\0')
        p++;
    }
  if (value == NULL)
    {
      set_query_error (error, RD_PROBE_QUERY_ERROR_MISSING);
      return NULL;
    }

  text = decode_target (value, value_length, error);
  if (text == NULL)
    return NULL;
  target = rd_target_parse (text, &target_error);
  if (target == NULL)
    {
      set_query_error (error, g_error_matches (target_error, RD_TARGET_ERROR, RD_TARGET_ERROR_USER_INFO)
                                ? RD_PROBE_QUERY_ERROR_USER_INFO
                                : RD_PROBE_QUERY_ERROR_NOT_A_HOST);
      return NULL;
    }
  return target;
}

RdAllowList *
rd_allow_list_new (void)
{
  RdAllowList *self = g_new0 (RdAllowList, 1);

  self->patterns = g_array_new (FALSE, TRUE, sizeof (Pattern));
  return self;
}

void
rd_allow_list_free (RdAllowList *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->patterns->len; i++)
    g_free (g_array_index (self->patterns, Pattern, i).glob);
  g_array_unref (self->patterns);
  g_free (self);
}

guint
rd_allow_list_get_size (const RdAllowList *self)
{
  return self->patterns->len;
}

static gboolean
set_pattern_error (GError     **error,
                   const char  *pattern,
                   const char  *why)
{
  g_autofree char *shown = g_strescape (pattern, NULL);

  /* Translators: %1$s is the pattern as given, %2$s why it is not one */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--allow “%1$s”: %2$s"), shown, why);
  return FALSE;
}

/* An address and its prefix length ("10.0.0.0/8", "2001:db8::/32", or an
 * address alone: itself). */
static gboolean
parse_range (const char *text,
             Pattern    *pattern)
{
  g_autofree char *address_text = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *slash = strchr (text, '/');
  guint max_bits;
  guint64 bits;
  gsize n_bytes;

  address_text = slash != NULL ? g_strndup (text, slash - text) : g_strdup (text);
  if (strchr (address_text, '%') != NULL)
    return FALSE;
  address = g_inet_address_new_from_string (address_text);
  if (address == NULL)
    return FALSE;
  n_bytes = g_inet_address_get_native_size (address);
  max_bits = (guint) n_bytes * 8;
  bits = max_bits;
  if (slash != NULL &&
      (!g_ascii_isdigit (slash[1]) ||
       !g_ascii_string_to_unsigned (slash + 1, 10, 0, max_bits, &bits, NULL)))
    return FALSE;

  pattern->kind = PATTERN_RANGE;
  pattern->family = g_inet_address_get_family (address);
  pattern->prefix = (guint) bits;
  memcpy (pattern->bytes, g_inet_address_to_bytes (address), n_bytes);
  /* "10.1.2.3/8" is read as 10.0.0.0/8. */
  for (guint i = 0; i < n_bytes; i++)
    {
      guint first = i * 8;

      if (first >= bits)
        pattern->bytes[i] = 0;
      else if (bits - first < 8)
        pattern->bytes[i] &= (guint8) (0xFF << (8 - (bits - first)));
    }
  return TRUE;
}

static gboolean
is_glob_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '*' || c == '?';
}

/**
 * rd_allow_list_add:
 *
 * Reads HOST[:PORT|:*] where HOST is a glob, an address, a range
 * ("10.0.0.0/8") or a bracketed IPv6 address or range ("[2001:db8::]/32").
 */
gboolean
rd_allow_list_add (RdAllowList  *self,
                   const char   *pattern_text,
                   GError      **error)
{
  g_autofree char *text = g_strstrip (g_strdup (pattern_text != NULL ? pattern_text : ""));
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  Pattern pattern = { 0 };

  if (*text == '\0')
    return set_pattern_error (error, text, _("an empty pattern allows nothing."));
  if (strlen (text) > RD_PROBE_TARGET_MAX)
    return set_pattern_error (error, text, _("the pattern is too long."));

  if (text[0] == '[')
    {
      char *close = strchr (text, ']');
      const char *after;
      g_autofree char *inside = NULL;

      if (close == NULL)
        return set_pattern_error (error, text, _("a “[” without its “]”."));
      inside = g_strndup (text + 1, close - text - 1);
      after = close + 1;
      /* "[2001:db8::]/32:3389" */
      if (*after == '/')
        {
          gsize n = strcspn (after, ":");

          host = g_strdup_printf ("%s%.*s", inside, (int) n, after);
          after += n;
        }
      else
        host = g_steal_pointer (&inside);
      if (*after == ':')
        port_text = after + 1;
      else if (*after != '\0')
        return set_pattern_error (error, text, _("only “:PORT” or “:*” may follow the “]”."));
      if (!parse_range (host, &pattern) || pattern.family != G_SOCKET_FAMILY_IPV6)
        return set_pattern_error (error, text, _("not an IPv6 address or range."));
    }
  else
    {
      const char *colon = strchr (text, ':');

      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        return set_pattern_error (error, text, _("write an IPv6 address or range in brackets, for example [2001:db8::]/32 or [2001:db8::1]:3389."));
      host = colon != NULL ? g_strndup (text, colon - text) : g_strdup (text);
      if (colon != NULL)
        port_text = colon + 1;

      if (!parse_range (host, &pattern))
        {
          g_autofree char *lower = NULL;

          if (strchr (host, '/') != NULL)
            return set_pattern_error (error, text, _("not an address range such as 10.0.0.0/8."));
          if (!g_str_is_ascii (host))
            {
              g_autofree char *ascii = NULL;

              if (strpbrk (host, "*?") == NULL)
                ascii = g_hostname_to_ascii (host);
              if (ascii == NULL)
                return set_pattern_error (error, text, _("write an international name in its ASCII form (xn--…)."));
              g_free (host);
              host = g_steal_pointer (&ascii);
            }
          lower = g_ascii_strdown (host, -1);
          for (const char *p = lower; *p != '\0'; p++)
            if (!is_glob_char (*p))
              return set_pattern_error (error, text, _("a host pattern has only letters, digits, “-”, “.”, and the wildcards “*” and “?”."));
          if (*lower == '\0')
            return set_pattern_error (error, text, _("an empty pattern allows nothing."));
          pattern.kind = PATTERN_GLOB;
          pattern.glob = g_steal_pointer (&lower);
        }
    }

  if (port_text == NULL)
    pattern.port = RD_DEFAULT_PORT;
  else if (strcmp (port_text, "*") == 0)
    pattern.any_port = TRUE;
  else if (!g_ascii_isdigit (*port_text) || !rd_target_parse_port (port_text, &pattern.port, NULL))
    {
      g_free (pattern.glob);
      return set_pattern_error (error, text, _("the port is a number from 1 to 65535, or “*” for any."));
    }

  g_array_append_val (self->patterns, pattern);
  return TRUE;
}

/* Whether host[i] belongs to a label that starts with "xn--". */
static gboolean *
international_chars (const char *host,
                     gsize       length)
{
  gboolean *marks = g_new0 (gboolean, length + 1);
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i < length && host[i] != '.')
        continue;
      if (i - start >= 4 && g_ascii_strncasecmp (host + start, "xn--", 4) == 0)
        for (gsize j = start; j < i; j++)
          marks[j] = TRUE;
      start = i + 1;
    }
  return marks;
}

/* "*" matches any run of characters (dots too), "?" one character other
 * than a dot; neither stands for part of an "xn--" label. Dynamic
 * programming over both lengths (both at most a few hundred): no
 * backtracking blow-up. */
static gboolean
glob_match (const char *glob,
            const char *host)
{
  gsize m = strlen (glob), n = strlen (host);
  g_autofree gboolean *idn = international_chars (host, n);
  /* row[j]: glob[0..i) matches host[0..j) */
  g_autofree gboolean *row = g_new0 (gboolean, n + 1);
  g_autofree gboolean *next = g_new0 (gboolean, n + 1);

  row[0] = TRUE;
  for (gsize i = 0; i < m; i++)
    {
      char g = glob[i];

      next[0] = row[0] && g == '*';
      for (gsize j = 1; j <= n; j++)
        {
          char h = host[j - 1];

          if (g == '*')
            next[j] = row[j] || (next[j - 1] && !idn[j - 1]);
          else if (g == '?')
            next[j] = row[j - 1] && h != '.' && !idn[j - 1];
          else
            next[j] = row[j - 1] && g == h;
        }
      memcpy (row, next, (n + 1) * sizeof (gboolean));
    }
  return row[n];
}

static gboolean
range_match (const Pattern *pattern,
             GInetAddress  *address)
{
  const guint8 *bytes;
  guint bits = pattern->prefix;

  if (g_inet_address_get_family (address) != pattern->family)
    return FALSE;
  bytes = g_inet_address_to_bytes (address);
  for (guint i = 0; bits > 0; i++)
    {
      guint take = MIN (bits, 8);
      guint8 mask = (guint8) (0xFF << (8 - take));

      if ((bytes[i] & mask) != pattern->bytes[i])
        return FALSE;
      bits -= take;
    }
  return TRUE;
}

gboolean
rd_allow_list_match (const RdAllowList *self,
                     const RdTarget    *target)
{
  g_autofree char *host = g_ascii_strdown (rd_target_get_host (target), -1);
  g_autoptr(GInetAddress) address = NULL;
  guint16 port = rd_target_get_port (target);
  gboolean is_name = rd_target_get_kind (target) == RD_TARGET_KIND_NAME;

  if (!is_name)
    {
      address = g_inet_address_new_from_string (host);
      if (address == NULL)
        return FALSE;
    }
  for (guint i = 0; i < self->patterns->len; i++)
    {
      const Pattern *pattern = &g_array_index (self->patterns, Pattern, i);

      if (!pattern->any_port && pattern->port != port)
        continue;
      if (is_name && pattern->kind == PATTERN_GLOB && glob_match (pattern->glob, host))
        return TRUE;
      if (!is_name && pattern->kind == PATTERN_RANGE && range_match (pattern, address))
        return TRUE;
    }
  return FALSE;
}
