/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-runner.h"

G_BEGIN_DECLS

void rd_ui_fix_mnemonic_names (GtkWidget  *root);
void rd_ui_set_button_label   (GtkWidget  *button,
                               const char *label);

GtkFileChooser *rd_ui_new_chooser (GtkWidget            *widget,
                                   const char           *title,
                                   GtkFileChooserAction  action,
                                   const char           *accept);
GtkFileFilter  *rd_ui_add_filter  (GtkFileChooser       *chooser,
                                   const char           *name,
                                   const char           *pattern);
/* What a file dialog's owner does with the file chosen. */
typedef void (*RdUiFileFunc) (gpointer  owner,
                              GFile    *file);

void rd_ui_show_chooser       (GtkNativeDialog **slot,
                               GtkFileChooser   *chooser,
                               RdUiFileFunc      on_file,
                               gpointer          owner);
void rd_ui_close_chooser      (GtkNativeDialog **slot);

/* Draws @layout with its top left corner at (@x, @y). */
void rd_ui_append_layout_at   (GtkSnapshot      *snapshot,
                               PangoLayout      *layout,
                               double            x,
                               double            y,
                               const GdkRGBA    *color);

/* The checks of @target as the wizard runs them, each network step given
 * @timeout_ms: its own run, the helpdesk's from here, each watched round. */
RdRunner *rd_ui_new_runner    (RdTarget         *target,
                               guint             timeout_ms);

G_END_DECLS
