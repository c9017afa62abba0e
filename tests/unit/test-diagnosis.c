/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-cause-private.h"
#include "rd-diagnosis.h"
#include "rd-remedies.h"
#include "rd-finding.h"
#include "rd-target.h"
#include "rd-unit-util.h"

/* Findings as the checks would write them, from a few words of JSON. */
#define make_finding rd_test_finding_new

/* The causes rd_diagnose() names for the findings, which it takes. */
static GPtrArray *
diagnose (const char *target_text,
          RdFinding  *first,
          ...)
{
  g_autoptr(RdReport) report = NULL;
  va_list rest;

  va_start (rest, first);
  report = rd_test_report_new_valist (target_text, first, rest);
  va_end (rest);
  return g_ptr_array_ref (rd_report_get_causes (report));
}

static const char *
first_id (GPtrArray *causes)
{
  return causes->len > 0 ? ((RdCause *) g_ptr_array_index (causes, 0))->name : NULL;
}

static void
test_dns_failed (void)
{
  g_autoptr(GPtrArray) causes =
    diagnose ("pc.example.test",
              make_finding ("dns", RD_STATUS_FAIL, "{\"addresses\": [], \"error\": \"not-found\"}"),
              make_finding ("tcp", RD_STATUS_SKIP, "{}"),
              NULL);

  g_assert_cmpstr (first_id (causes), ==, "dns-resolution-failed");
}

static void
test_tcp_states (void)
{
  static const struct { const char *state; const char *cause; } cases[] = {
    { "refused", "port-refused" },
    { "filtered", "port-filtered" },
    { "unreachable", "host-unreachable" },
    { "error", "host-unreachable" },    /* never "healthy" after a failed tcp check */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"%s\"}]}",
                                               cases[i].state);
      g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("tcp", RD_STATUS_FAIL, json), NULL);

      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

static void
test_ipv6_broken (void)
{
  g_autoptr(GPtrArray) causes =
    diagnose ("pc.example.test",
              make_finding ("tcp", RD_STATUS_WARN,
                            "{\"addresses\": ["
                            "{\"address\": \"2001:db8::1\", \"family\": \"ipv6\", \"state\": \"filtered\"},"
                            "{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"),
              make_finding ("negotiate", RD_STATUS_PASS, "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}"),
              NULL);
  RdCause *cause;

  g_assert_cmpstr (first_id (causes), ==, "ipv6-path-broken");
  cause = g_ptr_array_index (causes, 0);
  g_assert_cmpint (cause->severity, ==, RD_SEVERITY_WARNING);
}

static void
test_negotiation (void)
{
  static const struct { const char *evidence; const char *cause; } cases[] = {
    { "{\"outcome\": \"failure\", \"failure_code\": 1}", "negotiation-ssl-required" },
    { "{\"outcome\": \"failure\", \"failure_code\": 2}", "negotiation-ssl-not-allowed" },
    { "{\"outcome\": \"failure\", \"failure_code\": 3}", "negotiation-cert-missing" },
    { "{\"outcome\": \"failure\", \"failure_code\": 4}", "not-rdp" },
    { "{\"outcome\": \"failure\", \"failure_code\": 5}", "negotiation-hybrid-required" },
    { "{\"outcome\": \"failure\", \"failure_code\": 6}", "negotiation-user-auth-required" },
    { "{\"outcome\": \"failure\", \"failure_code\": 77}", "not-rdp" },
    { "{\"outcome\": \"legacy\"}", "negotiation-ssl-not-allowed" },
    { "{\"outcome\": \"response\", \"selected_protocol\": \"RDP\"}", "negotiation-ssl-not-allowed" },
    { "{\"outcome\": \"closed\"}", "listener-drops-connections" },
    { "{\"outcome\": \"reset\"}", "listener-drops-connections" },
    { "{\"outcome\": \"timeout\"}", "handshake-timeout" },
    { "{\"outcome\": \"not-rdp\"}", "not-rdp" },
    { "{\"outcome\": \"truncated\"}", "not-rdp" },
    { "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}", NULL },
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\"}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) causes =
        diagnose ("192.0.2.1",
                  make_finding ("tcp", RD_STATUS_PASS,
                                "{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"),
                  make_finding ("negotiate", RD_STATUS_FAIL, cases[i].evidence),
                  NULL);

      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

/* Every cause comes with words and at least one remedy; any remedy that
 * lowers security says how to undo it. */
static void
test_every_cause_described (void)
{
  static const char * const ids[] = {
    "dns-resolution-failed", "dns-mismatch", "ipv6-path-broken", "host-unreachable", "port-filtered",
    "port-refused", "listener-drops-connections", "not-rdp", "handshake-timeout",
    "negotiation-ssl-required", "negotiation-ssl-not-allowed", "negotiation-cert-missing",
    "negotiation-hybrid-required", "negotiation-user-auth-required",
    "tls-handshake-terminated", "tls-protocol-mismatch", "tls-cert-expired", "tls-cert-not-yet-valid",
    "tls-cert-name-mismatch", "tls-cert-self-signed", "tls-cert-weak", "nla-failed", "clock-skew",
    "local-network-down", "gateway-unreachable", "udp-blocked", "mtu-blackhole", "high-latency", "vpn-path",
  };
  g_autoptr(RdTarget) target = rd_target_parse ("pc01.example.test", NULL);
  g_autoptr(GHashTable) findings = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(RdCause) cause = rd_cause_new (rd_cause_id_from_string (ids[i]), RD_SEVERITY_ERROR, 0.5);

      rd_remedies_describe (cause, target, findings);
      g_assert_true (cause->title != NULL && *cause->title != '\0');
      g_assert_true (cause->explanation != NULL && *cause->explanation != '\0');
      g_assert_cmpuint (cause->remedies->len, >, 0);
      for (guint r = 0; r < cause->remedies->len; r++)
        {
          RdRemedy *remedy = g_ptr_array_index (cause->remedies, r);
          gboolean has_undo = FALSE;

          g_assert_true (remedy->title != NULL && *remedy->title != '\0');
          g_assert_cmpuint (remedy->steps->len + remedy->commands->len, >, 0);
          for (guint k = 0; k < remedy->commands->len; k++)
            has_undo |= g_str_equal (((RdCommand *) g_ptr_array_index (remedy->commands, k))->shell, "undo");
          if (remedy->lowers_security)
            g_assert_true (has_undo);
        }
    }
}

static void
test_ranking (void)
{
  /* A warning (IPv6) must not outrank the error that breaks the connection. */
  g_autoptr(GPtrArray) causes =
    diagnose ("pc.example.test",
              make_finding ("tcp", RD_STATUS_WARN,
                            "{\"addresses\": [{\"family\": \"ipv6\", \"state\": \"filtered\"},"
                            "{\"family\": \"ipv4\", \"state\": \"connected\"}]}"),
              make_finding ("negotiate", RD_STATUS_FAIL, "{\"outcome\": \"failure\", \"failure_code\": 3}"),
              NULL);

  g_assert_cmpuint (causes->len, ==, 2);
  g_assert_cmpstr (first_id (causes), ==, "negotiation-cert-missing");
  g_assert_cmpstr (((RdCause *) g_ptr_array_index (causes, 1))->name, ==, "ipv6-path-broken");
}

static RdFinding *
tls_ok_with_certificate (const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{\"outcome\": \"ok\", \"version\": \"TLSv1.3\", \"certificate\": {"
                                           "\"common_name\": \"pc01.example.test\", \"san_dns\": [\"pc01.example.test\"],"
                                           "\"key_type\": \"RSA\", \"key_bits\": 2048, \"signature_hash\": \"SHA256\","
                                           "\"not_before_unix\": %" G_GINT64_FORMAT ", \"not_after_unix\": %" G_GINT64_FORMAT "%s}}",
                                           g_get_real_time () / G_USEC_PER_SEC - 86400,
                                           g_get_real_time () / G_USEC_PER_SEC + 86400,
                                           extra);
  return make_finding ("tls", RD_STATUS_PASS, json);
}

static gboolean
has_cause (GPtrArray  *causes,
           const char *id)
{
  for (guint i = 0; i < causes->len; i++)
    if (g_str_equal (((RdCause *) g_ptr_array_index (causes, i))->name, id))
      return TRUE;
  return FALSE;
}

static void
test_tls_failures (void)
{
  static const struct { const char *evidence; const char *cause; } cases[] = {
    { "{\"outcome\": \"reset\"}", "tls-handshake-terminated" },
    { "{\"outcome\": \"closed\", \"legacy_retry\": {\"outcome\": \"closed\"}}", "tls-handshake-terminated" },
    { "{\"outcome\": \"alert-received\", \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1\"}}", "tls-protocol-mismatch" },
    { "{\"outcome\": \"alert-received\"}", "tls-protocol-mismatch" },
    { "{\"outcome\": \"error\", \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1.2\"}}", "tls-cert-weak" },
    { "{\"outcome\": \"timeout\"}", "handshake-timeout" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, cases[i].evidence), NULL);
      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

static void
test_certificates (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *expired = g_strdup_printf (", \"not_after_unix\": %" G_GINT64_FORMAT, now - 3600);
  g_autofree char *future = g_strdup_printf (", \"not_before_unix\": %" G_GINT64_FORMAT, now + 3600);

  {
    g_autoptr(GPtrArray) causes = diagnose ("pc01.example.test", tls_ok_with_certificate (""), NULL);
    g_assert_cmpuint (causes->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) causes = diagnose ("pc01.example.test", tls_ok_with_certificate (expired), NULL);
    g_assert_cmpstr (first_id (causes), ==, "tls-cert-expired");
  }
  {
    /* Expired by our clock, valid by the host's: our clock is wrong. */
    g_autoptr(GPtrArray) causes =
      diagnose ("pc01.example.test", tls_ok_with_certificate (expired),
                make_finding ("clock", RD_STATUS_WARN, "{\"offset_s\": -7200}"), NULL);
    g_assert_cmpstr (first_id (causes), ==, "clock-skew");
    g_assert_false (has_cause (causes, "tls-cert-expired"));
  }
  {
    g_autoptr(GPtrArray) causes = diagnose ("pc01.example.test", tls_ok_with_certificate (future), NULL);
    g_assert_cmpstr (first_id (causes), ==, "tls-cert-not-yet-valid");
  }
  {
    g_autoptr(GPtrArray) causes = diagnose ("elsewhere.example.test", tls_ok_with_certificate (""), NULL);
    g_assert_cmpstr (first_id (causes), ==, "tls-cert-name-mismatch");
  }
  {
    /* The short name is the same computer; an address is never compared. */
    g_autoptr(GPtrArray) short_name = diagnose ("PC01", tls_ok_with_certificate (""), NULL);
    g_autoptr(GPtrArray) address = diagnose ("192.0.2.1", tls_ok_with_certificate (""), NULL);
    g_assert_cmpuint (short_name->len, ==, 0);
    g_assert_cmpuint (address->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) sha1 = diagnose ("192.0.2.1", tls_ok_with_certificate (", \"signature_hash\": \"SHA1\""), NULL);
    g_autoptr(GPtrArray) small = diagnose ("192.0.2.1", tls_ok_with_certificate (", \"key_bits\": 1024"), NULL);
    g_assert_cmpstr (first_id (sha1), ==, "tls-cert-weak");
    g_assert_cmpstr (first_id (small), ==, "tls-cert-weak");
  }
  {
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", tls_ok_with_certificate (", \"self_signed\": true"), NULL);
    g_assert_cmpstr (first_id (causes), ==, "tls-cert-self-signed");
    g_assert_cmpint (((RdCause *) g_ptr_array_index (causes, 0))->severity, ==, RD_SEVERITY_INFO);
  }
}

static void
test_nla_and_clock (void)
{
  {
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("nla", RD_STATUS_FAIL, "{\"outcome\": \"closed\"}"), NULL);
    g_assert_cmpstr (first_id (causes), ==, "nla-failed");
  }
  {
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("clock", RD_STATUS_WARN, "{\"offset_s\": 7200}"), NULL);
    g_assert_cmpstr (first_id (causes), ==, "clock-skew");
  }
  {
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("clock", RD_STATUS_PASS, "{\"offset_s\": 30}"), NULL);
    g_assert_cmpuint (causes->len, ==, 0);
  }
}

static void
test_dns_mismatch (void)
{
  const char *other = "{\"outcome\": \"challenge\", \"netbios_computer\": \"OTHER-PC\", \"dns_computer\": \"other-pc.example.test\"}";
  const char *same = "{\"outcome\": \"challenge\", \"netbios_computer\": \"PC01\", \"dns_computer\": \"pc01.corp.test\"}";
  g_autoptr(GPtrArray) mismatch = diagnose ("pc01.example.test", make_finding ("nla", RD_STATUS_PASS, other), NULL);
  g_autoptr(GPtrArray) match = diagnose ("pc01.example.test", make_finding ("nla", RD_STATUS_PASS, same), NULL);
  g_autoptr(GPtrArray) address = diagnose ("192.0.2.1", make_finding ("nla", RD_STATUS_PASS, other), NULL);

  g_assert_cmpstr (first_id (mismatch), ==, "dns-mismatch");
  g_assert_cmpuint (match->len, ==, 0);
  g_assert_cmpuint (address->len, ==, 0);
}

static void
test_path (void)
{
  const char *filtered = "{\"addresses\": [{\"family\": \"ipv4\", \"state\": \"filtered\"}]}";
  const char *connected = "{\"addresses\": [{\"family\": \"ipv4\", \"state\": \"connected\"}]}";

  {
    /* No network here explains a host nobody can reach. */
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("local", RD_STATUS_FAIL, "{}"),
                make_finding ("tcp", RD_STATUS_FAIL, filtered), NULL);
    g_assert_cmpstr (first_id (causes), ==, "local-network-down");
  }
  {
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("local", RD_STATUS_WARN, "{\"gateway_reachable\": false}"),
                make_finding ("tcp", RD_STATUS_FAIL, filtered), NULL);
    g_assert_cmpstr (first_id (causes), ==, "gateway-unreachable");
  }
  {
    /* A router that ignores pings is no cause while the host answers; nor
     * is "no route" for a host on this very machine. */
    g_autoptr(GPtrArray) silent_router =
      diagnose ("192.0.2.1", make_finding ("local", RD_STATUS_WARN, "{\"gateway_reachable\": false}"),
                make_finding ("tcp", RD_STATUS_PASS, connected), NULL);
    g_autoptr(GPtrArray) loopback =
      diagnose ("127.0.0.1", make_finding ("local", RD_STATUS_FAIL, "{}"),
                make_finding ("tcp", RD_STATUS_FAIL, "{\"addresses\": [{\"family\": \"ipv4\", \"state\": \"refused\"}]}"), NULL);
    g_assert_cmpuint (silent_router->len, ==, 0);
    g_assert_cmpstr (first_id (loopback), ==, "port-refused");
  }
  {
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("udp", RD_STATUS_WARN, "{\"outcome\": \"silent\"}"),
                make_finding ("tcp", RD_STATUS_PASS, connected), NULL);
    g_autoptr(GPtrArray) tcp_broken =
      diagnose ("192.0.2.1", make_finding ("udp", RD_STATUS_WARN, "{\"outcome\": \"silent\"}"),
                make_finding ("tcp", RD_STATUS_FAIL, filtered), NULL);
    g_autoptr(GPtrArray) closed =
      diagnose ("192.0.2.1", make_finding ("udp", RD_STATUS_PASS, "{\"outcome\": \"closed\"}"),
                make_finding ("tcp", RD_STATUS_PASS, connected), NULL);
    g_assert_cmpstr (first_id (causes), ==, "udp-blocked");
    g_assert_cmpstr (first_id (tcp_broken), ==, "port-filtered");
    g_assert_false (has_cause (tcp_broken, "udp-blocked"));
    g_assert_cmpuint (closed->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, "{\"outcome\": \"timeout\"}"),
                make_finding ("mtu", RD_STATUS_WARN, "{\"largest_working_mss\": 800, \"suggested_mtu\": 900}"),
                make_finding ("local", RD_STATUS_PASS, "{\"vpn_active\": true}"), NULL);
    RdCause *cause;

    g_assert_cmpstr (first_id (causes), ==, "mtu-blackhole");
    cause = g_ptr_array_index (causes, 0);
    g_assert_nonnull (strstr (cause->explanation, "900"));
    g_assert_true (has_cause (causes, "vpn-path"));
    g_assert_true (has_cause (causes, "handshake-timeout"));
  }
  {
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("latency", RD_STATUS_WARN, "{\"high\": true, \"rtt_ms\": 412.5}"), NULL);
    g_assert_cmpstr (first_id (causes), ==, "high-latency");
    g_assert_nonnull (strstr (((RdCause *) g_ptr_array_index (causes, 0))->explanation, "412"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagnosis/dns-failed", test_dns_failed);
  g_test_add_func ("/diagnosis/tcp-states", test_tcp_states);
  g_test_add_func ("/diagnosis/ipv6-broken", test_ipv6_broken);
  g_test_add_func ("/diagnosis/negotiation", test_negotiation);
  g_test_add_func ("/diagnosis/every-cause-described", test_every_cause_described);
  g_test_add_func ("/diagnosis/ranking", test_ranking);
  g_test_add_func ("/diagnosis/tls-failures", test_tls_failures);
  g_test_add_func ("/diagnosis/certificates", test_certificates);
  g_test_add_func ("/diagnosis/nla-and-clock", test_nla_and_clock);
  g_test_add_func ("/diagnosis/dns-mismatch", test_dns_mismatch);
  g_test_add_func ("/diagnosis/path", test_path);

  return g_test_run ();
}
