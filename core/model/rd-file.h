/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends what @fd holds to @buffer until its end, but never more than
 * @max_size + 1 bytes in all: one byte over the limit tells a file that
 * grew past it (or one whose size the kernel does not know) from one that
 * fits. A read interrupted by a signal is repeated. Returns %FALSE with
 * errno in *@saved_errno when a read fails. */
gboolean rd_file_read_bounded (int      fd,
                               gsize    max_size,
                               GString *buffer,
                               int     *saved_errno);

G_END_DECLS
