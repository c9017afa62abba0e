/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: a short interval, and what the page shows. */

#include "rd-watch.h"
#include "rd-watch-page.h"
#include "rd-watch-plot.h"

G_BEGIN_DECLS

/* Rounds every @interval_ms instead of the interval chosen (0: as chosen). */
void           rd_watch_page_set_interval_ms (RdWatchPage *self,
                                              guint        interval_ms);
const RdWatch *rd_watch_page_get_watch       (RdWatchPage *self);
RdWatchPlot   *rd_watch_page_get_plot        (RdWatchPage *self);
/* "Check every": 10 s, 30 s, 1 min, 5 min. */
AdwComboRow   *rd_watch_page_get_interval_row (RdWatchPage *self);
/* "Round 3 — next in 25 s" */
const char    *rd_watch_page_get_status      (RdWatchPage *self);
/* Whether rounds go on (not stopped). */
gboolean       rd_watch_page_get_watching    (RdWatchPage *self);

G_END_DECLS
