/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every page of every lab scenario at 1024×768, as a person walks them
 * with Next: a screenshot of each, and what a person meets measured —
 * how many pages, how tall the tallest is in screens, how many Tab
 * presses from a page's top reach its primary action, and whether the
 * step count ever changed. Asserts that the count never changes, that the
 * steps count up to the result, and that each page says what the report's
 * causes say. Needs a display: run through run-with-xvfb.sh. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "rd-headless.h"
#include "rd-page-private.h"
#include "rd-test-util.h"
#include "rd-window-private.h"

#define WIDTH  1024
#define HEIGHT 768
#define MAX_TABS 60

static RdFaultHost *fault_host;
static char *out_dir;
static const char *language_suffix = "";  /* "-de" in German */
static guint n_test;

typedef struct
{
  const char *name;
  const char *mode;             /* a fault host mode, or NULL */
  gboolean    closed_port;      /* 127.0.0.1 on a port nobody listens on */
  const char *edit_base;        /* with causes: this mode's report, edited */
  const char *causes[4];
} Scenario;

/* The lab's scenarios; those a loopback host cannot produce (a router
 * down, a name that leads elsewhere, lost packets) are a lab report with
 * those causes put first, as the screenshots do. */
static const Scenario scenarios[] = {
  { "port-closed", NULL, TRUE, NULL, { NULL } },
  { "cert-missing", "neg-fail-3", FALSE, NULL, { NULL } },
  { "tls-reset", "tls-reset-after-hello", FALSE, NULL, { NULL } },
  { "credssp-close", "credssp-close", FALSE, NULL, { NULL } },
  { "silence", "silence", FALSE, NULL, { NULL } },
  { "healthy", "tls-ok", FALSE, NULL, { NULL } },
  { "transport", NULL, FALSE, "tls-ok", { "udp-blocked", "mtu-blackhole", NULL } },
  { "address", NULL, FALSE, "tls-ok", { "dns-mismatch", NULL } },
  { "router", NULL, FALSE, "tls-ok", { "local-network-down", NULL } },
  { "rdgateway", NULL, FALSE, "tls-ok", { "rdgateway-http-disabled", "rdgateway-cert-self-signed", NULL } },
  { "everything", NULL, FALSE, "neg-fail-3", { "dns-mismatch", "port-filtered", "udp-blocked", NULL } },
  { "old-security", "legacy", FALSE, NULL, { NULL } },
  { "tls-policy", "tls10-only", FALSE, NULL, { NULL } },
  { "ntlm-refused", "credssp-ntlm-blocked", FALSE, NULL, { NULL } },
  { "slow-server", NULL, FALSE, "tls-ok", { "server-slow", NULL } },
};

typedef struct
{
  guint  pages;
  double tallest;
  guint  most_tabs;
  char  *most_tabs_page;
  gboolean count_changed;
} Walk;

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A window whose content is 1024×768: without a window manager the
 * window keeps room for a shadow, so measure it and ask for that more. */
static RdWindow *
new_window (void)
{
  RdWindow *window = rd_window_new (GTK_APPLICATION (rd_test_application ()));
  int dx, dy;

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (is_mapped, window, 5000));
  rd_test_wait_ms (300);
  dx = WIDTH - gtk_widget_get_width (GTK_WIDGET (window));
  dy = HEIGHT - gtk_widget_get_height (GTK_WIDGET (window));
  if (dx != 0 || dy != 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), WIDTH + dx, HEIGHT + dy);
      rd_test_wait_ms (300);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, HEIGHT);
  return window;
}

static RdReport *
run (RdWindow   *window,
     const char *target)
{
  rd_window_check (window, target);
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  return rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
}

/* How many screens the page is tall: its scrolled content over what shows. */
static double
screens (RdPage *page)
{
  GtkWidget *scrolled = rd_test_find_by_type (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (gtk_adjustment_get_page_size (adjustment) <= 0)
    return 0;
  return gtk_adjustment_get_upper (adjustment) / gtk_adjustment_get_page_size (adjustment);
}

static gboolean
is_primary (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action") &&
         gtk_widget_is_drawable (widget);
}

/* The page's one primary action: its suggested button, else the header
 * bar's forward button (Next, Done). */
static GtkWidget *
primary_action (RdWindow *window,
                RdPage   *page)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  rd_test_collect (GTK_WIDGET (page), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (is_primary (g_ptr_array_index (buttons, i)))
      return g_ptr_array_index (buttons, i);
  return window->forward_button;
}

/* Tab presses from the top of the page until the focus is on @target: the
 * page's own, or, for the header bar's Next, the window's from its top. */
static guint
tabs_to (RdWindow  *window,
         RdPage    *page,
         GtkWidget *target)
{
  GtkWidget *from = gtk_widget_is_ancestor (target, GTK_WIDGET (page)) ? GTK_WIDGET (page) : GTK_WIDGET (window);

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint n = 1; n <= MAX_TABS; n++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (from, GTK_DIR_TAB_FORWARD))
        return MAX_TABS + 1;
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      if (focus == target || (focus != NULL && gtk_widget_is_ancestor (focus, target)))
        return n;
    }
  return MAX_TABS + 1;
}

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0 && gtk_widget_is_drawable (label))
        return TRUE;
    }
  return FALSE;
}

/* The page says what the report's causes say: each cause of its area by
 * its title; the result names the main cause; a closed port is never
 * called blocked. */
static void
assert_words (RdWindow   *window,
              RdPage     *page,
              RdReport   *report,
              const char *scenario)
{
  const char *id = rd_page_get_id (page);

  if (g_strcmp0 (id, "result") == 0)
    {
      const RdCause *main = rd_report_get_main_cause (report);
      const char *title = main != NULL ? main->title : _("No problem found");

      if (!shows_label (GTK_WIDGET (page), title))
        g_error ("%s: the result page does not name “%s”", scenario, title);
      return;
    }
  else
    {
      g_autoptr(GPtrArray) causes = rd_report_get_area_causes (report, RD_PAGE_GET_CLASS (page)->area);

      g_assert_cmpuint (causes->len, >, 0);
      for (guint i = 0; i < causes->len; i++)
        {
          const RdCause *cause = g_ptr_array_index (causes, i);

          /* The page opens with its first cause; a page of several (the
           * network path) names each. */
          if ((i == 0 || g_strcmp0 (id, "transport") == 0) && !shows_label (GTK_WIDGET (page), cause->title))
            g_error ("%s: the %s page does not say “%s” (%s)", scenario, id, cause->title, cause->name);
          /* What the person can do themselves is on the step, not only on
           * the result ("Check the port number", "Turn NLA on"). */
          for (guint r = 0; r < cause->remedies->len; r++)
            {
              const RdRemedy *remedy = g_ptr_array_index (cause->remedies, r);

              if (remedy->side == RD_SIDE_CLIENT && remedy->action == NULL &&
                  !shows_label (GTK_WIDGET (page), remedy->title))
                g_error ("%s: the %s page does not offer “%s”", scenario, id, remedy->title);
            }
        }
      if (rd_report_has_cause (report, RD_CAUSE_PORT_REFUSED))
        {
          rd_test_expand_all (GTK_WIDGET (page));
          rd_test_wait_ms (100);
          if (rd_test_find_label (GTK_WIDGET (page), _("Blocked")) != NULL)
            g_error ("%s: a refused port is called blocked on the %s page", scenario, id);
        }
    }
}

static void
walk_scenario (const Scenario *scenario,
               GString        *table)
{
  RdWindow *window = new_window ();
  g_autoptr(RdReport) edited = NULL;
  g_autofree char *first_step = NULL;
  RdReport *report;
  Walk walk = { 0 };
  guint total = 0;

  if (scenario->closed_port)
    {
      g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());

      report = run (window, target);
    }
  else
    {
      g_autofree char *target = rd_fault_host_target (fault_host, scenario->mode != NULL ? scenario->mode
                                                                                         : scenario->edit_base);

      report = run (window, target);
      if (scenario->causes[0] != NULL)
        {
          edited = rd_test_report_with (report, scenario->causes, NULL, NULL);
          rd_window_show_report (window, edited);
          report = edited;
        }
    }

  for (guint n = 1; ; n++)
    {
      RdPage *page = rd_window_get_current_page (window);
      const char *step = rd_assistant_get_step (window->assistant);
      g_autofree char *file = NULL;
      guint position = 0, of = 0;
      double tall;
      guint tabs;

      rd_test_wait_ms (400);
      /* "Step N of M", the same M from the first step to the last. */
      g_assert_nonnull (step);
      g_assert_cmpint (sscanf (step, "%*[^0-9]%u%*[^0-9]%u", &position, &of), ==, 2);
      g_assert_cmpuint (position, ==, n);
      if (total == 0)
        total = of;
      if (of != total)
        walk.count_changed = TRUE;
      g_assert_cmpuint (of, ==, total);

      file = g_strdup_printf ("%s/walk%s-%s-%u-%s.png", out_dir, language_suffix, scenario->name, n,
                              rd_page_get_id (page));
      rd_test_save_png (GTK_WIDGET (window), file);

      tall = screens (page);
      walk.tallest = MAX (walk.tallest, tall);
      tabs = tabs_to (window, page, primary_action (window, page));
      if (tabs > walk.most_tabs)
        {
          walk.most_tabs = tabs;
          g_free (walk.most_tabs_page);
          walk.most_tabs_page = g_strdup (rd_page_get_id (page));
        }
      assert_words (window, page, report, scenario->name);
      walk.pages++;

      if (rd_assistant_get_at_end (window->assistant))
        break;
      gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
      g_assert_true (rd_window_get_current_page (window) != page);
    }
  g_assert_cmpuint (walk.pages, ==, total);

  g_string_append_printf (table, "# %-14s %5u %8.2f %5u%s%-9s %s\n", scenario->name, walk.pages,
                          walk.tallest, walk.most_tabs, walk.most_tabs_page != NULL ? " " : "",
                          walk.most_tabs_page != NULL ? walk.most_tabs_page : "",
                          walk.count_changed ? "yes" : "never");
  printf ("ok %u - %s: %u pages, the count never changed, each page says the report's causes\n",
          ++n_test, scenario->name, walk.pages);
  fflush (stdout);
  g_free (walk.most_tabs_page);
  rd_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", "tls-ok", "silence", "tls-reset-after-hello", "credssp-close", "legacy",
                          "tls10-only", "credssp-ntlm-blocked", NULL };
  g_autoptr(GString) table = g_string_new (NULL);

  /* LANGUAGE=de with RDP_DOCTOR_LOCALEDIR: the same walk in German. */
  rd_setup_locale ();
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "de") == 0)
    language_suffix = "-de";
  gtk_init ();
  rd_test_application ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  out_dir = g_build_filename (g_getenv ("RD_BUILD_DIR") != NULL ? g_getenv ("RD_BUILD_DIR") : ".",
                              "tests", "ui", "screenshots", NULL);
  g_mkdir_with_parents (out_dir, 0755);

  fault_host = rd_fault_host_start (modes);
  printf ("1..%u\n", (guint) G_N_ELEMENTS (scenarios));
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    walk_scenario (&scenarios[i], table);
  rd_fault_host_stop (fault_host);

  printf ("# at %d×%d%s: scenario, pages, tallest page (screens), most Tab presses to the primary action (page), step count changed\n",
          WIDTH, HEIGHT, *language_suffix != '\0' ? ", in German" : "");
  printf ("%s", table->str);
  g_free (out_dir);
  return 0;
}
