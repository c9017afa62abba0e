/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-runner.h"

G_BEGIN_DECLS

#define RD_TYPE_CHECKING_PAGE (rd_checking_page_get_type ())
G_DECLARE_FINAL_TYPE (RdCheckingPage, rd_checking_page, RD, CHECKING_PAGE, RdPage)

/* Shows the progress of @runner's next run, from its signals. */
void rd_checking_page_set_runner (RdCheckingPage *self,
                                  RdRunner       *runner);

G_END_DECLS
