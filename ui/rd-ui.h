/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GtkWidget GtkWidget;
typedef struct _GtkNativeDialog GtkNativeDialog;
void rd_ui_fix_mnemonic_names (GtkWidget  *root);
void rd_ui_set_button_label   (GtkWidget  *button,
                               const char *label);

void rd_ui_show_chooser       (GtkNativeDialog **slot,
                               GtkNativeDialog  *chooser,
                               GCallback         on_response,
                               gpointer          data);
void rd_ui_close_chooser      (GtkNativeDialog **slot);

G_END_DECLS
