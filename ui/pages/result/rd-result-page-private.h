/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: what the result page shows. */

#include "rd-result-page.h"

G_BEGIN_DECLS

/* The stable id of the cause shown, or NULL when no problem was found. */
const char *rd_result_page_get_cause_id (RdResultPage *self);
RdTimeline *rd_result_page_get_timeline   (RdResultPage *self);

G_END_DECLS
