/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-connect-button.h"
#include "rd-fixes.h"
#include "rd-kiosk.h"
#include "rd-launch.h"

struct _RdConnectButton
{
  GtkBox        parent_instance;

  GtkWidget    *button;
  GtkLabel     *status;
  GCancellable *cancellable;   /* the app's wait; cancelled on dispose */
  RdLaunchApp   app;
  GStrv         argv;
};

G_DEFINE_FINAL_TYPE (RdConnectButton, rd_connect_button, GTK_TYPE_BOX)

static void
set_status (RdConnectButton *self,
            const char      *text)
{
  gtk_label_set_text (self->status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
}

static void
on_app_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  RdConnectButton *self;
  g_autofree char *text = NULL;

  /* Cancelled: the window is closing; the app itself goes on. */
  if (!g_subprocess_wait_finish (process, result, &error))
    return;
  self = RD_CONNECT_BUTTON (user_data);
  text = rd_launch_describe_exit (self->app, g_subprocess_get_status (process));
  set_status (self, text);
  gtk_widget_set_sensitive (self->button, TRUE);
}

static void
on_clicked (RdConnectButton *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  if (self->argv == NULL)
    return;
  /* An argument vector, never a shell; no credentials: the app asks. */
  process = g_subprocess_newv ((const char * const *) self->argv, G_SUBPROCESS_FLAGS_STDIN_INHERIT, &error);
  if (process == NULL)
    {
      set_status (self, error->message);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("%s is open. When it closes, this says how it ended."),
                                             rd_launch_app_name (self->app));
    set_status (self, text);
  }
  gtk_widget_set_sensitive (self->button, FALSE);
  g_subprocess_wait_async (process, self->cancellable, on_app_exited, self);
}

/**
 * rd_connect_button_set_report:
 * @read_only: a saved report (maybe of another computer): nothing to open
 */
void
rd_connect_button_set_report (RdConnectButton *self,
                              RdReport        *report,
                              gboolean         read_only)
{
  RdTarget *target = rd_report_get_target (report);
  const char *profile = rd_target_get_source_file (target);
  g_autofree char *program = NULL;
  g_autofree char *address = NULL;
  const char *missing = NULL;
  RdWorkarounds workarounds = rd_fixes_suggest (report, &address);
  gboolean found;

  g_return_if_fail (RD_IS_CONNECT_BUTTON (self));

  g_clear_pointer (&self->argv, g_strfreev);
  set_status (self, NULL);
  gtk_widget_set_sensitive (self->button, TRUE);
  if (read_only || !rd_kiosk_allows_other_apps (rd_kiosk_get_default ()))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  /* The page's one primary action when nothing is left to fix. */
  if (rd_report_get_main_cause (report) == NULL)
    gtk_widget_add_css_class (self->button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->button, "suggested-action");

  found = rd_launch_choose (profile, rd_target_get_app (target), &self->app, &program, &missing);
  gtk_widget_set_visible (self->button, found);
  if (!found)
    {
      g_autofree char *text = missing != NULL
        ? g_strdup_printf (_("%s is not installed, so the connection cannot be opened from here."), missing)
        : g_strdup (_("No Remote Desktop app is installed: install Remmina, Connections or FreeRDP to connect."));

      set_status (self, text);
      return;
    }

  {
    RdLaunchSettings settings = {
      .app = self->app,
      .program = program,
      .profile = profile != NULL && g_str_has_suffix (profile, ".remmina") ? profile : NULL,
      .host = (workarounds & RD_WORKAROUND_USE_ADDRESS) && address != NULL ? address : rd_target_get_host (target),
      .port = rd_target_get_port (target),
      .workarounds = workarounds,
    };
    g_autofree char *tooltip = NULL;

    self->argv = rd_launch_build_argv (&settings);
    gtk_widget_set_visible (self->button, self->argv != NULL);
    tooltip = g_strdup_printf (_("Open the connection in %s"), rd_launch_app_name (self->app));
    gtk_widget_set_tooltip_text (self->button, tooltip);
  }
}

static void
rd_connect_button_dispose (GObject *object)
{
  RdConnectButton *self = RD_CONNECT_BUTTON (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->argv, g_strfreev);
  G_OBJECT_CLASS (rd_connect_button_parent_class)->dispose (object);
}

static void
rd_connect_button_class_init (RdConnectButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_connect_button_dispose;
}

static void
rd_connect_button_init (RdConnectButton *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  self->cancellable = g_cancellable_new ();
  self->button = gtk_button_new_with_mnemonic (_("_Connect Now"));
  gtk_widget_add_css_class (self->button, "pill");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_clicked), self);
  gtk_box_append (GTK_BOX (self), self->button);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_justify (self->status, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status));
}
