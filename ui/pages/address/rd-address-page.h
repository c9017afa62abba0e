/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-profile-fix.h"

G_BEGIN_DECLS

#define RD_TYPE_ADDRESS_PAGE (rd_address_page_get_type ())
G_DECLARE_FINAL_TYPE (RdAddressPage, rd_address_page, RD, ADDRESS_PAGE, RdPage)

G_END_DECLS
