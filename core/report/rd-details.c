/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <math.h>
#include <string.h>

#include "rd-details.h"

/*
 * A finding's evidence for a person who wants the details: each member
 * with a label in words and its value with its unit, numbers rounded as a
 * person reads them, dates as dates; objects as headings over their members,
 * lists of objects as one line per item.
 */

static const struct
{
  const char *member;
  const char *label;
} labels[] = {
  { "address", N_("Address") },
  { "addresses", N_("Addresses") },
  { "alert", N_("Alert") },
  { "alert_code", N_("Alert code") },
  { "alert_from", N_("Alert from") },
  { "answer_hex", N_("Answer (hex)") },
  { "answer_ms", N_("Answer time") },
  { "auth_schemes", N_("Sign-in methods offered") },
  { "cert_valid_local", N_("Certificate valid by this computer’s clock") },
  { "cert_valid_server", N_("Certificate valid by the remote computer’s clock") },
  { "certificate", N_("Certificate") },
  { "chain_length", N_("Certificates in the chain") },
  { "cipher", N_("Cipher") },
  { "clamped", N_("Handshakes with small packets") },
  { "common_name", N_("Made out to") },
  { "connect_median_ms", N_("Typical connection time") },
  { "connect_ms", N_("Connection time") },
  { "connect_samples_ms", N_("Connection times") },
  { "connected_address", N_("Address that connected") },
  { "connectivity", N_("Connectivity") },
  { "credentials_source", N_("Credentials source (setting)") },
  { "default_policy", N_("With this computer’s TLS settings") },
  { "default_route_via_vpn", N_("Default route through a VPN") },
  { "default_routes", N_("Default routes") },
  { "detail", N_("Detail") },
  { "died_after", N_("Stopped after") },
  { "direct_tls", N_("TLS without negotiation") },
  { "dns_computer", N_("Computer name (DNS)") },
  { "dns_domain", N_("Domain (DNS)") },
  { "dns_servers", N_("Name servers") },
  { "dns_servers_error", N_("Name servers: error") },
  { "dns_tree", N_("Forest (DNS)") },
  { "entries", N_("Computers remembered") },
  { "error", N_("Error") },
  { "error_code", N_("Error code") },
  { "error_name", N_("Error name") },
  { "exists", N_("Exists") },
  { "extended_client_data_supported", N_("Extended client data") },
  { "failure", N_("Refusal") },
  { "failure_code", N_("Refusal code") },
  { "family", N_("Address family") },
  { "files", N_("Certificate memory files") },
  { "first_bytes", N_("First bytes (hex)") },
  { "first_wrong_reply_hex", N_("First wrong reply (hex)") },
  { "first_wrong_reply_problem", N_("What was wrong with it") },
  { "flag_names", N_("Flags by name") },
  { "flags", N_("Flags") },
  { "gateway", N_("Router") },
  { "gateway_echo_method", N_("Router: echo method") },
  { "gateway_echo_sent", N_("Router: echo requests sent") },
  { "gateway_error", N_("Router: error") },
  { "gateway_interface", N_("Router: interface") },
  { "gateway_method", N_("Router: probe method") },
  { "gateway_probe", N_("Router: probe") },
  { "gateway_reachable", N_("Router answers") },
  { "gateway_rtt_ms", N_("Router: round trip") },
  { "gateway_rtt_us", N_("Router: round trip") },
  { "gfx_supported", N_("Graphics pipeline (GFX)") },
  { "handshake_ms", N_("Handshake time") },
  { "high", N_("Too slow") },
  { "host", N_("Host") },
  { "host_up", N_("Computer answers") },
  { "http_outcome", N_("HTTP answer") },
  { "http_problem", N_("What was wrong with the answer") },
  { "http_reason", N_("HTTP reason") },
  { "http_server", N_("Web server") },
  { "http_status", N_("HTTP status") },
  { "http_version", N_("HTTP version") },
  { "hybrid_ex_selected", N_("NLA with early user authorization chosen") },
  { "icmp", "ICMP" },
  { "interface", N_("Interface") },
  { "interfaces", N_("Interfaces") },
  { "interfaces_error", N_("Interfaces: error") },
  { "ipv4", N_("IPv4 addresses") },
  { "ipv4_error", N_("IPv4 lookup: error") },
  { "ipv6", N_("IPv6 addresses") },
  { "ipv6_error", N_("IPv6 lookup: error") },
  { "issuer", N_("Issued by") },
  { "jitter_ms", N_("Jitter") },
  { "key_bits", N_("Key size (bits)") },
  { "key_type", N_("Key type") },
  { "kind", N_("Kind") },
  { "label", N_("Service") },
  { "largest_working_mss", N_("Largest segment that worked") },
  { "legacy_policy", N_("With old encryption allowed") },
  { "legacy_retry", N_("Retry with old TLS versions allowed") },
  { "literal", N_("Typed as an address") },
  { "local_time", N_("This computer’s time") },
  { "looks_like", N_("Looks like") },
  { "lost", N_("Lost") },
  { "measured_fingerprint", N_("Fingerprint shown now") },
  { "messages", N_("Messages") },
  { "metric", N_("Metric") },
  { "mss", N_("Segment size (MSS)") },
  { "mtu", "MTU" },
  { "name", N_("Name") },
  { "negotiation", N_("Negotiation") },
  { "netbios_computer", N_("Computer name (NetBIOS)") },
  { "netbios_domain", N_("Domain (NetBIOS)") },
  { "network_available", N_("Network available") },
  { "normal_retry", N_("Second handshake of normal size") },
  { "nla_required", N_("NLA required") },
  { "not_after", N_("Valid until") },
  { "not_after_unix", N_("Valid until") },
  { "not_before", N_("Valid from") },
  { "not_before_unix", N_("Valid from") },
  { "ntlm", N_("NTLM sign-in start") },
  { "offset_s", N_("Clock difference") },
  { "operstate", N_("Link state") },
  { "os_version", N_("Operating system") },
  { "outcome", N_("Outcome") },
  { "path", N_("File") },
  { "path_mtu", N_("Path MTU") },
  { "path_mtu_method", N_("Path MTU: method") },
  { "path_mtu_probes", N_("Path MTU: probes") },
  { "ping_answered", N_("Answers ping") },
  { "port", N_("Port") },
  { "ports", N_("Ports") },
  { "probes", N_("Probes") },
  { "problem", N_("Problem") },
  { "received_at_unix", N_("Received at") },
  { "remembered", N_("Remembered") },
  { "remote_credential_guard_supported", N_("Remote Credential Guard") },
  { "requested", N_("Asked for") },
  { "resolution_timed_out", N_("Name lookup timed out") },
  { "resolvers", N_("Asked (name servers)") },
  { "restricted_admin_supported", N_("Restricted Admin mode") },
  { "retransmitted", N_("Sent again") },
  { "reverse", N_("Reverse names") },
  { "route_mtu", N_("Route MTU") },
  { "rpc_over_http", N_("RPC over HTTP (the older transport)") },
  { "routes_error", N_("Routes: error") },
  { "rtt_ms", N_("Round trip") },
  { "rtt_us", N_("Round trip") },
  { "same_certificate", N_("Same certificate") },
  { "samples", N_("Samples") },
  { "san_dns", N_("Also valid for") },
  { "san_ip", N_("Also valid for (addresses)") },
  { "security_bits", N_("Security strength (bits)") },
  { "security_level", N_("OpenSSL security level") },
  { "selected_protocol", N_("What it chose") },
  { "self_signed", N_("Self-signed") },
  { "sent_authenticate", N_("AUTHENTICATE sent") },
  { "sent_version", N_("Version sent") },
  { "server_ms", N_("Remote computer’s own answer time") },
  { "server_down_mtu", N_("Remote computer’s downstream MTU") },
  { "server_receive_window", N_("Remote computer’s receive window") },
  { "server_time", N_("Remote computer’s time") },
  { "server_time_unix", N_("Remote computer’s time") },
  { "server_udp_version", N_("Remote computer’s UDP version") },
  { "server_up_mtu", N_("Remote computer’s upstream MTU") },
  { "sha256", N_("SHA-256 fingerprint") },
  { "signature_algorithm", N_("Signature algorithm") },
  { "signature_hash", N_("Signature hash") },
  { "slow_server", N_("Remote computer slow to answer") },
  { "source", N_("Source") },
  { "stale_file", N_("File that remembers another certificate") },
  { "standard_rdp_accepted", N_("Old Remote Desktop security accepted") },
  { "state", N_("State") },
  { "stored_fingerprint", N_("Fingerprint remembered") },
  { "subject", N_("Subject") },
  { "suggested_mtu", N_("Suggested MTU") },
  { "syn_ack_flags", N_("SYN-ACK flags") },
  { "syns_sent", N_("SYNs sent") },
  { "target_name", N_("Target name") },
  { "timed_out", N_("Timed out") },
  { "tls", "TLS" },
  { "tls_only_accepted", N_("TLS without NLA accepted") },
  { "tpkt_length", N_("TPKT length") },
  { "unanswered", N_("Unanswered") },
  { "usage", N_("When the gateway is used") },
  { "version", N_("Version") },
  { "vpn", N_("VPNs") },
  { "vpn_active", N_("VPN active") },
  { "wrong_replies", N_("Wrong replies") },
};

/* A member whose name means something else in one check's evidence. */
static const struct
{
  const char *check_id;
  const char *member;
  const char *label;
} check_labels[] = {
  { "nla", "version", N_("CredSSP version") },
  { "nla", "sent_version", N_("CredSSP version sent") },
};

/* Members that tell whether the remote computer supports something. */
static const char *const supported_flags[] = {
  "extended_client_data_supported", "gfx_supported", "remote_credential_guard_supported",
  "restricted_admin_supported", NULL,
};

/* Neither empty nor missing: a dash. */
#define NOTHING "—"

/* A member of a newer version, or a name of its own (a reverse lookup's
 * address): shown as it is, underscores as spaces. */
static char *
label_for (const char *check_id,
           const char *member)
{
  char *label;

  for (guint i = 0; check_id != NULL && i < G_N_ELEMENTS (check_labels); i++)
    if (g_str_equal (check_labels[i].check_id, check_id) && g_str_equal (check_labels[i].member, member))
      return g_strdup (_(check_labels[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].member, member))
      return g_strdup (_(labels[i].label));
  label = g_strdelimit (g_strdup (member), "_", ' ');
  if (g_ascii_islower (label[0]))
    label[0] = g_ascii_toupper (label[0]);
  return label;
}

/* Members whose numbers count bytes (an RDPEUDP receive window counts
 * datagrams, key sizes count bits: their labels say so). */
static const char *const byte_counts[] = {
  "largest_working_mss", "mss", "mtu", "path_mtu", "route_mtu", "server_down_mtu",
  "server_up_mtu", "suggested_mtu", "tpkt_length", NULL,
};

/* The unit a member's name gives its numbers, with the space before it;
 * microseconds are shown as milliseconds. */
static const char *
unit_for (const char *member)
{
  if (g_str_has_suffix (member, "_ms") || g_str_has_suffix (member, "_us"))
    return " ms";
  if (g_str_has_suffix (member, "_s"))
    return " s";
  return "";
}

/* As a person reads a measurement: one decimal below 10, none from 10 on
 * (0.1, 9.5, 12, 217), not 0.10000000000000001. */
static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup (NOTHING);
  value = fabs (value) < 10 ? round (value * 10) / 10 : round (value);
  if (value == 0)
    value = 0;                  /* not "-0" */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, value == floor (value) ? "%.0f" : "%.1f", value));
}

/* A number with the unit its member's name gives it. */
static char *
format_number (JsonNode   *node,
               const char *member)
{
  gboolean integer = json_node_get_value_type (node) == G_TYPE_INT64;
  g_autofree char *number = NULL;

  if (g_strv_contains (byte_counts, member))
    {
      gint64 bytes = integer ? json_node_get_int (node) : (gint64) round (json_node_get_double (node));

      number = g_strdup_printf ("%" G_GINT64_FORMAT, bytes);
      /* Translators: a size in bytes, e.g. "1400 bytes" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", (gulong) ABS (bytes)), number);
    }
  if (g_str_has_suffix (member, "_us"))
    number = format_double (json_node_get_double (node) / 1000);
  else if (integer)
    number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    number = format_double (json_node_get_double (node));
  return g_strconcat (number, unit_for (member), NULL);
}

/* Dates and times the same way, whether the check wrote Unix seconds or
 * ISO 8601 ("2021-01-01T00:00:00Z"). */
static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

static char *
format_unix_time (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_time);

  return date != NULL ? format_date (date) : g_strdup_printf ("%" G_GINT64_FORMAT, unix_time);
}

static char *
format_string (const char *text,
               const char *member)
{
  g_autoptr(GDateTime) date = NULL;

  if (*text == '\0')
    return g_strdup (NOTHING);
  /* The product version the NTLM CHALLENGE carries: major.minor.build. */
  if (g_str_equal (member, "os_version"))
    /* Translators: %s is a version such as 10.0.20348 */
    return g_strdup_printf (_("Windows build %s"), text);
  if (strlen (text) >= strlen ("2021-01-01T00:00:00Z") && text[10] == 'T' &&
      (date = g_date_time_new_from_iso8601 (text, NULL)) != NULL)
    return format_date (date);
  return g_strdup (text);
}

static char *
format_scalar (JsonNode   *node,
               const char *member)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return g_strdup (NOTHING);
    case JSON_NODE_VALUE:
      break;
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
    default:
      return NULL;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return format_string (json_node_get_string (node), member);
    case G_TYPE_BOOLEAN:
      if (g_strv_contains (supported_flags, member))
        return g_strdup (json_node_get_boolean (node) ? _("supported") : _("not supported"));
      return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));
    case G_TYPE_INT64:
      if (g_str_has_suffix (member, "_unix"))
        return format_unix_time (json_node_get_int (node));
      return format_number (node, member);
    case G_TYPE_DOUBLE:
      return format_number (node, member);
    default:
      return g_strdup (NOTHING);
    }
}

static gboolean
all_scalars (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNodeType type = JSON_NODE_TYPE (json_array_get_element (array, i));

      if (type == JSON_NODE_OBJECT || type == JSON_NODE_ARRAY)
        return FALSE;
    }
  return TRUE;
}

/* "12:00 UTC" beside "…_unix": the same moment once is enough. */
static gboolean
shown_elsewhere (JsonObject *object,
                 const char *member)
{
  g_autofree char *readable = NULL;

  if (!g_str_has_suffix (member, "_unix"))
    return FALSE;
  readable = g_strndup (member, strlen (member) - strlen ("_unix"));
  return json_object_has_member (object, readable);
}

static char *format_inline (JsonNode *node, const char *member);

/* An object on one line: "Label: value; Label: value". */
static char *
format_object_inline (JsonObject *object)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;

      if (shown_elsewhere (object, l->data))
        continue;
      label = label_for (NULL, l->data);
      value = format_inline (json_object_get_member (object, l->data), l->data);
      if (out->len > 0)
        g_string_append (out, "; ");
      /* Translators: a label and its value in the technical details, e.g. "Port: 3389" */
      g_string_append_printf (out, _("%s: %s"), label, value);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : g_strdup (NOTHING);
}

/* Any value on one line; a list's items separated by commas. */
static char *
format_inline (JsonNode   *node,
               const char *member)
{
  g_autoptr(GString) out = NULL;
  JsonArray *array;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autofree char *inner = format_object_inline (object);

      return json_object_get_size (object) > 0 ? g_strdup_printf ("(%s)", inner) : g_steal_pointer (&inner);
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return format_scalar (node, member);

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return g_strdup (NOTHING);
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = format_inline (json_array_get_element (array, i), member);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, item);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_row (GPtrArray  *rows,
         char       *label,
         char       *value,
         guint       depth)
{
  RdDetailRow *row = g_new0 (RdDetailRow, 1);

  row->label = label;
  row->value = value;
  row->depth = depth;
  g_ptr_array_add (rows, row);
}

/* @check_id: the check whose evidence @object is, NULL for an object in it */
static void
add_object_rows (GPtrArray  *rows,
                 const char *check_id,
                 JsonObject *object,
                 guint       depth)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (object, name);
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (shown_elsewhere (object, name))
        continue;
      if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) > 0)
        {
          /* A heading, its members below it. */
          add_row (rows, label_for (check_id, name), g_strdup (""), depth);
          add_object_rows (rows, NULL, json_node_get_object (node), depth + 1);
        }
      else if (array != NULL && json_array_get_length (array) > 0 && !all_scalars (array))
        {
          /* A heading, then a line per item. */
          add_row (rows, label_for (check_id, name), g_strdup (""), depth);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *item = json_array_get_element (array, i);

              add_row (rows, NULL,
                       JSON_NODE_HOLDS_OBJECT (item) ? format_object_inline (json_node_get_object (item))
                                                     : format_inline (item, name),
                       depth + 1);
            }
        }
      else
        add_row (rows, label_for (check_id, name), format_inline (node, name), depth);
    }
}

static void
detail_row_free (RdDetailRow *row)
{
  g_free (row->label);
  g_free (row->value);
  g_free (row);
}

/**
 * rd_finding_details_new:
 *
 * Returns: (transfer full): @finding's check, status, summary and time,
 *   and its evidence as rows for a person
 */
RdFindingDetails *
rd_finding_details_new (const RdFinding *finding)
{
  RdFindingDetails *details = g_new0 (RdFindingDetails, 1);
  JsonObject *evidence = rd_finding_get_evidence (finding);

  details->check_id = g_strdup (rd_finding_get_check_id (finding));
  details->status = rd_finding_get_status (finding);
  details->summary = g_strdup (rd_finding_get_summary (finding));
  details->duration_ms = rd_finding_get_duration_ms (finding);
  details->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) detail_row_free);
  if (evidence != NULL)
    add_object_rows (details->rows, details->check_id, evidence, 0);
  return details;
}

void
rd_finding_details_free (RdFindingDetails *details)
{
  if (details == NULL)
    return;
  g_free (details->check_id);
  g_free (details->summary);
  g_ptr_array_unref (details->rows);
  g_free (details);
}
