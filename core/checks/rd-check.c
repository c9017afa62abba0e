/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-check-private.h"

/* In the order a person would check them; the runner starts every check whose
 * dependencies are done, so independent ones run at the same time. */
static const RdCheckInfo checks[] = {
  { "local", N_("Checking this computer's network"), { NULL }, rd_check_local },
  { "dns", N_("Finding the computer's address"), { NULL }, rd_check_dns },
  { "rdgateway", N_("Checking the Remote Desktop Gateway"), { NULL }, rd_check_rdgateway,
    rd_check_rdgateway_applies },
  { "tcp", N_("Reaching the Remote Desktop port"), { "dns", NULL }, rd_check_tcp },
  { "ports", N_("Checking the firewall ports"), { "dns", NULL }, rd_check_ports },
  { "negotiate", N_("Agreeing on security with the computer"), { "tcp", NULL }, rd_check_negotiate },
  { "udp", N_("Trying Remote Desktop over UDP"), { "dns", NULL }, rd_check_udp },
  { "tls", N_("Setting up the secure connection"), { "negotiate", NULL }, rd_check_tls },
  { "nla", N_("Starting Network Level Authentication"), { "negotiate", "tls", NULL }, rd_check_nla },
  { "clock", N_("Comparing the clocks"), { "nla", "tls", NULL }, rd_check_clock },
  { "mtu", N_("Checking the packet size on the way"), { "tcp", "negotiate", NULL }, rd_check_mtu },
  { "client", N_("Comparing what your Remote Desktop app remembers"), { "tls", NULL }, rd_check_client },
  { "latency", N_("Measuring the connection's speed"), { "tcp", "negotiate", "tls", "local", NULL }, rd_check_latency },
};

const RdCheckInfo *
rd_checks_get_all (guint *n_checks)
{
  *n_checks = G_N_ELEMENTS (checks);
  return checks;
}

const RdCheckInfo *
rd_checks_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_strcmp0 (checks[i].id, id) == 0)
      return &checks[i];
  return NULL;
}

/**
 * rd_check_applies:
 *
 * Returns: %TRUE if the check has something to measure for @target: the
 *   gateway check only runs for a connection through a gateway
 */
gboolean
rd_check_applies (const RdCheckInfo *info,
                  const RdTarget    *target)
{
  return info->applies == NULL || target == NULL || info->applies (target);
}

/**
 * rd_check_context_get_dep:
 *
 * Returns: (transfer none) (nullable): the finding of a check this one
 *   depends on.
 */
RdFinding *
rd_check_context_get_dep (RdCheckContext *ctx,
                          const char     *id)
{
  return ctx->deps != NULL ? g_hash_table_lookup (ctx->deps, id) : NULL;
}

/**
 * rd_check_why_not_measured:
 * @address: (out) (optional) (transfer full): the address that connected,
 *   when the check can run
 *
 * A computer the tcp check connected to was reached, whatever went wrong
 * after that; only a check that measures the secure connection depends on
 * the negotiation too.
 *
 * Returns: (nullable): why the check cannot run, or %NULL
 */
const char *
rd_check_why_not_measured (RdFinding     *tcp,
                           RdFinding     *negotiate,
                           gboolean       needs_tls,
                           GInetAddress **address)
{
  const char *text = tcp != NULL ? rd_finding_get_string (tcp, "connected_address") : NULL;
  const char *selected = negotiate != NULL ? rd_finding_get_string (negotiate, "selected_protocol") : NULL;
  g_autoptr(GInetAddress) inet = text != NULL ? g_inet_address_new_from_string (text) : NULL;

  if (inet == NULL)
    return _("Not measured: the computer could not be reached.");
  if (needs_tls && g_strcmp0 (selected, "RDP") == 0)
    return _("Not measured: the computer only offers the old Remote Desktop security, without TLS.");
  if (needs_tls && selected == NULL)
    return _("Not measured: the connection stopped before the encrypted part.");
  if (address != NULL)
    *address = g_steal_pointer (&inet);
  return NULL;
}
