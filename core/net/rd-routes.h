/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Pure parsers of the kernel's route tables (/proc/net/route,
 * /proc/net/ipv6_route) and of /etc/resolv.conf: text in, structs out, no
 * I/O. The text is not trusted: lines longer than RD_ROUTES_MAX_LINE are
 * skipped, at most RD_ROUTES_MAX_LINES lines are looked at, and at most
 * RD_ROUTES_MAX_ROUTES routes (RD_RESOLV_MAX_SERVERS servers) are kept.
 */

#define RD_ROUTES_MAX_LINE    512
#define RD_ROUTES_MAX_LINES   4096
#define RD_ROUTES_MAX_ROUTES  64
#define RD_RESOLV_MAX_SERVERS 16

typedef enum
{
  RD_ROUTE_IPV4,
  RD_ROUTE_IPV6,
} RdRouteFamily;

/**
 * RdRoute:
 * @family: IPv4 or IPv6
 * @interface: the interface the route leaves by
 * @gateway: (nullable): the next hop as text, %NULL for a route straight
 *   onto the link (point-to-point links, most VPNs)
 * @metric: lower is preferred
 *
 * A default route.
 */
typedef struct
{
  RdRouteFamily  family;
  char          *interface;
  char          *gateway;
  guint32        metric;
} RdRoute;

void        rd_route_free                  (RdRoute        *route);
const char *rd_route_family_to_string      (RdRouteFamily   family);

GPtrArray  *rd_routes_parse_ipv4_defaults  (const char     *text,
                                            gsize           length);
GPtrArray  *rd_routes_parse_ipv6_defaults  (const char     *text,
                                            gsize           length);
const RdRoute *rd_routes_pick_primary      (GPtrArray      *ipv4,
                                            GPtrArray      *ipv6);

GPtrArray  *rd_resolv_conf_parse_nameservers (const char   *text,
                                              gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRoute, rd_route_free)

G_END_DECLS
