/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-network-watch.h"
#include "rd-page.h"

G_BEGIN_DECLS

#define RD_TYPE_ROUTER_PAGE (rd_router_page_get_type ())
G_DECLARE_FINAL_TYPE (RdRouterPage, rd_router_page, RD, ROUTER_PAGE, RdPage)

/* For the tests: the probe and interval the next wait uses instead of the
 * real network's. */
void            rd_router_page_set_probe  (RdRouterPage       *self,
                                           RdNetworkProbeFunc  func,
                                           gpointer            data,
                                           guint               interval_ms);
RdNetworkState  rd_router_page_get_state  (RdRouterPage       *self);
gboolean        rd_router_page_is_waiting (RdRouterPage       *self);

G_END_DECLS
