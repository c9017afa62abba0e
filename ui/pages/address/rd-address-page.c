/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-address-page-private.h"
#include "rd-admin-section.h"
#include "rd-fixes.h"
#include "rd-plan.h"
#include "rd-step-util.h"
#include "rd-ui.h"

struct _RdAddressPage
{
  RdPage        parent_instance;

  GtkListBox   *seen_list;
  GtkEditable  *address_row;
  GtkLabel     *address_error_label;
  RdProfileFix *profile_fix;  /* has the address typed, if valid */
};

G_DEFINE_FINAL_TYPE (RdAddressPage, rd_address_page, RD_TYPE_PAGE)

static void
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
}

static const char *
tcp_words (const RdAddressFacts *address)
{
  switch (address->state)
    {
    case RD_ADDRESS_CONNECTED:
      return _("Works");
    case RD_ADDRESS_REFUSED:
      return _("Refused");
    case RD_ADDRESS_FILTERED:
      return _("No answer");
    case RD_ADDRESS_UNREACHABLE:
      return _("Unreachable");
    case RD_ADDRESS_FAILED:
    default:
      return address->state_name;
    }
}

static void
fill_seen (RdAddressPage *self)
{
  const RdFacts *facts = rd_report_get_facts (rd_page_get_report (RD_PAGE (self)));
  const RdDnsFacts *dns = rd_facts_get_dns (facts);
  GPtrArray *tried = rd_facts_get_addresses (facts);
  g_autofree char *addresses = dns != NULL ? g_strjoinv (", ", dns->addresses) : NULL;
  g_autofree char *resolvers = dns != NULL ? g_strjoinv (", ", dns->resolvers) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->seen_list))) != NULL)
    gtk_list_box_remove (self->seen_list, child);

  if (dns != NULL)
    add_row (self->seen_list, _("Name"), dns->name);
  add_row (self->seen_list, _("Addresses it leads to"),
           addresses != NULL && *addresses != '\0' ? addresses : _("None found"));
  if (resolvers != NULL && *resolvers != '\0')
    add_row (self->seen_list, _("Asked (name servers)"), resolvers);

  for (guint i = 0; i < tried->len; i++)
    {
      const RdAddressFacts *address = g_ptr_array_index (tried, i);
      g_autofree char *title = NULL;

      /* Translators: a row per address tried, e.g. "Connection to 192.0.2.7" */
      title = g_strdup_printf (_("Connection to %s"), *address->address != '\0' ? address->address : "?");
      add_row (self->seen_list, title, tcp_words (address));
    }
}

static void
on_address_changed (RdAddressPage *self)
{
  const char *text = gtk_editable_get_text (self->address_row);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  gboolean valid = FALSE;

  if (*text != '\0')
    {
      target = rd_target_parse (text, &error);
      valid = target != NULL && rd_target_get_kind (target) != RD_TARGET_KIND_NAME &&
              !rd_target_get_port_explicit (target);
    }

  gtk_label_set_text (self->address_error_label,
                      error != NULL ? error->message
                                    : _("Type an IP address, such as 192.168.1.20, without a port."));
  gtk_widget_set_visible (GTK_WIDGET (self->address_error_label), *text != '\0' && !valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  rd_profile_fix_set_address (self->profile_fix, valid ? rd_target_get_host (target) : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_fix), valid);
}

static char *
summary (RdAddressPage *self,
         const RdCause *cause,
         const char    *address)
{
  const char *host = rd_target_get_display_host (rd_report_get_target (rd_page_get_report (RD_PAGE (self))));

  if (cause->id == RD_CAUSE_DNS_RESOLUTION_FAILED)
    /* Translators: %s is the computer's name */
    return g_strdup_printf (_("The name “%s” could not be turned into an address, so Remote Desktop cannot find the computer. Connect with its IP address instead."),
                            host);
  if (cause->id == RD_CAUSE_IPV6_PATH_BROKEN && address != NULL)
    /* Translators: %1$s is the name, %2$s the address that works */
    return g_strdup_printf (_("“%1$s” has a newer (IPv6) address that does not get through, but its address %2$s works. Connect with that address instead."),
                            host, address);
  if (cause->id == RD_CAUSE_DNS_MISMATCH)
    return g_strdup_printf (_("The name “%s” leads to different addresses depending on who is asked. Connect with the address that works instead."),
                            host);
  return g_strdup (cause->explanation);
}

static void
rd_address_page_set_report (RdPage   *page,
                            RdReport *report)
{
  RdAddressPage *self = RD_ADDRESS_PAGE (page);
  GPtrArray *causes = rd_page_get_causes (page);
  g_autofree char *suggested = NULL;
  const char *address;
  g_autofree char *text = NULL;

  rd_page_set_complete (page, TRUE);
  rd_profile_fix_set_report (self->profile_fix, report, RD_WORKAROUND_USE_ADDRESS);
  if (causes->len == 0)
    return;

  rd_fixes_suggest (report, &suggested);
  address = suggested != NULL ? suggested : rd_facts_get_working_address (rd_report_get_facts (report));
  text = summary (self, g_ptr_array_index (causes, 0), address);
  rd_page_set_heading (page, ((RdCause *) g_ptr_array_index (causes, 0))->title, text);
  fill_seen (self);
  gtk_editable_set_text (self->address_row, address != NULL ? address : "");
  on_address_changed (self);
}

static void
rd_address_page_class_init (RdAddressPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);
  static const char * const evidence[] = { "dns", "tcp", NULL };

  rd_page_class_set_step (page_class, RD_PAGE_ADDRESS, RD_AREA_ADDRESS, evidence);

  rd_page_class_bind_client_fixes (page_class, "you_box");
  rd_page_class_bind_admin_section (page_class, "admin_section");

  page_class->set_report = rd_address_page_set_report;

  gtk_widget_class_bind_template_child (widget_class, RdAddressPage, seen_list);
  gtk_widget_class_bind_template_child (widget_class, RdAddressPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, RdAddressPage, address_error_label);
  gtk_widget_class_bind_template_child (widget_class, RdAddressPage, profile_fix);
}

static void
rd_address_page_init (RdAddressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_profile_fix_set_label (self->profile_fix, _("_Use the IP address instead…"));
  g_signal_connect_object (self->address_row, "changed", G_CALLBACK (on_address_changed), self,
                           G_CONNECT_SWAPPED);
}

const char *
rd_address_page_get_address (RdAddressPage *self)
{
  g_return_val_if_fail (RD_IS_ADDRESS_PAGE (self), NULL);
  return rd_profile_fix_get_address (self->profile_fix);
}

void
rd_address_page_set_address (RdAddressPage *self,
                             const char    *address)
{
  g_return_if_fail (RD_IS_ADDRESS_PAGE (self));
  gtk_editable_set_text (self->address_row, address);
}

RdProfileFix *
rd_address_page_get_profile_fix (RdAddressPage *self)
{
  g_return_val_if_fail (RD_IS_ADDRESS_PAGE (self), NULL);
  return self->profile_fix;
}
