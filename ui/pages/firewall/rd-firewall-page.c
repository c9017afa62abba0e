/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-firewall-page.h"
#include "rd-plan.h"
#include "rd-step-util.h"
#include "rd-ui.h"

struct _RdFirewallPage
{
  RdPage      parent_instance;

  GtkLabel   *heading_label;
  GtkLabel   *summary_label;
  GtkListBox *ports_list;
  GtkWidget  *admin_button;
  GtkBox     *remedies_box;
  GtkBox     *evidence_box;

};

G_DEFINE_FINAL_TYPE (RdFirewallPage, rd_firewall_page, RD_TYPE_PAGE)

typedef enum
{
  PORT_OPEN,
  PORT_FILTERED,
  PORT_REFUSED,
  PORT_UNKNOWN,
} PortState;

static PortState
port_state (const char *state)
{
  if (g_strcmp0 (state, "open") == 0 || g_strcmp0 (state, "syn-ack") == 0)
    return PORT_OPEN;
  if (g_strcmp0 (state, "filtered") == 0 || g_strcmp0 (state, "silent") == 0 ||
      g_strcmp0 (state, "unreachable") == 0)
    return PORT_FILTERED;
  if (g_strcmp0 (state, "refused") == 0 || g_strcmp0 (state, "closed") == 0)
    return PORT_REFUSED;
  return PORT_UNKNOWN;
}

static const char *
service_name (const char *label)
{
  if (g_strcmp0 (label, "rdp") == 0)
    return _("Remote Desktop");
  if (g_strcmp0 (label, "rdp-websocket") == 0)
    return _("Remote Desktop (WebSocket)");
  if (g_strcmp0 (label, "rdp-websocket-tls") == 0)
    return _("Remote Desktop (secure WebSocket)");
  if (g_strcmp0 (label, "https") == 0)
    return _("Secure web (HTTPS)");
  if (g_strcmp0 (label, "http") == 0)
    return _("Web (HTTP)");
  if (g_strcmp0 (label, "smb") == 0)
    return _("File sharing (SMB)");
  if (g_strcmp0 (label, "ssh") == 0)
    return _("Remote terminal (SSH)");
  return label;
}

/* Never colour alone: a word and an icon say the same. */
static GtkWidget *
state_pill (PortState state)
{
  const char *word, *icon, *css;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *image;

  switch (state)
    {
    case PORT_OPEN:
      word = _("Open");
      icon = "emblem-ok-symbolic";
      css = "port-state-open";
      break;
    case PORT_FILTERED:
      word = _("Blocked");
      icon = "action-unavailable-symbolic";
      css = "port-state-filtered";
      break;
    case PORT_REFUSED:
      word = _("Closed");
      icon = "window-close-symbolic";
      css = "port-state-refused";
      break;
    case PORT_UNKNOWN:
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
  gtk_widget_add_css_class (box, "port-state");
  gtk_widget_add_css_class (box, css);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

static const char *
state_words (PortState state)
{
  switch (state)
    {
    case PORT_OPEN:
      return _("Answers: the door is open");
    case PORT_FILTERED:
      return _("No answer: a firewall drops it");
    case PORT_REFUSED:
      return _("The computer answers, but nothing listens here");
    case PORT_UNKNOWN:
    default:
      return _("Not tried");
    }
}

static void
add_port_row (RdFirewallPage *self,
              const char     *service,
              const char     *protocol,
              gint64          port,
              PortState       state,
              gboolean        explain)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;

  /* Translators: a port in the list, e.g. "Remote Desktop — TCP 3389" */
  title = g_strdup_printf (_("%s — %s %d"), service, protocol, (int) port);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  /* Words for the Remote Desktop ports; the pill says enough for the
   * others, which only tell whether the computer is there. */
  if (explain)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state_words (state));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_pill (state));
  gtk_list_box_append (self->ports_list, row);
}

static void
fill_ports (RdFirewallPage *self)
{
  JsonObject *ports = rd_step_evidence (rd_page_get_report (RD_PAGE (self)), "ports");
  JsonObject *udp = rd_step_evidence (rd_page_get_report (RD_PAGE (self)), "udp");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->ports_list))) != NULL)
    gtk_list_box_remove (self->ports_list, child);

  if (ports != NULL && json_object_has_member (ports, "ports"))
    {
      JsonArray *list = json_object_get_array_member (ports, "ports");

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *port = json_array_get_object_element (list, i);

          const char *label = json_object_get_string_member_with_default (port, "label", "");

          add_port_row (self, service_name (label),
                        "TCP", json_object_get_int_member_with_default (port, "port", 0),
                        port_state (json_object_get_string_member_with_default (port, "state", NULL)),
                        g_str_has_prefix (label, "rdp"));
          /* UDP right after the Remote Desktop port it pairs with. */
          if (i == 0 && udp != NULL && json_object_has_member (udp, "outcome"))
            add_port_row (self, _("Remote Desktop"), "UDP",
                          json_object_get_int_member_with_default (udp, "port", 3389),
                          port_state (json_object_get_string_member (udp, "outcome")), TRUE);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ports_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->ports_list)) != NULL);
}

/* One sentence, in plain words, of what the measurements say. */
static char *
summary (RdFirewallPage *self,
         const RdCause  *cause)
{
  RdTarget *target = rd_report_get_target (rd_page_get_report (RD_PAGE (self)));
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
  GPtrArray *causes = rd_page_get_causes (page);
  const char *evidence[] = { "tcp", "ports", "udp", NULL };
  const RdCause *cause;
  g_autofree char *text = NULL;
  gboolean any_host = FALSE;

  rd_page_set_admin_causes (page, report, causes);
  rd_step_clear (GTK_WIDGET (self->remedies_box));
  rd_page_set_complete (page, TRUE);
  if (causes->len == 0)
    return;

  cause = g_ptr_array_index (causes, 0);
  gtk_label_set_text (self->heading_label, cause->title);
  text = summary (self, cause);
  gtk_label_set_text (self->summary_label, text);
  fill_ports (self);

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
  rd_step_fill_evidence (GTK_WIDGET (self->evidence_box), report, evidence);
}

static void
rd_firewall_page_shown (RdPage *page)
{
  RdFirewallPage *self = RD_FIREWALL_PAGE (page);

  if (gtk_widget_get_visible (self->admin_button))
    gtk_widget_grab_focus (self->admin_button);
}

static void
rd_firewall_page_class_init (RdFirewallPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  page_class->id = RD_PAGE_FIREWALL;
  page_class->area = RD_AREA_FIREWALL;

  page_class->shown = rd_firewall_page_shown;
  page_class->set_report = rd_firewall_page_set_report;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rdpdoctor/RdpDoctor/pages/firewall/rd-firewall-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, ports_list);
  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, admin_button);
  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, remedies_box);
  gtk_widget_class_bind_template_child (widget_class, RdFirewallPage, evidence_box);

}

static void
rd_firewall_page_init (RdFirewallPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_page_set_complete (RD_PAGE (self), TRUE);
}
