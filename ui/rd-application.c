/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include "rd-application.h"
#include "rd-kiosk.h"
#include "rd-ui.h"
#include "rd-window.h"

struct _RdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

/* The benchmark's probe (RDP_DOCTOR_BENCH set, tests/bench/bench.py): from
 * the first frame to the first frame after the checks ended, a 10 ms timeout
 * at high priority measures how late the main loop runs it; then one line
 * on stderr and the application quits. Times are CLOCK_MONOTONIC, which the
 * benchmark shares, so it can count startup from the moment it spawned us. */
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

static RdWindow *
get_window (RdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (rd_window_new (GTK_APPLICATION (self)));
      if (g_getenv ("RDP_DOCTOR_BENCH") != NULL)
        bench_attach (window);
    }
  return RD_WINDOW (window);
}

static void
rd_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (RD_APPLICATION (app))));
}

/* "office-pc.rdp" or a path to an existing file, but never a link. */
static gboolean
looks_like_file (const char *arg,
                 const char *cwd)
{
  g_autofree char *lower = NULL;
  g_autofree char *path = NULL;

  /* File managers hand over a .rdp file as a file:// URI (Exec=... %U). */
  if (g_ascii_strncasecmp (arg, "file://", 7) == 0)
    return TRUE;
  if (strstr (arg, "://") != NULL)
    return FALSE;
  lower = g_ascii_strdown (arg, -1);
  if (g_str_has_suffix (lower, ".rdp"))
    return TRUE;
  path = g_path_is_absolute (arg) || cwd == NULL ? g_strdup (arg) : g_build_filename (cwd, arg, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* A saved report: "report.json", a path or a file:// URI to one. */
static gboolean
looks_like_report (const char *arg)
{
  g_autofree char *lower = g_ascii_strdown (arg, -1);

  return g_str_has_suffix (lower, ".json") &&
         (strstr (arg, "://") == NULL || g_str_has_prefix (lower, "file://"));
}

/* Runs in the first instance, also for a second launch's arguments. */
static int
rd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  RdApplication *self = RD_APPLICATION (app);
  g_auto(GStrv) argv = NULL;
  int argc = 0;
  RdWindow *window;

  argv = g_application_command_line_get_arguments (command_line, &argc);
  /* --kiosk: kiosk mode for this run, without writing the key. It shapes
   * the window, so it counts only before the first one is made (not for a
   * second launch while a window is open). */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--kiosk") == 0)
      {
        if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
          rd_kiosk_set_forced (rd_kiosk_get_default (), TRUE);
        g_free (argv[i]);
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        i--;
      }
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (argc > 2)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Give one computer at a time: a name or address, an rdp:// link or a .rdp file."));
      return 2;
    }
  if (argc == 2 && looks_like_report (argv[1]))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, argv[1]);
      g_autoptr(RdReport) report = rd_window_load_report (file, NULL);

      /* A .json that is not one of our reports goes on as any file. */
      if (report != NULL)
        {
          rd_window_open_report (window, report);
          return 0;
        }
    }
  if (argc == 2)
    {
      if (looks_like_file (argv[1], g_application_command_line_get_cwd (command_line)))
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, argv[1]);
          rd_window_check_file (window, file);
        }
      else
        rd_window_check (window, argv[1]);
    }
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "Remote Desktop Doctor contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Remote Desktop Doctor"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Finds out why a Remote Desktop connection fails with “0x904, extended 0x7” and how to fix it."),
                         "developer-name", developers[0],
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets each window stop its checks and keep its
   * size; the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
rd_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { .name = "about", .activate = about_action },
    { .name = "quit", .activate = quit_action },
  };
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);


  app_class->activate = rd_application_activate;
  app_class->command_line = rd_application_command_line;
  app_class->startup = rd_application_startup;
}

static void
rd_application_init (RdApplication *self)
{
}

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/rdpdoctor/RdpDoctor",
                       NULL);
}
