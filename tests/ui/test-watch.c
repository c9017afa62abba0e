/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keep watching, driven as a person would against the scripted fault
 * host: rounds come in and are drawn, Stop stops them, leaving the view
 * or closing the window stops them too. Needs a display: run through
 * run-with-xvfb.sh. */
#include "config.h"

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

/* As the keyboard does: GTK shows the button pressed, then clicks it. */
static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_realized (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  rd_test_wait_ms (300);
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

/* The fault host's neg-fail-3 checked, and its result shown. */
static RdWindow *
result_window (void)
{
  g_autofree char *target = rd_fault_host_target (fault_host, "neg-fail-3");
  RdWindow *window = rd_test_new_window ();

  rd_window_check (window, target);
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  for (guint i = 0; i < 10 && !on_page (window, RD_PAGE_RESULT); i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_true (on_page (window, RD_PAGE_RESULT));
  return window;
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

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  rd_test_application ();

  fault_host = rd_fault_host_start (modes);

  g_test_add_func ("/ui/watch/rounds", test_rounds);
  g_test_add_func ("/ui/watch/keys", test_keys);
  g_test_add_func ("/ui/watch/close", test_close);
  g_test_add_func ("/ui/watch/saved-report", test_saved_report);

  status = g_test_run ();
  rd_fault_host_stop (fault_host);
  return status;
}
