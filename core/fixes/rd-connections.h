/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-target.h"

G_BEGIN_DECLS

/*
 * The Remote Desktop connections the user saved in their own apps: Remmina
 * profiles, GNOME Connections' list, and the .rdp files they opened lately
 * (GTK's list of recently used files). Each is read with the same care as a
 * file given on the command line; one that cannot be read is skipped with
 * one warning.
 */

typedef enum
{
  RD_SAVED_SOURCE_REMMINA,
  RD_SAVED_SOURCE_GNOME_CONNECTIONS,
  RD_SAVED_SOURCE_RDP_FILE,
} RdSavedSource;

typedef struct
{
  RdSavedSource  source;
  char               *name;      /* as the user named it */
  char               *path;      /* the file it was read from */
  char               *id;        /* GNOME Connections: the connection's UUID; else NULL */
  char               *security;  /* Remmina's "security" setting, NULL when not given */
  RdTarget           *target;    /* its source file is @path for Remmina and .rdp files */
} RdSavedConnection;

/* Where to look; NULL members (or a NULL struct) take GLib's directories. */
typedef struct
{
  const char *home_dir;
  const char *data_dir;
  const char *config_dir;
} RdSavedDirs;

/* At most this many connections are read, and at most this many files of
 * a folder or names of the recent files' list are looked at. */
#define RD_CONNECTIONS_MAX 500
#define RD_CONNECTIONS_MAX_SCANNED 5000
/* The list of recently used files can be large; it is read up to this. */
#define RD_CONNECTIONS_RECENT_MAX_SIZE (16 * 1024 * 1024)

void                     rd_saved_connection_free            (RdSavedConnection       *connection);
char                    *rd_saved_connection_get_target_text (const RdSavedConnection *connection);
const char              *rd_saved_source_to_string           (RdSavedSource            source);
const char              *rd_saved_source_get_app_name        (RdSavedSource            source);

GPtrArray               *rd_saved_connections_find           (const RdSavedDirs       *dirs,
                                                              GPtrArray              **warnings);
const RdSavedConnection *rd_saved_connections_lookup         (GPtrArray               *connections,
                                                              const char              *name,
                                                              gboolean                *ambiguous,
                                                              GPtrArray              **candidates);
JsonNode                *rd_saved_connections_to_json        (GPtrArray               *connections);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSavedConnection, rd_saved_connection_free)

G_END_DECLS
