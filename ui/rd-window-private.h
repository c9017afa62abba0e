/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests and the benchmark (tests/), which look into the window
 * from outside; the wizard's own code needs only rd-window.h. */

#include "rd-window.h"

G_BEGIN_DECLS

void      rd_window_show_report      (RdWindow       *self,
                                      RdReport       *report);
RdReport *rd_window_get_opened_report (RdWindow      *self);
RdPage   *rd_window_get_page         (RdWindow       *self,
                                      const char     *name);
RdPage   *rd_window_get_current_page (RdWindow       *self);
char    **rd_window_dup_steps        (RdWindow       *self);
gboolean  rd_window_is_running       (RdWindow       *self);
void      rd_window_reset            (RdWindow       *self);

G_END_DECLS
