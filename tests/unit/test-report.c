/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-compare.h"
#include "rd-report.h"

static RdReport *
make_report (void)
{
  g_autoptr(RdTarget) target = rd_target_parse ("[2001:db8::5]:3390", NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  RdFinding *tcp = rd_finding_new ("tcp");
  RdFinding *negotiate = rd_finding_new ("negotiate");
  JsonObject *address = json_object_new ();
  JsonArray *addresses = json_array_new ();
  RdReport *report;

  g_assert_nonnull (target);
  json_object_set_string_member (address, "address", "2001:db8::5");
  json_object_set_string_member (address, "family", "ipv6");
  json_object_set_string_member (address, "state", "connected");
  json_array_add_object_element (addresses, address);
  json_object_set_array_member (rd_finding_get_evidence (tcp), "addresses", addresses);
  rd_finding_set_result (tcp, RD_STATUS_PASS, "The computer accepts connections on port %u.", 3390);
  rd_finding_set_duration_ms (tcp, 12);
  g_ptr_array_add (findings, tcp);

  json_object_set_string_member (rd_finding_get_evidence (negotiate), "outcome", "failure");
  json_object_set_int_member (rd_finding_get_evidence (negotiate), "failure_code", 3);
  rd_finding_set_result (negotiate, RD_STATUS_FAIL, "Refused: “SSL_CERT_NOT_ON_SERVER”");
  g_ptr_array_add (findings, negotiate);

  report = rd_report_new (target, findings);
  rd_report_set_duration_ms (report, 345);
  return report;
}

static void
test_contract (void)
{
  g_autoptr(RdReport) report = make_report ();
  g_autoptr(JsonNode) root = rd_report_to_json (report);
  JsonObject *object = json_node_get_object (root);
  JsonObject *check, *cause, *remedy;

  g_assert_cmpstr (json_object_get_string_member (object, "schema"), ==, "rdp-doctor/report/1");
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "broken");
  g_assert_true (json_object_has_member (object, "target"));

  check = json_array_get_object_element (json_object_get_array_member (object, "checks"), 0);
  g_assert_cmpstr (json_object_get_string_member (check, "id"), ==, "tcp");
  g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "pass");
  g_assert_cmpint (json_object_get_int_member (check, "duration_ms"), ==, 12);
  g_assert_true (json_object_has_member (check, "summary"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (check, "evidence")));

  cause = json_array_get_object_element (json_object_get_array_member (object, "causes"), 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "id"), ==, "negotiation-cert-missing");
  g_assert_cmpstr (json_object_get_string_member (cause, "severity"), ==, "error");
  g_assert_true (json_object_has_member (cause, "confidence"));
  g_assert_true (json_object_has_member (cause, "title"));
  g_assert_true (json_object_has_member (cause, "explanation"));
  remedy = json_array_get_object_element (json_object_get_array_member (cause, "remedies"), 0);
  g_assert_true (json_object_has_member (remedy, "id"));
  g_assert_cmpstr (json_object_get_string_member (remedy, "side"), ==, "host");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (remedy, "steps")));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (remedy, "commands")));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (remedy, "commands"), "powershell"),
                            "Cert:\\LocalMachine\\Remote Desktop"));
}

static void
test_round_trip (void)
{
  g_autoptr(RdReport) report = make_report ();
  g_autofree char *first = rd_report_to_json_string (report);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) loaded = rd_report_new_from_json_data (first, -1, &error);
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  second = rd_report_to_json_string (loaded);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpint (rd_report_get_verdict (loaded), ==, RD_VERDICT_BROKEN);
  g_assert_cmpuint (rd_target_get_port (rd_report_get_target (loaded)), ==, 3390);
  g_assert_nonnull (rd_report_lookup_finding (loaded, "negotiate"));
}

static void
test_text (void)
{
  g_autoptr(RdReport) report = make_report ();
  g_autofree char *text = rd_report_to_text (report);
  RdCause *cause = g_ptr_array_index (rd_report_get_causes (report), 0);
  const char *problem = strstr (text, cause->title);
  const char *measured = strstr (text, "What was measured:");

  /* The cause first, then the fix, then the evidence. */
  g_assert_nonnull (problem);
  g_assert_nonnull (measured);
  g_assert_true (problem < measured);
  g_assert_nonnull (strstr (text, "certlm.msc"));
  g_assert_nonnull (strstr (text, "[2001:db8::5]:3390"));
  g_assert_true (g_str_has_suffix (text, "(negotiation-cert-missing)\n"));
}

static RdReport *reload (RdReport *report, const char *drop_member);

/* A name that could pass for another is said first, before the cause; an
 * international name says how it is looked up. Both survive a reload. */
static void
test_text_notes (void)
{
  g_autoptr(RdTarget) lookalike = rd_target_parse ("mi\u0441rosoft.com", NULL);
  g_autoptr(RdTarget) idn = rd_target_parse ("b\u00FCcher.example", NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  g_autoptr(RdReport) report = NULL;
  g_autoptr(RdReport) loaded = NULL;
  g_autoptr(RdReport) plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *loaded_text = NULL;
  g_autofree char *plain_text = NULL;
  const char *warning;

  report = rd_report_new (lookalike, findings);
  text = rd_report_to_text (report);
  warning = strstr (text, "\nWarning: The name “mi\u0441rosoft.com”");
  g_test_message ("%s", text);
  g_assert_nonnull (warning);
  g_assert_true (warning < strstr (text, "What was measured:"));
  g_assert_nonnull (strstr (text, "(U+0441), which"));
  g_assert_nonnull (strstr (text, "xn--mirosoft-gch.com"));

  loaded = reload (report, NULL);
  loaded_text = rd_report_to_text (loaded);
  g_assert_nonnull (strstr (loaded_text, "\nWarning: The name “mi\u0441rosoft.com”"));

  plain = rd_report_new (idn, findings);
  plain_text = rd_report_to_text (plain);
  g_assert_nonnull (strstr (plain_text, "\nNote: “b\u00FCcher.example” is an international name"));
  g_assert_null (strstr (plain_text, "Warning:"));
}

static RdReport *
reload (RdReport   *report,
        const char *drop_member)
{
  g_autoptr(JsonNode) root = rd_report_to_json (report);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  RdReport *loaded;

  if (drop_member != NULL)
    json_object_remove_member (json_node_get_object (root), drop_member);
  text = json_to_string (root, TRUE);
  loaded = rd_report_new_from_json_data (text, -1, &error);
  g_assert_no_error (error);
  return loaded;
}

static void
test_code (void)
{
  g_autoptr(RdReport) report = make_report ();
  g_autoptr(RdReport) other = make_report ();
  g_autoptr(RdReport) loaded = reload (report, NULL);
  g_autoptr(RdReport) recomputed = reload (report, "code");
  g_autoptr(JsonNode) root = rd_report_to_json (report);
  g_autofree char *again = rd_report_compute_code (report);
  g_autofree char *text = rd_report_to_text (report);
  g_autofree char *line = g_strdup_printf ("Report code: %s\n", rd_report_get_code (report));
  const char *code = rd_report_get_code (report);

  g_assert_true (rd_report_code_is_valid (code));
  g_assert_cmpuint (strlen (code), ==, 9);
  /* No letter that sounds or looks like another. */
  g_assert_null (strpbrk (code, "ILOU"));
  g_assert_cmpstr (again, ==, code);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "code"), ==, code);

  /* Saved and opened again: the same code, kept and worked out anew. */
  g_assert_cmpstr (rd_report_get_code (loaded), ==, code);
  g_assert_cmpstr (rd_report_get_code (recomputed), ==, code);

  /* Another run (another time) or another duration: another code. */
  g_assert_cmpstr (rd_report_get_code (other), !=, code);
  rd_report_set_duration_ms (other, 346);
  g_assert_cmpstr (rd_report_get_code (other), !=, code);

  /* Near the top of the text. */
  g_assert_nonnull (strstr (text, line));
  g_assert_true (strstr (text, line) < strstr (text, "Problem:"));

  g_assert_false (rd_report_code_is_valid ("ABCD-EFGI"));
  g_assert_false (rd_report_code_is_valid ("ABCDEFGH"));
  g_assert_false (rd_report_code_is_valid (NULL));
  g_assert_cmpstr (rd_report_get_origin_computer (loaded), ==, g_get_host_name ());
}

static void
test_summary (void)
{
  g_autoptr(RdReport) report = make_report ();
  g_autofree char *summary = rd_report_to_summary (report, 0);
  g_autofree char *fits = rd_report_to_summary (report, RD_REPORT_SUMMARY_QR_MAX);
  g_autofree char *first = g_strdup_printf ("Remote Desktop Doctor report %s\n", rd_report_get_code (report));

  g_assert_true (g_str_has_prefix (summary, first));
  g_assert_nonnull (strstr (summary, "Computer: [2001:db8::5]:3390\n"));
  g_assert_nonnull (strstr (summary, "Problem: negotiation-cert-missing — "));
  g_assert_nonnull (strstr (summary, "[fail] negotiate: "));
  g_assert_null (strstr (summary, "[pass]"));
  g_assert_false (g_str_has_suffix (summary, "\n"));
  g_assert_cmpstr (fits, ==, summary);

  /* Too long for the limit: failed checks go first, then the text is cut
   * on a character boundary. */
  for (gsize max = 40; max < strlen (summary); max += 7)
    {
      g_autofree char *cut = rd_report_to_summary (report, max);

      g_assert_cmpuint (strlen (cut), <=, max);
      g_assert_true (g_utf8_validate (cut, -1, NULL));
      g_assert_true (g_str_has_prefix (summary, cut) || g_str_has_suffix (cut, "…"));
    }
}

/* The caller's UDP dropped, here it answers: the sentence says so. */
static void
test_compare (void)
{
  g_autoptr(RdReport) caller = make_report ();
  g_autoptr(JsonNode) root = rd_report_to_json (caller);
  JsonArray *checks = json_object_get_array_member (json_node_get_object (root), "checks");
  g_autoptr(JsonNode) udp_fail = json_from_string ("{\"id\": \"udp\", \"status\": \"fail\", \"summary\": \"No answer\", "
                                                   "\"duration_ms\": 1, \"evidence\": {}}", NULL);
  g_autoptr(JsonNode) udp_pass = json_from_string ("{\"id\": \"udp\", \"status\": \"pass\", \"summary\": \"Answered\", "
                                                   "\"duration_ms\": 1, \"evidence\": {}}", NULL);
  g_autofree char *caller_text = NULL;
  g_autofree char *here_text = NULL;
  g_autoptr(RdReport) with_udp = NULL;
  g_autoptr(RdReport) here = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *same = NULL;
  guint differing = 0;

  json_array_add_element (checks, json_node_copy (udp_fail));
  caller_text = json_to_string (root, FALSE);
  json_array_remove_element (checks, json_array_get_length (checks) - 1);
  json_array_add_element (checks, json_node_copy (udp_pass));
  here_text = json_to_string (root, FALSE);
  with_udp = rd_report_new_from_json_data (caller_text, -1, NULL);
  here = rd_report_new_from_json_data (here_text, -1, NULL);
  g_assert_nonnull (with_udp);
  g_assert_nonnull (here);

  rows = rd_compare_reports (with_udp, here);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      RdCompareRow *row = g_ptr_array_index (rows, i);

      if (!row->differs)
        {
          g_assert_null (row->sentence);
          continue;
        }
      differing++;
      g_assert_cmpstr (row->check_id, ==, "udp");
      g_assert_cmpint (row->caller, ==, RD_STATUS_FAIL);
      g_assert_cmpint (row->here, ==, RD_STATUS_PASS);
      g_assert_true (g_str_has_prefix (row->sentence, "On the caller’s network UDP 3390 is dropped; here it is not"));
    }
  g_assert_cmpuint (differing, ==, 1);

  same = rd_compare_conclusion (with_udp, here);
  g_assert_true (g_str_has_prefix (same, "Both computers find the same problem"));
}

static void
test_bad_files (void)
{
  static const char * const inputs[] = {
    "",
    "not json",
    "[]",
    "{}",
    "{\"schema\": \"something/else\"}",
    "{\"schema\": \"rdp-doctor/report/1\"}",
    "{\"schema\": \"rdp-doctor/report/1\", \"target\": 5, \"checks\": [], \"causes\": []}",
    "{\"schema\": \"rdp-doctor/report/1\", \"target\": {\"host\": \"a b\", \"port\": 1}, \"checks\": [], \"causes\": []}",
    "{\"schema\": \"rdp-doctor/report/1\", \"target\": {\"input\": \"pc\", \"host\": \"pc\", \"port\": 3389, \"kind\": \"name\"}, \"checks\": {}, \"causes\": []}",
    "{\"schema\": \"rdp-doctor/report/1\", \"target\": {\"input\": \"pc\", \"host\": \"pc\", \"port\": 3389, \"kind\": \"name\"}, \"checks\": [1], \"causes\": []}",
    "{\"schema\": \"rdp-doctor/report/1\", \"target\": {\"input\": \"pc\", \"host\": \"pc\", \"port\": 3389, \"kind\": \"name\"}, \"checks\": [{\"id\": \"x\", \"status\": \"weird\"}], \"causes\": []}",
    "{\"schema\": \"rdp-doctor/report/1\", \"target\": {\"input\": \"pc\", \"host\": \"pc\", \"port\": 3389, \"kind\": \"name\"}, \"checks\": [], \"causes\": [{\"id\": \"x\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdReport) report = rd_report_new_from_json_data (inputs[i], -1, &error);

      if (report != NULL)
        g_error ("input %u loaded: %s", i, inputs[i]);
      g_assert_nonnull (error);
      /* Said in those words, then why; never taken for a connection file. */
      g_assert_true (g_str_has_prefix (error->message, "This file is not a Remote Desktop Doctor report: "));
      g_assert_cmpuint (strlen (error->message), >, strlen ("This file is not a Remote Desktop Doctor report: "));
      g_assert_null (strstr (error->message, "full address"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (rd_report_new_from_json_data (" \n", -1, &error));
    g_assert_cmpstr (error->message, ==, "This file is not a Remote Desktop Doctor report: it is empty.");
  }
  /* A picture, with its NUL bytes. */
  {
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    g_autoptr(GError) error = NULL;

    g_assert_null (rd_report_new_from_json_data (png, sizeof png - 1, &error));
    g_assert_cmpstr (error->message, ==, "This file is not a Remote Desktop Doctor report: it is not a text file.");
  }
  /* Ours, from a later version: said as such. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (rd_report_new_from_json_data ("{\"schema\": \"rdp-doctor/report/2\"}", -1, &error));
    g_assert_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_SCHEMA);
    g_assert_nonnull (strstr (error->message, "rdp-doctor/report/2"));
  }
}

/* Which computer made the report: kept through a save, and a report saved
 * before it was recorded still opens, without one. */
static void
test_origin (void)
{
  g_autoptr(RdReport) report = make_report ();
  g_autoptr(JsonNode) root = rd_report_to_json (report);
  JsonObject *object = json_node_get_object (root);
  g_autofree char *json = json_to_string (root, FALSE);
  g_autoptr(RdReport) loaded = rd_report_new_from_json_data (json, -1, NULL);
  g_autofree char *old_json = NULL;
  g_autoptr(RdReport) old = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (rd_report_get_origin_computer (report), ==, g_get_host_name ());
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "origin"), "computer"),
                   ==, g_get_host_name ());
  /* The computer's name only: no user name. */
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "origin")), ==, 1);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (rd_report_get_origin_computer (loaded), ==, g_get_host_name ());

  json_object_remove_member (object, "origin");
  old_json = json_to_string (root, FALSE);
  old = rd_report_new_from_json_data (old_json, -1, &error);
  g_assert_no_error (error);
  g_assert_null (rd_report_get_origin_computer (old));
  g_assert_cmpstr (rd_report_get_code (old), ==, rd_report_get_code (report));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/contract", test_contract);
  g_test_add_func ("/report/round-trip", test_round_trip);
  g_test_add_func ("/report/text", test_text);
  g_test_add_func ("/report/text-notes", test_text_notes);
  g_test_add_func ("/report/bad-files", test_bad_files);
  g_test_add_func ("/report/origin", test_origin);
  g_test_add_func ("/report/code", test_code);
  g_test_add_func ("/report/summary", test_summary);
  g_test_add_func ("/report/compare", test_compare);

  return g_test_run ();
}
