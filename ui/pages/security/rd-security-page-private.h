/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: the page's timeline and profile fix. */

#include "rd-security-page.h"

G_BEGIN_DECLS

RdTimeline   *rd_security_page_get_timeline    (RdSecurityPage *self);
/* The "Turn NLA off" flow; visible only when the host accepts TLS alone. */
RdProfileFix *rd_security_page_get_profile_fix (RdSecurityPage *self);

G_END_DECLS
