/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-plan.h"

/* The seed's order: the network at home first, then the name, the
 * firewall, the security handshake, and how the packets travel. */
const char * const rd_plan_router_causes[] = {
  "local-network-down", "gateway-unreachable", NULL,
};
const char * const rd_plan_address_causes[] = {
  "dns-resolution-failed", "dns-mismatch", "ipv6-path-broken", NULL,
};
const char * const rd_plan_firewall_causes[] = {
  "host-unreachable", "port-filtered", "port-refused", "listener-drops-connections", NULL,
};
const char * const rd_plan_security_causes[] = {
  "negotiation-*", "tls-*", "nla-failed", "clock-skew", NULL,
};
const char * const rd_plan_transport_causes[] = {
  "udp-blocked", "mtu-blackhole", "high-latency", "vpn-path", NULL,
};

static gboolean
matches (const char         *id,
         const char * const *ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gsize n = strlen (ids[i]);

      if (n > 0 && ids[i][n - 1] == '*' ? strncmp (id, ids[i], n - 1) == 0 : g_str_equal (id, ids[i]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
report_has (const RdReport     *report,
            const char * const *ids)
{
  GPtrArray *causes = rd_report_get_causes (report);

  for (guint i = 0; i < causes->len; i++)
    if (matches (((RdCause *) g_ptr_array_index (causes, i))->id, ids))
      return TRUE;
  return FALSE;
}

/**
 * rd_plan_pages:
 * @report: (nullable): the finished run
 *
 * Decides the pages shown after the checks, in order: the steps the
 * measurements make relevant (router, name or address, firewall, security,
 * transport), then always the result. The window turns the names into
 * pages, so adding a step is a case here and a page class.
 *
 * Returns: (transfer full) (element-type utf8): static page names
 */
GPtrArray *
rd_plan_pages (const RdReport *report)
{
  const struct
  {
    const char         *page;
    const char * const *causes;
  } steps[] = {
    { RD_PAGE_ROUTER, rd_plan_router_causes },
    { RD_PAGE_ADDRESS, rd_plan_address_causes },
    { RD_PAGE_FIREWALL, rd_plan_firewall_causes },
    { RD_PAGE_SECURITY, rd_plan_security_causes },
    { RD_PAGE_TRANSPORT, rd_plan_transport_causes },
  };
  GPtrArray *pages = g_ptr_array_new ();

  /* A healthy host's causes are notes (a self-signed certificate is
   * normal): no step to walk through. */
  if (report != NULL && rd_report_get_verdict (report) != RD_VERDICT_HEALTHY)
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (report_has (report, steps[i].causes))
        g_ptr_array_add (pages, (gpointer) steps[i].page);

  g_ptr_array_add (pages, (gpointer) RD_PAGE_RESULT);
  return pages;
}
