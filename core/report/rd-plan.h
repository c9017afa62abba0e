/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/* Names of the wizard's pages: the two it starts with, the steps after
 * "checking" in order, the result, the helpdesk's side by side, and the
 * result's "Keep watching". */
#define RD_PAGE_WELCOME   "welcome"
#define RD_PAGE_CHECKING  "checking"
#define RD_PAGE_ROUTER    "router"
#define RD_PAGE_RDGATEWAY "rdgateway"
#define RD_PAGE_ADDRESS   "address"
#define RD_PAGE_FIREWALL  "firewall"
#define RD_PAGE_SECURITY  "security"
#define RD_PAGE_TRANSPORT "transport"
#define RD_PAGE_RESULT    "result"
#define RD_PAGE_COMPARE   "compare"
#define RD_PAGE_WATCH     "watch"

/* Pure logic, no GTK: which steps a report makes relevant. */
GPtrArray *rd_plan_pages (const RdReport *report);

G_END_DECLS
