/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the wizard's GResource once; every class with a template calls
 * it from class_init, so a program linking the static library needs nothing
 * more. */
void rd_ui_ensure_resources (void);

typedef struct _GtkWidget GtkWidget;
void rd_ui_fix_mnemonic_names (GtkWidget *root);

G_END_DECLS
