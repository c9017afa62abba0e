/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a person reads of the measurements: numbers in the technical
 * details and the text report rounded as people write them.
 */
#include <string.h>

#include "rd-details.h"
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/details/numbers", test_numbers);
  g_test_add_func ("/details/text-report", test_text_report);
  return g_test_run ();
}
