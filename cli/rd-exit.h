/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of the terminal mode (README's table); 130 after Ctrl+C. */
typedef enum
{
  RD_EXIT_HEALTHY = 0,
  RD_EXIT_CAUSE = 1,
  RD_EXIT_USAGE = 2,
  RD_EXIT_INTERNAL = 3,
  RD_EXIT_STOPPED = 130,
} RdExitCode;

G_END_DECLS
