/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"

G_BEGIN_DECLS

#define RD_TYPE_FIREWALL_PAGE (rd_firewall_page_get_type ())
G_DECLARE_FINAL_TYPE (RdFirewallPage, rd_firewall_page, RD, FIREWALL_PAGE, RdPage)

G_END_DECLS
