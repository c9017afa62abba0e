/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  RD_PING_UNAVAILABLE,
  RD_PING_SOCKET,     /* unprivileged ICMP socket (net.ipv4.ping_group_range) */
  RD_PING_RAW,        /* raw ICMP socket (CAP_NET_RAW) */
} RdPingMethod;

/*
 * ICMP echo, for the router and for path MTU probes. Opens what this process
 * may open: an unprivileged ping socket where the system allows it, a raw
 * socket with the privilege for one, nothing otherwise.
 */
typedef struct _RdPinger RdPinger;

RdPinger     *rd_pinger_new        (GSocketFamily  family);
void          rd_pinger_free       (RdPinger      *pinger);
RdPingMethod  rd_pinger_get_method (RdPinger      *pinger);
/* Sends one echo of @packet_size bytes in all (IP header included), with
 * "don't fragment" set when asked, and waits for its reply until @deadline.
 * Returns TRUE with the round trip when it came back; FALSE on silence, or
 * with *too_big set when this computer could not even send that size. */
gboolean      rd_pinger_ping       (RdPinger      *pinger,
                                    GInetAddress  *address,
                                    gsize          packet_size,
                                    gboolean       dont_fragment,
                                    gint64         deadline,
                                    GCancellable  *cancellable,
                                    gint64        *rtt_us,
                                    gboolean      *too_big);
const char   *rd_ping_method_to_string (RdPingMethod method);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdPinger, rd_pinger_free)

G_END_DECLS
