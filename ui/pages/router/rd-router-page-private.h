/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: what the page waits for, and a probe of their own. */

#include "rd-router-page.h"

G_BEGIN_DECLS

/* The probe and interval the next wait uses instead of the
 * real network's. */
void            rd_router_page_set_probe  (RdRouterPage       *self,
                                           RdNetworkProbeFunc  func,
                                           gpointer            data,
                                           guint               interval_ms);
RdNetworkState  rd_router_page_get_state  (RdRouterPage       *self);
gboolean        rd_router_page_is_waiting (RdRouterPage       *self);

G_END_DECLS
