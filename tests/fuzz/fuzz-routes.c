/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-routes.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_routes (GPtrArray *routes)
{
  g_assert (routes->len <= RD_ROUTES_MAX_ROUTES);
  for (guint i = 0; i < routes->len; i++)
    {
      const RdRoute *route = g_ptr_array_index (routes, i);

      g_assert (route->interface != NULL && strlen (route->interface) < 16);
      g_assert (i == 0 || ((const RdRoute *) g_ptr_array_index (routes, i - 1))->metric <= route->metric);
    }
}

/* The same bytes as each of the three files the parsers read. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  g_autoptr(GPtrArray) ipv4 = rd_routes_parse_ipv4_defaults (text, size);
  g_autoptr(GPtrArray) ipv6 = rd_routes_parse_ipv6_defaults (text, size);
  g_autoptr(GPtrArray) servers = rd_resolv_conf_parse_nameservers (text, size);
  const RdRoute *primary;

  check_routes (ipv4);
  check_routes (ipv6);
  g_assert (servers->len <= RD_RESOLV_MAX_SERVERS);

  primary = rd_routes_pick_primary (ipv4, ipv6);
  g_assert (primary == NULL || primary->gateway != NULL);

  return 0;
}
