/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-plan.h"
#include "rd-router-page-private.h"
#include "rd-step-util.h"
#include "rd-ui.h"

/* A router and modem take one to three minutes to come back. */
#define WAIT_SECONDS 300

struct _RdRouterPage
{
  RdPage              parent_instance;

  GtkWidget          *wait_box;
  GtkLabel           *state_label;
  GtkProgressBar     *progress_bar;
  GtkWidget          *wait_button;
  GtkWidget          *skip_button;

  RdNetworkWatch     *watch;
  GCancellable       *cancellable;
  RdNetworkProbeFunc  probe;
  gpointer            probe_data;
  guint               interval_ms;
};

G_DEFINE_FINAL_TYPE (RdRouterPage, rd_router_page, RD_TYPE_PAGE)

static void
update_state (RdRouterPage *self)
{
  const char *text;

  switch (rd_network_watch_get_state (self->watch))
    {
    case RD_NETWORK_STATE_UP:
      text = _("The network still works here: restart the router and the modem now.");
      break;
    case RD_NETWORK_STATE_DOWN:
      text = _("The network is down — that is expected while they restart. Waiting for it to come back…");
      break;
    case RD_NETWORK_STATE_BACK:
      text = _("The network is back. Testing again…");
      break;
    case RD_NETWORK_STATE_UNKNOWN:
    default:
      text = _("Looking at the network…");
      break;
    }
  gtk_label_set_text (self->state_label, text);
}

static void
update_countdown (RdRouterPage *self)
{
  guint left = rd_network_watch_get_seconds_left (self->watch);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, (double) left / WAIT_SECONDS);
  /* Translators: time left to wait, minutes and seconds, e.g. "4:05 left" */
  text = g_strdup_printf (_("%u:%02u left"), left / 60, left % 60);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
stop_waiting (RdRouterPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
on_wait_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RdRouterPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean went_down = FALSE;

  if (!rd_network_watch_wait_finish (RD_NETWORK_WATCH (source), result, &went_down, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      gtk_label_set_text (self->state_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_widget_set_visible (self->wait_button, TRUE);
      return;
    }
  g_clear_object (&self->cancellable);
  update_state (self);
  /* The window runs the checks again; the plan then shows what is left. */
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.retest", NULL);
}

static void
start_waiting (RdRouterPage *self)
{
  stop_waiting (self);
  g_clear_object (&self->watch);
  self->watch = rd_network_watch_new ();
  if (self->probe != NULL)
    rd_network_watch_set_probe (self->watch, self->probe, self->probe_data);
  if (self->interval_ms > 0)
    rd_network_watch_set_interval_ms (self->watch, self->interval_ms);
  g_signal_connect_object (self->watch, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watch, "notify::seconds-left", G_CALLBACK (update_countdown), self,
                           G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->wait_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  rd_network_watch_wait_async (self->watch, WAIT_SECONDS, self->cancellable, on_wait_done, g_object_ref (self));
  update_state (self);
  update_countdown (self);
}

static void
wait_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  start_waiting (RD_ROUTER_PAGE (widget));
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stop_waiting (RD_ROUTER_PAGE (widget));
  gtk_widget_activate_action (widget, "wizard.next", NULL);
}

static void
rd_router_page_set_report (RdPage   *page,
                           RdReport *report)
{
  RdRouterPage *self = RD_ROUTER_PAGE (page);
  GPtrArray *causes = rd_page_get_causes (page);

  stop_waiting (self);
  /* A saved report: the router is someone else's. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "router.wait", !rd_page_get_read_only (page));
  if (causes->len > 0)
    rd_page_set_heading (page, ((RdCause *) g_ptr_array_index (causes, 0))->title, NULL);
  rd_page_set_complete (page, TRUE);
}

static void
rd_router_page_shown (RdPage *page)
{
  RdRouterPage *self = RD_ROUTER_PAGE (page);

  /* The page says "I'll continue by myself": it starts watching at once
   * (not for a saved report: the router is someone else's). */
  if (!rd_page_get_read_only (page))
    start_waiting (self);
  gtk_widget_grab_focus (self->skip_button);
}

static void
rd_router_page_unmap (GtkWidget *widget)
{
  /* Back, Skip or a new run: nobody is waiting any more. */
  stop_waiting (RD_ROUTER_PAGE (widget));
  GTK_WIDGET_CLASS (rd_router_page_parent_class)->unmap (widget);
}

static void
rd_router_page_dispose (GObject *object)
{
  RdRouterPage *self = RD_ROUTER_PAGE (object);

  stop_waiting (self);
  g_clear_object (&self->watch);
  G_OBJECT_CLASS (rd_router_page_parent_class)->dispose (object);
}

static void
rd_router_page_class_init (RdRouterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);
  static const char * const evidence[] = { "local", NULL };

  rd_page_class_set_step (page_class, RD_PAGE_ROUTER, RD_AREA_HOME_NETWORK, evidence);

  rd_page_class_bind_client_fixes (page_class, "you_box");

  object_class->dispose = rd_router_page_dispose;
  widget_class->unmap = rd_router_page_unmap;
  page_class->shown = rd_router_page_shown;
  page_class->set_report = rd_router_page_set_report;

  gtk_widget_class_bind_template_child (widget_class, RdRouterPage, wait_box);
  gtk_widget_class_bind_template_child (widget_class, RdRouterPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, RdRouterPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RdRouterPage, wait_button);
  gtk_widget_class_bind_template_child (widget_class, RdRouterPage, skip_button);

  gtk_widget_class_install_action (widget_class, "router.wait", NULL, wait_action);
  gtk_widget_class_install_action (widget_class, "router.skip", NULL, skip_action);
}

static void
rd_router_page_init (RdRouterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_page_set_heading (RD_PAGE (self), NULL,
                       _("Restart your router and modem now. I’ll continue by myself when the network is back."));
  self->watch = rd_network_watch_new ();
}

/**
 * rd_router_page_set_probe:
 * @func: (nullable): the probe, or NULL for the real one
 * @interval_ms: 0 for the default
 */
void
rd_router_page_set_probe (RdRouterPage       *self,
                          RdNetworkProbeFunc  func,
                          gpointer            data,
                          guint               interval_ms)
{
  g_return_if_fail (RD_IS_ROUTER_PAGE (self));
  self->probe = func;
  self->probe_data = data;
  self->interval_ms = interval_ms;
}

RdNetworkState
rd_router_page_get_state (RdRouterPage *self)
{
  g_return_val_if_fail (RD_IS_ROUTER_PAGE (self), RD_NETWORK_STATE_UNKNOWN);
  return rd_network_watch_get_state (self->watch);
}

gboolean
rd_router_page_is_waiting (RdRouterPage *self)
{
  g_return_val_if_fail (RD_IS_ROUTER_PAGE (self), FALSE);
  return self->cancellable != NULL;
}
