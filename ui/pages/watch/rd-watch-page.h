/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-target.h"

G_BEGIN_DECLS

#define RD_TYPE_WATCH_PAGE (rd_watch_page_get_type ())
G_DECLARE_FINAL_TYPE (RdWatchPage, rd_watch_page, RD, WATCH_PAGE, RdPage)

/* "Keep watching": the checks of @target again every 30 s (or as chosen),
 * each round drawn and counted, until stopped or left. */
void      rd_watch_page_start       (RdWatchPage *self,
                                     RdTarget    *target,
                                     guint        timeout_ms);
/* No further round; the one running is cancelled. */
void      rd_watch_page_stop        (RdWatchPage *self);
/* Whether a round's workers are still at work (also just after a stop). */
gboolean  rd_watch_page_is_running  (RdWatchPage *self);

G_END_DECLS
