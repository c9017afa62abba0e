/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_CONNECT_BUTTON (rd_connect_button_get_type ())
G_DECLARE_FINAL_TYPE (RdConnectButton, rd_connect_button, RD, CONNECT_BUTTON, GtkBox)

/* "Connect now": opens the report's connection in the person's own app
 * and says how the app ended. Hidden in a kiosk (another app is a way out
 * of it) and for a saved report of another computer. */
void rd_connect_button_set_report (RdConnectButton *self,
                                   RdReport        *report,
                                   gboolean         read_only);

G_END_DECLS
