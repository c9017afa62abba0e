/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to the known_hosts2 reader and to the removal of
 * one computer's lines, checking that every entry lies inside the data and
 * that removing keeps all other bytes. */
#include <string.h>
#include <glib.h>

#include "rd-known-hosts.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) entries = rd_known_hosts_parse (data, size);
  gsize removed_bytes = 0;
  const char *host = "pc.example.com";
  guint16 port = 3389;

  for (guint i = 0; i < entries->len; i++)
    {
      const RdKnownHost *entry = g_ptr_array_index (entries, i);

      g_assert_cmpuint (entry->start, <, entry->end);
      g_assert_cmpuint (entry->end, <=, size);
      g_assert_true (i == 0 || ((const RdKnownHost *) g_ptr_array_index (entries, i - 1))->end <= entry->start);
      g_assert_cmpstr (entry->host, !=, "");
      g_assert_true (g_utf8_validate (entry->host, -1, NULL));
      g_assert_true (g_utf8_validate (entry->fingerprint, -1, NULL));
      rd_known_hosts_same_fingerprint (entry->fingerprint, entry->fingerprint);
      if (i == 0)
        {
          host = entry->host;
          port = entry->port;
        }
    }

  {
    guint removed = 0;
    g_autoptr(GBytes) rest = rd_known_hosts_without (data, size, host, port, &removed);
    g_autoptr(GPtrArray) again = NULL;

    /* Every line find() matches goes, nothing else: find it, drop it, and
     * the next one is found, as many times as lines were removed. */
    {
      g_autoptr(GPtrArray) left = g_ptr_array_new ();

      for (guint i = 0; i < entries->len; i++)
        g_ptr_array_add (left, g_ptr_array_index (entries, i));
      for (;;)
        {
          const RdKnownHost *entry = rd_known_hosts_find (left, host, port);

          if (entry == NULL)
            break;
          removed_bytes += entry->end - entry->start;
          g_ptr_array_remove (left, (gpointer) entry);
        }
    }
    g_assert_cmpuint (g_bytes_get_size (rest) + removed_bytes, ==, size);
    again = rd_known_hosts_parse (g_bytes_get_data (rest, NULL), g_bytes_get_size (rest));
    g_assert_null (rd_known_hosts_find (again, host, port));
  }
  return 0;
}
