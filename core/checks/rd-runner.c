/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <openssl/crypto.h>
#include <unistd.h>

#include "rd-check.h"
#include "rd-negotiation.h"
#include "rd-net.h"
#include "rd-runner.h"

/**
 * RdRunner:
 *
 * Runs the checks as a small dependency graph: every check whose dependencies
 * are done starts at once in a worker thread; findings come back on the
 * caller's main context, where the progress signals are emitted. One
 * cancellable stops everything.
 */
struct _RdRunner
{
  GObject    parent_instance;

  RdTarget  *target;
  guint      timeout_ms;
  guint32    requested_protocols;
  gboolean   tls_legacy;
  GStrv      only;
};

G_DEFINE_FINAL_TYPE (RdRunner, rd_runner, G_TYPE_OBJECT)

enum {
  CHECK_STARTED,
  CHECK_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  STATE_WAITING,
  STATE_RUNNING,
  STATE_DONE,
} CheckState;

typedef struct
{
  RdRunner     *runner;
  GTask        *task;
  GHashTable   *findings;      /* id -> RdFinding */
  GHashTable   *wanted;        /* id -> id, the checks this run includes */
  CheckState   *states;
  guint         n_running;
  gint64        start;
} Run;

typedef struct
{
  Run               *run;
  const RdCheckInfo *info;
  RdCheckContext     ctx;
  RdFinding         *finding;
} Job;

static void schedule (Run *run);

static void
run_free (Run *run)
{
  g_clear_pointer (&run->findings, g_hash_table_unref);
  g_clear_pointer (&run->wanted, g_hash_table_unref);
  g_free (run->states);
  g_object_unref (run->runner);
  g_free (run);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->ctx.deps, g_hash_table_unref);
  g_clear_pointer (&job->ctx.target, rd_target_unref);
  g_clear_object (&job->ctx.cancellable);
  g_free (job);
}

static gboolean on_check_done (gpointer user_data);

/* Checks get threads of their own, not GTask's shared pool: they block for
 * up to a timeout each, and GIO's resolver needs that pool to answer them. */
static gpointer
check_thread (gpointer user_data)
{
  Job *job = user_data;
  GSource *source;

  job->finding = job->info->run (&job->ctx);
  /* OpenSSL's per-thread state (its error queue) goes now, not in a
   * destructor when the thread ends: the run may end, and the program
   * exit, before that destructor has run. */
  OPENSSL_thread_stop ();
  /* Always by a source on the caller's context, never g_main_context_invoke():
   * that runs the callback right here, in this thread, whenever nobody owns
   * the context at the moment (before the caller's loop runs, between two
   * iterations), beside the caller's own use of the run. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_check_done, job, NULL);
  g_source_set_static_name (source, "[rdpdoctor] check done");
  g_source_attach (source, g_task_get_context (job->run->task));
  g_source_unref (source);
  return NULL;
}

/* What a run returns: the findings in the checks' order, and how long it took. */
typedef struct
{
  GPtrArray *findings;
  gint64     duration_ms;
} RunResult;

static void
run_result_free (RunResult *run_result)
{
  g_clear_pointer (&run_result->findings, g_ptr_array_unref);
  g_free (run_result);
}

static void
finish_run (Run *run)
{
  GTask *task = run->task;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  guint n_checks;
  const RdCheckInfo *checks = rd_checks_get_all (&n_checks);
  RunResult *run_result;

  /* Report order is the checks' order, not the order they finished in. */
  for (guint i = 0; i < n_checks; i++)
    {
      RdFinding *finding = g_hash_table_lookup (run->findings, checks[i].id);

      if (finding != NULL)
        {
          RdConnection *finding_connection = rd_finding_steal_connection (finding);

          /* A connection nobody took over is closed now, not when the report goes. */
          g_clear_pointer (&finding_connection, rd_connection_free);
          g_ptr_array_add (findings, rd_finding_ref (finding));
        }
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  run_result = g_new0 (RunResult, 1);
  run_result->findings = g_steal_pointer (&findings);
  run_result->duration_ms = rd_ms_since (run->start);
  g_task_return_pointer (task, run_result, (GDestroyNotify) run_result_free);
  g_object_unref (task);
}

static gboolean
on_check_done (gpointer user_data)
{
  Job *job = user_data;
  Run *run = job->run;
  g_autoptr(RdFinding) finding = g_steal_pointer (&job->finding);
  guint n_checks;
  const RdCheckInfo *checks = rd_checks_get_all (&n_checks);

  run->states[job->info - checks] = STATE_DONE;
  run->n_running--;

  if (finding == NULL)
    {
      finding = rd_finding_new (job->info->id);
      rd_finding_set_result (finding, RD_STATUS_ERROR, _("The check could not run."));
    }
  g_hash_table_insert (run->findings, g_strdup (job->info->id), rd_finding_ref (finding));
  g_signal_emit (run->runner, signals[CHECK_FINISHED], 0, finding);

  job_free (job);
  schedule (run);
  return G_SOURCE_REMOVE;
}

static gboolean
deps_done (Run               *run,
           const RdCheckInfo *info)
{
  for (guint d = 0; d < RD_CHECK_MAX_DEPS && info->deps[d] != NULL; d++)
    {
      /* A dependency this run leaves out (or that does not exist) is done:
       * the check then sees no finding for it, as after a skip. */
      if (g_hash_table_contains (run->wanted, info->deps[d]) &&
          !g_hash_table_contains (run->findings, info->deps[d]))
        return FALSE;
    }
  return TRUE;
}

static void
schedule (Run *run)
{
  guint n_checks;
  const RdCheckInfo *checks = rd_checks_get_all (&n_checks);
  GCancellable *cancellable = g_task_get_cancellable (run->task);

  for (guint i = 0; i < n_checks; i++)
    {
      const RdCheckInfo *info = &checks[i];
      Job *job;

      if (run->states[i] != STATE_WAITING || !deps_done (run, info))
        continue;
      if (!g_hash_table_contains (run->wanted, info->id))
        {
          run->states[i] = STATE_DONE;
          continue;
        }

      job = g_new0 (Job, 1);
      job->run = run;
      job->info = info;
      job->ctx.target = rd_target_ref (run->runner->target);
      job->ctx.timeout_ms = run->runner->timeout_ms;
      job->ctx.requested_protocols = run->runner->requested_protocols;
      job->ctx.tls_legacy = run->runner->tls_legacy;
      job->ctx.cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
      job->ctx.deps = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint d = 0; d < RD_CHECK_MAX_DEPS && info->deps[d] != NULL; d++)
        g_hash_table_insert (job->ctx.deps, (gpointer) info->deps[d],
                             g_hash_table_lookup (run->findings, info->deps[d]));

      run->states[i] = STATE_RUNNING;
      run->n_running++;
      g_signal_emit (run->runner, signals[CHECK_STARTED], 0, info->id);

      /* Each check reports back to us even when cancelled, so the run only
       * ends once every worker has let go of its sockets. */
      g_thread_unref (g_thread_new (info->id, check_thread, job));
    }

  if (run->n_running == 0)
    {
      finish_run (run);
      run_free (run);
    }
}

static void
add_wanted (GHashTable *wanted,
            const char *id)
{
  const RdCheckInfo *info = rd_checks_lookup (id);

  if (info == NULL || g_hash_table_contains (wanted, id))
    return;
  g_hash_table_add (wanted, (gpointer) info->id);
  for (guint d = 0; d < RD_CHECK_MAX_DEPS && info->deps[d] != NULL; d++)
    add_wanted (wanted, info->deps[d]);
}

/**
 * rd_runner_run_async:
 * @self: a runner
 * @cancellable: (nullable): stops every check
 * @callback: called on the caller's main context with the report
 * @user_data: for @callback
 *
 * Runs the checks. The "check-started" and "check-finished" signals are
 * emitted on the caller's main context as the run goes.
 */
void
rd_runner_run_async (RdRunner            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Run *run;
  guint n_checks;
  const RdCheckInfo *checks = rd_checks_get_all (&n_checks);

  g_return_if_fail (RD_IS_RUNNER (self));

  run = g_new0 (Run, 1);
  run->runner = g_object_ref (self);
  run->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (run->task, rd_runner_run_async);
  run->findings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) rd_finding_unref);
  run->wanted = g_hash_table_new (g_str_hash, g_str_equal);
  run->states = g_new0 (CheckState, n_checks);
  run->start = g_get_monotonic_time ();

  for (guint i = 0; i < n_checks; i++)
    if ((self->only == NULL || g_strv_contains ((const char * const *) self->only, checks[i].id)) &&
        rd_check_applies (&checks[i], self->target))
      add_wanted (run->wanted, checks[i].id);

  schedule (run);
}

/**
 * rd_runner_run_finish:
 * @duration_ms: (out) (optional): how long the run took
 *
 * Most callers want rd_report_new_from_run(), which diagnoses the findings.
 *
 * Returns: (transfer full) (element-type RdFinding): the findings in the
 *   checks' order, or %NULL with G_IO_ERROR_CANCELLED.
 */
GPtrArray *
rd_runner_run_finish (RdRunner      *self,
                      GAsyncResult  *result,
                      gint64        *duration_ms,
                      GError       **error)
{
  RunResult *run_result;
  GPtrArray *findings;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_runner_run_async, NULL);

  run_result = g_task_propagate_pointer (G_TASK (result), error);
  if (run_result == NULL)
    return NULL;
  if (duration_ms != NULL)
    *duration_ms = run_result->duration_ms;
  findings = g_steal_pointer (&run_result->findings);
  run_result_free (run_result);
  return findings;
}

RdRunner *
rd_runner_new (RdTarget *target)
{
  RdRunner *self = g_object_new (RD_TYPE_RUNNER, NULL);

  self->target = rd_target_ref (target);
  self->requested_protocols = rd_app_security_protocols (rd_target_get_app_security (target));
  return self;
}

RdTarget *
rd_runner_get_target (RdRunner *self)
{
  return self->target;
}

void
rd_runner_set_timeout (RdRunner *self,
                       guint     timeout_ms)
{
  self->timeout_ms = MAX (timeout_ms, 1);
}

/**
 * rd_app_security_protocols:
 *
 * Returns: what an app set to @security asks for first: FreeRDP's
 *   (nego.c: NLA is asked as HYBRID | SSL, TLS as SSL, the old security
 *   alone as nothing), and a modern client's when it negotiates
 */
guint32
rd_app_security_protocols (RdAppSecurity security)
{
  switch (security)
    {
    case RD_APP_SECURITY_NLA:
      return RD_PROTOCOL_HYBRID | RD_PROTOCOL_SSL;
    case RD_APP_SECURITY_NLA_EXT:
      return RD_PROTOCOL_HYBRID_EX | RD_PROTOCOL_HYBRID | RD_PROTOCOL_SSL;
    case RD_APP_SECURITY_TLS:
      return RD_PROTOCOL_SSL;
    case RD_APP_SECURITY_RDP:
      return RD_PROTOCOL_RDP;
    case RD_APP_SECURITY_NEGOTIATE:
    default:
      return RD_PROTOCOLS_CLIENT_DEFAULT;
    }
}

/**
 * rd_runner_set_requested_protocols:
 * @protocols: RD_PROTOCOL_* flags the negotiation asks for first
 *
 * To test a workaround as a client would use it, e.g. TLS without NLA.
 */
void
rd_runner_set_requested_protocols (RdRunner *self,
                                   guint32   protocols)
{
  self->requested_protocols = protocols;
}

/**
 * rd_runner_set_tls_legacy:
 * @legacy: whether TLS runs at OpenSSL's security level 0 with TLS 1.0
 *   allowed
 *
 * To test the workaround of a client set to allow old encryption.
 */
void
rd_runner_set_tls_legacy (RdRunner *self,
                          gboolean  legacy)
{
  self->tls_legacy = legacy;
}

void
rd_runner_set_only (RdRunner           *self,
                    const char * const *check_ids)
{
  g_clear_pointer (&self->only, g_strfreev);
  self->only = g_strdupv ((char **) check_ids);
}

static void
rd_runner_finalize (GObject *object)
{
  RdRunner *self = RD_RUNNER (object);

  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_pointer (&self->only, g_strfreev);

  G_OBJECT_CLASS (rd_runner_parent_class)->finalize (object);
}

static void
rd_runner_class_init (RdRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_runner_finalize;

  /**
   * RdRunner::check-started:
   * @check_id: the check's id
   */
  signals[CHECK_STARTED] = g_signal_new ("check-started", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * RdRunner::check-finished:
   * @finding: what the check found
   */
  signals[CHECK_FINISHED] = g_signal_new ("check-finished", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, RD_TYPE_FINDING);
}

static void
rd_runner_init (RdRunner *self)
{
  self->timeout_ms = RD_DEFAULT_TIMEOUT_MS;
  self->requested_protocols = RD_PROTOCOLS_CLIENT_DEFAULT;
}
