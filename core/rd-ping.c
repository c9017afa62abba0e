/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-net.h"
#include "rd-ping.h"

#define IPV4_HEADER 20
#define IPV6_HEADER 40
#define ICMP_HEADER 8
#define MAX_PACKET 65535

struct _RdPinger
{
  GSocketFamily family;
  RdPingMethod  method;
  int           fd;
  guint16       id;
  guint16       sequence;
};

const char *
rd_ping_method_to_string (RdPingMethod method)
{
  switch (method)
    {
    case RD_PING_SOCKET:
      return "icmp-ping-socket";
    case RD_PING_RAW:
      return "icmp-raw";
    case RD_PING_UNAVAILABLE:
    default:
      return "unavailable";
    }
}

RdPinger *
rd_pinger_new (GSocketFamily family)
{
  RdPinger *pinger = g_new0 (RdPinger, 1);
  int domain = family == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET;
  int protocol = family == G_SOCKET_FAMILY_IPV6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

  pinger->family = family;
  pinger->id = g_random_int_range (1, 0xffff);
  pinger->fd = socket (domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (pinger->fd >= 0)
    pinger->method = RD_PING_SOCKET;
  else if ((pinger->fd = socket (domain, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol)) >= 0)
    pinger->method = RD_PING_RAW;
  else
    pinger->method = RD_PING_UNAVAILABLE;
  return pinger;
}

void
rd_pinger_free (RdPinger *pinger)
{
  if (pinger == NULL)
    return;
  if (pinger->fd >= 0)
    close (pinger->fd);
  g_free (pinger);
}

RdPingMethod
rd_pinger_get_method (RdPinger *pinger)
{
  return pinger->method;
}

/* Is this datagram the reply to our echo? Raw IPv4 sockets hand us the IP
 * header too; ping sockets and IPv6 do not. */
static gboolean
is_our_reply (RdPinger     *pinger,
              const guint8 *data,
              gsize         length,
              guint16       sequence)
{
  gboolean v6 = pinger->family == G_SOCKET_FAMILY_IPV6;
  guint8 reply_type = v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY;

  if (!v6 && pinger->method == RD_PING_RAW)
    {
      gsize header;

      if (length < 1)
        return FALSE;
      header = (data[0] & 0x0f) * 4;
      if (header < IPV4_HEADER || length < header)
        return FALSE;
      data += header;
      length -= header;
    }
  if (length < ICMP_HEADER || data[0] != reply_type)
    return FALSE;
  /* Ping sockets rewrite the identifier to their own port; only raw sockets
   * see ours. */
  if (pinger->method == RD_PING_RAW && ((data[4] << 8) | data[5]) != pinger->id)
    return FALSE;
  return ((data[6] << 8) | data[7]) == sequence;
}

gboolean
rd_pinger_ping (RdPinger     *pinger,
                GInetAddress *address,
                gsize         packet_size,
                gboolean      dont_fragment,
                gint64        deadline,
                GCancellable *cancellable,
                gint64       *rtt_us,
                gboolean     *too_big)
{
  gboolean v6 = pinger->family == G_SOCKET_FAMILY_IPV6;
  gsize overhead = (v6 ? IPV6_HEADER : IPV4_HEADER) + ICMP_HEADER;
  g_autofree guint8 *packet = NULL;
  g_autofree guint8 *reply = g_malloc (MAX_PACKET);
  g_autoptr(GSocketAddress) socket_address = NULL;
  struct sockaddr_storage native;
  guint16 sequence;
  gsize length;
  gint64 sent_at;
  int pmtu;

  *too_big = FALSE;
  *rtt_us = 0;
  if (pinger->fd < 0 || packet_size < overhead || packet_size > MAX_PACKET ||
      g_inet_address_get_family (address) != pinger->family)
    return FALSE;

  socket_address = g_inet_socket_address_new (address, 0);
  if (!g_socket_address_to_native (socket_address, &native, sizeof native, NULL))
    return FALSE;

  if (v6)
    {
      pmtu = dont_fragment ? IPV6_PMTUDISC_PROBE : IPV6_PMTUDISC_DONT;
      setsockopt (pinger->fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu, sizeof pmtu);
    }
  else
    {
      pmtu = dont_fragment ? IP_PMTUDISC_PROBE : IP_PMTUDISC_DONT;
      setsockopt (pinger->fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof pmtu);
    }

  length = packet_size - (v6 ? IPV6_HEADER : IPV4_HEADER);
  packet = g_malloc0 (length);
  sequence = ++pinger->sequence;
  packet[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
  packet[4] = pinger->id >> 8;
  packet[5] = pinger->id & 0xff;
  packet[6] = sequence >> 8;
  packet[7] = sequence & 0xff;
  for (gsize i = ICMP_HEADER; i < length; i++)
    packet[i] = i & 0xff;
  if (!v6)
    {
      /* The kernel fills in the checksum for ping sockets, not for raw ones. */
      guint32 sum = 0;
      for (gsize i = 0; i + 1 < length; i += 2)
        sum += (packet[i] << 8) | packet[i + 1];
      if (length % 2)
        sum += packet[length - 1] << 8;
      while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
      sum = ~sum & 0xffff;
      packet[2] = sum >> 8;
      packet[3] = sum & 0xff;
    }

  sent_at = g_get_monotonic_time ();
  if (sendto (pinger->fd, packet, length, 0, (struct sockaddr *) &native,
              g_socket_address_get_native_size (socket_address)) < 0)
    {
      *too_big = errno == EMSGSIZE;
      return FALSE;
    }

  for (;;)
    {
      gssize n;

      if (!rd_net_wait (pinger->fd, POLLIN, deadline, cancellable, NULL))
        return FALSE;
      n = recv (pinger->fd, reply, MAX_PACKET, 0);
      if (n < 0)
        {
          if (errno == EAGAIN || errno == EINTR)
            continue;
          if (errno == EMSGSIZE)
            *too_big = TRUE;
          return FALSE;
        }
      if (is_our_reply (pinger, reply, n, sequence))
        {
          *rtt_us = g_get_monotonic_time () - sent_at;
          return TRUE;
        }
    }
}
