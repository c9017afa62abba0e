/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A list of computers, one a line, as `--hosts-file` reads it: lines end in
 * LF, CR LF or CR alone; a byte order mark before the first is not part of
 * it; blank lines and # comments (at the start or after a space, outside
 * quotes) are skipped; a computer in quotes loses them. Read from a file
 * as the lines are asked for, never more than a line and a read ahead in
 * memory, or from a buffer holding all of it.
 */

/* A computer's name, address or .rdp path is short: a longer line is not one. */
#define RD_HOST_LIST_MAX_LINE (64 * 1024)

typedef struct _RdHostList RdHostList;

/* Reads @fd (left open) from where it is. */
RdHostList *rd_host_list_new_for_fd   (int          fd);
/* All of the list in @contents (taken). */
RdHostList *rd_host_list_new_for_data (GString     *contents);
void        rd_host_list_free         (RdHostList  *list);

/* The next line that names something: *@number its line (from 1), *@text
 * (transfer full) what it names, without a comment, quotes or the spaces
 * around. FALSE at the end of the list, or with @error set: a line that is
 * not text (UTF-8, no NUL), one far too long, a read error. */
gboolean    rd_host_list_next         (RdHostList  *list,
                                       guint       *number,
                                       char       **text,
                                       GError     **error);
/* Back to the first line (a file: to its start). */
gboolean    rd_host_list_rewind       (RdHostList  *list,
                                       GError     **error);

/* What one line names, as rd_host_list_next() gives it; empty for a blank
 * line or a comment. */
char       *rd_host_list_line_text    (const char  *line,
                                       gsize        length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdHostList, rd_host_list_free)

G_END_DECLS
