/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>

#include "rd-network-watch.h"

#define INTERVAL_MS 20
/* Every test ends long before this; if one hangs, fail instead. */
#define WATCHDOG_S  20

/* A probe that plays a script: one answer per call, the last one forever
 * after. */
typedef struct
{
  const gboolean *script;
  guint           length;
  gint            calls;
  gint            running;
  gint            max_running;
  guint           sleep_ms;
} FakeProbe;

static gboolean
fake_probe (GCancellable *cancellable,
            gpointer      user_data)
{
  FakeProbe *fake = user_data;
  gint call = g_atomic_int_add (&fake->calls, 1);
  gint running = g_atomic_int_add (&fake->running, 1) + 1;
  gboolean up = fake->script[MIN ((guint) call, fake->length - 1)];

  /* One probe at a time: record the most seen at once. */
  if (running > g_atomic_int_get (&fake->max_running))
    g_atomic_int_set (&fake->max_running, running);
  if (fake->sleep_ms > 0)
    g_usleep (fake->sleep_ms * 1000);
  g_atomic_int_add (&fake->running, -1);
  return up;
}

typedef struct
{
  GMainLoop *loop;
  GArray    *states;          /* RdNetworkState, from notify::state */
  GArray    *seconds;         /* guint, from notify::seconds-left */
  gboolean   done;
  gboolean   result;
  gboolean   went_down;
  GError    *error;
  gint64     finished_at;
  gboolean   emit_on_change;  /* emit GNetworkMonitor::network-changed after each state */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->states = g_array_new (FALSE, FALSE, sizeof (RdNetworkState));
  fixture->seconds = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_main_loop_unref (fixture->loop);
  g_array_unref (fixture->states);
  g_array_unref (fixture->seconds);
  g_clear_error (&fixture->error);
}

static gboolean
emit_changed (gpointer user_data)
{
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_state (RdNetworkWatch *watch,
          GParamSpec     *pspec,
          Fixture        *fixture)
{
  RdNetworkState state = rd_network_watch_get_state (watch);

  g_array_append_val (fixture->states, state);
  if (fixture->emit_on_change)
    g_idle_add (emit_changed, NULL);
}

static void
on_seconds_left (RdNetworkWatch *watch,
                 GParamSpec     *pspec,
                 Fixture        *fixture)
{
  guint seconds = rd_network_watch_get_seconds_left (watch);

  g_array_append_val (fixture->seconds, seconds);
}

static void
on_wait_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = rd_network_watch_wait_finish (RD_NETWORK_WATCH (source), result,
                                                  &fixture->went_down, &fixture->error);
  fixture->done = TRUE;
  fixture->finished_at = g_get_monotonic_time ();
  g_main_loop_quit (fixture->loop);
}

static gboolean
watchdog (gpointer user_data)
{
  g_error ("the wait did not finish within %d s", WATCHDOG_S);
  return G_SOURCE_REMOVE;
}

static RdNetworkWatch *
make_watch (Fixture   *fixture,
            FakeProbe *fake)
{
  RdNetworkWatch *watch = rd_network_watch_new ();

  rd_network_watch_set_probe (watch, fake_probe, fake);
  rd_network_watch_set_interval_ms (watch, INTERVAL_MS);
  g_signal_connect (watch, "notify::state", G_CALLBACK (on_state), fixture);
  g_signal_connect (watch, "notify::seconds-left", G_CALLBACK (on_seconds_left), fixture);
  return watch;
}

/* Runs one wait to its end; returns how long it took, in ms. */
static gint64
run_wait (Fixture        *fixture,
          RdNetworkWatch *watch,
          guint           timeout_s,
          GCancellable   *cancellable)
{
  gint64 start = g_get_monotonic_time ();
  guint watchdog_id = g_timeout_add_seconds (WATCHDOG_S, watchdog, NULL);

  fixture->done = FALSE;
  rd_network_watch_wait_async (watch, timeout_s, cancellable, on_wait_done, fixture);
  if (!fixture->done)
    g_main_loop_run (fixture->loop);
  g_source_remove (watchdog_id);

  return (fixture->finished_at - start) / 1000;
}

static void
assert_states (Fixture              *fixture,
               const RdNetworkState *expected,
               guint                 n_expected)
{
  g_assert_cmpuint (fixture->states->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (fixture->states, RdNetworkState, i), ==, expected[i]);
}

static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  static const gboolean script[] = { TRUE, TRUE, FALSE, FALSE, FALSE, TRUE };
  static const RdNetworkState expected[] = {
    RD_NETWORK_STATE_UP, RD_NETWORK_STATE_DOWN, RD_NETWORK_STATE_BACK,
  };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  gint64 ms = run_wait (fixture, watch, 10, NULL);

  g_assert_no_error (fixture->error);
  g_assert_true (fixture->result);
  g_assert_true (fixture->went_down);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (rd_network_watch_get_state (watch), ==, RD_NETWORK_STATE_BACK);
  g_assert_cmpint (g_atomic_int_get (&fake.calls), ==, G_N_ELEMENTS (script));
  /* Six probes 20 ms apart, not six seconds. */
  g_assert_cmpint (ms, <, 2000);
  /* The countdown started at the time limit. */
  g_assert_cmpuint (fixture->seconds->len, >=, 1);
  g_assert_cmpuint (g_array_index (fixture->seconds, guint, 0), ==, 10);
}

static void
test_already_down (Fixture       *fixture,
                   gconstpointer  data)
{
  static const gboolean script[] = { FALSE, FALSE, FALSE, TRUE };
  static const RdNetworkState expected[] = { RD_NETWORK_STATE_DOWN, RD_NETWORK_STATE_BACK };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);

  run_wait (fixture, watch, 10, NULL);

  g_assert_no_error (fixture->error);
  g_assert_true (fixture->result);
  /* Down from the start: it was never seen going down. */
  g_assert_false (fixture->went_down);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
}

static void
test_never_back (Fixture       *fixture,
                 gconstpointer  data)
{
  static const gboolean script[] = { TRUE, FALSE };
  static const RdNetworkState expected[] = { RD_NETWORK_STATE_UP, RD_NETWORK_STATE_DOWN };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  gint64 ms = run_wait (fixture, watch, 1, NULL);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (fixture->result);
  g_assert_true (fixture->went_down);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (ms, >=, 950);
  g_assert_cmpint (ms, <, 2500);
  g_assert_cmpuint (rd_network_watch_get_seconds_left (watch), ==, 0);
  g_assert_cmpuint (g_array_index (fixture->seconds, guint, fixture->seconds->len - 1), ==, 0);
  /* Polled all along, at the interval. */
  g_assert_cmpint (g_atomic_int_get (&fake.calls), >, 10);
}

static void
test_never_down (Fixture       *fixture,
                 gconstpointer  data)
{
  static const gboolean script[] = { TRUE };
  static const RdNetworkState expected[] = { RD_NETWORK_STATE_UP };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);

  run_wait (fixture, watch, 1, NULL);

  /* No restart seen: the caller says so instead of carrying on. */
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (fixture->went_down);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  static const gboolean script[] = { TRUE, FALSE };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 ms;

  g_timeout_add (100, cancel_later, cancellable);
  ms = run_wait (fixture, watch, 30, cancellable);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (fixture->result);
  g_assert_cmpint (ms, <, 1000);
}

static void
test_cancelled_before (Fixture       *fixture,
                       gconstpointer  data)
{
  static const gboolean script[] = { TRUE };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 ms;

  g_cancellable_cancel (cancellable);
  ms = run_wait (fixture, watch, 30, cancellable);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (ms, <, 1000);
}

static void
on_second_wait_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (rd_network_watch_wait_finish (RD_NETWORK_WATCH (source), result, NULL, error));
}

static void
test_pending_and_reuse (Fixture       *fixture,
                        gconstpointer  data)
{
  static const gboolean script[] = { TRUE, FALSE, TRUE, TRUE, FALSE, TRUE };
  static const RdNetworkState expected[] = {
    RD_NETWORK_STATE_UP, RD_NETWORK_STATE_DOWN, RD_NETWORK_STATE_BACK,
    RD_NETWORK_STATE_UNKNOWN, RD_NETWORK_STATE_UP, RD_NETWORK_STATE_DOWN, RD_NETWORK_STATE_BACK,
  };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  g_autoptr(GError) pending = NULL;
  guint watchdog_id = g_timeout_add_seconds (WATCHDOG_S, watchdog, NULL);

  fixture->done = FALSE;
  rd_network_watch_wait_async (watch, 10, NULL, on_wait_done, fixture);
  /* A second wait on the same watch is refused, not mixed in. */
  rd_network_watch_wait_async (watch, 10, NULL, on_second_wait_done, &pending);
  g_main_loop_run (fixture->loop);
  g_source_remove (watchdog_id);
  while (pending == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (pending, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_true (fixture->result);

  /* "Test again": the same watch waits once more. */
  run_wait (fixture, watch, 10, NULL);
  g_assert_no_error (fixture->error);
  g_assert_true (fixture->result);
  g_assert_true (fixture->went_down);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
}

static void
test_slow_probe (Fixture       *fixture,
                 gconstpointer  data)
{
  static const gboolean script[] = { TRUE, FALSE, TRUE };
  FakeProbe fake = { script, G_N_ELEMENTS (script), .sleep_ms = 150 };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  gint64 ms = run_wait (fixture, watch, 10, NULL);

  g_assert_true (fixture->result);
  /* Ticks every 20 ms while each probe takes 150: never two at once, and
   * the main loop kept running meanwhile (we got here). */
  g_assert_cmpint (g_atomic_int_get (&fake.max_running), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake.calls), ==, 3);
  g_assert_cmpint (ms, <, 3000);
}

static void
test_network_changed (Fixture       *fixture,
                      gconstpointer  data)
{
  static const gboolean script[] = { TRUE, FALSE, TRUE };
  static const RdNetworkState expected[] = {
    RD_NETWORK_STATE_UP, RD_NETWORK_STATE_DOWN, RD_NETWORK_STATE_BACK,
  };
  FakeProbe fake = { script, G_N_ELEMENTS (script) };
  g_autoptr(RdNetworkWatch) watch = make_watch (fixture, &fake);
  gint64 ms;

  /* Polling alone would take a minute per probe: only the monitor's
   * signal can make this finish in time. */
  rd_network_watch_set_interval_ms (watch, 60000);
  fixture->emit_on_change = TRUE;
  ms = run_wait (fixture, watch, 10, NULL);

  g_assert_no_error (fixture->error);
  g_assert_true (fixture->result);
  g_assert_true (fixture->went_down);
  assert_states (fixture, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (ms, <, 2000);
}

static void
test_state_type (void)
{
  GEnumClass *klass = g_type_class_ref (RD_TYPE_NETWORK_STATE);

  g_assert_cmpstr (g_enum_get_value (klass, RD_NETWORK_STATE_BACK)->value_nick, ==, "back");
  g_type_class_unref (klass);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/network-watch/restart", Fixture, NULL,
              fixture_setup, test_restart, fixture_teardown);
  g_test_add ("/network-watch/already-down", Fixture, NULL,
              fixture_setup, test_already_down, fixture_teardown);
  g_test_add ("/network-watch/never-back", Fixture, NULL,
              fixture_setup, test_never_back, fixture_teardown);
  g_test_add ("/network-watch/never-down", Fixture, NULL,
              fixture_setup, test_never_down, fixture_teardown);
  g_test_add ("/network-watch/cancel", Fixture, NULL,
              fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/network-watch/cancelled-before", Fixture, NULL,
              fixture_setup, test_cancelled_before, fixture_teardown);
  g_test_add ("/network-watch/pending-and-reuse", Fixture, NULL,
              fixture_setup, test_pending_and_reuse, fixture_teardown);
  g_test_add ("/network-watch/slow-probe", Fixture, NULL,
              fixture_setup, test_slow_probe, fixture_teardown);
  g_test_add ("/network-watch/network-changed", Fixture, NULL,
              fixture_setup, test_network_changed, fixture_teardown);
  g_test_add_func ("/network-watch/state-type", test_state_type);

  return g_test_run ();
}
