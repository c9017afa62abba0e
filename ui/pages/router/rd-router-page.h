/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-network-watch.h"
#include "rd-page.h"

G_BEGIN_DECLS

#define RD_TYPE_ROUTER_PAGE (rd_router_page_get_type ())
G_DECLARE_FINAL_TYPE (RdRouterPage, rd_router_page, RD, ROUTER_PAGE, RdPage)

G_END_DECLS
