/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/* Names of the wizard pages after "checking", in order. */
#define RD_PAGE_ROUTER    "router"
#define RD_PAGE_ADDRESS   "address"
#define RD_PAGE_FIREWALL  "firewall"
#define RD_PAGE_SECURITY  "security"
#define RD_PAGE_TRANSPORT "transport"
#define RD_PAGE_RESULT    "result"

/* Pure logic, no GTK: which steps a report makes relevant. */
GPtrArray *rd_plan_pages (const RdReport *report);

G_END_DECLS
