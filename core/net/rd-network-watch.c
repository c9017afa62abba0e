/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-gateway.h"
#include "rd-network-watch.h"
#include "rd-routes.h"

/**
 * RdNetworkWatch:
 *
 * Waits for the network to go away and come back: what a router restart
 * looks like from here. It probes once per interval (and at once when
 * GNetworkMonitor reports a change); the probe runs in a worker thread, so
 * the caller's main loop never blocks. The "state" property follows what it
 * sees, "seconds-left" counts down to the time limit.
 */

#define DEFAULT_INTERVAL_MS 1000
/* The real probe: the router gets most of a poll interval to answer. */
#define PROBE_ECHO_MS       1500
#define PROBE_TCP_MS        500

struct _RdNetworkWatch
{
  GObject             parent_instance;

  RdNetworkProbeFunc  probe;
  gpointer            probe_data;
  guint               interval_ms;

  RdNetworkState      state;
  guint               seconds_left;
  GTask              *wait;           /* the pending wait, owned */
};

G_DEFINE_FINAL_TYPE (RdNetworkWatch, rd_network_watch, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RdNetworkState, rd_network_state,
  G_DEFINE_ENUM_VALUE (RD_NETWORK_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (RD_NETWORK_STATE_UP, "up"),
  G_DEFINE_ENUM_VALUE (RD_NETWORK_STATE_DOWN, "down"),
  G_DEFINE_ENUM_VALUE (RD_NETWORK_STATE_BACK, "back"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_SECONDS_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GMainContext       *context;
  GSource            *tick;
  GSource            *timeout;
  GSource            *cancel;
  GNetworkMonitor    *monitor;
  gulong              changed_id;
  GCancellable       *probe_cancellable;
  RdNetworkProbeFunc  probe;
  gpointer            probe_data;
  gint64              deadline;
  guint               timeout_s;
  gboolean            probing;
  gboolean            probe_again;
  gboolean            went_down;
  gboolean            done;
  GError             *error;          /* the outcome, until returned */
} Wait;

typedef struct
{
  RdNetworkProbeFunc  func;
  gpointer            data;
} Probe;

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
wait_free (Wait *wait)
{
  destroy_source (&wait->tick);
  destroy_source (&wait->timeout);
  destroy_source (&wait->cancel);
  if (wait->monitor != NULL)
    g_clear_signal_handler (&wait->changed_id, wait->monitor);
  g_clear_object (&wait->monitor);
  g_clear_object (&wait->probe_cancellable);
  g_clear_pointer (&wait->context, g_main_context_unref);
  g_clear_error (&wait->error);
  g_free (wait);
}

static void
set_state (RdNetworkWatch *self,
           RdNetworkState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_seconds_left (RdNetworkWatch *self,
                  guint           seconds_left)
{
  if (self->seconds_left == seconds_left)
    return;
  self->seconds_left = seconds_left;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
}

static void
update_seconds_left (RdNetworkWatch *self,
                     Wait           *wait)
{
  gint64 left = wait->deadline - g_get_monotonic_time ();

  set_seconds_left (self, left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0);
}

/* Hands the outcome to the caller. */
static void
return_result (GTask *task)
{
  RdNetworkWatch *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);

  /* The callback may start the next wait at once. */
  self->wait = NULL;
  if (wait->error != NULL)
    g_task_return_error (task, g_steal_pointer (&wait->error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Ends the wait with @error (taken) or TRUE: stops every source and the
 * probe. A probe still running is waited for (it was told to stop), so that
 * once the callback runs nothing uses the probe's data any more. */
static void
complete (GTask  *task,
          GError *error)
{
  RdNetworkWatch *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);

  if (wait->done)
    {
      g_clear_error (&error);
      return;
    }
  wait->done = TRUE;
  wait->error = error;

  destroy_source (&wait->tick);
  destroy_source (&wait->timeout);
  destroy_source (&wait->cancel);
  g_clear_signal_handler (&wait->changed_id, wait->monitor);
  g_cancellable_cancel (wait->probe_cancellable);
  if (error == NULL)
    update_seconds_left (self, wait);

  if (!wait->probing)
    return_result (task);
}

static void
apply_probe (GTask    *task,
             gboolean  up)
{
  RdNetworkWatch *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);

  switch (self->state)
    {
    case RD_NETWORK_STATE_UNKNOWN:
      set_state (self, up ? RD_NETWORK_STATE_UP : RD_NETWORK_STATE_DOWN);
      break;
    case RD_NETWORK_STATE_UP:
      if (!up)
        {
          wait->went_down = TRUE;
          set_state (self, RD_NETWORK_STATE_DOWN);
        }
      break;
    case RD_NETWORK_STATE_DOWN:
      if (up)
        {
          set_state (self, RD_NETWORK_STATE_BACK);
          complete (task, NULL);
        }
      break;
    case RD_NETWORK_STATE_BACK:
    default:
      break;
    }
}

static void start_probe (GTask *task);

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Wait *wait = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean up = g_task_propagate_boolean (G_TASK (result), &error);

  wait->probing = FALSE;
  if (wait->done)
    {
      return_result (task);
      return;
    }
  if (error != NULL)
    return;

  apply_probe (task, up);
  if (!wait->done && wait->probe_again)
    {
      wait->probe_again = FALSE;
      start_probe (task);
    }
}

static void
probe_thread (GTask        *probe_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Probe *probe = task_data;

  g_task_return_boolean (probe_task, probe->func (cancellable, probe->data));
}

/* One probe at a time: a request while one runs makes another follow it. */
static void
start_probe (GTask *task)
{
  Wait *wait = g_task_get_task_data (task);
  g_autoptr(GTask) probe_task = NULL;
  Probe *probe;

  if (wait->done)
    return;
  if (wait->probing)
    {
      wait->probe_again = TRUE;
      return;
    }
  wait->probing = TRUE;

  probe = g_new0 (Probe, 1);
  probe->func = wait->probe;
  probe->data = wait->probe_data;
  probe_task = g_task_new (g_task_get_source_object (task), wait->probe_cancellable,
                           on_probe_done, g_object_ref (task));
  g_task_set_source_tag (probe_task, start_probe);
  g_task_set_task_data (probe_task, probe, g_free);
  g_task_run_in_thread (probe_task, probe_thread);
}

static gboolean
on_tick (gpointer user_data)
{
  GTask *task = user_data;

  update_seconds_left (g_task_get_source_object (task), g_task_get_task_data (task));
  start_probe (task);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  RdNetworkWatch *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);

  GError *error;

  set_seconds_left (self, 0);
  if (self->state == RD_NETWORK_STATE_UP)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The network did not go away in %u second: the router did not restart.",
                                      "The network did not go away in %u seconds: the router did not restart.",
                                      wait->timeout_s),
                         wait->timeout_s);
  else
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The network was not back within %u second.",
                                      "The network was not back within %u seconds.",
                                      wait->timeout_s),
                         wait->timeout_s);
  complete (task, error);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  complete (task, error);
  return G_SOURCE_REMOVE;
}

static gboolean
on_changed_idle (gpointer user_data)
{
  start_probe (user_data);
  return G_SOURCE_REMOVE;
}

/* Emitted on the monitor's own context, which need not be ours: hop over. */
static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_callback (idle, on_changed_idle, g_object_ref (task), g_object_unref);
  g_source_attach (idle, wait->context);
}

static void
unref_task_closure (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

/**
 * rd_network_watch_wait_async:
 * @self: a watch
 * @timeout_s: give up after this many seconds (at least 1)
 * @cancellable: (nullable): stops the wait
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Waits until the network is seen going down and coming back, or, when it
 * is down already, until it comes up. Fails with %G_IO_ERROR_TIMED_OUT when
 * that does not happen in time, %G_IO_ERROR_CANCELLED when cancelled, and
 * %G_IO_ERROR_PENDING while another wait of this watch runs. When
 * @callback runs, the probe is not running any more.
 */
void
rd_network_watch_wait_async (RdNetworkWatch      *self,
                             guint                timeout_s,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Wait *wait;

  g_return_if_fail (RD_IS_NETWORK_WATCH (self));
  g_return_if_fail (timeout_s > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (self->wait != NULL)
    {
      g_task_report_new_error (self, callback, user_data, rd_network_watch_wait_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING,
                               "Already waiting for the network");
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_network_watch_wait_async);
  /* A cancelled wait reports the cancellation, whatever else happened. */
  g_task_set_check_cancellable (task, TRUE);

  wait = g_new0 (Wait, 1);
  wait->context = g_main_context_ref_thread_default ();
  wait->probe_cancellable = g_cancellable_new ();
  wait->probe = self->probe;
  wait->probe_data = self->probe_data;
  wait->timeout_s = timeout_s;
  wait->deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  g_task_set_task_data (task, wait, (GDestroyNotify) wait_free);
  self->wait = task;

  set_state (self, RD_NETWORK_STATE_UNKNOWN);
  update_seconds_left (self, wait);

  wait->tick = g_timeout_source_new (self->interval_ms);
  g_source_set_callback (wait->tick, on_tick, task, NULL);
  g_source_attach (wait->tick, wait->context);

  /* Not a seconds source: those may fire up to a second late, and the
   * time limit is a promise to the person waiting. */
  wait->timeout = g_timeout_source_new ((guint) MIN ((guint64) timeout_s * 1000, G_MAXUINT));
  g_source_set_callback (wait->timeout, on_timeout, task, NULL);
  g_source_attach (wait->timeout, wait->context);

  if (cancellable != NULL)
    {
      wait->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (wait->cancel, (GSourceFunc) (void (*) (void)) on_cancelled, task, NULL);
      g_source_attach (wait->cancel, wait->context);
    }

  wait->monitor = g_network_monitor_get_default ();
  if (wait->monitor != NULL)
    {
      g_object_ref (wait->monitor);
      wait->changed_id = g_signal_connect_data (wait->monitor, "network-changed",
                                                G_CALLBACK (on_network_changed),
                                                g_object_ref (task), unref_task_closure, 0);
    }

  start_probe (task);
}

/**
 * rd_network_watch_wait_finish:
 * @went_down: (out) (optional): whether the network was seen going down
 *   during the wait (%FALSE when it was down from the start)
 *
 * Returns: %TRUE when the network is up again.
 */
gboolean
rd_network_watch_wait_finish (RdNetworkWatch  *self,
                              GAsyncResult    *result,
                              gboolean        *went_down,
                              GError         **error)
{
  Wait *wait;

  g_return_val_if_fail (RD_IS_NETWORK_WATCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_network_watch_wait_async, FALSE);

  wait = g_task_get_task_data (G_TASK (result));
  if (went_down != NULL)
    *went_down = wait != NULL && wait->went_down;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rd_network_probe_default:
 *
 * The real probe: there is a default route, and the router it points at
 * answers (echo, else TCP). A default route without a router (a VPN or
 * point-to-point link) counts as up.
 */
gboolean
rd_network_probe_default (GCancellable *cancellable,
                          gpointer      user_data)
{
  g_autoptr(GPtrArray) ipv4 = NULL;
  g_autoptr(GPtrArray) ipv6 = NULL;
  const RdRoute *primary;
  RdGatewayResult result;

  if (!rd_gateway_read_default_routes (&ipv4, &ipv6, NULL) ||
      (ipv4->len == 0 && ipv6->len == 0))
    return FALSE;

  primary = rd_routes_pick_primary (ipv4, ipv6);
  if (primary == NULL)
    return TRUE;

  return rd_gateway_probe (primary->gateway, primary->interface,
                           PROBE_ECHO_MS, PROBE_TCP_MS, cancellable, &result);
}

/**
 * rd_network_watch_set_probe:
 * @func: (nullable): the probe; %NULL for the real one
 * @data: for @func
 *
 * Takes effect at the next wait.
 */
void
rd_network_watch_set_probe (RdNetworkWatch     *self,
                            RdNetworkProbeFunc  func,
                            gpointer            data)
{
  g_return_if_fail (RD_IS_NETWORK_WATCH (self));

  self->probe = func != NULL ? func : rd_network_probe_default;
  self->probe_data = func != NULL ? data : NULL;
}

/**
 * rd_network_watch_set_interval_ms:
 *
 * How often to probe (default once a second); takes effect at the next
 * wait. "seconds-left" is updated at the same pace.
 */
void
rd_network_watch_set_interval_ms (RdNetworkWatch *self,
                                  guint           interval_ms)
{
  g_return_if_fail (RD_IS_NETWORK_WATCH (self));

  self->interval_ms = MAX (interval_ms, 1);
}

RdNetworkState
rd_network_watch_get_state (RdNetworkWatch *self)
{
  g_return_val_if_fail (RD_IS_NETWORK_WATCH (self), RD_NETWORK_STATE_UNKNOWN);

  return self->state;
}

guint
rd_network_watch_get_seconds_left (RdNetworkWatch *self)
{
  g_return_val_if_fail (RD_IS_NETWORK_WATCH (self), 0);

  return self->seconds_left;
}

static void
rd_network_watch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RdNetworkWatch *self = RD_NETWORK_WATCH (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_uint (value, self->seconds_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_network_watch_class_init (RdNetworkWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_network_watch_get_property;

  /**
   * RdNetworkWatch:state:
   *
   * What the last probe of the current (or last) wait saw.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RD_TYPE_NETWORK_STATE, RD_NETWORK_STATE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RdNetworkWatch:seconds-left:
   *
   * Whole seconds until the wait gives up, rounded up.
   */
  properties[PROP_SECONDS_LEFT] =
    g_param_spec_uint ("seconds-left", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_network_watch_init (RdNetworkWatch *self)
{
  self->probe = rd_network_probe_default;
  self->interval_ms = DEFAULT_INTERVAL_MS;
  self->state = RD_NETWORK_STATE_UNKNOWN;
}

/**
 * rd_network_watch_new:
 *
 * Returns: (transfer full): a watch with the real probe, polling once a
 *   second.
 */
RdNetworkWatch *
rd_network_watch_new (void)
{
  return g_object_new (RD_TYPE_NETWORK_WATCH, NULL);
}
