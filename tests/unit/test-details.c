/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a person reads of the measurements: numbers in the technical
 * details and the text report rounded as people write them, and the
 * reason a check that needs the computer gives when it did not run,
 * decided from what the checks before it found.
 */
#include <string.h>

#include "rd-check-private.h"
#include "rd-details.h"
#include "rd-negotiation.h"
#include "rd-report.h"
#include "rd-unit-util.h"

/* The value of the row labelled @label (the first), or NULL. */
static const char *
row_value (const RdFindingDetails *details,
           const char             *label)
{
  for (guint i = 0; i < details->rows->len; i++)
    {
      const RdDetailRow *row = g_ptr_array_index (details->rows, i);

      if (g_strcmp0 (row->label, label) == 0)
        return row->value;
    }
  return NULL;
}

/* Each member alone, its row's value: durations in ms with one decimal
 * below 10 ms and none from 10 ms on, never a double's seventeen digits;
 * microseconds as milliseconds; sizes in bytes; counts stay counts. */
static const struct
{
  const char *evidence;
  const char *label;      /* NULL: the first item of a list */
  const char *value;
} numbers[] = {
  { "{\"rtt_ms\": 0.10000000000000001}", "Round trip", "0.1 ms" },
  { "{\"jitter_ms\": 12.345}", "Jitter", "12 ms" },
  { "{\"connect_median_ms\": 217.0}", "Typical connection time", "217 ms" },
  { "{\"answer_ms\": 9.96}", "Answer time", "10 ms" },
  { "{\"gateway_rtt_ms\": 0.04}", "Router: round trip", "0 ms" },
  { "{\"jitter_ms\": -0.04}", "Jitter", "0 ms" },
  { "{\"connect_samples_ms\": [0.1, 2.25, 12.5, 1234.5]}", "Connection times", "0.1 ms, 2.3 ms, 13 ms, 1235 ms" },
  { "{\"handshake_ms\": 4}", "Handshake time", "4 ms" },
  { "{\"gateway_rtt_us\": 870}", "Router: round trip", "0.9 ms" },
  { "{\"rtt_us\": [12345, 217000]}", "Round trip", "12 ms, 217 ms" },
  { "{\"offset_s\": 1.46}", "Clock difference", "1.5 s" },
  { "{\"offset_s\": -7200}", "Clock difference", "-7200 s" },
  { "{\"samples\": 6}", "Samples", "6" },
  { "{\"path_mtu_probes\": 7}", "Path MTU: probes", "7" },
  { "{\"route_mtu\": 1500}", "Route MTU", "1500 bytes" },
  { "{\"path_mtu\": 1204}", "Path MTU", "1204 bytes" },
  { "{\"suggested_mtu\": 1240.0}", "Suggested MTU", "1240 bytes" },
  { "{\"largest_working_mss\": 1200}", "Largest segment that worked", "1200 bytes" },
  { "{\"clamped\": [{\"mss\": 1200, \"outcome\": \"ok\", \"handshake_ms\": 12}]}", NULL,
    "Segment size (MSS): 1200 bytes; Outcome: ok; Handshake time: 12 ms" },
  { "{\"server_up_mtu\": 1232}", "Remote computer’s upstream MTU", "1232 bytes" },
  /* Counted in datagrams, not bytes. */
  { "{\"server_receive_window\": 64}", "Remote computer’s receive window", "64" },
};

static void
test_numbers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(RdFinding) finding = rd_test_finding_new ("latency", RD_STATUS_PASS, numbers[i].evidence);
      g_autoptr(RdFindingDetails) details = rd_finding_details_new (finding);

      g_test_message ("%s", numbers[i].evidence);
      g_assert_cmpstr (row_value (details, numbers[i].label), ==, numbers[i].value);
    }
}

/* The text report shows the same rows as the wizard. */
static void
test_text_report (void)
{
  g_autoptr(RdReport) report =
    rd_test_report_new ("192.0.2.7",
                        rd_test_finding_new ("tcp", RD_STATUS_PASS, "{\"connected_address\": \"192.0.2.7\"}"),
                        rd_test_finding_new ("latency", RD_STATUS_PASS,
                                             "{\"rtt_ms\": 0.1, \"connect_samples_ms\": [0.1, 12.345], "
                                             "\"clamped\": [{\"mss\": 1200}]}"),
                        NULL);
  g_autofree char *text = rd_report_to_text (report);

  g_assert_nonnull (strstr (text, "\n      Round trip: 0.1 ms\n"));
  g_assert_nonnull (strstr (text, "\n      Connection times: 0.1 ms, 12 ms\n"));
  g_assert_nonnull (strstr (text, "\n      Handshakes with small packets:\n        - Segment size (MSS): 1200 bytes\n"));
  g_assert_null (strstr (text, "0000000"));
  g_assert_null (strstr (text, "rtt_ms"));
}

/* What the handshake told in words: the CredSSP version (not any
 * "Version"), the NTLM product version as a Windows build, the negotiation
 * response's flags as supported or not; the text report the same. */
static void
test_handshake_rows (void)
{
  g_autoptr(RdFinding) nla =
    rd_test_finding_new ("nla", RD_STATUS_WARN,
                         "{\"sent_version\": 6, \"version\": 3, \"outcome\": \"challenge\", "
                         "\"os_version\": \"10.0.20348\"}");
  g_autoptr(RdFinding) udp = rd_test_finding_new ("udp", RD_STATUS_PASS, "{\"version\": 3}");
  g_autoptr(RdFinding) negotiate =
    rd_test_finding_new ("negotiate", RD_STATUS_PASS,
                         "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID_EX\", \"flags\": 27, "
                         "\"flag_names\": \"EXTENDED_CLIENT_DATA_SUPPORTED|DYNVC_GFX_PROTOCOL_SUPPORTED|"
                         "RESTRICTED_ADMIN_MODE_SUPPORTED|REDIRECTED_AUTHENTICATION_MODE_SUPPORTED\", "
                         "\"extended_client_data_supported\": true, \"gfx_supported\": true, "
                         "\"restricted_admin_supported\": true, \"remote_credential_guard_supported\": false, "
                         "\"hybrid_ex_selected\": true}");
  g_autoptr(RdFindingDetails) nla_rows = rd_finding_details_new (nla);
  g_autoptr(RdFindingDetails) udp_rows = rd_finding_details_new (udp);
  g_autoptr(RdFindingDetails) negotiate_rows = rd_finding_details_new (negotiate);
  g_autoptr(RdReport) report =
    rd_test_report_new ("192.0.2.7",
                        rd_test_finding_new ("tcp", RD_STATUS_PASS, "{\"connected_address\": \"192.0.2.7\"}"),
                        rd_finding_ref (negotiate), rd_finding_ref (nla), NULL);
  g_autofree char *text = rd_report_to_text (report);

  g_assert_cmpstr (row_value (nla_rows, "CredSSP version"), ==, "3");
  g_assert_cmpstr (row_value (nla_rows, "CredSSP version sent"), ==, "6");
  g_assert_cmpstr (row_value (nla_rows, "Operating system"), ==, "Windows build 10.0.20348");
  g_assert_null (row_value (nla_rows, "Version"));
  /* Another check's "version" keeps its own label. */
  g_assert_cmpstr (row_value (udp_rows, "Version"), ==, "3");
  g_assert_cmpstr (row_value (negotiate_rows, "Restricted Admin mode"), ==, "supported");
  g_assert_cmpstr (row_value (negotiate_rows, "Remote Credential Guard"), ==, "not supported");
  g_assert_cmpstr (row_value (negotiate_rows, "Graphics pipeline (GFX)"), ==, "supported");
  g_assert_cmpstr (row_value (negotiate_rows, "Extended client data"), ==, "supported");
  g_assert_cmpstr (row_value (negotiate_rows, "NLA with early user authorization chosen"), ==, "yes");

  g_assert_nonnull (strstr (text, "\n      Restricted Admin mode: supported\n"));
  g_assert_nonnull (strstr (text, "\n      Remote Credential Guard: not supported\n"));
  g_assert_nonnull (strstr (text, "\n      CredSSP version: 3\n"));
  g_assert_nonnull (strstr (text, "\n      Operating system: Windows build 10.0.20348\n"));
}

#define TCP_CONNECTED(address) "{\"connected_address\": \"" address "\"}"
#define TCP_REFUSED "{\"addresses\": [{\"address\": \"192.0.2.7\", \"state\": \"refused\"}]}"
#define NEGOTIATED(address, protocol) \
  "{\"address\": \"" address "\", \"outcome\": \"response\", \"selected_protocol\": \"" protocol "\"}"
#define NEGOTIATION_CLOSED(address) "{\"address\": \"" address "\", \"outcome\": \"closed\"}"
#define TLS_FAILED "{\"outcome\": \"reset\"}"

#define UNREACHED "Not measured: the computer could not be reached."
#define STOPPED "Not measured: the connection stopped before the encrypted part."
#define NO_TLS "Not measured: the computer only offers the old Remote Desktop security, without TLS."

/* The precondition alone: reached is reached, whatever failed after.
 * Evidence NULL: no finding of that check. */
static const struct
{
  const char *tcp;
  const char *negotiate;
  gboolean    needs_tls;
  const char *why_not;
} preconditions[] = {
  /* TCP connected and the negotiation agreed on TLS (the TLS check may
   * still fail): both run. */
  { TCP_CONNECTED ("192.0.2.7"), NEGOTIATED ("192.0.2.7", "HYBRID"), TRUE, NULL },
  { TCP_CONNECTED ("192.0.2.7"), NEGOTIATED ("192.0.2.7", "HYBRID"), FALSE, NULL },
  /* TCP connected, the negotiation failed: the latency is measured, the
   * packet sizes of the secure connection cannot be. */
  { TCP_CONNECTED ("192.0.2.7"), NEGOTIATION_CLOSED ("192.0.2.7"), FALSE, NULL },
  { TCP_CONNECTED ("192.0.2.7"), NEGOTIATION_CLOSED ("192.0.2.7"), TRUE, STOPPED },
  { TCP_CONNECTED ("192.0.2.7"), NULL, TRUE, STOPPED },
  { TCP_CONNECTED ("192.0.2.7"), NEGOTIATED ("192.0.2.7", "RDP"), TRUE, NO_TLS },
  /* Not reached: the words are right then. */
  { TCP_REFUSED, "{}", FALSE, UNREACHED },
  { TCP_REFUSED, "{}", TRUE, UNREACHED },
  { NULL, NULL, FALSE, UNREACHED },
};

static void
test_why_not_measured (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (preconditions); i++)
    {
      g_autoptr(RdFinding) tcp = NULL;
      g_autoptr(RdFinding) negotiate = NULL;
      g_autoptr(GInetAddress) address = NULL;
      g_autofree char *text = NULL;

      if (preconditions[i].tcp != NULL)
        tcp = rd_test_finding_new ("tcp", RD_STATUS_PASS, preconditions[i].tcp);
      if (preconditions[i].negotiate != NULL)
        negotiate = rd_test_finding_new ("negotiate", RD_STATUS_PASS, preconditions[i].negotiate);
      g_test_message ("%s, %s", preconditions[i].tcp, preconditions[i].negotiate);
      g_assert_cmpstr (rd_check_why_not_measured (tcp, negotiate, preconditions[i].needs_tls, &address), ==,
                       preconditions[i].why_not);
      /* The check runs on the address that connected. */
      text = address != NULL ? g_inet_address_to_string (address) : NULL;
      g_assert_cmpstr (text, ==, preconditions[i].why_not == NULL ? "192.0.2.7" : NULL);
    }
}

typedef RdFinding *(*CheckFunc) (RdCheckContext *ctx);

/* @check run with the findings given as its dependencies, on @target_text. */
static RdFinding *
run_check (CheckFunc   check,
           const char *target_text,
           RdFinding  *tcp,
           RdFinding  *negotiate,
           RdFinding  *tls)
{
  g_autoptr(RdTarget) target = rd_target_parse (target_text, NULL);
  g_autoptr(GHashTable) deps = g_hash_table_new (g_str_hash, g_str_equal);
  RdCheckContext ctx = {
    .target = target,
    .timeout_ms = 1500,
    .requested_protocols = RD_PROTOCOLS_CLIENT_DEFAULT,
    .deps = deps,
  };

  g_assert_nonnull (target);
  g_hash_table_insert (deps, "tcp", tcp);
  g_hash_table_insert (deps, "negotiate", negotiate);
  g_hash_table_insert (deps, "tls", tls);
  return check (&ctx);
}

/* A computer on loopback that TCP reached, where the secure connection
 * then failed: the MTU and latency findings never say it could not be
 * reached, and a check that ran never says "not measured". */
static void
test_reached (void)
{
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_CLOSE);
  g_autofree char *target = rd_test_listener_dup_target (listener);
  g_autoptr(RdFinding) connected = rd_test_finding_new ("tcp", RD_STATUS_PASS, TCP_CONNECTED ("127.0.0.1"));
  g_autoptr(RdFinding) negotiated = rd_test_finding_new ("negotiate", RD_STATUS_PASS, NEGOTIATED ("127.0.0.1", "HYBRID"));
  g_autoptr(RdFinding) closed = rd_test_finding_new ("negotiate", RD_STATUS_FAIL, NEGOTIATION_CLOSED ("127.0.0.1"));
  g_autoptr(RdFinding) tls_failed = rd_test_finding_new ("tls", RD_STATUS_FAIL, TLS_FAILED);
  g_autoptr(RdFinding) tls_skipped = rd_test_finding_new ("tls", RD_STATUS_SKIP, "{}");
  struct
  {
    CheckFunc  check;
    RdFinding *negotiate;
    RdFinding *tls;
    gboolean   runs;
  } cases[] = {
    { rd_check_mtu, negotiated, tls_failed, TRUE },
    { rd_check_latency, negotiated, tls_failed, TRUE },
    { rd_check_mtu, closed, tls_skipped, FALSE },
    { rd_check_latency, closed, tls_skipped, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdFinding) finding = run_check (cases[i].check, target, connected, cases[i].negotiate, cases[i].tls);
      const char *summary = rd_finding_get_summary (finding);

      g_test_message ("%s: %s", rd_finding_get_check_id (finding), summary);
      g_assert_null (strstr (summary, "could not be reached"));
      if (cases[i].runs)
        {
          g_assert_cmpint (rd_finding_get_status (finding), !=, RD_STATUS_SKIP);
          g_assert_false (g_str_has_prefix (summary, "Not measured"));
        }
      else
        {
          g_assert_cmpint (rd_finding_get_status (finding), ==, RD_STATUS_SKIP);
          g_assert_cmpstr (summary, ==, STOPPED);
        }
    }
}

/* TCP did not connect: then the words are right. */
static void
test_not_reached (void)
{
  g_autoptr(RdFinding) refused = rd_test_finding_new ("tcp", RD_STATUS_FAIL, TCP_REFUSED);
  g_autoptr(RdFinding) skipped = rd_test_finding_new ("negotiate", RD_STATUS_SKIP, "{}");
  g_autoptr(RdFinding) tls_skipped = rd_test_finding_new ("tls", RD_STATUS_SKIP, "{}");
  g_autoptr(RdFinding) mtu = run_check (rd_check_mtu, "192.0.2.7", refused, skipped, tls_skipped);
  g_autoptr(RdFinding) latency = run_check (rd_check_latency, "192.0.2.7", refused, skipped, tls_skipped);

  g_assert_cmpint (rd_finding_get_status (mtu), ==, RD_STATUS_SKIP);
  g_assert_cmpstr (rd_finding_get_summary (mtu), ==, UNREACHED);
  g_assert_cmpint (rd_finding_get_status (latency), ==, RD_STATUS_SKIP);
  g_assert_cmpstr (rd_finding_get_summary (latency), ==, UNREACHED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/details/numbers", test_numbers);
  g_test_add_func ("/details/text-report", test_text_report);
  g_test_add_func ("/details/handshake-rows", test_handshake_rows);
  g_test_add_func ("/details/why-not-measured", test_why_not_measured);
  g_test_add_func ("/details/reached", test_reached);
  g_test_add_func ("/details/not-reached", test_not_reached);
  return g_test_run ();
}
