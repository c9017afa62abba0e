/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window, driven as a person would, against the scripted fault
 * host. Needs a display: run through run-with-xvfb.sh. */
#include "config.h"

#include "rd-result-page.h"
#include "rd-target.h"
#include "rd-test-util.h"

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

static RdWindow *
new_window (void)
{
  RdWindow *window = rd_window_new (GTK_APPLICATION (rd_test_application ()));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (RdWindow *window)
{
  /* Closing destroys the window; keep it to see its workers end. */
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (not_running, window, 5000));
  g_object_unref (window);
  rd_test_wait_ms (20);
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

/* Types the fault host's address for @mode, clicks the button and waits for
 * the result page (at most 20 s). */
static RdWindow *
check_mode (const char *mode)
{
  RdWindow *window = new_window ();
  g_autofree char *target = rd_fault_host_target (fault_host, mode);
  PageWait wait = { window, "result" };

  type_host (window, target);
  g_assert_true (gtk_widget_is_sensitive (check_button (window)));
  press (check_button (window));
  g_assert_true (rd_window_get_current_page (window) != rd_window_get_page (window, "welcome"));
  g_assert_true (rd_test_wait_until (page_is, &wait, 20000));
  return window;
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

  assert_cause (window, "negotiation-cert-missing");
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "Step 3 of 3: "));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Step 3 of 3");

  /* The fix for the administrator is there, with its commands. */
  g_assert_nonnull (rd_test_find_label (GTK_WIDGET (result),
                                        "On the computer you connect to — for its administrator"));
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (result), "result.copy-text"));
  admin = rd_result_page_dup_admin_text (result);
  g_assert_nonnull (admin);
  g_assert_nonnull (strstr (admin, "Restart-Service TermService"));

  /* Back returns to the computer, not to the finished checks. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_true (rd_window_get_current_page (window) == rd_window_get_page (window, "welcome"));
  close_window (window);
}

static void
test_tls_reset (void)
{
  RdWindow *window = check_mode ("tls-reset-after-hello");

  assert_cause (window, "tls-handshake-terminated");
  close_window (window);
}

static gboolean
report_replaced (gpointer data)
{
  RdReport **old = data;
  RdResultPage *page = RD_RESULT_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (old[1]), RD_TYPE_RESULT_PAGE));

  return rd_result_page_get_report (page) != old[0];
}

static void
test_retest (void)
{
  RdWindow *window = check_mode ("neg-fail-3");
  RdResultPage *result = RD_RESULT_PAGE (rd_window_get_page (window, "result"));
  g_autoptr(RdReport) first = rd_report_ref (rd_result_page_get_report (result));
  GtkWidget *retest = rd_test_find_button (GTK_WIDGET (result), "wizard.retest");
  gpointer wait[2] = { first, retest };

  g_assert_nonnull (retest);
  g_assert_true (gtk_widget_is_sensitive (retest));
  press (retest);
  g_assert_true (rd_test_wait_until (report_replaced, wait, 20000));
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (result));
  assert_cause (window, "negotiation-cert-missing");
  close_window (window);
}

static void
test_cancel (void)
{
  RdWindow *window = new_window ();
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
  close_window (window);
}

static void
test_invalid_host (void)
{
  RdWindow *window = new_window ();
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
  close_window (window);
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
  const char *pages[] = { "welcome", "checking", "result" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_buttons_named (GTK_WIDGET (rd_window_get_page (window, pages[i])), pages[i]);
  /* The header bar too: Back and the menu. */
  assert_buttons_named (rd_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR), "header bar");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", "tls-reset-after-hello", "silence", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  rd_test_application ();

  fault_host = rd_fault_host_start (modes);

  g_test_add_func ("/ui/window/invalid-host", test_invalid_host);
  g_test_add_func ("/ui/window/cert-missing", test_cert_missing);
  g_test_add_func ("/ui/window/tls-reset", test_tls_reset);
  g_test_add_func ("/ui/window/retest", test_retest);
  g_test_add_func ("/ui/window/cancel", test_cancel);
  g_test_add_func ("/ui/window/accessible-buttons", test_accessible_buttons);

  status = g_test_run ();
  rd_fault_host_stop (fault_host);
  return status;
}
