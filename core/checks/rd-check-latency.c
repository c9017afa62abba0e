/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <math.h>
#include <unistd.h>

#include "rd-check-private.h"
#include "rd-net.h"

#define SAMPLES 6
#define SAMPLE_GAP_MS 10
#define HIGH_RTT_MS 150.0
/* Thinking time beyond the network's round trip that a person notices. */
#define SLOW_SERVER_MS 150.0
#define HIGH_JITTER_MS 50.0
#define HIGH_LOSS 0.2

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) + g_array_index (values, double, values->len / 2)) / 2;
}

static double
round_ms (double ms)
{
  return round (ms * 10) / 10;
}

/* The quickest application-level round trip: an answer to an X.224 request,
 * or a TLS handshake (one round trip in TLS 1.3, two before). Each includes the host's
 * thinking time, so the quickest is the best estimate of the network's. */
static double
fastest_answer_ms (RdFinding *negotiate,
                   RdFinding *tls)
{
  JsonNode *node = negotiate != NULL ? json_object_get_member (rd_finding_get_evidence (negotiate), "probes") : NULL;
  double best = -1;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    node = NULL;
  for (guint i = 0; node != NULL && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *probe = json_array_get_element (json_node_get_array (node), i);
      gint64 ms;

      if (!JSON_NODE_HOLDS_OBJECT (probe))
        continue;
      ms = json_object_get_int_member_with_default (json_node_get_object (probe), "answer_ms", -1);
      if (ms >= 0 && (best < 0 || ms < best))
        best = ms;
    }
  if (tls != NULL && g_strcmp0 (rd_finding_get_string (tls, "outcome"), "ok") == 0)
    {
      gboolean one_trip = g_strcmp0 (rd_finding_get_string (tls, "version"), "TLSv1.3") == 0;
      double trip = rd_finding_get_int (tls, "handshake_ms", -1) / (one_trip ? 1.0 : 2.0);

      if (trip >= 0 && (best < 0 || trip < best))
        best = trip;
    }
  return best;
}

/**
 * rd_check_latency:
 *
 * Round trips to the host over repeated TCP connects (time, jitter, loss),
 * beside the time the host took to answer the negotiation, compared with
 * the router's round trip.
 */
RdFinding *
rd_check_latency (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("latency");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *negotiate = rd_check_context_get_dep (ctx, "negotiate");
  RdFinding *local = rd_check_context_get_dep (ctx, "local");
  g_autoptr(GInetAddress) inet = NULL;
  const char *why_not = rd_check_why_not_measured (rd_check_context_get_dep (ctx, "tcp"), negotiate, FALSE, &inet);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  JsonArray *samples = json_array_new ();
  gint64 start = g_get_monotonic_time ();
  gint64 budget_end = rd_deadline_in_ms (ctx->timeout_ms);
  guint lost = 0, tried = 0, retransmitted = 0, unanswered = 0;
  double connect_ms, jitter = 0, answer_ms, rtt_ms, server_ms, loss;
  gint64 gateway_us = local != NULL ? rd_finding_get_int (local, "gateway_rtt_us", -1) : -1;

  json_object_set_array_member (evidence, "connect_samples_ms", samples);
  if (why_not != NULL)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP, "%s", why_not);
      return finding;
    }
  address = g_inet_socket_address_new (inet, rd_target_get_port (ctx->target));
  answer_ms = fastest_answer_ms (negotiate, rd_check_context_get_dep (ctx, "tls"));

  /* One after another, so the samples spread over time and show jitter; all
   * within one timeout. A short pause between them lets a listener with a
   * small backlog accept the last one before the next arrives. */
  for (guint i = 0; i < SAMPLES && g_get_monotonic_time () < budget_end; i++)
    {
      RdConnectAttempt attempt = { .address = G_INET_SOCKET_ADDRESS (address) };
      gint64 sample_end = budget_end;

      if (i > 0 && !g_cancellable_is_cancelled (ctx->cancellable))
        g_usleep (SAMPLE_GAP_MS * 1000);

      /* A SYN unanswered for a few answer times was lost (rd_net_resend_after_us()):
       * a second's wait for the kernel to send it again would only hold up
       * the report. */
      if (answer_ms >= 0)
        sample_end = MIN (budget_end, g_get_monotonic_time () + rd_net_resend_after_us (answer_ms * 1000));
      rd_net_connect_many (&attempt, 1, sample_end, ctx->cancellable);
      /* Cut off by our own budget is not a loss. */
      if (attempt.state == RD_CONNECT_CANCELLED ||
          (attempt.state == RD_CONNECT_TIMEOUT && g_get_monotonic_time () >= budget_end))
        break;
      tried++;
      if (attempt.state == RD_CONNECT_TIMEOUT)
        {
          unanswered++;
          continue;
        }
      if (attempt.state == RD_CONNECT_OK)
        {
          double ms = attempt.rtt_us / 1000.0;

          close (attempt.fd);
          json_array_add_double_element (samples, round_ms (ms));
          g_array_append_val (rtts, ms);
        }
      else
        lost++;
    }

  /* Jitter as the median distance from the median: one SYN retransmitted by a
   * busy listener is a lost packet, not a jittery link. */
  if (rtts->len > 1)
    {
      g_autoptr(GArray) deviations = g_array_new (FALSE, FALSE, sizeof (double));
      double middle = median (rtts);

      for (guint i = 0; i < rtts->len; i++)
        {
          double deviation = fabs (g_array_index (rtts, double, i) - middle);
          g_array_append_val (deviations, deviation);
          /* A connect that needed a SYN retransmission (1 s) lost a packet. */
          if (g_array_index (rtts, double, i) > 900 && middle < 500)
            retransmitted++;
        }
      jitter = median (deviations);
    }
  /* One SYN lost (retransmitted, or given up on) is forgiven: a listener
   * with a short backlog (xrdp's is 2) drops one while it is busy with our
   * other connections. */
  retransmitted += unanswered;
  loss = tried >= 4 ? (double) (lost + (retransmitted > 0 ? retransmitted - 1 : 0)) / tried : 0;
  connect_ms = median (rtts);
  /* The kernel answers a connect, the Remote Desktop service the request:
   * the first is the network's round trip, the rest of the second the
   * computer's own time (or that of a tunnel or proxy in front of it). */
  rtt_ms = rtts->len > 0 ? connect_ms : answer_ms;
  server_ms = rtts->len > 0 && answer_ms >= 0 ? MAX (answer_ms - connect_ms, 0) : -1;

  json_object_set_int_member (evidence, "samples", tried);
  json_object_set_int_member (evidence, "lost", lost);
  json_object_set_int_member (evidence, "retransmitted", retransmitted);
  json_object_set_int_member (evidence, "unanswered", unanswered);
  json_object_set_double_member (evidence, "connect_median_ms", round_ms (connect_ms));
  json_object_set_double_member (evidence, "jitter_ms", round_ms (jitter));
  if (answer_ms >= 0)
    json_object_set_double_member (evidence, "answer_ms", answer_ms);
  if (server_ms >= 0)
    json_object_set_double_member (evidence, "server_ms", round_ms (server_ms));
  json_object_set_double_member (evidence, "rtt_ms", round_ms (rtt_ms));
  if (gateway_us >= 0)
    json_object_set_double_member (evidence, "gateway_rtt_ms", round_ms (gateway_us / 1000.0));

  if (g_cancellable_is_cancelled (ctx->cancellable))
    rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the round trips were measured."));
  else if (rtt_ms > HIGH_RTT_MS || jitter > HIGH_JITTER_MS || loss > HIGH_LOSS)
    {
      json_object_set_boolean_member (evidence, "high", TRUE);
      rd_finding_set_result (finding, RD_STATUS_WARN,
                             _("The connection is slow or unsteady: %.0f ms per round trip, %.0f ms of jitter, %u of %u attempts lost."),
                             rtt_ms, jitter, lost, tried);
    }
  else if (server_ms > SLOW_SERVER_MS)
    {
      json_object_set_boolean_member (evidence, "slow_server", TRUE);
      rd_finding_set_result (finding, RD_STATUS_WARN,
                             _("The network is quick (%.1f ms per round trip), but the computer took %.0f ms to answer."),
                             rtt_ms, answer_ms);
    }
  else
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("The connection is quick: %.0f ms per round trip."), rtt_ms);

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
