/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-address-page.h"
#include "rd-checking-page.h"
#include "rd-compare-page.h"
#include "rd-firewall-page.h"
#include "rd-rdgateway-page.h"
#include "rd-kiosk.h"
#include "rd-result-page.h"
#include "rd-router-page.h"
#include "rd-security-page.h"
#include "rd-transport-page.h"
#include "rd-ui.h"
#include "rd-watch-page.h"
#include "rd-welcome-page.h"
#include "rd-window-private.h"

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

static RdWelcomePage *
welcome_page (RdWindow *self)
{
  return RD_WELCOME_PAGE (rd_assistant_get_page (self->assistant, RD_PAGE_WELCOME));
}

/* NULL once the window's widgets are gone. */
static RdComparePage *
compare_page (RdWindow *self)
{
  return self->assistant != NULL ?
         RD_COMPARE_PAGE (rd_assistant_get_page (self->assistant, RD_PAGE_COMPARE)) : NULL;
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

void
_rd_window_show_toast (RdWindow   *self,
                       const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  add_toast (self, toast);
}

/* Takes every notice shown or queued off the screen. */
void
_rd_window_dismiss_toasts (RdWindow *self)
{
  g_autoptr(GPtrArray) toasts = g_steal_pointer (&self->toasts);

  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < toasts->len; i++)
    adw_toast_dismiss (g_ptr_array_index (toasts, i));
}

guint
_rd_window_get_timeout_ms (RdWindow *self)
{
  return g_settings_get_uint (self->settings, "timeout-seconds") * 1000;
}

static void
set_target (RdWindow *self,
            RdTarget *target)
{
  if (target == self->target)
    return;
  rd_target_ref (target);
  g_clear_pointer (&self->target, rd_target_unref);
  self->target = target;
}

void
_rd_window_stop_run (RdWindow *self)
{
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
}

/* NULL once the window's widgets are gone. */
static RdWatchPage *
watch_page (RdWindow *self)
{
  return self->assistant != NULL ?
         RD_WATCH_PAGE (rd_assistant_get_page (self->assistant, RD_PAGE_WATCH)) : NULL;
}

/* The checks, the side by side's run from here and the rounds watched. */
void
_rd_window_stop_all (RdWindow *self)
{
  _rd_window_stop_run (self);
  if (compare_page (self) != NULL)
    rd_compare_page_stop (compare_page (self));
  if (watch_page (self) != NULL)
    rd_watch_page_stop (watch_page (self));
}

/* Keep watching: the result's computer checked again every so often, as
 * the wizard checked it, on a page after the result. Not for a saved
 * report's: that is the helpdesk's side by side. */
void
_rd_window_keep_watching (RdWindow *self)
{
  if (self->target == NULL || self->opened != NULL)
    return;
  rd_watch_page_start (watch_page (self), self->target, _rd_window_get_timeout_ms (self));
  rd_assistant_show_after (self->assistant, RD_PAGE_WATCH);
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
      rd_assistant_go_to_id (self->assistant, RD_PAGE_WELCOME);
      add_toast (self, toast);
      run_data_free (data);
      return;
    }

  rd_assistant_show_report (self->assistant, report);
  run_data_free (data);
}

void
_rd_window_start_run (RdWindow *self,
                      RdTarget *target)
{
  RunData *data;

  _rd_window_stop_run (self);
  set_target (self, target);

  g_clear_object (&self->runner);
  self->runner = rd_ui_new_runner (target, _rd_window_get_timeout_ms (self));
  self->run_cancellable = g_cancellable_new ();

  rd_checking_page_set_runner (RD_CHECKING_PAGE (rd_assistant_get_page (self->assistant, RD_PAGE_CHECKING)),
                               self->runner);
  rd_assistant_restart (self->assistant, RD_PAGE_CHECKING);

  data = g_new0 (RunData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->run_cancellable);
  self->n_pending++;
  rd_runner_run_async (self->runner, self->run_cancellable, on_run_done, data);
}

/* Forward; on the welcome page that checks its computer, and the checks
 * plan the pages that follow; on the last page, Done. */
void
_rd_window_next (RdWindow *self)
{
  RdPage *page = rd_assistant_get_current_page (self->assistant);
  RdTarget *target;

  if (rd_assistant_get_at_end (self->assistant))
    {
      _rd_window_done (self);
      return;
    }
  if (!RD_IS_WELCOME_PAGE (page))
    {
      rd_assistant_next (self->assistant);
      return;
    }
  if (!rd_assistant_apply (self->assistant))
    return;
  target = rd_welcome_page_get_target (RD_WELCOME_PAGE (page));
  if (target != NULL)
    _rd_window_start_run (self, target);
}

static void
on_page_changed (RdWindow *self,
                 RdPage   *page)
{
  /* Leaving the watching view stops its rounds. */
  if (watch_page (self) != NULL && page != RD_PAGE (watch_page (self)))
    rd_watch_page_stop (watch_page (self));
  _rd_window_update_actions (self);
  rd_kiosk_poke_idle (GTK_WINDOW (self));
}

static void
on_navigation_changed (RdWindow *self)
{
  _rd_window_update_actions (self);
}

static void
on_page_toast (RdWindow   *self,
               const char *message)
{
  _rd_window_show_toast (self, message);
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
  _rd_window_stop_all (self);
  save_window_state (self);
  return GTK_WINDOW_CLASS (rd_window_parent_class)->close_request (window);
}

static void
rd_window_constructed (GObject *object)
{
  G_OBJECT_CLASS (rd_window_parent_class)->constructed (object);
  _rd_window_kiosk_init (RD_WINDOW (object));
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _rd_window_stop_run (self);
  _rd_window_helpdesk_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_WINDOW);
  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_finalize (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  g_clear_pointer (&self->toasts, g_ptr_array_unref);
  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_pointer (&self->opened, rd_report_unref);
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_window_parent_class)->finalize (object);
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (RD_TYPE_ASSISTANT);
  g_type_ensure (RD_TYPE_WELCOME_PAGE);
  g_type_ensure (RD_TYPE_CHECKING_PAGE);
  g_type_ensure (RD_TYPE_ROUTER_PAGE);
  g_type_ensure (RD_TYPE_RDGATEWAY_PAGE);
  g_type_ensure (RD_TYPE_ADDRESS_PAGE);
  g_type_ensure (RD_TYPE_FIREWALL_PAGE);
  g_type_ensure (RD_TYPE_SECURITY_PAGE);
  g_type_ensure (RD_TYPE_TRANSPORT_PAGE);
  g_type_ensure (RD_TYPE_RESULT_PAGE);
  g_type_ensure (RD_TYPE_COMPARE_PAGE);
  g_type_ensure (RD_TYPE_WATCH_PAGE);
  g_type_ensure (RD_TYPE_REPORT_BANNER);

  object_class->constructed = rd_window_constructed;
  object_class->dispose = rd_window_dispose;
  object_class->finalize = rd_window_finalize;
  window_class->close_request = rd_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rdpdoctor/RdpDoctor/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, forward_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, report_banner);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, assistant);

  _rd_window_class_actions_init (klass);
}

/* The window's title: the step, then the app, as a window list shows it. */
static gboolean
heading_to_title (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  const char *heading = g_value_get_string (from);

  if (heading == NULL)
    g_value_set_string (to, _("Remote Desktop Doctor"));
  else
    /* Translators: the window's title, e.g. "Step 1 of 2: Security — Remote Desktop Doctor" */
    g_value_take_string (to, g_strdup_printf (_("%s — Remote Desktop Doctor"), heading));
  return TRUE;
}

static void
rd_window_init (RdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->assistant, "page-changed", G_CALLBACK (on_page_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assistant, "notify::can-go-back", G_CALLBACK (on_navigation_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assistant, "notify::can-go-forward", G_CALLBACK (on_navigation_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assistant, "show-toast", G_CALLBACK (on_page_toast),
                           self, G_CONNECT_SWAPPED);
  rd_assistant_restart (self->assistant, RD_PAGE_WELCOME);

  /* The step in the title: in the header bar on two lines, so it fits at
   * 360 px, and whole as the window's. */
  g_object_bind_property_full (self->assistant, "heading", self, "title", G_BINDING_SYNC_CREATE,
                               heading_to_title, NULL, NULL, NULL);
  g_object_bind_property (self->assistant, "title", self->window_title, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->assistant, "step", self->window_title, "subtitle", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->assistant, "can-go-back", self->back_button, "visible", G_BINDING_SYNC_CREATE);
  rd_ui_fix_mnemonic_names (GTK_WIDGET (self));
  /* Enter goes forward wherever the focus does not take it itself. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->forward_button);
}

RdWindow *
rd_window_new (GtkApplication *application)
{
  return g_object_new (RD_TYPE_WINDOW, "application", application, NULL);
}

/* The window to check a computer in, on its first page: this one, but
 * one that shows a saved report stays read-only and a new one checks. */
static RdWindow *
window_for_check (RdWindow *self)
{
  RdWindow *window = self;

  if (self->opened != NULL)
    {
      window = rd_window_new (gtk_window_get_application (GTK_WINDOW (self)));
      gtk_window_present (GTK_WINDOW (window));
    }
  _rd_window_stop_run (window);
  rd_assistant_go_to_id (window->assistant, RD_PAGE_WELCOME);
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
  RdWindow *window;

  g_return_if_fail (RD_IS_WINDOW (self));

  window = window_for_check (self);
  rd_welcome_page_set_text (welcome_page (window), input);
  _rd_window_next (window);
}

void
rd_window_check_file (RdWindow *self,
                      GFile    *file)
{
  RdWindow *window;

  g_return_if_fail (RD_IS_WINDOW (self));

  window = window_for_check (self);
  if (rd_welcome_page_open_file (welcome_page (window), file))
    _rd_window_next (window);
}

/**
 * rd_window_get_page:
 * @name: "welcome", "checking", a step ("router", "rdgateway", "address",
 *   "firewall", "security", "transport"), "result" or "compare": a page's
 *   class id
 *
 * Returns: (transfer none) (nullable): the page of that name
 */
RdPage *
rd_window_get_page (RdWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->assistant != NULL ? rd_assistant_get_page (self->assistant, name) : NULL;
}

RdPage *
rd_window_get_current_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->assistant != NULL ? rd_assistant_get_current_page (self->assistant) : NULL;
}

/**
 * rd_window_is_running:
 *
 * Returns: whether checks are still at work (the wizard's, the side by
 *   side's, the rounds watched), including stopped ones whose workers
 *   have not ended yet
 */
gboolean
rd_window_is_running (RdWindow *self)
{
  RdComparePage *compare;
  RdWatchPage *watch;

  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);
  compare = compare_page (self);
  watch = watch_page (self);
  return self->n_pending > 0 || (compare != NULL && rd_compare_page_is_running (compare)) ||
         (watch != NULL && rd_watch_page_is_running (watch));
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
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (report != NULL);

  _rd_window_stop_run (self);
  set_target (self, rd_report_get_target (report));
  rd_assistant_show_report (self->assistant, report);
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
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return rd_assistant_dup_steps (self->assistant);
}
