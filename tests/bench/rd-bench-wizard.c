/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rdp-doctor-bench-wizard HOST: the wizard for tests/bench/bench.py. It is
 * the real RdApplication, run as ui/main.c runs it, with the benchmark's
 * probe attached from outside: the probe takes the application's first
 * window as GtkApplication::window-added announces it, and watches its frame
 * clock and the main loop. The wizard itself carries no benchmark code. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <adwaita.h>

#include "rd-application.h"
#include "rd-headless.h"
#include "rd-window-private.h"

/* The probe: from the first frame to the first frame after the checks
 * ended, a 10 ms timeout at high priority measures how late the main loop
 * runs it; then one line on stderr and the application quits. Times are
 * CLOCK_MONOTONIC, which the benchmark shares, so it can count startup from
 * the moment it spawned us. */
#define BENCH_TICK_US 10000

typedef struct
{
  GtkWindow     *window;
  GdkFrameClock *clock;
  gint64         first_frame_us;
  gint64         last_tick_us;
  gint64         longest_stall_us;
  gint64         longest_stall_at_us;
  gint64         longest_stall_cpu_us;
  gint64         last_cpu_us;
  gint64         run_end_us;
  guint          frames;
  guint          tick_id;
  gboolean       seen_running;
} BenchProbe;

/* The main thread's CPU time: a stall it spent waiting (for other threads,
 * for a CPU the machine's other work holds) is not its own work. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
bench_tick (gpointer user_data)
{
  BenchProbe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 stall = now - probe->last_tick_us - BENCH_TICK_US;
  gint64 cpu = thread_cpu_us ();
  RdWindow *window = RD_WINDOW (probe->window);
  gboolean running = rd_window_is_running (window);
  /* A run quicker than the first frame is only seen by where it led. */
  gboolean ran = probe->seen_running ||
                 rd_window_get_current_page (window) != rd_window_get_page (window, "welcome");

  if (stall > probe->longest_stall_us)
    {
      probe->longest_stall_us = stall;
      probe->longest_stall_at_us = now;
      probe->longest_stall_cpu_us = cpu - probe->last_cpu_us;
    }
  probe->last_tick_us = now;
  probe->last_cpu_us = cpu;

  if (running)
    probe->seen_running = TRUE;
  else if (ran && probe->run_end_us == 0)
    {
      /* The next frame shows the page the run led to. */
      probe->run_end_us = now;
      gdk_frame_clock_request_phase (probe->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
  return G_SOURCE_CONTINUE;
}

static void
bench_unrealize (GtkWidget  *window,
                 BenchProbe *probe)
{
  g_clear_handle_id (&probe->tick_id, g_source_remove);
  if (probe->clock != NULL)
    g_signal_handlers_disconnect_by_data (probe->clock, probe);
  probe->clock = NULL;
}

static void
bench_after_paint (GdkFrameClock *clock,
                   BenchProbe    *probe)
{
  gint64 now = g_get_monotonic_time ();
  GskRenderer *renderer;

  probe->frames++;
  if (probe->first_frame_us == 0)
    {
      probe->first_frame_us = now;
      probe->last_tick_us = now;
      probe->last_cpu_us = thread_cpu_us ();
      probe->tick_id = g_timeout_add_full (G_PRIORITY_HIGH, BENCH_TICK_US / 1000, bench_tick, probe, NULL);
      return;
    }
  if (probe->run_end_us == 0)
    return;

  renderer = gtk_native_get_renderer (GTK_NATIVE (probe->window));
  fprintf (stderr, "rdp-doctor-bench: first-frame-us=%" G_GINT64_FORMAT " done-us=%" G_GINT64_FORMAT
           " longest-stall-ms=%.1f stall-cpu-ms=%.1f stall-at-ms=%.0f frames=%u renderer=%s\n",
           probe->first_frame_us, now, probe->longest_stall_us / 1000.0,
           probe->longest_stall_cpu_us / 1000.0,
           (probe->longest_stall_at_us - probe->first_frame_us) / 1000.0, probe->frames,
           renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  fflush (stderr);
  bench_unrealize (GTK_WIDGET (probe->window), probe);
  g_application_quit (G_APPLICATION (gtk_window_get_application (probe->window)));
}

static void
bench_realize (GtkWidget  *window,
               BenchProbe *probe)
{
  probe->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (probe->clock, "after-paint", G_CALLBACK (bench_after_paint), probe);
}

static void
bench_attach (GtkWindow *window)
{
  BenchProbe *probe = g_new0 (BenchProbe, 1);

  probe->window = window;
  g_signal_connect (window, "realize", G_CALLBACK (bench_realize), probe);
  g_signal_connect (window, "unrealize", G_CALLBACK (bench_unrealize), probe);
  g_object_set_data_full (G_OBJECT (window), "rd-bench-probe", probe, g_free);
}

/* The first window only, as the wizard makes one. */
static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  gboolean *attached = user_data;

  if (*attached || !RD_IS_WINDOW (window))
    return;
  *attached = TRUE;
  bench_attach (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;
  gboolean attached = FALSE;

  signal (SIGPIPE, SIG_IGN);
  rd_setup_locale ();

  if (!gtk_init_check ())
    {
      g_printerr ("rdp-doctor-bench-wizard: no display\n");
      return 2;
    }

  app = rd_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &attached);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
