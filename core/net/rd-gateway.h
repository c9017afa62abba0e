/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-routes.h"

G_BEGIN_DECLS

/*
 * This machine's default routes and whether its router answers. Blocking,
 * for worker threads; every wait is bounded and stops on the cancellable.
 */

typedef enum
{
  RD_GATEWAY_METHOD_NONE,
  RD_GATEWAY_METHOD_ICMP_PING_SOCKET,   /* SOCK_DGRAM ICMP, net.ipv4.ping_group_range */
  RD_GATEWAY_METHOD_ICMP_RAW,           /* SOCK_RAW, needs CAP_NET_RAW */
  RD_GATEWAY_METHOD_TCP,                /* connect to 53, 80, 443: connected or refused */
} RdGatewayMethod;

typedef struct
{
  gboolean         answered;
  RdGatewayMethod  method;       /* the one that got the answer, else the last one tried */
  RdGatewayMethod  echo_method;  /* the ICMP socket used, NONE when there was none */
  gint64           rtt_us;       /* -1 when not measured */
  guint            n_sent;       /* echo requests sent */
  int              error;        /* errno of the last local failure, 0 if none */
} RdGatewayResult;

gboolean    rd_gateway_read_default_routes (GPtrArray       **ipv4,
                                            GPtrArray       **ipv6,
                                            GError          **error);

gboolean    rd_gateway_probe               (const char       *gateway,
                                            const char       *interface,
                                            guint             echo_budget_ms,
                                            guint             tcp_budget_ms,
                                            GCancellable     *cancellable,
                                            RdGatewayResult  *result);

const char *rd_gateway_method_to_string    (RdGatewayMethod   method);

char       *rd_read_small_file             (const char       *path,
                                            gsize             max_size,
                                            gsize            *length,
                                            GError          **error);

G_END_DECLS
