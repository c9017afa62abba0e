/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"

G_BEGIN_DECLS

#define RD_TYPE_RDGATEWAY_PAGE (rd_rdgateway_page_get_type ())
G_DECLARE_FINAL_TYPE (RdRdgatewayPage, rd_rdgateway_page, RD, RDGATEWAY_PAGE, RdPage)

G_END_DECLS
