/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-page.h"
#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_WINDOW (rd_window_get_type ())
G_DECLARE_FINAL_TYPE (RdWindow, rd_window, RD, WINDOW, AdwApplicationWindow)

RdWindow *rd_window_new              (GtkApplication *application);

/* Fills in the computer (as typed, or from a .rdp file) and, when it is
 * valid, starts the checks; otherwise the first page shows why not. */
void      rd_window_check            (RdWindow       *self,
                                      const char     *input);
void      rd_window_check_file       (RdWindow       *self,
                                      GFile          *file);

/* The helpdesk's view of a saved report: read-only, in the same pages. */
RdReport *rd_window_load_report      (GFile          *file,
                                      GError        **error);
RdWindow *rd_window_open_report      (RdWindow       *self,
                                      RdReport       *report);
/* Opens @file as a report, or says in the window why it is not one. */
RdWindow *rd_window_open_report_file (RdWindow       *self,
                                      GFile          *file);

G_END_DECLS
