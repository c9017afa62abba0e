/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-page.h"
#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_ASSISTANT (rd_assistant_get_type ())
G_DECLARE_FINAL_TYPE (RdAssistant, rd_assistant, RD, ASSISTANT, GtkBox)

/*
 * The wizard's pages and the way through them, as GNOME Initial Setup's
 * GisAssistant: every run starts with the welcome page and the checking
 * page (a wait, which Back passes over); the pages after it are the ones
 * rd_plan_pages() plans for the report. Pages are addressed by their
 * class's id (RD_PAGE_*) or as objects, never by position.
 */

void        rd_assistant_add_page           (RdAssistant *self,
                                             RdPage      *page);
RdPage     *rd_assistant_get_page           (RdAssistant *self,
                                             const char  *id);
RdPage     *rd_assistant_get_current_page   (RdAssistant *self);

void        rd_assistant_restart            (RdAssistant *self,
                                             const char  *id);
void        rd_assistant_show_report        (RdAssistant *self,
                                             RdReport    *report);
void        rd_assistant_show_after         (RdAssistant *self,
                                             const char  *id);
void        rd_assistant_go_to              (RdAssistant *self,
                                             RdPage      *page);
void        rd_assistant_go_to_id           (RdAssistant *self,
                                             const char  *id);

gboolean    rd_assistant_apply              (RdAssistant *self);
gboolean    rd_assistant_next               (RdAssistant *self);
gboolean    rd_assistant_back               (RdAssistant *self);
gboolean    rd_assistant_get_at_end         (RdAssistant *self);
gboolean    rd_assistant_get_can_go_back    (RdAssistant *self);
gboolean    rd_assistant_get_can_go_forward (RdAssistant *self);

const char *rd_assistant_get_title          (RdAssistant *self);
const char *rd_assistant_get_step           (RdAssistant *self);
const char *rd_assistant_get_heading        (RdAssistant *self);
char      **rd_assistant_dup_steps          (RdAssistant *self);

void        rd_assistant_set_read_only      (RdAssistant *self,
                                             gboolean     read_only);
gboolean    rd_assistant_get_read_only      (RdAssistant *self);
void        rd_assistant_rebuild            (RdAssistant *self);

G_END_DECLS
