/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The list of recently used files GTK keeps, "recently-used.xbel" in the
 * user's data folder: XBEL (XML) with a <bookmark href="URI"> per file whose
 * <info><metadata owner="http://freedesktop.org"> holds
 * <mime:mime-type type="TYPE"/>. Only those two are read.
 */

typedef struct
{
  char *uri;
  char *mime_type;   /* NULL when the entry has none */
} RdRecentFile;

void       rd_recent_file_free      (RdRecentFile  *file);
GPtrArray *rd_recent_files_parse    (const guint8  *data,
                                     gsize          length,
                                     guint          max_entries,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRecentFile, rd_recent_file_free)

G_END_DECLS
