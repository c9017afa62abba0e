/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-host-script.h"
#include "rd-report.h"
#include "rd-unit-util.h"

/*
 * Structural checks of the generated PowerShell (pwsh is not available to
 * run it). The rules, as rd-host-script.h states them:
 * - the script has "#Requires -RunAsAdministrator" and
 *   "$ErrorActionPreference = 'Stop'";
 * - each remedy with something to run is asked for first: its commands are
 *   inside "if (Confirm-Fix 'TITLE')" (the remedies are alternatives);
 * - every command of a host remedy is in a block of its own (blocks are
 *   separated by blank lines), preceded in that block by a "# " comment;
 * - pre-check: a command that changes something is preceded in its block by
 *   a Write-Host line announcing it, and by a read of the current state
 *   fitting the change: Get-ItemProperty for a registry value,
 *   Get-NetFirewallRule with a Write-Warning for firewall rules,
 *   Get-Service for a service, Test-Path or a listing piped to Out-Host for
 *   files and certificates. A command without a pre-check may only be one
 *   that reads (run as "COMMAND | Out-Host") and contains no changing verb;
 * - remedies that lower security show a Write-Warning before that
 *   question;
 * - every undo command is in the UNDO section, commented out, and nowhere
 *   else as code; each remedy that lowers security has its undo there;
 * - quotes close on every code line; parentheses and braces balance over
 *   the script and never close more than is open.
 */

/* Findings as the checks would write them, from a few words of JSON. */
#define make_finding rd_test_finding_new

/* A report from (check, status, evidence) triples, ended by NULL. */
static RdReport *
make_report (const char *target_text,
             ...)
{
  g_autoptr(RdTarget) target = rd_target_parse (target_text, NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  const char *check;
  va_list args;

  g_assert_nonnull (target);
  va_start (args, target_text);
  while ((check = va_arg (args, const char *)) != NULL)
    {
      RdStatus status = va_arg (args, RdStatus);
      const char *evidence = va_arg (args, const char *);

      g_ptr_array_add (findings, make_finding (check, status, evidence));
    }
  va_end (args);

  return rd_report_new (target, findings);
}

#define CONNECTED "{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"

static RdReport *
scenario (guint index)
{
  switch (index)
    {
    case 0:  /* certificate missing: Remove-Item pipeline, Rename-Item, icacls, restart */
      return make_report ("pc01.example.test", "negotiate", RD_STATUS_FAIL,
                          "{\"outcome\": \"failure\", \"failure_code\": 3}", NULL);
    case 1:  /* NLA required: a remedy that lowers security, with its undo */
      return make_report ("192.0.2.1", "negotiate", RD_STATUS_FAIL,
                          "{\"outcome\": \"failure\", \"failure_code\": 5}", NULL);
    case 2:  /* listener drops: REG ADD with undo, services */
      return make_report ("192.0.2.1", "negotiate", RD_STATUS_FAIL, "{\"outcome\": \"closed\"}", NULL);
    case 3:  /* filtered: firewall group, Set-ItemProperty, Start-Service */
      return make_report ("[2001:db8::5]:3390", "tcp", RD_STATUS_FAIL,
                          "{\"addresses\": [{\"address\": \"2001:db8::5\", \"family\": \"ipv6\", \"state\": \"filtered\"}]}",
                          NULL);
    case 4:  /* UDP: firewall rule by display name */
      return make_report ("192.0.2.1", "udp", RD_STATUS_WARN, "{\"outcome\": \"silent\"}",
                          "tcp", RD_STATUS_PASS, CONNECTED, NULL);
    case 5:  /* old TLS: New-Item, Set-ItemProperty -Type, Restart-Computer */
      return make_report ("192.0.2.1", "tls", RD_STATUS_FAIL, "{\"outcome\": \"alert-received\"}", NULL);
    case 6:  /* RDP security layer only: Remove-ItemProperty */
      return make_report ("192.0.2.1", "negotiate", RD_STATUS_FAIL,
                          "{\"outcome\": \"failure\", \"failure_code\": 2}", NULL);
    case 7:  /* several causes at once: shared remedies only once */
      return make_report ("pc01.example.test",
                          "negotiate", RD_STATUS_FAIL, "{\"outcome\": \"failure\", \"failure_code\": 3}",
                          "udp", RD_STATUS_WARN, "{\"outcome\": \"silent\"}",
                          "tcp", RD_STATUS_PASS, CONNECTED,
                          "tls", RD_STATUS_FAIL, "{\"outcome\": \"reset\"}",
                          NULL);
    default:
      return NULL;
    }
}

#define N_SCENARIOS 8

/* ---- reading the script back ------------------------------------------ */

static gboolean
is_comment (const char *line)
{
  return line[0] == '#';
}

static char *
expected_line (const RdCommand *command)
{
  if (g_str_equal (command->shell, "cmd"))
    return g_strdup_printf ("cmd.exe /c --%% %s", command->text);
  return g_strdup (command->text);
}

static gboolean
changes_something (const char *text)
{
  static const char * const verbs[] = {
    "Set-", "Remove-", "Enable-", "Disable-", "Start-", "Stop-", "Restart-", "New-", "Rename-",
    "REG ADD", "REG DELETE", "/grant", "/resync",
  };

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strstr (text, verbs[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
is_single_quote (gunichar c)
{
  return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B;
}

static gboolean
is_double_quote (gunichar c)
{
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E;
}

/* Quotes closed and brackets balanced on one code line, the way PowerShell
 * reads quotes (typographic ones count too; '' inside '' is a quote). */
static int parens, braces;

static void
assert_balanced (const char *line)
{
  gunichar quote = 0;
  const char *stop = strstr (line, "--% ");

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (quote == '\'')
        {
          if (is_single_quote (c))
            {
              const char *next = g_utf8_next_char (p);

              if (is_single_quote (g_utf8_get_char (next)))
                p = next;
              else
                quote = 0;
            }
          continue;
        }
      if (quote == '"')
        {
          if (c == '`')
            p = g_utf8_next_char (p);
          else if (is_double_quote (c))
            quote = 0;
          continue;
        }

      /* After the stop-parsing token only quotes matter. */
      if (stop != NULL && p >= stop + 4)
        {
          if (c == '"')
            quote = '"';
          continue;
        }

      if (is_single_quote (c))
        quote = '\'';
      else if (is_double_quote (c))
        quote = '"';
      else if (c == '(')
        parens++;
      else if (c == ')')
        parens--;
      else if (c == '{')
        braces++;
      else if (c == '}')
        braces--;

      if (parens < 0 || braces < 0)
        g_error ("closing bracket without opening one in: %s", line);
    }

  if (quote != 0)
    g_error ("unclosed quote in: %s", line);
}

typedef struct
{
  char  *script;   /* with the indentation of each line removed */
  char **blocks;   /* body split at blank lines, before the UNDO section */
  char  *undo;     /* the UNDO section */
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->script, g_free);
  g_clear_pointer (&parsed->blocks, g_strfreev);
  g_clear_pointer (&parsed->undo, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static void
parse_script (Parsed   *parsed,
              RdReport *report)
{
  const char *undo;
  g_auto(GStrv) lines = NULL;
  g_autofree char *body = NULL;
  g_autofree char *raw = rd_host_script_build (report);
  g_autoptr(GString) dedented = g_string_new (NULL);

  g_assert_nonnull (raw);
  g_assert_true (g_utf8_validate (raw, -1, NULL));

  parens = braces = 0;
  lines = g_strsplit (raw, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (*line == ' ')
        line++;
      if (!is_comment (line))
        assert_balanced (line);
      g_string_append (dedented, line);
      if (lines[i + 1] != NULL)
        g_string_append_c (dedented, '\n');
    }
  g_assert_cmpint (parens, ==, 0);
  g_assert_cmpint (braces, ==, 0);
  parsed->script = g_string_free (g_steal_pointer (&dedented), FALSE);

  undo = strstr (parsed->script, "\n# === UNDO ===\n");
  g_assert_nonnull (undo);
  parsed->undo = g_strdup (undo);
  body = g_strndup (parsed->script, undo - parsed->script);
  parsed->blocks = g_strsplit (body, "\n\n", -1);

  /* Nothing but comments in the UNDO section. */
  {
    g_auto(GStrv) undo_lines = g_strsplit (parsed->undo + 1, "\n", -1);

    for (guint i = 0; undo_lines[i] != NULL; i++)
      g_assert_true (undo_lines[i][0] == '\0' || is_comment (undo_lines[i]));
  }
}

/* The block holding @line as a code line, and its index in the block. */
static char **
find_block (Parsed     *parsed,
            const char *line,
            guint      *index)
{
  for (guint i = 0; parsed->blocks[i] != NULL; i++)
    {
      char **lines = g_strsplit (parsed->blocks[i], "\n", -1);

      for (guint j = 0; lines[j] != NULL; j++)
        {
          if (is_comment (lines[j]))
            continue;
          if (g_str_equal (lines[j], line) ||
              (g_str_has_prefix (lines[j], line) && g_str_equal (lines[j] + strlen (line), " | Out-Host")))
            {
              *index = j;
              return lines;
            }
        }
      g_strfreev (lines);
    }

  return NULL;
}

static gboolean
any_before (char      **lines,
            guint       index,
            const char *prefix,
            const char *contains)
{
  for (guint i = 0; i < index; i++)
    if (g_str_has_prefix (lines[i], prefix) && (contains == NULL || strstr (lines[i], contains) != NULL))
      return TRUE;
  return FALSE;
}

static void
check_command (Parsed          *parsed,
               const RdCommand *command)
{
  g_autofree char *line = expected_line (command);
  g_auto(GStrv) block = NULL;
  guint index = 0;

  block = find_block (parsed, line, &index);
  if (block == NULL)
    g_error ("command not in the script: %s", line);

  /* Every command is preceded by a comment in its block. */
  g_assert_true (any_before (block, index, "# ", NULL));

  if (!any_before (block, index, "Write-Host ", NULL))
    {
      /* Run without a pre-check: it must only read. */
      if (changes_something (command->text))
        g_error ("a change runs without a pre-check: %s", command->text);
      return;
    }

  /* Pre-check: the announcement, then the current state. */
  g_assert_true (any_before (block, index, "Write-Host ", NULL));

  if (strstr (command->text, "ItemProperty") != NULL || strstr (command->text, "REG ADD") != NULL ||
      strstr (command->text, "REG DELETE") != NULL)
    g_assert_true (any_before (block, index, "Get-ItemProperty ", NULL));
  else if (strstr (command->text, "NetFirewallRule") != NULL)
    {
      g_assert_true (any_before (block, index, "if (-not (Get-NetFirewallRule ", "Write-Warning"));
      g_assert_true (any_before (block, index, "Get-NetFirewallRule ", "Out-Host"));
    }
  else if (strstr (command->text, "Remove-Item") != NULL || strstr (command->text, "Rename-Item") != NULL)
    g_assert_true (any_before (block, index, "if (-not (Test-Path ", NULL) ||
                   any_before (block, index, "Get-ChildItem ", "| Out-Host"));
  else if (strstr (command->text, "-Service") != NULL)
    g_assert_true (any_before (block, index, "Get-Service ", "Out-Host"));
  else if (g_str_has_prefix (command->text, "New-Item"))
    g_assert_true (any_before (block, index, "Write-Host ", "Test-Path"));

  /* A program's failure stops the script like a cmdlet's. */
  if (g_str_has_prefix (line, "cmd.exe /c --% "))
    g_assert_true (block[index + 1] != NULL && g_str_has_prefix (block[index + 1], "if ($LASTEXITCODE -ne 0)"));
}

static GPtrArray *
host_remedies (RdReport *report)
{
  GPtrArray *remedies = g_ptr_array_new ();
  GPtrArray *causes = rd_report_get_causes (report);

  for (guint i = 0; i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);

      for (guint j = 0; j < cause->remedies->len; j++)
        {
          RdRemedy *remedy = g_ptr_array_index (cause->remedies, j);

          if (remedy->side == RD_SIDE_HOST)
            g_ptr_array_add (remedies, remedy);
        }
    }

  return remedies;
}

static void
check_scenario (RdReport *report)
{
  g_auto(Parsed) parsed = { 0 };
  g_autoptr(GPtrArray) remedies = host_remedies (report);
  g_autofree char *target = rd_target_to_string (rd_report_get_target (report));
  GPtrArray *causes = rd_report_get_causes (report);
  const char *restart;

  parse_script (&parsed, report);

  g_assert_true (g_str_has_prefix (parsed.script, "# "));
  g_assert_nonnull (strstr (parsed.script, "\n#Requires -RunAsAdministrator\n"));
  g_assert_nonnull (strstr (parsed.script, "\n$ErrorActionPreference = 'Stop'\n"));
  g_assert_nonnull (strstr (parsed.script, target));
  g_assert_nonnull (strstr (parsed.script, "elevated PowerShell"));

  g_assert_cmpuint (remedies->len, >, 0);
  for (guint i = 0; i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);

      for (guint j = 0; j < cause->remedies->len; j++)
        if (((RdRemedy *) g_ptr_array_index (cause->remedies, j))->side == RD_SIDE_HOST)
          {
            g_assert_nonnull (strstr (parsed.script, cause->title));
            break;
          }
    }

  for (guint i = 0; i < remedies->len; i++)
    {
      RdRemedy *remedy = g_ptr_array_index (remedies, i);
      g_autofree char *banner = g_strdup_printf ("\n# --- %s\n", remedy->title);
      const char *start = strstr (parsed.script, banner);
      gboolean has_undo = FALSE;
      gboolean runs = FALSE;

      g_assert_nonnull (start);
      /* The same remedy for several causes appears once. */
      g_assert_null (strstr (start + 1, banner));

      for (guint j = 0; j < remedy->steps->len; j++)
        g_assert_nonnull (strstr (parsed.script, g_ptr_array_index (remedy->steps, j)));

      for (guint j = 0; j < remedy->commands->len; j++)
        {
          RdCommand *command = g_ptr_array_index (remedy->commands, j);

          if (g_str_equal (command->shell, "undo"))
            {
              g_autofree char *line = g_str_has_prefix (command->text, "REG ")
                ? g_strdup_printf ("# cmd.exe /c --%% %s\n", command->text)
                : g_strdup_printf ("# %s\n", command->text);
              g_autofree char *as_code = g_strdup_printf ("\n%s", line + 2);

              g_assert_nonnull (strstr (parsed.undo, line));
              g_assert_null (strstr (parsed.script, as_code));
              has_undo = TRUE;
            }
          else if (g_str_equal (command->shell, "powershell") || g_str_equal (command->shell, "cmd"))
            {
              check_command (&parsed, command);
              runs = TRUE;
            }
        }

      /* Asked for before anything runs; warned first if it lowers security. */
      {
        g_autofree char *gate = NULL;
        g_autofree char *quoted = g_strdup (remedy->title);
        const char *next = strstr (start + 1, "\n# --- ");
        const char *asked;

        if (runs && strchr (quoted, '\'') == NULL)
          {
            gate = g_strdup_printf ("\nif (Confirm-Fix '%s')\n{\n", remedy->title);
            asked = strstr (start, gate);
            g_assert_nonnull (asked);
            g_assert_true (next == NULL || asked < next);

            if (remedy->lowers_security)
              {
                const char *warning = strstr (start, "\nWrite-Warning ");

                g_assert_true (has_undo);
                g_assert_nonnull (warning);
                g_assert_true (warning < asked);
              }
          }
      }
    }

  /* At most one restart, after every other command. */
  restart = strstr (parsed.script, "\nRestart-Computer");
  if (restart != NULL)
    {
      const char *undo = strstr (parsed.script, "\n# === UNDO ===\n");

      g_assert_null (strstr (restart + 1, "\nRestart-Computer"));
      g_assert_null (strstr (restart + 1, "\nSet-"));
      g_assert_null (strstr (restart + 1, "\ncmd.exe"));
      g_assert_true (restart < undo);
    }
}

static void
test_scenarios (void)
{
  for (guint i = 0; i < N_SCENARIOS; i++)
    {
      g_autoptr(RdReport) report = scenario (i);

      g_test_message ("scenario %u", i);
      check_scenario (report);
    }
}

static void
test_specifics (void)
{
  g_autoptr(RdReport) cert = scenario (0);
  g_autoptr(RdReport) nla = scenario (1);
  g_autoptr(RdReport) filtered = scenario (3);
  g_auto(Parsed) cert_parsed = { 0 };
  g_auto(Parsed) nla_parsed = { 0 };
  g_auto(Parsed) filtered_parsed = { 0 };
  const char *cert_script, *nla_script, *filtered_script;

  parse_script (&cert_parsed, cert);
  parse_script (&nla_parsed, nla);
  parse_script (&filtered_parsed, filtered);
  cert_script = cert_parsed.script;
  nla_script = nla_parsed.script;
  filtered_script = filtered_parsed.script;

  /* The certificates are listed before they are deleted. */
  g_assert_nonnull (strstr (cert_script, "Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop' | Out-Host\n"
                                         "Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop' | Remove-Item\n"));
  g_assert_nonnull (strstr (cert_script, "if (-not (Test-Path -Path 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys'))"));

  /* The firewall pre-check as an administrator would write it. */
  g_assert_nonnull (strstr (filtered_script,
                            "if (-not (Get-NetFirewallRule -DisplayGroup 'Remote Desktop' -ErrorAction SilentlyContinue)) "
                            "{ Write-Warning '"));
  g_assert_nonnull (strstr (filtered_script,
                            "Get-ItemProperty -Path 'HKLM:\\System\\CurrentControlSet\\Control\\Terminal Server' "
                            "-Name 'fDenyTSConnections' -ErrorAction SilentlyContinue"));

  /* Lowering security: warned, confirmed, and undone in the UNDO section. */
  g_assert_nonnull (strstr (nla_script, "\nWrite-Warning '"));
  g_assert_nonnull (strstr (nla_script, "\nfunction Confirm-Fix ([string] $Title)\n{\n"));
  g_assert_nonnull (strstr (strstr (nla_script, "# === UNDO ==="),
                            "# Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' "
                            "-Name UserAuthentication -Value 1\n"));
}

static void
test_healthy (void)
{
  g_autoptr(RdReport) report = make_report ("192.0.2.1", "tcp", RD_STATUS_PASS,
                                            "{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}",
                                            NULL);
  g_auto(Parsed) parsed = { 0 };
  g_autofree char *steps = rd_host_steps_build (report);

  parse_script (&parsed, report);
  g_assert_nonnull (strstr (parsed.script, "#Requires -RunAsAdministrator"));
  g_assert_nonnull (strstr (parsed.script, "\nWrite-Host 'Nothing needs to change on this computer.'\n"));
  g_assert_null (strstr (parsed.script, "# --- "));
  g_assert_nonnull (strstr (steps, "Nothing needs to change"));
}

static void
test_quoting (void)
{
  /* A title with quotes of every kind must not end a string early. */
  g_autoptr(RdReport) report = scenario (1);
  GPtrArray *causes = rd_report_get_causes (report);
  RdCause *cause = g_ptr_array_index (causes, 0);
  g_auto(Parsed) parsed = { 0 };

  for (guint i = 0; i < cause->remedies->len; i++)
    {
      RdRemedy *remedy = g_ptr_array_index (cause->remedies, i);

      if (!remedy->lowers_security)
        continue;
      g_free (remedy->title);
      remedy->title = g_strdup ("It's ‘risky’ – \"really\" “so” {x} (y) $env:PATH `n");
    }

  parse_script (&parsed, report);
  g_assert_nonnull (strstr (parsed.script, "It''s ''risky'' – \"really\" “so” {x} (y) $env:PATH `n"));
}

static void
test_steps (void)
{
  g_autoptr(RdReport) report = scenario (7);
  g_autoptr(GPtrArray) remedies = host_remedies (report);
  g_autofree char *steps = rd_host_steps_build (report);
  g_autofree char *target = rd_target_to_string (rd_report_get_target (report));
  GPtrArray *causes = rd_report_get_causes (report);

  g_assert_true (g_utf8_validate (steps, -1, NULL));
  g_assert_nonnull (strstr (steps, target));
  g_assert_nonnull (strstr (steps, "\n1. "));
  g_assert_nonnull (strstr (steps, "   1) "));
  g_assert_nonnull (strstr (steps, "certlm.msc"));

  for (guint i = 0; i < remedies->len; i++)
    {
      RdRemedy *remedy = g_ptr_array_index (remedies, i);
      g_autofree char *heading = NULL;
      const char *found;

      found = strstr (steps, remedy->title);
      g_assert_nonnull (found);
      g_assert_true (found > steps + 3 && found[-2] == '.' && g_ascii_isdigit (found[-3]));

      for (guint j = 0; j < remedy->steps->len; j++)
        {
          heading = g_strdup_printf ("   %u) %s\n", j + 1, (const char *) g_ptr_array_index (remedy->steps, j));
          g_assert_nonnull (strstr (steps, heading));
          g_clear_pointer (&heading, g_free);
        }
    }

  /* Only what is done on the host. */
  for (guint i = 0; i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);

      for (guint j = 0; j < cause->remedies->len; j++)
        {
          RdRemedy *remedy = g_ptr_array_index (cause->remedies, j);

          if (remedy->side != RD_SIDE_HOST)
            g_assert_null (strstr (steps, remedy->title));
        }
    }
}

/* The script with its "Generated:" line left out. */
static char *
script_without_date (RdReport *report)
{
  g_autofree char *script = rd_host_script_build (report);
  char *generated = strstr (script, "\n# Generated: ");
  char *end = generated != NULL ? strchr (generated + 1, '\n') : NULL;

  g_assert_nonnull (end);
  return g_strdup_printf ("%.*s%s", (int) (generated - script), script, end);
}

static RdReport *
saved_and_loaded (RdReport *report)
{
  g_autofree char *json = rd_report_to_json_string (report);
  g_autoptr(GError) error = NULL;
  RdReport *loaded = rd_report_new_from_json_data (json, -1, &error);

  g_assert_no_error (error);
  return loaded;
}

/* A saved report has each shell's commands joined into one text; its
 * script and steps are still those of the report it was saved from. */
static void
test_saved_report (void)
{
  for (guint i = 0; i < N_SCENARIOS; i++)
    {
      g_autoptr(RdReport) report = scenario (i);
      g_autoptr(RdReport) loaded = saved_and_loaded (report);
      g_autofree char *script = script_without_date (report);
      g_autofree char *loaded_script = script_without_date (loaded);
      g_autofree char *steps = rd_host_steps_build (report);
      g_autofree char *loaded_steps = rd_host_steps_build (loaded);

      g_test_message ("scenario %u", i);
      g_assert_cmpstr (loaded_script, ==, script);
      g_assert_cmpstr (loaded_steps, ==, steps);
    }
}

/* A remedy this version does not know (a newer report) is shown, never
 * run. */
static void
test_unknown_remedy (void)
{
  g_autoptr(RdReport) report = scenario (2);
  RdCause *cause = g_ptr_array_index (rd_report_get_causes (report), 0);
  RdRemedy *remedy = rd_remedy_new ("host-from-the-future", RD_SIDE_HOST, "Do something new");
  g_auto(Parsed) parsed = { 0 };

  rd_remedy_add_step (remedy, "Follow the new steps.");
  rd_remedy_add_command (remedy, "powershell", "Set-Something -Value 1");
  rd_remedy_add_command (remedy, "undo", "Set-Something -Value 0");
  g_ptr_array_add (cause->remedies, remedy);

  parse_script (&parsed, report);
  g_assert_nonnull (strstr (parsed.script, "\n# --- Do something new\n# 1. Follow the new steps.\n"));
  g_assert_nonnull (strstr (parsed.script, "\n# Not run here (meant for “powershell”): Set-Something -Value 1\n"));
  g_assert_null (strstr (parsed.script, "\nSet-Something"));
  g_assert_null (strstr (parsed.script, "Confirm-Fix 'Do something new'"));
  g_assert_nonnull (strstr (parsed.undo, "\n# Do something new\n# Set-Something -Value 0\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-script/scenarios", test_scenarios);
  g_test_add_func ("/host-script/specifics", test_specifics);
  g_test_add_func ("/host-script/healthy", test_healthy);
  g_test_add_func ("/host-script/quoting", test_quoting);
  g_test_add_func ("/host-script/steps", test_steps);
  g_test_add_func ("/host-script/saved-report", test_saved_report);
  g_test_add_func ("/host-script/unknown-remedy", test_unknown_remedy);

  return g_test_run ();
}
