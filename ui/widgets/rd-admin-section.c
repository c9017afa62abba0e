/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What only the other computer's administrator can do, as every step page
 * and the result show it: one button that copies it all for a message,
 * and the steps and commands themselves behind a disclosure, closed, so
 * that the page stays one screen for the person in front of it. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-admin-section.h"
#include "rd-kiosk.h"
#include "rd-step-util.h"

struct _RdAdminSection
{
  GtkBox       parent_instance;

  GtkWidget   *lead;
  GtkWidget   *copy_button;
  GtkExpander *expander;
  GtkBox      *cards;
};

G_DEFINE_FINAL_TYPE (RdAdminSection, rd_admin_section, GTK_TYPE_BOX)

static void
rd_admin_section_class_init (RdAdminSectionClass *klass)
{
}

static void
rd_admin_section_init (RdAdminSection *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->lead = rd_step_label (_("Only the person who looks after that computer can change it there. Send them what to do:"),
                              NULL);
  gtk_box_append (GTK_BOX (self), self->lead);
  self->copy_button = gtk_button_new_with_mnemonic (_("Copy for your _administrator"));
  gtk_widget_set_halign (self->copy_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->copy_button, "pill");
  gtk_widget_set_tooltip_text (self->copy_button,
                               _("Copy what the other computer’s administrator has to do, to paste in a message"));
  /* The page around it copies (RdPage's "page.copy-admin"). */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->copy_button), "page.copy-admin");
  gtk_box_append (GTK_BOX (self), self->copy_button);

  self->cards = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_top (GTK_WIDGET (self->cards), 12);
  self->expander = GTK_EXPANDER (gtk_expander_new (_("For the computer’s administrator")));
  gtk_expander_set_child (self->expander, GTK_WIDGET (self->cards));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->expander));
}

/**
 * rd_admin_section_set_causes:
 * @causes: (element-type RdCause)
 *
 * Shows the other computer's remedies of @causes, closed; the section
 * hides itself when there is none, and where nothing may be changed here
 * (allow-apply-fixes off: the helpdesk's contact instead).
 *
 * Returns: whether there was any
 */
gboolean
rd_admin_section_set_causes (RdAdminSection *self,
                             GPtrArray      *causes)
{
  gboolean any;

  g_return_val_if_fail (RD_IS_ADMIN_SECTION (self), FALSE);

  rd_step_clear (GTK_WIDGET (self->cards));
  any = rd_step_add_remedy_cards (self->cards, causes, RD_SIDE_HOST);
  gtk_expander_set_expanded (self->expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          any && rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()));
  /* Filled while its page was hidden: measure it anew. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return any;
}

/**
 * rd_admin_section_set_about_gateway:
 *
 * Speaks of the Remote Desktop Gateway's administrator instead of the
 * computer's: the gateway step's fixes are done on the gateway server.
 */
void
rd_admin_section_set_about_gateway (RdAdminSection *self)
{
  g_return_if_fail (RD_IS_ADMIN_SECTION (self));

  gtk_label_set_text (GTK_LABEL (self->lead),
                      _("Only the person who looks after the gateway can change it there. Send them what to do:"));
  gtk_expander_set_label (self->expander, _("For the gateway’s administrator"));
}

/**
 * rd_admin_section_set_primary:
 *
 * Whether copying for the administrator is the page's one primary action:
 * when the person can do nothing here themselves.
 */
void
rd_admin_section_set_primary (RdAdminSection *self,
                              gboolean        primary)
{
  g_return_if_fail (RD_IS_ADMIN_SECTION (self));

  if (primary)
    gtk_widget_add_css_class (self->copy_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->copy_button, "suggested-action");
}
