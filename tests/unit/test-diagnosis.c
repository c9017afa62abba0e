/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-cause-private.h"
#include "rd-diagnosis.h"
#include "rd-remedies.h"
#include "rd-remedy-catalogue.h"
#include "rd-finding.h"
#include "rd-target.h"
#include "rd-unit-util.h"

/* Findings as the checks would write them, from a few words of JSON. */
#define make_finding rd_test_finding_new

/* The causes rd_diagnose() names for the findings, which it takes. */
#define diagnose rd_test_diagnose
#define first_id rd_test_first_cause_id

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
    "tls-cert-name-mismatch", "tls-cert-self-signed", "tls-cert-weak", "nla-failed", "nla-ntlm-refused",
    "credssp-outdated", "clock-skew",
    "local-network-down", "gateway-unreachable", "udp-blocked", "mtu-blackhole", "high-latency", "vpn-path",
    "handshake-intermittent", "server-slow",
    "tls-client-policy-stricter",
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
    /* Only this computer's old settings got through: its policy is the
     * stricter one, whatever the version. */
    { "{\"outcome\": \"alert-received\", \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1\"}}", "tls-client-policy-stricter" },
    { "{\"outcome\": \"alert-received\"}", "tls-protocol-mismatch" },
    { "{\"outcome\": \"alert-received\", \"legacy_retry\": {\"outcome\": \"alert-received\"}}", "tls-protocol-mismatch" },
    { "{\"outcome\": \"error\", \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1.2\"}}", "tls-client-policy-stricter" },
    { "{\"outcome\": \"timeout\"}", "handshake-timeout" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, cases[i].evidence), NULL);
      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

static const RdRemedy *
find_remedy (const RdCause *cause,
             const char    *id)
{
  for (guint i = 0; i < cause->remedies->len; i++)
    if (g_str_equal (((RdRemedy *) g_ptr_array_index (cause->remedies, i))->id, id))
      return g_ptr_array_index (cause->remedies, i);
  return NULL;
}

/* The default TLS settings refused, the old ones got through: one cause,
 * on this computer's side, with the host's fixes that apply. */
static void
test_client_policy (void)
{
  static const char windows_2008[] =
    "{\"outcome\": \"error\", \"default_policy\": \"refused (legacy sigalg disallowed or unsupported)\","
    " \"legacy_policy\": \"accepted: TLS 1.0, sha1WithRSAEncryption, RSA 1024\","
    " \"certificate\": {\"key_type\": \"RSA\", \"key_bits\": 1024, \"signature_hash\": \"SHA1\"},"
    " \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1\"}}";
  static const char strong_tls12[] =
    "{\"outcome\": \"alert-received\","
    " \"certificate\": {\"key_type\": \"RSA\", \"key_bits\": 2048, \"signature_hash\": \"SHA256\"},"
    " \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1.2\"}}";

  {
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, windows_2008), NULL);
    const RdCause *cause = g_ptr_array_index (causes, 0);
    const RdRemedy *client = find_remedy (cause, "client-tls-seclevel");
    gboolean undo = FALSE, xfreerdp = FALSE;

    g_assert_cmpstr (cause->name, ==, "tls-client-policy-stricter");
    g_assert_cmpint (cause->severity, ==, RD_SEVERITY_ERROR);
    g_assert_cmpint (rd_cause_get_area (cause), ==, RD_AREA_SECURITY);
    /* The weak certificate is one of its fixes, not a cause of its own. */
    g_assert_false (has_cause (causes, "tls-cert-weak"));
    g_assert_false (has_cause (causes, "tls-protocol-mismatch"));
    g_assert_nonnull (find_remedy (cause, "host-enable-tls12"));
    g_assert_nonnull (find_remedy (cause, "host-regenerate-certificate"));
    g_assert_nonnull (client);
    g_assert_true (client->lowers_security);
    g_assert_cmpstr (client->action, ==, "profile");
    for (guint i = 0; i < client->commands->len; i++)
      {
        const RdCommand *command = g_ptr_array_index (client->commands, i);

        undo |= g_str_equal (command->shell, "undo") && g_str_equal (command->text, "tls-seclevel=");
        xfreerdp |= g_str_equal (command->shell, "sh") && strstr (command->text, "/tls-seclevel:0") != NULL;
      }
    g_assert_true (undo);
    g_assert_true (xfreerdp);
  }
  {
    /* TLS 1.2 and a strong certificate: neither host fix applies. */
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, strong_tls12), NULL);
    const RdCause *cause = g_ptr_array_index (causes, 0);

    g_assert_cmpstr (cause->name, ==, "tls-client-policy-stricter");
    g_assert_null (find_remedy (cause, "host-enable-tls12"));
    g_assert_null (find_remedy (cause, "host-regenerate-certificate"));
    g_assert_nonnull (find_remedy (cause, "host-windows-update"));
  }
  {
    /* A SHA-1 certificate the default settings accept: the host's, only. */
    g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", tls_ok_with_certificate (", \"signature_hash\": \"SHA1\""), NULL);

    g_assert_cmpstr (first_id (causes), ==, "tls-cert-weak");
    g_assert_false (has_cause (causes, "tls-client-policy-stricter"));
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

/* What the nla check's answer names: the TSRequest version and an
 * errorCode each tell something of their own; a bare close tells neither. */
static void
test_nla_wire (void)
{
  static const struct
  {
    const char *evidence;
    const char *first;       /* NULL: no cause */
    const char *also;        /* a second cause, or NULL */
    double      confidence;  /* of the first */
  } cases[] = {
    { "{\"outcome\": \"challenge\", \"version\": 2}", "credssp-outdated", NULL, 0.9 },
    { "{\"outcome\": \"challenge\", \"version\": 3}", "credssp-outdated", NULL, 0.9 },
    { "{\"outcome\": \"challenge\", \"version\": 4}", "credssp-outdated", NULL, 0.9 },
    { "{\"outcome\": \"challenge\", \"version\": 5}", NULL, NULL, 0 },
    { "{\"outcome\": \"challenge\", \"version\": 6}", NULL, NULL, 0 },
    /* No valid version: nothing said about the fix. */
    { "{\"outcome\": \"challenge\", \"version\": 1}", NULL, NULL, 0 },
    { "{\"outcome\": \"challenge\", \"version\": 4294967300}", NULL, NULL, 0 },
    /* Codes that name the package refusing NTLM. */
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0xC0000418\"}", "nla-ntlm-refused", NULL, 0.85 },
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0xC00000BB\"}", "nla-ntlm-refused", NULL, 0.85 },
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0xC00000FE\"}", "nla-ntlm-refused", NULL, 0.85 },
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0x80090302\"}", "nla-ntlm-refused", NULL, 0.85 },
    /* A bare logon refusal: the same, less sure. */
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0xC000006D\"}", "nla-ntlm-refused", NULL, 0.6 },
    /* Codes that say nothing of NTLM, or none readable. */
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0x80090308\"}", "nla-failed", NULL, 0.8 },
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"0x12345678\"}", "nla-failed", NULL, 0.8 },
    { "{\"outcome\": \"error-code\", \"version\": 6, \"error_code\": \"junk\"}", "nla-failed", NULL, 0.8 },
    { "{\"outcome\": \"error-code\", \"version\": 6}", "nla-failed", NULL, 0.8 },
    /* Both at once: the refusal is the error, the old version a warning. */
    { "{\"outcome\": \"error-code\", \"version\": 3, \"error_code\": \"0xC0000418\"}", "nla-ntlm-refused", "credssp-outdated", 0.85 },
    /* A close after our NEGOTIATE names no NTLM refusal. */
    { "{\"outcome\": \"closed\"}", "nla-failed", NULL, 0.8 },
    { "{\"outcome\": \"reset\"}", "nla-failed", NULL, 0.8 },
    { "{\"outcome\": \"timeout\"}", "nla-failed", NULL, 0.6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("nla", RD_STATUS_FAIL, cases[i].evidence), NULL);

      g_test_message ("case %u: %s", i, cases[i].evidence);
      g_assert_cmpstr (first_id (causes), ==, cases[i].first);
      g_assert_cmpuint (causes->len, ==, (cases[i].first != NULL) + (cases[i].also != NULL));
      if (cases[i].first != NULL)
        g_assert_cmpfloat_with_epsilon (((RdCause *) g_ptr_array_index (causes, 0))->confidence,
                                        cases[i].confidence, 1e-9);
      if (cases[i].also != NULL)
        g_assert_cmpstr (((RdCause *) g_ptr_array_index (causes, 1))->name, ==, cases[i].also);
    }

  /* The old version is a warning of the host's; the refusal an error. */
  {
    g_autoptr(RdCause) outdated = rd_cause_new (rd_cause_id_from_string ("credssp-outdated"), RD_SEVERITY_WARNING, 0.9);
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("nla", RD_STATUS_WARN, "{\"outcome\": \"challenge\", \"version\": 3}"), NULL);
    RdCause *cause = g_ptr_array_index (causes, 0);
    gboolean stop_gap = FALSE;

    g_assert_cmpint (cause->severity, ==, RD_SEVERITY_WARNING);
    g_assert_cmpint (rd_cause_info (outdated->id)->side, ==, RD_SIDE_HOST);
    /* The client's stop-gap lowers security, and its undo follows it. */
    for (guint r = 0; r < cause->remedies->len; r++)
      {
        RdRemedy *remedy = g_ptr_array_index (cause->remedies, r);
        RdCommand *set, *undo;

        if (!g_str_equal (remedy->id, "client-credssp-vulnerable"))
          continue;
        stop_gap = TRUE;
        g_assert_true (remedy->lowers_security);
        g_assert_cmpint (remedy->side, ==, RD_SIDE_CLIENT);
        g_assert_cmpuint (remedy->commands->len, ==, 2);
        set = g_ptr_array_index (remedy->commands, 0);
        undo = g_ptr_array_index (remedy->commands, 1);
        g_assert_cmpstr (set->text, ==,
                         "REG ADD \"HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters\""
                         " /v AllowEncryptionOracle /t REG_DWORD /d 2 /f");
        g_assert_cmpstr (undo->shell, ==, "undo");
        g_assert_cmpstr (undo->text, ==,
                         "REG DELETE \"HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters\""
                         " /v AllowEncryptionOracle /f");
      }
    g_assert_true (stop_gap);
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

  g_autoptr(GPtrArray) tunnel = diagnose ("localhost", make_finding ("nla", RD_STATUS_PASS, other), NULL);
  g_autoptr(GPtrArray) alias = diagnose ("office.dyndns.test", make_finding ("nla", RD_STATUS_PASS, other), NULL);
  g_autoptr(GPtrArray) bare = diagnose ("pc01", make_finding ("nla", RD_STATUS_PASS, other), NULL);
  g_autoptr(GPtrArray) forwarded = diagnose ("pc01.example.test", make_finding ("nla", RD_STATUS_PASS, other),
                                             make_finding ("dns", RD_STATUS_PASS,
                                                           "{\"addresses\": [\"127.0.0.2\", \"::1\"]}"),
                                             NULL);

  g_assert_cmpstr (first_id (mismatch), ==, "dns-mismatch");
  g_assert_cmpuint (match->len, ==, 0);
  g_assert_cmpuint (address->len, ==, 0);
  /* A tunnel's far end, and a name in another domain (an alias), have
   * their own names; a bare label is the computer's own. */
  g_assert_cmpuint (tunnel->len, ==, 0);
  g_assert_cmpuint (alias->len, ==, 0);
  g_assert_cmpuint (forwarded->len, ==, 0);
  g_assert_cmpstr (first_id (bare), ==, "dns-mismatch");
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
  {
    /* A one-off stall: the second normal handshake completed, or the ping
     * search carried full-size packets. Never an MTU change. */
    const char *stalled = "{\"outcome\": \"timeout\"}";
    g_autoptr(GPtrArray) retried =
      diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, stalled),
                make_finding ("mtu", RD_STATUS_PASS,
                              "{\"largest_working_mss\": 1200, \"normal_retry\": {\"outcome\": \"ok\"}}"), NULL);
    g_autoptr(GPtrArray) pinged =
      diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, stalled),
                make_finding ("mtu", RD_STATUS_PASS,
                              "{\"largest_working_mss\": 1200, \"path_mtu\": 65535, \"route_mtu\": 65536, "
                              "\"normal_retry\": {\"outcome\": \"timeout\"}}"), NULL);
    g_autoptr(GPtrArray) consistent =
      diagnose ("192.0.2.1", make_finding ("tls", RD_STATUS_FAIL, stalled),
                make_finding ("mtu", RD_STATUS_PASS,
                              "{\"largest_working_mss\": 800, \"path_mtu\": 900, \"route_mtu\": 1500, "
                              "\"normal_retry\": {\"outcome\": \"timeout\"}}"), NULL);

    g_assert_false (has_cause (retried, "mtu-blackhole"));
    g_assert_cmpstr (first_id (retried), ==, "handshake-intermittent");
    g_assert_false (has_cause (retried, "handshake-timeout"));
    g_assert_false (has_cause (pinged, "mtu-blackhole"));
    g_assert_cmpstr (first_id (pinged), ==, "handshake-timeout");
    g_assert_cmpstr (first_id (consistent), ==, "mtu-blackhole");
  }
  {
    /* A quick network and a slow answer: the computer's finding. */
    g_autoptr(GPtrArray) causes =
      diagnose ("192.0.2.1", make_finding ("latency", RD_STATUS_WARN,
                                           "{\"slow_server\": true, \"rtt_ms\": 0.1, \"answer_ms\": 312}"), NULL);
    g_assert_cmpstr (first_id (causes), ==, "server-slow");
    g_assert_false (has_cause (causes, "high-latency"));
    g_assert_nonnull (strstr (((RdCause *) g_ptr_array_index (causes, 0))->explanation, "312 ms"));
  }
}

/* Findings that give every parameter of the catalogue a value. */
static GHashTable *
rich_findings (void)
{
  GHashTable *findings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) rd_finding_unref);

  g_hash_table_insert (findings, "dns", make_finding ("dns", RD_STATUS_PASS, "{\"ipv4\": [\"192.0.2.7\"]}"));
  g_hash_table_insert (findings, "mtu",
                       make_finding ("mtu", RD_STATUS_WARN, "{\"suggested_mtu\": 1280, \"interface\": \"wg0\"}"));
  g_hash_table_insert (findings, "negotiate",
                       make_finding ("negotiate", RD_STATUS_FAIL, "{\"tls_only_accepted\": true}"));
  g_hash_table_insert (findings, "latency",
                       make_finding ("latency", RD_STATUS_WARN, "{\"rtt_ms\": 412.5, \"gateway_rtt_ms\": 150}"));
  return findings;
}

static void
check_remedy_row (const RdRemedyInfo   *info,
                  const RdRemedyParams *params)
{
  gboolean lowers_security = FALSE;

  g_assert_true (info->id != NULL && info->title != NULL);
  for (guint i = 0; i < RD_REMEDY_MAX_STEPS && info->steps[i].format != NULL; i++)
    {
      g_autofree char *step = rd_template_render (&info->steps[i], TRUE, params);

      g_assert_nonnull (step);
    }

  for (guint i = 0; i < RD_REMEDY_MAX_ACTIONS && info->actions[i].kind != RD_ACTION_NONE; i++)
    {
      const RdAction *action = &info->actions[i];
      g_autofree char *command = rd_action_render_command (action, params);
      g_autofree char *undo = rd_action_render_undo (action);

      /* Only a profile line has no command of its own. */
      g_assert_true ((command == NULL) == (action->kind == RD_ACTION_PROFILE));
      /* What lowers security is undone after the test. */
      if (action->lowers_security)
        g_assert_nonnull (undo);
      lowers_security |= action->lowers_security;
      /* reg.exe needs the type of what it writes. */
      if (action->kind == RD_ACTION_REGISTRY_SET && action->shell == RD_SHELL_CMD)
        g_assert_cmpint (action->registry.type, ==, RD_REGISTRY_DWORD);
      /* The administrator's script runs on Windows. */
      if (info->side == RD_SIDE_HOST)
        g_assert_cmpint (action->shell, !=, RD_SHELL_SH);
    }

  {
    g_autoptr(RdRemedy) remedy = rd_remedy_info_render (info, params);

    g_assert_cmpint (remedy->lowers_security, ==, lowers_security);
    g_assert_cmpstr (remedy->id, ==, info->id);
  }
}

/* The catalogue: a row for every cause, templates that fit their
 * parameters, a remedy id once per cause, and what lowers security undone. */
static void
test_catalogue (void)
{
  /* With a Remote Desktop Gateway: its parameters have values too. */
  g_autoptr(RdTarget) target = rd_target_parse ("rdp://full%20address=s:pc01.example.test:3390"
                                                "&gatewayhostname=s:gw.example.test&gatewayusagemethod=i:1",
                                                NULL);
  g_autoptr(GHashTable) findings = rich_findings ();
  g_autoptr(RdRemedyParams) params = rd_remedy_params_new (target, findings);
  const RdCauseRemedies *rows;
  guint n_rows;

  rows = rd_remedy_catalogue_get_all (&n_rows);
  g_assert_cmpuint (n_rows, ==, RD_N_CAUSES - 1);
  g_assert_null (rd_remedy_catalogue_lookup_cause (RD_CAUSE_OTHER));

  for (guint i = 0; i < n_rows; i++)
    {
      const RdCauseRemedies *row = &rows[i];
      g_autofree char *explanation = rd_template_render (&row->explanation, TRUE, params);
      g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_true (rd_remedy_catalogue_lookup_cause (row->id) == row);
      g_assert_nonnull (row->title);
      g_assert_nonnull (explanation);
      g_assert_null (strchr (explanation, '%'));
      g_assert_nonnull (row->remedies[0]);

      for (guint r = 0; r < RD_CAUSE_MAX_REMEDIES && row->remedies[r] != NULL; r++)
        {
          const RdRemedyInfo *info = row->remedies[r];

          g_assert_false (g_hash_table_contains (ids, info->id));
          g_hash_table_add (ids, (gpointer) info->id);
          g_assert_true (rd_remedy_catalogue_lookup (row->id, info->id) == info);
          check_remedy_row (info, params);
        }
      g_assert_null (rd_remedy_catalogue_lookup (row->id, "no-such-remedy"));
    }
}

/* Parameters fill the templates by type and position, as a translation may
 * reorder them. */
static void
test_templates (void)
{
  static const struct
  {
    RdTemplate  tmpl;
    gboolean    bare;       /* without findings */
    const char *expected;   /* NULL: left out */
  } cases[] = {
    { { "%2$s at port %1$u", { RD_PARAM_PORT, RD_PARAM_HOST } }, FALSE, "bücher.example.test at port 3391" },
    { { "%.0f ms, %d bytes, 100%%", { RD_PARAM_RTT, RD_PARAM_MTU } }, FALSE, "412 ms, 1280 bytes, 100%" },
    { { "100% as it is" }, FALSE, "100% as it is" },
    { { "Type %s", { RD_PARAM_IPV4 }, "Type the address" }, FALSE, "Type 192.0.2.7" },
    { { "Type %s", { RD_PARAM_IPV4 }, "Type the address" }, TRUE, "Type the address" },
    { { "Type %s", { RD_PARAM_IPV4 } }, TRUE, NULL },
  };
  static const RdTemplate wrong[] = {
    { "port %u", { RD_PARAM_HOST } },
    { "%s and %s", { RD_PARAM_HOST } },
    { "%3$s", { RD_PARAM_HOST } },
  };
  g_autoptr(RdTarget) target = rd_target_parse ("bücher.example.test:3391", NULL);
  g_autoptr(GHashTable) findings = rich_findings ();
  g_autoptr(RdRemedyParams) params = rd_remedy_params_new (target, findings);
  g_autoptr(RdRemedyParams) bare = rd_remedy_params_new (target, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rd_template_render (&cases[i].tmpl, FALSE, cases[i].bare ? bare : params);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  /* A conversion that does not fit its parameter is a mistake in the
   * catalogue (or a translation), never a crash. */
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *text = NULL;

      g_test_expect_message ("rdpdoctor-diagnosis", G_LOG_LEVEL_CRITICAL, "*does not fit its parameters*");
      text = rd_template_render (&wrong[i], FALSE, params);
      g_test_assert_expected_messages ();
      g_assert_null (text);
    }

  g_assert_true (rd_remedy_params_holds (params, RD_WHEN_TLS_ONLY_ACCEPTED));
  g_assert_true (rd_remedy_params_holds (params, RD_WHEN_SLOW_GATEWAY));
  g_assert_false (rd_remedy_params_holds (bare, RD_WHEN_TLS_ONLY_ACCEPTED));
  g_assert_false (rd_remedy_params_holds (bare, RD_WHEN_SLOW_GATEWAY));
}

/* Each kind of action as its command line, and its undo. */
static void
test_actions (void)
{
  static const struct
  {
    RdAction    action;
    const char *command;
    const char *undo;
  } cases[] = {
    { { .kind = RD_ACTION_REGISTRY_SET, .shell = RD_SHELL_CMD,
        .registry = { "HKLM:\\SOFTWARE\\Test", "Value", "7", RD_REGISTRY_DWORD, RD_UNDO_REMOVE } },
      "REG ADD \"HKLM\\SOFTWARE\\Test\" /v Value /t REG_DWORD /d 7 /f",
      "REG DELETE \"HKLM\\SOFTWARE\\Test\" /v Value /f" },
    { { .kind = RD_ACTION_REGISTRY_SET, .lowers_security = TRUE,
        .registry = { "HKLM:\\SOFTWARE\\Test", "Value", "0", RD_REGISTRY_KEEP_TYPE, RD_UNDO_PREVIOUS, "1" } },
      "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Test' -Name Value -Value 0",
      "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Test' -Name Value -Value 1" },
    { { .kind = RD_ACTION_REGISTRY_REMOVE, .registry = { .key = "HKLM:\\SOFTWARE\\Test", .name = "Value" } },
      "Remove-ItemProperty -Path 'HKLM:\\SOFTWARE\\Test' -Name Value -ErrorAction SilentlyContinue", NULL },
    { { .kind = RD_ACTION_FIREWALL, .firewall = { RD_FIREWALL_DISPLAY_NAME, "Some Rule", FALSE } },
      "Disable-NetFirewallRule -DisplayName \"Some Rule\"", NULL },
    { { .kind = RD_ACTION_SERVICE, .service = { RD_SERVICE_START_STOPPED, "KeyIso, CryptSvc" } },
      "Get-Service KeyIso, CryptSvc | Where-Object Status -ne Running | Start-Service", NULL },
    { { .kind = RD_ACTION_CERTIFICATES_REMOVE, .certificates = { "Cert:\\LocalMachine\\Test" } },
      "Get-ChildItem 'Cert:\\LocalMachine\\Test' | Remove-Item", NULL },
    { { .kind = RD_ACTION_PROFILE, .profile = { "setting:i:0", "setting:i:1" } }, NULL, "setting:i:1" },
    { { .kind = RD_ACTION_RESTART_COMPUTER }, "Restart-Computer", NULL },
  };
  g_autoptr(RdTarget) target = rd_target_parse ("192.0.2.1", NULL);
  g_autoptr(RdRemedyParams) params = rd_remedy_params_new (target, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *command = rd_action_render_command (&cases[i].action, params);
      g_autofree char *undo = rd_action_render_undo (&cases[i].action);
      g_autofree char *listing = rd_action_render_listing (&cases[i].action);

      g_assert_cmpstr (command, ==, cases[i].command);
      g_assert_cmpstr (undo, ==, cases[i].undo);
      /* What a listing finds is what the change works on. */
      if (listing != NULL)
        g_assert_true (g_str_has_prefix (command, listing));
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
  g_test_add_func ("/diagnosis/client-policy", test_client_policy);
  g_test_add_func ("/diagnosis/certificates", test_certificates);
  g_test_add_func ("/diagnosis/nla-and-clock", test_nla_and_clock);
  g_test_add_func ("/diagnosis/nla-wire", test_nla_wire);
  g_test_add_func ("/diagnosis/dns-mismatch", test_dns_mismatch);
  g_test_add_func ("/diagnosis/path", test_path);
  g_test_add_func ("/diagnosis/catalogue", test_catalogue);
  g_test_add_func ("/diagnosis/templates", test_templates);
  g_test_add_func ("/diagnosis/actions", test_actions);

  return g_test_run ();
}
