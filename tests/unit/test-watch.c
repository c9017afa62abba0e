/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdWatch: the rounds of a repeated diagnosis and what they add up to. */
#include <string.h>

#include "rd-unit-util.h"
#include "rd-watch.h"

#define T0 ((gint64) 1700000000 * G_USEC_PER_SEC)
#define SECOND G_USEC_PER_SEC

static const char *const TCP_PASS =
  "{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}";

/* A round's report: healthy, or the negotiation ending with @outcome. */
static RdReport *
report_with (const char *outcome)
{
  g_autofree char *evidence = NULL;

  if (outcome == NULL)
    return rd_test_report_new ("192.0.2.1", rd_test_finding_new ("tcp", RD_STATUS_PASS, TCP_PASS),
                               rd_test_finding_new ("negotiate", RD_STATUS_PASS,
                                                    "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}"),
                               NULL);
  evidence = g_strdup_printf ("{\"outcome\": \"%s\"}", outcome);
  return rd_test_report_new ("192.0.2.1", rd_test_finding_new ("tcp", RD_STATUS_PASS, TCP_PASS),
                             rd_test_finding_new ("negotiate", RD_STATUS_FAIL, evidence), NULL);
}

/* Adds a round starting at @start_s seconds after T0, lasting @duration_ms. */
static const RdWatchRound *
add (RdWatch    *watch,
     const char *outcome,
     double      start_s,
     gint64      duration_ms)
{
  g_autoptr(RdReport) report = report_with (outcome);

  rd_report_set_duration_ms (report, duration_ms);
  return rd_watch_add_report (watch, report, T0 + (gint64) (start_s * SECOND));
}

static const RdWatchCause *
find_cause (RdWatch    *watch,
            const char *name)
{
  GPtrArray *causes = rd_watch_get_causes (watch);

  for (guint i = 0; i < causes->len; i++)
    {
      const RdWatchCause *cause = g_ptr_array_index (causes, i);

      if (g_str_equal (cause->cause_name, name))
        return cause;
    }
  return NULL;
}

static void
test_rounds_and_outage (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  const RdWatchRound *round;

  round = add (watch, NULL, 0, 400);
  g_assert_cmpuint (round->number, ==, 1);
  g_assert_cmpint (round->verdict, ==, RD_VERDICT_HEALTHY);
  g_assert_null (round->cause_name);
  g_assert_cmpint (rd_watch_get_longest_outage_ms (watch), ==, 0);

  /* Two failed rounds in a row, then a healthy one: the outage lasts from
   * the first failed round's start to the next healthy round's start. */
  round = add (watch, "reset", 30, 100);
  g_assert_cmpstr (round->cause_name, ==, "listener-drops-connections");
  g_assert_cmpint (round->verdict, ==, RD_VERDICT_BROKEN);
  add (watch, "reset", 60, 100);
  add (watch, NULL, 90, 400);
  g_assert_cmpint (rd_watch_get_longest_outage_ms (watch), ==, 60000);

  /* A shorter one later does not replace it. */
  add (watch, "timeout", 120, 5000);
  add (watch, NULL, 150, 400);
  g_assert_cmpint (rd_watch_get_longest_outage_ms (watch), ==, 60000);

  /* One still going on lasts to the end of the last round. */
  add (watch, "reset", 180, 100);
  add (watch, "reset", 210, 100);
  add (watch, "reset", 240, 2500);
  g_assert_cmpint (rd_watch_get_longest_outage_ms (watch), ==, 62500);

  g_assert_cmpuint (rd_watch_get_n_rounds (watch), ==, 9);
  g_assert_cmpuint (rd_watch_get_n_failures (watch), ==, 6);
  g_assert_cmpuint (rd_watch_get_n_errors (watch), ==, 0);
  g_assert_cmpuint (find_cause (watch, "listener-drops-connections")->failures, ==, 5);
  g_assert_cmpuint (find_cause (watch, "handshake-timeout")->failures, ==, 1);
}

static void
test_error_round (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  const RdWatchRound *round;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  add (watch, NULL, 0, 100);
  round = rd_watch_add_error (watch, T0 + 30 * SECOND, 20);
  g_assert_true (round->error);
  g_assert_cmpuint (round->number, ==, 2);
  add (watch, NULL, 60, 100);
  g_assert_cmpuint (rd_watch_get_n_failures (watch), ==, 1);
  g_assert_cmpuint (rd_watch_get_n_errors (watch), ==, 1);
  g_assert_cmpint (rd_watch_get_longest_outage_ms (watch), ==, 30000);

  node = rd_watch_round_to_json (round, NULL);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "cause"), ==, "error");
  g_assert_true (json_object_get_boolean_member (object, "error"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "causes")), ==, 0);
}

/* Past RD_WATCH_MAX_ROUNDS the oldest rounds go; the counts stay whole. */
static void
test_ring_wrap (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autoptr(RdReport) healthy = report_with (NULL);
  g_autoptr(RdReport) broken = report_with ("closed");
  guint total = RD_WATCH_MAX_ROUNDS + 7;

  for (guint i = 0; i < total; i++)
    rd_watch_add_report (watch, i % 10 == 3 ? broken : healthy, T0 + (gint64) i * 30 * SECOND);

  g_assert_cmpuint (rd_watch_get_n_rounds (watch), ==, total);
  g_assert_cmpuint (rd_watch_get_n_kept (watch), ==, RD_WATCH_MAX_ROUNDS);
  g_assert_cmpuint (rd_watch_get_n_failures (watch), ==, (total + 6) / 10);
  /* The oldest kept is round 8 (numbered from 1), the newest the last. */
  g_assert_cmpuint (rd_watch_get_round (watch, 0)->number, ==, 8);
  g_assert_cmpint (rd_watch_get_round (watch, 0)->start_us, ==, T0 + 7 * 30 * SECOND);
  g_assert_cmpuint (rd_watch_get_round (watch, RD_WATCH_MAX_ROUNDS - 1)->number, ==, total);
  for (guint i = 1; i < RD_WATCH_MAX_ROUNDS; i++)
    g_assert_cmpint (rd_watch_get_round (watch, i)->start_us, >, rd_watch_get_round (watch, i - 1)->start_us);
  g_assert_cmpint (rd_watch_get_longest_outage_ms (watch), ==, 30000);
  g_assert_true (find_cause (watch, "listener-drops-connections")->intermittent);
}

static void
test_intermittent (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autoptr(RdWatch) always = rd_watch_new ();
  const RdWatchCause *dropped, *legacy;
  g_autofree char *text = NULL;
  g_autofree char *explained = NULL;

  for (guint i = 0; i < 4; i++)
    add (watch, NULL, i * 30, 300);
  add (watch, "reset", 120, 50);

  dropped = find_cause (watch, "listener-drops-connections");
  g_assert_nonnull (dropped);
  g_assert_true (dropped->intermittent);
  g_assert_cmpuint (dropped->rounds, ==, 1);
  g_assert_cmpint (rd_watch_cause_family (dropped->cause_name), ==, RD_WATCH_FAMILY_DROPPED);

  /* The helpdesk's words, and the administrator's exact lines. */
  explained = rd_watch_cause_explain (watch, dropped);
  g_assert_true (g_str_has_prefix (explained, "1 of 5 connections was dropped"));
  g_assert_nonnull (strstr (explained, "MaxOutstandingConnections"));
  g_assert_nonnull (strstr (explained, "REG ADD \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\" /v MaxOutstandingConnections"));
  g_assert_nonnull (strstr (explained, "REG DELETE"));
  g_assert_nonnull (strstr (explained, "Restart-Service TermService"));

  text = rd_watch_summary_to_text (watch);
  g_assert_nonnull (strstr (text, "5 rounds, 1 failed"));
  g_assert_nonnull (strstr (text, "listener-drops-connections: 1 of 5 rounds (intermittent)"));
  g_assert_nonnull (strstr (text, "1 of 5 connections was dropped"));

  /* Named in every round: not intermittent, and not "came and went". */
  for (guint i = 0; i < 3; i++)
    add (always, "legacy", i * 30, 100);
  legacy = find_cause (always, "negotiation-ssl-not-allowed");
  g_assert_nonnull (legacy);
  g_assert_false (legacy->intermittent);
  g_assert_cmpuint (legacy->rounds, ==, 3);
  g_assert_cmpuint (rd_watch_get_n_failures (always), ==, 0);   /* a warning */
  g_assert_cmpint (rd_watch_cause_family (legacy->cause_name), ==, RD_WATCH_FAMILY_OTHER);
  {
    g_autofree char *every = rd_watch_cause_explain (always, legacy);

    g_assert_null (strstr (every, "came and went"));
  }
  /* Then gone: now it came and went. */
  add (always, NULL, 90, 100);
  g_assert_true (legacy->intermittent);
  {
    g_autofree char *came = rd_watch_cause_explain (always, legacy);

    g_assert_nonnull (strstr (came, "came and went"));
  }

  g_assert_cmpint (rd_watch_cause_family ("port-refused"), ==, RD_WATCH_FAMILY_REFUSED);
  g_assert_cmpint (rd_watch_cause_family ("handshake-timeout"), ==, RD_WATCH_FAMILY_TIMEOUT);
  g_assert_cmpint (rd_watch_cause_family ("no-such-cause"), ==, RD_WATCH_FAMILY_OTHER);
}

static void
test_json_shape (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autoptr(RdReport) broken = report_with ("reset");
  g_autoptr(JsonNode) round_node = NULL;
  g_autoptr(JsonNode) summary_node = NULL;
  g_autofree char *line = NULL;
  const RdWatchRound *round;
  JsonObject *object, *cause;
  JsonArray *causes;

  add (watch, NULL, 0, 400);
  rd_report_set_duration_ms (broken, 1234);
  round = rd_watch_add_report (watch, broken, T0 + 30 * SECOND + 250000);
  round_node = rd_watch_round_to_json (round, broken);
  object = json_node_get_object (round_node);
  g_assert_cmpint (json_object_get_int_member (object, "round"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "start"), ==, "2023-11-14T22:13:50.250Z");
  g_assert_cmpint (json_object_get_int_member (object, "duration_ms"), ==, 1234);
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "broken");
  g_assert_cmpstr (json_object_get_string_member (object, "cause"), ==, "listener-drops-connections");
  g_assert_false (json_object_has_member (object, "error"));
  causes = json_object_get_array_member (object, "causes");
  g_assert_cmpuint (json_array_get_length (causes), >=, 1);
  cause = json_array_get_object_element (causes, 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "id"), ==, "listener-drops-connections");
  g_assert_cmpstr (json_object_get_string_member (cause, "severity"), ==, "error");

  /* One compact line. */
  line = json_to_string (round_node, FALSE);
  g_assert_null (strchr (line, '\n'));

  summary_node = rd_watch_summary_to_json (watch);
  object = json_node_get_object (summary_node);
  g_assert_cmpint (json_object_get_int_member (object, "rounds"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "failures"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "errors"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "longest_outage_ms"), ==, 1234);
  causes = json_object_get_array_member (object, "causes");
  g_assert_cmpuint (json_array_get_length (causes), ==, 1);
  cause = json_array_get_object_element (causes, 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "id"), ==, "listener-drops-connections");
  g_assert_cmpint (json_object_get_int_member (cause, "rounds"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (cause, "failures"), ==, 1);
  g_assert_true (json_object_get_boolean_member (cause, "intermittent"));
  g_assert_cmpstr (json_object_get_string_member (cause, "family"), ==, "dropped");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (cause, "explanation"),
                                   "1 of 2 connections was dropped"));
}

static void
test_round_text (void)
{
  g_autoptr(RdWatch) watch = rd_watch_new ();
  g_autofree char *healthy = rd_watch_round_to_text (add (watch, NULL, 0, 400));
  g_autofree char *broken = rd_watch_round_to_text (add (watch, "reset", 30, 1500));

  g_assert_true (g_str_has_prefix (healthy, "#1  "));
  g_assert_nonnull (strstr (healthy, "  healthy  No problem found  (0.4 s)"));
  g_assert_true (g_str_has_prefix (broken, "#2  "));
  g_assert_nonnull (strstr (broken, "  listener-drops-connections  The computer accepts the connection and drops it at once  (1.5 s)"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/watch/rounds-and-outage", test_rounds_and_outage);
  g_test_add_func ("/watch/error-round", test_error_round);
  g_test_add_func ("/watch/ring-wrap", test_ring_wrap);
  g_test_add_func ("/watch/intermittent", test_intermittent);
  g_test_add_func ("/watch/json-shape", test_json_shape);
  g_test_add_func ("/watch/round-text", test_round_text);
  return g_test_run ();
}
