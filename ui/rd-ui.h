/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GtkWidget GtkWidget;
void rd_ui_fix_mnemonic_names (GtkWidget  *root);
void rd_ui_set_button_label   (GtkWidget  *button,
                               const char *label);

G_END_DECLS
