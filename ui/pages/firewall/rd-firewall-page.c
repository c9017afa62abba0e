/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-admin-section.h"
#include "rd-firewall-page.h"
#include "rd-plan.h"
#include "rd-step-util.h"
#include "rd-ui.h"

struct _RdFirewallPage
{
  RdPage          parent_instance;

  GtkListBox     *ports_list;
};

G_DEFINE_FINAL_TYPE (RdFirewallPage, rd_firewall_page, RD_TYPE_PAGE)

/* Never colour alone: a word and an icon say the same. */
static GtkWidget *
state_pill (RdPortState state)
{
  const char *word, *icon, *css;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *image;

  switch (state)
    {
    case RD_PORT_OPEN:
      word = _("Open");
      icon = "emblem-ok-symbolic";
      css = "port-state-open";
      break;
    case RD_PORT_FILTERED:
      word = _("Blocked");
      icon = "action-unavailable-symbolic";
      css = "port-state-filtered";
      break;
    case RD_PORT_REFUSED:
      word = _("Closed");
      icon = "window-close-symbolic";
      css = "port-state-refused";
      break;
    case RD_PORT_UNKNOWN:
    default:
      word = _("Not tried");
      icon = "dialog-question-symbolic";
      css = "port-state-unknown";
      break;
    }
  /* The word next to it is what a screen reader says. */
  image = g_object_new (GTK_TYPE_IMAGE,
                        "icon-name", icon,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                        NULL);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), gtk_label_new (word));
  /* The word, for the row's accessible name. */
  gtk_widget_set_name (box, word);
  gtk_widget_add_css_class (box, "port-state");
  gtk_widget_add_css_class (box, css);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

static const char *
state_words (RdPortState state)
{
  switch (state)
    {
    case RD_PORT_OPEN:
      return _("Answers: the door is open");
    case RD_PORT_FILTERED:
      return _("No answer: a firewall drops it");
    case RD_PORT_REFUSED:
      return _("The computer answers, but nothing listens here");
    case RD_PORT_UNKNOWN:
    default:
      return _("Not tried");
    }
}

static void
add_port_row (RdFirewallPage    *self,
              const RdPortFacts *port)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  /* Translators: a port in the list, e.g. "Remote Desktop — TCP 3389" */
  title = g_strdup_printf (_("%s — %s %d"), port->service_name,
                           port->transport == RD_TRANSPORT_UDP ? "UDP" : "TCP", port->port);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  /* Words for the Remote Desktop ports; the pill says enough for the
   * others, which only tell whether the computer is there. */
  if (port->remote_desktop)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state_words (port->state));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  pill = state_pill (port->state);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
  /* A screen reader hears the state with the port, as the eye sees it. */
  /* Translators: a port's accessible name, e.g. "Remote Desktop — TCP 3389: Closed" */
  name = g_strdup_printf (_("%s: %s"), title, gtk_widget_get_name (pill));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_list_box_append (self->ports_list, row);
}

static void
fill_ports (RdFirewallPage *self)
{
  GPtrArray *ports = rd_facts_get_ports (rd_report_get_facts (rd_page_get_report (RD_PAGE (self))));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->ports_list))) != NULL)
    gtk_list_box_remove (self->ports_list, child);

  for (guint i = 0; i < ports->len; i++)
    add_port_row (self, g_ptr_array_index (ports, i));
  gtk_widget_set_visible (GTK_WIDGET (self->ports_list), ports->len > 0);
}

/* One sentence, in plain words, of what the measurements say. */
static char *
summary (RdPage        *self,
         const RdCause *cause)
{
  RdTarget *target = rd_report_get_target (rd_page_get_report (self));
  const char *host = rd_target_get_display_host (target);
  guint port = rd_target_get_port (target);

  if (cause->id == RD_CAUSE_PORT_REFUSED)
    /* Translators: %1$s is the computer, %2$u the port */
    return g_strdup_printf (_("%1$s answers, but nothing accepts Remote Desktop connections on port %2$u: Remote Desktop is off there, or listens on another port."),
                            host, port);
  if (cause->id == RD_CAUSE_PORT_FILTERED)
    return g_strdup_printf (_("%1$s is there, but something — usually a firewall — silently drops connections to port %2$u."),
                            host, port);
  if (cause->id == RD_CAUSE_HOST_UNREACHABLE)
    /* Translators: %s is the computer */
    return g_strdup_printf (_("%s does not answer at all: it is off or asleep, the address is wrong, or a firewall blocks everything."),
                            host);
  if (cause->id == RD_CAUSE_LISTENER_DROPS_CONNECTIONS)
    return g_strdup_printf (_("%1$s accepts a connection on port %2$u, then closes it at once: Remote Desktop there is overloaded or refuses new connections."),
                            host, port);
  return g_strdup (cause->explanation);
}

static void
rd_firewall_page_set_report (RdPage   *page,
                             RdReport *report)
{
  RdFirewallPage *self = RD_FIREWALL_PAGE (page);

  if (rd_page_show_first_cause (page, summary) == NULL)
    return;

  fill_ports (self);
  rd_admin_section_set_primary (rd_page_get_admin_section (page), TRUE);
}

static void
rd_firewall_page_shown (RdPage *page)
{
  GtkWidget *admin_section = GTK_WIDGET (rd_page_get_admin_section (page));

  if (gtk_widget_get_visible (admin_section))
    gtk_widget_child_focus (admin_section, GTK_DIR_TAB_FORWARD);
}

static void
rd_firewall_page_class_init (RdFirewallPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);
  static const char * const evidence[] = { "tcp", "ports", "udp", NULL };

  rd_page_class_set_step (page_class, RD_PAGE_FIREWALL, RD_AREA_FIREWALL, evidence);
  rd_page_class_bind_admin_section (page_class, "admin_section");
  rd_page_class_bind_client_fixes (page_class, "you_box");

  page_class->shown = rd_firewall_page_shown;
  page_class->set_report = rd_firewall_page_set_report;

  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, ports_list);
}

static void
rd_firewall_page_init (RdFirewallPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
