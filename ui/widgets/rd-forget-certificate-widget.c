/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-forget-certificate.h"
#include "rd-forget-certificate-widget.h"

struct _RdForgetCertificateWidget
{
  GtkBox     parent_instance;

  GtkWidget *forget_button;
  GtkWidget *undo_button;
  GtkLabel  *status;
  char      *path;
  char      *host;
  guint16    port;
  char      *backup;
};

G_DEFINE_FINAL_TYPE (RdForgetCertificateWidget, rd_forget_certificate_widget, GTK_TYPE_BOX)

static void
set_status (RdForgetCertificateWidget *self,
            const char                *text)
{
  gtk_label_set_text (self->status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
}

static void
on_forget (RdForgetCertificateWidget *self)
{
  g_autoptr(GError) error = NULL;
  guint removed = 0;

  g_clear_pointer (&self->backup, g_free);
  if (!rd_forget_certificate (self->path, self->host, self->port, &self->backup, &removed, &error))
    {
      set_status (self, error->message);
      return;
    }
  if (removed == 0)
    {
      set_status (self, _("Your app no longer remembers a certificate of this computer."));
      gtk_widget_set_sensitive (self->forget_button, FALSE);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Forgotten. The old file is kept as “%s”. Your app will ask about the new certificate the next time it connects."),
                                             self->backup);
    set_status (self, text);
  }
  gtk_widget_set_visible (self->forget_button, FALSE);
  gtk_widget_set_visible (self->undo_button, TRUE);
}

static void
on_undo (RdForgetCertificateWidget *self)
{
  g_autoptr(GError) error = NULL;

  if (self->backup == NULL)
    return;
  if (!rd_forget_certificate_undo (self->path, self->backup, &error))
    {
      set_status (self, error->message);
      return;
    }
  set_status (self, _("Undone: your app remembers the old certificate again."));
  gtk_widget_set_visible (self->undo_button, FALSE);
  gtk_widget_set_visible (self->forget_button, TRUE);
}

GtkWidget *
rd_forget_certificate_widget_new (RdReport *report)
{
  RdForgetCertificateWidget *self;
  g_autofree char *path = NULL, *host = NULL;
  guint16 port = 0;

  if (!rd_forget_certificate_from_report (report, &path, &host, &port))
    return NULL;
  self = g_object_new (RD_TYPE_FORGET_CERTIFICATE, NULL);
  self->path = g_steal_pointer (&path);
  self->host = g_steal_pointer (&host);
  self->port = port;
  return GTK_WIDGET (self);
}

static void
rd_forget_certificate_widget_finalize (GObject *object)
{
  RdForgetCertificateWidget *self = RD_FORGET_CERTIFICATE (object);

  g_free (self->path);
  g_free (self->host);
  g_free (self->backup);
  G_OBJECT_CLASS (rd_forget_certificate_widget_parent_class)->finalize (object);
}

static void
rd_forget_certificate_widget_class_init (RdForgetCertificateWidgetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_forget_certificate_widget_finalize;
}

static void
rd_forget_certificate_widget_init (RdForgetCertificateWidget *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);

  self->forget_button = gtk_button_new_with_mnemonic (_("_Forget the Old Certificate"));
  gtk_widget_add_css_class (self->forget_button, "pill");
  g_signal_connect_swapped (self->forget_button, "clicked", G_CALLBACK (on_forget), self);
  self->undo_button = gtk_button_new_with_mnemonic (_("_Undo"));
  gtk_widget_add_css_class (self->undo_button, "pill");
  gtk_widget_set_visible (self->undo_button, FALSE);
  g_signal_connect_swapped (self->undo_button, "clicked", G_CALLBACK (on_undo), self);
  gtk_box_append (GTK_BOX (buttons), self->forget_button);
  gtk_box_append (GTK_BOX (buttons), self->undo_button);
  gtk_widget_set_halign (buttons, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self), buttons);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status));
}
