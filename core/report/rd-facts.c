/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-facts.h"
#include "rd-json.h"
#include "rd-names.h"

/* Interface MTU when the local check did not see it: Ethernet's. */
#define DEFAULT_INTERFACE_MTU 1500
/* What to lower the MTU to when the MTU check gave no figure of its own: it
 * gets through nearly every tunnel. */
#define DEFAULT_SUGGESTED_MTU 1400

struct _RdFacts
{
  RdCertificateFacts *certificate;
  RdNegotiationFacts *negotiation;
  RdDnsFacts         *dns;
  RdMtuFacts         *mtu;
  RdLocalFacts       *local;
  RdLatencyFacts     *latency;
  GPtrArray          *ports;       /* RdPortFacts* */
  GPtrArray          *addresses;   /* RdAddressFacts* */
  char               *working_address;
  const char         *working_ipv4; /* one of addresses' */
  GPtrArray          *timeline;    /* RdTimelineStep* */
  GPtrArray          *details;     /* RdFindingDetails* */
};

/* Evidence is read with rd-json.h's readers: it may come from a file
 * written by another version or damaged on the way. */

static char *
dup_string (JsonObject *object,
            const char *name,
            const char *fallback)
{
  const char *text = rd_json_get_string (object, name);

  return g_strdup (text != NULL ? text : fallback);
}

static guint
get_uint (JsonObject *object,
          const char *name,
          guint       fallback)
{
  return (guint) CLAMP (rd_json_get_int (object, name, fallback), 0, G_MAXUINT);
}

static guint
array_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

/* The @index'th element when it is an object. */
static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The strings of an array member (others skipped): never NULL. */
static char **
get_strv (JsonObject *object,
          const char *name)
{
  JsonArray *array = rd_json_get_array (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < array_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (rd_json_node_holds (node, G_TYPE_STRING))
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static JsonObject *
evidence_of (GPtrArray  *findings,
             const char *check_id)
{
  RdFinding *finding = rd_findings_lookup (findings, check_id);

  return finding != NULL ? rd_finding_get_evidence (finding) : NULL;
}

/* Certificate. */

static GDateTime *
get_date (JsonObject *object,
          const char *name)
{
  JsonNode *node = rd_json_get_value (object, name, G_TYPE_INT64);

  return node != NULL ? g_date_time_new_from_unix_utc (json_node_get_int (node)) : NULL;
}

/* Whole days from @from to @to, rounded down (so an hour ago is day -1). */
static gint64
days_between (gint64 from,
              gint64 to)
{
  gint64 seconds = to - from;
  const gint64 day = 24 * 60 * 60;

  return seconds >= 0 ? seconds / day : -((-seconds + day - 1) / day);
}

static void
certificate_facts_free (RdCertificateFacts *facts)
{
  g_free (facts->subject);
  g_free (facts->common_name);
  g_free (facts->issuer);
  g_strfreev (facts->san_dns);
  g_strfreev (facts->san_ip);
  g_clear_pointer (&facts->not_before, g_date_time_unref);
  g_clear_pointer (&facts->not_after, g_date_time_unref);
  g_free (facts->key_type);
  g_free (facts->signature_algorithm);
  g_free (facts->sha256);
  g_free (facts);
}

static RdCertificateFacts *
read_certificate (JsonObject *tls,
                  GPtrArray  *causes,
                  gint64      checked_at)
{
  JsonObject *certificate = rd_json_get_object (tls, "certificate");
  RdCertificateFacts *facts;

  if (certificate == NULL)
    return NULL;

  facts = g_new0 (RdCertificateFacts, 1);
  facts->subject = dup_string (certificate, "subject", NULL);
  facts->common_name = dup_string (certificate, "common_name", "");
  facts->issuer = dup_string (certificate, "issuer", "");
  facts->san_dns = get_strv (certificate, "san_dns");
  facts->san_ip = get_strv (certificate, "san_ip");
  facts->not_before = get_date (certificate, "not_before_unix");
  facts->not_after = get_date (certificate, "not_after_unix");
  facts->validity = rd_tls_certificate_validity (certificate, checked_at);
  facts->days_left = facts->not_after != NULL ? days_between (checked_at, g_date_time_to_unix (facts->not_after))
                                              : G_MAXINT64;
  facts->self_signed = rd_json_get_bool (certificate, "self_signed", FALSE);
  facts->name_mismatch = rd_causes_find (causes, RD_CAUSE_TLS_CERT_NAME_MISMATCH) != NULL;
  facts->weak = rd_tls_certificate_is_weak (certificate);
  facts->key_type = dup_string (certificate, "key_type", NULL);
  facts->key_bits = get_uint (certificate, "key_bits", 0);
  facts->signature_algorithm = dup_string (certificate, "signature_algorithm", NULL);
  facts->sha256 = dup_string (certificate, "sha256", NULL);
  return facts;
}

/* Negotiation. */

static RdSecurity
security_of (const char *selected)
{
  if (selected == NULL)
    return RD_SECURITY_NONE;
  if (strstr (selected, "HYBRID_EX") != NULL)
    return RD_SECURITY_NLA_EX;
  if (strstr (selected, "HYBRID") != NULL)
    return RD_SECURITY_NLA;
  if (strstr (selected, "SSL") != NULL)
    return RD_SECURITY_TLS;
  return RD_SECURITY_RDP;
}

static void
negotiation_facts_free (RdNegotiationFacts *facts)
{
  g_free (facts->selected_protocol);
  g_free (facts->failure);
  g_free (facts);
}

static RdNegotiationFacts *
read_negotiation (JsonObject *negotiate)
{
  RdNegotiationFacts *facts;
  RdNegOutcome outcome;

  if (!rd_neg_outcome_from_string (rd_json_get_string (negotiate, "outcome"), &outcome))
    return NULL;

  facts = g_new0 (RdNegotiationFacts, 1);
  facts->outcome = outcome;
  facts->selected_protocol = dup_string (negotiate, "selected_protocol", NULL);
  facts->security = security_of (facts->selected_protocol);
  facts->failure = dup_string (negotiate, "failure", NULL);
  facts->failure_code = get_uint (negotiate, "failure_code", 0);
  facts->nla_required = rd_json_get_bool (negotiate, "nla_required", FALSE);
  facts->tls_only_accepted = rd_json_get_bool (negotiate, "tls_only_accepted", FALSE);
  facts->standard_rdp_accepted = rd_json_get_bool (negotiate, "standard_rdp_accepted", FALSE);
  facts->answer_ms = rd_json_get_int (negotiate, "answer_ms", -1);
  return facts;
}

/* Ports. */

/* The ports check's and the UDP check's words alike. */
static RdPortState
port_state (const char *state)
{
  if (g_strcmp0 (state, "open") == 0 || g_strcmp0 (state, "syn-ack") == 0)
    return RD_PORT_OPEN;
  if (g_strcmp0 (state, "filtered") == 0 || g_strcmp0 (state, "silent") == 0 ||
      g_strcmp0 (state, "unreachable") == 0)
    return RD_PORT_FILTERED;
  if (g_strcmp0 (state, "refused") == 0 || g_strcmp0 (state, "closed") == 0)
    return RD_PORT_REFUSED;
  return RD_PORT_UNKNOWN;
}

static const char *
service_name (const char *label)
{
  if (g_strcmp0 (label, "rdp") == 0)
    return _("Remote Desktop");
  if (g_strcmp0 (label, "rdp-websocket") == 0)
    return _("Remote Desktop (WebSocket)");
  if (g_strcmp0 (label, "rdp-websocket-tls") == 0)
    return _("Remote Desktop (secure WebSocket)");
  if (g_strcmp0 (label, "https") == 0)
    return _("Secure web (HTTPS)");
  if (g_strcmp0 (label, "http") == 0)
    return _("Web (HTTP)");
  if (g_strcmp0 (label, "smb") == 0)
    return _("File sharing (SMB)");
  if (g_strcmp0 (label, "ssh") == 0)
    return _("Remote terminal (SSH)");
  return label;
}

static void
port_facts_free (RdPortFacts *facts)
{
  g_free (facts->service);
  g_free (facts->service_name);
  g_free (facts);
}

static void
add_port (GPtrArray   *ports,
          RdTransport  transport,
          gint64       port,
          const char  *service,
          const char  *state)
{
  RdPortFacts *facts = g_new0 (RdPortFacts, 1);

  facts->port = (guint16) CLAMP (port, 0, G_MAXUINT16);
  facts->transport = transport;
  facts->state = port_state (state);
  facts->service = g_strdup (service);
  facts->service_name = g_strdup (service_name (service));
  facts->remote_desktop = g_str_has_prefix (service, "rdp");
  g_ptr_array_add (ports, facts);
}

static GPtrArray *
read_ports (JsonObject *ports,
            JsonObject *udp)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) port_facts_free);
  JsonArray *list = rd_json_get_array (ports, "ports");

  for (guint i = 0; i < array_length (list); i++)
    {
      JsonObject *port = array_object (list, i);

      if (port == NULL)
        continue;
      add_port (out, RD_TRANSPORT_TCP, rd_json_get_int (port, "port", 0),
                rd_json_get_string (port, "label") != NULL ? rd_json_get_string (port, "label") : "",
                rd_json_get_string (port, "state"));
      /* UDP right after the Remote Desktop port it pairs with. */
      if (out->len == 1 && rd_json_get_string (udp, "outcome") != NULL)
        add_port (out, RD_TRANSPORT_UDP, rd_json_get_int (udp, "port", 3389), "rdp", rd_json_get_string (udp, "outcome"));
    }
  return out;
}

/* Names and addresses. */

static void
dns_facts_free (RdDnsFacts *facts)
{
  g_free (facts->name);
  g_strfreev (facts->addresses);
  g_strfreev (facts->resolvers);
  g_free (facts);
}

static RdDnsFacts *
read_dns (JsonObject *dns)
{
  RdDnsFacts *facts;

  if (dns == NULL)
    return NULL;
  facts = g_new0 (RdDnsFacts, 1);
  facts->name = dup_string (dns, "name", "");
  facts->addresses = get_strv (dns, "addresses");
  facts->resolvers = get_strv (dns, "resolvers");
  return facts;
}

static RdAddressState
address_state (const char *state)
{
  static const char * const names[] = {
    [RD_ADDRESS_CONNECTED] = "connected",
    [RD_ADDRESS_REFUSED] = "refused",
    [RD_ADDRESS_FILTERED] = "filtered",
    [RD_ADDRESS_UNREACHABLE] = "unreachable",
  };
  int index = rd_enum_index (names, G_N_ELEMENTS (names), state);

  return index >= 0 ? (RdAddressState) index : RD_ADDRESS_FAILED;
}

static GSocketFamily
address_family (const char *family,
                const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (g_strcmp0 (family, "ipv4") == 0)
    return G_SOCKET_FAMILY_IPV4;
  if (g_strcmp0 (family, "ipv6") == 0)
    return G_SOCKET_FAMILY_IPV6;
  inet = address != NULL ? g_inet_address_new_from_string (address) : NULL;
  return inet != NULL ? g_inet_address_get_family (inet) : G_SOCKET_FAMILY_INVALID;
}

/* The quickest of a list of round trips, or -1. */
static gint64
quickest (JsonArray *rtts)
{
  gint64 best = -1;

  for (guint i = 0; i < array_length (rtts); i++)
    {
      JsonNode *node = json_array_get_element (rtts, i);
      gint64 rtt = rd_json_node_holds (node, G_TYPE_INT64) ? json_node_get_int (node) : -1;

      if (rtt >= 0 && (best < 0 || rtt < best))
        best = rtt;
    }
  return best;
}

static void
address_facts_free (RdAddressFacts *facts)
{
  g_free (facts->address);
  g_free (facts->state_name);
  g_free (facts);
}

static GPtrArray *
read_addresses (JsonObject *tcp)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) address_facts_free);
  JsonArray *list = rd_json_get_array (tcp, "addresses");

  for (guint i = 0; i < array_length (list); i++)
    {
      JsonObject *address = array_object (list, i);
      RdAddressFacts *facts;

      if (address == NULL)
        continue;
      facts = g_new0 (RdAddressFacts, 1);
      facts->address = dup_string (address, "address", "");
      facts->family = address_family (rd_json_get_string (address, "family"), facts->address);
      facts->state_name = dup_string (address, "state", "");
      facts->state = address_state (facts->state_name);
      facts->rtt_us = quickest (rd_json_get_array (address, "rtt_us"));
      g_ptr_array_add (out, facts);
    }
  return out;
}

static const char *
working_ipv4 (GPtrArray *addresses)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      RdAddressFacts *facts = g_ptr_array_index (addresses, i);

      if (facts->family == G_SOCKET_FAMILY_IPV4 && facts->state == RD_ADDRESS_CONNECTED)
        return facts->address;
    }
  return NULL;
}

/* This computer's network. */

static void
interface_facts_free (RdInterfaceFacts *facts)
{
  g_free (facts->name);
  g_free (facts->kind);
  g_strfreev (facts->addresses);
  g_free (facts);
}

static void
local_facts_free (RdLocalFacts *facts)
{
  g_ptr_array_unref (facts->interfaces);
  g_free (facts->gateway);
  g_free (facts->gateway_interface);
  g_strfreev (facts->dns_servers);
  g_free (facts->connectivity);
  g_free (facts);
}

static gboolean
is_vpn (JsonArray  *vpns,
        const char *name)
{
  for (guint i = 0; i < array_length (vpns); i++)
    {
      JsonObject *vpn = array_object (vpns, i);

      if (vpn != NULL && g_strcmp0 (rd_json_get_string (vpn, "name"), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static RdLocalFacts *
read_local (JsonObject *local)
{
  JsonArray *interfaces = rd_json_get_array (local, "interfaces");
  JsonArray *vpns = rd_json_get_array (local, "vpn");
  RdLocalFacts *facts;

  if (local == NULL)
    return NULL;

  facts = g_new0 (RdLocalFacts, 1);
  facts->interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_facts_free);
  for (guint i = 0; i < array_length (interfaces); i++)
    {
      JsonObject *interface = array_object (interfaces, i);
      RdInterfaceFacts *each;

      if (interface == NULL)
        continue;
      each = g_new0 (RdInterfaceFacts, 1);
      each->name = dup_string (interface, "name", "");
      each->kind = dup_string (interface, "kind", "");
      each->up = g_strcmp0 (rd_json_get_string (interface, "state"), "up") == 0;
      each->mtu = get_uint (interface, "mtu", 0);
      each->addresses = get_strv (interface, "addresses");
      each->vpn = is_vpn (vpns, each->name);
      g_ptr_array_add (facts->interfaces, each);
    }
  facts->vpn_active = rd_json_get_bool (local, "vpn_active", FALSE);
  facts->default_route_via_vpn = rd_json_get_bool (local, "default_route_via_vpn", FALSE);
  facts->gateway = dup_string (local, "gateway", NULL);
  facts->gateway_interface = dup_string (local, "gateway_interface", NULL);
  facts->gateway_probed = rd_json_get_value (local, "gateway_reachable", G_TYPE_BOOLEAN) != NULL;
  facts->gateway_reachable = rd_json_get_bool (local, "gateway_reachable", FALSE);
  facts->gateway_rtt_us = rd_json_get_int (local, "gateway_rtt_us", -1);
  facts->dns_servers = get_strv (local, "dns_servers");
  facts->network_available = rd_json_get_bool (local, "network_available", TRUE);
  facts->connectivity = dup_string (local, "connectivity", NULL);
  return facts;
}

/* The path's packet size. */

static void
clamped_free (RdClampedHandshake *handshake)
{
  g_free (handshake->outcome);
  g_free (handshake);
}

static void
mtu_facts_free (RdMtuFacts *facts)
{
  g_free (facts->interface);
  g_ptr_array_unref (facts->clamped);
  g_free (facts);
}

static guint
interface_mtu (const RdLocalFacts *local,
               const char         *name)
{
  for (guint i = 0; local != NULL && name != NULL && i < local->interfaces->len; i++)
    {
      RdInterfaceFacts *interface = g_ptr_array_index (local->interfaces, i);

      if (g_str_equal (interface->name, name))
        return interface->mtu > 0 ? interface->mtu : DEFAULT_INTERFACE_MTU;
    }
  return DEFAULT_INTERFACE_MTU;
}

static RdMtuFacts *
read_mtu (JsonObject         *mtu,
          const RdLocalFacts *local,
          GPtrArray          *causes)
{
  JsonArray *clamped = rd_json_get_array (mtu, "clamped");
  RdMtuFacts *facts;

  if (mtu == NULL)
    return NULL;

  facts = g_new0 (RdMtuFacts, 1);
  facts->interface = dup_string (mtu, "interface", NULL);
  facts->interface_mtu = interface_mtu (local, facts->interface);
  facts->route_mtu = get_uint (mtu, "route_mtu", 0);
  facts->path_mtu = get_uint (mtu, "path_mtu", 0);
  facts->clamped = g_ptr_array_new_with_free_func ((GDestroyNotify) clamped_free);
  for (guint i = 0; i < array_length (clamped); i++)
    {
      JsonObject *result = array_object (clamped, i);
      RdClampedHandshake *handshake;

      if (result == NULL)
        continue;
      handshake = g_new0 (RdClampedHandshake, 1);
      handshake->mss = get_uint (result, "mss", 0);
      handshake->outcome = dup_string (result, "outcome", "");
      handshake->completed = g_str_equal (handshake->outcome, "ok");
      handshake->handshake_ms = rd_json_get_int (result, "handshake_ms", -1);
      g_ptr_array_add (facts->clamped, handshake);
    }
  facts->largest_working_mss = get_uint (mtu, "largest_working_mss", 0);
  facts->suggested_mtu = get_uint (mtu, "suggested_mtu", DEFAULT_SUGGESTED_MTU);
  facts->blackhole = rd_causes_find (causes, RD_CAUSE_MTU_BLACKHOLE) != NULL;
  return facts;
}

static RdLatencyFacts *
read_latency (JsonObject *latency,
              GPtrArray  *causes)
{
  RdLatencyFacts *facts;

  if (latency == NULL)
    return NULL;
  facts = g_new0 (RdLatencyFacts, 1);
  facts->samples = get_uint (latency, "samples", 0);
  facts->lost = get_uint (latency, "lost", 0);
  facts->retransmitted = get_uint (latency, "retransmitted", 0);
  facts->connect_median_ms = rd_json_get_double (latency, "connect_median_ms", -1);
  facts->jitter_ms = rd_json_get_double (latency, "jitter_ms", -1);
  facts->rtt_ms = rd_json_get_double (latency, "rtt_ms", -1);
  facts->answer_ms = rd_json_get_double (latency, "answer_ms", -1);
  facts->gateway_rtt_ms = rd_json_get_double (latency, "gateway_rtt_ms", -1);
  facts->high = rd_causes_find (causes, RD_CAUSE_HIGH_LATENCY) != NULL;
  return facts;
}

/* The timeline. */

static void
message_free (RdTimelineMessage *message)
{
  g_free (message->text);
  g_free (message);
}

static void
step_free (RdTimelineStep *step)
{
  g_ptr_array_unref (step->messages);
  g_free (step->outcome);
  g_free (step);
}

static RdTimelineStep *
add_step (GPtrArray *steps,
          RdPhase    phase)
{
  RdTimelineStep *step = g_new0 (RdTimelineStep, 1);

  step->phase = phase;
  step->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  step->end = RD_PHASE_PASSED;
  g_ptr_array_add (steps, step);
  return step;
}

static void
add_message (RdTimelineStep *step,
             gboolean        to_host,
             const char     *text)
{
  RdTimelineMessage *message = g_new0 (RdTimelineMessage, 1);

  message->to_host = to_host;
  message->text = g_strdup (text);
  g_ptr_array_add (step->messages, message);
}

static void
end_step (RdTimelineStep *step,
          RdPhaseEnd      end,
          const char     *outcome,
          gint64          ms)
{
  step->end = end;
  g_free (step->outcome);
  step->outcome = g_strdup (outcome);
  step->ms = ms;
}

/* The SYN to the address that connected (else the first tried), and its
 * answer. TRUE when the handshake went on. */
static gboolean
tcp_step (GPtrArray *steps,
          RdFinding *tcp)
{
  g_autoptr(GPtrArray) addresses = read_addresses (rd_finding_get_evidence (tcp));
  const char *connected = rd_finding_get_string (tcp, "connected_address");
  RdAddressFacts *tried = NULL;
  RdTimelineStep *step;
  RdPhaseEnd end;

  for (guint i = 0; i < addresses->len; i++)
    {
      RdAddressFacts *address = g_ptr_array_index (addresses, i);

      if (tried == NULL || g_strcmp0 (address->address, connected) == 0)
        tried = address;
    }
  if (tried == NULL || *tried->state_name == '\0')
    return FALSE;

  step = add_step (steps, RD_PHASE_TCP);
  add_message (step, TRUE, "TCP SYN");
  switch (tried->state)
    {
    case RD_ADDRESS_CONNECTED:
      add_message (step, FALSE, "SYN-ACK");
      return TRUE;
    case RD_ADDRESS_REFUSED:
      add_message (step, FALSE, "RST");
      end = RD_PHASE_REFUSED;
      break;
    case RD_ADDRESS_UNREACHABLE:
      add_message (step, FALSE, "ICMP unreachable");
      end = RD_PHASE_UNREACHABLE;
      break;
    case RD_ADDRESS_FILTERED:
      end = RD_PHASE_NO_ANSWER;
      break;
    case RD_ADDRESS_FAILED:
    default:
      end = RD_PHASE_OTHER;
      break;
    }
  end_step (step, end, tried->state_name, rd_finding_get_duration_ms (tcp));
  return FALSE;
}

static gboolean
negotiate_step (GPtrArray *steps,
                RdFinding *negotiate)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *outcome_name = rd_finding_get_string (negotiate, "outcome");
  RdNegOutcome outcome;
  gboolean known = rd_neg_outcome_from_string (outcome_name, &outcome);
  RdTimelineStep *step;
  RdPhaseEnd end = RD_PHASE_OTHER;

  /* No request went out. */
  if (outcome_name == NULL ||
      (known && (outcome == RD_NEG_OUTCOME_CONNECT || outcome == RD_NEG_OUTCOME_CANCELLED)))
    return FALSE;

  step = add_step (steps, RD_PHASE_NEGOTIATE);
  add_message (step, TRUE, "X.224 Connection Request");
  /* A word of another version still shows where it stopped. */
  if (known)
    switch (outcome)
      {
      case RD_NEG_OUTCOME_RESPONSE:
        g_string_printf (text, "X.224 Connection Confirm (%s)",
                         rd_finding_get_string (negotiate, "selected_protocol"));
        add_message (step, FALSE, text->str);
        return TRUE;
      case RD_NEG_OUTCOME_LEGACY:
        add_message (step, FALSE, "X.224 Connection Confirm (RDP)");
        return TRUE;
      case RD_NEG_OUTCOME_FAILURE:
        g_string_printf (text, "RDP_NEG_FAILURE (%s)", rd_finding_get_string (negotiate, "failure"));
        add_message (step, FALSE, text->str);
        end = RD_PHASE_SECURITY_REFUSED;
        break;
      case RD_NEG_OUTCOME_CLOSED:
        end = RD_PHASE_CLOSED;
        break;
      case RD_NEG_OUTCOME_RESET:
        end = RD_PHASE_RESET;
        break;
      case RD_NEG_OUTCOME_TIMEOUT:
        end = RD_PHASE_NO_ANSWER;
        break;
      case RD_NEG_OUTCOME_TRUNCATED:
      case RD_NEG_OUTCOME_NOT_RDP:
        end = RD_PHASE_UNEXPECTED;
        break;
      case RD_NEG_OUTCOME_CONNECT:
      case RD_NEG_OUTCOME_CANCELLED:
      default:
        break;
      }
  end_step (step, end, outcome_name,
            rd_finding_get_int (negotiate, "answer_ms", rd_finding_get_duration_ms (negotiate)));
  return FALSE;
}

static gboolean
tls_step (GPtrArray *steps,
          RdFinding *tls)
{
  const char *outcome_name = rd_finding_get_string (tls, "outcome");
  JsonArray *messages = rd_json_get_array (rd_finding_get_evidence (tls), "messages");
  RdTlsOutcome outcome;
  RdTimelineStep *step;
  RdPhaseEnd end;

  if (outcome_name == NULL || messages == NULL)
    return FALSE;

  step = add_step (steps, RD_PHASE_TLS);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      const char *message = rd_json_node_holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
      g_autofree char *text = NULL;

      /* "> ClientHello" is sent, "< ServerHello" received. */
      if (message == NULL || strlen (message) < 3)
        continue;
      text = g_strdup_printf ("TLS %s", message + 2);
      add_message (step, message[0] == '>', text);
    }
  if (!rd_tls_outcome_from_string (outcome_name, &outcome))
    outcome = RD_TLS_ERROR;
  switch (outcome)
    {
    case RD_TLS_OK:
      return TRUE;
    case RD_TLS_RESET:
      end = RD_PHASE_RESET;
      break;
    case RD_TLS_CLOSED:
      end = RD_PHASE_CLOSED;
      break;
    case RD_TLS_TIMEOUT:
      end = RD_PHASE_NO_ANSWER;
      break;
    case RD_TLS_ALERT_RECEIVED:
      end = RD_PHASE_ALERT;
      break;
    case RD_TLS_ALERT_SENT:
    case RD_TLS_ERROR:
    case RD_TLS_CANCELLED:
    default:
      end = RD_PHASE_OTHER;
      break;
    }
  end_step (step, end, outcome_name, rd_finding_get_int (tls, "handshake_ms", rd_finding_get_duration_ms (tls)));
  return FALSE;
}

static void
nla_step (GPtrArray *steps,
          RdFinding *nla)
{
  const char *outcome = rd_finding_get_string (nla, "outcome");
  RdTimelineStep *step;
  RdPhaseEnd end;

  if (outcome == NULL || g_str_equal (outcome, "cancelled"))
    return;
  step = add_step (steps, RD_PHASE_NLA);
  add_message (step, TRUE, "CredSSP TSRequest (NTLM NEGOTIATE)");
  if (g_str_equal (outcome, "challenge"))
    {
      add_message (step, FALSE, "CredSSP TSRequest (NTLM CHALLENGE)");
      return;
    }
  /* A refusal is an answer: the host's TSRequest with its errorCode. */
  if (g_str_equal (outcome, "error-code"))
    {
      const char *code = rd_finding_get_string (nla, "error_name");
      g_autofree char *text = g_strdup_printf ("CredSSP TSRequest (errorCode %s)",
                                               code != NULL ? code : rd_finding_get_string (nla, "error_code"));

      add_message (step, FALSE, text);
    }
  if (g_str_equal (outcome, "reset"))
    end = RD_PHASE_RESET;
  else if (g_str_equal (outcome, "closed"))
    end = RD_PHASE_CLOSED;
  else if (g_str_equal (outcome, "timeout"))
    end = RD_PHASE_NO_ANSWER;
  else if (g_str_equal (outcome, "truncated") || g_str_equal (outcome, "malformed") ||
           g_str_equal (outcome, "oversized") || g_str_equal (outcome, "error-code"))
    end = RD_PHASE_UNEXPECTED;
  else
    end = RD_PHASE_OTHER;
  end_step (step, end, outcome, rd_finding_get_duration_ms (nla));
}

/**
 * rd_timeline_steps_new:
 * @findings: (element-type RdFinding) (nullable): the findings so far
 *
 * The handshake as far as it got: each phase's messages, and how the
 * phase where it stopped ended. A phase only follows one that passed.
 *
 * Returns: (transfer full) (element-type RdTimelineStep): the phases
 */
GPtrArray *
rd_timeline_steps_new (GPtrArray *findings)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  RdFinding *tcp = rd_findings_lookup (findings, "tcp");
  RdFinding *negotiate = rd_findings_lookup (findings, "negotiate");
  RdFinding *tls = rd_findings_lookup (findings, "tls");
  RdFinding *nla = rd_findings_lookup (findings, "nla");

  if (tcp != NULL && tcp_step (steps, tcp) &&
      negotiate != NULL && negotiate_step (steps, negotiate) &&
      tls != NULL && tls_step (steps, tls) &&
      nla != NULL)
    nla_step (steps, nla);
  return steps;
}

const char *
rd_phase_to_string (RdPhase phase)
{
  static const char * const names[] = {
    [RD_PHASE_TCP] = "tcp",
    [RD_PHASE_NEGOTIATE] = "negotiate",
    [RD_PHASE_TLS] = "tls",
    [RD_PHASE_NLA] = "nla",
  };

  return phase <= RD_PHASE_NLA ? names[phase] : "nla";
}

/* All of it. */

/**
 * rd_facts_new:
 * @findings: (element-type RdFinding): what the checks found
 * @causes: (element-type RdCause) (nullable): what the diagnosis named
 * @checked_at: when the checks ran: what a certificate's dates are
 *   judged against
 *
 * Returns: (transfer full): the facts of @findings, typed
 */
RdFacts *
rd_facts_new (GPtrArray *findings,
              GPtrArray *causes,
              GDateTime *checked_at)
{
  RdFacts *self = g_new0 (RdFacts, 1);
  JsonObject *tcp = evidence_of (findings, "tcp");

  g_return_val_if_fail (findings != NULL && checked_at != NULL, self);

  self->certificate = read_certificate (evidence_of (findings, "tls"), causes, g_date_time_to_unix (checked_at));
  self->negotiation = read_negotiation (evidence_of (findings, "negotiate"));
  self->dns = read_dns (evidence_of (findings, "dns"));
  self->local = read_local (evidence_of (findings, "local"));
  self->mtu = read_mtu (evidence_of (findings, "mtu"), self->local, causes);
  self->latency = read_latency (evidence_of (findings, "latency"), causes);
  self->ports = read_ports (evidence_of (findings, "ports"), evidence_of (findings, "udp"));
  self->addresses = read_addresses (tcp);
  self->working_address = dup_string (tcp, "connected_address", NULL);
  self->working_ipv4 = working_ipv4 (self->addresses);
  self->timeline = rd_timeline_steps_new (findings);
  self->details = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_details_free);
  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (self->details, rd_finding_details_new (g_ptr_array_index (findings, i)));
  return self;
}

void
rd_facts_free (RdFacts *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->certificate, certificate_facts_free);
  g_clear_pointer (&self->negotiation, negotiation_facts_free);
  g_clear_pointer (&self->dns, dns_facts_free);
  g_clear_pointer (&self->mtu, mtu_facts_free);
  g_clear_pointer (&self->local, local_facts_free);
  g_free (self->latency);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->addresses, g_ptr_array_unref);
  g_free (self->working_address);
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  g_clear_pointer (&self->details, g_ptr_array_unref);
  g_free (self);
}

const RdCertificateFacts *
rd_facts_get_certificate (const RdFacts *self)
{
  return self->certificate;
}

const RdNegotiationFacts *
rd_facts_get_negotiation (const RdFacts *self)
{
  return self->negotiation;
}

const RdDnsFacts *
rd_facts_get_dns (const RdFacts *self)
{
  return self->dns;
}

const RdMtuFacts *
rd_facts_get_mtu (const RdFacts *self)
{
  return self->mtu;
}

const RdLocalFacts *
rd_facts_get_local (const RdFacts *self)
{
  return self->local;
}

const RdLatencyFacts *
rd_facts_get_latency (const RdFacts *self)
{
  return self->latency;
}

GPtrArray *
rd_facts_get_ports (const RdFacts *self)
{
  return self->ports;
}

GPtrArray *
rd_facts_get_addresses (const RdFacts *self)
{
  return self->addresses;
}

const char *
rd_facts_get_working_address (const RdFacts *self)
{
  return self->working_address;
}

const char *
rd_facts_get_working_ipv4 (const RdFacts *self)
{
  return self->working_ipv4;
}

GPtrArray *
rd_facts_get_timeline (const RdFacts *self)
{
  return self->timeline;
}

GPtrArray *
rd_facts_get_details (const RdFacts *self)
{
  return self->details;
}
