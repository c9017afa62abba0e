/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-address-page.h"
#include "rd-checking-page.h"
#include "rd-compare-page.h"
#include "rd-firewall-page.h"
#include "rd-kiosk.h"
#include "rd-plan.h"
#include "rd-profile-fix.h"
#include "rd-report-banner.h"
#include "rd-result-page.h"
#include "rd-router-page.h"
#include "rd-runner.h"
#include "rd-security-page.h"
#include "rd-transport-page.h"
#include "rd-ui.h"
#include "rd-welcome-page.h"
#include "rd-window-private.h"

struct _RdWindow
{
  AdwApplicationWindow parent_instance;

  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwHeaderBar    *header_bar;
  GtkWidget       *back_button;
  GtkWidget       *menu_button;
  /* Not bound to the template: a kiosk replaces them for the next person. */
  RdWelcomePage   *welcome_page;
  RdCheckingPage  *checking_page;
  RdRouterPage    *router_page;
  RdAddressPage   *address_page;
  RdFirewallPage  *firewall_page;
  RdSecurityPage  *security_page;
  RdTransportPage *transport_page;
  RdResultPage    *result_page;
  RdComparePage   *compare_page;
  RdReportBanner  *report_banner;
  GtkLabel        *step_label;

  GSettings       *settings;
  GPtrArray       *flow;            /* RdPage*, owned by the stack: this run's steps */
  guint            current;

  /* Cancelled when the window closes; each run also has its own, which
   * Cancel and Back stop without closing anything. */
  GCancellable    *cancellable;
  GCancellable    *run_cancellable;
  RdRunner        *runner;
  RdTarget        *target;
  guint            n_pending;       /* runs whose workers have not all ended */
  GPtrArray       *toasts;          /* AdwToast*, shown or queued */

  /* A saved report shown read-only (the helpdesk's view), or NULL. */
  RdReport        *opened;
  GtkNativeDialog *open_chooser;
};

G_DEFINE_FINAL_TYPE (RdWindow, rd_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  RdWindow     *self;
  GCancellable *cancellable;
} RunData;

static void
run_data_free (RunData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

static RdPage *
current_page (RdWindow *self)
{
  return g_ptr_array_index (self->flow, self->current);
}

/* The first page Back may reach: a saved report starts at its steps. */
static guint
first_page (RdWindow *self)
{
  return self->opened != NULL ? 2 : 0;
}

static void
update_actions (RdWindow *self)
{
  RdPage *page = current_page (self);
  gboolean running = self->run_cancellable != NULL;
  gboolean forward = page != RD_PAGE (self->checking_page) && self->current + 1 < self->flow->len;

  /* The welcome page's button starts the checks, so "next" is on for it even
   * though nothing follows it yet in the flow. */
  if (page == RD_PAGE (self->welcome_page))
    forward = TRUE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->current > first_page (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", forward && rd_page_get_complete (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.retest", self->target != NULL && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", running);
  gtk_widget_set_visible (self->back_button, self->current > first_page (self));
}

static void
update_title (RdWindow *self)
{
  RdPage *page = current_page (self);
  g_autofree char *title = NULL;

  /* The side by side is the helpdesk's, not one of the caller's steps. */
  gtk_widget_set_visible (GTK_WIDGET (self->step_label), page != RD_PAGE (self->compare_page));
  if (page == RD_PAGE (self->compare_page))
    {
      gtk_window_set_title (GTK_WINDOW (self), rd_page_get_title (page));
      adw_window_title_set_title (self->window_title, rd_page_get_title (page));
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  /* Translators: the window's title, e.g. "Step 1 of 3: Your computer" */
  title = g_strdup_printf (_("Step %u of %u: %s"), self->current + 1, self->flow->len,
                           rd_page_get_title (page));
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* Large, above the page: what a caller reads out to the helpdesk. */
  gtk_label_set_text (self->step_label, title);

  /* In the header bar on two lines, so it fits at 360 px. */
  g_free (title);
  /* Translators: under the page's title, e.g. "Step 1 of 3" */
  title = g_strdup_printf (_("Step %u of %u"), self->current + 1, self->flow->len);
  adw_window_title_set_title (self->window_title, rd_page_get_title (page));
  adw_window_title_set_subtitle (self->window_title, title);
}

static void
go_to (RdWindow *self,
       guint     index)
{
  RdPage *page;

  g_return_if_fail (index < self->flow->len);

  self->current = index;
  page = current_page (self);
  /* Focus left on the page going away would land on whatever GTK finds
   * first (and select a label's text); the page decides in shown(). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  update_title (self);
  update_actions (self);
  rd_page_shown (page);
  rd_kiosk_poke_idle (GTK_WINDOW (self));
}

/* The steps before a report exists: the ones every run shows. */
static void
reset_flow (RdWindow *self)
{
  g_ptr_array_set_size (self->flow, 0);
  g_ptr_array_add (self->flow, self->welcome_page);
  g_ptr_array_add (self->flow, self->checking_page);
  g_ptr_array_add (self->flow, self->result_page);
}

static RdPage *
page_for_name (RdWindow   *self,
               const char *name)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->stack, name);

  return child != NULL ? RD_PAGE (child) : NULL;
}

static void
plan_flow (RdWindow *self,
           RdReport *report)
{
  g_autoptr(GPtrArray) names = rd_plan_pages (report);

  g_ptr_array_set_size (self->flow, 0);
  g_ptr_array_add (self->flow, self->welcome_page);
  g_ptr_array_add (self->flow, self->checking_page);
  for (guint i = 0; i < names->len; i++)
    {
      RdPage *page = page_for_name (self, g_ptr_array_index (names, i));

      if (page == NULL)
        continue;
      /* The result page has its own setter (it predates the vfunc). */
      if (page != RD_PAGE (self->result_page))
        rd_page_set_report (page, report);
      g_ptr_array_add (self->flow, page);
    }
}

static void
stop_run (RdWindow *self)
{
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
}

static void
on_toast_dismissed (RdWindow *self,
                    AdwToast *toast)
{
  g_ptr_array_remove (self->toasts, toast);
}

/* Kept, so that starting over can take them off the screen. */
static void
add_toast (RdWindow *self,
           AdwToast *toast)
{
  g_ptr_array_add (self->toasts, g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_toast (RdWindow   *self,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  add_toast (self, toast);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunData *data = user_data;
  RdWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) report = NULL;

  report = rd_report_new_from_run (RD_RUNNER (source), result, &error);
  self->n_pending--;

  /* A run that was stopped, or replaced by a newer one, shows nothing. */
  if (g_cancellable_is_cancelled (data->cancellable) || data->cancellable != self->run_cancellable)
    {
      run_data_free (data);
      return;
    }
  g_clear_object (&self->run_cancellable);

  if (report == NULL)
    {
      g_autofree char *message = NULL;
      AdwToast *toast;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The checks could not run: %s"), error->message);

      toast = adw_toast_new (message);
      adw_toast_set_button_label (toast, _("_Try Again"));
      adw_toast_set_action_name (toast, "wizard.retest");
      adw_toast_set_timeout (toast, 0);
      go_to (self, 0);
      add_toast (self, toast);
      run_data_free (data);
      return;
    }

  rd_page_set_report (RD_PAGE (self->result_page), report);
  plan_flow (self, report);
  go_to (self, 2);
  run_data_free (data);
}

static void
start_run (RdWindow *self,
           RdTarget *target)
{
  RunData *data;

  stop_run (self);
  if (target != self->target)
    {
      rd_target_ref (target);
      g_clear_pointer (&self->target, rd_target_unref);
      self->target = target;
    }

  g_clear_object (&self->runner);
  self->runner = rd_runner_new (target);
  rd_runner_set_timeout (self->runner, g_settings_get_uint (self->settings, "timeout-seconds") * 1000);
  self->run_cancellable = g_cancellable_new ();

  rd_checking_page_set_runner (self->checking_page, self->runner);
  reset_flow (self);
  go_to (self, 1);

  data = g_new0 (RunData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->run_cancellable);
  self->n_pending++;
  rd_runner_run_async (self->runner, self->run_cancellable, on_run_done, data);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  RdPage *page = current_page (self);

  if (!rd_page_get_complete (page))
    return;
  rd_page_apply (page);

  if (page == RD_PAGE (self->welcome_page))
    {
      RdTarget *target = rd_welcome_page_get_target (self->welcome_page);

      if (target != NULL)
        start_run (self, target);
      return;
    }
  if (self->current + 1 < self->flow->len)
    go_to (self, self->current + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  guint index = self->current;

  if (index == 0)
    return;
  if (current_page (self) == RD_PAGE (self->checking_page))
    {
      stop_run (self);
      go_to (self, 0);
      return;
    }
  /* The checking page is a wait, not a step to return to. */
  index--;
  if (g_ptr_array_index (self->flow, index) == self->checking_page)
    index--;
  if (index < first_page (self))
    return;
  go_to (self, index);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->run_cancellable == NULL)
    return;
  stop_run (self);
  go_to (self, 0);
  show_toast (self, _("Checks stopped"));
}

/* Test Again From Here: the caller's computer checked from this one, and
 * the two side by side after the caller's pages. */
static void
compare_from_here (RdWindow *self)
{
  if (g_ptr_array_index (self->flow, self->flow->len - 1) != self->compare_page)
    g_ptr_array_add (self->flow, self->compare_page);
  rd_compare_page_start (self->compare_page, self->opened,
                         g_settings_get_uint (self->settings, "timeout-seconds") * 1000);
  go_to (self, self->flow->len - 1);
}

static void
retest_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->opened != NULL)
    {
      compare_from_here (self);
      return;
    }
  if (self->target != NULL)
    start_run (self, self->target);
}

static void
on_page_complete (RdWindow *self)
{
  update_actions (self);
}

static void
on_page_toast (RdWindow   *self,
               const char *message)
{
  show_toast (self, message);
}

static void
save_window_state (RdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
rd_window_close_request (GtkWindow *window)
{
  RdWindow *self = RD_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  stop_run (self);
  rd_compare_page_stop (self->compare_page);
  save_window_state (self);
  return GTK_WINDOW_CLASS (rd_window_parent_class)->close_request (window);
}

static void
connect_page (RdWindow  *self,
              GtkWidget *page)
{
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_complete),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "show-toast", G_CALLBACK (on_page_toast),
                           self, G_CONNECT_SWAPPED);
}

static void
find_pages (RdWindow *self)
{
  self->welcome_page = RD_WELCOME_PAGE (page_for_name (self, "welcome"));
  self->checking_page = RD_CHECKING_PAGE (page_for_name (self, "checking"));
  self->router_page = RD_ROUTER_PAGE (page_for_name (self, "router"));
  self->address_page = RD_ADDRESS_PAGE (page_for_name (self, "address"));
  self->firewall_page = RD_FIREWALL_PAGE (page_for_name (self, "firewall"));
  self->security_page = RD_SECURITY_PAGE (page_for_name (self, "security"));
  self->transport_page = RD_TRANSPORT_PAGE (page_for_name (self, "transport"));
  self->result_page = RD_RESULT_PAGE (page_for_name (self, "result"));
  self->compare_page = RD_COMPARE_PAGE (page_for_name (self, "compare"));
}

/* Every page anew, in the same order: the old ones go with all they were
 * given (report, typed text and its undo history, evidence). */
static void
rebuild_pages (RdWindow *self)
{
  GtkStackTransitionType transition = gtk_stack_get_transition_type (self->stack);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (GType));
  GtkWidget *child;

  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  g_ptr_array_set_size (self->flow, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stack))) != NULL)
    {
      GType type = G_OBJECT_TYPE (child);

      g_ptr_array_add (names, g_strdup (gtk_stack_page_get_name (gtk_stack_get_page (self->stack, child))));
      g_array_append_val (types, type);
      gtk_stack_remove (self->stack, child);
    }
  for (guint i = 0; i < names->len; i++)
    {
      GtkWidget *page = g_object_new (g_array_index (types, GType, i), NULL);

      gtk_stack_add_named (self->stack, page, g_ptr_array_index (names, i));
      connect_page (self, page);
    }
  find_pages (self);
  gtk_stack_set_transition_type (self->stack, transition);
}

/* A kiosk's window is locked as it is made, before it is ever shown; the
 * application's own ways out go when the window joins it. */
static void
rd_window_constructed (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);
  RdKiosk *kiosk = rd_kiosk_get_default ();
  GtkWidget *bar;

  G_OBJECT_CLASS (rd_window_parent_class)->constructed (object);

  if (!rd_kiosk_is_active (kiosk))
    return;
  rd_kiosk_lock_window (kiosk, GTK_WINDOW (self));
  gtk_widget_set_visible (self->menu_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "helpdesk.open-report", FALSE);
  rd_kiosk_watch_idle (kiosk, GTK_WINDOW (self), (RdKioskIdleFunc) rd_window_reset, self);
  /* Minimize would show what is behind the kiosk. */
  adw_header_bar_set_show_start_title_buttons (self->header_bar, FALSE);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
  /* Along the bottom of every page. */
  bar = rd_kiosk_helpdesk_bar_new (kiosk);
  if (bar != NULL)
    gtk_box_append (GTK_BOX (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self))), bar);
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_run (self);
  if (self->open_chooser != NULL)
    gtk_native_dialog_destroy (self->open_chooser);
  g_clear_object (&self->open_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_WINDOW);
  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_finalize (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  g_clear_pointer (&self->flow, g_ptr_array_unref);
  g_clear_pointer (&self->toasts, g_ptr_array_unref);
  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_pointer (&self->opened, rd_report_unref);
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_window_parent_class)->finalize (object);
}

/* Helpdesk: a saved report, read-only. */

/* Hides whatever would act on this computer (write a connection profile,
 * change the MTU, wait for the router), and says where Test again runs. */
static void
make_read_only (RdWindow *self)
{
  static const char * const acting[] = {
    "transport.apply-mtu", "transport.undo-mtu", "router.wait", NULL,
  };
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  g_ptr_array_add (widgets, self->stack);
  while (widgets->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (widgets, widgets->len - 1);

      if (RD_IS_PROFILE_FIX (widget))
        {
          gtk_widget_set_visible (widget, FALSE);
          continue;
        }
      if (GTK_IS_BUTTON (widget))
        {
          const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

          if (action != NULL && g_strv_contains (acting, action))
            gtk_widget_set_visible (widget, FALSE);
          else if (g_strcmp0 (action, "wizard.retest") == 0)
            gtk_button_set_label (GTK_BUTTON (widget), _("_Test Again From Here"));
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (widgets, child);
    }
}

/**
 * rd_window_load_report:
 * @file: a report saved by "Save report…" or `--json`
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
RdReport *
rd_window_load_report (GFile   *file,
                       GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A report is a few tens of kilobytes: read at once. */
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return rd_report_new_from_json_data (contents, length, error);
}

/**
 * rd_window_open_report:
 * @report: a saved report
 *
 * Shows @report read-only in the same pages the person who made it saw,
 * under a banner that says whose it is, without running any check. In
 * this window if it shows nothing yet, else in a new one.
 *
 * Returns: (transfer none): the window that shows it
 */
RdWindow *
rd_window_open_report (RdWindow *self,
                       RdReport *report)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  if (self->opened != NULL || self->current != 0 || rd_window_is_running (self))
    {
      RdWindow *window = rd_window_new (gtk_window_get_application (GTK_WINDOW (self)));

      gtk_window_present (GTK_WINDOW (window));
      return rd_window_open_report (window, report);
    }

  self->opened = rd_report_ref (report);
  rd_report_banner_set_report (self->report_banner, report);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), TRUE);
  /* Before the pages are shown: the router page would start watching. */
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    rd_page_set_read_only (RD_PAGE (page), TRUE);
  rd_window_show_report (self, report);
  /* After: the step pages build some of their buttons for the report. */
  make_read_only (self);
  return self;
}

/**
 * rd_window_get_opened_report:
 *
 * Returns: (transfer none) (nullable): the saved report shown read-only
 */
RdReport *
rd_window_get_opened_report (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->opened;
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  RdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(RdReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->open_chooser);
  if (file == NULL)
    return;

  report = rd_window_load_report (file, &error);
  if (report == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Could not open the report: %s"), error->message);
      show_toast (self, message);
      return;
    }
  rd_window_open_report (self, report);
}

static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  /* A kiosk opens no file dialog, whatever the shortcut. */
  if (!rd_kiosk_allows_file_dialogs (rd_kiosk_get_default ()))
    return;

  chooser = gtk_file_chooser_native_new (_("Open Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Reports (.json)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  if (self->open_chooser != NULL)
    gtk_native_dialog_destroy (self->open_chooser);
  g_clear_object (&self->open_chooser);
  self->open_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->open_chooser);
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (RD_TYPE_WELCOME_PAGE);
  g_type_ensure (RD_TYPE_CHECKING_PAGE);
  g_type_ensure (RD_TYPE_ROUTER_PAGE);
  g_type_ensure (RD_TYPE_ADDRESS_PAGE);
  g_type_ensure (RD_TYPE_FIREWALL_PAGE);
  g_type_ensure (RD_TYPE_SECURITY_PAGE);
  g_type_ensure (RD_TYPE_TRANSPORT_PAGE);
  g_type_ensure (RD_TYPE_RESULT_PAGE);
  g_type_ensure (RD_TYPE_COMPARE_PAGE);
  g_type_ensure (RD_TYPE_REPORT_BANNER);

  object_class->constructed = rd_window_constructed;
  object_class->dispose = rd_window_dispose;
  object_class->finalize = rd_window_finalize;
  window_class->close_request = rd_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rdpdoctor/RdpDoctor/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, report_banner);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, step_label);

  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.retest", NULL, retest_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "helpdesk.open-report", NULL, open_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "wizard.retest", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "helpdesk.open-report", NULL);
}

static void
rd_window_init (RdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->flow = g_ptr_array_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    connect_page (self, page);
  find_pages (self);

  reset_flow (self);
  go_to (self, 0);
}

RdWindow *
rd_window_new (GtkApplication *application)
{
  return g_object_new (RD_TYPE_WINDOW, "application", application, NULL);
}

/* A window that shows a saved report stays read-only: checking another
 * computer happens in a new one. */
static RdWindow *
window_for_check (RdWindow *self)
{
  RdWindow *window = rd_window_new (gtk_window_get_application (GTK_WINDOW (self)));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/**
 * rd_window_check:
 * @input: a name or address, optionally with a port, or an rdp:// link
 */
void
rd_window_check (RdWindow   *self,
                 const char *input)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->opened != NULL)
    {
      rd_window_check (window_for_check (self), input);
      return;
    }
  stop_run (self);
  go_to (self, 0);
  rd_welcome_page_set_text (self->welcome_page, input);
  if (rd_page_get_complete (RD_PAGE (self->welcome_page)))
    gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

void
rd_window_check_file (RdWindow *self,
                      GFile    *file)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->opened != NULL)
    {
      rd_window_check_file (window_for_check (self), file);
      return;
    }
  stop_run (self);
  go_to (self, 0);
  if (rd_welcome_page_open_file (self->welcome_page, file))
    gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

/**
 * rd_window_get_page:
 * @name: "welcome", "checking", a step ("router", "address", "firewall",
 *   "security", "transport") or "result"
 *
 * Returns: (transfer none) (nullable): the page of that name
 */
RdPage *
rd_window_get_page (RdWindow   *self,
                    const char *name)
{
  GtkWidget *child;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  child = gtk_stack_get_child_by_name (self->stack, name);
  return child != NULL ? RD_PAGE (child) : NULL;
}

RdPage *
rd_window_get_current_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return current_page (self);
}

/**
 * rd_window_is_running:
 *
 * Returns: whether checks are still at work, including stopped ones whose
 *   workers have not ended yet
 */
gboolean
rd_window_is_running (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);
  return self->n_pending > 0 || rd_compare_page_is_running (self->compare_page);
}

/**
 * rd_window_show_report:
 * @report: a finished run, fresh or loaded from a file
 *
 * Shows @report as if its checks had just run here: the steps it calls
 * for, then the result; "Test again" checks its computer again. The
 * helpdesk view of a saved report, and the tests, start here.
 */
void
rd_window_show_report (RdWindow *self,
                       RdReport *report)
{
  RdTarget *target;

  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (report != NULL);

  stop_run (self);
  target = rd_report_get_target (report);
  if (target != self->target)
    {
      rd_target_ref (target);
      g_clear_pointer (&self->target, rd_target_unref);
      self->target = target;
    }
  rd_page_set_report (RD_PAGE (self->result_page), report);
  plan_flow (self, report);
  go_to (self, 2);
}

/**
 * rd_window_dup_steps:
 *
 * Returns: (transfer full): the names of this run's pages after the
 *   checks, in order, as the header counts them ("security", "result")
 */
char **
rd_window_dup_steps (RdWindow *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **steps;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  for (guint i = 2; i < self->flow->len; i++)
    g_strv_builder_add (builder,
                        gtk_stack_page_get_name (gtk_stack_get_page (self->stack,
                                                                     g_ptr_array_index (self->flow, i))));
  steps = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return steps;
}

/**
 * rd_window_reset:
 *
 * Starts over for the next person, as a kiosk does after a while without
 * input: stops the checks, takes off any notice, forgets the computer, the
 * report and every page shown (they are made anew) and empties the
 * clipboard, then shows the first page.
 */
void
rd_window_reset (RdWindow *self)
{
  g_autoptr(GPtrArray) toasts = NULL;

  g_return_if_fail (RD_IS_WINDOW (self));

  stop_run (self);
  rd_compare_page_stop (self->compare_page);
  g_clear_pointer (&self->opened, rd_report_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), FALSE);
  toasts = g_steal_pointer (&self->toasts);
  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < toasts->len; i++)
    adw_toast_dismiss (g_ptr_array_index (toasts, i));
  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_object (&self->runner);

  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  rebuild_pages (self);
  reset_flow (self);
  go_to (self, 0);
  rd_kiosk_forget_clipboards (GTK_WIDGET (self));
}
