/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests and the fuzzers: what was typed, and a Remmina profile read
 * from memory (the app reads files, rd_target_new_from_file()). */

#include "rd-target.h"

G_BEGIN_DECLS

const char  *rd_target_get_input           (const RdTarget *self);
/* The app a saved connection belongs to ("gnome-connections"), for opening
 * it there again; only a connection store sets it. */
void         rd_target_set_app             (RdTarget       *self,
                                            const char     *app);
RdTarget    *rd_target_new_from_remmina_data (const char  *data,
                                              gsize        length,
                                              GError     **error);

G_END_DECLS
