/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-exit.h"

G_BEGIN_DECLS

/* The locale from the environment and the program's translations (from
 * $RDP_DOCTOR_LOCALEDIR when set: running uninstalled, the tests). */
void  rd_setup_locale     (void);

/* The program's and its libraries' versions, one per line. */
char *rd_headless_version (void);

/* Entry point of `rdp-doctor --headless`; argv includes the program name. */
int rd_headless_main (int    argc,
                      char **argv);

G_END_DECLS
