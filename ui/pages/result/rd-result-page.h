/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-report.h"
#include "rd-timeline.h"

G_BEGIN_DECLS

#define RD_TYPE_RESULT_PAGE (rd_result_page_get_type ())
G_DECLARE_FINAL_TYPE (RdResultPage, rd_result_page, RD, RESULT_PAGE, RdPage)

G_END_DECLS
