/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-report.h"

G_BEGIN_DECLS

#define RD_TYPE_FORGET_CERTIFICATE (rd_forget_certificate_widget_get_type ())
G_DECLARE_FINAL_TYPE (RdForgetCertificateWidget, rd_forget_certificate_widget, RD, FORGET_CERTIFICATE,
                      GtkBox)

/* The button that lets the person's app forget the old certificate of the
 * computer (one line of known_hosts2, a copy kept), and its Undo; NULL when
 * the report names nothing to forget on this computer. */
GtkWidget *rd_forget_certificate_widget_new (RdReport *report);

G_END_DECLS
