/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-watch.h"

G_BEGIN_DECLS

#define RD_TYPE_WATCH_PLOT (rd_watch_plot_get_type ())
G_DECLARE_FINAL_TYPE (RdWatchPlot, rd_watch_plot, RD, WATCH_PLOT, GtkWidget)

/*
 * The rounds of a watch over time: one mark per round along a time axis,
 * its height the round's duration; a round with no problem is a dot, one
 * with a warning a triangle, a failed one a cross (shape and colour). Its
 * accessible description says the same in words.
 */

GtkWidget  *rd_watch_plot_new         (void);
/* @watch: (nullable): borrowed; it must outlive the plot or be unset. */
void        rd_watch_plot_set_watch   (RdWatchPlot   *self,
                                       const RdWatch *watch);
/* A round was added to the watch: draw it and say it. */
void        rd_watch_plot_update      (RdWatchPlot   *self);

/* What the marks mean, drawn the same way, each with its word. */
GtkWidget  *rd_watch_plot_legend_new  (void);

G_END_DECLS
