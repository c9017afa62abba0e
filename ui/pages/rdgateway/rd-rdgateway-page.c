/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-admin-section.h"
#include "rd-plan.h"
#include "rd-rdgateway-page.h"
#include "rd-step-util.h"
#include "rd-ui.h"

/*
 * The Remote Desktop Gateway the connection goes through: shown only when
 * the report names a cause of the gateway (the connection names one and
 * the gateway check found something wrong with it).
 */

struct _RdRdgatewayPage
{
  RdPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (RdRdgatewayPage, rd_rdgateway_page, RD_TYPE_PAGE)

/* One sentence, in plain words, of where the way through the gateway stops. */
static char *
summary (RdPage        *self,
         const RdCause *cause)
{
  RdTarget *target = rd_report_get_target (rd_page_get_report (self));
  const char *gateway = rd_target_get_rdgateway_display_host (target);
  guint port = rd_target_get_rdgateway_port (target);

  if (gateway == NULL)
    return g_strdup (cause->explanation);
  if (cause->id == RD_CAUSE_RDGATEWAY_RESOLUTION_FAILED)
    /* Translators: %s is the gateway's name */
    return g_strdup_printf (_("Your app goes through the Remote Desktop Gateway “%s”, and this computer cannot find that name. Check it in your app, or connect your organisation's VPN if the name is only known inside its network."),
                            gateway);
  if (cause->id == RD_CAUSE_RDGATEWAY_PORT_CLOSED)
    /* Translators: %1$s is the gateway's name, %2$u its port */
    return g_strdup_printf (_("Your app goes through the Remote Desktop Gateway “%1$s”, which does not accept connections on port %2$u: its service is stopped, a firewall blocks the port, or the port is wrong."),
                            gateway, port);
  return g_strdup (cause->explanation);
}

static void
rd_rdgateway_page_set_report (RdPage   *page,
                              RdReport *report)
{
  const RdCause *cause = rd_page_show_first_cause (page, summary);

  if (cause == NULL)
    return;
  /* Where the fix is the administrator's, their section comes first. */
  rd_admin_section_set_primary (rd_page_get_admin_section (page), cause->id != RD_CAUSE_RDGATEWAY_RESOLUTION_FAILED &&
                                                                  cause->id != RD_CAUSE_RDGATEWAY_CERT_NAME_MISMATCH &&
                                                                  cause->id != RD_CAUSE_RDGATEWAY_KERBEROS_ONLY);
}

static void
rd_rdgateway_page_class_init (RdRdgatewayPageClass *klass)
{
  RdPageClass *page_class = RD_PAGE_CLASS (klass);
  static const char * const evidence[] = { "rdgateway", NULL };

  rd_page_class_set_step (page_class, RD_PAGE_RDGATEWAY, RD_AREA_RDGATEWAY, evidence);
  rd_page_class_bind_admin_section (page_class, "admin_section");
  rd_page_class_bind_client_fixes (page_class, "you_box");

  page_class->set_report = rd_rdgateway_page_set_report;
}

static void
rd_rdgateway_page_init (RdRdgatewayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_admin_section_set_about_gateway (rd_page_get_admin_section (RD_PAGE (self)));
}
