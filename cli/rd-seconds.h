/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Seconds as options take them (--timeout, --interval). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds as a person writes them ("5", "2.5", ".5") from @min_ms to
 * @max_ms milliseconds, in @ms; FALSE for anything else. */
gboolean rd_parse_seconds (const char *text,
                           guint64     min_ms,
                           guint64     max_ms,
                           guint      *ms);

G_END_DECLS
