/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/*
 * Forgetting the certificate a Remote Desktop app remembers of a computer:
 * the line of @host and @port leaves FreeRDP's known_hosts2, every other
 * byte stays. The file is replaced atomically after a copy is kept
 * (PATH.bak, PATH.bak.1 …); a symbolic link is followed and the file it
 * points at replaced.
 */

/* @removed: (out) (optional) the lines taken out; none is no error. */
gboolean rd_forget_certificate      (const char  *path,
                                     const char  *host,
                                     guint16      port,
                                     char       **backup_path,
                                     guint       *removed,
                                     GError     **error);

/* Undo: puts the copy's contents back in place of @path. */
gboolean rd_forget_certificate_undo (const char  *path,
                                     const char  *backup_path,
                                     GError     **error);

/* What a report says to forget: the known_hosts2 file that remembers
 * another certificate of the computer, its host and port as the file
 * names them. %FALSE when the report names no such file, or one this computer would not read. */
gboolean rd_forget_certificate_from_report (const RdReport  *report,
                                            char           **path,
                                            char           **host,
                                            guint16         *port);

G_END_DECLS
