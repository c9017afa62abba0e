/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-diagnosis.h"
#include "rd-remedies.h"
#include "rd-tls.h"

/*
 * The rules: each looks at the findings and may name causes. They are kept
 * small and independent; rd_diagnose() ranks what they found. A new check
 * comes with new rules appended to the table below.
 */

typedef struct
{
  const RdTarget *target;
  GHashTable     *findings;   /* check id -> RdFinding */
  GPtrArray      *causes;
} Rules;

static RdFinding *
finding (Rules      *rules,
         const char *id)
{
  return g_hash_table_lookup (rules->findings, id);
}

static void
name_cause (Rules      *rules,
            const char *id,
            RdSeverity  severity,
            double      confidence)
{
  RdCause *cause;

  /* Two rules may reach the same cause: keep one, at the graver reading. */
  for (guint i = 0; i < rules->causes->len; i++)
    {
      cause = g_ptr_array_index (rules->causes, i);
      if (g_str_equal (cause->id, id))
        {
          cause->severity = MIN (cause->severity, severity);
          cause->confidence = MAX (cause->confidence, confidence);
          return;
        }
    }

  cause = rd_cause_new (id, severity, confidence);

  rd_remedies_describe (cause, rules->target, rules->findings);
  g_ptr_array_add (rules->causes, cause);
}

static void
rule_dns (Rules *rules)
{
  RdFinding *dns = finding (rules, "dns");

  if (dns != NULL && rd_finding_get_status (dns) == RD_STATUS_FAIL)
    name_cause (rules, "dns-resolution-failed", RD_SEVERITY_ERROR, 0.95);
}

static void
rule_tcp (Rules *rules)
{
  RdFinding *tcp = finding (rules, "tcp");
  JsonNode *node;
  JsonArray *addresses;
  guint connected = 0, refused = 0, filtered = 0, unreachable = 0, v6_failed = 0;
  guint n;

  if (tcp == NULL)
    return;
  node = json_object_get_member (rd_finding_get_evidence (tcp), "addresses");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  addresses = json_node_get_array (node);
  n = json_array_get_length (addresses);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (addresses, i);
      JsonObject *result;
      const char *state;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      result = json_node_get_object (element);
      state = json_object_get_string_member_with_default (result, "state", "");

      if (g_str_equal (state, "connected"))
        connected++;
      else
        {
          /* A refusal on IPv6 means nothing listens there, not a broken path. */
          if (g_str_equal (json_object_get_string_member_with_default (result, "family", ""), "ipv6") &&
              !g_str_equal (state, "refused"))
            v6_failed++;
          if (g_str_equal (state, "refused"))
            refused++;
          else if (g_str_equal (state, "filtered"))
            filtered++;
          else
            unreachable++;      /* "error" too, as the tcp check itself says */
        }
    }

  if (n == 0)
    return;

  if (connected == 0)
    {
      /* The most telling answer wins: a refusal proves the host is there. */
      if (refused > 0)
        name_cause (rules, "port-refused", RD_SEVERITY_ERROR, 0.9);
      else if (filtered > 0)
        name_cause (rules, "port-filtered", RD_SEVERITY_ERROR, 0.85);
      else if (unreachable > 0)
        name_cause (rules, "host-unreachable", RD_SEVERITY_ERROR, 0.85);
    }
  else if (v6_failed > 0)
    name_cause (rules, "ipv6-path-broken", RD_SEVERITY_WARNING, 0.7);
}

static void
rule_negotiate (Rules *rules)
{
  RdFinding *negotiate = finding (rules, "negotiate");
  const char *outcome;
  gint64 code;

  if (negotiate == NULL)
    return;
  outcome = rd_finding_get_string (negotiate, "outcome");
  if (outcome == NULL)
    return;

  if (g_str_equal (outcome, "closed") || g_str_equal (outcome, "reset"))
    name_cause (rules, "listener-drops-connections", RD_SEVERITY_ERROR,
                g_str_equal (outcome, "closed") ? 0.8 : 0.75);
  else if (g_str_equal (outcome, "timeout"))
    name_cause (rules, "handshake-timeout", RD_SEVERITY_ERROR, 0.8);
  else if (g_str_equal (outcome, "not-rdp") || g_str_equal (outcome, "truncated"))
    name_cause (rules, "not-rdp", RD_SEVERITY_ERROR, 0.85);
  else if (g_str_equal (outcome, "legacy"))
    name_cause (rules, "negotiation-ssl-not-allowed", RD_SEVERITY_ERROR, 0.8);
  else if (g_str_equal (outcome, "response"))
    {
      if (g_strcmp0 (rd_finding_get_string (negotiate, "selected_protocol"), "RDP") == 0)
        name_cause (rules, "negotiation-ssl-not-allowed", RD_SEVERITY_WARNING, 0.7);
    }
  else if (g_str_equal (outcome, "failure"))
    {
      code = rd_finding_get_int (negotiate, "failure_code", 0);
      switch (code)
        {
        case 1:
          name_cause (rules, "negotiation-ssl-required", RD_SEVERITY_ERROR, 0.9);
          break;
        case 2:
          name_cause (rules, "negotiation-ssl-not-allowed", RD_SEVERITY_ERROR, 0.9);
          break;
        case 3:
          name_cause (rules, "negotiation-cert-missing", RD_SEVERITY_ERROR, 0.9);
          break;
        case 5:
          name_cause (rules, "negotiation-hybrid-required", RD_SEVERITY_ERROR, 0.9);
          break;
        case 6:
          name_cause (rules, "negotiation-user-auth-required", RD_SEVERITY_ERROR, 0.9);
          break;
        default:
          /* INCONSISTENT_FLAGS to a consistent request, or a code the
           * specification does not have: not a host that speaks RDP properly. */
          name_cause (rules, "not-rdp", RD_SEVERITY_ERROR, 0.6);
          break;
        }
    }
}

static JsonObject *
evidence_object (RdFinding  *f,
                 const char *member)
{
  JsonNode *node = f != NULL ? json_object_get_member (rd_finding_get_evidence (f), member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The host's clock, when its NTLM CHALLENGE gave it. */
static gboolean
host_time (Rules  *rules,
           gint64 *offset)
{
  RdFinding *clock = finding (rules, "clock");

  if (clock == NULL || json_object_get_member (rd_finding_get_evidence (clock), "offset_s") == NULL)
    return FALSE;
  *offset = rd_finding_get_int (clock, "offset_s", 0);
  return TRUE;
}

static char *
first_label (const char *name)
{
  const char *dot = strchr (name, '.');

  return g_ascii_strdown (name, dot != NULL ? dot - name : -1);
}

/* RDP certificates name the computer; a person may type its short name or
 * its full one, and either is fine. */
static gboolean
name_matches (const char *typed,
              const char *certified)
{
  g_autofree char *typed_label = NULL;
  g_autofree char *certified_label = NULL;

  if (certified == NULL || *certified == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (typed, certified) == 0)
    return TRUE;
  if (g_str_has_prefix (certified, "*."))
    {
      const char *dot = strchr (typed, '.');
      return dot != NULL && g_ascii_strcasecmp (dot + 1, certified + 2) == 0;
    }
  typed_label = first_label (typed);
  certified_label = first_label (certified);
  return g_str_equal (typed_label, certified_label);
}

static void
rule_certificate (Rules      *rules,
                  JsonObject *certificate)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 not_before = json_object_get_int_member_with_default (certificate, "not_before_unix", G_MININT64);
  gint64 not_after = json_object_get_int_member_with_default (certificate, "not_after_unix", G_MAXINT64);
  const char *key_type = json_object_get_string_member_with_default (certificate, "key_type", "");
  gint64 key_bits = json_object_get_int_member_with_default (certificate, "key_bits", 0);
  const char *hash = json_object_get_string_member_with_default (certificate, "signature_hash", "");
  gint64 offset = 0;
  gboolean have_host_time = host_time (rules, &offset);

  if (now > not_after || now < not_before)
    {
      gint64 host_now = now + offset;

      /* Valid by the host's clock: it is this computer's clock that is wrong. */
      if (have_host_time && host_now >= not_before && host_now <= not_after)
        name_cause (rules, "clock-skew", RD_SEVERITY_ERROR, 0.85);
      else if (now > not_after)
        name_cause (rules, "tls-cert-expired", RD_SEVERITY_ERROR, 0.85);
      else
        name_cause (rules, "tls-cert-not-yet-valid", RD_SEVERITY_ERROR, 0.8);
    }

  if ((g_str_equal (key_type, "RSA") || g_str_equal (key_type, "DSA")) && key_bits > 0 && key_bits < 2048)
    name_cause (rules, "tls-cert-weak", RD_SEVERITY_WARNING, 0.7);
  else if (g_str_equal (key_type, "EC") && key_bits > 0 && key_bits < 224)
    name_cause (rules, "tls-cert-weak", RD_SEVERITY_WARNING, 0.7);
  if (g_ascii_strcasecmp (hash, "SHA1") == 0 || g_ascii_strcasecmp (hash, "MD5") == 0)
    name_cause (rules, "tls-cert-weak", RD_SEVERITY_WARNING, 0.7);

  if (rd_target_get_kind (rules->target) == RD_TARGET_KIND_NAME)
    {
      const char *host = rd_target_get_host (rules->target);
      JsonNode *san = json_object_get_member (certificate, "san_dns");
      gboolean matched = FALSE, any_san = FALSE;

      if (san != NULL && JSON_NODE_HOLDS_ARRAY (san))
        {
          JsonArray *names = json_node_get_array (san);
          for (guint i = 0; i < json_array_get_length (names); i++)
            {
              any_san = TRUE;
              matched |= name_matches (host, json_array_get_string_element (names, i));
            }
        }
      /* The common name counts only when there are no DNS names (RFC 6125). */
      if (!any_san)
        matched = name_matches (host, json_object_get_string_member_with_default (certificate, "common_name", NULL));
      if (!matched)
        name_cause (rules, "tls-cert-name-mismatch", RD_SEVERITY_WARNING, 0.6);
    }

  if (json_object_get_boolean_member_with_default (certificate, "self_signed", FALSE))
    name_cause (rules, "tls-cert-self-signed", RD_SEVERITY_INFO, 0.5);
}

static void
rule_tls (Rules *rules)
{
  RdFinding *tls = finding (rules, "tls");
  JsonObject *retry = evidence_object (tls, "legacy_retry");
  JsonObject *certificate = evidence_object (tls, "certificate");
  const char *outcome;

  if (tls == NULL || (outcome = rd_finding_get_string (tls, "outcome")) == NULL)
    return;

  if (g_str_equal (outcome, "reset") || g_str_equal (outcome, "closed") ||
      g_str_equal (outcome, "alert-received") || g_str_equal (outcome, "alert-sent") ||
      g_str_equal (outcome, "error"))
    {
      const char *retry_outcome = retry != NULL ? json_object_get_string_member_with_default (retry, "outcome", "") : "";

      if (g_str_equal (retry_outcome, "ok"))
        {
          int version = rd_tls_version_number (json_object_get_string_member_with_default (retry, "version", NULL));

          /* Only the permissive handshake worked: either the host knows
           * nothing newer than TLS 1.1, or its key or signature is too weak
           * for today's security level. */
          if (version > 0 && version < 12)
            name_cause (rules, "tls-protocol-mismatch", RD_SEVERITY_ERROR, 0.9);
          else
            name_cause (rules, "tls-cert-weak", RD_SEVERITY_ERROR, 0.8);
        }
      else if (g_str_equal (outcome, "reset") || g_str_equal (outcome, "closed"))
        name_cause (rules, "tls-handshake-terminated", RD_SEVERITY_ERROR, 0.85);
      else if (g_str_equal (outcome, "error"))
        name_cause (rules, "tls-handshake-terminated", RD_SEVERITY_ERROR, 0.6);
      else
        name_cause (rules, "tls-protocol-mismatch", RD_SEVERITY_ERROR, 0.75);
    }
  else if (g_str_equal (outcome, "timeout"))
    name_cause (rules, "handshake-timeout", RD_SEVERITY_ERROR, 0.75);

  if (certificate != NULL)
    rule_certificate (rules, certificate);
}

static void
rule_nla (Rules *rules)
{
  RdFinding *nla = finding (rules, "nla");
  const char *outcome = nla != NULL ? rd_finding_get_string (nla, "outcome") : NULL;

  if (outcome == NULL || g_str_equal (outcome, "challenge") || g_str_equal (outcome, "cancelled"))
    return;
  name_cause (rules, "nla-failed", RD_SEVERITY_ERROR, g_str_equal (outcome, "timeout") ? 0.6 : 0.8);
}

static void
rule_clock (Rules *rules)
{
  gint64 offset;

  if (host_time (rules, &offset) && ABS (offset) > 5 * 60)
    name_cause (rules, "clock-skew", RD_SEVERITY_WARNING, 0.7);
}

/* The host's own name differs from the one typed: the name leads elsewhere. */
static void
rule_dns_mismatch (Rules *rules)
{
  RdFinding *nla = finding (rules, "nla");
  const char *netbios, *dns;
  g_autofree char *typed = NULL;

  if (nla == NULL || rd_target_get_kind (rules->target) != RD_TARGET_KIND_NAME)
    return;
  netbios = rd_finding_get_string (nla, "netbios_computer");
  dns = rd_finding_get_string (nla, "dns_computer");
  if (netbios == NULL && dns == NULL)
    return;

  typed = first_label (rd_target_get_host (rules->target));
  if ((netbios != NULL && name_matches (typed, netbios)) || (dns != NULL && name_matches (typed, dns)))
    return;
  name_cause (rules, "dns-mismatch", RD_SEVERITY_WARNING, 0.65);
}

static gboolean
target_is_local (Rules *rules)
{
  g_autoptr(GInetAddress) address = NULL;

  if (rd_target_get_kind (rules->target) == RD_TARGET_KIND_NAME)
    return g_ascii_strcasecmp (rd_target_get_host (rules->target), "localhost") == 0;
  address = g_inet_address_new_from_string (rd_target_get_host (rules->target));
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The host was never reached: no address, or no address connected. */
static gboolean
host_not_reached (Rules *rules)
{
  RdFinding *dns = finding (rules, "dns");
  RdFinding *tcp = finding (rules, "tcp");

  if (dns != NULL && rd_finding_get_status (dns) == RD_STATUS_FAIL)
    return TRUE;
  return tcp != NULL && rd_finding_get_status (tcp) == RD_STATUS_FAIL;
}

/* "198.18.0.1/24" as the network it names; GIO wants the host bits clear. */
static GInetAddressMask *
network_from_string (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", 2);
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GInetAddress) network = NULL;
  guint8 bytes[16];
  gsize size;
  guint64 prefix;

  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[1], 10, 0, 128, &prefix, NULL))
    return NULL;
  address = g_inet_address_new_from_string (parts[0]);
  if (address == NULL)
    return NULL;
  size = g_inet_address_get_native_size (address);
  if (prefix > size * 8)
    return NULL;
  memcpy (bytes, g_inet_address_to_bytes (address), size);
  for (gsize bit = prefix; bit < size * 8; bit++)
    bytes[bit / 8] &= ~(0x80 >> (bit % 8));
  network = g_inet_address_new_from_bytes (bytes, g_inet_address_get_family (address));
  return g_inet_address_mask_new (network, prefix, NULL);
}

/* The host is on one of this computer's own networks, so no router (and no
 * default route) is needed to reach it. When its name did not resolve, the
 * same question is asked of the name servers. */
static gboolean
target_on_link (Rules     *rules,
                RdFinding *local)
{
  JsonNode *interfaces = json_object_get_member (rd_finding_get_evidence (local), "interfaces");
  RdFinding *dns = finding (rules, "dns");
  JsonNode *addresses = dns != NULL ? json_object_get_member (rd_finding_get_evidence (dns), "addresses") : NULL;

  if (addresses == NULL || !JSON_NODE_HOLDS_ARRAY (addresses) || json_array_get_length (json_node_get_array (addresses)) == 0)
    addresses = json_object_get_member (rd_finding_get_evidence (local), "dns_servers");
  if (interfaces == NULL || !JSON_NODE_HOLDS_ARRAY (interfaces) || addresses == NULL || !JSON_NODE_HOLDS_ARRAY (addresses))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (interfaces)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (interfaces), i);
      JsonNode *networks;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      networks = json_object_get_member (json_node_get_object (element), "addresses");
      if (networks == NULL || !JSON_NODE_HOLDS_ARRAY (networks))
        continue;
      for (guint n = 0; n < json_array_get_length (json_node_get_array (networks)); n++)
        {
          const char *network = json_array_get_string_element (json_node_get_array (networks), n);
          g_autoptr(GInetAddressMask) mask = network != NULL ? network_from_string (network) : NULL;

          for (guint a = 0; mask != NULL && a < json_array_get_length (json_node_get_array (addresses)); a++)
            {
              const char *text = json_array_get_string_element (json_node_get_array (addresses), a);
              g_autoptr(GInetAddress) address = text != NULL ? g_inet_address_new_from_string (text) : NULL;

              if (address != NULL && g_inet_address_get_family (address) == g_inet_address_mask_get_family (mask) &&
                  g_inet_address_mask_matches (mask, address))
                return TRUE;
            }
        }
    }
  return FALSE;
}

static void
rule_local (Rules *rules)
{
  RdFinding *local = finding (rules, "local");

  if (local == NULL || target_is_local (rules) || !host_not_reached (rules) || target_on_link (rules, local))
    return;

  /* This computer's own network explains the failure before anything on the
   * way or at the host can. */
  if (rd_finding_get_status (local) == RD_STATUS_FAIL)
    name_cause (rules, "local-network-down", RD_SEVERITY_ERROR, 0.95);
  else if (json_object_get_member (rd_finding_get_evidence (local), "gateway_reachable") != NULL &&
           !rd_finding_get_bool (local, "gateway_reachable", TRUE))
    name_cause (rules, "gateway-unreachable", RD_SEVERITY_ERROR, 0.9);
}

static void
rule_ports (Rules *rules)
{
  RdFinding *ports = finding (rules, "ports");

  /* The computer answers elsewhere: a filtered RDP port is a firewall rule,
   * not a computer that is off. */
  if (ports != NULL && rd_finding_get_bool (ports, "host_up", FALSE))
    for (guint i = 0; i < rules->causes->len; i++)
      {
        RdCause *cause = g_ptr_array_index (rules->causes, i);
        if (g_str_equal (cause->id, "port-filtered"))
          cause->confidence = MAX (cause->confidence, 0.92);
      }
}

static void
rule_udp (Rules *rules)
{
  RdFinding *udp = finding (rules, "udp");
  RdFinding *tcp = finding (rules, "tcp");
  const char *outcome = udp != NULL ? rd_finding_get_string (udp, "outcome") : NULL;

  /* Only a verdict when TCP gets through: otherwise TCP's problem comes first. */
  if (outcome == NULL || tcp == NULL ||
      (rd_finding_get_status (tcp) != RD_STATUS_PASS && rd_finding_get_status (tcp) != RD_STATUS_WARN))
    return;
  if (g_str_equal (outcome, "silent"))
    name_cause (rules, "udp-blocked", RD_SEVERITY_WARNING, 0.55);
  else if (g_str_equal (outcome, "unreachable"))
    name_cause (rules, "udp-blocked", RD_SEVERITY_WARNING, 0.6);
}

static void
rule_mtu (Rules *rules)
{
  RdFinding *mtu = finding (rules, "mtu");
  RdFinding *tls = finding (rules, "tls");

  /* The normal handshake stalled while one with small packets completed. */
  if (mtu != NULL && tls != NULL && g_strcmp0 (rd_finding_get_string (tls, "outcome"), "timeout") == 0 &&
      rd_finding_get_int (mtu, "largest_working_mss", 0) > 0)
    name_cause (rules, "mtu-blackhole", RD_SEVERITY_ERROR, 0.9);
}

static void
rule_latency (Rules *rules)
{
  RdFinding *latency = finding (rules, "latency");

  if (latency != NULL && rd_finding_get_bool (latency, "high", FALSE))
    name_cause (rules, "high-latency", RD_SEVERITY_WARNING, 0.6);
}

static gboolean
has (Rules      *rules,
     const char *id)
{
  for (guint i = 0; i < rules->causes->len; i++)
    if (g_str_equal (((RdCause *) g_ptr_array_index (rules->causes, i))->id, id))
      return TRUE;
  return FALSE;
}

/* A VPN is up and the trouble is of the kind VPNs cause. */
static void
rule_vpn (Rules *rules)
{
  RdFinding *local = finding (rules, "local");

  if (local == NULL || !rd_finding_get_bool (local, "vpn_active", FALSE))
    return;
  if (has (rules, "mtu-blackhole") || has (rules, "udp-blocked") || has (rules, "high-latency"))
    name_cause (rules, "vpn-path", RD_SEVERITY_WARNING, 0.55);
}

static void (* const rules_table[]) (Rules *rules) = {
  rule_local,
  rule_dns,
  rule_tcp,
  rule_negotiate,
  rule_tls,
  rule_nla,
  rule_clock,
  rule_dns_mismatch,
  rule_ports,
  rule_udp,
  rule_mtu,
  rule_latency,
  rule_vpn,
};

static int
compare_causes (gconstpointer a,
                gconstpointer b)
{
  const RdCause *x = *(const RdCause * const *) a;
  const RdCause *y = *(const RdCause * const *) b;

  if (x->severity != y->severity)
    return x->severity < y->severity ? -1 : 1;
  if (x->confidence != y->confidence)
    return x->confidence > y->confidence ? -1 : 1;
  return 0;
}

/**
 * rd_diagnose:
 * @target: what was checked
 * @findings: (element-type RdFinding): what the checks found
 *
 * Returns: (transfer full) (element-type RdCause): the causes, the one that
 *   best explains the failure first, informational ones last.
 */
GPtrArray *
rd_diagnose (const RdTarget *target,
             GPtrArray      *findings)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  Rules rules = { target, by_id, g_ptr_array_new_with_free_func ((GDestroyNotify) rd_cause_free) };

  for (guint i = 0; i < findings->len; i++)
    {
      RdFinding *f = g_ptr_array_index (findings, i);
      g_hash_table_insert (by_id, (gpointer) rd_finding_get_check_id (f), f);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rules_table); i++)
    rules_table[i] (&rules);

  /* Stable sort keeps the rules' order among equals: path before protocol. */
  g_ptr_array_sort (rules.causes, compare_causes);
  return rules.causes;
}

/* Causes and remedies as data. */

RdCause *
rd_cause_new (const char *id,
              RdSeverity  severity,
              double      confidence)
{
  RdCause *cause = g_new0 (RdCause, 1);

  cause->id = g_strdup (id);
  cause->severity = severity;
  cause->confidence = CLAMP (confidence, 0.0, 1.0);
  cause->remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_remedy_free);
  return cause;
}

void
rd_cause_free (RdCause *cause)
{
  if (cause == NULL)
    return;
  g_free (cause->id);
  g_free (cause->title);
  g_free (cause->explanation);
  g_ptr_array_unref (cause->remedies);
  g_free (cause);
}

static void
rd_command_free (RdCommand *command)
{
  g_free (command->shell);
  g_free (command->text);
  g_free (command);
}

RdRemedy *
rd_remedy_new (const char *id,
               RdSide      side,
               const char *title)
{
  RdRemedy *remedy = g_new0 (RdRemedy, 1);

  remedy->id = g_strdup (id);
  remedy->side = side;
  remedy->title = g_strdup (title);
  remedy->steps = g_ptr_array_new_with_free_func (g_free);
  remedy->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_command_free);
  return remedy;
}

void
rd_remedy_free (RdRemedy *remedy)
{
  if (remedy == NULL)
    return;
  g_free (remedy->id);
  g_free (remedy->title);
  g_free (remedy->action);
  g_ptr_array_unref (remedy->steps);
  g_ptr_array_unref (remedy->commands);
  g_free (remedy);
}

void
rd_remedy_add_step (RdRemedy   *remedy,
                    const char *step)
{
  g_ptr_array_add (remedy->steps, g_strdup (step));
}

void
rd_remedy_add_command (RdRemedy   *remedy,
                       const char *shell,
                       const char *text)
{
  RdCommand *command = g_new0 (RdCommand, 1);

  command->shell = g_strdup (shell);
  command->text = g_strdup (text);
  g_ptr_array_add (remedy->commands, command);
}

static const char * const severity_names[] = { "error", "warning", "info" };
static const char * const side_names[] = { "client", "host", "network" };

const char *
rd_severity_to_string (RdSeverity severity)
{
  return severity <= RD_SEVERITY_INFO ? severity_names[severity] : "error";
}

gboolean
rd_severity_from_string (const char *text,
                         RdSeverity *severity)
{
  for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++)
    if (g_strcmp0 (text, severity_names[i]) == 0)
      return (*severity = i), TRUE;
  return FALSE;
}

const char *
rd_side_to_string (RdSide side)
{
  return side <= RD_SIDE_NETWORK ? side_names[side] : "client";
}

gboolean
rd_side_from_string (const char *text,
                     RdSide     *side)
{
  for (guint i = 0; i < G_N_ELEMENTS (side_names); i++)
    if (g_strcmp0 (text, side_names[i]) == 0)
      return (*side = i), TRUE;
  return FALSE;
}

static JsonNode *
remedy_to_json (const RdRemedy *remedy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, remedy->id);
  json_builder_set_member_name (builder, "side");
  json_builder_add_string_value (builder, rd_side_to_string (remedy->side));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, remedy->title);
  json_builder_set_member_name (builder, "lowers_security");
  json_builder_add_boolean_value (builder, remedy->lowers_security);
  if (remedy->action != NULL)
    {
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, remedy->action);
    }
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < remedy->steps->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (remedy->steps, i));
  json_builder_end_array (builder);
  /* An object keyed by shell, as the report contract says; a shell that has
   * several lines gets them joined by newlines, in order. */
  json_builder_set_member_name (builder, "commands");
  json_builder_begin_object (builder);
  {
    g_autoptr(GPtrArray) shells = g_ptr_array_new ();

    for (guint i = 0; i < remedy->commands->len; i++)
      {
        RdCommand *command = g_ptr_array_index (remedy->commands, i);
        g_autoptr(GString) text = NULL;

        if (g_ptr_array_find_with_equal_func (shells, command->shell, g_str_equal, NULL))
          continue;
        g_ptr_array_add (shells, command->shell);
        text = g_string_new (NULL);
        for (guint j = i; j < remedy->commands->len; j++)
          {
            RdCommand *other = g_ptr_array_index (remedy->commands, j);
            if (!g_str_equal (other->shell, command->shell))
              continue;
            if (text->len > 0)
              g_string_append_c (text, '\n');
            g_string_append (text, other->text);
          }
        json_builder_set_member_name (builder, command->shell);
        json_builder_add_string_value (builder, text->str);
      }
  }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rd_cause_to_json (const RdCause *cause)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, cause->id);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, rd_severity_to_string (cause->severity));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, cause->confidence);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, cause->title != NULL ? cause->title : "");
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, cause->explanation != NULL ? cause->explanation : "");
  json_builder_set_member_name (builder, "remedies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cause->remedies->len; i++)
    json_builder_add_value (builder, remedy_to_json (g_ptr_array_index (cause->remedies, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static RdRemedy *
remedy_new_from_json (JsonNode *node)
{
  JsonObject *object;
  JsonNode *member;
  RdSide side;
  const char *id;
  RdRemedy *remedy;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL ||
      !rd_side_from_string (json_object_get_string_member_with_default (object, "side", NULL), &side))
    return NULL;

  remedy = rd_remedy_new (id, side, json_object_get_string_member_with_default (object, "title", ""));
  remedy->lowers_security = json_object_get_boolean_member_with_default (object, "lowers_security", FALSE);
  remedy->action = g_strdup (json_object_get_string_member_with_default (object, "action", NULL));

  member = json_object_get_member (object, "steps");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *steps = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (steps); i++)
        {
          JsonNode *step = json_array_get_element (steps, i);
          if (JSON_NODE_HOLDS_VALUE (step) && json_node_get_value_type (step) == G_TYPE_STRING)
            rd_remedy_add_step (remedy, json_node_get_string (step));
        }
    }

  member = json_object_get_member (object, "commands");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *commands = json_node_get_object (member);
      GList *shells = json_object_get_members (commands);

      for (GList *l = shells; l != NULL; l = l->next)
        {
          JsonNode *text = json_object_get_member (commands, l->data);
          if (JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
            rd_remedy_add_command (remedy, l->data, json_node_get_string (text));
        }
      g_list_free (shells);
    }

  return remedy;
}

/**
 * rd_cause_new_from_json:
 *
 * Loads a cause from a saved report, as it was written (its texts are not
 * translated again).
 */
RdCause *
rd_cause_new_from_json (JsonNode  *node,
                        GError   **error)
{
  JsonObject *object;
  JsonNode *member;
  RdSeverity severity;
  const char *id;
  RdCause *cause;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);
  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL || *id == '\0' ||
      !rd_severity_from_string (json_object_get_string_member_with_default (object, "severity", NULL),
                                &severity))
    goto invalid;

  cause = rd_cause_new (id, severity, json_object_get_double_member_with_default (object, "confidence", 0.5));
  cause->title = g_strdup (json_object_get_string_member_with_default (object, "title", ""));
  cause->explanation = g_strdup (json_object_get_string_member_with_default (object, "explanation", ""));

  member = json_object_get_member (object, "remedies");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *remedies = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (remedies); i++)
        {
          RdRemedy *remedy = remedy_new_from_json (json_array_get_element (remedies, i));
          if (remedy != NULL)
            g_ptr_array_add (cause->remedies, remedy);
        }
    }
  return cause;

invalid:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A cause in the report is incomplete or damaged."));
  return NULL;
}
