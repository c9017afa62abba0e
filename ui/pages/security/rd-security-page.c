/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-fixes.h"
#include "rd-plan.h"
#include "rd-security-page-private.h"
#include "rd-step-util.h"
#include "rd-ui.h"

struct _RdSecurityPage
{
  RdPage        parent_instance;

  GtkLabel     *heading_label;
  GtkLabel     *summary_label;
  GtkListBox   *demands_list;
  GtkLabel     *nla_label;
  GtkWidget    *cert_heading;
  GtkListBox   *cert_list;
  RdTimeline   *timeline;
  GtkWidget    *nla_box;
  RdProfileFix *profile_fix;
  GtkWidget    *admin_button;
  GtkBox       *remedies_box;
  GtkBox       *evidence_box;

};

G_DEFINE_FINAL_TYPE (RdSecurityPage, rd_security_page, RD_TYPE_PAGE)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *value,
         gboolean    bad)
{
  GtkWidget *row = adw_action_row_new ();

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
  RdFinding *negotiate = rd_report_lookup_finding (rd_page_get_report (RD_PAGE (self)), "negotiate");
  const char *selected, *failure;

  clear_list (self->demands_list);
  if (negotiate == NULL || rd_finding_get_string (negotiate, "outcome") == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->demands_list), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->demands_list), TRUE);

  selected = rd_finding_get_string (negotiate, "selected_protocol");
  failure = rd_finding_get_string (negotiate, "failure");
  if (selected != NULL)
    {
      g_autofree char *chosen = NULL;
      const char *words;

      if (strstr (selected, "HYBRID_EX") != NULL)
        words = _("Sign-in first, with an early user check (NLA)");
      else if (strstr (selected, "HYBRID") != NULL)
        words = _("Sign-in first (NLA)");
      else if (strstr (selected, "SSL") != NULL)
        words = _("Encryption (TLS), sign-in on the desktop");
      else
        words = _("Old Remote Desktop security");
      /* Translators: %1$s in words, %2$s the protocol's name, e.g. "HYBRID" */
      chosen = g_strdup_printf (_("%1$s — %2$s"), words, selected);
      add_row (self->demands_list, _("What it chose"), chosen, FALSE);
    }
  else if (failure != NULL)
    add_row (self->demands_list, _("It refused what we asked for"), failure, TRUE);
  else
    add_row (self->demands_list, _("It answered"), rd_finding_get_string (negotiate, "outcome"), TRUE);

  if (rd_finding_get_bool (negotiate, "nla_required", FALSE))
    add_row (self->demands_list, _("Network Level Authentication (NLA)"),
             _("Required: you sign in before the desktop appears"), FALSE);
  else if (selected != NULL && strstr (selected, "HYBRID") != NULL)
    add_row (self->demands_list, _("Network Level Authentication (NLA)"), _("Offered"), FALSE);
  else
    add_row (self->demands_list, _("Network Level Authentication (NLA)"), _("Not used"), FALSE);

  add_row (self->demands_list, _("Encryption (TLS) without NLA"),
           rd_finding_get_bool (negotiate, "tls_only_accepted", FALSE) ? _("Accepted") : _("Refused"),
           FALSE);
  if (rd_finding_get_bool (negotiate, "standard_rdp_accepted", FALSE))
    add_row (self->demands_list, _("Old Remote Desktop security (no TLS)"), _("Accepted: this is unsafe"), TRUE);
}

static char *
format_date (JsonObject *certificate,
             const char *member)
{
  gint64 unix_time = json_object_get_int_member_with_default (certificate, member, 0);
  g_autoptr(GDateTime) date = NULL;

  if (unix_time == 0)
    return g_strdup ("?");
  date = g_date_time_new_from_unix_local (unix_time);
  return date != NULL ? g_date_time_format (date, "%x") : g_strdup ("?");
}

static void
join_array (JsonObject *object,
            const char *member,
            GString    *out)
{
  JsonArray *array;

  if (!json_object_has_member (object, member))
    return;
  array = json_object_get_array_member (object, member);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, json_array_get_string_element (array, i));
    }
}

static void
fill_certificate (RdSecurityPage *self)
{
  JsonObject *tls = rd_step_evidence (rd_page_get_report (RD_PAGE (self)), "tls");
  JsonObject *certificate = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *from = NULL, *until = NULL, *validity = NULL, *key = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 not_before, not_after;
  const char *common_name;
  gboolean self_signed;

  clear_list (self->cert_list);
  if (tls != NULL && json_object_has_member (tls, "certificate"))
    certificate = json_object_get_object_member (tls, "certificate");
  gtk_widget_set_visible (GTK_WIDGET (self->cert_list), certificate != NULL);
  gtk_widget_set_visible (self->cert_heading, certificate != NULL);
  if (certificate == NULL)
    return;

  common_name = json_object_get_string_member_with_default (certificate, "common_name", "");
  add_row (self->cert_list, _("Made out to"), common_name, rd_report_has_cause (rd_page_get_report (RD_PAGE (self)), RD_CAUSE_TLS_CERT_NAME_MISMATCH));
  join_array (certificate, "san_dns", names);
  join_array (certificate, "san_ip", names);
  if (names->len > 0)
    add_row (self->cert_list, _("Also valid for"), names->str, FALSE);

  self_signed = json_object_get_boolean_member_with_default (certificate, "self_signed", FALSE);
  add_row (self->cert_list, _("Issued by"),
           self_signed ? _("Itself (self-signed; usual for Remote Desktop)")
                       : json_object_get_string_member_with_default (certificate, "issuer", ""),
           FALSE);

  from = format_date (certificate, "not_before_unix");
  until = format_date (certificate, "not_after_unix");
  not_before = json_object_get_int_member_with_default (certificate, "not_before_unix", 0);
  not_after = json_object_get_int_member_with_default (certificate, "not_after_unix", G_MAXINT64);
  if (now > not_after)
    /* Translators: %1$s and %2$s are dates */
    validity = g_strdup_printf (_("Expired: it was valid from %1$s to %2$s"), from, until);
  else if (now < not_before)
    validity = g_strdup_printf (_("Not valid yet: from %1$s to %2$s — check both clocks"), from, until);
  else
    validity = g_strdup_printf (_("Valid from %1$s to %2$s"), from, until);
  add_row (self->cert_list, _("Dates"), validity, now > not_after || now < not_before);

  key = g_strdup_printf ("%s %" G_GINT64_FORMAT " bits, %s",
                         json_object_get_string_member_with_default (certificate, "key_type", "?"),
                         json_object_get_int_member_with_default (certificate, "key_bits", 0),
                         json_object_get_string_member_with_default (certificate, "signature_algorithm", "?"));
  add_row (self->cert_list, _("Key"), key,
           rd_report_has_cause (rd_page_get_report (RD_PAGE (self)), RD_CAUSE_TLS_CERT_WEAK));
}

static void
rd_security_page_set_report (RdPage   *page,
                             RdReport *report)
{
  RdSecurityPage *self = RD_SECURITY_PAGE (page);
  GPtrArray *causes = rd_page_get_causes (page);
  const char *evidence[] = { "negotiate", "tls", "nla", "clock", NULL };
  RdNlaVerdict verdict = rd_report_get_nla_verdict (report);
  gboolean nla_off = FALSE;
  gboolean any_host = FALSE;
  const RdCause *cause;

  rd_page_set_admin_causes (page, report, causes);
  rd_step_clear (GTK_WIDGET (self->remedies_box));
  rd_timeline_set_report (self->timeline, report);
  rd_page_set_complete (page, TRUE);
  if (causes->len == 0)
    return;

  cause = g_ptr_array_index (causes, 0);
  gtk_label_set_text (self->heading_label, cause->title);
  gtk_label_set_text (self->summary_label, cause->explanation);
  fill_demands (self);
  fill_certificate (self);
  gtk_label_set_text (self->nla_label, rd_nla_verdict_describe (verdict));

  /* Offered only when the host was seen to take TLS without NLA. */
  nla_off = verdict == RD_NLA_ACCEPTS_TLS_ONLY &&
            (rd_fixes_suggest (report, NULL) & RD_WORKAROUND_TLS_NOT_NLA) != 0;
  gtk_widget_set_visible (self->nla_box, nla_off);
  /* The box says it in its own words, next to the button. */
  gtk_widget_set_visible (GTK_WIDGET (self->nla_label), verdict != RD_NLA_UNKNOWN && !nla_off);
  if (nla_off)
    rd_profile_fix_set_report (self->profile_fix, report, RD_WORKAROUND_TLS_NOT_NLA);

  for (guint c = 0; c < causes->len; c++)
    {
      const RdCause *each = g_ptr_array_index (causes, c);

      for (guint i = 0; i < each->remedies->len; i++)
        {
          const RdRemedy *remedy = g_ptr_array_index (each->remedies, i);

          if (remedy->side != RD_SIDE_HOST)
            continue;
          any_host = TRUE;
          gtk_box_append (self->remedies_box, rd_step_remedy_card (remedy));
        }
    }
  gtk_widget_set_visible (self->admin_button, any_host);
  /* One primary action: the fix here when there is one, else the message. */
  if (nla_off)
    gtk_widget_remove_css_class (self->admin_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->admin_button, "suggested-action");
  rd_step_fill_evidence (GTK_WIDGET (self->evidence_box), report, evidence);
}

static void
rd_security_page_class_init (RdSecurityPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  page_class->id = RD_PAGE_SECURITY;
  page_class->area = RD_AREA_SECURITY;

  g_type_ensure (RD_TYPE_TIMELINE);
  g_type_ensure (RD_TYPE_PROFILE_FIX);

  page_class->set_report = rd_security_page_set_report;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rdpdoctor/RdpDoctor/pages/security/rd-security-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, demands_list);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, nla_label);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, cert_heading);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, cert_list);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, nla_box);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, profile_fix);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, admin_button);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, remedies_box);
  gtk_widget_class_bind_template_child (widget_class, RdSecurityPage, evidence_box);

}

static void
rd_security_page_init (RdSecurityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_profile_fix_set_label (self->profile_fix, _("Turn NLA _off for this connection…"));
  rd_page_set_complete (RD_PAGE (self), TRUE);
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
