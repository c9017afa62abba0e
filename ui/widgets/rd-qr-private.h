/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: QR codes drawn and saved without a view, and the view's
 * text. */

#include "rd-qr.h"

G_BEGIN_DECLS

/* Whether this build can draw QR codes (libqrencode). */
gboolean    rd_qr_available       (void);
/* Every module @module_px pixels wide, black on white. NULL when the text
 * does not fit a QR code or the build has none. */
GdkTexture *rd_qr_texture_new     (const char *text,
                                   guint       module_px);
gboolean    rd_qr_save_png        (const char *text,
                                   guint       module_px,
                                   const char *path);
const char *rd_qr_view_get_text   (RdQrView   *self);

G_END_DECLS
