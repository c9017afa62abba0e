/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-ping.h"

#define IPV4_HEADER 20
#define IPV6_HEADER 40
#define ICMP_HEADER 8
#define COOKIE      16
#define MAX_TRIES   8
#define MAX_PACKET  65535

#define ICMP4_ECHO_REQUEST 8
#define ICMP4_ECHO_REPLY   0
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY   129

struct _RdPinger
{
  GSocketFamily family;
  RdPingMethod  method;
  int           fd;
  int           open_error;
  guint16       id;
  guint16       sequence;
  guint8        cookie[COOKIE];
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
  gboolean v6 = family == G_SOCKET_FAMILY_IPV6;
  int domain = v6 ? AF_INET6 : AF_INET;
  int protocol = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

  pinger->family = v6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
  pinger->id = (guint16) g_random_int ();
  pinger->sequence = (guint16) g_random_int ();
  for (guint i = 0; i < COOKIE; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (pinger->cookie + i, &r, 4);
    }

  pinger->fd = socket (domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (pinger->fd >= 0)
    pinger->method = RD_PING_SOCKET;
  else if ((pinger->fd = socket (domain, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol)) >= 0)
    pinger->method = RD_PING_RAW;
  else
    {
      pinger->method = RD_PING_UNAVAILABLE;
      pinger->open_error = errno;
    }
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

int
rd_pinger_get_open_error (RdPinger *pinger)
{
  return pinger->open_error;
}

static guint16
internet_checksum (const guint8 *data,
                   gsize         length)
{
  guint32 sum = 0;

  for (gsize i = 0; i + 1 < length; i += 2)
    sum += (guint32) (data[i] << 8 | data[i + 1]);
  if (length % 2 != 0)
    sum += (guint32) data[length - 1] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

static gboolean
same_source (RdPinger                      *pinger,
             const struct sockaddr_storage *from,
             const struct sockaddr_storage *to)
{
  if (pinger->family == G_SOCKET_FAMILY_IPV6)
    return from->ss_family == AF_INET6 &&
           memcmp (&((const struct sockaddr_in6 *) from)->sin6_addr,
                   &((const struct sockaddr_in6 *) to)->sin6_addr, 16) == 0;
  return from->ss_family == AF_INET &&
         ((const struct sockaddr_in *) from)->sin_addr.s_addr == ((const struct sockaddr_in *) to)->sin_addr.s_addr;
}

/* Reads whatever is queued; returns the sequence offset (try) that was
 * answered, or -1. */
static int
receive_replies (RdPinger                      *pinger,
                 const struct sockaddr_storage *to,
                 guint16                        first_sequence,
                 guint                          n_tries,
                 const gint64                  *sent_at,
                 guint8                        *buffer,
                 RdPingResult                  *result)
{
  gboolean v6 = pinger->family == G_SOCKET_FAMILY_IPV6;

  for (;;)
    {
      struct sockaddr_storage from;
      socklen_t from_length = sizeof from;
      const guint8 *icmp = buffer;
      gssize n = recvfrom (pinger->fd, buffer, MAX_PACKET, MSG_DONTWAIT, (struct sockaddr *) &from, &from_length);
      gsize length;
      guint16 offset;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* An ICMP error queued on a ping socket (host unreachable when ARP
           * gets no answer, fragmentation needed) shows up here. */
          if (errno != EAGAIN && errno != EWOULDBLOCK)
            {
              result->error = errno;
              result->too_big |= errno == EMSGSIZE;
            }
          return -1;
        }
      length = (gsize) n;

      /* Raw IPv4 sockets hand us the IP header too. */
      if (pinger->method == RD_PING_RAW && !v6)
        {
          gsize header;

          if (length < IPV4_HEADER || (buffer[0] >> 4) != 4)
            continue;
          header = (gsize) (buffer[0] & 0x0f) * 4;
          if (header < IPV4_HEADER || length < header)
            continue;
          icmp = buffer + header;
          length -= header;
        }

      if (length < ICMP_HEADER + COOKIE || !same_source (pinger, &from, to))
        continue;
      if (icmp[0] != (v6 ? ICMP6_ECHO_REPLY : ICMP4_ECHO_REPLY) || icmp[1] != 0)
        continue;
      /* Ping sockets rewrite the identifier to their own; only raw sockets
       * see ours. */
      if (pinger->method == RD_PING_RAW && (guint16) (icmp[4] << 8 | icmp[5]) != pinger->id)
        continue;
      if (memcmp (icmp + ICMP_HEADER, pinger->cookie, COOKIE) != 0)
        continue;

      offset = (guint16) ((guint16) (icmp[6] << 8 | icmp[7]) - first_sequence);
      if (offset < n_tries && sent_at[offset] != 0)
        return offset;
    }
}

/**
 * rd_pinger_ping:
 *
 * Returns: whether a reply came back before @deadline.
 */
gboolean
rd_pinger_ping (RdPinger     *pinger,
                GInetAddress *address,
                const char   *interface,
                gsize         packet_size,
                gboolean      dont_fragment,
                guint         tries,
                gint64        deadline,
                GCancellable *cancellable,
                RdPingResult *result)
{
  gboolean v6 = pinger->family == G_SOCKET_FAMILY_IPV6;
  gsize overhead = (v6 ? IPV6_HEADER : IPV4_HEADER) + ICMP_HEADER + COOKIE;
  g_autofree guint8 *packet = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  struct sockaddr_storage to;
  socklen_t to_length;
  gint64 sent_at[MAX_TRIES] = { 0 };
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd;
  guint16 first_sequence;
  gsize length;
  gint64 start, spacing, next_send;
  guint n_tries = 0;
  int pmtu;

  memset (result, 0, sizeof *result);
  result->rtt_us = -1;
  tries = CLAMP (tries, 1, MAX_TRIES);
  if (pinger->fd < 0 || packet_size < overhead || packet_size > MAX_PACKET ||
      g_inet_address_get_family (address) != pinger->family)
    {
      result->error = pinger->fd < 0 ? pinger->open_error : EINVAL;
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (address, 0);
  if (!g_socket_address_to_native (socket_address, &to, sizeof to, NULL))
    {
      result->error = EINVAL;
      return FALSE;
    }
  to_length = g_socket_address_get_native_size (socket_address);
  /* Routers announce themselves by link-local address: those need the
   * interface to mean anything. */
  if (v6 && interface != NULL && g_inet_address_get_is_link_local (address))
    ((struct sockaddr_in6 *) &to)->sin6_scope_id = if_nametoindex (interface);

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
  buffer = g_malloc (MAX_PACKET);
  packet[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP4_ECHO_REQUEST;
  packet[4] = pinger->id >> 8;
  packet[5] = pinger->id & 0xff;
  memcpy (packet + ICMP_HEADER, pinger->cookie, COOKIE);
  for (gsize i = ICMP_HEADER + COOKIE; i < length; i++)
    packet[i] = i & 0xff;

  first_sequence = pinger->sequence;
  pinger->sequence += tries;
  have_cancel_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &cancel_fd);
  start = g_get_monotonic_time ();
  spacing = MAX ((deadline - start) / tries, 1);
  next_send = start;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake;
      struct pollfd fds[2];
      int answered, ret;

      if (now >= deadline)
        break;
      /* Every send failed at once (no route, too big): nothing to wait for. */
      if (n_tries == tries && result->n_sent == 0)
        break;

      if (n_tries < tries && now >= next_send)
        {
          guint16 sequence = first_sequence + n_tries;

          packet[6] = sequence >> 8;
          packet[7] = sequence & 0xff;
          /* The kernel sums ICMP for ping sockets and ICMPv6 always; only
           * raw IPv4 needs the checksum from us. */
          packet[2] = packet[3] = 0;
          if (!v6)
            {
              guint16 sum = internet_checksum (packet, length);
              packet[2] = sum >> 8;
              packet[3] = sum & 0xff;
            }
          sent_at[n_tries] = g_get_monotonic_time ();
          if (sendto (pinger->fd, packet, length, MSG_NOSIGNAL, (struct sockaddr *) &to, to_length) < 0)
            {
              result->error = errno;
              result->too_big |= errno == EMSGSIZE;
              sent_at[n_tries] = 0;
            }
          else
            result->n_sent++;
          n_tries++;
          next_send = now + spacing;
        }

      wake = n_tries < tries ? MIN (next_send, deadline) : deadline;
      fds[0].fd = pinger->fd;
      fds[0].events = POLLIN;
      fds[0].revents = 0;
      fds[1].fd = cancel_fd.fd;
      fds[1].events = POLLIN;
      fds[1].revents = 0;

      ret = poll (fds, have_cancel_fd ? 2 : 1, (int) MAX (0, (wake - g_get_monotonic_time () + 999) / 1000));
      if (ret < 0 && errno != EINTR)
        {
          result->error = errno;
          break;
        }
      if (ret <= 0 || fds[0].revents == 0)
        continue;

      answered = receive_replies (pinger, &to, first_sequence, n_tries, sent_at, buffer, result);
      if (answered >= 0)
        {
          result->answered = TRUE;
          result->rtt_us = g_get_monotonic_time () - sent_at[answered];
          break;
        }
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
  return result->answered;
}
