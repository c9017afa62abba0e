/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The runner against hosts of the test's own on loopback (a listener that
 * accepts and closes, one that accepts and stays silent): the order checks
 * start in, what rd_runner_set_only() includes, the order of the findings,
 * deadlines, and cancellation. Every wait is bounded.
 */
#include <signal.h>

#include "rd-check.h"
#include "rd-report.h"
#include "rd-runner.h"
#include "rd-unit-util.h"

/* Far more than any run here takes, even under valgrind. */
#define WAIT_MS 30000

typedef struct
{
  const char * const *expected;   /* the checks the run makes; NULL: all */
  gboolean            as_report;  /* finish with rd_report_new_from_run() */
  GPtrArray          *started;    /* check ids, in the order they started */
  GPtrArray          *finished;
  gboolean            done;
  guint               n_callbacks;
  guint               n_late_signals;
  GPtrArray          *findings;
  RdReport           *report;
  GError             *error;
  gint64              duration_ms;
  gint64              done_us;
} Watch;

static void
watch_init (Watch              *watch,
            const char * const *expected)
{
  *watch = (Watch) { .expected = expected, .duration_ms = -1 };
  watch->started = g_ptr_array_new_with_free_func (g_free);
  watch->finished = g_ptr_array_new_with_free_func (g_free);
}

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->started, g_ptr_array_unref);
  g_clear_pointer (&watch->finished, g_ptr_array_unref);
  g_clear_pointer (&watch->findings, g_ptr_array_unref);
  g_clear_pointer (&watch->report, rd_report_unref);
  g_clear_error (&watch->error);
}

static gboolean
has_id (GPtrArray  *ids,
        const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

static gboolean
is_expected (Watch      *watch,
             const char *id)
{
  return watch->expected == NULL || g_strv_contains (watch->expected, id);
}

static void
on_check_started (RdRunner   *runner,
                  const char *id,
                  Watch      *watch)
{
  const RdCheckInfo *info = rd_checks_lookup (id);

  if (watch->done)
    {
      watch->n_late_signals++;
      return;
    }
  g_assert_nonnull (info);
  g_assert_true (is_expected (watch, id));
  g_assert_false (has_id (watch->started, id));
  /* Everything it depends on in this run has finished. */
  for (guint d = 0; d < RD_CHECK_MAX_DEPS && info->deps[d] != NULL; d++)
    if (is_expected (watch, info->deps[d]))
      g_assert_true (has_id (watch->finished, info->deps[d]));
  g_ptr_array_add (watch->started, g_strdup (id));
}

static void
on_check_finished (RdRunner  *runner,
                   RdFinding *finding,
                   Watch     *watch)
{
  const char *id = rd_finding_get_check_id (finding);

  if (watch->done)
    {
      watch->n_late_signals++;
      return;
    }
  g_assert_true (has_id (watch->started, id));
  g_assert_false (has_id (watch->finished, id));
  g_ptr_array_add (watch->finished, g_strdup (id));
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Watch *watch = user_data;

  watch->n_callbacks++;
  if (watch->as_report)
    watch->report = rd_report_new_from_run (RD_RUNNER (source), result, &watch->error);
  else
    watch->findings = rd_runner_run_finish (RD_RUNNER (source), result, &watch->duration_ms, &watch->error);
  watch->done = TRUE;
  watch->done_us = g_get_monotonic_time ();
}

/* Runs @runner to its end, then listens @linger_ms longer: nothing may come
 * after the callback. Returns how long the run took, in ms. */
static gint64
run_and_wait (RdRunner     *runner,
              GCancellable *cancellable,
              Watch        *watch,
              guint         linger_ms)
{
  gint64 start = g_get_monotonic_time ();
  gboolean never = FALSE;
  gulong started_id = g_signal_connect (runner, "check-started", G_CALLBACK (on_check_started), watch);
  gulong finished_id = g_signal_connect (runner, "check-finished", G_CALLBACK (on_check_finished), watch);

  rd_runner_run_async (runner, cancellable, on_run_done, watch);
  g_assert_true (rd_test_wait (&watch->done, WAIT_MS));
  rd_test_wait (&never, linger_ms);
  g_assert_cmpuint (watch->n_callbacks, ==, 1);
  g_assert_cmpuint (watch->n_late_signals, ==, 0);
  g_signal_handler_disconnect (runner, started_id);
  g_signal_handler_disconnect (runner, finished_id);
  return (watch->done_us - start) / 1000;
}

static RdRunner *
runner_for (RdTestListener *listener,
            guint           timeout_ms)
{
  g_autofree char *text = rd_test_listener_dup_target (listener);
  g_autoptr(RdTarget) target = rd_target_parse (text, NULL);
  RdRunner *runner;

  g_assert_nonnull (target);
  runner = rd_runner_new (target);
  rd_runner_set_timeout (runner, timeout_ms);
  return runner;
}

static void
assert_ids (GPtrArray          *findings,
            const char * const *ids)
{
  g_assert_nonnull (findings);
  g_assert_cmpuint (findings->len, ==, g_strv_length ((char **) ids));
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpstr (rd_finding_get_check_id (g_ptr_array_index (findings, i)), ==, ids[i]);
}

/* Every check, each after its dependencies, into a report in the checks'
 * order; a host that drops connections is diagnosed as such. */
static void
test_full_run (void)
{
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_CLOSE);
  g_autoptr(RdRunner) runner = runner_for (listener, 1000);
  guint n_checks;
  const RdCheckInfo *checks = rd_checks_get_all (&n_checks);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  Watch watch;
  GPtrArray *findings;

  /* Every check that has something to measure: a target without a
   * Remote Desktop Gateway leaves the gateway check out. */
  for (guint i = 0; i < n_checks; i++)
    if (rd_check_applies (&checks[i], rd_runner_get_target (runner)))
      g_ptr_array_add (order, (gpointer) checks[i].id);
  g_assert_cmpuint (order->len, ==, n_checks - 1);
  n_checks = order->len;
  g_ptr_array_add (order, NULL);

  watch_init (&watch, NULL);
  watch.as_report = TRUE;
  run_and_wait (runner, NULL, &watch, 100);

  g_assert_no_error (watch.error);
  g_assert_nonnull (watch.report);
  findings = rd_report_get_findings (watch.report);
  assert_ids (findings, (const char * const *) order->pdata);
  g_assert_cmpuint (watch.started->len, ==, n_checks);
  g_assert_cmpuint (watch.finished->len, ==, n_checks);
  /* They do not all finish in the checks' order: the report puts them so. */
  g_assert_cmpstr (rd_target_get_host (rd_report_get_target (watch.report)), ==, "127.0.0.1");
  g_assert_cmpuint (rd_target_get_port (rd_report_get_target (watch.report)), ==,
                    rd_test_listener_get_port (listener));
  g_assert_cmpint (rd_finding_get_status (rd_report_lookup_finding (watch.report, "tcp")), ==, RD_STATUS_PASS);
  g_assert_true (rd_report_has_cause (watch.report, RD_CAUSE_LISTENER_DROPS_CONNECTIONS));
  g_assert_cmpint (rd_report_get_verdict (watch.report), ==, RD_VERDICT_BROKEN);
  g_assert_cmpuint (rd_test_listener_get_accepted (listener), >, 0);
  watch_clear (&watch);
}

/* rd_runner_set_only(): those checks and what they depend on, no more. */
static void
test_only (void)
{
  static const struct
  {
    const char *only[3];
    const char *expected[7];
  } cases[] = {
    { { "tls", NULL }, { "dns", "tcp", "negotiate", "tls", NULL } },
    { { "clock", NULL }, { "dns", "tcp", "negotiate", "tls", "nla", "clock", NULL } },
    { { "ports", "local", NULL }, { "local", "dns", "ports", NULL } },
    { { "udp", "dns", NULL }, { "dns", "udp", NULL } },
    { { "latency", NULL }, { "local", "dns", "tcp", "negotiate", "tls", "latency", NULL } },
    { { "no-such-check", NULL }, { NULL } },
  };
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_CLOSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdRunner) runner = runner_for (listener, 1000);
      Watch watch;
      gint64 elapsed_ms;

      g_test_message ("only %s", cases[i].only[0]);
      rd_runner_set_only (runner, cases[i].only);
      watch_init (&watch, cases[i].expected);
      elapsed_ms = run_and_wait (runner, NULL, &watch, 50);

      g_assert_no_error (watch.error);
      assert_ids (watch.findings, cases[i].expected);
      g_assert_cmpuint (watch.started->len, ==, g_strv_length ((char **) cases[i].expected));
      g_assert_cmpint (watch.duration_ms, >=, 0);
      g_assert_cmpint (watch.duration_ms, <=, elapsed_ms);
      watch_clear (&watch);
    }
}

#define DEADLINE_MS 800

/* A host that accepts and never answers, on TCP or UDP, holds the
 * negotiation and the UDP check to their deadline, and no longer. */
static void
test_deadline (gconstpointer data)
{
  const char *address = data;
  g_autoptr(RdTestListener) listener = rd_test_listener_new (address, RD_TEST_LISTENER_SILENT);
  g_autoptr(RdRunner) runner = NULL;
  static const char * const only[] = { "negotiate", "udp", NULL };
  static const char * const expected[] = { "dns", "tcp", "negotiate", "udp", NULL };
  RdFinding *negotiate;
  RdFinding *udp;
  Watch watch;
  gint64 elapsed_ms;

  if (listener == NULL)
    {
      g_test_skip ("no loopback listener on this address here");
      return;
    }
  runner = runner_for (listener, DEADLINE_MS);
  rd_runner_set_only (runner, only);
  watch_init (&watch, expected);
  elapsed_ms = run_and_wait (runner, NULL, &watch, 50);

  g_assert_no_error (watch.error);
  assert_ids (watch.findings, expected);
  g_assert_cmpint (rd_finding_get_status (g_ptr_array_index (watch.findings, 1)), ==, RD_STATUS_PASS);
  negotiate = g_ptr_array_index (watch.findings, 2);
  g_assert_cmpint (rd_finding_get_status (negotiate), ==, RD_STATUS_FAIL);
  g_assert_cmpstr (rd_finding_get_string (negotiate, "outcome"), ==, "timeout");
  g_assert_cmpuint (rd_test_listener_get_accepted (listener), >, 0);
  udp = g_ptr_array_index (watch.findings, 3);
  g_assert_cmpint (rd_finding_get_status (udp), ==, RD_STATUS_WARN);
  g_assert_cmpstr (rd_finding_get_string (udp, "outcome"), ==, "silent");
  g_assert_cmpint (rd_finding_get_int (udp, "syns_sent", 0), >, 0);
  /* Each waited for an answer, up to the deadline and not far past it. */
  for (guint i = 2; i < watch.findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (watch.findings, i);

      g_assert_cmpint (rd_finding_get_duration_ms (finding), >=, DEADLINE_MS * 9 / 10);
      g_assert_cmpint (rd_finding_get_duration_ms (finding), <, DEADLINE_MS + 2000);
    }
  g_assert_cmpint (elapsed_ms, >=, DEADLINE_MS * 9 / 10);
  g_assert_cmpint (elapsed_ms, <, DEADLINE_MS + 5000);
  watch_clear (&watch);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
  guint         timeout_id;
  gint64        cancelled_us;
} Canceller;

static gboolean
on_cancel_timeout (gpointer user_data)
{
  Canceller *canceller = user_data;

  canceller->timeout_id = 0;
  canceller->cancelled_us = g_get_monotonic_time ();
  g_cancellable_cancel (canceller->cancellable);
  return G_SOURCE_REMOVE;
}

/* Cancels a little after the negotiation has started. */
static void
cancel_after_start (RdRunner   *runner,
                    const char *id,
                    Canceller  *canceller)
{
  if (g_str_equal (id, "negotiate") && canceller->timeout_id == 0 && canceller->cancelled_us == 0)
    canceller->timeout_id = g_timeout_add (canceller->delay_ms, on_cancel_timeout, canceller);
}

/* Cancelled while two checks wait on a silent host (with a deadline far
 * away): the run ends at once with G_IO_ERROR_CANCELLED, only after every
 * check it started has reported back, and the runner is let go of. */
static void
test_cancel_mid_run (void)
{
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_SILENT);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RdRunner *runner = runner_for (listener, 20000);
  static const char * const only[] = { "negotiate", "udp", NULL };
  static const char * const expected[] = { "dns", "tcp", "negotiate", "udp", NULL };
  Canceller canceller = { .cancellable = cancellable, .delay_ms = 150 };
  Watch watch;

  g_object_add_weak_pointer (G_OBJECT (runner), (gpointer *) &runner);
  rd_runner_set_only (runner, only);
  g_signal_connect (runner, "check-started", G_CALLBACK (cancel_after_start), &canceller);
  watch_init (&watch, expected);
  run_and_wait (runner, cancellable, &watch, 300);

  g_assert_cmpint (canceller.cancelled_us, >, 0);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (watch.findings);
  /* Promptly: the deadline was 20 s away. */
  g_assert_cmpint (watch.done_us - canceller.cancelled_us, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (watch.started->len, ==, 4);
  g_assert_cmpuint (watch.finished->len, ==, watch.started->len);

  g_object_unref (runner);
  g_assert_null (runner);
  watch_clear (&watch);
}

/* Cancelled before it starts: the same error, and soon. */
static void
test_cancel_before_start (void)
{
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_SILENT);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RdRunner) runner = runner_for (listener, 20000);
  Watch watch;
  gint64 elapsed_ms;

  g_cancellable_cancel (cancellable);
  watch_init (&watch, NULL);
  elapsed_ms = run_and_wait (runner, cancellable, &watch, 50);

  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (watch.findings);
  g_assert_cmpint (elapsed_ms, <, 5000);
  g_assert_cmpuint (watch.finished->len, ==, watch.started->len);
  watch_clear (&watch);
}

int
main (int   argc,
      char *argv[])
{
  /* As rdp-doctor and the wizard do: the TLS check's handshake (OpenSSL
   * writes without MSG_NOSIGNAL) to a host that has closed must not kill
   * the process. */
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runner/full-run", test_full_run);
  g_test_add_func ("/runner/only", test_only);
  g_test_add_data_func ("/runner/deadline/ipv4", "127.0.0.1", test_deadline);
  g_test_add_data_func ("/runner/deadline/ipv6", "::1", test_deadline);
  g_test_add_func ("/runner/cancel/mid-run", test_cancel_mid_run);
  g_test_add_func ("/runner/cancel/before-start", test_cancel_before_start);

  return g_test_run ();
}
