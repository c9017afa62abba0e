/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"

G_BEGIN_DECLS

#define RD_TYPE_TRANSPORT_PAGE (rd_transport_page_get_type ())
G_DECLARE_FINAL_TYPE (RdTransportPage, rd_transport_page, RD, TRANSPORT_PAGE, RdPage)

G_END_DECLS
