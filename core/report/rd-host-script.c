/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-host-script.h"

/*
 * The commands come from the remedy catalogue as text. To put a pre-check
 * before each change, the script looks at the command's shape: the cmdlet of
 * each pipeline stage and its -Path, -Name, -DisplayGroup parameters, or the
 * key and value name of a "REG ADD". Anything it does not recognise still
 * gets its comment and Write-Host line, and runs as written.
 */

typedef enum
{
  KIND_READ,       /* only looks: runs without a pre-check */
  KIND_REGISTRY,
  KIND_FIREWALL,
  KIND_SERVICE,
  KIND_PATH,
  KIND_RESTART,    /* Restart-Computer: moved to the end */
  KIND_OTHER,
} Kind;

typedef struct
{
  Kind       kind;
  char      *what;      /* translated: what is about to change */
  GPtrArray *checks;    /* char*: pre-check lines */
} Analysis;

static void
analysis_clear (Analysis *analysis)
{
  g_clear_pointer (&analysis->what, g_free);
  g_clear_pointer (&analysis->checks, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Analysis, analysis_clear)

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

/* Splits at @separator outside quotes, parentheses and braces. */
static GPtrArray *
split_outside_quotes (const char *text,
                      gboolean    at_spaces)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) current = g_string_new (NULL);
  gunichar quote = 0;
  int depth = 0;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean split;

      if (c == 0)
        break;

      if (quote != 0)
        {
          if ((quote == '"' && c == '"') || (quote == '\'' && is_single_quote (c)))
            quote = 0;
          g_string_append_unichar (current, c);
          continue;
        }

      if (c == '"')
        quote = '"';
      else if (is_single_quote (c))
        quote = '\'';
      else if (c == '(' || c == '{')
        depth++;
      else if ((c == ')' || c == '}') && depth > 0)
        depth--;

      split = depth == 0 && quote == 0 && (at_spaces ? g_unichar_isspace (c) : c == '|');
      if (!split)
        {
          g_string_append_unichar (current, c);
          continue;
        }

      g_strstrip (current->str);
      current->len = strlen (current->str);
      if (current->len > 0)
        g_ptr_array_add (parts, g_strdup (current->str));
      g_string_truncate (current, 0);
    }

  g_strstrip (current->str);
  if (current->str[0] != '\0')
    g_ptr_array_add (parts, g_strdup (current->str));

  return parts;
}

static char *
unquote (const char *token)
{
  gsize length = strlen (token);

  if (length >= 2 && ((token[0] == '\'' && token[length - 1] == '\'') ||
                      (token[0] == '"' && token[length - 1] == '"')))
    return g_strndup (token + 1, length - 2);

  return g_strdup (token);
}

/* The value after "-Name" (case-insensitive), unquoted, or NULL. */
static char *
parameter (GPtrArray  *tokens,
           const char *name)
{
  for (guint i = 1; i + 1 < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      if (token[0] == '-' && g_ascii_strcasecmp (token + 1, name) == 0)
        return unquote (g_ptr_array_index (tokens, i + 1));
    }

  return NULL;
}

/* The first argument that is not a parameter, e.g. the service in
 * "Restart-Service TermService -Force"; commas joined as written. */
static char *
positional (GPtrArray *tokens)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 1; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      if (token[0] == '-')
        break;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, token);
    }

  if (out->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
has_prefix_ci (const char *text,
               const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

static gboolean
is_read_only_cmdlet (const char *cmdlet)
{
  static const char * const verbs[] = {
    "Get-", "Test-", "Resolve-", "Select-", "Where-", "Format-", "Measure-",
    "Sort-", "Out-", "Compare-",
  };

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (has_prefix_ci (cmdlet, verbs[i]))
      return TRUE;

  return FALSE;
}

/* Whether a line is PowerShell rather than a cmd line: a Verb-Noun cmdlet,
 * a variable or a keyword at the start. */
static gboolean
looks_like_powershell (const char *text)
{
  const char *p = text;
  gboolean dash = FALSE;

  if (text[0] == '$' || has_prefix_ci (text, "if ") || has_prefix_ci (text, "if("))
    return TRUE;

  for (; *p != '\0' && !g_ascii_isspace (*p); p++)
    {
      if (*p == '-' && p > text)
        dash = TRUE;
      else if (!g_ascii_isalnum (*p))
        return FALSE;
    }

  return dash;
}

/* "HKLM\SYSTEM\..." as a PowerShell registry path. */
static char *
registry_path (const char *key)
{
  static const struct { const char *from; const char *to; } roots[] = {
    { "HKEY_LOCAL_MACHINE\\", "HKLM:\\" },
    { "HKLM\\", "HKLM:\\" },
    { "HKEY_CURRENT_USER\\", "HKCU:\\" },
    { "HKCU\\", "HKCU:\\" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    if (has_prefix_ci (key, roots[i].from))
      return g_strconcat (roots[i].to, key + strlen (roots[i].from), NULL);

  return NULL;
}

static void
add_registry_check (Analysis   *analysis,
                    const char *path,
                    const char *name)
{
  g_autofree char *quoted_path = ps_quote (path);
  g_autofree char *quoted_name = ps_quote (name);
  g_autofree char *label = g_strdup_printf (_("Current value of %s (nothing below means it is not set):"), name);
  g_autofree char *quoted_label = ps_quote (label);

  g_ptr_array_add (analysis->checks, g_strdup_printf ("Write-Host %s", quoted_label));
  g_ptr_array_add (analysis->checks,
                   g_strdup_printf ("Get-ItemProperty -Path %s -Name %s -ErrorAction SilentlyContinue | "
                                    "Select-Object -Property %s | Out-Host",
                                    quoted_path, quoted_name, quoted_name));
}

/* ---- analysis ---------------------------------------------------------- */

static void
analyse_cmd (Analysis   *analysis,
             const char *text)
{
  g_autoptr(GPtrArray) tokens = split_outside_quotes (text, TRUE);
  const char *program = tokens->len > 0 ? g_ptr_array_index (tokens, 0) : "";
  const char *verb = tokens->len > 1 ? g_ptr_array_index (tokens, 1) : "";

  if (g_ascii_strcasecmp (program, "reg") == 0 || g_ascii_strcasecmp (program, "reg.exe") == 0)
    {
      g_autofree char *key = tokens->len > 2 ? unquote (g_ptr_array_index (tokens, 2)) : NULL;
      g_autofree char *path = key != NULL ? registry_path (key) : NULL;
      g_autofree char *name = NULL;

      if (g_ascii_strcasecmp (verb, "query") == 0)
        {
          analysis->kind = KIND_READ;
          return;
        }

      for (guint i = 3; i + 1 < tokens->len; i++)
        if (g_ascii_strcasecmp (g_ptr_array_index (tokens, i), "/v") == 0)
          name = unquote (g_ptr_array_index (tokens, i + 1));

      analysis->kind = KIND_REGISTRY;
      if (path != NULL && name != NULL)
        {
          if (g_ascii_strcasecmp (verb, "delete") == 0)
            analysis->what = g_strdup_printf (_("Remove the registry value %s from %s."), name, path);
          else
            analysis->what = g_strdup_printf (_("Change the registry value %s in %s."), name, path);
          add_registry_check (analysis, path, name);
        }
      return;
    }

  if (g_ascii_strcasecmp (program, "icacls") == 0)
    {
      gboolean changes = strstr (text, "/grant") != NULL || strstr (text, "/deny") != NULL ||
                         strstr (text, "/remove") != NULL || strstr (text, "/reset") != NULL ||
                         strstr (text, "/setowner") != NULL || strstr (text, "/restore") != NULL;

      analysis->kind = changes ? KIND_OTHER : KIND_READ;
      return;
    }

  if ((g_ascii_strcasecmp (program, "netsh") == 0 && strstr (text, " show ") != NULL) ||
      (g_ascii_strcasecmp (program, "w32tm") == 0 && strstr (text, "/query") != NULL) ||
      g_ascii_strcasecmp (program, "whoami") == 0 ||
      g_ascii_strcasecmp (program, "hostname") == 0)
    {
      analysis->kind = KIND_READ;
      return;
    }

  analysis->kind = KIND_OTHER;
}

static void
analyse_service (Analysis   *analysis,
                 const char *cmdlet,
                 GPtrArray  *tokens)
{
  g_autofree char *names = parameter (tokens, "Name");

  if (names == NULL)
    names = positional (tokens);

  analysis->kind = KIND_SERVICE;
  if (names == NULL)
    return;

  if (has_prefix_ci (cmdlet, "Restart-"))
    analysis->what = g_strdup_printf (_("Restart the service %s."), names);
  else if (has_prefix_ci (cmdlet, "Start-"))
    analysis->what = g_strdup_printf (_("Start the service %s."), names);
  else if (has_prefix_ci (cmdlet, "Stop-"))
    analysis->what = g_strdup_printf (_("Stop the service %s."), names);
  else
    analysis->what = g_strdup_printf (_("Change the service %s."), names);

  g_ptr_array_add (analysis->checks,
                   g_strdup_printf ("Get-Service -Name %s | Select-Object -Property Name, Status, StartType | Out-Host",
                                    names));
}

static void
analyse_powershell (Analysis   *analysis,
                    const char *text)
{
  g_autoptr(GPtrArray) stages = split_outside_quotes (text, FALSE);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GString) reading = g_string_new (NULL);
  const char *stage = NULL;
  const char *cmdlet;
  guint first_change = stages->len;

  for (guint i = 0; i < stages->len; i++)
    {
      g_autoptr(GPtrArray) words = split_outside_quotes (g_ptr_array_index (stages, i), TRUE);
      const char *word = words->len > 0 ? g_ptr_array_index (words, 0) : "";

      if (!is_read_only_cmdlet (word))
        {
          first_change = i;
          break;
        }
      if (reading->len > 0)
        g_string_append (reading, " | ");
      g_string_append (reading, g_ptr_array_index (stages, i));
    }

  if (first_change == stages->len)
    {
      analysis->kind = KIND_READ;
      return;
    }

  stage = g_ptr_array_index (stages, first_change);
  tokens = split_outside_quotes (stage, TRUE);
  cmdlet = g_ptr_array_index (tokens, 0);

  /* "Get-ChildItem X | Remove-Item": show what the listing part finds. */
  if (first_change > 0)
    {
      analysis->kind = KIND_OTHER;
      if (has_prefix_ci (cmdlet, "Remove-Item"))
        analysis->kind = KIND_PATH;
      else if (g_str_has_suffix (cmdlet, "-Service"))
        analysis->kind = KIND_SERVICE;
      analysis->what = g_strdup_printf (_("Run “%s” on what this lists:"), cmdlet);
      g_ptr_array_add (analysis->checks, g_strdup_printf ("%s | Out-Host", reading->str));
      return;
    }

  if (g_ascii_strcasecmp (cmdlet, "Restart-Computer") == 0)
    {
      analysis->kind = KIND_RESTART;
      return;
    }

  if (has_prefix_ci (cmdlet, "Set-ItemProperty") || has_prefix_ci (cmdlet, "New-ItemProperty") ||
      has_prefix_ci (cmdlet, "Remove-ItemProperty"))
    {
      g_autofree char *path = parameter (tokens, "Path");
      g_autofree char *name = parameter (tokens, "Name");
      g_autofree char *value = parameter (tokens, "Value");

      analysis->kind = KIND_REGISTRY;
      if (path == NULL || name == NULL)
        return;

      if (has_prefix_ci (cmdlet, "Remove-"))
        analysis->what = g_strdup_printf (_("Remove the registry value %s from %s."), name, path);
      else if (value != NULL)
        analysis->what = g_strdup_printf (_("Set the registry value %s in %s to %s."), name, path, value);
      else
        analysis->what = g_strdup_printf (_("Change the registry value %s in %s."), name, path);
      add_registry_check (analysis, path, name);
      return;
    }

  if (g_str_has_suffix (cmdlet, "-NetFirewallRule"))
    {
      static const char * const selectors[] = { "DisplayGroup", "DisplayName", "Group", "Name" };

      analysis->kind = KIND_FIREWALL;
      for (guint i = 0; i < G_N_ELEMENTS (selectors); i++)
        {
          g_autofree char *rules = parameter (tokens, selectors[i]);
          g_autofree char *quoted = NULL;
          g_autofree char *warning = NULL;
          g_autofree char *quoted_warning = NULL;

          if (rules == NULL)
            continue;

          quoted = ps_quote (rules);
          warning = g_strdup_printf (_("No firewall rules named “%s” were found on this computer (on a Windows in another "
                                       "language they have a translated name). The next line will fail: turn the rules on "
                                       "in “Windows Defender Firewall with Advanced Security” instead."), rules);
          quoted_warning = ps_quote (warning);

          if (has_prefix_ci (cmdlet, "Enable-"))
            analysis->what = g_strdup_printf (_("Turn on the firewall rules “%s”."), rules);
          else if (has_prefix_ci (cmdlet, "Disable-"))
            analysis->what = g_strdup_printf (_("Turn off the firewall rules “%s”."), rules);
          else
            analysis->what = g_strdup_printf (_("Change the firewall rules “%s”."), rules);

          g_ptr_array_add (analysis->checks,
                           g_strdup_printf ("if (-not (Get-NetFirewallRule -%s %s -ErrorAction SilentlyContinue)) "
                                            "{ Write-Warning %s }",
                                            selectors[i], quoted, quoted_warning));
          g_ptr_array_add (analysis->checks,
                           g_strdup_printf ("Get-NetFirewallRule -%s %s -ErrorAction SilentlyContinue | "
                                            "Select-Object -Property DisplayName, Enabled, Profile | Out-Host",
                                            selectors[i], quoted));
          break;
        }
      return;
    }

  if (g_str_has_suffix (cmdlet, "-Service"))
    {
      analyse_service (analysis, cmdlet, tokens);
      return;
    }

  if (has_prefix_ci (cmdlet, "New-Item") || has_prefix_ci (cmdlet, "Remove-Item") ||
      has_prefix_ci (cmdlet, "Rename-Item") || has_prefix_ci (cmdlet, "Move-Item"))
    {
      g_autofree char *path = parameter (tokens, "Path");
      g_autofree char *quoted = NULL;

      analysis->kind = KIND_PATH;
      if (path == NULL)
        path = positional (tokens);
      if (path == NULL)
        return;

      quoted = ps_quote (path);
      if (has_prefix_ci (cmdlet, "New-Item"))
        {
          g_autofree char *label = ps_quote (_("It exists already:"));

          analysis->what = g_strdup_printf (_("Create %s."), path);
          g_ptr_array_add (analysis->checks,
                           g_strdup_printf ("Write-Host %s (Test-Path -Path %s)", label, quoted));
        }
      else
        {
          g_autofree char *warning = g_strdup_printf (_("%s does not exist; the next line will fail."), path);
          g_autofree char *quoted_warning = ps_quote (warning);

          if (has_prefix_ci (cmdlet, "Remove-Item"))
            analysis->what = g_strdup_printf (_("Delete %s."), path);
          else
            analysis->what = g_strdup_printf (_("Rename or move %s."), path);
          g_ptr_array_add (analysis->checks,
                           g_strdup_printf ("if (-not (Test-Path -Path %s)) { Write-Warning %s }", quoted, quoted_warning));
        }
      return;
    }

  analysis->kind = KIND_OTHER;
}

/* How a command becomes a script line. */
static char *
script_line (const char *shell,
             const char *text)
{
  if (g_str_equal (shell, "cmd") || !looks_like_powershell (text))
    return g_strdup_printf ("cmd.exe /c --%% %s", text);

  return g_strdup (text);
}

static gboolean
is_native_line (const char *line)
{
  return g_str_has_prefix (line, "cmd.exe /c --% ");
}

/* ---- collecting the remedies ------------------------------------------ */

typedef struct
{
  GPtrArray *remedies;    /* RdRemedy*, borrowed from the report */
  GPtrArray *titles;      /* const char*: titles of causes with host remedies */
} HostRemedies;

static void
collect (RdReport     *report,
         HostRemedies *host)
{
  GPtrArray *causes = rd_report_get_causes (report);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  host->remedies = g_ptr_array_new ();
  host->titles = g_ptr_array_new ();

  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);
      gboolean any = FALSE;

      for (guint j = 0; cause->remedies != NULL && j < cause->remedies->len; j++)
        {
          RdRemedy *remedy = g_ptr_array_index (cause->remedies, j);

          if (remedy->side != RD_SIDE_HOST)
            continue;
          any = TRUE;

          /* The same remedy (say, restarting the service) serves several
           * causes; doing it once is enough. */
          if (g_hash_table_contains (seen, remedy->id))
            continue;
          g_hash_table_add (seen, remedy->id);
          g_ptr_array_add (host->remedies, remedy);
        }

      if (any && cause->title != NULL)
        g_ptr_array_add (host->titles, cause->title);
    }
}

static void
host_remedies_clear (HostRemedies *host)
{
  g_clear_pointer (&host->remedies, g_ptr_array_unref);
  g_clear_pointer (&host->titles, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HostRemedies, host_remedies_clear)

static gboolean
is_runnable_shell (const char *shell)
{
  return g_str_equal (shell, "powershell") || g_str_equal (shell, "cmd") || g_str_equal (shell, "reg");
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

static void
append_command (GString    *out,
                const char *shell,
                const char *text,
                GPtrArray  *restarts)
{
  g_auto(Analysis) analysis = { 0 };
  g_autofree char *line = script_line (shell, text);

  analysis.checks = g_ptr_array_new_with_free_func (g_free);
  if (is_native_line (line))
    analyse_cmd (&analysis, text);
  else
    analyse_powershell (&analysis, text);

  if (analysis.kind == KIND_RESTART)
    {
      g_ptr_array_add (restarts, g_steal_pointer (&line));
      return;
    }

  g_string_append_c (out, '\n');

  if (analysis.kind == KIND_READ)
    {
      append_comment (out, "", _("Shows the current state; changes nothing."));
      /* After --% the rest of the line goes to cmd.exe as it is. */
      if (is_native_line (line))
        g_string_append_printf (out, "%s\n", line);
      else
        g_string_append_printf (out, "%s | Out-Host\n", line);
      return;
    }

  if (analysis.what == NULL)
    analysis.what = g_strdup_printf (_("Run: %s"), text);

  append_comment (out, "", analysis.what);
  append_write_host (out, analysis.what);
  for (guint i = 0; i < analysis.checks->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (analysis.checks, i));
  g_string_append_printf (out, "%s\n", line);

  /* $ErrorActionPreference does not cover programs' exit codes. */
  if (is_native_line (line))
    {
      g_autofree char *failed = ps_quote (_("This command failed, so the script stopped. Exit code:"));

      g_string_append_printf (out, "if ($LASTEXITCODE -ne 0) { throw (%s + ' ' + $LASTEXITCODE) }\n", failed);
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
append_remedy (GString   *out,
               RdRemedy  *remedy,
               GPtrArray *restarts)
{
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean any_change = FALSE;

  g_string_append (out, "\n");
  append_comment (out, "--- ", remedy->title);
  for (guint i = 0; remedy->steps != NULL && i < remedy->steps->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u. ", i + 1);

      append_comment (out, prefix, g_ptr_array_index (remedy->steps, i));
    }

  for (guint i = 0; remedy->commands != NULL && i < remedy->commands->len; i++)
    {
      RdCommand *command = g_ptr_array_index (remedy->commands, i);

      if (is_runnable_shell (command->shell))
        {
          append_command (body, command->shell, command->text, restarts);
          any_change = TRUE;
        }
      else if (!g_str_equal (command->shell, "undo"))
        {
          g_autofree char *note = g_strdup_printf (_("Not run here (meant for “%s”): %s"), command->shell, command->text);

          g_string_append (body, "\n");
          append_comment (body, "", note);
        }
    }

  if (!any_change)
    {
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
          RdRemedy *remedy = g_ptr_array_index (host->remedies, i);
          gboolean any = FALSE;

          if ((pass == 0) != (remedy->lowers_security != FALSE))
            continue;

          for (guint j = 0; remedy->commands != NULL && j < remedy->commands->len; j++)
            {
              RdCommand *command = g_ptr_array_index (remedy->commands, j);
              g_autofree char *line = NULL;

              if (!g_str_equal (command->shell, "undo"))
                continue;

              if (!any)
                {
                  g_string_append (out, "#\n");
                  append_comment (out, "", remedy->title);
                }
              any = TRUE;
              line = script_line ("undo", command->text);
              g_string_append_printf (out, "# %s\n", line);
            }

          if (!any && remedy->lowers_security)
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
    append_remedy (out, g_ptr_array_index (host.remedies, i), restarts);

  /* A restart in the middle would cut the rest of the script off. */
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
      RdRemedy *remedy = g_ptr_array_index (host.remedies, i);
      gboolean header = FALSE;

      g_string_append_printf (out, "\n%u. %s\n", i + 1, remedy->title);
      if (remedy->lowers_security)
        g_string_append_printf (out, "   %s\n", _("This lowers security: undo it as soon as the test is over."));

      for (guint j = 0; remedy->steps != NULL && j < remedy->steps->len; j++)
        g_string_append_printf (out, "   %u) %s\n", j + 1, (const char *) g_ptr_array_index (remedy->steps, j));

      for (guint j = 0; remedy->commands != NULL && j < remedy->commands->len; j++)
        {
          RdCommand *command = g_ptr_array_index (remedy->commands, j);

          if (!is_runnable_shell (command->shell))
            continue;
          if (!header)
            g_string_append_printf (out, "   %s\n", _("Or in PowerShell as administrator:"));
          header = TRUE;
          g_string_append_printf (out, "      %s\n", command->text);
        }

      header = FALSE;
      for (guint j = 0; remedy->commands != NULL && j < remedy->commands->len; j++)
        {
          RdCommand *command = g_ptr_array_index (remedy->commands, j);

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
