/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-admin-section.h"
#include "rd-fixes.h"
#include "rd-plan.h"
#include "rd-security-page-private.h"
#include "rd-step-util.h"
#include "rd-ui.h"

struct _RdSecurityPage
{
  RdPage           parent_instance;

  GtkListBox       *demands_list;
  GtkLabel         *nla_label;
  GtkWidget        *cert_heading;
  GtkListBox       *cert_list;
  RdTimeline       *timeline;
  GtkWidget        *nla_box;
  GtkLabel         *fix_intro;
  GtkLabel         *undo_label;
  RdProfileFix     *profile_fix;
};

G_DEFINE_FINAL_TYPE (RdSecurityPage, rd_security_page, RD_TYPE_PAGE)

static void
clear_list (GtkListBox *list)
{
  GtkWidget  *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *value,
         gboolean    bad)
{
  GtkWidget  *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  if (bad)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  gtk_list_box_append (list, row);
}

static void
fill_demands (RdSecurityPage *self)
{
  const RdFacts *facts = rd_report_get_facts (rd_page_get_report (RD_PAGE (self)));
  const RdNegotiationFacts *negotiation = rd_facts_get_negotiation (facts);

  clear_list (self->demands_list);
  gtk_widget_set_visible (GTK_WIDGET (self->demands_list), negotiation != NULL);
  if (negotiation == NULL)
    return;

  if (negotiation->security != RD_SECURITY_NONE)
    {
      g_autofree char *chosen = NULL;
      const char *words;

      switch (negotiation->security)
        {
        case RD_SECURITY_NLA_EX:
          words = _("Sign-in first, with an early user check (NLA)");
          break;
        case RD_SECURITY_NLA:
          words = _("Sign-in first (NLA)");
          break;
        case RD_SECURITY_TLS:
          words = _("Encryption (TLS), sign-in on the desktop");
          break;
        case RD_SECURITY_RDP:
        case RD_SECURITY_NONE:
        default:
          words = _("Old Remote Desktop security");
          break;
        }
      /* Translators: %1$s in words, %2$s the protocol's name, e.g. "HYBRID" */
      chosen = g_strdup_printf (_("%1$s — %2$s"), words, negotiation->selected_protocol);
      add_row (self->demands_list, _("What it chose"), chosen, FALSE);
    }
  else if (negotiation->failure != NULL)
    add_row (self->demands_list, _("It refused what we asked for"), negotiation->failure, TRUE);
  else
    add_row (self->demands_list, _("It answered"), rd_neg_outcome_to_string (negotiation->outcome), TRUE);

  if (negotiation->nla_required)
    add_row (self->demands_list, _("Network Level Authentication (NLA)"),
             _("Required: you sign in before the desktop appears"), FALSE);
  else if (negotiation->security == RD_SECURITY_NLA || negotiation->security == RD_SECURITY_NLA_EX)
    add_row (self->demands_list, _("Network Level Authentication (NLA)"), _("Offered"), FALSE);
  else
    add_row (self->demands_list, _("Network Level Authentication (NLA)"), _("Not used"), FALSE);

  add_row (self->demands_list, _("Encryption (TLS) without NLA"),
           negotiation->tls_only_accepted ? _("Accepted") : _("Refused"), FALSE);
  if (negotiation->standard_rdp_accepted)
    add_row (self->demands_list, _("Old Remote Desktop security (no TLS)"), _("Accepted: this is unsafe"), TRUE);
}

/* A date as this computer's calendar writes it. */
static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = date != NULL ? g_date_time_to_local (date) : NULL;

  return local != NULL ? g_date_time_format (local, "%x") : g_strdup ("?");
}

static void
fill_certificate (RdSecurityPage *self)
{
  const RdFacts *facts = rd_report_get_facts (rd_page_get_report (RD_PAGE (self)));
  const RdCertificateFacts *certificate = rd_facts_get_certificate (facts);
  g_autofree char *from = NULL, *until = NULL, *validity = NULL, *key = NULL;
  g_autofree char *dns_names = NULL, *ip_names = NULL;

  clear_list (self->cert_list);
  gtk_widget_set_visible (GTK_WIDGET (self->cert_list), certificate != NULL);
  gtk_widget_set_visible (self->cert_heading, certificate != NULL);
  if (certificate == NULL)
    return;

  add_row (self->cert_list, _("Made out to"), certificate->common_name, certificate->name_mismatch);
  dns_names = g_strjoinv (", ", certificate->san_dns);
  ip_names = g_strjoinv (", ", certificate->san_ip);
  if (*dns_names != '\0' || *ip_names != '\0')
    {
      g_autofree char *names = g_strjoin (*dns_names != '\0' && *ip_names != '\0' ? ", " : "",
                                          dns_names, ip_names, NULL);

      add_row (self->cert_list, _("Also valid for"), names, FALSE);
    }

  add_row (self->cert_list, _("Issued by"),
           certificate->self_signed ? _("Itself (self-signed; usual for Remote Desktop)") : certificate->issuer,
           FALSE);

  from = format_date (certificate->not_before);
  until = format_date (certificate->not_after);
  switch (certificate->validity)
    {
    case RD_CERT_EXPIRED:
      /* Translators: %1$s and %2$s are dates */
      validity = g_strdup_printf (_("Expired: it was valid from %1$s to %2$s"), from, until);
      break;
    case RD_CERT_NOT_YET_VALID:
      validity = g_strdup_printf (_("Not valid yet: from %1$s to %2$s — check both clocks"), from, until);
      break;
    case RD_CERT_VALID:
    default:
      validity = g_strdup_printf (_("Valid from %1$s to %2$s"), from, until);
      break;
    }
  add_row (self->cert_list, _("Dates"), validity, certificate->validity != RD_CERT_VALID);

  key = g_strdup_printf ("%s %u bits, %s",
                         certificate->key_type != NULL ? certificate->key_type : "?",
                         certificate->key_bits,
                         certificate->signature_algorithm != NULL ? certificate->signature_algorithm : "?");
  add_row (self->cert_list, _("Key"), key, certificate->weak);
}

static void
rd_security_page_set_report (RdPage   *page,
                             RdReport *report)
{
  RdSecurityPage  *self = RD_SECURITY_PAGE (page);
  GPtrArray  *causes = rd_page_get_causes (page);
  RdNlaVerdict verdict = rd_report_get_nla_verdict (report);
  RdWorkarounds suggested = rd_fixes_suggest (report, NULL);
  gboolean nla_off = FALSE, old_tls = FALSE, negotiate = FALSE;
  const RdCause *cause;

  rd_timeline_set_report (self->timeline, report);
  rd_page_set_complete (page, TRUE);
  if (causes->len == 0)
    return;

  cause = g_ptr_array_index (causes, 0);
  rd_page_set_heading (page, cause->title, cause->explanation);
  fill_demands (self);
  fill_certificate (self);
  gtk_label_set_text (self->nla_label, rd_nla_verdict_describe (verdict));

  /* Offered only when the host was seen to take TLS without NLA, or to
   * get through with old encryption allowed; one fix at a time. */
  nla_off = verdict == RD_NLA_ACCEPTS_TLS_ONLY && (suggested & RD_WORKAROUND_TLS_NOT_NLA) != 0;
  old_tls = !nla_off && (suggested & RD_WORKAROUND_TLS_LEGACY) != 0;
  negotiate = !nla_off && !old_tls && (suggested & RD_WORKAROUND_NEGOTIATE) != 0;
  gtk_widget_set_visible (self->nla_box, nla_off || old_tls || negotiate);
  /* The box says it in its own words, next to the button. */
  gtk_widget_set_visible (GTK_WIDGET (self->nla_label), verdict != RD_NLA_UNKNOWN && !nla_off);
  if (nla_off)
    {
      gtk_label_set_text (self->fix_intro, _("This computer accepts you without Network Level Authentication. You can turn it off for this one connection, as a test."));
      gtk_label_set_text (self->undo_label, _("This lowers security: your password is then asked for only after the connection is made, which lets attackers try passwords more easily. To undo it, use your old connection again: it is kept next to the new file."));
      rd_profile_fix_set_label (self->profile_fix, _("Turn NLA _off for this connection…"));
      rd_profile_fix_set_report (self->profile_fix, report, RD_WORKAROUND_TLS_NOT_NLA);
    }
  else if (old_tls)
    {
      gtk_label_set_text (self->fix_intro, _("Remmina and FreeRDP can allow the old encryption for this one connection, until the other computer is updated."));
      gtk_label_set_text (self->undo_label, _("This lowers security: the connection is then protected only by old encryption that an attacker on the way may be able to break. To undo it, use your old connection again: it is kept next to the new file."));
      rd_profile_fix_set_label (self->profile_fix, _("Allow old _encryption for this connection…"));
      rd_profile_fix_set_report (self->profile_fix, report, RD_WORKAROUND_TLS_LEGACY);
    }
  else if (negotiate)
    {
      gtk_label_set_text (self->fix_intro, _("Your saved connection is set to one kind of security, and this computer refuses it. Let your app choose the security with the computer, as apps do unless told otherwise."));
      gtk_label_set_text (self->undo_label, _("This does not lower security: the app takes the best both sides offer. To undo it, use Undo after applying, or the backup kept next to the file."));
      rd_profile_fix_set_label (self->profile_fix, _("Let your app _negotiate the security…"));
      rd_profile_fix_set_report (self->profile_fix, report, RD_WORKAROUND_NEGOTIATE);
    }

  /* One primary action: the fix here when there is one, else the message.
   * What the person can do in their own app ("turn NLA on") comes first. */
  rd_admin_section_set_primary (rd_page_get_admin_section (page),
                                !nla_off && !old_tls && !negotiate && !rd_page_get_has_client_fixes (page));
}

static void
rd_security_page_class_init (RdSecurityPageClass *klass)
{
  GtkWidgetClass  *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass  *page_class = RD_PAGE_CLASS (klass);
  static const char * const evidence[] = { "negotiate", "tls", "nla", "clock", NULL };

  rd_page_class_set_step (page_class, RD_PAGE_SECURITY, RD_AREA_SECURITY, evidence);
  rd_page_class_bind_admin_section (page_class, "admin_section");
  rd_page_class_bind_client_fixes (page_class, "you_box");

  page_class->set_report = rd_security_page_set_report;

  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, demands_list);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, nla_label);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, cert_heading);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, cert_list);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, nla_box);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, fix_intro);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, undo_label);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, profile_fix);
}

static void
rd_security_page_init (RdSecurityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_profile_fix_set_label (self->profile_fix, _("Turn NLA _off for this connection…"));
}

RdTimeline *
rd_security_page_get_timeline (RdSecurityPage *self)
{
  g_return_val_if_fail (RD_IS_SECURITY_PAGE (self), NULL);
  return self->timeline;
}

RdProfileFix *
rd_security_page_get_profile_fix (RdSecurityPage *self)
{
  g_return_val_if_fail (RD_IS_SECURITY_PAGE (self), NULL);
  return self->profile_fix;
}
