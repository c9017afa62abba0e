/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-check-private.h"
#include "rd-negotiation.h"
#include "rd-net.h"
#include "rd-ping.h"
#include "rd-tls.h"

#define MIN_MTU_V4 576
#define MIN_MTU_V6 1280
#define PROBE_WAIT_MS 500

/* Clamped segment sizes, largest first; 536 is the smallest every IPv4 host
 * must take. They run beside the normal handshake (not after it stalls), so
 * a stalled host costs one timeout, not two. */
static const int clamped_mss[] = { 1200, 800, 536 };

typedef struct _Clamped Clamped;
struct _Clamped
{
  GInetSocketAddress *address;
  int                 mss;
  guint32             requested;
  gint64              deadline;
  gint64              resend_after_us;
  GCancellable       *cancellable;
  const char         *outcome;
  gint64              handshake_ms;
  Clamped            *smaller;      /* the next probe, or NULL */
};

/* The MTU of the route to the host, and the interface it leaves by. */
static int
route_mtu (GInetSocketAddress  *address,
           char               **interface)
{
  struct sockaddr_storage native, local;
  socklen_t local_length = sizeof local;
  GSocketAddress *socket_address = G_SOCKET_ADDRESS (address);
  int family = g_inet_address_get_family (g_inet_socket_address_get_address (address)) == G_SOCKET_FAMILY_IPV6
               ? AF_INET6 : AF_INET;
  int fd = socket (family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int mtu = 0;
  socklen_t mtu_length = sizeof mtu;
  struct ifaddrs *addresses = NULL;

  *interface = NULL;
  if (fd < 0)
    return 0;
  if (!g_socket_address_to_native (socket_address, &native, sizeof native, NULL) ||
      connect (fd, (struct sockaddr *) &native, g_socket_address_get_native_size (socket_address)) < 0)
    {
      close (fd);
      return 0;
    }
  if (getsockopt (fd, family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP, family == AF_INET6 ? IPV6_MTU : IP_MTU,
                  &mtu, &mtu_length) < 0)
    mtu = 0;

  if (getsockname (fd, (struct sockaddr *) &local, &local_length) == 0 && getifaddrs (&addresses) == 0)
    {
      for (struct ifaddrs *a = addresses; a != NULL; a = a->ifa_next)
        {
          if (a->ifa_addr == NULL || a->ifa_addr->sa_family != local.ss_family)
            continue;
          if ((family == AF_INET &&
               ((struct sockaddr_in *) a->ifa_addr)->sin_addr.s_addr == ((struct sockaddr_in *) &local)->sin_addr.s_addr) ||
              (family == AF_INET6 &&
               memcmp (&((struct sockaddr_in6 *) a->ifa_addr)->sin6_addr, &((struct sockaddr_in6 *) &local)->sin6_addr,
                       sizeof (struct in6_addr)) == 0))
            {
              *interface = g_strdup (a->ifa_name);
              break;
            }
        }
      freeifaddrs (addresses);
    }
  close (fd);
  return mtu;
}

/* Largest packet that comes back with "don't fragment" set, by halving the
 * range; bounded by the deadline. Returns 0 when the host does not answer
 * pings at all. */
static int
ping_path_mtu (RdCheckContext *ctx,
               GInetAddress   *address,
               int             high,
               gint64          deadline,
               JsonObject     *evidence)
{
  GSocketFamily family = g_inet_address_get_family (address);
  g_autoptr(RdPinger) pinger = rd_pinger_new (family);
  int low = family == G_SOCKET_FAMILY_IPV6 ? MIN_MTU_V6 : MIN_MTU_V4;
  RdPingResult ping;
  guint probes = 0;

  json_object_set_string_member (evidence, "path_mtu_method", rd_ping_method_to_string (rd_pinger_get_method (pinger)));
  if (rd_pinger_get_method (pinger) == RD_PING_UNAVAILABLE || high <= low)
    return 0;

  if (!rd_pinger_ping (pinger, address, NULL, low, TRUE, 1, MIN (deadline, rd_deadline_in_ms (PROBE_WAIT_MS)),
                       ctx->cancellable, &ping))
    {
      json_object_set_boolean_member (evidence, "ping_answered", FALSE);
      return 0;
    }
  json_object_set_boolean_member (evidence, "ping_answered", TRUE);

  /* The whole route's MTU is the usual answer: one probe settles it. */
  probes++;
  if (rd_pinger_ping (pinger, address, NULL, high, TRUE, 1, MIN (deadline, rd_deadline_in_ms (PROBE_WAIT_MS)),
                      ctx->cancellable, &ping))
    {
      json_object_set_int_member (evidence, "path_mtu_probes", probes);
      return high;
    }
  high--;

  /* Invariant: low came back; everything above high did not. */
  while (low < high && g_get_monotonic_time () < deadline && !g_cancellable_is_cancelled (ctx->cancellable))
    {
      int size = low + (high - low + 1) / 2;

      probes++;
      if (rd_pinger_ping (pinger, address, NULL, size, TRUE, 1, MIN (deadline, rd_deadline_in_ms (PROBE_WAIT_MS)),
                          ctx->cancellable, &ping))
        low = size;
      else
        high = size - 1;
    }
  json_object_set_int_member (evidence, "path_mtu_probes", probes);
  return low;
}

static gpointer
run_clamped (gpointer user_data)
{
  Clamped *clamped = user_data;
  RdNegProbe probe = {
    .requested = clamped->requested,
    .address = clamped->address,
    .fd = -1,
    .mss = clamped->mss,
    .deadline = clamped->deadline,
    .cancellable = clamped->cancellable,
    .resend_after_us = clamped->resend_after_us,
  };
  RdTlsHandshake handshake = { .deadline = clamped->deadline, .cancellable = clamped->cancellable };
  gint64 start = g_get_monotonic_time ();

  rd_neg_probe_run (&probe);
  if (!rd_neg_probe_selected_tls (&probe))
    clamped->outcome = "negotiation-failed";
  else
    {
      rd_tls_handshake_run (&handshake, probe.fd);
      clamped->outcome = rd_tls_outcome_to_string (handshake.outcome);
      rd_tls_handshake_clear (&handshake);
    }
  clamped->handshake_ms = rd_ms_since (start);
  rd_neg_probe_clear (&probe);

  /* A larger segment got through: the smaller ones can tell nothing more,
   * and a host (or a proxy in front of it) slow to answer one of them must
   * not hold the check up to its deadline. */
  if (g_strcmp0 (clamped->outcome, "ok") == 0)
    for (Clamped *next = clamped->smaller; next != NULL; next = next->smaller)
      g_cancellable_cancel (next->cancellable);
  return NULL;
}

static void
cancel_probe (GCancellable *parent,
              GCancellable *probe)
{
  g_cancellable_cancel (probe);
}

/**
 * rd_check_mtu:
 *
 * The path MTU by ICMP where this computer may send it, and the test that
 * needs no privilege: the TLS handshake on connections whose TCP segment size
 * is clamped, beside the TLS check's normal one. If only the clamped ones
 * complete, large packets are lost on the way (an MTU black hole); the
 * diagnosis puts the two findings together.
 */
RdFinding *
rd_check_mtu (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("mtu");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *negotiate = rd_check_context_get_dep (ctx, "negotiate");
  g_autoptr(GInetAddress) inet = NULL;
  const char *why_not = rd_check_why_not_measured (rd_check_context_get_dep (ctx, "tcp"), negotiate, TRUE, &inet);
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *interface = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = rd_deadline_in_ms (ctx->timeout_ms);
  /* The host's answer time bounds its round trip from above. */
  gint64 resend_after = rd_net_resend_after_us (negotiate != NULL ? rd_finding_get_int (negotiate, "answer_ms", -1) * 1000 : -1);
  Clamped clamped[G_N_ELEMENTS (clamped_mss)] = { 0 };
  GThread *threads[G_N_ELEMENTS (clamped_mss)] = { NULL };
  gulong parent_handlers[G_N_ELEMENTS (clamped_mss)] = { 0 };
  Clamped normal = { 0 };
  GThread *normal_thread;
  gulong normal_handler = 0;
  JsonArray *clamped_results;
  JsonObject *normal_result;
  int mtu, path_mtu, largest = 0;
  gboolean v6;

  if (why_not != NULL)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP, "%s", why_not);
      return finding;
    }
  v6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
  address = g_inet_socket_address_new (inet, rd_target_get_port (ctx->target));

  mtu = route_mtu (G_INET_SOCKET_ADDRESS (address), &interface);
  if (mtu > 0)
    json_object_set_int_member (evidence, "route_mtu", mtu);
  if (interface != NULL)
    json_object_set_string_member (evidence, "interface", interface);

  /* The clamped handshakes run beside the ping search: both are bounded by
   * the same deadline. */
  for (guint i = 0; i < G_N_ELEMENTS (clamped_mss); i++)
      {
        clamped[i].address = G_INET_SOCKET_ADDRESS (address);
        clamped[i].mss = clamped_mss[i];
        clamped[i].requested = ctx->requested_protocols;
        clamped[i].deadline = deadline;
        /* Its own, so a larger probe that got through can stop it; the
         * run's cancellable stops it too. */
        clamped[i].cancellable = g_cancellable_new ();
        if (ctx->cancellable != NULL)
          parent_handlers[i] = g_cancellable_connect (ctx->cancellable, G_CALLBACK (cancel_probe),
                                                      g_object_ref (clamped[i].cancellable),
                                                      g_object_unref);
        clamped[i].resend_after_us = resend_after;
        clamped[i].smaller = i + 1 < G_N_ELEMENTS (clamped_mss) ? &clamped[i + 1] : NULL;
      }
  for (guint i = 0; i < G_N_ELEMENTS (clamped_mss); i++)
    threads[i] = g_thread_new ("rd-mtu", run_clamped, &clamped[i]);

  /* A second handshake of normal size, beside the TLS check's: a black
   * hole loses it too, a one-off stall does not. */
  normal = clamped[0];
  normal.mss = 0;
  normal.smaller = NULL;
  normal.cancellable = g_cancellable_new ();
  if (ctx->cancellable != NULL)
    normal_handler = g_cancellable_connect (ctx->cancellable, G_CALLBACK (cancel_probe),
                                            g_object_ref (normal.cancellable), g_object_unref);
  normal_thread = g_thread_new ("rd-mtu", run_clamped, &normal);

  clamped_results = json_array_new ();
  path_mtu = ping_path_mtu (ctx, inet, mtu > 0 ? mtu : 1500, deadline, evidence);
  if (path_mtu > 0)
    json_object_set_int_member (evidence, "path_mtu", path_mtu);

  for (guint i = 0; i < G_N_ELEMENTS (clamped_mss); i++)
    {
      JsonObject *result = json_object_new ();

      g_thread_join (threads[i]);
      if (ctx->cancellable != NULL)
        g_cancellable_disconnect (ctx->cancellable, parent_handlers[i]);
      if (g_cancellable_is_cancelled (clamped[i].cancellable) &&
          !g_cancellable_is_cancelled (ctx->cancellable) &&
          g_strcmp0 (clamped[i].outcome, "ok") != 0)
        clamped[i].outcome = "not-needed";
      g_clear_object (&clamped[i].cancellable);
      json_object_set_int_member (result, "mss", clamped[i].mss);
      json_object_set_string_member (result, "outcome", clamped[i].outcome);
      json_object_set_int_member (result, "handshake_ms", clamped[i].handshake_ms);
      json_array_add_object_element (clamped_results, result);
      if (g_strcmp0 (clamped[i].outcome, "ok") == 0)
        largest = MAX (largest, clamped[i].mss);
    }
  json_object_set_array_member (evidence, "clamped", clamped_results);

  g_thread_join (normal_thread);
  if (ctx->cancellable != NULL)
    g_cancellable_disconnect (ctx->cancellable, normal_handler);
  g_clear_object (&normal.cancellable);
  normal_result = json_object_new ();
  json_object_set_string_member (normal_result, "outcome", normal.outcome);
  json_object_set_int_member (normal_result, "handshake_ms", normal.handshake_ms);
  json_object_set_object_member (evidence, "normal_retry", normal_result);

  if (largest > 0)
    {
      int suggested = largest + (v6 ? 60 : 40);

      /* The ping search is more precise when it got an answer. */
      if (path_mtu > 0 && path_mtu < suggested + 200)
        suggested = MAX (path_mtu, v6 ? MIN_MTU_V6 : MIN_MTU_V4);
      json_object_set_int_member (evidence, "largest_working_mss", largest);
      json_object_set_int_member (evidence, "suggested_mtu", suggested);
    }

  if (path_mtu > 0)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("Packets of up to %d bytes reach the computer."), path_mtu);
  else if (largest > 0)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("Secure connections with small packets work."));
  else
    rd_finding_set_result (finding, RD_STATUS_WARN,
                           _("Even secure connections with small packets did not complete."));

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
