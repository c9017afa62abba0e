/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to the readers of the other apps' lists: GNOME
 * Connections' connections.db and GTK's recently-used.xbel, checking what
 * the headers promise. */
#include <string.h>
#include <glib.h>

#include "rd-connections-db.h"
#include "rd-recent-files.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) entries = rd_connections_db_parse (data, size, 8, &error);

    g_assert_true ((entries == NULL) == (error != NULL));
    for (guint i = 0; entries != NULL && i < entries->len; i++)
      {
        const RdConnectionsDbEntry *entry = g_ptr_array_index (entries, i);

        g_assert_cmpuint (entries->len, <=, 8);
        g_assert_true (entry->host != NULL && entry->host[0] != '\0');
        g_assert_true (g_utf8_validate (entry->host, -1, NULL));
        g_assert_true (entry->name == NULL || g_utf8_validate (entry->name, -1, NULL));
        g_assert_true (entry->port == -1 || (entry->port >= 1 && entry->port <= 65535));
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files = rd_recent_files_parse (data, size, 8, &error);

    g_assert_true ((files == NULL) == (error != NULL));
    for (guint i = 0; files != NULL && i < files->len; i++)
      {
        const RdRecentFile *file = g_ptr_array_index (files, i);

        g_assert_cmpuint (files->len, <=, 8);
        g_assert_true (file->uri != NULL && file->uri[0] != '\0');
      }
  }
  return 0;
}
