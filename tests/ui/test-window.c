/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window, driven as a person would, against the scripted fault
 * host. Needs a display: run through run-with-xvfb.sh. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-address-page.h"
#include "rd-connect-button.h"
#include "rd-address-page-private.h"
#include "rd-firewall-page.h"
#include "rd-page-private.h"
#include "rd-plan.h"
#include "rd-profile-fix-private.h"
#include "rd-result-page.h"
#include "rd-result-page-private.h"
#include "rd-router-page.h"
#include "rd-router-page-private.h"
#include "rd-security-page.h"
#include "rd-security-page-private.h"
#include "rd-target.h"
#include "rd-test-util.h"
#include "rd-timeline-private.h"
#include "rd-window-private.h"

static RdFaultHost *fault_host;

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

/* As the keyboard does: GTK shows the button pressed for 250 ms, then
 * clicks it. Waits for the click. */
static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_realized (button));
  g_assert_true (gtk_widget_activate (button));
  rd_test_wait_ms (300);
}

static void
type_host (RdWindow   *window,
           const char *text)
{
  GtkWidget *welcome = GTK_WIDGET (rd_window_get_page (window, "welcome"));
  GtkWidget *entry = rd_test_find_by_type (welcome, ADW_TYPE_ENTRY_ROW);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static GtkWidget *
check_button (RdWindow *window)
{
  GtkWidget *button = rd_test_find_button (GTK_WIDGET (rd_window_get_page (window, "welcome")),
                                           "wizard.next");

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Check my connection");
  return button;
}

static gboolean
report_is_not (gpointer data)
{
  gpointer *args = data;
  RdWindow *window = args[0];

  return rd_test_run_finished (window) &&
         rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result"))) != args[1];
}

/* Types @target, clicks the button and waits (at most 20 s) for the first
 * page after the checks. */
static RdWindow *
check_target (const char *target)
{
  RdWindow *window = rd_test_new_window ();

  type_host (window, target);
  g_assert_true (gtk_widget_is_sensitive (check_button (window)));
  press (check_button (window));
  g_assert_true (rd_window_get_current_page (window) != rd_window_get_page (window, "welcome"));
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  return window;
}

/* The same against the fault host's listener for @mode. */
static RdWindow *
check_mode (const char *mode)
{
  g_autofree char *target = rd_fault_host_target (fault_host, mode);

  return check_target (target);
}

/* The pages after the checks are @steps (NULL-terminated) in that order,
 * the first is shown, and the header counts exactly those: walking forward
 * with Next visits each with "Step N of M". Ends on the result page. */
static void
assert_steps (RdWindow           *window,
              const char * const *steps)
{
  g_auto(GStrv) names = rd_window_dup_steps (window);
  GtkWidget *title = GTK_WIDGET (adw_header_bar_get_title_widget (ADW_HEADER_BAR (
                                   rd_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR))));
  guint n = g_strv_length ((char **) steps);

  g_assert_cmpstrv (names, steps);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subtitle = g_strdup_printf ("Step %u of %u", i + 1, n);

      g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, steps[i]));
      g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, subtitle);
      g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), subtitle));
      if (i + 1 < n)
        gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
    }
}

static void
assert_timeline_failed (RdTimeline *timeline,
                        const char *phase,
                        const char *words)
{
  const char *description = rd_timeline_get_description (timeline);

  g_assert_cmpstr (rd_timeline_get_failed_phase (timeline), ==, phase);
  g_assert_nonnull (strstr (description, words));
  g_assert_true (gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     description) == NULL);
  g_assert_cmpuint (rd_timeline_get_n_messages (timeline), >, 0);
}

static void
assert_cause (RdWindow   *window,
              const char *cause_id)
{
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));
  g_autofree char *property = NULL;

  g_object_get (result, "cause-id", &property, NULL);
  g_assert_cmpstr (property, ==, cause_id);
  g_assert_cmpstr (rd_result_page_get_cause_id (result), ==, cause_id);
}

static void
test_cert_missing (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));
  g_autofree char *admin = NULL;
  GtkWidget *title = GTK_WIDGET (adw_header_bar_get_title_widget (ADW_HEADER_BAR (
                                   rd_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR))));
  GtkWidget *security, *link;
  g_autoptr(GPtrArray) rows = NULL;

  assert_steps (window, (const char *[]) { "security", "result", NULL });
  assert_cause (window, "negotiation-cert-missing");
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "Step 2 of 2: "));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Step 2 of 2");

  /* The fix for the administrator is on its step, with its commands; the
   * result links back to that step instead of repeating it. */
  security = GTK_WIDGET (rd_window_get_page (window, "security"));
  g_assert_nonnull (rd_test_find_label (security, "For the computer’s administrator"));
  /* Closed until the person opens it: the page stays one screen. */
  g_assert_null (rd_test_find_label (security, "In PowerShell, as administrator:"));
  rd_test_expand_all (security);
  g_assert_nonnull (rd_test_find_label (security, "In PowerShell, as administrator:"));
  g_assert_null (rd_test_find_label (GTK_WIDGET (result), "In PowerShell, as administrator:"));
  rows = g_ptr_array_new ();
  rd_test_collect (GTK_WIDGET (result), ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 1);
  link = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (link)), ==, "wizard.go-to");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (link)), ==, "Step 1: Sign-in and encryption");
  gtk_widget_activate (link);
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (security));
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (result));
  admin = rd_page_dup_admin_text (RD_PAGE (result));
  g_assert_nonnull (admin);
  g_assert_nonnull (strstr (admin, "Restart-Service TermService"));

  /* Back returns through the steps to the computer, not to the finished
   * checks. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "security"));
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "welcome"));
  rd_test_close_window (window);
}

static void
test_tls_reset (void)
{
  RdWindow *window = check_mode ("tls-reset-after-hello");
  RdSecurityPage *security = RD_SECURITY_PAGE (rd_window_get_page (window, "security"));
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));

  assert_steps (window, (const char *[]) { "security", "result", NULL });
  assert_cause (window, "tls-handshake-terminated");
  /* The ladder says where it died, on the step and on the result. */
  assert_timeline_failed (rd_security_page_get_timeline (security), "tls", "Secure channel (TLS)");
  assert_timeline_failed (rd_result_page_get_timeline (result), "tls", "Connection reset by the computer");
  /* The host does not do NLA at all: nothing to turn off here. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (rd_security_page_get_profile_fix (security)))));
  rd_test_close_window (window);
}

static void
test_credssp_close (void)
{
  RdWindow *window = check_mode ("credssp-close");
  RdSecurityPage *security = RD_SECURITY_PAGE (rd_window_get_page (window, "security"));
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));

  assert_steps (window, (const char *[]) { "security", "result", NULL });
  assert_cause (window, "nla-failed");
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (security), rd_nla_verdict_describe (RD_NLA_REQUIRED)));
  /* NLA is required there: only its administrator can change that. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (rd_security_page_get_profile_fix (security)))));
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (security), "page.copy-admin"));
  assert_timeline_failed (rd_result_page_get_timeline (result), "nla", "NLA");
  rd_test_close_window (window);
}

static void
test_closed_port (void)
{
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());
  RdWindow *window = check_target (target);
  RdFirewallPage *firewall = RD_FIREWALL_PAGE (rd_window_get_page (window, "firewall"));
  g_autofree char *admin = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  assert_steps (window, (const char *[]) { "firewall", "result", NULL });
  assert_cause (window, "port-refused");
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (firewall));

  /* The port matrix, in the technical details: a row per port, each with
   * its state in words. */
  rd_test_expand_all (GTK_WIDGET (firewall));
  rd_test_collect (GTK_WIDGET (firewall), ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, >=, 3);
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (firewall), "Closed"));
  admin = rd_page_dup_admin_text (RD_PAGE (firewall));
  g_assert_nonnull (admin);
  g_assert_nonnull (strstr (admin, "port-refused"));
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (firewall), "page.copy-admin"));
  assert_timeline_failed (rd_result_page_get_timeline (RD_RESULT_PAGE (rd_window_get_page (window, "result"))),
                          "tcp", "Connection (TCP)");
  rd_test_close_window (window);
}

static gboolean
fix_settled (gpointer data)
{
  RdProfileFixState state = rd_profile_fix_get_state (data);

  return state != RD_PROFILE_FIX_IDLE && state != RD_PROFILE_FIX_VERIFYING;
}

static void
test_nla_off (void)
{
  RdWindow *window = check_mode ("credssp-close");
  RdSecurityPage *security = RD_SECURITY_PAGE (rd_window_get_page (window, "security"));
  RdReport *run = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  g_autoptr(RdReport) report = rd_test_report_with (run, NULL, rd_test_accept_tls_only, NULL);
  RdProfileFix *fix = rd_security_page_get_profile_fix (security);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-ui-nla-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "office.rdp", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *utf8 = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_cmpint (rd_report_get_nla_verdict (report), ==, RD_NLA_ACCEPTS_TLS_ONLY);
  rd_window_show_report (window, report);
  assert_steps (window, (const char *[]) { "security", "result", NULL });
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);

  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (fix))));
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (fix), "profile-fix.save"));
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (security), rd_nla_verdict_describe (RD_NLA_ACCEPTS_TLS_ONLY)));

  /* What the save dialog's answer does: write the TLS-only profile, then
   * test it against the host (which still wants NLA: not fixed). */
  g_assert_true (rd_profile_fix_save_to (fix, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rd_profile_fix_get_state (fix), ==, RD_PROFILE_FIX_VERIFYING);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* A new .rdp file is UTF-16LE, as Windows writes them. */
  utf8 = g_convert (contents, length, "UTF-8", "UTF-16", NULL, NULL, NULL);
  g_assert_nonnull (utf8);
  g_assert_nonnull (strstr (utf8, "enablecredsspsupport:i:0"));
  g_assert_true (rd_test_wait_until (fix_settled, fix, 20000));
  g_assert_cmpint (rd_profile_fix_get_state (fix), ==, RD_PROFILE_FIX_NOT_FIXED);
  g_assert_true (g_str_has_prefix (rd_profile_fix_get_status (fix), "Not fixed"));

  rd_test_close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_address (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdReport *run = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  g_autoptr(RdReport) report = rd_test_report_with (run, (const char *[]) { "dns-mismatch", NULL }, NULL, NULL);
  RdAddressPage *address = RD_ADDRESS_PAGE (rd_window_get_page (window, "address"));
  RdProfileFix *fix = rd_address_page_get_profile_fix (address);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-ui-address-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "office.remmina", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *undone = NULL;
  /* The person's own profile: fixed in place, then put back. */
  static const char mine[] = "# mine\n[remmina]\nname=Office\nprotocol=RDP\nserver=office.example\nx-other=1\n";

  g_assert_true (g_file_set_contents (path, mine, -1, NULL));
  rd_window_show_report (window, report);
  assert_steps (window, (const char *[]) { "address", "security", "result", NULL });
  /* The address that worked is offered; a name is not an address. */
  g_assert_cmpstr (rd_address_page_get_address (address), ==, "127.0.0.1");
  rd_address_page_set_address (address, "my computer");
  g_assert_null (rd_address_page_get_address (address));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (fix)));
  rd_address_page_set_address (address, "127.0.0.1");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fix)));

  g_assert_true (rd_profile_fix_save_to (fix, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "127.0.0.1"));
  g_assert_true (rd_test_wait_until (fix_settled, fix, 20000));
  /* The host still lacks its certificate: the name was not the problem. */
  g_assert_cmpint (rd_profile_fix_get_state (fix), ==, RD_PROFILE_FIX_NOT_FIXED);
  g_assert_true (g_str_has_prefix (contents, "# mine\n[remmina]\nname=Office\nprotocol=RDP\nserver=127.0.0.1"));
  g_assert_nonnull (strstr (contents, "\nx-other=1\n"));

  /* Undo: the very bytes of before, and its copy gone. */
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (fix), "profile-fix.undo"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rd_test_find_button (GTK_WIDGET (fix), "profile-fix.undo"))));
  gtk_widget_activate_action (GTK_WIDGET (fix), "profile-fix.undo", NULL);
  g_assert_true (g_file_get_contents (path, &undone, NULL, NULL));
  g_assert_cmpstr (undone, ==, mine);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rd_test_find_button (GTK_WIDGET (fix), "profile-fix.undo"))));

  rd_test_close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* A router nobody restarts. */
static gboolean
always_up (GCancellable *cancellable,
           gpointer      user_data)
{
  return TRUE;
}

static gboolean
router_probe (GCancellable *cancellable,
              gpointer      user_data)
{
  guint *calls = user_data;

  /* Up, down twice (the restart), then back. */
  (*calls)++;
  return *calls == 1 || *calls > 3;
}

static void
test_router (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdReport *run = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  g_autoptr(RdReport) report = rd_test_report_with (run, (const char *[]) { "gateway-unreachable", NULL }, NULL, NULL);
  RdRouterPage *router = RD_ROUTER_PAGE (rd_window_get_page (window, "router"));
  guint calls = 0;
  gpointer args[2] = { window, report };

  rd_router_page_set_probe (router, router_probe, &calls, 50);
  rd_window_show_report (window, report);
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (router));
  {
    g_auto(GStrv) steps = rd_window_dup_steps (window);
    g_assert_cmpstrv (steps, ((const char *[]) { "router", "security", "result", NULL }));
  }
  g_assert_true (rd_router_page_is_waiting (router));
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (router), "router.skip"));

  /* When the network is back, the checks run again by themselves. */
  g_assert_true (rd_test_wait_until (report_is_not, args, 20000));
  g_assert_cmpint (rd_router_page_get_state (router), ==, RD_NETWORK_STATE_BACK);
  g_assert_cmpuint (calls, >=, 4);
  assert_steps (window, (const char *[]) { "security", "result", NULL });
  rd_test_close_window (window);
}

static void
test_router_skip (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdReport *run = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  g_autoptr(RdReport) report = rd_test_report_with (run, (const char *[]) { "local-network-down", NULL }, NULL, NULL);
  RdRouterPage *router = RD_ROUTER_PAGE (rd_window_get_page (window, "router"));
  rd_router_page_set_probe (router, always_up, NULL, 50);
  rd_window_show_report (window, report);
  g_assert_true (rd_router_page_is_waiting (router));
  press (rd_test_find_button (GTK_WIDGET (router), "router.skip"));
  g_assert_false (rd_router_page_is_waiting (router));
  /* Skipped: no new run, the next step of this one. */
  {
    g_auto(GStrv) steps = rd_window_dup_steps (window);
    g_assert_cmpstrv (steps, ((const char *[]) { "router", "security", "result", NULL }));
  }
  g_assert_false (rd_window_is_running (window));
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "security"));
  rd_test_close_window (window);
}

static void
test_retest (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));
  GtkWidget *security = GTK_WIDGET (rd_window_get_page (window, "security"));
  g_autoptr(RdReport) first = rd_report_ref (rd_page_get_report (RD_PAGE (result)));
  GtkWidget *retest = rd_test_find_button (security, "wizard.retest");
  gpointer wait[2] = { window, first };

  /* "Test again" on a step runs everything again and plans anew. */
  g_assert_nonnull (retest);
  g_assert_true (gtk_widget_is_sensitive (retest));
  press (retest);
  g_assert_true (rd_test_wait_until (report_is_not, wait, 20000));
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (security));
  assert_steps (window, (const char *[]) { "security", "result", NULL });
  assert_cause (window, "negotiation-cert-missing");
  rd_test_close_window (window);
}

static void
test_cancel (void)
{
  RdWindow *window = rd_test_new_window ();
  g_autofree char *target = rd_fault_host_target (fault_host, "silence");
  PageWait wait = { window, "welcome" };
  GtkWidget *cancel;
  gint64 start;

  type_host (window, target);
  press (check_button (window));
  rd_test_wait_ms (300);
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "checking"));
  g_assert_true (rd_window_is_running (window));

  cancel = rd_test_find_button (GTK_WIDGET (rd_window_get_page (window, "checking")), "wizard.cancel");
  g_assert_nonnull (cancel);
  g_assert_true (gtk_widget_is_sensitive (cancel));
  start = g_get_monotonic_time ();
  press (cancel);
  g_assert_true (rd_test_wait_until (page_is, &wait, 1000));
  /* The workers stop too, well before the silence would have ended them. */
  g_assert_true (rd_test_wait_until (not_running, window, 3000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  rd_test_close_window (window);
}

static void
test_invalid_host (void)
{
  RdWindow *window = rd_test_new_window ();
  const char *inputs[] = { "my computer", "office-pc:99999", "rdp://" };

  g_assert_false (gtk_widget_is_sensitive (check_button (window)));
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = rd_target_parse (inputs[i], &error);
      GtkWidget *label;

      g_assert_null (target);
      type_host (window, inputs[i]);
      label = rd_test_find_label (GTK_WIDGET (rd_window_get_page (window, "welcome")), error->message);
      g_assert_nonnull (label);
      g_assert_true (gtk_widget_get_visible (label));
      g_assert_false (gtk_widget_is_sensitive (check_button (window)));
      press (check_button (window));
      g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "welcome"));
    }
  type_host (window, "office-pc");
  g_assert_true (gtk_widget_is_sensitive (check_button (window)));
  rd_test_close_window (window);
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      if (label != NULL && *label != '\0' && gtk_button_get_child (GTK_BUTTON (widget)) != NULL &&
          GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))))
        return TRUE;
    }
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Shown to a person: visible up to the page, which need not be current. */
static gboolean
shown_in (GtkWidget *widget,
          GtkWidget *page)
{
  for (GtkWidget *w = widget; w != NULL && w != page; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  return TRUE;
}

static void
assert_buttons_named (GtkWidget *page,
                      const char *name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint checked = 0;

  rd_test_collect (page, GTK_TYPE_BUTTON, buttons);
  rd_test_collect (page, GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *parent = gtk_widget_get_parent (button);

      /* A menu button's inner toggle: its name is the menu button's. */
      if (parent != NULL && GTK_IS_MENU_BUTTON (parent))
        continue;
      if (!shown_in (button, page))
        continue;
      checked++;
      if (!has_accessible_name (button))
        g_error ("%s page: a %s (action %s, tooltip “%s”) has no accessible name", name,
                 G_OBJECT_TYPE_NAME (button),
                 GTK_IS_ACTIONABLE (button) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (button)) : "-",
                 gtk_widget_get_tooltip_text (button));
    }
  g_test_message ("%s: %u buttons, all named", name, checked);
  g_assert_cmpuint (checked, >, 0);
}

static void
test_accessible_buttons (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdReport *run = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  g_autoptr(RdReport) every = NULL;
  const char *pages[] = { "welcome", "checking", "router", "address", "security", "transport", "result" };
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i], "welcome") || g_str_equal (pages[i], "checking"))
      assert_buttons_named (GTK_WIDGET (rd_window_get_page (window, pages[i])), pages[i]);

  /* Every step at once, as no lab run gives: each page with its buttons. */
  every = rd_test_report_with (run, (const char *[]) { "gateway-unreachable", "ipv6-path-broken",
                                                       "udp-blocked", "mtu-blackhole", "high-latency",
                                                       NULL },
                               rd_test_accept_tls_only, NULL);
  rd_router_page_set_probe (RD_ROUTER_PAGE (rd_window_get_page (window, "router")), always_up, NULL, 50);
  rd_window_show_report (window, every);
  for (guint i = 2; i < G_N_ELEMENTS (pages); i++)
    assert_buttons_named (GTK_WIDGET (rd_window_get_page (window, pages[i])), pages[i]);
  gtk_widget_activate_action (GTK_WIDGET (rd_window_get_page (window, "router")), "router.skip", NULL);
  rd_test_close_window (window);

  /* The firewall page, from a closed port. */
  {
    g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", rd_test_closed_port ());

    window = check_target (target);
    assert_buttons_named (GTK_WIDGET (rd_window_get_page (window, "firewall")), "firewall");
  }
  /* The header bar too: Back and the menu. */
  assert_buttons_named (rd_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR), "header bar");
  rd_test_close_window (window);
}

/* An expired certificate: the security step, then the result, naming it. */
static void
test_expired_certificate (void)
{
  const char *modes[] = { "tls-ok", NULL };
  RdFaultHost *host = rd_fault_host_start_with_cert (modes, "expired.pem", "expired.key");
  g_autofree char *target = rd_fault_host_target (host, "tls-ok");
  RdWindow *window = check_target (target);

  assert_steps (window, (const char *[]) { "security", "result", NULL });
  assert_cause (window, "tls-cert-expired");
  rd_test_close_window (window);
  rd_fault_host_stop (host);
}

/* A healthy host: no step pages, straight to "No problem found". */
static void
test_healthy (void)
{
  const char *modes[] = { "tls-ok", NULL };
  RdFaultHost *host = rd_fault_host_start (modes);
  g_autofree char *target = rd_fault_host_target (host, "tls-ok");
  RdWindow *window = check_target (target);
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));

  assert_steps (window, (const char *[]) { "result", NULL });
  g_assert_cmpint (rd_report_get_verdict (rd_page_get_report (RD_PAGE (result))), ==, RD_VERDICT_HEALTHY);
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (result), "No problem found"));
  rd_test_close_window (window);
  rd_fault_host_stop (host);
}

static gboolean
label_shown (gpointer data)
{
  gpointer *args = data;

  return rd_test_find_label (args[0], args[1]) != NULL;
}

/* Connect now on a healthy host: with only a FreeRDP on PATH (a script
 * that notes its arguments and exits as xfreerdp does when it cannot
 * connect), the button starts it with /v:HOST:PORT, no credentials, and
 * the page says how it ended. */
static void
test_connect_now (void)
{
  const char *modes[] = { "tls-ok", NULL };
  g_autofree char *dir = g_dir_make_tmp ("rd-connect-XXXXXX", NULL);
  g_autofree char *script = g_build_filename (dir, "xfreerdp", NULL);
  g_autofree char *args_file = g_build_filename (dir, "args", NULL);
  g_autofree char *body = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s'\nexit 131\n", args_file);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *args = NULL;
  g_autofree char *expected = NULL;
  RdFaultHost *host = rd_fault_host_start (modes);
  g_autofree char *target = rd_fault_host_target (host, "tls-ok");
  const char *said = "FreeRDP could not connect: no connection could be made (exit 131).";
  RdWindow *window;
  RdResultPage *result;
  GtkWidget *connect, *button;

  g_assert_true (g_file_set_contents (script, body, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_setenv ("PATH", dir, TRUE);
  window = check_target (target);
  result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));
  assert_steps (window, (const char *[]) { "result", NULL });
  connect = rd_test_find_by_type (GTK_WIDGET (result), RD_TYPE_CONNECT_BUTTON);
  g_assert_nonnull (connect);
  g_assert_true (gtk_widget_get_visible (connect));
  button = gtk_widget_get_first_child (connect);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  press (button);
  g_assert_true (rd_test_wait_until (label_shown, (gpointer[]) { result, (gpointer) said }, 10000));

  g_assert_true (g_file_get_contents (args_file, &args, NULL, NULL));
  expected = g_strdup_printf ("/v:%s\n", target);
  g_assert_cmpstr (args, ==, expected);

  g_setenv ("PATH", old_path, TRUE);
  rd_test_close_window (window);
  rd_fault_host_stop (host);
  g_unlink (args_file);
  g_unlink (script);
  g_rmdir (dir);
}

static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

/* The app on this computer remembers another certificate of the computer:
 * the security step names it, and its button makes the app forget that
 * one line (a copy kept), Undo puts the file back as it was. */
static void
test_forget_certificate (void)
{
  const char *modes[] = { "tls-ok", NULL };
  g_autofree char *dir = g_dir_make_tmp ("rd-forget-XXXXXX", NULL);
  g_autofree char *freerdp = g_build_filename (dir, "freerdp", NULL);
  g_autofree char *path = g_build_filename (freerdp, "known_hosts2", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *old_config = g_strdup (g_getenv ("XDG_CONFIG_HOME"));
  RdFaultHost *host = rd_fault_host_start (modes);
  g_autofree char *target = rd_fault_host_target (host, "tls-ok");
  g_autofree char *other = g_strdup_printf ("pc.example.com 3389 %s c3ViamVjdA== aXNzdWVy\n",
                                            "5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:"
                                            "5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a:5a");
  g_autofree char *stale = g_strdup_printf ("%s %u %s Q049eA== Q049eA==\r\n", "127.0.0.1",
                                            rd_fault_host_port (host, "tls-ok"),
                                            "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:"
                                            "11:12:13:14:15:16:17:18:19:1a:1b:1c:1d:1e:1f:20");
  g_autofree char *contents = g_strconcat ("# remembered\n", other, stale, other, NULL);
  g_autofree char *kept = g_strconcat ("# remembered\n", other, other, NULL);
  g_autofree char *now = NULL;
  RdWindow *window;
  RdPage *security;
  GtkWidget *forget, *undo;

  g_assert_cmpint (g_mkdir (freerdp, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  window = check_target (target);
  security = rd_window_get_page (window, "security");
  g_assert_true (rd_window_get_current_page (window) == security);
  g_assert_nonnull (rd_causes_find (rd_page_get_causes (security), RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE));

  forget = button_labelled (GTK_WIDGET (security), "_Forget the Old Certificate");
  undo = button_labelled (GTK_WIDGET (security), "_Undo");
  g_assert_nonnull (forget);
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_is_drawable (forget));
  press (forget);
  g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, kept);
  g_clear_pointer (&now, g_free);
  g_assert_true (g_file_get_contents (backup, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, contents);
  g_clear_pointer (&now, g_free);
  g_assert_true (gtk_widget_is_drawable (undo));
  press (undo);
  g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, contents);

  if (old_config != NULL)
    g_setenv ("XDG_CONFIG_HOME", old_config, TRUE);
  else
    g_unsetenv ("XDG_CONFIG_HOME");
  rd_test_close_window (window);
  rd_fault_host_stop (host);
  g_unlink (backup);
  g_unlink (path);
  g_rmdir (freerdp);
  g_rmdir (dir);
}

/* A port where every packet is dropped: the firewall step names it. */
static void
test_dropped_port (void)
{
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", rd_test_filtered_port ());
  RdWindow *window = check_target (target);

  assert_steps (window, (const char *[]) { "firewall", "result", NULL });
  assert_cause (window, "port-filtered");
  rd_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", "tls-reset-after-hello", "credssp-close", "silence", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  rd_test_application ();

  fault_host = rd_fault_host_start (modes);

  g_test_add_func ("/ui/window/invalid-host", test_invalid_host);
  g_test_add_func ("/ui/window/cert-missing", test_cert_missing);
  g_test_add_func ("/ui/window/tls-reset", test_tls_reset);
  g_test_add_func ("/ui/window/credssp-close", test_credssp_close);
  g_test_add_func ("/ui/window/closed-port", test_closed_port);
  g_test_add_func ("/ui/window/expired-certificate", test_expired_certificate);
  g_test_add_func ("/ui/window/dropped-port", test_dropped_port);
  g_test_add_func ("/ui/window/healthy", test_healthy);
  g_test_add_func ("/ui/window/connect-now", test_connect_now);
  g_test_add_func ("/ui/window/forget-certificate", test_forget_certificate);
  g_test_add_func ("/ui/window/nla-off", test_nla_off);
  g_test_add_func ("/ui/window/address", test_address);
  g_test_add_func ("/ui/window/router", test_router);
  g_test_add_func ("/ui/window/router-skip", test_router_skip);
  g_test_add_func ("/ui/window/retest", test_retest);
  g_test_add_func ("/ui/window/cancel", test_cancel);
  g_test_add_func ("/ui/window/accessible-buttons", test_accessible_buttons);

  status = g_test_run ();
  rd_fault_host_stop (fault_host);
  return status;
}
