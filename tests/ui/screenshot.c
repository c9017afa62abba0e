/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes a PNG of each page (welcome, checking, result; a healthy result;
 * each step: router, address, firewall, security, transport, gateway; a saved
 * report opened read-only and the side by side; Keep watching after a few
 * rounds) in light and dark style, and at 360 px wide; then a kiosk's welcome, step and result pages at
 * 1280×800 and 800×480 (kiosk-*.png), to look at:
 *   screenshot [DIR]   (default: $RD_BUILD_DIR/tests/ui/screenshots)
 * RD_SCREENSHOT_ONLY=kiosk takes only the kiosk's, =watch only Keep
 * watching's.
 * Needs a display: run through run-with-xvfb.sh. Prints TAP. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-compare-page.h"
#include "rd-headless.h"
#include "rd-kiosk.h"
#include "rd-result-page.h"
#include "rd-result-page-private.h"
#include "rd-router-page.h"
#include "rd-router-page-private.h"
#include "rd-test-util.h"
#include "rd-watch-page-private.h"
#include "rd-window-private.h"

static RdFaultHost *fault_host;
static char *out_dir;

typedef struct
{
  RdWindow   *window;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return rd_window_get_current_page (wait->window) == rd_window_get_page (wait->window, wait->page);
}

static gboolean
not_running (gpointer data)
{
  return !rd_window_is_running (data);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Renders what the window shows now, as the compositor would get it. */
static void
save_png (RdWindow   *window,
          const char *name)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);

  rd_test_save_png (GTK_WIDGET (window), path);
  g_print ("# %s (%d×%d)\n", path, gtk_widget_get_width (GTK_WIDGET (window)),
           gtk_widget_get_height (GTK_WIDGET (window)));
}

static RdWindow *
new_window (int width,
            int height)
{
  RdWindow *window = rd_window_new (GTK_APPLICATION (rd_test_application ()));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (is_mapped, window, 5000));
  return window;
}

static void
close_window (RdWindow *window)
{
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (not_running, window, 5000));
  g_object_unref (window);
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
set_host (RdWindow   *window,
          const char *text)
{
  GtkWidget *entry = rd_test_find_by_type (GTK_WIDGET (rd_window_get_page (window, "welcome")),
                                           ADW_TYPE_ENTRY_ROW);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Checks @target and waits for the first page after the checks. */
static RdReport *
run (RdWindow   *window,
     const char *target)
{
  rd_window_check (window, target);
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  return rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
}

static void
save_step (RdWindow   *window,
           const char *name,
           const char *variant)
{
  g_autofree char *file = g_strdup_printf ("step-%s-%s.png", name, variant);

  rd_test_wait_ms (600);
  save_png (window, file);
}

/* The router is restarting: the network is down. */
static gboolean
network_down (GCancellable *cancellable,
              gpointer      user_data)
{
  return FALSE;
}

/* Each step page, from the lab where it can, else from a lab report with
 * the causes a lab cannot produce put first. */
static void
shoot_steps (RdWindow   *window,
             const char *variant)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  g_autofree char *tls_reset = rd_fault_host_target (fault_host, "tls-reset-after-hello");
  g_autofree char *credssp = rd_fault_host_target (fault_host, "credssp-close");
  g_autofree char *by_name = g_strdup_printf ("localhost:%u", rd_fault_host_port (fault_host, "neg-fail-3"));
  g_autoptr(RdReport) report = NULL;
  g_autoptr(RdReport) edited = NULL;

  run (window, closed);
  save_step (window, "firewall", variant);

  run (window, tls_reset);
  save_step (window, "security-tls-reset", variant);
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  save_step (window, "result-tls-reset", variant);

  /* Kept: showing another report lets go of the page's. */
  report = rd_report_ref (run (window, credssp));
  save_step (window, "security-credssp-close", variant);
  edited = rd_test_report_with (report, NULL, rd_test_accept_tls_only, NULL);
  rd_window_show_report (window, edited);
  save_step (window, "security-nla-off", variant);
  g_clear_pointer (&edited, rd_report_unref);

  g_clear_pointer (&report, rd_report_unref);
  report = rd_report_ref (run (window, by_name));
  edited = rd_test_report_with (report, (const char *[]) { "ipv6-path-broken", NULL }, NULL, NULL);
  rd_window_show_report (window, edited);
  save_step (window, "address", variant);
  g_clear_pointer (&edited, rd_report_unref);

  edited = rd_test_report_with (report, (const char *[]) { "udp-blocked", "mtu-blackhole", NULL }, NULL, NULL);
  rd_window_show_report (window, edited);
  while (rd_window_get_current_page (window) != rd_window_get_page (window, "transport"))
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  save_step (window, "transport", variant);
  g_clear_pointer (&edited, rd_report_unref);

  edited = rd_test_report_with (report, (const char *[]) { "rdgateway-port-closed", NULL }, NULL, NULL);
  rd_window_show_report (window, edited);
  save_step (window, "rdgateway", variant);
  g_clear_pointer (&edited, rd_report_unref);

  rd_router_page_set_probe (RD_ROUTER_PAGE (rd_window_get_page (window, "router")), network_down, NULL, 200);
  edited = rd_test_report_with (report, (const char *[]) { "gateway-unreachable", NULL }, NULL, NULL);
  rd_window_show_report (window, edited);
  save_step (window, "router", variant);
  /* Stop waiting before the window goes. */
  gtk_widget_activate_action (GTK_WIDGET (rd_window_get_page (window, "router")), "router.skip", NULL);
}

/* The helpdesk's view: a caller's report (their firewall refused the
 * port) opened read-only, its result, and the side by side with a run
 * from here (where the port answers and the certificate is missing). */
static void
shoot_helpdesk (const char *variant,
                int         width,
                int         height,
                gboolean    dark)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  guint port = rd_fault_host_port (fault_host, "neg-fail-3");
  g_autoptr(RdReport) caller = NULL;
  RdWindow *window;
  PageWait wait;

  set_dark (dark);
  window = new_window (width, height);
  caller = rd_test_report_with (run (window, closed), NULL, rd_test_move_target, GUINT_TO_POINTER (port));
  close_window (window);

  window = new_window (width, height);
  rd_window_open_report (window, caller);
  save_step (window, "helpdesk-report", variant);

  wait.window = window;
  wait.page = "result";
  while (!page_is (&wait))
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  save_step (window, "helpdesk-result", variant);

  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.retest", NULL);
  g_assert_true (rd_test_wait_until (rd_test_compare_done, window, 20000));
  save_step (window, "helpdesk-compare", variant);

  close_window (window);
  printf ("ok - helpdesk %s\n", variant);
}

/* One variant: the welcome page (with an invalid then a valid host), the
 * checking page mid-run (against the silent host), and the result pages. */
static void
shoot (const char *variant,
       int         width,
       int         height,
       gboolean    dark)
{
  RdWindow *window;
  g_autofree char *file = NULL;
  g_autofree char *silence = rd_fault_host_target (fault_host, "silence");
  const char *results[] = { "neg-fail-3", "tls-ok", NULL };

  set_dark (dark);
  window = new_window (width, height);

  set_host (window, "my computer");
  rd_test_wait_ms (300);
  file = g_strdup_printf ("welcome-invalid-%s.png", variant);
  save_png (window, file);
  g_clear_pointer (&file, g_free);

  set_host (window, "office-pc");
  rd_test_wait_ms (300);
  file = g_strdup_printf ("welcome-%s.png", variant);
  save_png (window, file);
  g_clear_pointer (&file, g_free);

  /* The silent host keeps some checks running; the rest finish. */
  set_host (window, silence);
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  rd_test_wait_ms (1200);
  file = g_strdup_printf ("checking-%s.png", variant);
  save_png (window, file);
  g_clear_pointer (&file, g_free);
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.cancel", NULL);
  g_assert_true (rd_test_wait_until (not_running, window, 5000));

  for (guint i = 0; results[i] != NULL; i++)
    {
      g_autofree char *target = rd_fault_host_target (fault_host, results[i]);
      PageWait wait = { window, "result" };

      /* Straight to the result, past any steps. */
      run (window, target);
      while (!page_is (&wait))
        gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
      rd_test_wait_ms (600);
      file = g_strdup_printf ("result-%s-%s.png", results[i], variant);
      save_png (window, file);
      g_clear_pointer (&file, g_free);
    }

  /* A fresh window: no toast left over from the cancelled checks. */
  close_window (window);
  window = new_window (width, height);
  shoot_steps (window, variant);

  close_window (window);
  printf ("ok - %s\n", variant);
}

static gboolean
has_rounds (gpointer data)
{
  RdWatchPage *page = data;
  const RdWatch *watch = rd_watch_page_get_watch (page);

  return rd_watch_get_n_rounds (watch) >= 5 && rd_watch_get_n_failures (watch) > 0 &&
         !rd_watch_page_is_running (page);
}

/* Keep watching a host that drops one round in five, after at least five
 * quick rounds, counting down to the next at the interval a person gets
 * (30 s). */
static void
shoot_watch (const char *variant,
             int         width,
             int         height,
             gboolean    dark)
{
  g_autofree char *target = rd_fault_host_target (fault_host, "busy-1-in-n");
  RdWindow *window;
  RdWatchPage *page;
  PageWait wait;

  set_dark (dark);
  window = new_window (width, height);
  run (window, target);
  wait.window = window;
  wait.page = "result";
  while (!page_is (&wait))
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);

  page = RD_WATCH_PAGE (rd_window_get_page (window, "watch"));
  rd_watch_page_set_interval_ms (page, 400);
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.watch", NULL);
  g_assert_true (rd_test_wait_until (has_rounds, page, 30000));
  rd_watch_page_set_interval_ms (page, 0);
  rd_test_wait_ms (1200);
  save_step (window, "watch", variant);

  close_window (window);
  printf ("ok - watch %s\n", variant);
}

static void
set_up_kiosk (void)
{
  g_autofree char *front_desk = rd_fault_host_target (fault_host, "neg-fail-3");

  rd_test_set_up_kiosk ((const char *[]) { "Front desk", front_desk,
                                           "Accounts office", "accounts-pc.example.com",
                                           "Training room", "training.example.com", NULL });
  rd_kiosk_set_forced (rd_kiosk_get_default (), TRUE);
}

/* Full screen, the kiosk's, would be the whole (tall) X screen. */
static RdWindow *
new_kiosk_window (int width,
                  int height)
{
  RdWindow *window = rd_window_new (GTK_APPLICATION (rd_test_application ()));

  gtk_window_unfullscreen (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (is_mapped, window, 5000));
  rd_test_wait_ms (300);
  return window;
}

static void
shoot_kiosk (int width,
             int height)
{
  g_autofree char *target = rd_fault_host_target (fault_host, "neg-fail-3");
  g_autofree char *file = NULL;
  PageWait wait;
  RdWindow *window;
  int dx, dy;

  set_dark (FALSE);
  /* Without a window manager nobody makes it the screen's size, and the
   * window keeps room for a shadow: measure it, then ask for that more. */
  window = new_kiosk_window (width, height);
  dx = width - gtk_widget_get_width (GTK_WIDGET (window));
  dy = height - gtk_widget_get_height (GTK_WIDGET (window));
  rd_test_destroy_window (window);
  window = new_kiosk_window (width + dx, height + dy);
  rd_test_wait_ms (600);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
  file = g_strdup_printf ("kiosk-welcome-%dx%d.png", width, height);
  save_png (window, file);
  g_clear_pointer (&file, g_free);

  run (window, target);
  rd_test_wait_ms (600);
  file = g_strdup_printf ("kiosk-step-%dx%d.png", width, height);
  save_png (window, file);
  g_clear_pointer (&file, g_free);

  wait.window = window;
  wait.page = "result";
  while (!page_is (&wait))
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  rd_test_wait_ms (600);
  file = g_strdup_printf ("kiosk-result-%dx%d.png", width, height);
  save_png (window, file);

  rd_test_destroy_window (window);
  printf ("ok - kiosk %dx%d\n", width, height);
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", "tls-ok", "silence", "tls-reset-after-hello", "credssp-close",
                          "busy-1-in-n", NULL };

  /* LANGUAGE=de with RDP_DOCTOR_LOCALEDIR: the pictures in German. */
  rd_setup_locale ();
  gtk_init ();
  rd_test_application ();

  if (argc > 1)
    out_dir = g_strdup (argv[1]);
  else
    out_dir = g_build_filename (g_getenv ("RD_BUILD_DIR") != NULL ? g_getenv ("RD_BUILD_DIR") : ".",
                                "tests", "ui", "screenshots", NULL);
  g_mkdir_with_parents (out_dir, 0755);

  fault_host = rd_fault_host_start (modes);
  printf ("1..11\n");
  /* RD_SCREENSHOT_ONLY=kiosk or =watch: only those, to look at them quickly. */
  if (g_strcmp0 (g_getenv ("RD_SCREENSHOT_ONLY"), "watch") == 0)
    {
      shoot_watch ("light", 640, 900, FALSE);
      shoot_watch ("dark", 640, 900, TRUE);
      shoot_watch ("narrow", 360, 900, FALSE);
      for (int i = 4; i <= 11; i++)
        printf ("ok %d # SKIP\n", i);
      rd_fault_host_stop (fault_host);
      g_free (out_dir);
      return 0;
    }
  if (g_strcmp0 (g_getenv ("RD_SCREENSHOT_ONLY"), "kiosk") == 0)
    {
      for (int i = 1; i <= 9; i++)
        printf ("ok %d # SKIP\n", i);
    }
  else
    {
      shoot ("light", 640, 900, FALSE);
      shoot ("dark", 640, 900, TRUE);
      shoot ("narrow", 360, 900, FALSE);
      shoot_helpdesk ("light", 640, 900, FALSE);
      shoot_helpdesk ("dark", 640, 900, TRUE);
      shoot_helpdesk ("narrow", 360, 900, FALSE);
      shoot_watch ("light", 640, 900, FALSE);
      shoot_watch ("dark", 640, 900, TRUE);
      shoot_watch ("narrow", 360, 900, FALSE);
    }
  set_up_kiosk ();
  shoot_kiosk (1280, 800);
  shoot_kiosk (800, 480);
  rd_fault_host_stop (fault_host);
  g_free (out_dir);
  return 0;
}
