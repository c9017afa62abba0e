/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keep watching, driven as a person would against the scripted fault
 * host: rounds come in and are drawn, Stop stops them, leaving the view
 * or closing the window stops them too. Needs a display: run through
 * run-with-xvfb.sh. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-page-private.h"
#include "rd-plan.h"
#include "rd-test-util.h"
#include "rd-watch-page-private.h"
#include "rd-watch-plot-private.h"
#include "rd-window-private.h"

/* Short rounds: neg-fail-3 answers at once. */
#define INTERVAL_MS 800

static RdFaultHost *fault_host;

typedef struct
{
  RdWatchPage *page;
  guint        rounds;
} RoundWait;

static gboolean
has_rounds (gpointer data)
{
  RoundWait *wait = data;

  return rd_watch_get_n_rounds (rd_watch_page_get_watch (wait->page)) >= wait->rounds;
}

static gboolean
page_not_running (gpointer data)
{
  return !rd_watch_page_is_running (data);
}

static gboolean
status_has_prefix (gpointer data)
{
  gpointer *args = data;

  return g_str_has_prefix (rd_watch_page_get_status (args[0]), args[1]);
}

static void
on_clicked (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* As the keyboard does: GTK shows the button pressed for 250 ms, then
 * clicks it. Waits for the click (on a busy machine, longer). */
static void
press (GtkWidget *button)
{
  gboolean clicked = FALSE;
  gulong id = g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), &clicked);

  g_assert_true (gtk_widget_get_realized (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (rd_test_wait_until (is_true, &clicked, 5000));
  g_signal_handler_disconnect (button, id);
}

static RdWatchPage *
watch_page (RdWindow *window)
{
  return RD_WATCH_PAGE (rd_window_get_page (window, RD_PAGE_WATCH));
}

static gboolean
on_page (RdWindow   *window,
         const char *id)
{
  return rd_window_get_current_page (window) == rd_window_get_page (window, id);
}

/* The fault host's @mode checked, and its result shown. */
static RdWindow *
result_window_of (const char *mode)
{
  g_autofree char *target = rd_fault_host_target (fault_host, mode);
  RdWindow *window = rd_test_new_window ();

  rd_window_check (window, target);
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  for (guint i = 0; i < 10 && !on_page (window, RD_PAGE_RESULT); i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_true (on_page (window, RD_PAGE_RESULT));
  return window;
}

static RdWindow *
result_window (void)
{
  return result_window_of ("neg-fail-3");
}

/* A real run's report, kept after its window closes. */
static RdReport *
report_of (const char *mode)
{
  RdWindow *window = result_window_of (mode);
  RdReport *report = rd_report_ref (rd_page_get_report (rd_window_get_page (window, RD_PAGE_RESULT)));

  rd_test_close_window (window);
  return report;
}

static void
set_degraded (JsonObject *root,
              gpointer    data)
{
  JsonArray *causes = json_object_get_array_member (root, "causes");

  /* The cause put first, named as a warning: the verdict follows. */
  json_object_set_string_member (json_array_get_object_element (causes, 0), "severity", "warning");
}

/* Presses the result page's Keep watching, with short rounds. */
static RdWatchPage *
keep_watching (RdWindow *window)
{
  GtkWidget *button = rd_test_find_button (GTK_WIDGET (rd_window_get_page (window, RD_PAGE_RESULT)),
                                           "wizard.watch");
  RdWatchPage *page = watch_page (window);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Keep watching");
  rd_watch_page_set_interval_ms (page, INTERVAL_MS);
  press (button);
  g_assert_true (on_page (window, RD_PAGE_WATCH));
  g_assert_true (rd_watch_page_get_watching (page));
  return page;
}

/* No round starts for two intervals. */
static void
assert_no_more_rounds (RdWatchPage *page)
{
  guint n = rd_watch_get_n_rounds (rd_watch_page_get_watch (page));

  g_assert_true (rd_test_wait_until (page_not_running, page, 5000));
  rd_test_wait_ms (2 * INTERVAL_MS + 200);
  g_assert_cmpuint (rd_watch_get_n_rounds (rd_watch_page_get_watch (page)), ==, n);
  g_assert_false (rd_watch_page_is_running (page));
}

static void
test_rounds (void)
{
  RdWindow *window = result_window ();
  RdWatchPage *page = keep_watching (window);
  RdWatchPlot *plot = rd_watch_page_get_plot (page);
  RoundWait wait = { page, 1 };
  gpointer countdown[2] = { page, "Round 1 — next in " };
  GtkWidget *stop = rd_test_find_button (GTK_WIDGET (page), "watch.toggle");
  g_autofree char *failed = NULL;
  const char *description;

  g_assert_nonnull (stop);
  /* Every 30 s unless the person chooses otherwise. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (rd_test_find_by_type (GTK_WIDGET (page),
                                                                                     ADW_TYPE_COMBO_ROW))), ==, 1);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Watching — Remote Desktop Doctor");
  g_assert_true (g_str_has_prefix (rd_watch_page_get_status (page), "Round 1 — checking"));
  g_assert_cmpstr (rd_watch_plot_get_description (plot), ==, "No rounds yet.");

  /* The first round, then the countdown to the second. */
  g_assert_true (rd_test_wait_until (has_rounds, &wait, 20000));
  g_assert_true (rd_test_wait_until (status_has_prefix, countdown, 2000));
  g_assert_cmpuint (rd_watch_plot_get_n_marks (plot), ==, 1);

  /* Three rounds: each drawn, and said in words. */
  wait.rounds = 3;
  g_assert_true (rd_test_wait_until (has_rounds, &wait, 20000));
  press (stop);
  g_assert_false (rd_watch_page_get_watching (page));
  g_assert_cmpuint (rd_watch_get_n_rounds (rd_watch_page_get_watch (page)), ==, 3);
  g_assert_cmpuint (rd_watch_plot_get_n_marks (plot), ==, 3);
  description = rd_watch_plot_get_description (plot);
  g_test_message ("plot: %s", description);
  g_assert_true (g_str_has_prefix (description, "3 rounds in "));
  g_assert_nonnull (strstr (description, ", 3 failed, the last at "));
  g_assert_nonnull (strstr (description, "; the slowest took "));
  /* What a screen reader gets: a picture, named, described in those words. */
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (plot), GTK_ACCESSIBLE_ROLE_IMG));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (plot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Rounds over time"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (plot), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     description));
  g_assert_cmpstr (rd_watch_page_get_status (page), ==, "Stopped after 3 rounds");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (stop)), ==, "_Resume");
  /* The causes with their titles, named in every round. */
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (page), "Problems found"));

  /* Stop stops: no further round. */
  assert_no_more_rounds (page);

  /* Resume: a fourth round at once. */
  press (stop);
  g_assert_true (rd_watch_page_get_watching (page));
  wait.rounds = 4;
  g_assert_true (rd_test_wait_until (has_rounds, &wait, 20000));

  /* Back to the result stops the rounds. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_true (on_page (window, RD_PAGE_RESULT));
  g_assert_false (rd_watch_page_get_watching (page));
  assert_no_more_rounds (page);

  rd_test_close_window (window);
}

/* A host that drops one round's connections in five: the page names the
 * cause as one that comes and goes, and says what it means. */
static void
test_intermittent (void)
{
  RdWindow *window = result_window_of ("busy-1-in-n");
  RdWatchPage *page = keep_watching (window);
  RoundWait wait = { page, 5 };
  GtkWidget *stop = rd_test_find_button (GTK_WIDGET (page), "watch.toggle");
  const RdWatch *watch = rd_watch_page_get_watch (page);
  GPtrArray *causes;
  const RdWatchCause *cause;
  g_autofree char *explanation = NULL;
  guint n_failed = 0;

  /* One of five bursts of connections dropped, counted from the wizard's
   * own check: one of these five rounds fails, the others do not. */
  g_assert_true (rd_test_wait_until (has_rounds, &wait, 30000));
  press (stop);
  g_assert_cmpuint (rd_watch_get_n_rounds (watch), ==, 5);
  g_assert_cmpuint (rd_watch_get_n_failures (watch), ==, 1);
  for (guint i = 0; i < 5; i++)
    {
      const RdWatchRound *round = rd_watch_get_round (watch, i);

      g_test_message ("round %u: %s", i + 1, rd_watch_round_get_title (round));
      n_failed += rd_watch_plot_mark_kind (round) == RD_WATCH_MARK_FAILED;
    }
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_nonnull (strstr (rd_watch_plot_get_description (rd_watch_page_get_plot (page)), ", 1 failed at "));

  causes = rd_watch_get_causes (watch);
  g_assert_cmpuint (causes->len, >=, 1);
  cause = g_ptr_array_index (causes, 0);
  g_test_message ("cause: %s in %u of 5 rounds", cause->cause_name, cause->rounds);
  g_assert_true (cause->intermittent);
  g_assert_cmpuint (cause->rounds, ==, 1);
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (page), "Problems that come and go"));
  explanation = rd_watch_cause_explain (watch, cause);
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (page), explanation));
  g_assert_nonnull (strstr (explanation, "MaxOutstandingConnections"));

  /* Copy summary: the computer and what the rounds add up to, for a ticket. */
  press (rd_test_find_button (GTK_WIDGET (page), "watch.copy-summary"));
  {
    GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window)));
    g_auto(GValue) value = G_VALUE_INIT;
    const char *text;

    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    text = g_value_get_string (&value);
    g_test_message ("copied: %s", text);
    g_assert_true (g_str_has_prefix (text, "Watching 127.0.0.1:"));
    g_assert_nonnull (strstr (text, "5 rounds, 1 failed"));
    g_assert_nonnull (strstr (text, cause->cause_name));
  }

  rd_test_close_window (window);
}

/* Escape returns to the result, and Tab reaches Stop. */
static void
test_keys (void)
{
  RdWindow *window = result_window ();
  RdWatchPage *page = keep_watching (window);
  GtkWidget *stop = rd_test_find_button (GTK_WIDGET (page), "watch.toggle");
  gboolean reached = FALSE;

  rd_test_wait_ms (300);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  for (guint i = 0; i < 40 && !reached; i++)
    {
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      reached = gtk_root_get_focus (GTK_ROOT (window)) == stop;
    }
  g_assert_true (reached);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.cancel", NULL));
  rd_test_wait_ms (100);
  g_assert_true (on_page (window, RD_PAGE_RESULT));
  g_assert_false (rd_watch_page_get_watching (page));
  assert_no_more_rounds (page);
  rd_test_close_window (window);
}

/* Closing the window mid-watch leaves no round running. */
static void
test_close (void)
{
  RdWindow *window = result_window ();
  RdWatchPage *page = g_object_ref (keep_watching (window));

  g_assert_true (rd_watch_page_is_running (page));
  rd_test_close_window (window);
  g_assert_false (rd_watch_page_get_watching (page));
  g_assert_true (rd_test_wait_until (page_not_running, page, 5000));
  g_object_unref (page);
}

/* A saved report is compared from here, never watched. */
static void
test_saved_report (void)
{
  RdWindow *window = result_window ();
  g_autoptr(RdReport) report = rd_report_ref (rd_page_get_report (rd_window_get_page (window, RD_PAGE_RESULT)));
  RdWindow *viewer;
  GtkWidget *button;

  rd_test_close_window (window);
  viewer = rd_window_open_report (rd_test_new_window (), report);
  button = rd_test_find_button (GTK_WIDGET (rd_window_get_page (viewer, RD_PAGE_RESULT)), "wizard.watch");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));
  rd_test_close_window (viewer);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A day of rounds at 30 s, most fine, some with a warning, a few failed:
 * the plot draws the 2880 it keeps, quickly, and says all 2890. */
static void
test_plot_day (void)
{
  g_autoptr(RdReport) failed = report_of ("neg-fail-3");
  g_autoptr(RdReport) healthy = report_of ("tls-ok");
  g_autoptr(RdReport) warning = NULL;
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autofree char *dir = g_build_filename (g_getenv ("RD_BUILD_DIR") != NULL ? g_getenv ("RD_BUILD_DIR") : ".",
                                           "tests", "ui", "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, "watch-plot-day.png", NULL);
  gint64 start = g_get_real_time () - (gint64) 24 * 3600 * G_USEC_PER_SEC;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *plot = rd_watch_plot_new ();
  gint64 before;

  g_assert_cmpint (rd_report_get_verdict (failed), ==, RD_VERDICT_BROKEN);
  g_assert_cmpint (rd_report_get_verdict (healthy), ==, RD_VERDICT_HEALTHY);
  warning = rd_test_report_with (healthy, (const char *[]) { "dns-mismatch", NULL }, set_degraded, NULL);
  g_assert_cmpint (rd_report_get_verdict (warning), ==, RD_VERDICT_DEGRADED);
  for (guint i = 0; i < RD_WATCH_MAX_ROUNDS + 10; i++)
    {
      gint64 at = start + (gint64) i * 30 * G_USEC_PER_SEC;

      if (i % 211 == 0)
        rd_watch_add_error (watch, at, 2000 + i % 3000);
      else
        rd_watch_add_report (watch, i % 97 == 0 ? failed : i % 13 == 0 ? warning : healthy, at);
    }

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), plot);
  gtk_box_append (GTK_BOX (box), rd_watch_plot_legend_new ());
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 240);
  rd_watch_plot_set_watch (RD_WATCH_PLOT (plot), watch);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (is_mapped, window, 5000));
  rd_test_wait_ms (200);

  g_assert_cmpuint (rd_watch_plot_get_n_marks (RD_WATCH_PLOT (plot)), ==, RD_WATCH_MAX_ROUNDS);
  g_test_message ("plot: %s", rd_watch_plot_get_description (RD_WATCH_PLOT (plot)));
  g_assert_true (g_str_has_prefix (rd_watch_plot_get_description (RD_WATCH_PLOT (plot)), "2890 rounds in 24 hours, "));
  g_assert_nonnull (strstr (rd_watch_plot_get_description (RD_WATCH_PLOT (plot)), " with a warning; "));

  g_mkdir_with_parents (dir, 0755);
  before = g_get_monotonic_time ();
  rd_test_save_png (window, path);
  g_test_message ("%s in %" G_GINT64_FORMAT " ms", path, (g_get_monotonic_time () - before) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - before, <, 3 * G_USEC_PER_SEC);

  /* Unset before the watch goes. */
  rd_watch_plot_set_watch (RD_WATCH_PLOT (plot), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The interval chosen is the next watch's too, also after a restart. */
static void
test_interval_kept (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  RdWatchPage *page = g_object_ref_sink (g_object_new (RD_TYPE_WATCH_PAGE, NULL));

  g_assert_cmpuint (adw_combo_row_get_selected (rd_watch_page_get_interval_row (page)), ==, 1);
  adw_combo_row_set_selected (rd_watch_page_get_interval_row (page), 2);
  g_assert_cmpuint (g_settings_get_uint (settings, "watch-interval-seconds"), ==, 60);
  g_object_unref (page);

  page = g_object_ref_sink (g_object_new (RD_TYPE_WATCH_PAGE, NULL));
  g_assert_cmpuint (adw_combo_row_get_selected (rd_watch_page_get_interval_row (page)), ==, 2);
  g_object_unref (page);
  g_settings_reset (settings, "watch-interval-seconds");
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", "tls-ok", "busy-1-in-n", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  rd_test_application ();

  fault_host = rd_fault_host_start (modes);

  g_test_add_func ("/ui/watch/rounds", test_rounds);
  g_test_add_func ("/ui/watch/intermittent", test_intermittent);
  g_test_add_func ("/ui/watch/keys", test_keys);
  g_test_add_func ("/ui/watch/close", test_close);
  g_test_add_func ("/ui/watch/saved-report", test_saved_report);
  g_test_add_func ("/ui/watch/plot-day", test_plot_day);
  g_test_add_func ("/ui/watch/interval-kept", test_interval_kept);

  status = g_test_run ();
  rd_fault_host_stop (fault_host);
  return status;
}
