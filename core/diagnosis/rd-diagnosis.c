/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-credssp.h"
#include "rd-diagnosis.h"
#include "rd-json.h"
#include "rd-remedies.h"
#include "rd-negotiation.h"
#include "rd-tls.h"

/* Ethernet's: a path that carries it carries the handshake. */
#define FULL_SIZE_MTU 1500

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

/* The MTU check's second handshake of normal size completed: whatever
 * held up the TLS check's handshake did not hold up this one. */
static gboolean
normal_retry_worked (Rules *rules)
{
  RdFinding *mtu = finding (rules, "mtu");
  JsonObject *retry = rd_json_get_object (mtu != NULL ? rd_finding_get_evidence (mtu) : NULL, "normal_retry");

  return retry != NULL && g_strcmp0 (json_object_get_string_member_with_default (retry, "outcome", NULL), "ok") == 0;
}

static void
name_cause (Rules      *rules,
            RdCauseId   id,
            RdSeverity  severity,
            double      confidence)
{
  RdCause *cause = rd_causes_find (rules->causes, id);

  /* Two rules may reach the same cause: keep one, at the graver reading. */
  if (cause != NULL)
    {
      cause->severity = MIN (cause->severity, severity);
      cause->confidence = MAX (cause->confidence, confidence);
      return;
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
    name_cause (rules, RD_CAUSE_DNS_RESOLUTION_FAILED, RD_SEVERITY_ERROR, 0.95);
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
        name_cause (rules, RD_CAUSE_PORT_REFUSED, RD_SEVERITY_ERROR, 0.9);
      else if (filtered > 0)
        name_cause (rules, RD_CAUSE_PORT_FILTERED, RD_SEVERITY_ERROR, 0.85);
      else if (unreachable > 0)
        name_cause (rules, RD_CAUSE_HOST_UNREACHABLE, RD_SEVERITY_ERROR, 0.85);
    }
  else if (v6_failed > 0)
    name_cause (rules, RD_CAUSE_IPV6_PATH_BROKEN, RD_SEVERITY_WARNING, 0.7);
}

/* The cause an RDP_NEG_FAILURE code names, %RD_CAUSE_OTHER for a code
 * that names none. */
static RdCauseId
failure_cause (gint64 code)
{
  static const struct
  {
    gint64    code;
    RdCauseId cause;
  } failures[] = {
    { 1, RD_CAUSE_NEGOTIATION_SSL_REQUIRED },
    { 2, RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED },
    { 3, RD_CAUSE_NEGOTIATION_CERT_MISSING },
    { 5, RD_CAUSE_NEGOTIATION_HYBRID_REQUIRED },
    { 6, RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    if (failures[i].code == code)
      return failures[i].cause;
  return RD_CAUSE_OTHER;
}

static void
rule_negotiate (Rules *rules)
{
  RdFinding *negotiate = finding (rules, "negotiate");
  RdNegOutcome outcome;

  if (negotiate == NULL ||
      !rd_neg_outcome_from_string (rd_finding_get_string (negotiate, "outcome"), &outcome))
    return;

  if (outcome == RD_NEG_OUTCOME_CLOSED || outcome == RD_NEG_OUTCOME_RESET)
    name_cause (rules, RD_CAUSE_LISTENER_DROPS_CONNECTIONS, RD_SEVERITY_ERROR,
                outcome == RD_NEG_OUTCOME_CLOSED ? 0.8 : 0.75);
  else if (outcome == RD_NEG_OUTCOME_TIMEOUT)
    name_cause (rules, RD_CAUSE_HANDSHAKE_TIMEOUT, RD_SEVERITY_ERROR, 0.8);
  else if (outcome == RD_NEG_OUTCOME_NOT_RDP || outcome == RD_NEG_OUTCOME_TRUNCATED)
    name_cause (rules, RD_CAUSE_NOT_RDP, RD_SEVERITY_ERROR, 0.85);
  /* Old security only, however the host says it (an old server's bare
   * confirm, "RDP selected", or SSL_NOT_ALLOWED_BY_SERVER): apps that
   * negotiate still connect, those set to TLS or NLA do not. One finding,
   * one severity. */
  else if (outcome == RD_NEG_OUTCOME_LEGACY)
    name_cause (rules, RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED, RD_SEVERITY_WARNING, 0.8);
  else if (outcome == RD_NEG_OUTCOME_RESPONSE)
    {
      if (g_strcmp0 (rd_finding_get_string (negotiate, "selected_protocol"), "RDP") == 0)
        name_cause (rules, RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED, RD_SEVERITY_WARNING, 0.8);
    }
  else if (outcome == RD_NEG_OUTCOME_FAILURE)
    {
      RdCauseId cause = failure_cause (rd_finding_get_int (negotiate, "failure_code", 0));

      /* A failure code the specification does not have (or INCONSISTENT_FLAGS
       * to a consistent request): not a host that speaks RDP properly. */
      if (cause == RD_CAUSE_OTHER)
        name_cause (rules, RD_CAUSE_NOT_RDP, RD_SEVERITY_ERROR, 0.6);
      else if (cause == RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED)
        name_cause (rules, cause, RD_SEVERITY_WARNING, 0.8);
      else
        name_cause (rules, cause, RD_SEVERITY_ERROR, 0.9);
    }
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

/* Every address the name led to is this computer's own: a tunnel (ssh -L)
 * or a forwarded port, whose far end has its own name. */
static gboolean
name_is_loopback (Rules *rules)
{
  const char *host = rd_target_get_host (rules->target);
  RdFinding *dns = finding (rules, "dns");
  JsonNode *node = dns != NULL ? json_object_get_member (rd_finding_get_evidence (dns), "addresses") : NULL;
  JsonArray *addresses;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost") ||
      g_str_has_suffix (host, ".localhost."))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return FALSE;
  addresses = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (addresses); i++)
    {
      const char *text = json_array_get_string_element (addresses, i);
      g_autoptr(GInetAddress) address = text != NULL ? g_inet_address_new_from_string (text) : NULL;

      if (address == NULL || !g_inet_address_get_is_loopback (address))
        return FALSE;
    }
  return TRUE;
}

/* Whether @certificate is made out to @host, by its DNS names or, when it
 * has none, its common name (RFC 6125), compared by @matches. */
static gboolean
certificate_names (JsonObject  *certificate,
                   const char  *host,
                   gboolean   (*matches) (const char *typed, const char *certified))
{
  JsonNode *san = json_object_get_member (certificate, "san_dns");
  gboolean matched = FALSE, any_san = FALSE;

  if (san != NULL && JSON_NODE_HOLDS_ARRAY (san))
    {
      JsonArray *names = json_node_get_array (san);
      for (guint i = 0; i < json_array_get_length (names); i++)
        {
          any_san = TRUE;
          matched |= matches (host, json_array_get_string_element (names, i));
        }
    }
  if (!any_san)
    matched = matches (host, json_object_get_string_member_with_default (certificate, "common_name", NULL));
  return matched;
}

static void
rule_certificate (Rules      *rules,
                  JsonObject *certificate)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  RdCertValidity validity = rd_tls_certificate_validity (certificate, now);
  gint64 offset = 0;
  gboolean have_host_time = host_time (rules, &offset);

  if (validity != RD_CERT_VALID)
    {
      /* Valid by the host's clock: it is this computer's clock that is wrong. */
      if (have_host_time && rd_tls_certificate_validity (certificate, now + offset) == RD_CERT_VALID)
        name_cause (rules, RD_CAUSE_CLOCK_SKEW, RD_SEVERITY_ERROR, 0.85);
      else if (validity == RD_CERT_EXPIRED)
        name_cause (rules, RD_CAUSE_TLS_CERT_EXPIRED, RD_SEVERITY_ERROR, 0.85);
      else
        name_cause (rules, RD_CAUSE_TLS_CERT_NOT_YET_VALID, RD_SEVERITY_ERROR, 0.8);
    }

  /* When only the old rules let the handshake through, that cause already
   * carries the new certificate among its fixes: one cause for the host. */
  if (rd_tls_certificate_is_weak (certificate) &&
      rd_causes_find (rules->causes, RD_CAUSE_TLS_CLIENT_POLICY_STRICTER) == NULL)
    name_cause (rules, RD_CAUSE_TLS_CERT_WEAK, RD_SEVERITY_WARNING, 0.7);

  /* Through a tunnel the certificate names the far end, never "localhost":
   * the app will ask, and that is all. */
  if (rd_target_get_kind (rules->target) == RD_TARGET_KIND_NAME &&
      !certificate_names (certificate, rd_target_get_host (rules->target), name_matches))
    {
      gboolean tunnel = name_is_loopback (rules);

      name_cause (rules, RD_CAUSE_TLS_CERT_NAME_MISMATCH, tunnel ? RD_SEVERITY_INFO : RD_SEVERITY_WARNING,
                  tunnel ? 0.4 : 0.6);
    }

  if (json_object_get_boolean_member_with_default (certificate, "self_signed", FALSE))
    name_cause (rules, RD_CAUSE_TLS_CERT_SELF_SIGNED, RD_SEVERITY_INFO, 0.5);
}

static void
rule_tls (Rules *rules)
{
  RdFinding *tls = finding (rules, "tls");
  JsonObject *retry = rd_json_get_object (tls != NULL ? rd_finding_get_evidence (tls) : NULL, "legacy_retry");
  JsonObject *certificate = rd_json_get_object (tls != NULL ? rd_finding_get_evidence (tls) : NULL, "certificate");
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

          /* Only the permissive handshake worked: the host speaks TLS, but
           * only in ways this computer's settings refuse (TLS 1.0 or 1.1,
           * SHA-1 signatures, small key exchange groups) and Windows
           * clients may still accept. An old version explains it fully;
           * otherwise our own refusal is likelier than a host that broke
           * off once and not again. */
          if (version > 0 && version < 12)
            name_cause (rules, RD_CAUSE_TLS_CLIENT_POLICY_STRICTER, RD_SEVERITY_ERROR, 0.9);
          else if (g_str_equal (outcome, "alert-sent") || g_str_equal (outcome, "error"))
            name_cause (rules, RD_CAUSE_TLS_CLIENT_POLICY_STRICTER, RD_SEVERITY_ERROR, 0.8);
          else
            name_cause (rules, RD_CAUSE_TLS_CLIENT_POLICY_STRICTER, RD_SEVERITY_ERROR, 0.65);
        }
      else if (g_str_equal (outcome, "reset") || g_str_equal (outcome, "closed"))
        name_cause (rules, RD_CAUSE_TLS_HANDSHAKE_TERMINATED, RD_SEVERITY_ERROR, 0.85);
      else if (g_str_equal (outcome, "error"))
        name_cause (rules, RD_CAUSE_TLS_HANDSHAKE_TERMINATED, RD_SEVERITY_ERROR, 0.6);
      else
        name_cause (rules, RD_CAUSE_TLS_PROTOCOL_MISMATCH, RD_SEVERITY_ERROR, 0.75);
    }
  else if (g_str_equal (outcome, "timeout") && normal_retry_worked (rules))
    name_cause (rules, RD_CAUSE_HANDSHAKE_INTERMITTENT, RD_SEVERITY_WARNING, 0.6);
  else if (g_str_equal (outcome, "timeout"))
    name_cause (rules, RD_CAUSE_HANDSHAKE_TIMEOUT, RD_SEVERITY_ERROR, 0.75);

  if (certificate != NULL)
    rule_certificate (rules, certificate);
}

/* The errorCode the host answered our NTLM NEGOTIATE with, as a cause:
 * nothing but NTLM itself was on the table (no name, no password), so a
 * code that names the package refusing it says NTLM is not accepted. A
 * bare logon refusal most likely means the same, less surely. Any other
 * code (a token it could not read, e.g. from a server that wants SPNEGO)
 * says only that NLA broke off. */
static void
rule_nla_error_code (Rules      *rules,
                     const char *text)
{
  RdCredsspStatusKind kind = RD_CREDSSP_STATUS_OTHER;
  guint64 code;

  if (text != NULL && g_str_has_prefix (text, "0x") &&
      g_ascii_string_to_unsigned (text + 2, 16, 0, G_MAXUINT32, &code, NULL))
    rd_credssp_status_lookup ((guint32) code, &kind);

  if (kind == RD_CREDSSP_STATUS_PACKAGE_REFUSED)
    name_cause (rules, RD_CAUSE_NLA_NTLM_REFUSED, RD_SEVERITY_ERROR, 0.85);
  else if (kind == RD_CREDSSP_STATUS_LOGON_REFUSED)
    name_cause (rules, RD_CAUSE_NLA_NTLM_REFUSED, RD_SEVERITY_ERROR, 0.6);
  else
    name_cause (rules, RD_CAUSE_NLA_FAILED, RD_SEVERITY_ERROR, 0.8);
}

static void
rule_nla (Rules *rules)
{
  RdFinding *nla = finding (rules, "nla");
  const char *outcome = nla != NULL ? rd_finding_get_string (nla, "outcome") : NULL;
  gint64 version = nla != NULL ? rd_finding_get_int (nla, "version", 0) : 0;

  /* Whatever else it said, a CredSSP version before 5 is one updated
   * Windows clients refuse by default (CVE-2018-0886), while FreeRDP still
   * connects: a warning, not an error. */
  if (version > 0 && version <= G_MAXUINT32 && rd_credssp_version_outdated ((guint32) version))
    name_cause (rules, RD_CAUSE_CREDSSP_OUTDATED, RD_SEVERITY_WARNING, 0.9);

  if (outcome == NULL || g_str_equal (outcome, "challenge") || g_str_equal (outcome, "cancelled"))
    return;
  if (g_str_equal (outcome, "error-code"))
    {
      rule_nla_error_code (rules, rd_finding_get_string (nla, "error_code"));
      return;
    }
  /* A bare close, reset or silence is not the NTLM refusal: a server of
   * CredSSP version 3 or later reports a failed negotiation in errorCode
   * (MS-CSSP 2.2.1), and we announce version 6. The same close comes from
   * a CredSSP service that broke, a server that dislikes our TSRequest, a
   * proxy or a security device on the way: nla-failed says only what was
   * seen. */
  name_cause (rules, RD_CAUSE_NLA_FAILED, RD_SEVERITY_ERROR, g_str_equal (outcome, "timeout") ? 0.6 : 0.8);
}

static void
rule_clock (Rules *rules)
{
  gint64 offset;

  if (host_time (rules, &offset) && ABS (offset) > 5 * 60)
    name_cause (rules, RD_CAUSE_CLOCK_SKEW, RD_SEVERITY_WARNING, 0.7);
}

/* The host's own name differs from the one typed: the name leads elsewhere. */
/* The typed name is in the computer's own DNS domain (or a bare label), so
 * a different first label names a different computer. A name in another
 * domain is an alias (a CNAME, a dynamic DNS name, a router's forwarded
 * port) and says nothing about which computer answers. */
static gboolean
name_in_host_domain (const char *typed,
                     const char *dns_computer,
                     const char *dns_domain)
{
  const char *dot = strchr (typed, '.');
  const char *domain = dns_domain;

  if (dot == NULL || dot[1] == '\0')
    return TRUE;
  if ((domain == NULL || *domain == '\0') && dns_computer != NULL && strchr (dns_computer, '.') != NULL)
    domain = strchr (dns_computer, '.') + 1;
  return domain != NULL && *domain != '\0' && g_ascii_strcasecmp (dot + 1, domain) == 0;
}

static void
rule_dns_mismatch (Rules *rules)
{
  RdFinding *nla = finding (rules, "nla");
  const char *netbios, *dns, *host;
  g_autofree char *typed = NULL;

  if (nla == NULL || rd_target_get_kind (rules->target) != RD_TARGET_KIND_NAME || name_is_loopback (rules))
    return;
  netbios = rd_finding_get_string (nla, "netbios_computer");
  dns = rd_finding_get_string (nla, "dns_computer");
  if (netbios == NULL && dns == NULL)
    return;

  host = rd_target_get_host (rules->target);
  typed = first_label (host);
  if ((netbios != NULL && name_matches (typed, netbios)) || (dns != NULL && name_matches (typed, dns)))
    return;
  if (!name_in_host_domain (host, dns, rd_finding_get_string (nla, "dns_domain")))
    return;
  name_cause (rules, RD_CAUSE_DNS_MISMATCH, RD_SEVERITY_WARNING, 0.65);
}

static gboolean
is_local (const char   *host,
          RdTargetKind  kind)
{
  g_autoptr(GInetAddress) address = NULL;

  if (kind == RD_TARGET_KIND_NAME)
    return g_ascii_strcasecmp (host, "localhost") == 0;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The first hop the app makes: the Remote Desktop Gateway when it goes
 * through one, else the computer. */
static gboolean
target_is_local (Rules *rules)
{
  if (rd_target_uses_rdgateway (rules->target))
    return is_local (rd_target_get_rdgateway_host (rules->target), rd_target_get_rdgateway_kind (rules->target));
  return is_local (rd_target_get_host (rules->target), rd_target_get_kind (rules->target));
}

/* That first hop was never reached: no address, or no address connected. */
static gboolean
host_not_reached (Rules *rules)
{
  RdFinding *dns = finding (rules, "dns");
  RdFinding *tcp = finding (rules, "tcp");

  if (rd_target_uses_rdgateway (rules->target))
    {
      RdFinding *rdgateway = finding (rules, "rdgateway");
      const char *outcome = rdgateway != NULL ? rd_finding_get_string (rdgateway, "outcome") : NULL;

      return outcome != NULL &&
             (g_str_equal (outcome, "resolution-failed") || g_str_equal (outcome, "filtered") ||
              g_str_equal (outcome, "unreachable"));
    }
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
    name_cause (rules, RD_CAUSE_LOCAL_NETWORK_DOWN, RD_SEVERITY_ERROR, 0.95);
  else if (json_object_get_member (rd_finding_get_evidence (local), "gateway_reachable") != NULL &&
           !rd_finding_get_bool (local, "gateway_reachable", TRUE))
    name_cause (rules, RD_CAUSE_GATEWAY_UNREACHABLE, RD_SEVERITY_ERROR, 0.9);
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
        if (cause->id == RD_CAUSE_PORT_FILTERED)
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
    name_cause (rules, RD_CAUSE_UDP_BLOCKED, RD_SEVERITY_WARNING, 0.55);
  else if (g_str_equal (outcome, "unreachable"))
    name_cause (rules, RD_CAUSE_UDP_BLOCKED, RD_SEVERITY_WARNING, 0.6);
}

static void
rule_mtu (Rules *rules)
{
  RdFinding *mtu = finding (rules, "mtu");
  RdFinding *tls = finding (rules, "tls");
  gint64 path_mtu, route_mtu;

  /* A black hole is consistent: the normal handshake stalled, and stalled
   * again, while those with small packets completed. */
  if (mtu == NULL || tls == NULL || g_strcmp0 (rd_finding_get_string (tls, "outcome"), "timeout") != 0 ||
      rd_finding_get_int (mtu, "largest_working_mss", 0) <= 0 || normal_retry_worked (rules))
    return;

  /* And the ping search agrees: full-size packets that come back with
   * "don't fragment" set are not lost on the way. */
  path_mtu = rd_finding_get_int (mtu, "path_mtu", 0);
  route_mtu = rd_finding_get_int (mtu, "route_mtu", 0);
  if (path_mtu > 0 && path_mtu >= MIN (route_mtu > 0 ? route_mtu : FULL_SIZE_MTU, FULL_SIZE_MTU))
    return;
  name_cause (rules, RD_CAUSE_MTU_BLACKHOLE, RD_SEVERITY_ERROR, 0.9);
}

static void
rule_latency (Rules *rules)
{
  RdFinding *latency = finding (rules, "latency");

  if (latency != NULL && rd_finding_get_bool (latency, "high", FALSE))
    name_cause (rules, RD_CAUSE_HIGH_LATENCY, RD_SEVERITY_WARNING, 0.6);
  else if (latency != NULL && rd_finding_get_bool (latency, "slow_server", FALSE))
    name_cause (rules, RD_CAUSE_SERVER_SLOW, RD_SEVERITY_WARNING, 0.6);
}

static gboolean
has (Rules     *rules,
     RdCauseId  id)
{
  return rd_causes_find (rules->causes, id) != NULL;
}

/* A VPN is up and the trouble is of the kind VPNs cause. */
static void
rule_vpn (Rules *rules)
{
  RdFinding *local = finding (rules, "local");

  if (local == NULL || !rd_finding_get_bool (local, "vpn_active", FALSE))
    return;
  if (has (rules, RD_CAUSE_MTU_BLACKHOLE) || has (rules, RD_CAUSE_UDP_BLOCKED) || has (rules, RD_CAUSE_HIGH_LATENCY))
    name_cause (rules, RD_CAUSE_VPN_PATH, RD_SEVERITY_WARNING, 0.55);
}

/* ---- the Remote Desktop Gateway ----------------------------------------- */

/* A gateway's certificate must name it exactly (or by a wildcard for one
 * label), as TLS clients check: a short name does not do. */
static gboolean
rdgateway_name_matches (const char *typed,
                        const char *certified)
{
  const char *dot;

  if (certified == NULL || *certified == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (typed, certified) == 0)
    return TRUE;
  dot = strchr (typed, '.');
  return g_str_has_prefix (certified, "*.") && dot != NULL && dot != typed &&
         g_ascii_strcasecmp (dot + 1, certified + 2) == 0;
}

static void
rule_rdgateway_certificate (Rules      *rules,
                            JsonObject *certificate)
{
  RdCertValidity validity = rd_tls_certificate_validity (certificate, g_get_real_time () / G_USEC_PER_SEC);

  if (validity != RD_CERT_VALID)
    name_cause (rules, RD_CAUSE_RDGATEWAY_CERT_EXPIRED, RD_SEVERITY_ERROR, 0.85);
  if (rd_target_get_rdgateway_kind (rules->target) == RD_TARGET_KIND_NAME &&
      !certificate_names (certificate, rd_target_get_rdgateway_host (rules->target), rdgateway_name_matches))
    name_cause (rules, RD_CAUSE_RDGATEWAY_CERT_NAME_MISMATCH, RD_SEVERITY_ERROR, 0.8);
  if (json_object_get_boolean_member_with_default (certificate, "self_signed", FALSE))
    name_cause (rules, RD_CAUSE_RDGATEWAY_CERT_SELF_SIGNED, RD_SEVERITY_WARNING, 0.6);
}

/* Negotiate without NTLM (or a password scheme) to fall back on: Kerberos. */
static gboolean
rdgateway_kerberos_only (JsonObject *evidence)
{
  JsonNode *node = json_object_get_member (evidence, "auth_schemes");
  gboolean negotiate = FALSE, other = FALSE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      const char *scheme = json_array_get_string_element (json_node_get_array (node), i);

      if (scheme == NULL)
        continue;
      if (g_ascii_strcasecmp (scheme, "Negotiate") == 0 || g_ascii_strcasecmp (scheme, "Kerberos") == 0)
        negotiate = TRUE;
      else
        other = TRUE;
    }
  return negotiate && !other;
}

static void
rule_rdgateway (Rules *rules)
{
  static const struct
  {
    const char *outcome;
    RdCauseId   cause;
    double      confidence;
  } outcomes[] = {
    { "resolution-failed", RD_CAUSE_RDGATEWAY_RESOLUTION_FAILED, 0.9 },
    { "refused", RD_CAUSE_RDGATEWAY_PORT_CLOSED, 0.9 },
    { "filtered", RD_CAUSE_RDGATEWAY_PORT_CLOSED, 0.85 },
    { "unreachable", RD_CAUSE_RDGATEWAY_PORT_CLOSED, 0.8 },
    { "tls-failed", RD_CAUSE_RDGATEWAY_TLS_FAILED, 0.8 },
    /* A plain web server answers 404 too: the explanation says so, and a
     * 401 to RPC over HTTP (below) shows a gateway. */
    { "http-disabled", RD_CAUSE_RDGATEWAY_HTTP_DISABLED, 0.6 },
    { "closed", RD_CAUSE_RDGATEWAY_REFUSED, 0.75 },
    { "reset", RD_CAUSE_RDGATEWAY_REFUSED, 0.75 },
    { "timeout", RD_CAUSE_RDGATEWAY_REFUSED, 0.5 },
    { "not-a-gateway", RD_CAUSE_RDGATEWAY_NOT_A_GATEWAY, 0.8 },
    { "unexpected-status", RD_CAUSE_RDGATEWAY_NOT_A_GATEWAY, 0.6 },
  };
  RdFinding *rdgateway = finding (rules, "rdgateway");
  JsonObject *evidence = rdgateway != NULL ? rd_finding_get_evidence (rdgateway) : NULL;
  JsonObject *certificate = rd_json_get_object (rd_json_get_object (evidence, "tls"), "certificate");
  JsonObject *rpc = rd_json_get_object (evidence, "rpc_over_http");
  const char *outcome = rdgateway != NULL ? rd_finding_get_string (rdgateway, "outcome") : NULL;

  if (outcome == NULL || rd_target_get_rdgateway_host (rules->target) == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_str_equal (outcome, outcomes[i].outcome))
      name_cause (rules, outcomes[i].cause, RD_SEVERITY_ERROR, outcomes[i].confidence);
  if (g_str_equal (outcome, "http-disabled") && rpc != NULL &&
      json_object_get_int_member_with_default (rpc, "http_status", 0) == 401)
    name_cause (rules, RD_CAUSE_RDGATEWAY_HTTP_DISABLED, RD_SEVERITY_ERROR, 0.85);
  if (g_str_equal (outcome, "ok") && rdgateway_kerberos_only (evidence))
    name_cause (rules, RD_CAUSE_RDGATEWAY_KERBEROS_ONLY, RD_SEVERITY_INFO, 0.6);
  if (certificate != NULL)
    rule_rdgateway_certificate (rules, certificate);
}

/* The app on this computer remembers another certificate for the computer
 * than the one it shows now: the app will warn (or refuse, when it does
 * not ask). Expected after the computer's certificate was renewed; the
 * same bytes come from someone in the middle, so the words say to compare
 * the fingerprint with the administrator before trusting it. */
static void
rule_client (Rules *rules)
{
  RdFinding *client = finding (rules, "client");
  JsonObject *evidence = client != NULL ? rd_finding_get_evidence (client) : NULL;

  if (evidence != NULL && !json_object_get_boolean_member_with_default (evidence, "same_certificate", TRUE))
    name_cause (rules, RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE, RD_SEVERITY_WARNING, 0.8);
}

/* The rules, and whether each judges the direct path to the computer: when
 * the connection goes through a Remote Desktop Gateway, that path is not the
 * one the app takes (the computer may well be reachable only through the
 * gateway), so its measurements stay in the report as information and name
 * no cause. What the computer itself answered, when it was reached, still
 * holds through the gateway. */
static const struct
{
  void     (*rule) (Rules *rules);
  gboolean   direct_path;
} rules_table[] = {
  { rule_local, FALSE },
  { rule_rdgateway, FALSE },
  { rule_dns, TRUE },
  { rule_tcp, TRUE },
  { rule_negotiate, FALSE },
  { rule_tls, FALSE },
  { rule_nla, FALSE },
  { rule_clock, FALSE },
  { rule_dns_mismatch, FALSE },
  { rule_ports, TRUE },
  { rule_udp, TRUE },
  { rule_mtu, TRUE },
  { rule_latency, TRUE },
  { rule_vpn, FALSE },
  { rule_client, FALSE },
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
    if (!rules_table[i].direct_path || !rd_target_uses_rdgateway (target))
      rules_table[i].rule (&rules);

  /* Stable sort keeps the rules' order among equals: path before protocol. */
  g_ptr_array_sort (rules.causes, compare_causes);
  return rules.causes;
}
