/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numbers as options take them: seconds (--timeout, --interval) and
 * whole numbers (--jobs, --per-address, --count, --max-probes). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds as a person writes them ("5", "2.5", ".5") from @min_ms to
 * @max_ms milliseconds, in @ms; FALSE for anything else. */
gboolean rd_parse_seconds (const char *text,
                           guint64     min_ms,
                           guint64     max_ms,
                           guint      *ms);

/* A whole number written with digits only (not "+5", " 5", "5 rounds" or
 * "0x10") from @min to @max, in @value; FALSE for anything else. */
gboolean rd_parse_whole_number (const char *text,
                                guint64     min,
                                guint64     max,
                                guint64    *value);

G_END_DECLS
