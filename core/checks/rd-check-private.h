/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the checks and the tests: why a check that needs the computer cannot
 * run, from what the checks before it found. */

#include "rd-check.h"

G_BEGIN_DECLS

/* NULL when the check can run: the tcp check connected (and, with
 * @needs_tls, the negotiation agreed on TLS); @address (optional) is then
 * the address that connected. Otherwise the finding's sentence, translated:
 * the computer could not be reached, or the connection stopped before the
 * part the check measures. */
const char *rd_check_why_not_measured (RdFinding     *tcp,
                                       RdFinding     *negotiate,
                                       gboolean       needs_tls,
                                       GInetAddress **address);

G_END_DECLS
