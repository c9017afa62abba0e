/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-page.h"
#include "rd-target.h"

G_BEGIN_DECLS

#define RD_TYPE_WELCOME_PAGE (rd_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (RdWelcomePage, rd_welcome_page, RD, WELCOME_PAGE, RdPage)

/* The computer to check, or NULL while the input is not valid. */
RdTarget *rd_welcome_page_get_target (RdWelcomePage *self);
void      rd_welcome_page_set_text   (RdWelcomePage *self,
                                      const char    *text);
gboolean  rd_welcome_page_open_file  (RdWelcomePage *self,
                                      GFile         *file);

G_END_DECLS
