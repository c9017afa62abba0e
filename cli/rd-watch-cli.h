/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `rdp-doctor --headless --watch`: the same diagnosis again and again, one
 * line a round, a summary at the end (core/report/rd-watch.h adds them up). */
#pragma once

#include <glib.h>

#include "rd-target.h"
#include "rd-watch.h"

G_BEGIN_DECLS

/* The range of --interval, in milliseconds: a tenth of a second (for tests
 * and a quick look) to a day. */
#define RD_WATCH_INTERVAL_MIN_MS 100
#define RD_WATCH_INTERVAL_MAX_MS (24 * 60 * 60 * 1000)
/* --count: at most a year of rounds at one a second. */
#define RD_WATCH_COUNT_MAX (366 * 24 * 60 * 60)

/* --interval and --count as given (NULL: not given). FALSE with a
 * translated message in @error for anything else than what they take. */
gboolean rd_watch_cli_parse_interval (const char  *text,
                                      guint       *interval_ms,
                                      GError     **error);
gboolean rd_watch_cli_parse_count    (const char  *text,
                                      guint       *count,
                                      GError     **error);

/* Runs rounds on @target every @interval_ms (a round that takes longer
 * starts the next at once), @count of them or, with 0, until Ctrl+C or
 * SIGTERM; prints each round's line as it ends and the summary. Returns
 * the exit code: 0 when every round was healthy, 1 when a round named a
 * cause or could not run, 130 when interrupted. */
int      rd_watch_cli_run            (RdTarget    *target,
                                      guint        timeout_ms,
                                      guint        interval_ms,
                                      guint        count,
                                      gboolean     json);

G_END_DECLS
