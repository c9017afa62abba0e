/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * GNOME Connections' list of saved connections, "connections.db" in the
 * user's configuration folder: a GLib key file with one group per
 * connection (its UUID) holding the connection's GObject properties by
 * name — "protocol" ("rdp" or "vnc"), "host", "port", "display-name".
 */

typedef struct
{
  char *id;           /* the group: a UUID */
  char *name;         /* "display-name"; NULL when empty */
  char *host;         /* "host", stripped; never empty */
  gint  port;         /* "port", 1..65535, or -1 when missing or not a port */
} RdConnectionsDbEntry;

void       rd_connections_db_entry_free (RdConnectionsDbEntry *entry);
GPtrArray *rd_connections_db_parse      (const guint8  *data,
                                         gsize          length,
                                         guint          max_entries,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdConnectionsDbEntry, rd_connections_db_entry_free)

G_END_DECLS
