/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's typed facts (rd-facts.h), from hand-made findings and after
 * a saved report is read back. */
#include <string.h>

#include "rd-fixes.h"
#include "rd-report.h"

#define DAY (24 * 60 * 60)

/* A finding as a saved report holds it: {"id", "status", "evidence"}. */
static RdFinding *
finding (const char *id,
         const char *status,
         const char *evidence)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"%s\", \"summary\": \"\", "
                                           "\"duration_ms\": 7, \"evidence\": %s}",
                                           id, status, evidence);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  RdFinding *made;

  g_assert_no_error (error);
  made = rd_finding_new_from_json (node, &error);
  g_assert_no_error (error);
  return made;
}

/* The report, diagnosed, of @findings: NULL-terminated, taken. */
static RdReport *
report (const char *target_text,
        RdFinding  *findings[])
{
  g_autoptr(RdTarget) target = rd_target_parse (target_text, NULL);
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);

  g_assert_nonnull (target);
  while (*findings != NULL)
    g_ptr_array_add (array, *findings++);
  return rd_report_new (target, array);
}

/* The report as the helpdesk opens it. */
static RdReport *
reload (RdReport *original)
{
  g_autofree char *json = rd_report_to_json_string (original);
  g_autoptr(GError) error = NULL;
  RdReport *loaded = rd_report_new_from_json_data (json, -1, &error);

  g_assert_no_error (error);
  return loaded;
}

static RdFinding *
tls_with_certificate (gint64      not_before,
                      gint64      not_after,
                      const char *extra)
{
  g_autofree char *evidence =
    g_strdup_printf ("{\"outcome\": \"ok\", \"messages\": [\"> ClientHello\", \"< ServerHello\"], "
                     "\"certificate\": {\"subject\": \"CN=pc01.example.test\", \"issuer\": \"CN=Example CA\", "
                     "\"common_name\": \"pc01.example.test\", \"san_dns\": [\"pc01.example.test\", \"pc01\"], "
                     "\"san_ip\": [\"192.0.2.7\"], \"key_type\": \"RSA\", \"signature_algorithm\": "
                     "\"sha256WithRSAEncryption\", \"signature_hash\": \"SHA256\", \"not_before_unix\": %"
                     G_GINT64_FORMAT ", \"not_after_unix\": %" G_GINT64_FORMAT "%s}}",
                     not_before, not_after, extra);

  return finding ("tls", "pass", evidence);
}

static void
test_certificate (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  {
    g_autoptr(RdReport) valid = report ("pc01.example.test", (RdFinding *[]) {
                                        tls_with_certificate (now - DAY, now + 10 * DAY + 3600,
                                                              ", \"key_bits\": 2048"),
                                        NULL });
    const RdCertificateFacts *certificate = rd_facts_get_certificate (rd_report_get_facts (valid));

    g_assert_nonnull (certificate);
    g_assert_cmpstr (certificate->subject, ==, "CN=pc01.example.test");
    g_assert_cmpstr (certificate->common_name, ==, "pc01.example.test");
    g_assert_cmpstr (certificate->issuer, ==, "CN=Example CA");
    g_assert_cmpstrv (certificate->san_dns, ((const char *[]) { "pc01.example.test", "pc01", NULL }));
    g_assert_cmpstrv (certificate->san_ip, ((const char *[]) { "192.0.2.7", NULL }));
    g_assert_cmpint (g_date_time_to_unix (certificate->not_before), ==, now - DAY);
    g_assert_cmpint (g_date_time_to_unix (certificate->not_after), ==, now + 10 * DAY + 3600);
    g_assert_cmpint (certificate->validity, ==, RD_CERT_VALID);
    g_assert_cmpint (certificate->days_left, ==, 10);
    g_assert_false (certificate->self_signed);
    g_assert_false (certificate->name_mismatch);
    g_assert_false (certificate->weak);
    g_assert_cmpstr (certificate->key_type, ==, "RSA");
    g_assert_cmpuint (certificate->key_bits, ==, 2048);
    g_assert_cmpstr (certificate->signature_algorithm, ==, "sha256WithRSAEncryption");
    /* The same object every time: worked out once. */
    g_assert_true (rd_facts_get_certificate (rd_report_get_facts (valid)) == certificate);
  }
  {
    /* Expired an hour ago, for another name, with a small key: what the
     * diagnosis decided is what the facts say. */
    g_autoptr(RdReport) bad = report ("elsewhere.example.test", (RdFinding *[]) {
                                      tls_with_certificate (now - 400 * DAY, now - 3600,
                                                            ", \"key_bits\": 1024, \"self_signed\": true"),
                                      NULL });
    const RdCertificateFacts *certificate = rd_facts_get_certificate (rd_report_get_facts (bad));

    g_assert_true (rd_report_has_cause (bad, RD_CAUSE_TLS_CERT_EXPIRED));
    g_assert_cmpint (certificate->validity, ==, RD_CERT_EXPIRED);
    g_assert_cmpint (certificate->days_left, ==, -1);
    g_assert_true (certificate->self_signed);
    g_assert_true (certificate->name_mismatch);
    g_assert_true (certificate->weak);
    g_assert_cmpuint (certificate->key_bits, ==, 1024);
  }
  {
    g_autoptr(RdReport) early = report ("192.0.2.7", (RdFinding *[]) {
                                        tls_with_certificate (now + DAY, now + 2 * DAY, ""),
                                        NULL });
    const RdCertificateFacts *certificate = rd_facts_get_certificate (rd_report_get_facts (early));

    g_assert_true (rd_report_has_cause (early, RD_CAUSE_TLS_CERT_NOT_YET_VALID));
    g_assert_cmpint (certificate->validity, ==, RD_CERT_NOT_YET_VALID);
    /* An address is never compared with the names. */
    g_assert_false (certificate->name_mismatch);
    g_assert_cmpuint (certificate->key_bits, ==, 0);
    g_assert_null (certificate->sha256);
  }
  {
    /* Without dates, nothing limits it; without a certificate, no facts. */
    g_autoptr(RdReport) undated = report ("192.0.2.7", (RdFinding *[]) {
                                          finding ("tls", "pass", "{\"outcome\": \"ok\", \"certificate\": {}}"),
                                          NULL });
    g_autoptr(RdReport) none = report ("192.0.2.7", (RdFinding *[]) {
                                       finding ("tls", "fail", "{\"outcome\": \"reset\"}"),
                                       NULL });
    const RdCertificateFacts *certificate = rd_facts_get_certificate (rd_report_get_facts (undated));

    g_assert_null (certificate->not_before);
    g_assert_null (certificate->not_after);
    g_assert_cmpint (certificate->validity, ==, RD_CERT_VALID);
    g_assert_cmpint (certificate->days_left, ==, G_MAXINT64);
    g_assert_cmpstr (certificate->common_name, ==, "");
    g_assert_cmpstrv (certificate->san_dns, ((const char *[]) { NULL }));
    g_assert_null (rd_facts_get_certificate (rd_report_get_facts (none)));
  }
}

static void
test_negotiation (void)
{
  g_autoptr(RdReport) nla = report ("192.0.2.7", (RdFinding *[]) {
                                    finding ("negotiate", "pass",
                                             "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID_EX\", "
                                             "\"answer_ms\": 4, \"tls_only_accepted\": false, \"nla_required\": true, "
                                             "\"standard_rdp_accepted\": false}"),
                                    NULL });
  g_autoptr(RdReport) refused = report ("192.0.2.7", (RdFinding *[]) {
                                        finding ("negotiate", "fail",
                                                 "{\"outcome\": \"failure\", \"failure_code\": 2, "
                                                 "\"failure\": \"SSL_NOT_ALLOWED_BY_SERVER\", "
                                                 "\"standard_rdp_accepted\": true}"),
                                        NULL });
  g_autoptr(RdReport) foreign = report ("192.0.2.7", (RdFinding *[]) {
                                        finding ("negotiate", "fail", "{\"outcome\": \"answered-in-verse\"}"),
                                        NULL });
  const RdNegotiationFacts *facts = rd_facts_get_negotiation (rd_report_get_facts (nla));

  g_assert_cmpint (facts->outcome, ==, RD_NEG_OUTCOME_RESPONSE);
  g_assert_cmpint (facts->security, ==, RD_SECURITY_NLA_EX);
  g_assert_cmpstr (facts->selected_protocol, ==, "HYBRID_EX");
  g_assert_null (facts->failure);
  g_assert_true (facts->nla_required);
  g_assert_false (facts->tls_only_accepted);
  g_assert_cmpint (facts->answer_ms, ==, 4);

  facts = rd_facts_get_negotiation (rd_report_get_facts (refused));
  g_assert_cmpint (facts->outcome, ==, RD_NEG_OUTCOME_FAILURE);
  g_assert_cmpint (facts->security, ==, RD_SECURITY_NONE);
  g_assert_cmpstr (facts->failure, ==, "SSL_NOT_ALLOWED_BY_SERVER");
  g_assert_cmpuint (facts->failure_code, ==, 2);
  g_assert_true (facts->standard_rdp_accepted);
  g_assert_cmpint (facts->answer_ms, ==, -1);

  g_assert_null (rd_facts_get_negotiation (rd_report_get_facts (foreign)));
}

static void
test_ports (void)
{
  g_autoptr(RdReport) made = report ("192.0.2.7", (RdFinding *[]) {
                                     finding ("ports", "fail",
                                              "{\"ports\": [{\"port\": 3390, \"label\": \"rdp\", \"state\": \"filtered\"},"
                                              " {\"port\": 443, \"label\": \"https\", \"state\": \"open\"},"
                                              " {\"port\": 22, \"label\": \"ssh\", \"state\": \"refused\"},"
                                              " {\"port\": 3387, \"label\": \"rdp-websocket\", \"state\": \"cancelled\"}],"
                                              " \"host_up\": true}"),
                                     finding ("udp", "pass", "{\"port\": 3390, \"outcome\": \"closed\"}"),
                                     NULL });
  static const struct
  {
    guint16 port;
    RdTransport transport;
    RdPortState state;
    const char *service_name;
    gboolean remote_desktop;
  } expected[] = {
    { 3390, RD_TRANSPORT_TCP, RD_PORT_FILTERED, "Remote Desktop", TRUE },
    { 3390, RD_TRANSPORT_UDP, RD_PORT_REFUSED, "Remote Desktop", TRUE },
    { 443, RD_TRANSPORT_TCP, RD_PORT_OPEN, "Secure web (HTTPS)", FALSE },
    { 22, RD_TRANSPORT_TCP, RD_PORT_REFUSED, "Remote terminal (SSH)", FALSE },
    { 3387, RD_TRANSPORT_TCP, RD_PORT_UNKNOWN, "Remote Desktop (WebSocket)", TRUE },
  };
  GPtrArray *ports = rd_facts_get_ports (rd_report_get_facts (made));

  g_assert_cmpuint (ports->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < ports->len; i++)
    {
      const RdPortFacts *port = g_ptr_array_index (ports, i);

      g_assert_cmpuint (port->port, ==, expected[i].port);
      g_assert_cmpint (port->transport, ==, expected[i].transport);
      g_assert_cmpint (port->state, ==, expected[i].state);
      g_assert_cmpstr (port->service_name, ==, expected[i].service_name);
      g_assert_cmpint (port->remote_desktop, ==, expected[i].remote_desktop);
    }
}

static void
test_addresses (void)
{
  g_autoptr(RdReport) made =
    report ("pc01.example.test", (RdFinding *[]) {
            finding ("dns", "pass",
                     "{\"name\": \"pc01.example.test\", \"resolvers\": [\"192.0.2.53\"], "
                     "\"addresses\": [\"2001:db8::7\", \"192.0.2.7\"]}"),
            finding ("tcp", "warn",
                     "{\"port\": 3389, \"addresses\": ["
                     "{\"address\": \"2001:db8::7\", \"family\": \"ipv6\", \"state\": \"filtered\", \"rtt_us\": []},"
                     "{\"address\": \"192.0.2.7\", \"family\": \"ipv4\", \"state\": \"connected\", \"rtt_us\": [900, 350]},"
                     "{\"address\": \"192.0.2.8\", \"state\": \"error\"}],"
                     " \"connected_address\": \"192.0.2.7\"}"),
            NULL });
  const RdFacts *facts = rd_report_get_facts (made);
  const RdDnsFacts *dns = rd_facts_get_dns (facts);
  GPtrArray *addresses = rd_facts_get_addresses (facts);
  const RdAddressFacts *v6, *v4, *other;
  g_autofree char *suggested = NULL;

  g_assert_cmpstr (dns->name, ==, "pc01.example.test");
  g_assert_cmpstrv (dns->addresses, ((const char *[]) { "2001:db8::7", "192.0.2.7", NULL }));
  g_assert_cmpstrv (dns->resolvers, ((const char *[]) { "192.0.2.53", NULL }));

  g_assert_cmpuint (addresses->len, ==, 3);
  v6 = g_ptr_array_index (addresses, 0);
  v4 = g_ptr_array_index (addresses, 1);
  other = g_ptr_array_index (addresses, 2);
  g_assert_cmpint (v6->family, ==, G_SOCKET_FAMILY_IPV6);
  g_assert_cmpint (v6->state, ==, RD_ADDRESS_FILTERED);
  g_assert_cmpint (v6->rtt_us, ==, -1);
  g_assert_cmpint (v4->family, ==, G_SOCKET_FAMILY_IPV4);
  g_assert_cmpint (v4->state, ==, RD_ADDRESS_CONNECTED);
  g_assert_cmpint (v4->rtt_us, ==, 350);
  /* No family written: the address says it. */
  g_assert_cmpint (other->family, ==, G_SOCKET_FAMILY_IPV4);
  g_assert_cmpint (other->state, ==, RD_ADDRESS_FAILED);
  g_assert_cmpstr (other->state_name, ==, "error");

  g_assert_cmpstr (rd_facts_get_working_address (facts), ==, "192.0.2.7");
  g_assert_cmpstr (rd_facts_get_working_ipv4 (facts), ==, "192.0.2.7");
  /* The fix offers the same address. */
  g_assert_true (rd_report_has_cause (made, RD_CAUSE_IPV6_PATH_BROKEN));
  g_assert_cmpint (rd_fixes_suggest (made, &suggested) & RD_WORKAROUND_USE_ADDRESS, !=, 0);
  g_assert_cmpstr (suggested, ==, "192.0.2.7");
}

static void
test_path (void)
{
  g_autoptr(RdReport) made =
    report ("192.0.2.7", (RdFinding *[]) {
            finding ("local", "pass",
                     "{\"interfaces\": [{\"name\": \"lo\", \"state\": \"up\", \"kind\": \"loopback\", \"mtu\": 65536, "
                     "\"addresses\": [\"127.0.0.1/8\"]}, {\"name\": \"wg0\", \"state\": \"up\", \"kind\": \"vpn\", "
                     "\"mtu\": 1420, \"addresses\": [\"10.0.0.2/24\"]}], \"vpn\": [{\"name\": \"wg0\", \"kind\": "
                     "\"wireguard\", \"state\": \"up\"}], \"vpn_active\": true, \"default_route_via_vpn\": true, "
                     "\"gateway\": \"10.0.0.1\", \"gateway_interface\": \"wg0\", \"gateway_reachable\": true, "
                     "\"gateway_rtt_us\": 800, \"dns_servers\": [\"10.0.0.53\"], \"network_available\": true}"),
            finding ("tls", "fail", "{\"outcome\": \"timeout\", \"messages\": [\"> ClientHello\"]}"),
            finding ("mtu", "pass",
                     "{\"interface\": \"wg0\", \"route_mtu\": 1420, \"clamped\": [{\"mss\": 1200, \"outcome\": "
                     "\"timeout\", \"handshake_ms\": 5000}, {\"mss\": 800, \"outcome\": \"ok\", \"handshake_ms\": 30}], "
                     "\"largest_working_mss\": 800, \"suggested_mtu\": 840}"),
            finding ("latency", "warn",
                     "{\"samples\": 6, \"lost\": 1, \"retransmitted\": 2, \"connect_median_ms\": 180.4, "
                     "\"jitter_ms\": 0.1, \"rtt_ms\": 181, \"high\": true}"),
            NULL });
  const RdFacts *facts = rd_report_get_facts (made);
  const RdLocalFacts *local = rd_facts_get_local (facts);
  const RdMtuFacts *mtu = rd_facts_get_mtu (facts);
  const RdLatencyFacts *latency = rd_facts_get_latency (facts);
  const RdInterfaceFacts *wg0;
  const RdClampedHandshake *first;

  g_assert_cmpuint (local->interfaces->len, ==, 2);
  wg0 = g_ptr_array_index (local->interfaces, 1);
  g_assert_cmpstr (wg0->name, ==, "wg0");
  g_assert_true (wg0->up);
  g_assert_true (wg0->vpn);
  g_assert_false (((RdInterfaceFacts *) g_ptr_array_index (local->interfaces, 0))->vpn);
  g_assert_cmpuint (wg0->mtu, ==, 1420);
  g_assert_cmpstrv (wg0->addresses, ((const char *[]) { "10.0.0.2/24", NULL }));
  g_assert_true (local->vpn_active);
  g_assert_true (local->default_route_via_vpn);
  g_assert_cmpstr (local->gateway, ==, "10.0.0.1");
  g_assert_true (local->gateway_probed);
  g_assert_true (local->gateway_reachable);
  g_assert_cmpint (local->gateway_rtt_us, ==, 800);
  g_assert_cmpstrv (local->dns_servers, ((const char *[]) { "10.0.0.53", NULL }));

  g_assert_cmpstr (mtu->interface, ==, "wg0");
  g_assert_cmpuint (mtu->interface_mtu, ==, 1420);
  g_assert_cmpuint (mtu->route_mtu, ==, 1420);
  g_assert_cmpuint (mtu->path_mtu, ==, 0);
  g_assert_cmpuint (mtu->clamped->len, ==, 2);
  first = g_ptr_array_index (mtu->clamped, 0);
  g_assert_cmpuint (first->mss, ==, 1200);
  g_assert_false (first->completed);
  g_assert_true (((RdClampedHandshake *) g_ptr_array_index (mtu->clamped, 1))->completed);
  g_assert_cmpuint (mtu->largest_working_mss, ==, 800);
  g_assert_cmpuint (mtu->suggested_mtu, ==, 840);
  g_assert_true (mtu->blackhole);

  g_assert_cmpuint (latency->samples, ==, 6);
  g_assert_cmpuint (latency->lost, ==, 1);
  g_assert_cmpfloat (latency->connect_median_ms, ==, 180.4);
  g_assert_cmpfloat (latency->rtt_ms, ==, 181);
  g_assert_cmpfloat (latency->answer_ms, <, 0);
  g_assert_true (latency->high);
}

static void
test_path_defaults (void)
{
  g_autoptr(RdReport) made = report ("192.0.2.7", (RdFinding *[]) {
                                       finding ("mtu", "warn", "{\"interface\": \"eth9\"}"),
                                       NULL });
  const RdMtuFacts *mtu = rd_facts_get_mtu (rd_report_get_facts (made));

  /* Neither the local check's figure nor the MTU check's suggestion. */
  g_assert_cmpuint (mtu->interface_mtu, ==, 1500);
  g_assert_cmpuint (mtu->suggested_mtu, ==, 1400);
  g_assert_false (mtu->blackhole);
  g_assert_null (rd_facts_get_local (rd_report_get_facts (made)));
  g_assert_null (rd_facts_get_latency (rd_report_get_facts (made)));
  g_assert_cmpuint (rd_facts_get_ports (rd_report_get_facts (made))->len, ==, 0);
  g_assert_cmpuint (rd_facts_get_addresses (rd_report_get_facts (made))->len, ==, 0);
  g_assert_null (rd_facts_get_working_address (rd_report_get_facts (made)));
}

/* "> a, < b": the phase's messages, each with its direction. */
static char *
messages_text (const RdTimelineStep *step)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < step->messages->len; i++)
    {
      const RdTimelineMessage *message = g_ptr_array_index (step->messages, i);

      g_string_append_printf (out, "%s%s %s", i > 0 ? ", " : "", message->to_host ? ">" : "<", message->text);
    }
  return g_string_free (out, FALSE);
}

static const char *tcp_ok = "{\"addresses\": [{\"address\": \"192.0.2.7\", \"state\": \"connected\"}], "
                            "\"connected_address\": \"192.0.2.7\"}";

static void
test_timeline (void)
{
  {
    g_autoptr(RdReport) made = report ("192.0.2.7", (RdFinding *[]) {
                                       finding ("tcp", "pass", tcp_ok),
                                       finding ("negotiate", "pass",
                                                "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\"}"),
                                       finding ("tls", "pass",
                                                "{\"outcome\": \"ok\", \"messages\": [\"> ClientHello\", \"< ServerHello\"]}"),
                                       finding ("nla", "fail", "{\"outcome\": \"closed\"}"),
                                       NULL });
    GPtrArray *steps = rd_facts_get_timeline (rd_report_get_facts (made));
    const char *phases[] = { "tcp", "negotiate", "tls", "nla" };
    const char *messages[] = {
      "> TCP SYN, < SYN-ACK",
      "> X.224 Connection Request, < X.224 Connection Confirm (HYBRID)",
      "> TLS ClientHello, < TLS ServerHello",
      "> CredSSP TSRequest (NTLM NEGOTIATE)",
    };
    const RdTimelineStep *nla;

    g_assert_cmpuint (steps->len, ==, 4);
    for (guint i = 0; i < steps->len; i++)
      {
        const RdTimelineStep *step = g_ptr_array_index (steps, i);
        g_autofree char *text = messages_text (step);

        g_assert_cmpstr (rd_phase_to_string (step->phase), ==, phases[i]);
        g_assert_cmpstr (text, ==, messages[i]);
        g_assert_cmpint (step->end, ==, i < 3 ? RD_PHASE_PASSED : RD_PHASE_CLOSED);
      }
    nla = g_ptr_array_index (steps, 3);
    g_assert_cmpstr (nla->outcome, ==, "closed");
    g_assert_cmpint (nla->ms, ==, 7);
  }

  {
    /* Each phase ends the ladder where it fails, in the core's terms. */
    static const struct
    {
      const char *check;
      const char *evidence;
      RdPhaseEnd  end;
      const char *messages;
    } cases[] = {
      { "tcp", "{\"addresses\": [{\"address\": \"192.0.2.7\", \"state\": \"refused\"}]}",
        RD_PHASE_REFUSED, "> TCP SYN, < RST" },
      { "tcp", "{\"addresses\": [{\"address\": \"192.0.2.7\", \"state\": \"unreachable\"}]}",
        RD_PHASE_UNREACHABLE, "> TCP SYN, < ICMP unreachable" },
      { "negotiate", "{\"outcome\": \"not-rdp\", \"answer_ms\": 3}",
        RD_PHASE_UNEXPECTED, "> X.224 Connection Request" },
      { "negotiate", "{\"outcome\": \"failure\", \"failure\": \"HYBRID_REQUIRED_BY_SERVER\"}",
        RD_PHASE_SECURITY_REFUSED, "> X.224 Connection Request, < RDP_NEG_FAILURE (HYBRID_REQUIRED_BY_SERVER)" },
      { "tls", "{\"outcome\": \"alert-received\", \"messages\": [\"> ClientHello\"]}",
        RD_PHASE_ALERT, "> TLS ClientHello" },
      { "tls", "{\"outcome\": \"reset\", \"messages\": [\"> ClientHello\"]}",
        RD_PHASE_RESET, "> TLS ClientHello" },
      { "tls", "{\"outcome\": \"error\", \"messages\": []}", RD_PHASE_OTHER, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
        g_autoptr(GPtrArray) steps = NULL;
        const RdTimelineStep *last;
        g_autofree char *text = NULL;

        if (!g_str_equal (cases[i].check, "tcp"))
          g_ptr_array_add (findings, finding ("tcp", "pass", tcp_ok));
        if (g_str_equal (cases[i].check, "tls"))
          g_ptr_array_add (findings, finding ("negotiate", "pass",
                                              "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}"));
        g_ptr_array_add (findings, finding (cases[i].check, "fail", cases[i].evidence));
        /* Later checks, there or not, are not drawn after a failure. */
        g_ptr_array_add (findings, finding ("nla", "skip", "{\"outcome\": \"challenge\"}"));

        steps = rd_timeline_steps_new (findings);
        last = g_ptr_array_index (steps, steps->len - 1);
        text = messages_text (last);
        g_assert_cmpstr (rd_phase_to_string (last->phase), ==, cases[i].check);
        g_assert_cmpint (last->end, ==, cases[i].end);
        g_assert_cmpstr (text, ==, cases[i].messages);
      }
  }

  {
    /* NLA refused with an errorCode: the host's answer, named. */
    g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
    g_autoptr(GPtrArray) steps = NULL;
    const RdTimelineStep *last;
    g_autofree char *text = NULL;

    g_ptr_array_add (findings, finding ("tcp", "pass", tcp_ok));
    g_ptr_array_add (findings, finding ("negotiate", "pass", "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\"}"));
    g_ptr_array_add (findings, finding ("tls", "pass", "{\"outcome\": \"ok\", \"messages\": []}"));
    g_ptr_array_add (findings, finding ("nla", "fail",
                                        "{\"outcome\": \"error-code\", \"error_code\": \"0xC0000418\", "
                                        "\"error_name\": \"STATUS_NTLM_BLOCKED\"}"));
    steps = rd_timeline_steps_new (findings);
    last = g_ptr_array_index (steps, steps->len - 1);
    text = messages_text (last);
    g_assert_cmpstr (rd_phase_to_string (last->phase), ==, "nla");
    g_assert_cmpint (last->end, ==, RD_PHASE_UNEXPECTED);
    g_assert_cmpstr (text, ==, "> CredSSP TSRequest (NTLM NEGOTIATE), < CredSSP TSRequest (errorCode STATUS_NTLM_BLOCKED)");
  }

  {
    /* While the checks run: what there is so far. */
    g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
    g_autoptr(GPtrArray) none = rd_timeline_steps_new (NULL);
    g_autoptr(GPtrArray) steps = NULL;

    g_ptr_array_add (findings, finding ("tcp", "pass", tcp_ok));
    steps = rd_timeline_steps_new (findings);
    g_assert_cmpuint (steps->len, ==, 1);
    g_assert_cmpint (((RdTimelineStep *) g_ptr_array_index (steps, 0))->end, ==, RD_PHASE_PASSED);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* A finding's rows as the wizard prints them. */
static char *
details_text (const RdFindingDetails *details)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < details->rows->len; i++)
    {
      const RdDetailRow *row = g_ptr_array_index (details->rows, i);

      for (guint d = 0; d < row->depth; d++)
        g_string_append (out, "  ");
      if (row->label == NULL)
        g_string_append_printf (out, "- %s\n", row->value);
      else
        g_string_append_printf (out, "%s: %s\n", row->label, row->value);
    }
  return g_string_free (out, FALSE);
}

static void
test_details (void)
{
  g_autoptr(RdFinding) latency = finding ("latency", "pass",
                                          "{\"connect_samples_ms\": [0.1, 0.3, 12], "
                                          "\"jitter_ms\": 0.0, \"high\": false, \"samples\": 3, "
                                          "\"first_wrong_reply_hex\": null, \"offset_s\": -7200}");
  g_autoptr(RdFinding) tls = finding ("tls", "pass",
                                      "{\"outcome\": \"ok\", \"certificate\": {\"common_name\": \"pc01\", "
                                      "\"not_after\": \"2021-01-01T00:00:00Z\", \"not_after_unix\": 1609459200, "
                                      "\"not_before_unix\": 1577836800, \"san_dns\": []}, "
                                      "\"probes\": [{\"outcome\": \"response\", \"answer_ms\": 4}], "
                                      "\"a_member_of_tomorrow\": \"x\"}");
  g_autoptr(RdFindingDetails) latency_details = rd_finding_details_new (latency);
  g_autoptr(RdFindingDetails) tls_details = rd_finding_details_new (tls);
  g_autofree char *latency_text = details_text (latency_details);
  g_autofree char *tls_text = details_text (tls_details);

  g_assert_cmpstr (latency_details->check_id, ==, "latency");
  g_assert_cmpint (latency_details->status, ==, RD_STATUS_PASS);
  g_assert_cmpint (latency_details->duration_ms, ==, 7);
  /* Numbers as short as they are exact, with their units; words for the
   * members; no JSON. */
  g_assert_cmpstr (latency_text, ==,
                   "Connection times: 0.1 ms, 0.3 ms, 12 ms\n"
                   "Jitter: 0 ms\n"
                   "Too slow: no\n"
                   "Samples: 3\n"
                   "First wrong reply (hex): —\n"
                   "Clock difference: -7200 s\n");
  /* Objects as headings over their members, lists of objects an item a
   * line; a moment once, as a date. */
  g_assert_cmpstr (tls_text, ==,
                   "Outcome: ok\n"
                   "Certificate: \n"
                   "  Made out to: pc01\n"
                   "  Valid until: 2021-01-01 00:00:00 UTC\n"
                   "  Valid from: 2020-01-01 00:00:00 UTC\n"
                   "  Also valid for: —\n"
                   "Probes: \n"
                   "  - Outcome: response; Answer time: 4 ms\n"
                   "A member of tomorrow: x\n");
}

static void
test_saved_report (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(RdReport) made =
    report ("pc01.example.test", (RdFinding *[]) {
            finding ("dns", "pass", "{\"name\": \"pc01.example.test\", \"addresses\": [\"192.0.2.7\"]}"),
            finding ("tcp", "pass", tcp_ok),
            finding ("ports", "pass", "{\"ports\": [{\"port\": 3389, \"label\": \"rdp\", \"state\": \"open\"}]}"),
            finding ("negotiate", "pass", "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}"),
            tls_with_certificate (now - 400 * DAY, now - 3600, ", \"key_bits\": 2048"),
            finding ("latency", "pass", "{\"rtt_ms\": 0.1, \"connect_samples_ms\": [0.1, 0.2]}"),
            NULL });
  g_autoptr(RdReport) loaded = reload (made);
  const RdFacts *before = rd_report_get_facts (made);
  const RdFacts *after = rd_report_get_facts (loaded);
  GPtrArray *details_before = rd_facts_get_details (before);
  GPtrArray *details_after = rd_facts_get_details (after);

  /* Judged at the time the report was made, not when it is opened. */
  g_assert_cmpint (rd_facts_get_certificate (after)->validity, ==, RD_CERT_EXPIRED);
  g_assert_cmpint (rd_facts_get_certificate (after)->days_left, ==, rd_facts_get_certificate (before)->days_left);
  g_assert_true (g_date_time_equal (rd_facts_get_certificate (after)->not_after,
                                    rd_facts_get_certificate (before)->not_after));
  g_assert_cmpstrv (rd_facts_get_certificate (after)->san_dns, rd_facts_get_certificate (before)->san_dns);
  g_assert_cmpint (rd_facts_get_negotiation (after)->security, ==, RD_SECURITY_TLS);
  g_assert_cmpuint (rd_facts_get_ports (after)->len, ==, 1);
  g_assert_cmpint (((RdPortFacts *) g_ptr_array_index (rd_facts_get_ports (after), 0))->state, ==, RD_PORT_OPEN);
  g_assert_cmpstr (rd_facts_get_working_ipv4 (after), ==, "192.0.2.7");
  g_assert_cmpuint (rd_facts_get_timeline (after)->len, ==, rd_facts_get_timeline (before)->len);
  g_assert_cmpfloat (rd_facts_get_latency (after)->rtt_ms, ==, 0.1);

  /* The saved doubles read back the same, and print the same. */
  g_assert_cmpuint (details_after->len, ==, details_before->len);
  for (guint i = 0; i < details_before->len; i++)
    {
      g_autofree char *text_before = details_text (g_ptr_array_index (details_before, i));
      g_autofree char *text_after = details_text (g_ptr_array_index (details_after, i));

      g_assert_cmpstr (text_after, ==, text_before);
      g_assert_null (strstr (text_after, "0000000"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/facts/certificate", test_certificate);
  g_test_add_func ("/facts/negotiation", test_negotiation);
  g_test_add_func ("/facts/ports", test_ports);
  g_test_add_func ("/facts/addresses", test_addresses);
  g_test_add_func ("/facts/path", test_path);
  g_test_add_func ("/facts/path-defaults", test_path_defaults);
  g_test_add_func ("/facts/timeline", test_timeline);
  g_test_add_func ("/facts/details", test_details);
  g_test_add_func ("/facts/saved-report", test_saved_report);
  return g_test_run ();
}
