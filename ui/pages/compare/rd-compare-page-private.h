/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: the report of the run made here. */

#include "rd-compare-page.h"

G_BEGIN_DECLS

RdReport *rd_compare_page_get_here_report (RdComparePage *self);

G_END_DECLS
