/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: what the plot draws and says, without a display. */

#include "rd-watch-plot.h"

G_BEGIN_DECLS

typedef enum
{
  RD_WATCH_MARK_HEALTHY,   /* a dot */
  RD_WATCH_MARK_WARNING,   /* a triangle */
  RD_WATCH_MARK_FAILED,    /* a cross */
} RdWatchMark;

typedef struct
{
  double      x;           /* the mark's centre */
  double      y;
  double      size;        /* half its width */
  RdWatchMark kind;
} RdWatchPlotMark;

typedef struct
{
  double  left, top, right, bottom;   /* the plotting area, inside the labels */
  gint64  scale_ms;                   /* the duration at the top */
  gint64  from_us, to_us;             /* the time axis */
} RdWatchPlotFrame;

/* Where each kept round goes in a plotting area of @width × @height
 * (@frame's labels left out by the caller's @inset_*). */
void         rd_watch_plot_frame_init  (RdWatchPlotFrame *frame,
                                        const RdWatch    *watch,
                                        double            width,
                                        double            height,
                                        double            inset_left,
                                        double            inset_bottom);
void         rd_watch_plot_mark        (const RdWatchPlotFrame *frame,
                                        const RdWatch          *watch,
                                        guint                   index,
                                        RdWatchPlotMark        *mark);
RdWatchMark  rd_watch_plot_mark_kind   (const RdWatchRound     *round);
/* "5 rounds in 2 minutes, 1 failed at 20:14:03; the slowest took 3.2 s"
 * (transfer full) */
char        *rd_watch_plot_describe    (const RdWatch          *watch);

const char  *rd_watch_plot_get_description (RdWatchPlot *self);
guint        rd_watch_plot_get_n_marks     (RdWatchPlot *self);

G_END_DECLS
