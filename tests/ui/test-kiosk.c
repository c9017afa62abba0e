/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kiosk mode as an administrator sets it up (the GSettings keys, here in
 * the memory backend): the window cannot be left, offers only the preset
 * computers, changes nothing here, and forgets each person after a while
 * without input. Needs a display: run through run-with-xvfb.sh. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-address-page.h"
#include "rd-address-page-private.h"
#include "rd-admin-section.h"
#include "rd-contrast.h"
#include "rd-kiosk.h"
#include "rd-profile-fix-private.h"
#include "rd-qr.h"
#include "rd-connect-button.h"
#include "rd-result-page.h"
#include "rd-result-page-private.h"
#include "rd-test-util.h"
#include "rd-window-private.h"

static RdFaultHost *fault_host;
static char *healthy;
static GSettings *settings;

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static RdWindow *
new_window (void)
{
  RdWindow *window = rd_window_new (GTK_APPLICATION (rd_test_application ()));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (is_mapped, window, 5000));
  return window;
}

static gboolean
not_shown (gpointer data)
{
  return !gtk_widget_get_visible (data) && !rd_window_is_running (data);
}

/* Shown, that is: it and every widget above it visible. */
static gboolean
shown (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_is_visible (widget);
}

static void
collect_by_class (GtkWidget  *root,
                  const char *css_class,
                  GPtrArray  *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_by_class (child, css_class, out);
  if (gtk_widget_has_css_class (root, css_class))
    g_ptr_array_add (out, root);
}

/* No button anywhere in @root that is shown and starts @action_name. */
static void
assert_no_button (GtkWidget  *root,
                  const char *action_name)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_BUTTON, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (all, i)), action_name) == 0)
      g_assert_false (shown (g_ptr_array_index (all, i)));
}

static GtkWidget *
preset (RdWindow   *window,
        const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_by_class (GTK_WIDGET (rd_window_get_page (window, "welcome")), "preset-host", buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      /* NULL when the label is @label, else the label it has (ours to free). */
      g_autofree char *other = gtk_test_accessible_check_property (g_ptr_array_index (buttons, i),
                                                                   GTK_ACCESSIBLE_PROPERTY_LABEL, label);

      if (other == NULL)
        return g_ptr_array_index (buttons, i);
    }
  return NULL;
}

/* One tap on a preset computer checks it. */
static void
check_preset (RdWindow *window)
{
  GtkWidget *button = preset (window, "Front desk");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
}

static void
test_window (void)
{
  RdWindow *window = new_window ();
  GApplication *app = rd_test_application ();
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  GtkWidget *header = rd_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();

  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));

  /* Closing (the close button, Alt+F4, Ctrl+W) is refused. */
  gtk_window_close (GTK_WINDOW (window));
  rd_test_wait_ms (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window));

  /* No quit, no About with its links, no menu at all. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "about"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_cmpuint (g_strv_length (accels), ==, 0);
  g_assert_false (adw_header_bar_get_show_start_title_buttons (ADW_HEADER_BAR (header)));
  g_assert_false (adw_header_bar_get_show_end_title_buttons (ADW_HEADER_BAR (header)));
  rd_test_collect (header, GTK_TYPE_MENU_BUTTON, menus);
  for (guint i = 0; i < menus->len; i++)
    g_assert_false (shown (g_ptr_array_index (menus, i)));

  /* The helpdesk, on every page. */
  collect_by_class (GTK_WIDGET (window), "helpdesk-bar", bars);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_true (shown (g_ptr_array_index (bars, 0)));
  g_assert_nonnull (rd_test_find_label (g_ptr_array_index (bars, 0),
                                        "Need help? IT Service Desk  ·  +1 555 0100  ·  help.example.com"));

  rd_test_destroy_window (window);
}

static void
test_welcome (void)
{
  RdWindow *window;
  GtkWidget *welcome;
  GtkWidget *entry;
  GtkWidget *open_file;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  /* Someone checked it before: a kiosk must not show it. */
  g_settings_set_strv (settings, "recent-hosts", (const char *[]) { "secret-pc.example.com", NULL });
  window = new_window ();
  welcome = GTK_WIDGET (rd_window_get_page (window, "welcome"));

  entry = rd_test_find_by_type (welcome, ADW_TYPE_ENTRY_ROW);
  g_assert_false (shown (entry));
  g_assert_false (shown (rd_test_find_button (welcome, "wizard.next")));
  open_file = rd_test_find_button (welcome, "welcome.open-file");
  g_assert_false (shown (open_file));
  g_assert_false (gtk_widget_is_sensitive (open_file));
  g_assert_null (rd_test_find_label (welcome, "secret-pc.example.com"));

  /* The presets, big, named for a screen reader; the invalid one left out. */
  collect_by_class (welcome, "preset-host", buttons);
  g_assert_cmpuint (buttons->len, ==, 2);
  g_assert_true (shown (preset (window, "Front desk")));
  g_assert_true (shown (preset (window, "Office PC")));
  rd_test_wait_ms (200);
  g_assert_cmpint (gtk_widget_get_height (preset (window, "Office PC")), >=, 80);

  /* Allowed again, the typed computer comes back. */
  g_settings_set_boolean (settings, "allow-custom-host", TRUE);
  rd_window_reset (window);
  welcome = GTK_WIDGET (rd_window_get_page (window, "welcome"));
  rd_test_wait_ms (100);
  g_assert_true (shown (rd_test_find_by_type (welcome, ADW_TYPE_ENTRY_ROW)));
  g_assert_false (shown (rd_test_find_button (welcome, "welcome.open-file")));
  g_settings_set_boolean (settings, "allow-custom-host", FALSE);
  g_settings_reset (settings, "recent-hosts");

  rd_test_destroy_window (window);
}

/* allow-apply-fixes off: no button that changes this computer on any page,
 * the helpdesk instead; a kiosk saves and copies no report. */
static void
test_no_fixes (void)
{
  RdWindow *window = new_window ();
  RdReport *report;
  g_autoptr(RdReport) edited = NULL;
  GtkWidget *result, *qr, *card;

  check_preset (window);
  report = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  edited = rd_test_report_with (report, (const char *[]) { "ipv6-path-broken", "udp-blocked", "mtu-blackhole", NULL },
                                NULL, NULL);
  rd_window_show_report (window, edited);
  rd_test_wait_ms (100);

  assert_no_button (GTK_WIDGET (window), "profile-fix.save");
  assert_no_button (GTK_WIDGET (window), "profile-fix.open");
  assert_no_button (GTK_WIDGET (window), "transport.apply-mtu");
  assert_no_button (GTK_WIDGET (window), "result.save");
  assert_no_button (GTK_WIDGET (window), "result.copy-summary");

  result = GTK_WIDGET (rd_window_get_page (window, "result"));
  while (rd_window_get_current_page (window) != RD_PAGE (result))
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  rd_test_wait_ms (100);
  g_assert_true (shown (rd_test_find_label (result, "Ask your helpdesk")));
  g_assert_true (shown (rd_test_find_label (result, "+1 555 0100")));
  /* The QR code of the summary with the contact, for the helpdesk. */
  qr = rd_test_find_by_type (result, RD_TYPE_QR_VIEW);
  g_assert_nonnull (qr);
  g_assert_true (shown (qr));
  card = gtk_widget_get_parent (rd_test_find_label (result, "Ask your helpdesk"));
  g_assert_true (gtk_widget_has_css_class (card, "helpdesk-card"));
  g_assert_true (gtk_widget_get_parent (gtk_widget_get_parent (qr)) == gtk_widget_get_parent (card));
  /* Another app is a way out of the kiosk: no Connect now. */
  g_assert_false (shown (rd_test_find_by_type (result, RD_TYPE_CONNECT_BUTTON)));

  rd_test_destroy_window (window);
}

static gboolean
fix_tested (gpointer data)
{
  RdProfileFixState state = rd_profile_fix_get_state (data);

  return state != RD_PROFILE_FIX_IDLE && state != RD_PROFILE_FIX_VERIFYING;
}

static guint
n_toplevels (void)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ());
}

/* allow-apply-fixes on: a kiosk applies the fix without a file dialog, in
 * the app's own folder, and offers no other app to open it in. */
static void
test_fix_without_dialog (void)
{
  RdWindow *window;
  RdReport *report;
  g_autoptr(RdReport) edited = NULL;
  RdAddressPage *address;
  RdProfileFix *fix;
  GtkWidget *button;
  guint toplevels;
  g_autofree char *app_dir = g_build_filename (g_get_user_data_dir (), "rdp-doctor", NULL);
  g_autofree char *connections = g_build_filename (app_dir, "connections", NULL);
  g_autofree char *path = g_build_filename (connections, "127.0.0.1.rdp", NULL);

  g_settings_set_boolean (settings, "allow-apply-fixes", TRUE);
  window = new_window ();
  check_preset (window);
  report = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  edited = rd_test_report_with (report, (const char *[]) { "dns-resolution-failed", NULL }, NULL, NULL);
  rd_window_show_report (window, edited);
  rd_test_wait_ms (100);

  address = RD_ADDRESS_PAGE (rd_window_get_page (window, "address"));
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (address));
  fix = rd_address_page_get_profile_fix (address);
  button = rd_test_find_button (GTK_WIDGET (fix), "profile-fix.save");
  g_assert_true (shown (button));
  g_assert_null (rd_test_find_label (GTK_WIDGET (address), "Ask your helpdesk"));

  rd_address_page_set_address (address, "127.0.0.1");
  toplevels = n_toplevels ();
  g_assert_true (gtk_widget_activate (button));
  rd_test_wait_ms (400);
  g_assert_cmpuint (n_toplevels (), ==, toplevels);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (rd_test_wait_until (fix_tested, fix, 20000));
  assert_no_button (GTK_WIDGET (window), "profile-fix.open");

  g_remove (path);
  g_rmdir (connections);
  g_rmdir (app_dir);
  g_settings_set_boolean (settings, "allow-apply-fixes", FALSE);
  rd_test_destroy_window (window);
}

/* The allow-* keys hold outside a kiosk too; the rest is the usual window. */
static void
test_keys_outside_kiosk (void)
{
  RdWindow *window;
  GtkWidget *welcome;

  g_settings_set_boolean (settings, "kiosk-mode", FALSE);
  g_settings_set_boolean (settings, "allow-save-report", FALSE);
  g_settings_set_boolean (settings, "allow-custom-host", TRUE);
  window = new_window ();
  welcome = GTK_WIDGET (rd_window_get_page (window, "welcome"));

  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (window)));
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_assert_true (shown (rd_test_find_button (welcome, "welcome.open-file")));
  g_assert_true (shown (rd_test_find_by_type (welcome, ADW_TYPE_ENTRY_ROW)));
  g_assert_true (shown (preset (window, "Front desk")));

  check_preset (window);
  assert_no_button (GTK_WIDGET (window), "result.save");
  assert_no_button (GTK_WIDGET (window), "profile-fix.save");
  g_assert_nonnull (rd_test_find_button (GTK_WIDGET (window), "result.copy-summary"));

  /* Closes as usual. */
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (not_shown, window, 5000));
  g_object_unref (window);

  g_settings_set_boolean (settings, "kiosk-mode", TRUE);
  g_settings_set_boolean (settings, "allow-custom-host", FALSE);
  g_settings_reset (settings, "allow-save-report");
}


static gboolean
on_welcome (gpointer data)
{
  RdWindow *window = data;

  return rd_window_get_current_page (window) == rd_window_get_page (window, "welcome");
}

/* Nothing on @page for the other computer's administrator or technical: no
 * commands, no copy of them, no disclosure; the helpdesk instead. */
static void
assert_no_details (RdWindow *window,
                   RdPage   *page)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new ();
  g_autoptr(GPtrArray) expanders = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();

  g_test_message ("page %s", rd_page_get_id (page));
  rd_test_collect (GTK_WIDGET (page), RD_TYPE_ADMIN_SECTION, sections);
  for (guint i = 0; i < sections->len; i++)
    g_assert_false (shown (g_ptr_array_index (sections, i)));
  rd_test_collect (GTK_WIDGET (page), GTK_TYPE_EXPANDER, expanders);
  for (guint i = 0; i < expanders->len; i++)
    g_assert_false (shown (g_ptr_array_index (expanders, i)));
  assert_no_button (GTK_WIDGET (page), "page.copy-admin");
  rd_test_collect (GTK_WIDGET (page), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      if (!shown (g_ptr_array_index (labels, i)))
        continue;
      g_assert_null (strstr (text, "PowerShell"));
      g_assert_null (strstr (text, "Command Prompt"));
      g_assert_null (strstr (text, "as administrator"));
      g_assert_null (strstr (text, "Copy for your administrator"));
      g_assert_cmpstr (text, !=, "For the computer’s administrator");
      g_assert_cmpstr (text, !=, "Technical details");
    }
  /* Nor a command, nor its Copy button. */
  collect_by_class (GTK_WIDGET (page), "command", commands);
  for (guint i = 0; i < commands->len; i++)
    g_assert_false (shown (g_ptr_array_index (commands, i)));
  assert_no_button (GTK_WIDGET (page), "page.copy");
  collect_by_class (GTK_WIDGET (window), "helpdesk-bar", bars);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_true (shown (g_ptr_array_index (bars, 0)));
}

/* allow-apply-fixes off: every step and the result leave the
 * administrator's part to the helpdesk. */
static void
test_no_details (void)
{
  RdWindow *window = new_window ();
  RdReport *report;
  g_autoptr(RdReport) edited = NULL;
  g_auto(GStrv) steps = NULL;
  RdPage *result;

  check_preset (window);
  report = rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result")));
  edited = rd_test_report_with (report,
                                (const char *[]) { "gateway-unreachable", "dns-resolution-failed", "port-filtered",
                                                   "udp-blocked", NULL },
                                NULL, NULL);
  rd_window_show_report (window, edited);
  rd_test_wait_ms (100);
  steps = rd_window_dup_steps (window);
  g_assert_cmpuint (g_strv_length (steps), >=, 5);

  result = rd_window_get_page (window, "result");
  for (guint n = 0; rd_window_get_current_page (window) != result; n++)
    {
      g_assert_cmpuint (n, <, 10);
      assert_no_details (window, rd_window_get_current_page (window));
      gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
      rd_test_wait_ms (50);
    }
  rd_test_wait_ms (100);
  assert_no_details (window, result);
  g_assert_true (shown (rd_test_find_label (GTK_WIDGET (result), "Ask your helpdesk")));
  g_assert_true (shown (rd_test_find_label (GTK_WIDGET (result), "+1 555 0100")));
  g_assert_true (shown (rd_test_find_by_type (GTK_WIDGET (result), RD_TYPE_QR_VIEW)));

  /* The step pages are made anew for the next person, as bare. */
  rd_window_reset (window);
  rd_window_show_report (window, edited);
  rd_test_wait_ms (100);
  assert_no_details (window, rd_window_get_current_page (window));
  assert_no_details (window, rd_window_get_page (window, "result"));

  rd_test_destroy_window (window);
}

/* Start Over on the result, and Done beside it in the header bar. */
static void
test_start_over (void)
{
  RdWindow *window = new_window ();
  gpointer old_result;
  GtkWidget *button;

  check_preset (window);
  old_result = rd_window_get_page (window, "result");
  while (rd_window_get_current_page (window) != old_result)
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  rd_test_wait_ms (100);
  button = rd_test_find_button (GTK_WIDGET (old_result), "kiosk.start-over");
  g_assert_nonnull (button);
  g_assert_true (shown (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  g_object_add_weak_pointer (old_result, &old_result);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (rd_test_wait_until (on_welcome, window, 2000));
  rd_test_wait_ms (50);
  g_assert_null (old_result);
  g_assert_null (rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result"))));

  /* Done does the same. */
  check_preset (window);
  while (rd_window_get_current_page (window) != rd_window_get_page (window, "result"))
    gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_true (rd_test_wait_until (on_welcome, window, 2000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  rd_test_destroy_window (window);
}

static GtkWidget *
countdown_banner (RdWindow *window)
{
  g_autoptr(GPtrArray) banners = g_ptr_array_new ();

  collect_by_class (GTK_WIDGET (window), "kiosk-countdown", banners);
  g_assert_cmpuint (banners->len, ==, 1);
  return g_ptr_array_index (banners, 0);
}

static gboolean
countdown_shown (gpointer data)
{
  return shown (countdown_banner (data));
}

static gboolean
one_second_left (gpointer data)
{
  return shown (rd_test_find_label (countdown_banner (data), "Starting over for the next person in 1 second"));
}

/* The last seconds before starting over are counted down where they are
 * seen; any input stops them and the wait starts again. */
static void
test_countdown (void)
{
  RdWindow *window;
  GtkWidget *banner;
  gint64 start;

  g_settings_set_uint (settings, "idle-reset-seconds", 6);
  g_assert_cmpuint (rd_kiosk_get_countdown_seconds (rd_kiosk_get_default ()), ==, 2);
  window = new_window ();
  check_preset (window);
  banner = countdown_banner (window);
  g_assert_false (shown (banner));

  /* 4 s after the run ended, 2 s before the reset. */
  start = g_get_monotonic_time ();
  g_assert_true (rd_test_wait_until (countdown_shown, window, 8000));
  g_assert_cmpint (g_get_monotonic_time () - start, >, 3 * G_USEC_PER_SEC);
  g_assert_false (on_welcome (window));
  g_assert_true (shown (rd_test_find_label (banner, "Starting over for the next person in 2 seconds")));
  g_assert_true (shown (rd_test_find_label (banner, "Touch the screen or press a key to stay.")));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (banner)), ==, GTK_ACCESSIBLE_ROLE_ALERT);
  rd_test_wait_ms (200);
  g_assert_cmpuint (rd_contrast_check_window (GTK_WIDGET (window), "countdown", NULL), ==, 0);

  /* A touch: it goes, and the full wait starts again. */
  rd_kiosk_poke_idle (GTK_WINDOW (window));
  g_assert_false (shown (banner));
  rd_test_wait_ms (3000);
  g_assert_false (shown (banner));
  g_assert_false (on_welcome (window));

  /* Nobody there: 2, 1, then the first page, without the countdown. */
  g_assert_true (rd_test_wait_until (countdown_shown, window, 3000));
  g_assert_true (rd_test_wait_until (one_second_left, window, 3000));
  g_assert_true (rd_test_wait_until (on_welcome, window, 3000));
  g_assert_false (shown (banner));

  g_settings_set_uint (settings, "idle-reset-seconds", 0);
  rd_test_destroy_window (window);
}

/* A healthy computer: no problem for the helpdesk above the verdict; their
 * contact below, for when it still fails. */
static void
test_healthy (void)
{
  RdWindow *window = new_window ();
  GtkWidget *result = GTK_WIDGET (rd_window_get_page (window, "result"));
  GtkWidget *verdict, *card;
  graphene_point_t verdict_at, card_at;

  rd_window_check (window, healthy);
  g_assert_true (rd_test_wait_until (rd_test_run_finished, window, 20000));
  g_assert_true (rd_window_get_current_page (window) == RD_PAGE (result));
  rd_test_wait_ms (100);
  verdict = rd_test_find_label (result, "No problem found");
  g_assert_true (shown (verdict));
  g_assert_false (shown (rd_test_find_label (result, "This computer’s settings cannot be changed here. Show this page to your helpdesk, or tell them what it says.")));
  card = rd_test_find_label (result, "If Remote Desktop still fails, tell your helpdesk the report code above.");
  g_assert_true (shown (card));
  g_assert_true (gtk_widget_compute_point (verdict, result, &GRAPHENE_POINT_INIT (0, 0), &verdict_at));
  g_assert_true (gtk_widget_compute_point (card, result, &GRAPHENE_POINT_INIT (0, 0), &card_at));
  g_assert_cmpfloat (card_at.y, >, verdict_at.y);
  assert_no_details (window, RD_PAGE (result));

  rd_test_destroy_window (window);
}

/* Not full screen (no window manager makes it the screen's size, and the
 * window keeps room for a shadow): measured, then asked for that more. */
static RdWindow *
sized_window (int width,
              int height)
{
  RdWindow *window = NULL;
  int dx = 0, dy = 0;

  for (int i = 0; i < 2; i++)
    {
      if (window != NULL)
        rd_test_destroy_window (window);
      window = rd_window_new (GTK_APPLICATION (rd_test_application ()));
      gtk_window_unfullscreen (GTK_WINDOW (window));
      gtk_window_set_default_size (GTK_WINDOW (window), width + dx, height + dy);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (rd_test_wait_until (is_mapped, window, 5000));
      rd_test_wait_ms (300);
      dx = width - gtk_widget_get_width (GTK_WIDGET (window));
      dy = height - gtk_widget_get_height (GTK_WIDGET (window));
    }
  rd_test_wait_ms (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
  return window;
}

/* WCAG AA for every text a kiosk shows, as the screenshots have it: its
 * first page, a step and the result, on a large screen and a small one. */
static void
test_contrast (void)
{
  const int sizes[][2] = { { 1280, 800 }, { 800, 480 } };
  guint failed = 0;
  double lowest = 21;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      RdWindow *window = sized_window (sizes[s][0], sizes[s][1]);
      RdPage *result = rd_window_get_page (window, "result");
      g_autofree char *welcome = g_strdup_printf ("welcome %dx%d", sizes[s][0], sizes[s][1]);
      g_autofree char *step = g_strdup_printf ("step %dx%d", sizes[s][0], sizes[s][1]);
      g_autofree char *end = g_strdup_printf ("result %dx%d", sizes[s][0], sizes[s][1]);
      double low;

      failed += rd_contrast_check_window (GTK_WIDGET (window), welcome, &low);
      lowest = MIN (lowest, low);
      check_preset (window);
      rd_test_wait_ms (600);
      failed += rd_contrast_check_window (GTK_WIDGET (window), step, &low);
      lowest = MIN (lowest, low);
      while (rd_window_get_current_page (window) != result)
        gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
      rd_test_wait_ms (600);
      failed += rd_contrast_check_window (GTK_WIDGET (window), end, &low);
      lowest = MIN (lowest, low);
      rd_test_destroy_window (window);
    }
  g_test_message ("lowest contrast: %.2f:1", lowest);
  g_assert_cmpuint (failed, ==, 0);
}

/* After idle-reset-seconds without input: the first page, and nothing of
 * the last person (pages, report, computer, clipboard) left. */
static void
test_idle_reset (void)
{
  RdWindow *window;
  gpointer old_result, old_welcome, old_security;
  GdkClipboard *clipboard;
  GtkWidget *entry;

  g_settings_set_uint (settings, "idle-reset-seconds", 1);
  window = new_window ();
  check_preset (window);

  old_result = rd_window_get_page (window, "result");
  old_welcome = rd_window_get_page (window, "welcome");
  old_security = rd_window_get_page (window, "security");
  g_assert_nonnull (rd_page_get_report (RD_PAGE (old_result)));
  g_object_add_weak_pointer (old_result, &old_result);
  g_object_add_weak_pointer (old_welcome, &old_welcome);
  g_object_add_weak_pointer (old_security, &old_security);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  gdk_clipboard_set_text (clipboard, "what the last person copied");
  rd_page_show_toast (rd_window_get_current_page (window), "A notice for the last person");
  rd_test_wait_ms (300);
  g_assert_true (shown (rd_test_find_label (GTK_WIDGET (window), "A notice for the last person")));

  g_assert_false (on_welcome (window));
  g_assert_true (rd_test_wait_until (on_welcome, window, 5000));
  rd_test_wait_ms (50);

  g_assert_null (old_result);
  g_assert_null (old_welcome);
  g_assert_null (old_security);
  g_assert_null (rd_page_get_report (RD_PAGE (rd_window_get_page (window, "result"))));
  entry = rd_test_find_by_type (GTK_WIDGET (rd_window_get_page (window, "welcome")), ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_null (gdk_clipboard_get_content (clipboard));
  g_assert_false (rd_window_is_running (window));
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  /* The notice goes as toasts go, in a moment. */
  rd_test_wait_ms (1000);
  g_assert_false (shown (rd_test_find_label (GTK_WIDGET (window), "A notice for the last person")));
  /* Nothing left to test again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.retest", NULL);
  g_assert_false (rd_window_is_running (window));
  g_assert_true (on_welcome (window));

  /* Without input it stays there, and does it again after the next person. */
  rd_test_wait_ms (1500);
  g_assert_true (on_welcome (window));
  check_preset (window);
  g_assert_true (rd_test_wait_until (on_welcome, window, 5000));

  g_settings_set_uint (settings, "idle-reset-seconds", 0);
  rd_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *modes[] = { "neg-fail-3", "tls-ok", NULL };
  g_autofree char *front_desk = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Where a kiosk saves a fixed connection: not in the home folder. */
  data_dir = g_dir_make_tmp ("rd-kiosk-data-XXXXXX", NULL);
  g_assert_nonnull (data_dir);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  gtk_init ();

  fault_host = rd_fault_host_start (modes);
  front_desk = rd_fault_host_target (fault_host, "neg-fail-3");
  healthy = rd_fault_host_target (fault_host, "tls-ok");

  /* As an administrator sets them, before the program starts. */
  /* The idle test alone turns the reset on. */
  rd_test_set_up_kiosk ((const char *[]) { "Front desk", front_desk,
                                           "Office PC", "office-pc.example.com",
                                           "Broken", "not a computer", NULL });
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "kiosk-mode", TRUE);
  g_settings_set_uint (settings, "timeout-seconds", 2);

  rd_test_application ();

  g_test_add_func ("/ui/kiosk/window", test_window);
  g_test_add_func ("/ui/kiosk/welcome", test_welcome);
  g_test_add_func ("/ui/kiosk/no-fixes", test_no_fixes);
  g_test_add_func ("/ui/kiosk/no-details", test_no_details);
  g_test_add_func ("/ui/kiosk/start-over", test_start_over);
  g_test_add_func ("/ui/kiosk/healthy", test_healthy);
  g_test_add_func ("/ui/kiosk/contrast", test_contrast);
  g_test_add_func ("/ui/kiosk/idle-reset", test_idle_reset);
  g_test_add_func ("/ui/kiosk/countdown", test_countdown);
  g_test_add_func ("/ui/kiosk/fix-without-dialog", test_fix_without_dialog);
  g_test_add_func ("/ui/kiosk/keys-outside-kiosk", test_keys_outside_kiosk);

  status = g_test_run ();
  rd_fault_host_stop (fault_host);
  g_object_unref (settings);
  g_free (healthy);
  g_rmdir (data_dir);
  return status;
}
