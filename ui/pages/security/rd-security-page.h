/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-profile-fix.h"
#include "rd-timeline.h"

G_BEGIN_DECLS

#define RD_TYPE_SECURITY_PAGE (rd_security_page_get_type ())
G_DECLARE_FINAL_TYPE (RdSecurityPage, rd_security_page, RD, SECURITY_PAGE, RdPage)

G_END_DECLS
