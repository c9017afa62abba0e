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
#include "rd-ping.h"

#define ECHO_TRIES        3
#define ECHO_SIZE         (8 + 16)   /* ICMP header and our cookie */
#define ROUTE_FILE_MAX    (1024 * 1024)

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

static void
probe_tcp (GInetAddress    *address,
           guint32          scope_id,
           gint64           deadline,
           GCancellable    *cancellable,
           RdGatewayResult *result)
{
  static const guint16 ports[] = { 53, 80, 443 };
  RdConnectAttempt attempts[G_N_ELEMENTS (ports)];

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
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (gateway);
  g_autoptr(RdPinger) pinger = NULL;
  guint32 scope_id = 0;

  memset (result, 0, sizeof *result);
  result->rtt_us = -1;

  if (address == NULL)
    {
      result->error = EINVAL;
      return FALSE;
    }
  /* Routers announce themselves by link-local address: those need the
   * interface to mean anything. */
  if (g_inet_address_get_is_link_local (address) && interface != NULL)
    scope_id = if_nametoindex (interface);

  pinger = rd_pinger_new (g_inet_address_get_family (address));
  if (rd_pinger_get_method (pinger) != RD_PING_UNAVAILABLE)
    {
      RdPingResult ping;
      gsize size = (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? 40 : 20) + ECHO_SIZE;

      result->method = rd_pinger_get_method (pinger) == RD_PING_SOCKET
                       ? RD_GATEWAY_METHOD_ICMP_PING_SOCKET : RD_GATEWAY_METHOD_ICMP_RAW;
      result->echo_method = result->method;
      rd_pinger_ping (pinger, address, interface, size, FALSE, ECHO_TRIES,
                      rd_deadline_in_ms (echo_budget_ms), cancellable, &ping);
      result->answered = ping.answered;
      result->rtt_us = ping.rtt_us;
      result->n_sent = ping.n_sent;
      result->error = ping.error;
    }
  else
    result->error = rd_pinger_get_open_error (pinger);

  if (result->answered || g_cancellable_is_cancelled (cancellable) || tcp_budget_ms == 0)
    return result->answered;

  /* The kernel already told us the router is not on the link: a TCP
   * connect would only wait for the same verdict. */
  if (result->echo_method != RD_GATEWAY_METHOD_NONE &&
      (result->error == EHOSTUNREACH || result->error == ENETUNREACH ||
       result->error == ENETDOWN))
    return FALSE;

  probe_tcp (address, scope_id, rd_deadline_in_ms (tcp_budget_ms), cancellable, result);
  return result->answered;
}
