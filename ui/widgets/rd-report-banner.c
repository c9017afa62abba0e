/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libadwaita 1.2 has no AdwBanner (1.3): a box styled as one. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-report-banner-private.h"

struct _RdReportBanner
{
  GtkBox     parent_instance;

  GtkLabel  *label;
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (RdReportBanner, rd_report_banner, GTK_TYPE_BOX)

static void
rd_report_banner_class_init (RdReportBannerClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "reportbanner");
}

static void
rd_report_banner_init (RdReportBanner *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");

  /* The button under the words: both stay readable at 360 px. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "report-banner");

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (row), icon);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "heading");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (self), row);

  self->button = gtk_button_new_with_mnemonic (_("Test Again From _Here"));
  gtk_widget_set_halign (self->button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->button,
                               _("Check the same computer from this one, and show both side by side"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "wizard.retest");
  gtk_widget_add_css_class (self->button, "suggested-action");
  gtk_widget_add_css_class (self->button, "pill");
  gtk_box_append (GTK_BOX (self), self->button);
}

/**
 * rd_report_banner_set_report:
 *
 * "Report 7K2M-QX9D of rdp.example.com:3389, made by PC-042 on 24 Nov 2026
 * at 14:03 — read-only": the code the caller reads out, the computer
 * checked, the one that checked it and when, in this computer's time zone.
 */
void
rd_report_banner_set_report (RdReportBanner *self,
                             RdReport       *report)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (rd_report_get_created (report));
  /* xgettext:no-c-format */
  g_autofree char *date = g_date_time_format (local, C_("report date", "%-d %b %Y"));
  /* xgettext:no-c-format */
  g_autofree char *time = g_date_time_format (local, C_("report time", "%H:%M"));
  g_autofree char *target = rd_target_to_string (rd_report_get_target (report));
  const char *computer = rd_report_get_origin_computer (report);
  g_autofree char *text = NULL;

  /* A report saved before it recorded the computer. */
  if (computer == NULL || *computer == '\0')
    /* Translators: stands for the computer's name in "made by %3$s" below */
    computer = _("an unknown computer");
  /* Translators: the report code (7K2M-QX9D), the computer checked
   * (host:port), the computer the checks ran on, a date and a time */
  text = g_strdup_printf (_("Report %1$s of %2$s, made by %3$s on %4$s at %5$s — read-only"),
                          rd_report_get_code (report), target, computer, date, time);
  gtk_label_set_text (self->label, text);
}

const char *
rd_report_banner_get_text (RdReportBanner *self)
{
  g_return_val_if_fail (RD_IS_REPORT_BANNER (self), NULL);
  return gtk_label_get_text (self->label);
}
