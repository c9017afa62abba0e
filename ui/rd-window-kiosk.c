/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kiosk's window: locked as it is made, and made new for the next person
 * after a while without input. */
#include "config.h"

#include "rd-kiosk.h"
#include "rd-window-private.h"

/* A kiosk's window is locked as it is made, before it is ever shown; the
 * application's own ways out go when the window joins it. */
void
_rd_window_kiosk_init (RdWindow *self)
{
  RdKiosk *kiosk = rd_kiosk_get_default ();
  GtkWidget *bar;

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
  g_return_if_fail (RD_IS_WINDOW (self));

  _rd_window_stop_all (self);
  _rd_window_forget_report (self);
  _rd_window_dismiss_toasts (self);
  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_object (&self->runner);

  rd_assistant_rebuild (self->assistant);
  rd_kiosk_forget_clipboards (GTK_WIDGET (self));
}
