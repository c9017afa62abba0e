/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The helpdesk's view: a caller's saved report opened read-only shows the
 * same cause and pages without running anything (no internet socket is
 * opened), and "Test Again From Here" puts the two side by side. Needs a
 * display: run through run-with-xvfb.sh. */
#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <sys/socket.h>

#include "rd-compare.h"
#include "rd-compare-page.h"
#include "rd-compare-page-private.h"
#include "rd-page-private.h"
#include "rd-profile-fix.h"
#include "rd-qr.h"
#include "rd-qr-private.h"
#include "rd-report-banner.h"
#include "rd-report-banner-private.h"
#include "rd-result-page.h"
#include "rd-result-page-private.h"
#include "rd-test-util.h"
#include "rd-window-private.h"

static RdFaultHost *fault_host;
static char *tmp_dir;

/* Every socket this process opens goes through here: the test counts the
 * internet ones (the display's are AF_UNIX, NetworkManager's netlink). */
static gint inet_sockets;

int
socket (int domain,
        int type,
        int protocol)
{
  static int (*real_socket) (int, int, int);

  if (real_socket == NULL)
    real_socket = (int (*) (int, int, int)) dlsym (RTLD_NEXT, "socket");
  if (domain == AF_INET || domain == AF_INET6)
    g_atomic_int_inc (&inet_sockets);
  return real_socket (domain, type, protocol);
}

/* What the caller did: checks @target, saves the report. */
static RdReport *
caller_run (const char *target)
{
  RdWindow *window = rd_test_new_window ();
  RdReport *report;

  rd_window_check (window, target);
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  report = rd_report_ref (rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result"))));
  rd_test_close_window (window);
  return report;
}

static GFile *
save (RdReport   *report,
      const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *json = rd_report_to_json_string (report);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
visible_anywhere (GtkWidget *root,
                  GType      type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, type, all);
  for (guint i = 0; i < all->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (all, i)))
      return TRUE;
  return FALSE;
}

static gboolean
button_visible (GtkWidget  *root,
                const char *action)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_BUTTON, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (all, i)), action) == 0 &&
        gtk_widget_get_visible (g_ptr_array_index (all, i)))
      return TRUE;
  return FALSE;
}

/* A page's technical details, as a person reads them once the expander
 * is open (a closed GtkExpander keeps its child out of the tree). */
static char *
evidence_text (RdPage *page)
{
  g_autoptr(GPtrArray) expanders = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  rd_test_collect (GTK_WIDGET (page), GTK_TYPE_EXPANDER, expanders);
  for (guint i = 0; i < expanders->len; i++)
    rd_test_collect (gtk_expander_get_child (g_ptr_array_index (expanders, i)), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "evidence"))
      g_string_append_printf (out, "%s\n", gtk_label_get_text (g_ptr_array_index (labels, i)));
  return g_string_free (out, FALSE);
}

/* The newest notice of @window, as shown. */
static const char *
last_toast (RdWindow *window)
{
  if (window->toasts == NULL || window->toasts->len == 0)
    return NULL;
  return adw_toast_get_title (g_ptr_array_index (window->toasts, window->toasts->len - 1));
}

/* Whether any label of @root, hidden or not, says @text. */
static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
      return TRUE;
  return FALSE;
}

/* "Step 3 of 5: …" in large text above the page. */
static void
assert_step_label (RdWindow *window,
                   guint     step,
                   guint     n_steps)
{
  GtkWidget *label = rd_test_find_label (GTK_WIDGET (window), rd_assistant_get_heading (window->assistant));
  g_autofree char *expected = g_strdup_printf ("Step %u of %u: ", step, n_steps);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (label, "title-2"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), expected));
}

/* The caller's pages, opened from the saved file: the same steps, cause
 * and code, read-only, and not one internet socket while walking them. */
static void
test_open_report (void)
{
  g_autofree char *target = rd_fault_host_target (fault_host, "neg-fail-3");
  g_autoptr(RdReport) ran = NULL;
  /* A lab cannot drop UDP: the caller's report says it was, as in the
   * field, so the walk has more than one step. */
  g_autoptr(RdReport) original = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(RdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) shown_steps = NULL;
  g_autofree char *callers_evidence = NULL;
  g_autofree char *evidence = NULL;
  RdWindow *window;
  RdResultPage *result;
  RdReportBanner *banner;
  const char *banner_text;
  g_autofree char *where = NULL;
  g_autofree char *date = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *code_line = NULL;
  guint n_steps;

  /* The count works: the caller's run opened some. */
  g_atomic_int_set (&inet_sockets, 0);
  ran = caller_run (target);
  g_assert_cmpint (g_atomic_int_get (&inet_sockets), >, 0);
  original = rd_test_report_with (ran, (const char *[]) { "udp-blocked", NULL }, NULL, NULL);
  file = save (original, "caller.json");

  g_atomic_int_set (&inet_sockets, 0);
  loaded = rd_window_load_report (file, &error);
  g_assert_no_error (error);
  window = rd_test_new_window ();
  g_assert_true (rd_window_open_report (window, loaded) == window);
  g_assert_true (rd_window_get_opened_report (window) == loaded);

  /* The same pages as the caller's window would show. */
  {
    RdWindow *callers = rd_test_new_window ();

    rd_window_show_report (callers, original);
    shown_steps = rd_window_dup_steps (callers);
    callers_evidence = evidence_text (rd_window_get_page (callers, "result"));
    rd_test_close_window (callers);
  }
  {
    g_auto(GStrv) steps_here = rd_window_dup_steps (window);

    g_assert_cmpstrv (steps_here, shown_steps);
    g_assert_cmpuint (g_strv_length (steps_here), >=, 2);
  }
  n_steps = g_strv_length (shown_steps);

  /* It opens on its summary, the result page. */
  result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (result));
  g_assert_cmpstr (shown_steps[n_steps - 1], ==, "result");
  assert_step_label (window, n_steps, n_steps);

  /* The same cause and code as the caller's. */
  g_assert_cmpstr (rd_result_page_get_cause_id (result), ==,
                   ((RdCause *) g_ptr_array_index (rd_report_get_causes (original), 0))->name);
  g_assert_cmpstr (rd_report_get_code (rd_page_get_report (RD_PAGE (result))), ==, rd_report_get_code (original));
  /* The same technical details, in words and figures for a person. */
  evidence = evidence_text (RD_PAGE (result));
  g_assert_cmpstr (evidence, ==, callers_evidence);
  g_assert_nonnull (strstr (evidence, "negotiate — fail"));
  g_assert_nonnull (strstr (evidence, "Outcome: failure"));
  g_assert_null (strstr (evidence, "0000000"));

  /* What the administrator is sent carries the code the caller reads out. */
  admin = rd_page_dup_admin_text (RD_PAGE (result));
  code_line = g_strdup_printf ("Report code: %s\n", rd_report_get_code (original));
  g_assert_nonnull (admin);
  g_assert_nonnull (strstr (admin, code_line));
  g_assert_true (strstr (admin, code_line) < strstr (admin, "Problem:"));

  /* The banner, in words: the code, the computer checked, the one that
   * checked it and when; read-only. */
  banner = RD_REPORT_BANNER (rd_test_find_by_type (GTK_WIDGET (window), RD_TYPE_REPORT_BANNER));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));
  banner_text = rd_report_banner_get_text (banner);
  where = rd_target_to_string (rd_report_get_target (original));
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (rd_report_get_created (original));

    date = g_date_time_format (local, "%-d %b %Y");
  }
  g_assert_nonnull (strstr (banner_text, rd_report_get_code (original)));
  g_assert_nonnull (strstr (banner_text, where));
  g_assert_nonnull (strstr (banner_text, g_get_host_name ()));
  g_assert_nonnull (strstr (banner_text, date));
  g_assert_nonnull (strstr (banner_text, "read-only"));

  /* Back goes through every step the caller saw, to the first. */
  for (guint i = n_steps; i-- > 0;)
    {
      g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, shown_steps[i]));
      assert_step_label (window, i + 1, n_steps);
      if (i > 0)
        {
          rd_test_wait_ms (300);
          gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
        }
    }
  /* Back cannot leave the report. */
  g_assert_false (gtk_widget_is_sensitive (rd_test_find_button (GTK_WIDGET (window), "wizard.back")) &&
                  gtk_widget_get_visible (rd_test_find_button (GTK_WIDGET (window), "wizard.back")));

  /* Walk every step, as the agent would, to the result again. */
  for (guint i = 0; shown_steps[i] != NULL; i++)
    {
      RdPage *page = rd_window_get_current_page (window);

      g_assert_true (page == rd_window_get_page (window, shown_steps[i]));
      assert_step_label (window, i + 1, n_steps);
      rd_test_wait_ms (300);
      /* On the last page, forward is Done. */
      if (shown_steps[i + 1] != NULL)
        gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
    }
  rd_test_wait_ms (300);
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (result));

  /* Nothing that acts on this computer: no profile to write, no MTU to
   * change, no router to wait for. */
  g_assert_false (visible_anywhere (GTK_WIDGET (window), RD_TYPE_PROFILE_FIX));
  g_assert_false (button_visible (GTK_WIDGET (window), "transport.apply-mtu"));
  g_assert_false (button_visible (GTK_WIDGET (window), "router.wait"));
  g_assert_false (rd_window_is_running (window));

  /* The QR code holds the caller's summary. */
  if (rd_qr_available ())
    {
      RdQrView *qr = RD_QR_VIEW (rd_test_find_by_type (GTK_WIDGET (result), RD_TYPE_QR_VIEW));
      g_autofree char *summary = rd_report_to_summary (original, RD_REPORT_SUMMARY_QR_MAX);

      g_assert_cmpstr (rd_qr_view_get_text (qr), ==, summary);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (qr)));
    }

  g_assert_cmpint (g_atomic_int_get (&inet_sockets), ==, 0);
  rd_test_close_window (window);
}

/* A second report opened from a window that already shows one goes to a
 * window of its own. */
static void
test_open_twice (void)
{
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  g_autoptr(RdReport) report = caller_run (target);
  RdWindow *window = rd_test_new_window ();
  RdWindow *second;

  g_assert_true (rd_window_open_report (window, report) == window);
  second = rd_window_open_report (window, report);
  g_assert_true (second != window);
  g_assert_true (rd_window_get_opened_report (second) == report);
  rd_test_close_window (second);

  /* Checking a computer from a window that shows a report: a new window;
   * this one stays on the report. */
  rd_window_check (window, "my pc");
  g_assert_true (rd_window_get_opened_report (window) == report);
  {
    GList *windows = gtk_application_get_windows (GTK_APPLICATION (rd_test_application ()));

    g_assert_true (windows->data != window);
    g_assert_null (rd_window_get_opened_report (windows->data));
    rd_test_close_window (windows->data);
  }
  rd_test_close_window (window);
}

/* The caller's port did not answer (their firewall); from here the same
 * computer answers and has a certificate problem: the side by side says
 * the port differs, and why. */
static void
test_compare (void)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  guint port = rd_fault_host_port (fault_host, "neg-fail-3");
  g_autoptr(RdReport) ran = caller_run (closed);
  g_autoptr(RdReport) caller = rd_test_report_with (ran, NULL, rd_test_move_target, GUINT_TO_POINTER (port));
  RdWindow *window = rd_test_new_window ();
  RdComparePage *page = RD_COMPARE_PAGE (rd_window_get_page (window, "compare"));
  RdReport *here;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean tcp_differs = FALSE;
  g_autofree char *expected = g_strdup_printf ("Port %u does not answer from the caller’s network", port);

  g_assert_cmpstr (((RdCause *) g_ptr_array_index (rd_report_get_causes (caller), 0))->name, ==, "port-refused");
  rd_window_open_report (window, caller);

  /* The banner's button. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.retest", NULL);
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (page));
  g_assert_true (rd_test_wait_until (rd_test_compare_done, window, 20000));

  here = rd_compare_page_get_here_report (page);
  g_assert_cmpuint (rd_target_get_port (rd_report_get_target (here)), ==, port);
  g_assert_cmpstr (((RdCause *) g_ptr_array_index (rd_report_get_causes (here), 0))->name, ==,
                   "negotiation-cert-missing");

  rows = rd_compare_reports (caller, here);
  for (guint i = 0; i < rows->len; i++)
    {
      RdCompareRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->check_id, "tcp"))
        {
          tcp_differs = row->differs;
          g_assert_nonnull (row->sentence);
          g_assert_true (g_str_has_prefix (row->sentence, expected));
        }
    }
  g_assert_true (tcp_differs);
  /* Shown on the page, in words. */
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (page), "What differs"));
  g_assert_true (label_contains (GTK_WIDGET (page), expected));

  /* Back returns to the caller's pages. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "result"));
  rd_test_close_window (window);
}

typedef struct
{
  GApplication *app;
  RdReport     *opened;
  char         *banner;
  char         *toast;
  gboolean      full_address;  /* a label speaks of a connection file's line */
  RdPage       *page;
} CommandLineRun;

static gboolean
look_and_quit (gpointer data)
{
  CommandLineRun *run = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (run->app));

  if (windows != NULL)
    {
      RdWindow *window = RD_WINDOW (windows->data);
      RdReportBanner *banner = RD_REPORT_BANNER (rd_test_find_by_type (GTK_WIDGET (window),
                                                                        RD_TYPE_REPORT_BANNER));

      if (rd_window_get_opened_report (window) != NULL)
        run->opened = rd_report_ref (rd_window_get_opened_report (window));
      run->banner = g_strdup (rd_report_banner_get_text (banner));
      run->toast = g_strdup (last_toast (window));
      run->full_address = label_contains (GTK_WIDGET (window), "full address");
      run->page = rd_window_get_current_page (window);
    }
  g_application_quit (run->app);
  return G_SOURCE_REMOVE;
}

/* Runs the program's own command line, `rdp-doctor PATH`, and looks at its
 * window once it is up. */
static void
command_line_run (CommandLineRun *run,
                  const char     *path)
{
  char *argv[] = { (char *) "rdp-doctor", (char *) path, NULL };
  int status;

  run->app = G_APPLICATION (rd_application_new ());
  g_application_set_flags (run->app, g_application_get_flags (run->app) | G_APPLICATION_NON_UNIQUE);
  g_timeout_add (1500, look_and_quit, run);
  status = g_application_run (run->app, 2, argv);
  g_assert_cmpint (status, ==, 0);
}

static void
command_line_run_clear (CommandLineRun *run)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (run->app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (run->app)))
    gtk_window_destroy (l->data);
  g_clear_pointer (&run->opened, rd_report_unref);
  g_free (run->banner);
  g_free (run->toast);
  g_object_unref (run->app);
}

/* `rdp-doctor REPORT.json`: the program's own command line. */
static void
test_command_line (void)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  g_autoptr(RdReport) report = caller_run (closed);
  g_autoptr(GFile) file = save (report, "command-line.json");
  g_autofree char *path = g_file_get_path (file);
  CommandLineRun run = { 0 };

  command_line_run (&run, path);
  g_assert_nonnull (run.opened);
  g_assert_cmpstr (rd_report_get_code (run.opened), ==, rd_report_get_code (report));
  g_assert_nonnull (strstr (run.banner, "read-only"));
  g_assert_nonnull (strstr (run.banner, rd_report_get_code (report)));
  /* On its summary. */
  g_assert_cmpstr (rd_page_get_id (run.page), ==, "result");

  command_line_run_clear (&run);
  g_unlink (path);
}

/* What is not one of our reports, each as a file of its own. */
static const struct
{
  const char *name;
  const char *data;
  gsize       length;
} not_reports[] = {
  { "foreign.json", "{\"foo\":1}", 9 },
  { "damaged.json", "{\"checks\": [", 12 },
  { "picture.json", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02", 26 },
};

static GFile *
save_bytes (const char *name,
            const char *data,
            gsize       length)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* Open Report… with a file that is not a report: a notice says so in
 * those words and why, never a connection file's "full address". */
static void
test_not_a_report (void)
{
  RdWindow *window = rd_test_new_window ();

  for (guint i = 0; i < G_N_ELEMENTS (not_reports); i++)
    {
      g_autoptr(GFile) file = save_bytes (not_reports[i].name, not_reports[i].data, not_reports[i].length);
      const char *toast;

      g_assert_null (rd_window_open_report_file (window, file));
      toast = last_toast (window);
      g_assert_nonnull (toast);
      if (!g_str_has_prefix (toast, "This file is not a Remote Desktop Doctor report: "))
        g_error ("%s: %s", not_reports[i].name, toast);
      /* And why, in a few words. */
      g_assert_cmpuint (strlen (toast), >, strlen ("This file is not a Remote Desktop Doctor report: ") + 5);
      g_assert_null (strstr (toast, "full address"));
      g_assert_false (label_contains (GTK_WIDGET (window), "full address"));
      g_assert_null (rd_window_get_opened_report (window));
      g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "welcome"));
      g_file_delete (file, NULL, NULL);
    }
  rd_test_close_window (window);
}

/* `rdp-doctor foreign.json`: the same words, not read as a .rdp file. */
static void
test_command_line_not_a_report (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (not_reports); i++)
    {
      g_autoptr(GFile) file = save_bytes (not_reports[i].name, not_reports[i].data, not_reports[i].length);
      g_autofree char *path = g_file_get_path (file);
      CommandLineRun run = { 0 };

      command_line_run (&run, path);
      g_assert_null (run.opened);
      g_assert_nonnull (run.toast);
      g_assert_true (g_str_has_prefix (run.toast, "This file is not a Remote Desktop Doctor report: "));
      g_assert_false (run.full_address);
      command_line_run_clear (&run);
      g_unlink (path);
    }
}

/* A report saved before it recorded the computer that made it. */
static void
remove_origin (JsonObject *root,
               gpointer    data)
{
  json_object_remove_member (root, "origin");
}

static void
test_banner_unknown_computer (void)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  g_autoptr(RdReport) ran = caller_run (closed);
  g_autoptr(RdReport) old = rd_test_report_with (ran, NULL, remove_origin, NULL);
  RdWindow *window = rd_test_new_window ();
  RdReportBanner *banner = RD_REPORT_BANNER (rd_test_find_by_type (GTK_WIDGET (window), RD_TYPE_REPORT_BANNER));
  const char *text;

  g_assert_null (rd_report_get_origin_computer (old));
  rd_window_open_report (window, old);
  text = rd_report_banner_get_text (banner);
  g_assert_nonnull (strstr (text, "unknown computer"));
  g_assert_nonnull (strstr (text, rd_report_get_code (old)));
  g_assert_nonnull (strstr (text, closed));
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "result"));
  rd_test_close_window (window);
}

/* Save Report proposes a name that says which computer and which report,
 * and a file system takes. */
static void
test_save_name (void)
{
  const char *hosts[] = { "::1", "fe80::1%eth0", "my pc", "büro-pc" };
  g_autofree char *name = rd_result_page_report_file_name ("rdp.example.com", "ABCD");

  g_assert_cmpstr (name, ==, "rdp-doctor-rdp.example.com-ABCD.json");
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *safe = rd_result_page_report_file_name (hosts[i], "7K2M-QX9D");
      const char *middle = safe + strlen ("rdp-doctor-");

      g_assert_true (g_str_has_prefix (safe, "rdp-doctor-"));
      g_assert_true (g_str_has_suffix (safe, "-7K2M-QX9D.json"));
      for (const char *p = middle; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
          g_error ("“%s” gives “%s”", hosts[i], safe);
    }
  g_clear_pointer (&name, g_free);
  name = rd_result_page_report_file_name ("::1", "ABCD");
  g_assert_cmpstr (name, ==, "rdp-doctor---1-ABCD.json");
}

/* Once written, the notice names the folder the report went to. */
static void
test_saved_toast (void)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "Documents", NULL);
  g_autofree char *path = g_build_filename (folder, "rdp-doctor-pc-ABCD.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) in_home = g_file_new_build_filename (g_get_home_dir (), "rdp-doctor-pc-ABCD.json", NULL);
  RdWindow *window = rd_test_new_window ();
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (path, "{}", -1, NULL);
  rd_result_page_report_saved (result, file);
  g_assert_cmpstr (last_toast (window), ==, "Report saved in Documents");
  rd_result_page_report_saved (result, in_home);
  g_assert_cmpstr (last_toast (window), ==, "Report saved in your Home folder");

  g_unlink (path);
  g_rmdir (folder);
  rd_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  rd_test_application ();
  tmp_dir = g_dir_make_tmp ("rd-helpdesk-XXXXXX", &error);
  g_assert_no_error (error);

  fault_host = rd_fault_host_start (modes);

  g_test_add_func ("/ui/helpdesk/open-report", test_open_report);
  g_test_add_func ("/ui/helpdesk/open-twice", test_open_twice);
  g_test_add_func ("/ui/helpdesk/compare", test_compare);
  g_test_add_func ("/ui/helpdesk/command-line", test_command_line);
  g_test_add_func ("/ui/helpdesk/not-a-report", test_not_a_report);
  g_test_add_func ("/ui/helpdesk/command-line-not-a-report", test_command_line_not_a_report);
  g_test_add_func ("/ui/helpdesk/banner-unknown-computer", test_banner_unknown_computer);
  g_test_add_func ("/ui/helpdesk/save-name", test_save_name);
  g_test_add_func ("/ui/helpdesk/saved-toast", test_saved_toast);

  status = g_test_run ();
  rd_fault_host_stop (fault_host);
  {
    g_autofree char *path = g_build_filename (tmp_dir, "caller.json", NULL);

    g_unlink (path);
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
