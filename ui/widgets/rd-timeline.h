/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_TIMELINE (rd_timeline_get_type ())
G_DECLARE_FINAL_TYPE (RdTimeline, rd_timeline, RD, TIMELINE, GtkWidget)

/* Rebuilds the ladder from the findings so far (RdFinding*, any order); the
 * checking page calls it as findings arrive. */
void        rd_timeline_set_findings     (RdTimeline     *self,
                                          GPtrArray      *findings);
void        rd_timeline_set_report       (RdTimeline     *self,
                                          const RdReport *report);

guint       rd_timeline_get_n_messages   (RdTimeline     *self);

G_END_DECLS
