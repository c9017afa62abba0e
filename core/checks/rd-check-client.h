/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What this person's Remote Desktop app remembers of the computer's
 * certificate. FreeRDP 2 (xfreerdp, and Remmina, which leaves FreeRDP its
 * own configuration folder) keeps it in $XDG_CONFIG_HOME/freerdp/known_hosts2
 * ($HOME/.config when XDG_CONFIG_HOME is unset or empty); Remmina from
 * Flathub keeps the same file inside its sandbox's configuration folder.
 */

/* The files to look at, most common first. */
GStrv   rd_known_hosts_paths (void);

/* The contents of a known_hosts2 file: a regular file only, at most
 * RD_KNOWN_HOSTS_MAX_SIZE bytes, opened without waiting (a FIFO never
 * hangs it). %NULL with G_IO_ERROR_NOT_FOUND when there is none. */
GBytes *rd_known_hosts_read  (const char  *path,
                              GError     **error);

G_END_DECLS
