/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The watch plot's geometry and words, without a display: where each
 * round goes, how marks shrink as rounds crowd, and what a screen reader
 * hears, for 1, 2 and 2880 rounds. */
#include "config.h"

#include <math.h>

#include "rd-watch-plot-private.h"

#define WIDTH 480.0
#define HEIGHT 160.0
/* 20:14:03 UTC, a day in 2026. */
static gint64 base_us;

static void
assert_inside (const RdWatchPlotFrame *frame,
               const RdWatchPlotMark  *mark)
{
  g_assert_cmpfloat (mark->x, >=, frame->left);
  g_assert_cmpfloat (mark->x, <=, frame->right);
  g_assert_cmpfloat (mark->y, >=, frame->top);
  g_assert_cmpfloat (mark->y, <=, frame->bottom);
  g_assert_cmpfloat (mark->size, >=, 1.5);
  g_assert_cmpfloat (mark->size, <=, 6.0);
}

static void
test_empty (void)
{
  g_autofree char *text = rd_watch_plot_describe (NULL);
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autofree char *empty = rd_watch_plot_describe (watch);
  RdWatchPlotFrame frame;

  g_assert_cmpstr (text, ==, "No rounds yet.");
  g_assert_cmpstr (empty, ==, "No rounds yet.");
  rd_watch_plot_frame_init (&frame, watch, WIDTH, HEIGHT, 20, 20);
  g_assert_cmpint (frame.scale_ms, ==, 1000);
  g_assert_cmpfloat (frame.left, <, frame.right);
  g_assert_cmpfloat (frame.top, <, frame.bottom);
}

/* One round stands in the middle; its description has no span. */
static void
test_one (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autofree char *text = NULL;
  RdWatchPlotFrame frame;
  RdWatchPlotMark mark;

  rd_watch_add_error (watch, base_us, 1500);
  rd_watch_plot_frame_init (&frame, watch, WIDTH, HEIGHT, 20, 20);
  g_assert_cmpint (frame.scale_ms, ==, 2000);
  rd_watch_plot_mark (&frame, watch, 0, &mark);
  assert_inside (&frame, &mark);
  g_assert_cmpfloat_with_epsilon (mark.x, (frame.left + frame.right) / 2, 0.01);
  /* 1.5 s of a 2 s scale: three quarters up. */
  g_assert_cmpfloat_with_epsilon (mark.y, frame.bottom - 0.75 * (frame.bottom - frame.top), 0.01);
  g_assert_cmpint (mark.kind, ==, RD_WATCH_MARK_FAILED);

  text = rd_watch_plot_describe (watch);
  g_assert_cmpstr (text, ==, "1 round, 1 failed at 20:14:03; the slowest took 1.5 s.");
}

/* Two rounds: the first at the left, the last at the right; the longer
 * one higher. */
static void
test_two (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autofree char *text = NULL;
  RdWatchPlotFrame frame;
  RdWatchPlotMark first, last;

  rd_watch_add_error (watch, base_us, 400);
  rd_watch_add_error (watch, base_us + 30 * G_USEC_PER_SEC, 4200);
  rd_watch_plot_frame_init (&frame, watch, WIDTH, HEIGHT, 20, 20);
  g_assert_cmpint (frame.scale_ms, ==, 5000);
  rd_watch_plot_mark (&frame, watch, 0, &first);
  rd_watch_plot_mark (&frame, watch, 1, &last);
  g_assert_cmpfloat_with_epsilon (first.x, frame.left, 0.01);
  g_assert_cmpfloat_with_epsilon (last.x, frame.right, 0.01);
  g_assert_cmpfloat (last.y, <, first.y);

  text = rd_watch_plot_describe (watch);
  g_assert_cmpstr (text, ==, "2 rounds in 30 seconds, 2 failed, the last at 20:14:33; the slowest took 4.2 s.");
}

/* A day at 30 s: every mark inside, in time order, small but seen. */
static void
test_many (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autofree char *text = NULL;
  RdWatchPlotFrame frame;
  double previous = -1;

  for (guint i = 0; i < RD_WATCH_MAX_ROUNDS + 10; i++)
    rd_watch_add_error (watch, base_us + (gint64) i * 30 * G_USEC_PER_SEC, 100 + i % 700);
  g_assert_cmpuint (rd_watch_get_n_kept (watch), ==, RD_WATCH_MAX_ROUNDS);

  rd_watch_plot_frame_init (&frame, watch, WIDTH, HEIGHT, 20, 20);
  g_assert_cmpint (frame.scale_ms, ==, 1000);
  for (guint i = 0; i < rd_watch_get_n_kept (watch); i++)
    {
      RdWatchPlotMark mark;

      rd_watch_plot_mark (&frame, watch, i, &mark);
      assert_inside (&frame, &mark);
      g_assert_cmpfloat (mark.x, >=, previous);
      /* Crowded, but a failure keeps the size to tell its shape. */
      g_assert_cmpfloat (mark.size, ==, 3.0);
      previous = mark.x;
    }
  g_assert_cmpfloat_with_epsilon (previous, frame.right, 0.01);

  /* The words count every round, the span is the rounds kept. */
  text = rd_watch_plot_describe (watch);
  g_assert_true (g_str_has_prefix (text, "2890 rounds in 24 hours, 2890 failed, the last at "));
}

/* Shape follows the verdict; a round that could not run is a failure. */
static void
test_kinds (void)
{
  RdWatchRound round = { 0 };

  round.verdict = RD_VERDICT_HEALTHY;
  g_assert_cmpint (rd_watch_plot_mark_kind (&round), ==, RD_WATCH_MARK_HEALTHY);
  round.verdict = RD_VERDICT_DEGRADED;
  g_assert_cmpint (rd_watch_plot_mark_kind (&round), ==, RD_WATCH_MARK_WARNING);
  round.verdict = RD_VERDICT_BROKEN;
  g_assert_cmpint (rd_watch_plot_mark_kind (&round), ==, RD_WATCH_MARK_FAILED);
  round.verdict = RD_VERDICT_HEALTHY;
  round.error = TRUE;
  g_assert_cmpint (rd_watch_plot_mark_kind (&round), ==, RD_WATCH_MARK_FAILED);
}

/* A widget of narrow room: the plotting area never turns inside out. */
static void
test_tiny (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  RdWatchPlotFrame frame;
  RdWatchPlotMark mark;

  rd_watch_add_error (watch, base_us, 100);
  rd_watch_plot_frame_init (&frame, watch, 10, 10, 40, 40);
  g_assert_cmpfloat (frame.left, <=, frame.right);
  g_assert_cmpfloat (frame.top, <=, frame.bottom);
  rd_watch_plot_mark (&frame, watch, 0, &mark);
  g_assert_true (isfinite (mark.x) && isfinite (mark.y));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) when = NULL;

  /* Times as a person reads them here: a fixed zone, the untranslated words. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  when = g_date_time_new_utc (2026, 12, 3, 20, 14, 3);
  base_us = g_date_time_to_unix (when) * G_USEC_PER_SEC;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/watch-plot/empty", test_empty);
  g_test_add_func ("/watch-plot/one", test_one);
  g_test_add_func ("/watch-plot/two", test_two);
  g_test_add_func ("/watch-plot/many", test_many);
  g_test_add_func ("/watch-plot/kinds", test_kinds);
  g_test_add_func ("/watch-plot/tiny", test_tiny);
  return g_test_run ();
}
