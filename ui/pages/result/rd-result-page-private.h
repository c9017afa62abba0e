/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: what the result page shows. */

#include "rd-result-page.h"

G_BEGIN_DECLS

/* The stable id of the cause shown, or NULL when no problem was found. */
const char *rd_result_page_get_cause_id (RdResultPage *self);
RdTimeline *rd_result_page_get_timeline   (RdResultPage *self);

/* Save Report: the name it proposes, and what it says once written. */
char       *rd_result_page_report_file_name (const char   *host,
                                             const char   *code);
void        rd_result_page_report_saved     (RdResultPage *self,
                                             GFile        *file);

G_END_DECLS
