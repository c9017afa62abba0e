/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_REPORT_BANNER (rd_report_banner_get_type ())
G_DECLARE_FINAL_TYPE (RdReportBanner, rd_report_banner, RD, REPORT_BANNER, GtkBox)

/* Says whose report is shown and when it was made, read-only; its button
 * runs "wizard.retest" (Test Again From Here). */
void        rd_report_banner_set_report (RdReportBanner *self,
                                         RdReport       *report);

G_END_DECLS
