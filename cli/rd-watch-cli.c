/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "rd-exit.h"
#include "rd-runner.h"
#include "rd-seconds.h"
#include "rd-watch.h"
#include "rd-watch-cli.h"

gboolean
rd_watch_cli_parse_interval (const char  *text,
                             guint       *interval_ms,
                             GError     **error)
{
  g_autofree char *shown = NULL;

  if (rd_parse_seconds (text, RD_WATCH_INTERVAL_MIN_MS, RD_WATCH_INTERVAL_MAX_MS, interval_ms))
    return TRUE;
  shown = rd_target_redact_input (text);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: %s is what was given */
               _("The interval “%s” is not a number of seconds from 0.1 to 86400 (for example 30 or 2.5)."),
               shown);
  return FALSE;
}

gboolean
rd_watch_cli_parse_count (const char  *text,
                          guint       *count,
                          GError     **error)
{
  guint64 value = 0;
  g_autofree char *shown = NULL;

  if (rd_parse_whole_number (text, 1, RD_WATCH_COUNT_MAX, &value))
    {
      *count = (guint) value;
      return TRUE;
    }
  shown = rd_target_redact_input (text);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: %s is what was given, %d the most allowed */
               _("--count takes a number of rounds from 1 to %d, not “%s”."),
               RD_WATCH_COUNT_MAX, shown);
  return FALSE;
}

typedef struct
{
  RdTarget     *target;
  guint         timeout_ms;
  gint64        interval_us;
  guint         count;
  gboolean      json;
  gboolean      progress;     /* stderr is a terminal */

  RdWatch      *watch;
  GMainLoop    *loop;
  GCancellable *cancellable;
  RdRunner     *runner;       /* the round running, or NULL */
  gint64        round_start_us;      /* real time, for the report */
  gint64        round_start_mono_us;
  gint64        next_mono_us;
  guint         next_id;      /* the wait for the next round */
  guint         tick_id;      /* the countdown on a terminal */
  gboolean      interrupted;
  gboolean      any_cause;
} Watcher;

static void start_round (Watcher *w);

static void
clear_countdown (Watcher *w)
{
  g_clear_handle_id (&w->tick_id, g_source_remove);
  if (w->progress)
    g_printerr ("\r\033[K");
}

static gboolean
on_tick (gpointer user_data)
{
  Watcher *w = user_data;
  gint64 left_us = w->next_mono_us - g_get_monotonic_time ();

  /* TRANSLATORS: the countdown between two rounds of --watch, on a
   * terminal only; %d is whole seconds */
  g_printerr ("\r\033[K");
  g_printerr (_("Next round in %d s (Ctrl+C to stop and see the summary)"),
              (int) ((MAX (left_us, 0) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC));
  return G_SOURCE_CONTINUE;
}

static gboolean
on_next_round (gpointer user_data)
{
  Watcher *w = user_data;

  w->next_id = 0;
  clear_countdown (w);
  start_round (w);
  return G_SOURCE_REMOVE;
}

/* Round starts are an interval apart; a round that took longer than that
 * is followed at once. */
static void
schedule_next (Watcher *w)
{
  gint64 now = g_get_monotonic_time ();
  gint64 delay_us;

  w->next_mono_us = w->round_start_mono_us + w->interval_us;
  delay_us = MAX (w->next_mono_us - now, 0);
  w->next_id = g_timeout_add ((guint) ((delay_us + 999) / 1000), on_next_round, w);
  if (w->progress && delay_us >= G_USEC_PER_SEC)
    {
      on_tick (w);
      w->tick_id = g_timeout_add (1000, on_tick, w);
    }
}

static void
print_round (Watcher            *w,
             const RdWatchRound *round,
             RdReport           *report)
{
  if (w->json)
    {
      g_autoptr(JsonNode) node = rd_watch_round_to_json (round, report);
      g_autofree char *line = json_to_string (node, FALSE);

      g_print ("%s\n", line);
    }
  else
    {
      g_autofree char *line = rd_watch_round_to_text (round);

      g_print ("%s\n", line);
    }
  fflush (stdout);
}

static void
on_round_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Watcher *w = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) report = rd_report_new_from_run (RD_RUNNER (source), result, &error);
  const RdWatchRound *round;

  g_clear_object (&w->runner);
  if (report == NULL && (w->interrupted || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      /* Cut short: not a round. */
      g_main_loop_quit (w->loop);
      return;
    }
  if (report == NULL)
    {
      g_printerr ("rdp-doctor: %s\n", error != NULL ? error->message : _("Internal error"));
      round = rd_watch_add_error (w->watch, w->round_start_us,
                                  (g_get_monotonic_time () - w->round_start_mono_us) / 1000);
      w->any_cause = TRUE;
    }
  else
    {
      round = rd_watch_add_report (w->watch, report, w->round_start_us);
      if (round->verdict != RD_VERDICT_HEALTHY)
        w->any_cause = TRUE;
    }
  print_round (w, round, report);

  /* A round that ended as Ctrl+C came still counts; then stop. */
  if (w->interrupted || (w->count > 0 && rd_watch_get_n_rounds (w->watch) >= w->count))
    g_main_loop_quit (w->loop);
  else
    schedule_next (w);
}

static void
start_round (Watcher *w)
{
  w->round_start_us = g_get_real_time ();
  w->round_start_mono_us = g_get_monotonic_time ();
  /* As a single run sets it up. */
  w->runner = rd_runner_new (w->target);
  rd_runner_set_timeout (w->runner, w->timeout_ms);
  rd_runner_run_async (w->runner, w->cancellable, on_round_done, w);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Watcher *w = user_data;

  w->interrupted = TRUE;
  g_cancellable_cancel (w->cancellable);
  /* Between rounds: stop now; in a round: when it has ended. */
  if (w->runner == NULL)
    {
      g_clear_handle_id (&w->next_id, g_source_remove);
      g_main_loop_quit (w->loop);
    }
  return G_SOURCE_CONTINUE;
}

static void
print_summary (Watcher *w)
{
  if (w->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "summary");
      json_builder_add_value (builder, rd_watch_summary_to_json (w->watch));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      line = json_to_string (root, FALSE);
      g_print ("%s\n", line);
    }
  else
    {
      g_autofree char *text = rd_watch_summary_to_text (w->watch);

      g_print ("\n%s", text);
    }
  fflush (stdout);
}

int
rd_watch_cli_run (RdTarget *target,
                  guint     timeout_ms,
                  guint     interval_ms,
                  guint     count,
                  gboolean  json)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watcher w = {
    .target = target,
    .timeout_ms = timeout_ms,
    .interval_us = (gint64) interval_ms * 1000,
    .count = count,
    .json = json,
    .progress = isatty (STDERR_FILENO),
    .watch = watch,
    .loop = loop,
    .cancellable = cancellable,
  };
  guint sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &w);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &w);

  start_round (&w);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&w.next_id, g_source_remove);
  clear_countdown (&w);
  if (w.interrupted)
    g_printerr ("%s\n", _("Stopped."));

  print_summary (&w);
  if (w.interrupted)
    return RD_EXIT_STOPPED;
  return w.any_cause ? RD_EXIT_CAUSE : RD_EXIT_HEALTHY;
}
