/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-admin-section.h"
#include "rd-kiosk.h"
#include "rd-mtu-fix.h"
#include "rd-plan.h"
#include "rd-profile-fix.h"
#include "rd-step-util.h"
#include "rd-transport-page.h"
#include "rd-ui.h"

struct _RdTransportPage
{
  RdPage        parent_instance;

  GtkBox       *causes_box;

  GCancellable *cancellable;
  gboolean      primary_taken;

  /* The MTU fix, when the report calls for it. */
  const char   *interface;  /* in the page's report, kept by RdPage */
  guint         mtu;
  guint         old_mtu;
  GtkWidget    *mtu_button;
  GtkWidget    *mtu_undo_button;
  GtkLabel     *mtu_status;
  GtkWidget    *mtu_commands;
};

G_DEFINE_FINAL_TYPE (RdTransportPage, rd_transport_page, RD_TYPE_PAGE)

/* One primary action per page: the first fix this computer can apply. */
static void
maybe_primary (RdTransportPage *self,
               GtkWidget       *button)
{
  gtk_widget_add_css_class (button, "pill");
  if (!self->primary_taken)
    gtk_widget_add_css_class (button, "suggested-action");
  self->primary_taken = TRUE;
}

static void
show_mtu_commands (RdTransportPage *self,
                   const char      *why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *commands = rd_mtu_fix_commands (self->interface, self->mtu, self->old_mtu, &error);

  gtk_label_set_text (self->mtu_status, why);
  gtk_widget_set_visible (GTK_WIDGET (self->mtu_status), TRUE);
  if (commands == NULL)
    return;
  rd_step_clear (self->mtu_commands);
  gtk_box_append (GTK_BOX (self->mtu_commands), rd_step_command ("sh", commands));
  gtk_widget_set_visible (self->mtu_commands, TRUE);
}

/* How applying or undoing the MTU fix ended: @done and whether it can be
 * undone now, or what failed. */
static void
show_mtu_outcome (RdTransportPage *self,
                  const GError    *error,
                  const char      *done,
                  gboolean         can_undo)
{
  if (error != NULL)
    {
      /* Not possible from here (no NetworkManager, say): the person can
       * still run the lines themselves. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_mtu_commands (self, error->message);
      return;
    }
  gtk_label_set_text (self->mtu_status, done);
  gtk_widget_set_visible (GTK_WIDGET (self->mtu_status), TRUE);
  gtk_widget_set_visible (self->mtu_undo_button, can_undo);
}

static void
on_mtu_applied (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdTransportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint old_mtu = 0;
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (self->mtu_button, TRUE);
  if (rd_mtu_fix_apply_finish (result, &old_mtu, &error))
    {
      self->old_mtu = old_mtu;
      /* Translators: %1$s is the network interface, %2$u and %3$u sizes in bytes */
      text = g_strdup_printf (_("Done: the packet size of %1$s is now %2$u bytes (it was %3$u). Test again to see if it helped."),
                              self->interface, self->mtu, old_mtu);
    }
  show_mtu_outcome (self, error, text, TRUE);
}

static void
mtu_apply_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RdTransportPage *self = RD_TRANSPORT_PAGE (widget);

  if (self->interface == NULL)
    return;
  gtk_widget_set_sensitive (self->mtu_button, FALSE);
  rd_mtu_fix_apply_async (self->interface, self->mtu, self->cancellable, on_mtu_applied, g_object_ref (self));
}

static void
on_mtu_undone (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RdTransportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  rd_mtu_fix_undo_finish (result, &error);
  show_mtu_outcome (self, error, _("Undone: the packet size is back as it was."), FALSE);
}

static void
mtu_undo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RdTransportPage *self = RD_TRANSPORT_PAGE (widget);

  rd_mtu_fix_undo_async (self->interface, self->old_mtu, self->cancellable, on_mtu_undone, g_object_ref (self));
}

/* A remedy's steps and commands, closed: "Do it by hand instead". */
static GtkWidget *
by_hand (const RdRemedy *remedy)
{
  GtkWidget *expander = gtk_expander_new (_("Do it by hand instead"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_widget_set_margin_top (box, 8);
  rd_step_add_remedy_lines (GTK_BOX (box), remedy);
  gtk_expander_set_child (GTK_EXPANDER (expander), box);
  return expander;
}

static GtkWidget *
mtu_fix (RdTransportPage *self,
         const RdRemedy  *remedy)
{
  const RdMtuFacts *mtu = rd_facts_get_mtu (rd_report_get_facts (rd_page_get_report (RD_PAGE (self))));
  GtkWidget *box;
  g_autofree char *label = NULL;
  const char *interface = mtu != NULL ? mtu->interface : NULL;

  /* Without a known interface, or where the administrator allows no
   * change, the app does not act: the remedy's lines. */
  if (interface == NULL || !rd_mtu_fix_check_interface (interface, NULL) ||
      !rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()))
    return rd_step_remedy_card (remedy);

  /* Made only now: a floating box returned by nobody is never freed. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  self->interface = interface;
  self->mtu = mtu->suggested_mtu;
  self->old_mtu = mtu->interface_mtu;

  gtk_box_append (GTK_BOX (box), rd_step_label (remedy->title, "heading"));

  /* Translators: %u is a size in bytes */
  label = g_strdup_printf (_("_Lower the packet size to %u"), self->mtu);
  self->mtu_button = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_halign (self->mtu_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->mtu_button), "transport.apply-mtu");
  gtk_widget_set_tooltip_text (self->mtu_button, _("Change this computer’s MTU through NetworkManager; it may ask for your password"));
  maybe_primary (self, self->mtu_button);
  /* A saved report: this computer's MTU is not the caller's. */
  gtk_widget_set_visible (self->mtu_button, !rd_page_get_read_only (RD_PAGE (self)));
  gtk_box_append (GTK_BOX (box), self->mtu_button);

  self->mtu_status = GTK_LABEL (rd_step_label (NULL, NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->mtu_status), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->mtu_status));

  self->mtu_undo_button = gtk_button_new_with_mnemonic (_("_Undo"));
  gtk_widget_set_halign (self->mtu_undo_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->mtu_undo_button, "pill");
  gtk_widget_set_tooltip_text (self->mtu_undo_button, _("Put the packet size back as it was"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->mtu_undo_button), "transport.undo-mtu");
  gtk_widget_set_visible (self->mtu_undo_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->mtu_undo_button);

  self->mtu_commands = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_visible (self->mtu_commands, FALSE);
  gtk_box_append (GTK_BOX (box), self->mtu_commands);
  /* Its steps speak of the command lines: with them, behind a disclosure. */
  gtk_box_append (GTK_BOX (box), by_hand (remedy));
  return box;
}

static GtkWidget *
profile_fix (RdTransportPage *self,
             const RdRemedy  *remedy)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  RdProfileFix *fix = g_object_new (RD_TYPE_PROFILE_FIX, NULL);

  gtk_box_append (GTK_BOX (box), rd_step_label (remedy->title, "heading"));
  rd_profile_fix_set_report (fix, rd_page_get_report (RD_PAGE (self)), RD_WORKAROUND_TCP_ONLY);
  rd_profile_fix_set_label (fix, _("Use TCP _only for this connection…"));
  rd_profile_fix_set_primary (fix, !self->primary_taken);
  self->primary_taken = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (fix), !rd_page_get_read_only (RD_PAGE (self)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fix));
  /* The app writes the profile itself; the steps for other apps and the
   * lines for Windows wait behind a disclosure; where nothing may be
   * changed here, the helpdesk makes the fix. */
  if (rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()))
    gtk_box_append (GTK_BOX (box), by_hand (remedy));
  return box;
}

static GtkWidget *
cause_card (RdTransportPage *self,
            const RdCause   *cause)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = rd_step_heading (cause->title, "title-4", 2);

  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), rd_step_label (cause->explanation, NULL));

  for (guint i = 0; i < cause->remedies->len; i++)
    {
      const RdRemedy *remedy = g_ptr_array_index (cause->remedies, i);

      /* The administrator's part is theirs, below. */
      if (remedy->side == RD_SIDE_HOST && remedy->action == NULL)
        continue;
      if (g_strcmp0 (remedy->action, "mtu") == 0)
        gtk_box_append (GTK_BOX (card), mtu_fix (self, remedy));
      else if (g_strcmp0 (remedy->action, "profile") == 0)
        gtk_box_append (GTK_BOX (card), profile_fix (self, remedy));
      else
        gtk_box_append (GTK_BOX (card), rd_step_remedy_card (remedy));
    }
  return card;
}

static void
rd_transport_page_set_report (RdPage   *page,
                              RdReport *report)
{
  RdTransportPage *self = RD_TRANSPORT_PAGE (page);
  GPtrArray *causes = rd_page_get_causes (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->primary_taken = FALSE;
  self->interface = NULL;
  rd_step_clear (GTK_WIDGET (self->causes_box));
  rd_page_set_complete (page, TRUE);
  if (causes->len == 0)
    return;

  /* Each cause has its own card and title below. A slow computer alone is
   * no trouble on the way. */
  if (causes->len == 1 && ((const RdCause *) g_ptr_array_index (causes, 0))->id == RD_CAUSE_SERVER_SLOW)
    rd_page_set_heading (page, _("The way there is quick, the computer is slow"),
                         _("Nothing is lost on the way: the delay is at the computer you connect to."));
  else
    rd_page_set_heading (page, _("Part of the traffic gets lost or delayed on the way"),
                         causes->len > 1 ? _("The computer answers, but not everything you send gets there in time. Try these one at a time, then test again.")
                                         : _("The computer answers, but not everything you send gets there in time. This helps:"));
  for (guint i = 0; i < causes->len; i++)
    gtk_box_append (self->causes_box, cause_card (self, g_ptr_array_index (causes, i)));
  rd_admin_section_set_primary (rd_page_get_admin_section (page), !self->primary_taken);
}

static void
rd_transport_page_dispose (GObject *object)
{
  RdTransportPage *self = RD_TRANSPORT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_transport_page_parent_class)->dispose (object);
}

static void
rd_transport_page_class_init (RdTransportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);
  static const char * const evidence[] = { "udp", "mtu", "latency", "local", NULL };

  rd_page_class_set_step (page_class, RD_PAGE_TRANSPORT, RD_AREA_TRANSPORT, evidence);
  rd_page_class_bind_admin_section (page_class, "admin_section");

  object_class->dispose = rd_transport_page_dispose;
  page_class->set_report = rd_transport_page_set_report;

  gtk_widget_class_bind_template_child (widget_class, RdTransportPage, causes_box);

  gtk_widget_class_install_action (widget_class, "transport.apply-mtu", NULL, mtu_apply_action);
  gtk_widget_class_install_action (widget_class, "transport.undo-mtu", NULL, mtu_undo_action);
}

static void
rd_transport_page_init (RdTransportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
