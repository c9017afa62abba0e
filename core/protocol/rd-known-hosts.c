/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-known-hosts.h"

#include <string.h>

/* Facts from FreeRDP 2.11's libfreerdp/crypto/certificate.c (the reader and
 * writer of known_hosts2) and crypto.c (the fingerprint); no code of it. */

void
rd_known_host_free (RdKnownHost *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->host);
  g_free (entry->fingerprint);
  g_free (entry);
}

static gboolean
is_comment (const guint8 *line,
            gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (line[i] == '#')
        return TRUE;
      if (line[i] != ' ' && line[i] != '\t')
        return FALSE;
    }
  return TRUE;
}

/* The next field of @line from *@pos up to one space or tab; NULL at the
 * end of the line. Two separators in a row make an empty field. */
static gboolean
next_field (const guint8  *line,
            gsize          length,
            gsize         *pos,
            const guint8 **field,
            gsize         *field_length)
{
  gsize i = *pos;

  if (i > length)
    return FALSE;
  *field = line + i;
  while (i < length && line[i] != ' ' && line[i] != '\t')
    i++;
  *field_length = i - *pos;
  *pos = i + 1;
  return TRUE;
}

/* FreeRDP reads the port with "%hu": leading digits. */
static gboolean
parse_port (const guint8 *field,
            gsize         length,
            guint16      *port)
{
  guint value = 0;
  gsize i = 0;

  while (i < length && g_ascii_isdigit (field[i]))
    {
      value = value * 10 + (field[i] - '0');
      if (value > G_MAXUINT16)
        return FALSE;
      i++;
    }
  if (i == 0)
    return FALSE;
  *port = (guint16) value;
  return TRUE;
}

static RdKnownHost *
parse_line (const guint8 *line,
            gsize         length)
{
  const guint8 *host, *port_text, *fingerprint, *subject, *issuer;
  gsize host_length, port_length, fingerprint_length, subject_length, issuer_length;
  gsize pos = 0;
  guint16 port = 0;
  RdKnownHost *entry;

  if (length == 0 || is_comment (line, length) || memchr (line, '\0', length) != NULL)
    return NULL;
  if (!next_field (line, length, &pos, &host, &host_length) ||
      !next_field (line, length, &pos, &port_text, &port_length) ||
      !next_field (line, length, &pos, &fingerprint, &fingerprint_length) ||
      !next_field (line, length, &pos, &subject, &subject_length) ||
      !next_field (line, length, &pos, &issuer, &issuer_length))
    return NULL;
  if (host_length == 0 || fingerprint_length == 0 || !parse_port (port_text, port_length, &port))
    return NULL;
  if (!g_utf8_validate ((const char *) host, host_length, NULL) ||
      !g_utf8_validate ((const char *) fingerprint, fingerprint_length, NULL))
    return NULL;

  entry = g_new0 (RdKnownHost, 1);
  entry->host = g_strndup ((const char *) host, host_length);
  entry->port = port;
  entry->fingerprint = g_strndup ((const char *) fingerprint, fingerprint_length);
  return entry;
}

/**
 * rd_known_hosts_parse:
 *
 * Returns: (transfer full) (element-type RdKnownHost): the entries.
 */
GPtrArray *
rd_known_hosts_parse (const guint8 *data,
                      gsize         length)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_known_host_free);
  gsize start = 0;

  while (start < length)
    {
      gsize stop = start, end;
      RdKnownHost *entry;

      while (stop < length && data[stop] != '\r' && data[stop] != '\n')
        stop++;
      end = stop;
      /* One line break: CRLF, or a single CR or LF. */
      if (end < length && data[end] == '\r' && end + 1 < length && data[end + 1] == '\n')
        end += 2;
      else if (end < length)
        end++;

      entry = parse_line (data + start, stop - start);
      if (entry != NULL)
        {
          entry->start = start;
          entry->end = end;
          g_ptr_array_add (entries, entry);
        }
      start = end;
    }
  return entries;
}

/* FreeRDP keys an entry by the connection's host name in lowercase (tolower
 * in the C locale), or by its CertificateName when one is set: Remmina 1.4
 * sets that to "host:port" for any port but 3389. */
static gboolean
entry_matches (const RdKnownHost *entry,
               const char        *lower,
               guint16            port)
{
  gsize length = strlen (lower);

  if (entry->port != port)
    return FALSE;
  if (g_str_equal (entry->host, lower))
    return TRUE;
  if (strncmp (entry->host, lower, length) == 0 && entry->host[length] == ':')
    {
      g_autofree char *with_port = g_strdup_printf ("%s:%u", lower, port);

      return g_str_equal (entry->host, with_port);
    }
  return FALSE;
}

const RdKnownHost *
rd_known_hosts_find (GPtrArray  *entries,
                     const char *host,
                     guint16     port)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  lower = g_ascii_strdown (host, -1);
  for (guint i = 0; i < entries->len; i++)
    {
      const RdKnownHost *entry = g_ptr_array_index (entries, i);

      if (entry_matches (entry, lower, port))
        return entry;
    }
  return NULL;
}

/* The hex digits of @text in lowercase, or NULL when it holds anything but
 * hex digits and ':'. */
static char *
fingerprint_digits (const char *text)
{
  GString *digits;

  if (text == NULL)
    return NULL;
  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (digits, g_ascii_tolower (*p));
      else if (*p != ':')
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (digits->len == 0 || digits->len % 2 != 0)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

gboolean
rd_known_hosts_same_fingerprint (const char *a,
                                 const char *b)
{
  g_autofree char *da = fingerprint_digits (a);
  g_autofree char *db = fingerprint_digits (b);

  return da != NULL && db != NULL && g_str_equal (da, db);
}

/**
 * rd_known_hosts_without:
 *
 * Returns: (transfer full): the new contents.
 */
GBytes *
rd_known_hosts_without (const guint8 *data,
                        gsize         length,
                        const char   *host,
                        guint16       port,
                        guint        *removed)
{
  g_autoptr(GPtrArray) entries = rd_known_hosts_parse (data, length);
  g_autofree char *lower = g_ascii_strdown (host, -1);
  GByteArray *out = g_byte_array_sized_new (length);
  gsize copied = 0;
  guint count = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const RdKnownHost *entry = g_ptr_array_index (entries, i);

      if (!entry_matches (entry, lower, port))
        continue;
      g_byte_array_append (out, data + copied, entry->start - copied);
      copied = entry->end;
      count++;
    }
  g_byte_array_append (out, data + copied, length - copied);
  if (removed != NULL)
    *removed = count;
  return g_byte_array_free_to_bytes (out);
}
