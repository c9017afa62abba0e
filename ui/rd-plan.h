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

/* The cause ids each step explains, NULL-terminated; an entry ending in
 * '*' matches every id with that prefix. */
extern const char * const rd_plan_router_causes[];
extern const char * const rd_plan_address_causes[];
extern const char * const rd_plan_firewall_causes[];
extern const char * const rd_plan_security_causes[];
extern const char * const rd_plan_transport_causes[];

/* Pure logic, no GTK: which steps a report makes relevant. */
GPtrArray *rd_plan_pages (const RdReport *report);

G_END_DECLS
