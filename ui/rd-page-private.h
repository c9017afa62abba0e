/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: what a page's "Copy for your administrator" copies. */

#include "rd-page.h"

G_BEGIN_DECLS

char       *rd_page_dup_admin_text (RdPage     *self);

G_END_DECLS
