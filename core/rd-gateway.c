/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-gateway.h"
#include "rd-net.h"

#define ECHO_TRIES        3
#define ECHO_PAYLOAD      16
#define ECHO_HEADER       8
#define ROUTE_FILE_MAX    (1024 * 1024)

#define ICMP4_ECHO_REQUEST 8
#define ICMP4_ECHO_REPLY   0
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY   129

/**
 * rd_read_small_file:
 * @path: a file under /proc, /sys or /etc
 * @max_size: read no more than this
 * @length: (out) (optional): bytes returned
 *
 * Reads a file that should be small, never more than @max_size bytes; a
 * longer one is cut at its last complete line. (/proc files say their size
 * is 0, so a size check up front means nothing.)
 *
 * Returns: (transfer full) (nullable): the contents, NUL-terminated.
 */
char *
rd_read_small_file (const char  *path,
                    gsize        max_size,
                    gsize       *length,
                    GError     **error)
{
  g_autofree char *data = g_malloc (max_size + 1);
  gsize used = 0;
  gboolean truncated = FALSE;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return NULL;
    }

  for (;;)
    {
      gssize n;

      if (used == max_size)
        {
          char probe;

          truncated = read (fd, &probe, 1) > 0;
          break;
        }
      n = read (fd, data + used, max_size - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: %s", path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      used += n;
    }
  close (fd);

  if (truncated)
    {
      char *last = memrchr (data, '\n', used);

      used = last != NULL ? (gsize) (last - data) + 1 : 0;
    }

  data[used] = '\0';
  if (length != NULL)
    *length = used;
  return g_steal_pointer (&data);
}

/**
 * rd_gateway_read_default_routes:
 * @ipv4: (out) (transfer full): IPv4 default routes, lowest metric first
 * @ipv6: (out) (transfer full): IPv6 default routes
 *
 * Reads the kernel's route tables. A missing table (no IPv6 in this kernel)
 * counts as one without routes.
 *
 * Returns: %FALSE when not even the IPv4 table could be read.
 */
gboolean
rd_gateway_read_default_routes (GPtrArray **ipv4,
                                GPtrArray **ipv6,
                                GError    **error)
{
  g_autofree char *text4 = NULL;
  g_autofree char *text6 = NULL;
  gsize length4 = 0, length6 = 0;

  text4 = rd_read_small_file ("/proc/net/route", ROUTE_FILE_MAX, &length4, error);
  text6 = rd_read_small_file ("/proc/net/ipv6_route", ROUTE_FILE_MAX, &length6, NULL);

  *ipv4 = rd_routes_parse_ipv4_defaults (text4, length4);
  *ipv6 = rd_routes_parse_ipv6_defaults (text6, length6);

  return text4 != NULL;
}

const char *
rd_gateway_method_to_string (RdGatewayMethod method)
{
  switch (method)
    {
    case RD_GATEWAY_METHOD_ICMP_PING_SOCKET:
      return "icmp-ping-socket";
    case RD_GATEWAY_METHOD_ICMP_RAW:
      return "icmp-raw";
    case RD_GATEWAY_METHOD_TCP:
      return "tcp";
    case RD_GATEWAY_METHOD_NONE:
    default:
      return "none";
    }
}

typedef struct
{
  int                     fd;
  gboolean                raw;
  gboolean                ipv6;
  guint16                 id;
  guint16                 seq_base;
  guint8                  cookie[ECHO_PAYLOAD];
  struct sockaddr_storage to;
  socklen_t               to_length;
  gint64                  sent_at[ECHO_TRIES];
} Echo;

static gboolean
parse_gateway (const char              *gateway,
               const char              *interface,
               struct sockaddr_storage *to,
               socklen_t               *to_length,
               gboolean                *ipv6)
{
  memset (to, 0, sizeof *to);

  if (strchr (gateway, ':') != NULL)
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) to;

      if (inet_pton (AF_INET6, gateway, &sin6->sin6_addr) != 1)
        return FALSE;
      sin6->sin6_family = AF_INET6;
      /* Routers announce themselves by link-local address: those need the
       * interface to mean anything. */
      if (IN6_IS_ADDR_LINKLOCAL (&sin6->sin6_addr) && interface != NULL)
        sin6->sin6_scope_id = if_nametoindex (interface);
      *to_length = sizeof *sin6;
      *ipv6 = TRUE;
    }
  else
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) to;

      if (inet_pton (AF_INET, gateway, &sin->sin_addr) != 1)
        return FALSE;
      sin->sin_family = AF_INET;
      *to_length = sizeof *sin;
      *ipv6 = FALSE;
    }
  return TRUE;
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

/* A ping socket where net.ipv4.ping_group_range lets us have one, else a
 * raw socket where we hold CAP_NET_RAW; -1 when neither. */
static int
open_echo_socket (Echo            *echo,
                  RdGatewayMethod *method,
                  int             *error)
{
  int family = echo->ipv6 ? AF_INET6 : AF_INET;
  int protocol = echo->ipv6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
  int fd;

  fd = socket (family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd >= 0)
    {
      echo->raw = FALSE;
      *method = RD_GATEWAY_METHOD_ICMP_PING_SOCKET;
      return fd;
    }

  fd = socket (family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd >= 0)
    {
      echo->raw = TRUE;
      *method = RD_GATEWAY_METHOD_ICMP_RAW;
      return fd;
    }

  *error = errno;
  return -1;
}

static gboolean
send_echo (Echo  *echo,
           guint  try,
           int   *error)
{
  guint8 packet[ECHO_HEADER + ECHO_PAYLOAD] = { 0 };
  guint16 seq = (guint16) (echo->seq_base + try);
  gssize n;

  packet[0] = echo->ipv6 ? ICMP6_ECHO_REQUEST : ICMP4_ECHO_REQUEST;
  packet[1] = 0;
  /* Ping sockets replace the identifier with their own, and the kernel
   * sums ICMPv6 itself; only raw IPv4 needs the checksum from us. */
  packet[4] = echo->id >> 8;
  packet[5] = echo->id & 0xff;
  packet[6] = seq >> 8;
  packet[7] = seq & 0xff;
  memcpy (packet + ECHO_HEADER, echo->cookie, ECHO_PAYLOAD);
  if (!echo->ipv6)
    {
      guint16 sum = internet_checksum (packet, sizeof packet);

      packet[2] = sum >> 8;
      packet[3] = sum & 0xff;
    }

  echo->sent_at[try] = g_get_monotonic_time ();
  n = sendto (echo->fd, packet, sizeof packet, MSG_NOSIGNAL,
              (struct sockaddr *) &echo->to, echo->to_length);
  if (n < 0)
    {
      *error = errno;
      echo->sent_at[try] = 0;
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_source (Echo                    *echo,
             struct sockaddr_storage *from)
{
  if (echo->ipv6)
    return from->ss_family == AF_INET6 &&
           memcmp (&((struct sockaddr_in6 *) from)->sin6_addr,
                   &((struct sockaddr_in6 *) &echo->to)->sin6_addr, 16) == 0;
  return from->ss_family == AF_INET &&
         ((struct sockaddr_in *) from)->sin_addr.s_addr ==
         ((struct sockaddr_in *) &echo->to)->sin_addr.s_addr;
}

/* Reads whatever is queued; returns the try that was answered, or -1. */
static int
receive_replies (Echo *echo,
                 guint n_tries,
                 int  *error)
{
  for (;;)
    {
      guint8 buffer[1500];
      struct sockaddr_storage from;
      socklen_t from_length = sizeof from;
      const guint8 *icmp = buffer;
      gssize n = recvfrom (echo->fd, buffer, sizeof buffer, MSG_DONTWAIT,
                           (struct sockaddr *) &from, &from_length);
      gsize length;
      guint16 seq;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* An ICMP error queued on a ping socket (host unreachable when
           * ARP gets no answer) shows up here. */
          if (errno != EAGAIN && errno != EWOULDBLOCK)
            *error = errno;
          return -1;
        }
      length = (gsize) n;

      if (echo->raw && !echo->ipv6)
        {
          gsize header;

          if (length < 20 || (buffer[0] >> 4) != 4)
            continue;
          header = (gsize) (buffer[0] & 0x0f) * 4;
          if (header < 20 || length < header)
            continue;
          icmp = buffer + header;
          length -= header;
        }

      if (length < ECHO_HEADER + ECHO_PAYLOAD || !same_source (echo, &from))
        continue;
      if (icmp[0] != (echo->ipv6 ? ICMP6_ECHO_REPLY : ICMP4_ECHO_REPLY) || icmp[1] != 0)
        continue;
      if (echo->raw && (guint16) (icmp[4] << 8 | icmp[5]) != echo->id)
        continue;
      if (memcmp (icmp + ECHO_HEADER, echo->cookie, ECHO_PAYLOAD) != 0)
        continue;

      seq = (guint16) (icmp[6] << 8 | icmp[7]);
      if ((guint16) (seq - echo->seq_base) < n_tries &&
          echo->sent_at[(guint16) (seq - echo->seq_base)] != 0)
        return (guint16) (seq - echo->seq_base);
    }
}

/* Up to ECHO_TRIES echo requests spread over the budget; the first reply
 * to any of them counts. */
static void
probe_icmp (Echo            *echo,
            gint64           deadline,
            GCancellable    *cancellable,
            RdGatewayResult *result)
{
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &cancel_fd);
  gint64 start = g_get_monotonic_time ();
  gint64 spacing = MAX ((deadline - start) / ECHO_TRIES, 1);
  gint64 next_send = start;
  guint n_tries = 0;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake;
      struct pollfd fds[2];
      int answered;
      int ret;

      if (now >= deadline)
        break;
      /* Every send failed at once (no route, link down): nothing to wait for. */
      if (n_tries == ECHO_TRIES && result->n_sent == 0)
        break;

      if (n_tries < ECHO_TRIES && now >= next_send)
        {
          if (send_echo (echo, n_tries, &result->error))
            result->n_sent++;
          n_tries++;
          next_send = now + spacing;
        }

      wake = n_tries < ECHO_TRIES ? MIN (next_send, deadline) : deadline;
      fds[0].fd = echo->fd;
      fds[0].events = POLLIN;
      fds[0].revents = 0;
      fds[1].fd = cancel_fd.fd;
      fds[1].events = POLLIN;
      fds[1].revents = 0;

      ret = poll (fds, have_cancel_fd ? 2 : 1,
                  (int) MAX (0, (wake - g_get_monotonic_time () + 999) / 1000));
      if (ret < 0 && errno != EINTR)
        {
          result->error = errno;
          break;
        }
      if (ret <= 0 || fds[0].revents == 0)
        continue;

      answered = receive_replies (echo, n_tries, &result->error);
      if (answered >= 0)
        {
          result->answered = TRUE;
          result->rtt_us = g_get_monotonic_time () - echo->sent_at[answered];
          break;
        }
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
}

static void
probe_tcp (const struct sockaddr_storage *to,
           gint64                         deadline,
           GCancellable                  *cancellable,
           RdGatewayResult               *result)
{
  static const guint16 ports[] = { 53, 80, 443 };
  RdConnectAttempt attempts[G_N_ELEMENTS (ports)];
  g_autoptr(GSocketAddress) native = NULL;
  GInetAddress *address;
  guint32 scope_id = 0;

  native = g_socket_address_new_from_native ((gpointer) to,
                                             to->ss_family == AF_INET6
                                             ? sizeof (struct sockaddr_in6)
                                             : sizeof (struct sockaddr_in));
  if (native == NULL)
    return;
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (native));
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    scope_id = g_inet_socket_address_get_scope_id (G_INET_SOCKET_ADDRESS (native));

  memset (attempts, 0, sizeof attempts);
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    attempts[i].address = g_object_new (G_TYPE_INET_SOCKET_ADDRESS,
                                        "address", address,
                                        "port", ports[i],
                                        "scope-id", scope_id,
                                        NULL);

  rd_net_connect_many (attempts, G_N_ELEMENTS (attempts), deadline, cancellable);

  result->method = RD_GATEWAY_METHOD_TCP;
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      if (attempts[i].state == RD_CONNECT_OK)
        {
          if (!result->answered || attempts[i].rtt_us < result->rtt_us)
            result->rtt_us = attempts[i].rtt_us;
          result->answered = TRUE;
          close (attempts[i].fd);
        }
      else if (attempts[i].state == RD_CONNECT_REFUSED)
        {
          /* A reset is an answer too; its timing is not kept by the
           * connect helper. */
          result->answered = TRUE;
        }
      else if (attempts[i].error != 0)
        {
          result->error = attempts[i].error;
        }
      g_object_unref (attempts[i].address);
    }
  if (result->answered)
    result->error = 0;
}

/**
 * rd_gateway_probe:
 * @gateway: the router's address, as text
 * @interface: (nullable): the interface of the route (for link-local IPv6)
 * @echo_budget_ms: time for the ICMP echo requests
 * @tcp_budget_ms: time for the TCP connects, when ICMP cannot be used or
 *   got no answer at all (0: no TCP)
 * @cancellable: (nullable): stops the probe
 * @result: (out caller-allocates): what happened
 *
 * Asks the router whether it is there: ICMP echo through a ping socket,
 * else a raw socket, else (or when the echo met only silence, since some
 * routers ignore ping) TCP connects to ports 53, 80 and 443 at once.
 *
 * Returns: whether the router answered.
 */
gboolean
rd_gateway_probe (const char      *gateway,
                  const char      *interface,
                  guint            echo_budget_ms,
                  guint            tcp_budget_ms,
                  GCancellable    *cancellable,
                  RdGatewayResult *result)
{
  Echo echo = { .fd = -1 };
  int open_error = 0;

  memset (result, 0, sizeof *result);
  result->rtt_us = -1;

  if (!parse_gateway (gateway, interface, &echo.to, &echo.to_length, &echo.ipv6))
    {
      result->error = EINVAL;
      return FALSE;
    }

  echo.fd = open_echo_socket (&echo, &result->method, &open_error);
  if (echo.fd >= 0)
    {
      result->echo_method = result->method;
      echo.id = (guint16) g_random_int ();
      echo.seq_base = (guint16) g_random_int ();
      for (guint i = 0; i < ECHO_PAYLOAD; i += 4)
        {
          guint32 r = g_random_int ();
          memcpy (echo.cookie + i, &r, 4);
        }
      probe_icmp (&echo, rd_deadline_in_ms (echo_budget_ms), cancellable, result);
      close (echo.fd);
    }
  else
    {
      result->error = open_error;
    }

  if (result->answered || g_cancellable_is_cancelled (cancellable) || tcp_budget_ms == 0)
    return result->answered;

  /* The kernel already told us the router is not on the link: a TCP
   * connect would only wait for the same verdict. */
  if (result->echo_method != RD_GATEWAY_METHOD_NONE &&
      (result->error == EHOSTUNREACH || result->error == ENETUNREACH ||
       result->error == ENETDOWN))
    return FALSE;

  probe_tcp (&echo.to, rd_deadline_in_ms (tcp_budget_ms), cancellable, result);
  return result->answered;
}
