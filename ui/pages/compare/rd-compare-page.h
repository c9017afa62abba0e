/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_COMPARE_PAGE (rd_compare_page_get_type ())
G_DECLARE_FINAL_TYPE (RdComparePage, rd_compare_page, RD, COMPARE_PAGE, RdPage)

void      rd_compare_page_start           (RdComparePage *self,
                                           RdReport      *caller,
                                           guint          timeout_ms);
void      rd_compare_page_stop            (RdComparePage *self);
gboolean  rd_compare_page_is_running      (RdComparePage *self);

G_END_DECLS
