/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <unistd.h>

#include "rd-check.h"
#include "rd-net.h"

/* Besides Remote Desktop and its WebSocket transports, a few ports most
 * Windows computers or routers answer on: only to tell "the computer is up
 * but the Remote Desktop port is blocked" from "the computer is not there". */
static const struct
{
  guint16     port;
  const char *label;
} other_ports[] = {
  { 3387, "rdp-websocket" },
  { 3392, "rdp-websocket-tls" },
  { 443, "https" },
  { 445, "smb" },
  { 22, "ssh" },
  { 80, "http" },
};

static GInetAddress *
pick_address (RdFinding *dns)
{
  JsonNode *node = dns != NULL ? json_object_get_member (rd_finding_get_evidence (dns), "addresses") : NULL;
  JsonArray *array;
  GInetAddress *first = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);

  /* IPv4 first: the IPv6 path has its own verdict in the TCP check. */
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *text = json_array_get_string_element (array, i);
      GInetAddress *address = text != NULL ? g_inet_address_new_from_string (text) : NULL;

      if (address == NULL)
        continue;
      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
        {
          g_clear_object (&first);
          return address;
        }
      if (first == NULL)
        first = address;
      else
        g_object_unref (address);
    }
  return first;
}

/**
 * rd_check_ports:
 *
 * The Remote Desktop port, its WebSocket ports and a few common ones, all at
 * once: open, refused, filtered or unreachable each.
 */
RdFinding *
rd_check_ports (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("ports");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  g_autoptr(GInetAddress) address = pick_address (rd_check_context_get_dep (ctx, "dns"));
  guint16 rdp_port = rd_target_get_port (ctx->target);
  g_autoptr(GPtrArray) socket_addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree RdConnectAttempt *attempts = NULL;
  JsonArray *results = json_array_new ();
  gboolean host_up = FALSE;
  const char *rdp_state = NULL;
  gint64 start = g_get_monotonic_time ();

  json_object_set_array_member (evidence, "ports", results);
  if (address == NULL)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("Not tried: there is no address to connect to."));
      return finding;
    }
  {
    g_autofree char *text = g_inet_address_to_string (address);
    json_object_set_string_member (evidence, "address", text);
  }

  g_ptr_array_add (socket_addresses, g_inet_socket_address_new (address, rdp_port));
  g_ptr_array_add (labels, (gpointer) "rdp");
  for (guint i = 0; i < G_N_ELEMENTS (other_ports); i++)
    {
      if (other_ports[i].port == rdp_port)
        continue;
      g_ptr_array_add (socket_addresses, g_inet_socket_address_new (address, other_ports[i].port));
      g_ptr_array_add (labels, (gpointer) other_ports[i].label);
    }

  attempts = g_new0 (RdConnectAttempt, socket_addresses->len);
  for (guint i = 0; i < socket_addresses->len; i++)
    attempts[i].address = g_ptr_array_index (socket_addresses, i);
  rd_net_connect_many (attempts, socket_addresses->len, rd_deadline_in_ms (ctx->timeout_ms), ctx->cancellable);

  for (guint i = 0; i < socket_addresses->len; i++)
    {
      JsonObject *result = json_object_new ();
      const char *state = attempts[i].state == RD_CONNECT_OK ? "open" : rd_connect_state_to_string (attempts[i].state);

      if (attempts[i].fd >= 0)
        close (attempts[i].fd);
      json_object_set_int_member (result, "port", g_inet_socket_address_get_port (attempts[i].address));
      json_object_set_string_member (result, "label", g_ptr_array_index (labels, i));
      json_object_set_string_member (result, "state", state);
      if (attempts[i].state == RD_CONNECT_OK)
        json_object_set_int_member (result, "rtt_us", attempts[i].rtt_us);
      json_array_add_object_element (results, result);

      /* A refusal is an answer too: something is there to refuse. */
      if (attempts[i].state == RD_CONNECT_OK || attempts[i].state == RD_CONNECT_REFUSED)
        host_up = TRUE;
      if (i == 0)
        rdp_state = state;
    }
  json_object_set_boolean_member (evidence, "host_up", host_up);

  if (g_cancellable_is_cancelled (ctx->cancellable))
    rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the ports were tried."));
  else if (g_str_equal (rdp_state, "open"))
    rd_finding_set_result (finding, RD_STATUS_PASS, _("The Remote Desktop port is open."));
  else if (host_up)
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The computer answers on other ports, but not on the Remote Desktop port %u."), rdp_port);
  else
    rd_finding_set_result (finding, RD_STATUS_FAIL, _("The computer does not answer on any port we tried."));

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
