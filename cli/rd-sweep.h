/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-cause.h"

G_BEGIN_DECLS

#define RD_SWEEP_DEFAULT_JOBS 4
#define RD_SWEEP_MAX_JOBS     32

/* `rdp-doctor --headless --hosts-file FILE`; returns the exit code. */
int rd_sweep_main (const char *path,
                   guint       jobs,
                   guint       per_address,
                   guint       timeout_ms,
                   gboolean    port_given,
                   guint16     port,
                   gboolean    json);

/* Whether a cause may come from the sweep's own load (then the computer is
 * checked again alone before it is named). */
gboolean rd_sweep_cause_is_load_sensitive (RdCauseId id);

G_END_DECLS
