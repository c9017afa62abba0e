/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-host-script.h"
#include "rd-remedy-catalogue.h"

/*
 * The script is a rendering of the remedy catalogue (rd-remedy-catalogue.h):
 * each action knows what it changes (a registry value, firewall rules, a
 * service, a certificate store, a folder), so the script says so and shows
 * the current state before the change. A report's remedies, fresh or
 * loaded from a file, are looked up in the catalogue by their cause and
 * remedy ids, with the parameters from the report's target and findings. A
 * remedy the catalogue does not know (from a newer version) is shown, not
 * run.
 */

/* ---- text helpers ------------------------------------------------------ */

static gboolean
is_single_quote (gunichar c)
{
  /* PowerShell takes the typographic single quotes as quotes too. */
  return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B;
}

/* A PowerShell single-quoted string: nothing inside is expanded. */
static char *
ps_quote (const char *text)
{
  g_autoptr(GString) out = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_single_quote (c))
        g_string_append (out, "''");
      else if (c == '\n' || c == '\r')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  g_string_append_c (out, '\'');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One "# " line per line of @text. */
static void
append_comment (GString    *out,
                const char *prefix,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (out, "# %s%s\n", prefix, lines[i]);
}

static void
append_write_host (GString    *out,
                   const char *text)
{
  g_autofree char *quoted = ps_quote (text);

  g_string_append_printf (out, "Write-Host %s\n", quoted);
}


/* A command as the script runs it: programs through cmd.exe, after the
 * stop-parsing token, so the line reaches cmd exactly as written. */
static char *
script_line (RdShell     shell,
             const char *command)
{
  if (shell == RD_SHELL_CMD)
    return g_strdup_printf ("cmd.exe /c --%% %s", command);

  return g_strdup (command);
}

/* ---- one action -------------------------------------------------------- */

typedef struct
{
  gboolean   reads;     /* only shows the state: runs without a pre-check */
  char      *what;      /* translated: what is about to change */
  GPtrArray *checks;    /* char*: lines that show the current state first */
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->what, g_free);
  g_clear_pointer (&plan->checks, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static void
add_registry_check (Plan           *plan,
                    const RdAction *action)
{
  g_autofree char *quoted_path = ps_quote (action->registry.key);
  g_autofree char *quoted_name = ps_quote (action->registry.name);
  g_autofree char *label = g_strdup_printf (_("Current value of %s (nothing below means it is not set):"),
                                            action->registry.name);
  g_autofree char *quoted_label = ps_quote (label);

  g_ptr_array_add (plan->checks, g_strdup_printf ("Write-Host %s", quoted_label));
  g_ptr_array_add (plan->checks,
                   g_strdup_printf ("Get-ItemProperty -Path %s -Name %s -ErrorAction SilentlyContinue | "
                                    "Select-Object -Property %s | Out-Host",
                                    quoted_path, quoted_name, quoted_name));
}

static void
plan_firewall (Plan           *plan,
               const RdAction *action)
{
  const char *rules = action->firewall.rules;
  const char *selector = rd_firewall_selector_to_string (action->firewall.selector);
  g_autofree char *quoted = ps_quote (rules);
  g_autofree char *warning = NULL;
  g_autofree char *quoted_warning = NULL;

  if (action->firewall.enable)
    plan->what = g_strdup_printf (_("Turn on the firewall rules “%s”."), rules);
  else
    plan->what = g_strdup_printf (_("Turn off the firewall rules “%s”."), rules);

  warning = g_strdup_printf (_("No firewall rules named “%s” were found on this computer (on a Windows in another "
                               "language they have a translated name). The next line will fail: turn the rules on "
                               "in “Windows Defender Firewall with Advanced Security” instead."), rules);
  quoted_warning = ps_quote (warning);
  g_ptr_array_add (plan->checks,
                   g_strdup_printf ("if (-not (Get-NetFirewallRule -%s %s -ErrorAction SilentlyContinue)) "
                                    "{ Write-Warning %s }",
                                    selector, quoted, quoted_warning));
  g_ptr_array_add (plan->checks,
                   g_strdup_printf ("Get-NetFirewallRule -%s %s -ErrorAction SilentlyContinue | "
                                    "Select-Object -Property DisplayName, Enabled, Profile | Out-Host",
                                    selector, quoted));
}

/* "Get-ChildItem X | Remove-Item": show what the listing part finds. */
static void
plan_listing (Plan           *plan,
              const RdAction *action,
              const char     *cmdlet)
{
  g_autofree char *listing = rd_action_render_listing (action);

  plan->what = g_strdup_printf (_("Run “%s” on what this lists:"), cmdlet);
  g_ptr_array_add (plan->checks, g_strdup_printf ("%s | Out-Host", listing));
}

static void
plan_service (Plan           *plan,
              const RdAction *action)
{
  const char *names = action->service.names;

  if (action->service.verb == RD_SERVICE_START_STOPPED)
    {
      plan_listing (plan, action, "Start-Service");
      return;
    }

  if (action->service.verb == RD_SERVICE_RESTART)
    plan->what = g_strdup_printf (_("Restart the service %s."), names);
  else
    plan->what = g_strdup_printf (_("Start the service %s."), names);
  g_ptr_array_add (plan->checks,
                   g_strdup_printf ("Get-Service -Name %s | Select-Object -Property Name, Status, StartType | Out-Host",
                                    names));
}

static void
plan_path (Plan       *plan,
           const char *path,
           gboolean    creates)
{
  g_autofree char *quoted = ps_quote (path);

  if (creates)
    {
      g_autofree char *label = ps_quote (_("It exists already:"));

      plan->what = g_strdup_printf (_("Create %s."), path);
      g_ptr_array_add (plan->checks, g_strdup_printf ("Write-Host %s (Test-Path -Path %s)", label, quoted));
    }
  else
    {
      g_autofree char *warning = g_strdup_printf (_("%s does not exist; the next line will fail."), path);
      g_autofree char *quoted_warning = ps_quote (warning);

      plan->what = g_strdup_printf (_("Rename or move %s."), path);
      g_ptr_array_add (plan->checks,
                       g_strdup_printf ("if (-not (Test-Path -Path %s)) { Write-Warning %s }", quoted, quoted_warning));
    }
}

/* What @action changes, and the look at the current state before it. */
static void
plan_action (Plan           *plan,
             const RdAction *action,
             const char     *command)
{
  switch (action->kind)
    {
    case RD_ACTION_SHOW:
      plan->reads = TRUE;
      break;
    case RD_ACTION_REGISTRY_SET:
      plan->what = g_strdup_printf (_("Set the registry value %s in %s to %s."),
                                    action->registry.name, action->registry.key, action->registry.data);
      add_registry_check (plan, action);
      break;
    case RD_ACTION_REGISTRY_REMOVE:
      plan->what = g_strdup_printf (_("Remove the registry value %s from %s."),
                                    action->registry.name, action->registry.key);
      add_registry_check (plan, action);
      break;
    case RD_ACTION_REGISTRY_KEY:
      plan_path (plan, action->registry.key, TRUE);
      break;
    case RD_ACTION_FIREWALL:
      plan_firewall (plan, action);
      break;
    case RD_ACTION_SERVICE:
      plan_service (plan, action);
      break;
    case RD_ACTION_CERTIFICATES_REMOVE:
      plan_listing (plan, action, "Remove-Item");
      break;
    case RD_ACTION_RENAME:
      plan_path (plan, action->rename.path, FALSE);
      break;
    case RD_ACTION_RUN:
    default:
      plan->what = g_strdup_printf (_("Run: %s"), command);
      break;
    }
}

static void
append_not_run (GString    *out,
                const char *shell,
                const char *command)
{
  g_autofree char *note = g_strdup_printf (_("Not run here (meant for “%s”): %s"), shell, command);

  g_string_append (out, "\n");
  append_comment (out, "", note);
}

/* One block: a comment and a Write-Host line saying what changes, the
 * current state, then the change. Returns whether anything runs. */
static gboolean
append_action (GString              *out,
               const RdAction       *action,
               const RdRemedyParams *params,
               GPtrArray            *restarts)
{
  g_auto(Plan) plan = { FALSE, NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *command = rd_action_render_command (action, params);
  g_autofree char *line = NULL;

  if (command == NULL)
    return FALSE;
  if (action->shell == RD_SHELL_SH)
    {
      append_not_run (out, rd_shell_to_string (action->shell), command);
      return FALSE;
    }

  line = script_line (action->shell, command);
  /* A restart in the middle would cut the rest of the script off. */
  if (action->kind == RD_ACTION_RESTART_COMPUTER)
    {
      g_ptr_array_add (restarts, g_steal_pointer (&line));
      return TRUE;
    }

  plan_action (&plan, action, command);
  g_string_append_c (out, '\n');

  if (plan.reads)
    {
      append_comment (out, "", _("Shows the current state; changes nothing."));
      /* After --% the rest of the line goes to cmd.exe as it is. */
      if (action->shell == RD_SHELL_CMD)
        g_string_append_printf (out, "%s\n", line);
      else
        g_string_append_printf (out, "%s | Out-Host\n", line);
      return TRUE;
    }

  append_comment (out, "", plan.what);
  append_write_host (out, plan.what);
  for (guint i = 0; i < plan.checks->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (plan.checks, i));
  g_string_append_printf (out, "%s\n", line);

  /* $ErrorActionPreference does not cover programs' exit codes. */
  if (action->shell == RD_SHELL_CMD)
    {
      g_autofree char *failed = ps_quote (_("This command failed, so the script stopped. Exit code:"));

      g_string_append_printf (out, "if ($LASTEXITCODE -ne 0) { throw (%s + ' ' + $LASTEXITCODE) }\n", failed);
    }
  return TRUE;
}

/* ---- collecting the remedies ------------------------------------------ */

typedef struct
{
  RdRemedy           *remedy;    /* borrowed from the report: title, steps */
  const RdRemedyInfo *info;      /* its row in the catalogue, or NULL */
  RdRemedy           *rendered;  /* its commands rendered from @info, or NULL */
} HostRemedy;

typedef struct
{
  GArray          *remedies;  /* HostRemedy */
  GPtrArray       *titles;    /* const char*: titles of causes with host remedies */
  RdRemedyParams  *params;    /* from the report's target and findings */
} HostRemedies;

static void
host_remedy_clear (HostRemedy *entry)
{
  g_clear_pointer (&entry->rendered, rd_remedy_free);
}

static RdRemedyParams *
report_params (RdReport *report)
{
  GPtrArray *findings = rd_report_get_findings (report);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (findings, i);

      g_hash_table_insert (by_id, (gpointer) rd_finding_get_check_id (finding), finding);
    }
  return rd_remedy_params_new (rd_report_get_target (report), by_id);
}

static void
collect (RdReport     *report,
         HostRemedies *host)
{
  GPtrArray *causes = rd_report_get_causes (report);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  host->remedies = g_array_new (FALSE, TRUE, sizeof (HostRemedy));
  g_array_set_clear_func (host->remedies, (GDestroyNotify) host_remedy_clear);
  host->titles = g_ptr_array_new ();
  host->params = report_params (report);

  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);
      gboolean any = FALSE;

      for (guint j = 0; cause->remedies != NULL && j < cause->remedies->len; j++)
        {
          RdRemedy *remedy = g_ptr_array_index (cause->remedies, j);
          HostRemedy entry = { remedy, NULL, NULL };

          if (remedy->side != RD_SIDE_HOST)
            continue;
          any = TRUE;

          /* The same remedy (say, restarting the service) serves several
           * causes; doing it once is enough. */
          if (g_hash_table_contains (seen, remedy->id))
            continue;
          g_hash_table_add (seen, remedy->id);

          entry.info = rd_remedy_catalogue_lookup (cause->id, remedy->id);
          if (entry.info != NULL && entry.info->side != RD_SIDE_HOST)
            entry.info = NULL;
          if (entry.info != NULL)
            entry.rendered = rd_remedy_info_render (entry.info, host->params);
          g_array_append_val (host->remedies, entry);
        }

      if (any && cause->title != NULL)
        g_ptr_array_add (host->titles, cause->title);
    }
}

static void
host_remedies_clear (HostRemedies *host)
{
  g_clear_pointer (&host->remedies, g_array_unref);
  g_clear_pointer (&host->titles, g_ptr_array_unref);
  g_clear_pointer (&host->params, rd_remedy_params_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HostRemedies, host_remedies_clear)

static gboolean
is_runnable_shell (const char *shell)
{
  return g_str_equal (shell, "powershell") || g_str_equal (shell, "cmd") || g_str_equal (shell, "reg");
}

/* The commands of a host remedy: rendered from the catalogue, or as the
 * report has them when the catalogue does not know the remedy. */
static GPtrArray *
host_commands (const HostRemedy *entry)
{
  return entry->rendered != NULL ? entry->rendered->commands : entry->remedy->commands;
}

/* The lines that undo the remedy's changes, as the script writes them. */
static GPtrArray *
undo_lines (const HostRemedy *entry)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *commands = host_commands (entry);

  if (entry->info == NULL)
    {
      for (guint i = 0; commands != NULL && i < commands->len; i++)
        {
          RdCommand *command = g_ptr_array_index (commands, i);

          if (g_str_equal (command->shell, "undo"))
            g_ptr_array_add (lines, g_strdup (command->text));
        }
      return lines;
    }

  for (guint i = 0; i < RD_REMEDY_MAX_ACTIONS && entry->info->actions[i].kind != RD_ACTION_NONE; i++)
    {
      const RdAction *action = &entry->info->actions[i];
      g_autofree char *undo = NULL;

      if (action->kind == RD_ACTION_PROFILE || action->shell == RD_SHELL_SH)
        continue;
      undo = rd_action_render_undo (action);
      if (undo != NULL)
        g_ptr_array_add (lines, script_line (action->shell, undo));
    }
  return lines;
}

/* ---- the script -------------------------------------------------------- */

static void
append_header (GString      *out,
               RdReport     *report,
               HostRemedies *host)
{
  g_autofree char *target = rd_target_to_string (rd_report_get_target (report));
  g_autofree char *created = g_date_time_format_iso8601 (rd_report_get_created (report));
  g_autofree char *title = g_strdup_printf (_("Remote Desktop Doctor: fixes for the computer %s"), target);
  g_autofree char *generated = g_strdup_printf (_("Generated: %s"), created);

  append_comment (out, "", title);
  append_comment (out, "", _("These are the changes Remote Desktop Doctor suggests for the Windows computer that "
                             "Remote Desktop connects to. Read each section before you run it."));
  if (host->titles->len > 0)
    {
      append_comment (out, "", _("What was found:"));
      for (guint i = 0; i < host->titles->len; i++)
        append_comment (out, "  - ", g_ptr_array_index (host->titles, i));
    }
  append_comment (out, "", generated);
  append_comment (out, "", _("Run it in an elevated PowerShell on the Windows computer: right-click "
                             "“Windows PowerShell”, choose “Run as administrator”, then run "
                             "powershell -ExecutionPolicy Bypass -File .\\THIS-FILE.ps1"));
  append_comment (out, "", _("Before each change the script shows what it is about to change and the current state. "
                             "Changes that lower security are undone with the lines in the UNDO section at the end."));
  g_string_append (out, "\n#Requires -RunAsAdministrator\n");
  g_string_append (out, "$ErrorActionPreference = 'Stop'\n");

  {
    g_autofree char *question = ps_quote (_("Make this change now?"));
    g_autofree char *yes = ps_quote (_("&Yes"));
    g_autofree char *no = ps_quote (_("&No"));

    g_string_append (out, "\n");
    append_comment (out, "", _("Asks before each fix; the fixes are alternatives, not all of them may fit."));
    g_string_append (out, "function Confirm-Fix ([string] $Title)\n{\n");
    g_string_append_printf (out, "  return $Host.UI.PromptForChoice($Title, %s, @(%s, %s), 0) -eq 0\n", question, yes, no);
    g_string_append (out, "}\n");
  }
}

/* Indents every non-empty line of @text by two spaces. */
static void
append_indented (GString    *out,
                 const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0')
        g_string_append_printf (out, "  %s", lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
}

/* The remedies are alternatives (the Azure one only fits an Azure machine),
 * so each is done only when the administrator says yes. */
static void
append_gate (GString    *out,
             const char *title,
             const char *body)
{
  g_autofree char *quoted = ps_quote (title);
  g_autofree char *trimmed = g_strdup (body);

  g_strstrip (trimmed);
  g_string_append_printf (out, "\nif (Confirm-Fix %s)\n{\n", quoted);
  append_indented (out, trimmed);
  g_string_append (out, "\n}\n");
}

static void
append_remedy (GString              *out,
               const HostRemedy     *entry,
               const RdRemedyParams *params,
               GPtrArray            *restarts)
{
  RdRemedy *remedy = entry->remedy;
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean any_change = FALSE;

  g_string_append (out, "\n");
  append_comment (out, "--- ", remedy->title);
  for (guint i = 0; remedy->steps != NULL && i < remedy->steps->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u. ", i + 1);

      append_comment (out, prefix, g_ptr_array_index (remedy->steps, i));
    }

  if (entry->info != NULL)
    {
      for (guint i = 0; i < RD_REMEDY_MAX_ACTIONS && entry->info->actions[i].kind != RD_ACTION_NONE; i++)
        any_change |= append_action (body, &entry->info->actions[i], params, restarts);
    }
  else
    {
      /* Unknown to this version: its commands are shown, never run. */
      for (guint i = 0; remedy->commands != NULL && i < remedy->commands->len; i++)
        {
          RdCommand *command = g_ptr_array_index (remedy->commands, i);

          if (!g_str_equal (command->shell, "undo"))
            append_not_run (out, command->shell, command->text);
        }
    }

  if (!any_change)
    {
      g_string_append (out, body->str);
      g_string_append (out, "\n");
      append_comment (out, "", _("Nothing to run for this one: follow the steps above by hand."));
      return;
    }

  if (remedy->lowers_security)
    {
      g_autofree char *warning = g_strdup_printf (_("The next change lowers security (%s). Undo it after the test "
                                                    "with the lines in the UNDO section at the end of this script."),
                                                  remedy->title);
      g_autofree char *quoted_warning = ps_quote (warning);

      g_string_append (out, "\n");
      append_comment (out, "", _("This lowers security: only say yes for a short test."));
      g_string_append_printf (out, "Write-Warning %s\n", quoted_warning);
    }

  g_string_append (body, "\n");
  append_gate (out, remedy->title, body->str);
}

static void
append_undo (GString      *out,
             HostRemedies *host)
{
  g_string_append (out, "\n# === UNDO ===\n");
  append_comment (out, "", _("Not run by this script. To undo a change, copy its lines without the leading “# ” "
                             "into the same elevated PowerShell."));

  /* Changes that lower security first: they matter most. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < host->remedies->len; i++)
        {
          const HostRemedy *entry = &g_array_index (host->remedies, HostRemedy, i);
          RdRemedy *remedy = entry->remedy;
          g_autoptr(GPtrArray) lines = NULL;

          if ((pass == 0) != (remedy->lowers_security != FALSE))
            continue;

          lines = undo_lines (entry);
          if (lines->len > 0)
            {
              g_string_append (out, "#\n");
              append_comment (out, "", remedy->title);
            }
          for (guint j = 0; j < lines->len; j++)
            g_string_append_printf (out, "# %s\n", (const char *) g_ptr_array_index (lines, j));

          if (lines->len == 0 && remedy->lowers_security)
            {
              g_autofree char *note = g_strdup_printf (_("%s: no undo command is known; reverse the steps above by hand."),
                                                       remedy->title);

              g_string_append (out, "#\n");
              append_comment (out, "", note);
            }
        }
    }
}

/**
 * rd_host_script_build:
 * @report: a report
 *
 * Builds a PowerShell script from the report's host-side remedies; see
 * rd-host-script.h for its shape.
 *
 * Returns: (transfer full): the script, UTF-8
 */
char *
rd_host_script_build (RdReport *report)
{
  g_auto(HostRemedies) host = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) restarts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (report != NULL, NULL);

  collect (report, &host);
  append_header (out, report, &host);

  if (host.remedies->len == 0)
    {
      g_autofree char *nothing = ps_quote (_("Nothing needs to change on this computer."));

      g_string_append_printf (out, "\nWrite-Host %s\n", nothing);
    }

  for (guint i = 0; i < host.remedies->len; i++)
    append_remedy (out, &g_array_index (host.remedies, HostRemedy, i), host.params, restarts);

  /* Once, at the very end. */
  if (restarts->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      const char *what = _("Restart the computer so the changes take effect.");

      g_string_append (out, "\n");
      append_comment (out, "--- ", what);
      g_string_append (body, "\n");
      append_comment (body, "", what);
      append_write_host (body, what);
      g_string_append_printf (body, "%s\n\n", (const char *) g_ptr_array_index (restarts, 0));
      append_gate (out, what, body->str);
    }

  append_undo (out, &host);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rd_host_steps_build:
 * @report: a report
 *
 * Builds plain numbered steps from the report's host-side remedies, for
 * someone working in the Windows settings, with the commands for those who
 * prefer them.
 *
 * Returns: (transfer full): the text
 */
char *
rd_host_steps_build (RdReport *report)
{
  g_auto(HostRemedies) host = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *target = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  collect (report, &host);
  target = rd_target_to_string (rd_report_get_target (report));

  g_string_append_printf (out, _("Fixes on the computer %s"), target);
  g_string_append (out, "\n");
  g_string_append (out, _("Do these on the Windows computer you connect to, signed in as an administrator."));
  g_string_append (out, "\n");

  if (host.remedies->len == 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Nothing needs to change on that computer."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  for (guint i = 0; i < host.remedies->len; i++)
    {
      const HostRemedy *entry = &g_array_index (host.remedies, HostRemedy, i);
      RdRemedy *remedy = entry->remedy;
      GPtrArray *commands = host_commands (entry);
      gboolean header = FALSE;

      g_string_append_printf (out, "\n%u. %s\n", i + 1, remedy->title);
      if (remedy->lowers_security)
        g_string_append_printf (out, "   %s\n", _("This lowers security: undo it as soon as the test is over."));

      for (guint j = 0; remedy->steps != NULL && j < remedy->steps->len; j++)
        g_string_append_printf (out, "   %u) %s\n", j + 1, (const char *) g_ptr_array_index (remedy->steps, j));

      for (guint j = 0; commands != NULL && j < commands->len; j++)
        {
          RdCommand *command = g_ptr_array_index (commands, j);

          if (!is_runnable_shell (command->shell))
            continue;
          if (!header)
            g_string_append_printf (out, "   %s\n", _("Or in PowerShell as administrator:"));
          header = TRUE;
          g_string_append_printf (out, "      %s\n", command->text);
        }

      header = FALSE;
      for (guint j = 0; commands != NULL && j < commands->len; j++)
        {
          RdCommand *command = g_ptr_array_index (commands, j);

          if (!g_str_equal (command->shell, "undo"))
            continue;
          if (!header)
            g_string_append_printf (out, "   %s\n", _("To undo it afterwards:"));
          header = TRUE;
          g_string_append_printf (out, "      %s\n", command->text);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
