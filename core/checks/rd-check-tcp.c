/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <unistd.h>

#include "rd-check.h"
#include "rd-net.h"

#define MAX_ADDRESSES 8
/* One connect per address; the latency check takes its samples later, one
 * after another, when they no longer crowd the host's listener. */
#define SAMPLES 1

static GPtrArray *
addresses_from_dns (RdFinding *dns,
                    guint16    port)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *node = json_object_get_member (rd_finding_get_evidence (dns), "addresses");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return out;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && out->len < MAX_ADDRESSES; i++)
    {
      const char *text = json_array_get_string_element (array, i);
      g_autoptr(GInetAddress) address = text != NULL ? g_inet_address_new_from_string (text) : NULL;

      if (address != NULL)
        g_ptr_array_add (out, g_inet_socket_address_new (address, port));
    }
  return out;
}

static const char *
family_name (GInetSocketAddress *address)
{
  return g_inet_address_get_family (g_inet_socket_address_get_address (address)) == G_SOCKET_FAMILY_IPV6
         ? "ipv6" : "ipv4";
}

/**
 * rd_check_tcp:
 *
 * Connects to the port on every address the name has, in parallel: connected
 * (with round-trip samples), refused (RST), filtered (no answer before the
 * deadline) or unreachable (ICMP). Leaves one connection open for the
 * negotiation check.
 */
RdFinding *
rd_check_tcp (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("tcp");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *dns = rd_check_context_get_dep (ctx, "dns");
  guint16 port = rd_target_get_port (ctx->target);
  g_autoptr(GPtrArray) addresses = NULL;
  g_autofree RdConnectAttempt *attempts = NULL;
  JsonArray *results = json_array_new ();
  gint64 start = g_get_monotonic_time ();
  guint n_attempts, n_connected = 0, n_refused = 0, n_filtered = 0, n_unreachable = 0;
  int handoff = -1;
  const char *first_connected = NULL;

  json_object_set_int_member (evidence, "port", port);
  json_object_set_array_member (evidence, "addresses", results);

  addresses = dns != NULL ? addresses_from_dns (dns, port) : g_ptr_array_new ();
  if (addresses->len == 0)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("Not tried: there is no address to connect to."));
      return finding;
    }

  n_attempts = addresses->len * SAMPLES;
  attempts = g_new0 (RdConnectAttempt, n_attempts);
  for (guint i = 0; i < n_attempts; i++)
    attempts[i].address = g_ptr_array_index (addresses, i / SAMPLES);

  rd_net_connect_many (attempts, n_attempts, rd_deadline_in_ms (ctx->timeout_ms), ctx->cancellable);

  if (g_cancellable_is_cancelled (ctx->cancellable))
    {
      for (guint i = 0; i < n_attempts; i++)
        if (attempts[i].fd >= 0)
          close (attempts[i].fd);
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the port was tried."));
      return finding;
    }

  for (guint a = 0; a < addresses->len; a++)
    {
      RdConnectAttempt *samples = &attempts[a * SAMPLES];
      JsonObject *result = json_object_new ();
      JsonArray *rtts = json_array_new ();
      RdConnectState state = samples[0].state;
      int error = samples[0].error;
      g_autofree char *text = rd_inet_address_to_string (samples[0].address);

      for (guint s = 0; s < SAMPLES; s++)
        {
          if (samples[s].state == RD_CONNECT_OK)
            {
              state = RD_CONNECT_OK;
              json_array_add_int_element (rtts, samples[s].rtt_us);
              if (handoff < 0)
                handoff = samples[s].fd;
              else
                close (samples[s].fd);
              samples[s].fd = -1;
            }
          else if (state != RD_CONNECT_OK)
            error = samples[s].error;
        }

      json_object_set_string_member (result, "address", text);
      json_object_set_string_member (result, "family", family_name (samples[0].address));
      json_object_set_string_member (result, "state", rd_connect_state_to_string (state));
      if (state != RD_CONNECT_OK && error != 0)
        json_object_set_string_member (result, "error", g_strerror (error));
      json_object_set_array_member (result, "rtt_us", rtts);
      json_array_add_object_element (results, result);

      switch (state)
        {
        case RD_CONNECT_OK:
          n_connected++;
          if (first_connected == NULL)
            {
              first_connected = json_object_get_string_member (result, "address");
              json_object_set_string_member (evidence, "connected_address", first_connected);
            }
          break;
        case RD_CONNECT_REFUSED:
          n_refused++;
          break;
        case RD_CONNECT_TIMEOUT:
          n_filtered++;
          break;
        default:
          n_unreachable++;
          break;
        }
    }

  if (handoff >= 0)
    rd_finding_set_connection (finding, rd_connection_new (handoff));

  if (n_connected == addresses->len)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("The computer accepts connections on port %u."), port);
  else if (n_connected > 0)
    rd_finding_set_result (finding, RD_STATUS_WARN,
                           _("Port %u works on some of the computer's addresses but not on others."),
                           port);
  else if (n_refused > 0 && n_filtered == 0 && n_unreachable == 0)
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The computer answered, but refused the connection on port %u."), port);
  else if (n_filtered > 0 && n_unreachable == 0)
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("No answer on port %u: something silently blocks it."), port);
  else
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The network says the computer cannot be reached."));

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
