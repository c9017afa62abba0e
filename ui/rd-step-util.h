/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-report.h"

G_BEGIN_DECLS

/* Small builders the step pages share: the same command box, copy button
 * and evidence text everywhere. */

GtkWidget     *rd_step_label            (const char          *text,
                                         const char          *css_class);
GtkWidget     *rd_step_heading          (const char          *text,
                                         const char          *css_class,
                                         int                  level);
GtkWidget     *rd_step_command          (const char          *shell,
                                         const char          *text);
GtkWidget     *rd_step_remedy_card      (const RdRemedy      *remedy);
void           rd_step_add_remedy_lines (GtkBox              *box,
                                         const RdRemedy      *remedy);
gboolean       rd_step_add_remedy_cards (GtkBox              *box,
                                         GPtrArray           *causes,
                                         RdSide               side);
void           rd_step_clear            (GtkWidget           *box);
void           rd_step_fill_evidence    (GtkWidget           *box,
                                         const RdReport      *report,
                                         const char * const  *check_ids);

/* Every step and command of @causes for @side, for a message. */
char          *rd_step_remedies_text    (const RdReport      *report,
                                         GPtrArray           *causes,
                                         RdSide               side);
const char    *rd_step_status_icon_name   (RdStatus             status);
const char    *rd_step_status_css_class   (RdStatus             status);
const char    *rd_step_status_description (RdStatus             status);

G_END_DECLS
