/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A QR code of a text (byte mode, UTF-8 with its ECI, error correction
 * level M) with a quiet zone of 4 modules. */

#define RD_QR_QUIET_ZONE 4

#define RD_TYPE_QR_VIEW (rd_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (RdQrView, rd_qr_view, RD, QR_VIEW, GtkWidget)

/* Returns whether the text fits; the view shows nothing when not. */
gboolean    rd_qr_view_set_text   (RdQrView   *self,
                                   const char *text);

G_END_DECLS
