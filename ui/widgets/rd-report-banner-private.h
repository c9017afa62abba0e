/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: the banner's text. */

#include "rd-report-banner.h"

G_BEGIN_DECLS

const char *rd_report_banner_get_text   (RdReportBanner *self);

G_END_DECLS
