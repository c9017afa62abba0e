/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-check.h"
#include "rd-fixes.h"
#include "rd-runner.h"
#include "rd-x224.h"

/**
 * rd_fixes_suggest:
 * @report: a diagnosis
 * @address: (out) (transfer full) (optional): the address to use instead of
 *   the name, when the report knows one that works
 *
 * Returns: the client-side workarounds the causes call for.
 */
RdWorkarounds
rd_fixes_suggest (const RdReport  *report,
                  char           **address)
{
  RdWorkarounds workarounds = 0;
  const char *ipv4 = rd_facts_get_working_ipv4 (rd_report_get_facts (report));

  if (address != NULL)
    *address = NULL;
  if (rd_report_has_cause (report, RD_CAUSE_IPV6_PATH_BROKEN) && ipv4 != NULL)
    {
      workarounds |= RD_WORKAROUND_USE_ADDRESS;
      if (address != NULL)
        *address = g_strdup (ipv4);
    }
  /* Only offered when the host was seen to take TLS without NLA. */
  if ((rd_report_has_cause (report, RD_CAUSE_NLA_FAILED) ||
       rd_report_has_cause (report, RD_CAUSE_NLA_NTLM_REFUSED) ||
       rd_report_has_cause (report, RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED)) &&
      rd_report_get_nla_verdict (report) == RD_NLA_ACCEPTS_TLS_ONLY)
    workarounds |= RD_WORKAROUND_TLS_NOT_NLA;
  if (rd_report_has_cause (report, RD_CAUSE_UDP_BLOCKED))
    workarounds |= RD_WORKAROUND_TCP_ONLY;
  if (rd_report_has_cause (report, RD_CAUSE_TLS_CLIENT_POLICY_STRICTER))
    workarounds |= RD_WORKAROUND_TLS_LEGACY;
  /* The connection's own security setting is what the host refuses. */
  if (rd_target_get_app_security (rd_report_get_target (report)) != RD_APP_SECURITY_NEGOTIATE &&
      (rd_report_has_cause (report, RD_CAUSE_NEGOTIATION_SSL_REQUIRED) ||
       rd_report_has_cause (report, RD_CAUSE_NEGOTIATION_HYBRID_REQUIRED)))
    workarounds |= RD_WORKAROUND_NEGOTIATE;
  return workarounds;
}

char *
rd_workarounds_to_string (RdWorkarounds workarounds)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (workarounds & RD_WORKAROUND_USE_ADDRESS)
    g_ptr_array_add (names, (gpointer) "use-address");
  if (workarounds & RD_WORKAROUND_TLS_NOT_NLA)
    g_ptr_array_add (names, (gpointer) "tls-not-nla");
  if (workarounds & RD_WORKAROUND_TCP_ONLY)
    g_ptr_array_add (names, (gpointer) "tcp-only");
  if (workarounds & RD_WORKAROUND_TLS_LEGACY)
    g_ptr_array_add (names, (gpointer) "tls-legacy");
  if (workarounds & RD_WORKAROUND_NEGOTIATE)
    g_ptr_array_add (names, (gpointer) "negotiate");
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

void
rd_verification_free (RdVerification *verification)
{
  if (verification == NULL)
    return;
  g_clear_pointer (&verification->before, rd_report_unref);
  g_clear_pointer (&verification->after, rd_report_unref);
  g_free (verification);
}

static void
on_verify_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdVerification *verification = g_task_get_task_data (task);
  GError *error = NULL;

  verification->after = rd_report_new_from_run (RD_RUNNER (source), result, &error);
  if (verification->after == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Fixed: nothing left that breaks the connection. */
  verification->fixed = rd_report_get_verdict (verification->after) != RD_VERDICT_BROKEN;
  g_task_return_boolean (task, TRUE);
}

/**
 * rd_fixes_verify_async:
 *
 * Tests a client-side fix before anybody relies on it.
 */
void
rd_fixes_verify_async (RdReport            *before,
                       RdWorkarounds        workarounds,
                       const char          *address,
                       guint                timeout_ms,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RdVerification *verification = g_new0 (RdVerification, 1);
  RdTarget *original = rd_report_get_target (before);
  g_autoptr(RdTarget) target = NULL;
  g_autoptr(RdRunner) runner = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, rd_fixes_verify_async);
  verification->before = rd_report_ref (before);
  g_task_set_task_data (task, verification, (GDestroyNotify) rd_verification_free);

  if ((workarounds & RD_WORKAROUND_USE_ADDRESS) && address != NULL)
    {
      g_autoptr(RdTarget) bare = rd_target_parse (address, &error);

      if (bare == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      target = rd_target_copy_with_port (bare, rd_target_get_port (original));
    }
  else
    target = rd_target_ref (original);

  runner = rd_runner_new (target);
  rd_runner_set_timeout (runner, timeout_ms);
  if (workarounds & RD_WORKAROUND_NEGOTIATE)
    rd_runner_set_requested_protocols (runner, RD_PROTOCOLS_CLIENT_DEFAULT);
  if (workarounds & RD_WORKAROUND_TLS_NOT_NLA)
    rd_runner_set_requested_protocols (runner, RD_PROTOCOL_SSL);
  if (workarounds & RD_WORKAROUND_TLS_LEGACY)
    rd_runner_set_tls_legacy (runner, TRUE);
  if (workarounds & RD_WORKAROUND_TCP_ONLY)
    {
      guint n_checks;
      const RdCheckInfo *checks = rd_checks_get_all (&n_checks);
      g_autoptr(GPtrArray) only = g_ptr_array_new ();

      for (guint i = 0; i < n_checks; i++)
        if (!g_str_equal (checks[i].id, "udp"))
          g_ptr_array_add (only, (gpointer) checks[i].id);
      g_ptr_array_add (only, NULL);
      rd_runner_set_only (runner, (const char * const *) only->pdata);
    }

  rd_runner_run_async (runner, cancellable, on_verify_done, g_steal_pointer (&task));
}

/**
 * rd_fixes_verify_finish:
 *
 * Returns: (transfer full): the reports before and after, and whether it
 *   is fixed.
 */
RdVerification *
rd_fixes_verify_finish (GAsyncResult  *result,
                        GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_get_source_tag (task) == rd_fixes_verify_async, NULL);
  if (!g_task_propagate_boolean (task, error))
    return NULL;
  /* The task data goes with the task: hand over a copy of its contents. */
  {
    RdVerification *data = g_task_get_task_data (task);
    RdVerification *out = g_new0 (RdVerification, 1);

    out->before = rd_report_ref (data->before);
    out->after = rd_report_ref (data->after);
    out->fixed = data->fixed;
    return out;
  }
}

static const struct
{
  const char *id;
  const char *name;
  const char *program;
} known_clients[] = {
  { "remmina", "Remmina", "remmina" },
  { "gnome-connections", "Connections", "gnome-connections" },
  { "xfreerdp", "FreeRDP", "xfreerdp" },
  { "xfreerdp3", "FreeRDP 3", "xfreerdp3" },
};

static void
client_app_free (RdClientApp *app)
{
  g_free (app->path);
  g_free (app);
}

/**
 * rd_fixes_find_clients:
 *
 * Returns: (transfer full) (element-type RdClientApp): the Remote Desktop
 *   apps found in PATH.
 */
GPtrArray *
rd_fixes_find_clients (void)
{
  GPtrArray *apps = g_ptr_array_new_with_free_func ((GDestroyNotify) client_app_free);

  for (guint i = 0; i < G_N_ELEMENTS (known_clients); i++)
    {
      char *path = g_find_program_in_path (known_clients[i].program);

      if (path != NULL)
        {
          RdClientApp *app = g_new0 (RdClientApp, 1);

          app->id = known_clients[i].id;
          app->name = known_clients[i].name;
          app->path = path;
          g_ptr_array_add (apps, app);
        }
    }
  return apps;
}

/**
 * rd_fixes_open_in_client:
 *
 * Starts the app with the profile (a .remmina file for Remmina, a .rdp file
 * for the others); never waits for it.
 */
gboolean
rd_fixes_open_in_client (const RdClientApp  *app,
                         const char         *profile_path,
                         GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, app->path);
  if (g_str_equal (app->id, "remmina"))
    g_ptr_array_add (argv, (gpointer) "-c");
  g_ptr_array_add (argv, (gpointer) profile_path);
  g_ptr_array_add (argv, NULL);

  return g_spawn_async (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, error);
}
