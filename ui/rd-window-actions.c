/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's actions: the wizard's (which pages' buttons reach by name)
 * and the helpdesk's, with their keys. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-checking-page.h"
#include "rd-kiosk.h"
#include "rd-ui.h"
#include "rd-watch-page.h"
#include "rd-welcome-page.h"
#include "rd-window-private.h"

/* The header bar's forward button says where it goes: a step goes on,
 * the last page is done. The welcome page has its own Check button and
 * the checks go on by themselves: none there. */
static void
update_forward_button (RdWindow *self)
{
  RdPage *page = rd_assistant_get_current_page (self->assistant);
  gboolean at_end = rd_assistant_get_at_end (self->assistant);

  gtk_widget_set_visible (self->forward_button,
                          page != NULL && !RD_IS_WELCOME_PAGE (page) && !RD_IS_CHECKING_PAGE (page));
  rd_ui_set_button_label (self->forward_button, at_end ? _("_Done") : _("_Next"));
  if (!at_end)
    gtk_widget_set_tooltip_text (self->forward_button, _("Go on to the next step (Alt+Right)"));
  else if (rd_kiosk_is_active (rd_kiosk_get_default ()))
    gtk_widget_set_tooltip_text (self->forward_button, _("Start over for the next person"));
  else
    gtk_widget_set_tooltip_text (self->forward_button, _("Close Remote Desktop Doctor"));
}

void
_rd_window_update_actions (RdWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean running = self->run_cancellable != NULL;

  update_forward_button (self);
  gtk_widget_action_set_enabled (widget, "wizard.back", rd_assistant_get_can_go_back (self->assistant));
  gtk_widget_action_set_enabled (widget, "wizard.next",
                                 rd_assistant_get_can_go_forward (self->assistant) ||
                                 rd_assistant_get_at_end (self->assistant));
  gtk_widget_action_set_enabled (widget, "wizard.retest", self->target != NULL && !running);
  gtk_widget_action_set_enabled (widget, "wizard.watch", self->target != NULL && self->opened == NULL);
  /* Escape stops the checks, or leaves the watching view. */
  gtk_widget_action_set_enabled (widget, "wizard.cancel",
                                 running || RD_IS_WATCH_PAGE (rd_assistant_get_current_page (self->assistant)));
}

/* The end of the wizard: a kiosk starts over for the next person, a
 * desktop closes the window. */
void
_rd_window_done (RdWindow *self)
{
  if (rd_kiosk_is_active (rd_kiosk_get_default ()))
    rd_window_reset (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _rd_window_next (RD_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  /* Back from the checks stops them. */
  if (RD_IS_CHECKING_PAGE (rd_assistant_get_current_page (self->assistant)))
    _rd_window_stop_run (self);
  rd_assistant_back (self->assistant);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (RD_IS_WATCH_PAGE (rd_assistant_get_current_page (self->assistant)))
    {
      rd_assistant_back (self->assistant);
      return;
    }
  if (self->run_cancellable == NULL)
    return;
  _rd_window_stop_run (self);
  rd_assistant_go_to_id (self->assistant, RD_PAGE_WELCOME);
  _rd_window_show_toast (self, _("Checks stopped"));
}

/* Test again: the same computer; a saved report's from here, beside it. */
static void
retest_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->opened != NULL)
    _rd_window_compare_from_here (self);
  else if (self->target != NULL)
    _rd_window_start_run (self, self->target);
}

/* The result page's Keep watching. */
static void
watch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _rd_window_keep_watching (RD_WINDOW (widget));
}

/* The result page's way back to one of the run's steps. */
static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  RdPage *page = rd_assistant_get_page (self->assistant, g_variant_get_string (parameter, NULL));
  g_auto(GStrv) steps = rd_assistant_dup_steps (self->assistant);

  if (page != NULL && g_strv_contains ((const char * const *) steps, rd_page_get_id (page)))
    rd_assistant_go_to (self->assistant, page);
}

/* The result page's Start Over, at a kiosk: the next person's turn. */
static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (rd_kiosk_is_active (rd_kiosk_get_default ()))
    rd_window_reset (RD_WINDOW (widget));
}

static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _rd_window_choose_report (RD_WINDOW (widget));
}

void
_rd_window_class_actions_init (RdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.retest", NULL, retest_action);
  gtk_widget_class_install_action (widget_class, "wizard.go-to", "s", go_to_action);
  gtk_widget_class_install_action (widget_class, "wizard.watch", NULL, watch_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "helpdesk.open-report", NULL, open_report_action);
  gtk_widget_class_install_action (widget_class, "kiosk.start-over", NULL, start_over_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Forward, 0, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "wizard.retest", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "helpdesk.open-report", NULL);
}
