/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-connections-db.h"

#include "rd-remmina-file.h"

/* The keys are those GNOME Connections writes (src/database.vala saves each
 * property of src/connection.vala under its name); "uri" repeats host and
 * port and is not needed. */

void
rd_connections_db_entry_free (RdConnectionsDbEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->name);
  g_free (entry->host);
  g_free (entry);
}

static char *
get_stripped (GKeyFile   *key_file,
              const char *group,
              const char *key)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, NULL);

  if (value == NULL || g_strstrip (value)[0] == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

/**
 * rd_connections_db_parse:
 * @data: (array length=length): the bytes of connections.db
 * @length: the number of bytes in @data
 * @max_entries: the most entries to return
 * @error: return location for an #RdRemminaFileError (the same checks of
 *   a key file)
 *
 * Reads the Remote Desktop (RDP) connections of GNOME Connections' list;
 * VNC ones and groups without a host are left out. The data is not trusted.
 *
 * Returns: (transfer full) (element-type RdConnectionsDbEntry): the
 *   entries in the file's order, or %NULL with @error set
 */
GPtrArray *
rd_connections_db_parse (const guint8  *data,
                         gsize          length,
                         guint          max_entries,
                         GError       **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key_file = rd_key_file_new_from_untrusted (data, length, error);
  if (key_file == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_connections_db_entry_free);
  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL && entries->len < max_entries; i++)
    {
      g_autofree char *protocol = get_stripped (key_file, groups[i], "protocol");
      g_autofree char *port = NULL;
      RdConnectionsDbEntry *entry;
      guint64 number = 0;
      char *host;

      if (protocol == NULL || g_ascii_strcasecmp (protocol, "rdp") != 0)
        continue;
      host = get_stripped (key_file, groups[i], "host");
      if (host == NULL)
        continue;

      entry = g_new0 (RdConnectionsDbEntry, 1);
      entry->id = g_strdup (groups[i]);
      entry->host = host;
      entry->name = get_stripped (key_file, groups[i], "display-name");
      port = get_stripped (key_file, groups[i], "port");
      entry->port = port != NULL &&
                    g_ascii_string_to_unsigned (port, 10, 1, 65535, &number, NULL)
                    ? (gint) number : -1;
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}
