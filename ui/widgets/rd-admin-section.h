/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_ADMIN_SECTION (rd_admin_section_get_type ())
G_DECLARE_FINAL_TYPE (RdAdminSection, rd_admin_section, RD, ADMIN_SECTION, GtkBox)

gboolean rd_admin_section_set_causes  (RdAdminSection *self,
                                       GPtrArray      *causes);
void     rd_admin_section_set_about_gateway (RdAdminSection *self);
void     rd_admin_section_set_primary (RdAdminSection *self,
                                       gboolean        primary);

G_END_DECLS
