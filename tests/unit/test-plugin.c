/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monitoring plugin's line (cli/rd-plugin.c): the thresholds' range
 * syntax and the line for a report, without any network. */
#include <string.h>

#include "rd-plugin.h"

static void
test_range_parse (void)
{
  const char *good[] = { "5", "2.5", ".5", "0", "5:", "~:5", "5:10", "@5:10", "-1:1", "~:", "@~:5" };
  const char *bad[] = { "", "@", "~", ":", "abc", "1e2", "0x10", "inf", "nan", " 5", "5 ", "10:5",
                        "-5", "5:10:20", "5..1", "@@5", "5;10", "5|10" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      RdPluginRange range = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", good[i]);
      g_assert_true (rd_plugin_range_parse (good[i], &range, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (range.text, ==, good[i]);
      rd_plugin_range_clear (&range);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      RdPluginRange range = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (rd_plugin_range_parse (bad[i], &range, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_null (range.text);
    }
}

/* The guidelines' table: which values raise the state. */
static void
test_range_alerts (void)
{
  const struct { const char *range; double value; gboolean alerts; } cases[] = {
    { "10", -0.5, TRUE }, { "10", 0, FALSE }, { "10", 10, FALSE }, { "10", 10.001, TRUE },
    { "10:", 9.9, TRUE }, { "10:", 10, FALSE }, { "10:", 1e9, FALSE },
    { "~:10", -1e9, FALSE }, { "~:10", 10, FALSE }, { "~:10", 11, TRUE },
    { "10:20", 9, TRUE }, { "10:20", 15, FALSE }, { "10:20", 21, TRUE },
    { "@10:20", 9, FALSE }, { "@10:20", 10, TRUE }, { "@10:20", 20, TRUE }, { "@10:20", 21, FALSE },
    { "2.5", 2.4, FALSE }, { "2.5", 2.6, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RdPluginRange range = { 0 };

      g_assert_true (rd_plugin_range_parse (cases[i].range, &range, NULL));
      g_test_message ("%s at %g", cases[i].range, cases[i].value);
      g_assert_cmpint (rd_plugin_range_alerts (&range, cases[i].value), ==, cases[i].alerts);
      rd_plugin_range_clear (&range);
    }
}

static RdFinding *
timed_finding (const char *check_id,
               RdStatus    status,
               gint64      duration_ms)
{
  RdFinding *finding = rd_finding_new (check_id);

  rd_finding_set_result (finding, status, "%s", check_id);
  rd_finding_set_duration_ms (finding, duration_ms);
  return finding;
}

/* A report that names port-refused (an error): tcp failed, the rest did not
 * run. */
static RdReport *
refused_report (void)
{
  g_autoptr(RdTarget) target = rd_target_parse ("192.0.2.7", NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  RdFinding *tcp = timed_finding ("tcp", RD_STATUS_FAIL, 3);
  JsonObject *address = json_object_new ();
  JsonArray *addresses = json_array_new ();
  RdReport *report;

  json_object_set_string_member (address, "address", "192.0.2.7");
  json_object_set_string_member (address, "family", "ipv4");
  json_object_set_string_member (address, "state", "refused");
  json_array_add_object_element (addresses, address);
  json_object_set_array_member (rd_finding_get_evidence (tcp), "addresses", addresses);
  g_ptr_array_add (findings, tcp);
  g_ptr_array_add (findings, timed_finding ("tls", RD_STATUS_SKIP, 0));
  report = rd_report_new (target, findings);
  rd_report_set_duration_ms (report, 1234);
  return report;
}

static void
test_format (void)
{
  g_autoptr(RdReport) report = refused_report ();
  RdPluginRange warning = { 0 }, critical = { 0 };
  RdPluginState state = RD_PLUGIN_UNKNOWN;
  g_autofree char *plain = NULL;
  g_autofree char *slow = NULL;
  const char *perf;

  g_assert_true (rd_report_has_cause (report, RD_CAUSE_PORT_REFUSED));
  plain = rd_plugin_format (report, NULL, NULL, &state);
  g_test_message ("%s", plain);
  g_assert_cmpint (state, ==, RD_PLUGIN_CRITICAL);
  g_assert_true (g_str_has_prefix (plain, "RDP CRITICAL - "));
  g_assert_nonnull (strstr (plain, " (port-refused) | "));
  perf = strstr (plain, " | ") + 3;
  /* tcp ran, tls was skipped, latency never ran: only what was measured. */
  g_assert_cmpstr (perf, ==, "time=1.234s;;;0; tcp=0.003s;;;0;\n");
  g_assert_null (strchr (perf, '|'));
  g_assert_cmpint (strchr (plain, '\n') - plain, ==, (long) strlen (plain) - 1);

  /* A generous threshold never lowers CRITICAL; its text is in time's
   * fields. */
  g_assert_true (rd_plugin_range_parse ("60", &warning, NULL));
  g_assert_true (rd_plugin_range_parse ("@0:1", &critical, NULL));
  slow = rd_plugin_format (report, &warning, &critical, &state);
  g_assert_cmpint (state, ==, RD_PLUGIN_CRITICAL);
  g_assert_nonnull (strstr (slow, "time=1.234s;60;@0:1;0;"));
  rd_plugin_range_clear (&warning);
  rd_plugin_range_clear (&critical);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plugin/range-parse", test_range_parse);
  g_test_add_func ("/plugin/range-alerts", test_range_alerts);
  g_test_add_func ("/plugin/format", test_format);
  return g_test_run ();
}
