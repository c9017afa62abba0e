/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-plan.h"

/**
 * rd_plan_pages:
 * @report: (nullable): the finished run
 *
 * Decides the pages shown after the checks, in order: the steps the
 * measurements make relevant (router, Remote Desktop Gateway, name or
 * address, firewall, security, transport), then always the result. The wizard's assistant turns the
 * names into the pages of those class ids, so adding a step is a case
 * here and a page class.
 *
 * Returns: (transfer full) (element-type utf8): static page names
 */
GPtrArray *
rd_plan_pages (const RdReport *report)
{
  /* The seed's order: the network at home first, then the Remote Desktop
   * Gateway the app goes through (if any), the name, the firewall, the
   * security handshake, and how the packets travel. */
  const struct
  {
    const char *page;
    RdArea      area;
  } steps[] = {
    { RD_PAGE_ROUTER, RD_AREA_HOME_NETWORK },
    { RD_PAGE_RDGATEWAY, RD_AREA_RDGATEWAY },
    { RD_PAGE_ADDRESS, RD_AREA_ADDRESS },
    { RD_PAGE_FIREWALL, RD_AREA_FIREWALL },
    { RD_PAGE_SECURITY, RD_AREA_SECURITY },
    { RD_PAGE_TRANSPORT, RD_AREA_TRANSPORT },
  };
  GPtrArray *pages = g_ptr_array_new ();

  /* A healthy host's causes are notes (a self-signed certificate is
   * normal): no step to walk through. */
  if (report != NULL && rd_report_get_verdict (report) != RD_VERDICT_HEALTHY)
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (rd_report_has_area (report, steps[i].area))
        g_ptr_array_add (pages, (gpointer) steps[i].page);

  g_ptr_array_add (pages, (gpointer) RD_PAGE_RESULT);
  return pages;
}
