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

typedef struct
{
  gboolean answered;
  gint64   rtt_us;     /* from the request that was answered; -1 when none */
  guint    n_sent;
  int      error;      /* errno of the last local failure (EHOSTUNREACH, EMSGSIZE...) */
  gboolean too_big;    /* this computer could not even send that size */
} RdPingResult;

RdPinger     *rd_pinger_new            (GSocketFamily  family);
void          rd_pinger_free           (RdPinger      *pinger);
RdPingMethod  rd_pinger_get_method     (RdPinger      *pinger);
/* errno of the failure to open any ICMP socket, 0 when one is open. */
int           rd_pinger_get_open_error (RdPinger      *pinger);

/* Sends up to @tries echo requests of @packet_size bytes in all (IP header
 * included), spread evenly until @deadline, with "don't fragment" set when
 * asked; the first reply from @address to any of them counts. @interface
 * scopes a link-local IPv6 address. */
gboolean      rd_pinger_ping           (RdPinger      *pinger,
                                        GInetAddress  *address,
                                        const char    *interface,
                                        gsize          packet_size,
                                        gboolean       dont_fragment,
                                        guint          tries,
                                        gint64         deadline,
                                        GCancellable  *cancellable,
                                        RdPingResult  *result);
const char   *rd_ping_method_to_string (RdPingMethod   method);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdPinger, rd_pinger_free)

G_END_DECLS
