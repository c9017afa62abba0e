/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kiosk's window: locked as it is made, and made new for the next person
 * after a while without input. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-kiosk.h"
#include "rd-window-private.h"

/* Before starting over, the seconds left in large type along the top, and
 * how to stay; any input takes it off. An alert: a screen reader says it
 * when it shows. */
static GtkWidget *
countdown_banner_new (void)
{
  GtkWidget *banner = g_object_new (GTK_TYPE_BOX,
                                    "orientation", GTK_ORIENTATION_VERTICAL,
                                    "spacing", 6,
                                    "visible", FALSE,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                    NULL);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *hint = gtk_label_new (_("Touch the screen or press a key to stay."));
  GtkWidget *progress = gtk_progress_bar_new ();

  gtk_widget_add_css_class (banner, "kiosk-countdown");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "kiosk-countdown-title");
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_justify (GTK_LABEL (hint), GTK_JUSTIFY_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time left before starting over"),
                                  -1);
  gtk_box_append (GTK_BOX (banner), label);
  gtk_box_append (GTK_BOX (banner), hint);
  gtk_box_append (GTK_BOX (banner), progress);
  g_object_set_data (G_OBJECT (banner), "label", label);
  g_object_set_data (G_OBJECT (banner), "progress", progress);
  return banner;
}

static void
on_countdown (RdWindow *self,
              guint     seconds_left,
              guint     seconds_total)
{
  GtkWidget *banner = g_object_get_data (G_OBJECT (self), "rd-kiosk-countdown");
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  if (banner == NULL)
    return;
  if (seconds_left == 0)
    {
      gtk_widget_set_visible (banner, FALSE);
      return;
    }
  text = g_strdup_printf (ngettext ("Starting over for the next person in %u second",
                                    "Starting over for the next person in %u seconds",
                                    seconds_left),
                          seconds_left);
  gtk_label_set_text (g_object_get_data (G_OBJECT (banner), "label"), text);
  gtk_progress_bar_set_fraction (g_object_get_data (G_OBJECT (banner), "progress"),
                                 seconds_total > 0 ? (double) seconds_left / seconds_total : 0);
  if (gtk_widget_get_visible (banner))
    return;
  /* Named once, as it shows: a screen reader reads it then, not every second. */
  description = g_strdup_printf ("%s. %s", text, _("Touch the screen or press a key to stay."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  gtk_widget_set_visible (banner, TRUE);
}

/* A kiosk's window is locked as it is made, before it is ever shown; the
 * application's own ways out go when the window joins it. */
void
_rd_window_kiosk_init (RdWindow *self)
{
  RdKiosk *kiosk = rd_kiosk_get_default ();
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
  GtkWidget *bar;
  GtkWidget *banner;

  if (!rd_kiosk_is_active (kiosk))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.start-over", FALSE);
      return;
    }
  rd_kiosk_lock_window (kiosk, GTK_WINDOW (self));
  gtk_widget_set_visible (self->menu_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "helpdesk.open-report", FALSE);
  banner = countdown_banner_new ();
  gtk_box_insert_child_after (GTK_BOX (content), banner, GTK_WIDGET (self->header_bar));
  g_object_set_data (G_OBJECT (self), "rd-kiosk-countdown", banner);
  rd_kiosk_watch_idle (kiosk, GTK_WINDOW (self), (RdKioskIdleFunc) rd_window_reset,
                       (RdKioskCountdownFunc) on_countdown, self);
  /* Minimize would show what is behind the kiosk. */
  adw_header_bar_set_show_start_title_buttons (self->header_bar, FALSE);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
  /* Along the bottom of every page. */
  bar = rd_kiosk_helpdesk_bar_new (kiosk);
  if (bar != NULL)
    gtk_box_append (GTK_BOX (content), bar);
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
