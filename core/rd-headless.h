/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of the headless mode. */
typedef enum
{
  RD_EXIT_HEALTHY = 0,
  RD_EXIT_CAUSE = 1,
  RD_EXIT_USAGE = 2,
  RD_EXIT_INTERNAL = 3,
} RdExitCode;

/* The locale from the environment and the program's translations (from
 * $RDP_DOCTOR_LOCALEDIR when set: running uninstalled, the tests). */
void  rd_setup_locale     (void);

/* The program's and its libraries' versions, one per line. */
char *rd_headless_version (void);

/* Entry point of `rdp-doctor --headless`; argv includes the program name. */
int rd_headless_main (int    argc,
                      char **argv);

G_END_DECLS
