/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <glib-unix.h>
#include <openssl/crypto.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-check.h"
#include "rd-connections.h"
#include "rd-exposition.h"
#include "rd-fixes.h"
#include "rd-headless.h"
#include "rd-host-script.h"
#include "rd-plugin.h"
#include "rd-runner.h"
#include "rd-seconds.h"
#include "rd-limiter.h"
#include "rd-sweep.h"
#include "rd-watch-cli.h"

typedef struct
{
  GMainLoop      *loop;
  GCancellable   *cancellable;
  RdReport       *report;
  RdVerification *verification;
  GError         *error;
  gboolean        progress;
} Headless;

static void
on_check_started (RdRunner   *runner,
                  const char *check_id,
                  Headless   *h)
{
  const RdCheckInfo *info = rd_checks_lookup (check_id);

  if (h->progress && info != NULL)
    g_printerr ("… %s\n", _(info->title));
}

static void
on_check_finished (RdRunner  *runner,
                   RdFinding *finding,
                   Headless  *h)
{
  if (h->progress)
    g_printerr ("  [%s] %s\n", rd_status_to_string (rd_finding_get_status (finding)),
                rd_finding_get_summary (finding));
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Headless *h = user_data;

  h->report = rd_report_new_from_run (RD_RUNNER (source), result, &h->error);
  g_main_loop_quit (h->loop);
}

static void
on_verify_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Headless *h = user_data;

  h->verification = rd_fixes_verify_finish (result, &h->error);
  g_main_loop_quit (h->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Headless *h = user_data;

  g_cancellable_cancel (h->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Runs h->loop with Ctrl+C and SIGTERM cancelling what runs in it, as
 * everywhere in the terminal mode. */
static void
run_loop_interruptible (Headless *h)
{
  guint sigint_id = g_unix_signal_add (SIGINT, on_interrupt, h);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, h);

  g_main_loop_run (h->loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
}

typedef enum
{
  FIX_DONE,
  FIX_NOT_WRITTEN,
  FIX_STOPPED,
} FixOutcome;

/* A file that was asked for but could not be written: its own line on
 * stderr and a member of "fix"; the diagnosis stands as it is. */
static void
report_not_written (JsonObject   *fix,
                    const char   *member,
                    const GError *error)
{
  g_printerr ("rdp-doctor: %s\n", error->message);
  json_object_set_string_member (fix, member, error->message);
}

/* Writes the fixed connection profile and tests the fix; the outcome goes
 * into @fix (for --json) and, for a person, to stderr. */
static FixOutcome
write_profile_and_verify (Headless    *h,
                          const char  *path,
                          const char  *use_address,
                          guint        timeout_ms,
                          JsonObject  *fix)
{
  g_autofree char *address = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  RdWorkarounds workarounds = rd_fixes_suggest (h->report, &address);
  RdProfileSettings settings = { 0 };

  if (use_address != NULL)
    {
      g_free (address);
      address = g_strdup (use_address);
      workarounds |= RD_WORKAROUND_USE_ADDRESS;
    }

  settings.target = rd_report_get_target (h->report);
  settings.address = address;
  settings.workarounds = workarounds;
  if (!rd_profile_save (&settings, path, &backup, &error))
    {
      report_not_written (fix, "profile_error", error);
      return FIX_NOT_WRITTEN;
    }

  names = rd_workarounds_to_string (workarounds);
  json_object_set_string_member (fix, "profile", path);
  json_object_set_boolean_member (fix, "in_place",
                                  g_strcmp0 (path, rd_target_get_source_file (settings.target)) == 0);
  json_object_set_string_member (fix, "workarounds", names);
  if (address != NULL)
    json_object_set_string_member (fix, "address", address);
  if (backup != NULL)
    json_object_set_string_member (fix, "backup", backup);
  g_printerr (_("Wrote the connection profile “%s”."), path);
  g_printerr ("\n");
  /* The test below allows old encryption as Remmina and xfreerdp would;
   * the .rdp file itself cannot say so. */
  if ((workarounds & RD_WORKAROUND_TLS_LEGACY) &&
      rd_profile_format_for_path (path) == RD_PROFILE_FORMAT_RDP)
    {
      g_printerr ("%s", _("A .rdp file has no setting for old encryption: Microsoft's apps use the settings of Windows. For Remmina, write a .remmina profile; for xfreerdp, add /tls-seclevel:0."));
      g_printerr ("\n");
    }
  {
    g_autoptr(GPtrArray) apps = rd_fixes_find_clients ();
    RdProfileFormat format = rd_profile_format_for_path (path);

    /* Say how to open it with a Remote Desktop app installed here. */
    for (guint i = 0; i < apps->len; i++)
      {
        RdClientApp *app = g_ptr_array_index (apps, i);
        gboolean remmina = g_str_equal (app->id, "remmina");

        if (remmina != (format == RD_PROFILE_FORMAT_REMMINA))
          continue;
        g_printerr (_("Open it with %s: %s %s%s"), app->name, app->path, remmina ? "-c " : "", path);
        g_printerr ("\n");
        json_object_set_string_member (fix, "open_with", app->id);
        break;
      }
  }
  if (backup != NULL)
    {
      g_printerr (_("The previous file is kept as “%s”."), backup);
      g_printerr ("\n");
    }

  if (workarounds == 0)
    {
      json_object_set_string_member (fix, "verified", "nothing-to-fix");
      return FIX_DONE;
    }

  rd_fixes_verify_async (h->report, workarounds, address, timeout_ms, h->cancellable, on_verify_done, h);
  run_loop_interruptible (h);
  if (h->verification == NULL)
    {
      if (g_error_matches (h->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The profile is written; only its test was cut short. */
          json_object_set_string_member (fix, "verified", "stopped");
          g_printerr ("%s\n", _("Stopped."));
          g_clear_error (&h->error);
          return FIX_STOPPED;
        }
      g_printerr ("rdp-doctor: %s\n", h->error != NULL ? h->error->message : _("Internal error"));
      json_object_set_string_member (fix, "verified", "not-tested");
      g_clear_error (&h->error);
      return FIX_DONE;
    }

  json_object_set_string_member (fix, "verified", h->verification->fixed ? "fixed" : "not-fixed");
  json_object_set_string_member (fix, "after_verdict", rd_verdict_to_string (rd_report_get_verdict (h->verification->after)));
  if (rd_report_get_causes (h->verification->after)->len > 0)
    json_object_set_string_member (fix, "after_cause",
                                   ((RdCause *) g_ptr_array_index (rd_report_get_causes (h->verification->after), 0))->name);
  if (h->verification->fixed)
    g_printerr ("%s\n", _("Tested again with these settings: fixed."));
  else
    g_printerr ("%s\n", _("Tested again with these settings: not fixed."));
  return FIX_DONE;
}

static gboolean
write_host_script (RdReport   *report,
                   const char *path,
                   JsonObject *fix)
{
  g_autofree char *script = rd_host_script_build (report);
  /* Windows PowerShell 5.1 reads a file without a byte order mark in the
   * local code page. */
  g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", script, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (with_bom, strlen (with_bom));
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;

  if (!rd_profile_write_file (path, bytes, &backup, &error))
    {
      report_not_written (fix, "host_script_error", error);
      return FALSE;
    }
  json_object_set_string_member (fix, "host_script", path);
  g_printerr (_("Wrote the script for the administrator of the computer: “%s”."), path);
  g_printerr ("\n");
  return TRUE;
}

/* `--plugin`: every outcome is one line on standard output, bad arguments
 * included (UNKNOWN, exit 3). Set before the options are read. */
static gboolean plugin_mode;

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  if (plugin_mode)
    return rd_plugin_print_unknown (message);
  g_printerr ("rdp-doctor: %s\n", message);
  g_printerr (_("Run “%s --help” to see how to use it."), "rdp-doctor --headless");
  g_printerr ("\n");
  return RD_EXIT_USAGE;
}

/* The range --timeout takes, in milliseconds: below a tenth of a second
 * every step would time out and be reported as the computer's fault. */
#define RD_TIMEOUT_MIN_MS 100
#define RD_TIMEOUT_MAX_MS (600 * 1000)

static gboolean
parse_timeout (const char  *text,
               guint       *timeout_ms,
               GError     **error)
{
  g_autofree char *shown = NULL;

  if (rd_parse_seconds (text, RD_TIMEOUT_MIN_MS, RD_TIMEOUT_MAX_MS, timeout_ms))
    return TRUE;
  shown = rd_target_redact_input (text);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("The timeout “%s” is not a number of seconds from 0.1 to 600 (for example 5 or 2.5)."),
               shown);
  return FALSE;
}

/* A positional argument ending in .rdp or .remmina is read as a file, so
 * `rdp-doctor --headless work.rdp` does what a person expects. */
static gboolean
looks_like_connection_file (const char *arg)
{
  gsize len = strlen (arg);

  return (len > 4 && g_ascii_strcasecmp (arg + len - 4, ".rdp") == 0) ||
         (len > 8 && g_ascii_strcasecmp (arg + len - 8, ".remmina") == 0);
}

/**
 * rd_headless_version:
 *
 * Returns: (transfer full): the program's version and its libraries', one
 *   per line (the wizard adds GTK's and libadwaita's).
 */
char *
rd_headless_version (void)
{
  return g_strdup_printf ("rdp-doctor %s\n"
                          "GLib %u.%u.%u\n"
                          "json-glib %s\n"
                          "%s\n",
                          PACKAGE_VERSION,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          JSON_VERSION_S,
                          OpenSSL_version (OPENSSL_VERSION));
}

/* An existing .json file: a saved report to print, not a computer. */
static gboolean
is_saved_report (const char *arg)
{
  gsize len = strlen (arg);

  return len > 5 && g_ascii_strcasecmp (arg + len - 5, ".json") == 0 &&
         g_file_test (arg, G_FILE_TEST_IS_REGULAR);
}

/* `rdp-doctor --headless REPORT.json`: the report as it was saved, in
 * text or JSON, without running anything; the exit code as when it ran. */
static int
print_saved_report (GOptionContext *context,
                    const char     *path,
                    gboolean        json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RdReport) report = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error) ||
      (report = rd_report_new_from_json_data (contents, length, &error)) == NULL)
    return usage_error (context, error->message);

  text = json ? rd_report_to_json_string (report) : rd_report_to_text (report);
  g_print ("%s%s", text, json ? "\n" : "");
  return rd_report_get_verdict (report) == RD_VERDICT_HEALTHY ? RD_EXIT_HEALTHY : RD_EXIT_CAUSE;
}

/* --per-address N: connects to one address at once, 0 for no bound. */
static gboolean
parse_per_address (const char  *text,
                   guint       *per_address,
                   GError     **error)
{
  guint64 value;
  g_autofree char *shown = NULL;

  if (rd_parse_whole_number (text, 0, RD_LIMITER_MAX_PER_ADDRESS, &value))
    {
      *per_address = (guint) value;
      return TRUE;
    }
  shown = rd_target_redact_input (text);
  /* Translators: %d is the most allowed, %s what was given */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--per-address takes a number from 0 (no bound) to %d, not “%s”."),
               RD_LIMITER_MAX_PER_ADDRESS, shown);
  return FALSE;
}

/* --hosts-file: checks what can be checked of the other options first. */
static int
sweep_main (GOptionContext *context,
            const char     *hosts_file,
            const char     *jobs_text,
            const char     *per_address_text,
            gboolean        has_computer,
            gboolean        has_fix,
            const char     *port_text,
            const char     *timeout_text,
            gboolean        json)
{
  g_autoptr(GError) error = NULL;
  guint timeout_ms = RD_DEFAULT_TIMEOUT_MS;
  guint64 jobs = RD_SWEEP_DEFAULT_JOBS;
  guint per_address = RD_LIMITER_DEFAULT_PER_ADDRESS;
  guint16 port = RD_DEFAULT_PORT;

  if (has_computer)
    return usage_error (context, _("Give either a computer or --hosts-file, not both."));
  if (has_fix)
    return usage_error (context, _("--write-profile, --fix-in-place, --use-address and --host-script take one computer, not --hosts-file."));
  if (jobs_text != NULL &&
      !rd_parse_whole_number (jobs_text, 1, RD_SWEEP_MAX_JOBS, &jobs))
    {
      g_autofree char *message = NULL;
      g_autofree char *shown = rd_target_redact_input (jobs_text);

      /* Translators: %s is what was given, %d the most allowed */
      message = g_strdup_printf (_("--jobs takes a number from 1 to %d, not “%s”."),
                                 RD_SWEEP_MAX_JOBS, shown);
      return usage_error (context, message);
    }
  if (per_address_text != NULL && !parse_per_address (per_address_text, &per_address, &error))
    return usage_error (context, error->message);
  if (timeout_text != NULL && !parse_timeout (timeout_text, &timeout_ms, &error))
    return usage_error (context, error->message);
  if (port_text != NULL && !rd_target_parse_port (port_text, &port, &error))
    return usage_error (context, error->message);

  return rd_sweep_main (hosts_file, jobs, per_address, timeout_ms, port_text != NULL, port, json);
}

void
rd_setup_locale (void)
{
  const char *dir = g_getenv ("RDP_DOCTOR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* What the command line said. */
typedef struct
{
  gboolean  json;
  char     *port_text;
  char     *timeout_text;
  char     *file;
  char     *profile_path;
  char     *use_address;
  char     *script_path;
  char     *undo_path;
  gboolean  fix_in_place;
  char     *hosts_file;
  char     *jobs_text;
  char     *per_address_text;
  char     *connection;
  gboolean  list_connections;
  char    **rest;
  guint     timeout_ms;
  gboolean  plugin;
  char     *warning_text;
  char     *critical_text;
  gboolean  watch;
  char     *interval_text;
  char     *count_text;
  char     *textfile_dir;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->port_text);
  g_free (o->timeout_text);
  g_free (o->file);
  g_free (o->profile_path);
  g_free (o->use_address);
  g_free (o->script_path);
  g_free (o->undo_path);
  g_free (o->hosts_file);
  g_free (o->jobs_text);
  g_free (o->per_address_text);
  g_free (o->connection);
  g_free (o->warning_text);
  g_free (o->critical_text);
  g_free (o->interval_text);
  g_free (o->count_text);
  g_free (o->textfile_dir);
  g_strfreev (o->rest);
}

/* The options of the modes, to say which go together: port and timeout
 * go with every mode and are not among them. */
typedef enum
{
  GIVEN_JSON         = 1 << 0,
  GIVEN_FILE         = 1 << 1,
  GIVEN_HOSTS_FILE   = 1 << 2,
  GIVEN_JOBS         = 1 << 3,
  GIVEN_PER_ADDRESS  = 1 << 4,
  GIVEN_PROFILE      = 1 << 5,
  GIVEN_FIX_IN_PLACE = 1 << 6,
  GIVEN_UNDO         = 1 << 7,
  GIVEN_USE_ADDRESS  = 1 << 8,
  GIVEN_HOST_SCRIPT  = 1 << 9,
  GIVEN_CONNECTIONS  = 1 << 10,
  GIVEN_CONNECTION   = 1 << 11,
  GIVEN_PLUGIN       = 1 << 12,
  GIVEN_WARNING      = 1 << 13,
  GIVEN_CRITICAL     = 1 << 14,
  GIVEN_WATCH        = 1 << 15,
  GIVEN_INTERVAL     = 1 << 16,
  GIVEN_COUNT        = 1 << 17,
  GIVEN_TEXTFILE     = 1 << 18,
} Given;

static Given
options_given (const Options *o)
{
  const struct { gboolean set; Given bit; } all[] = {
    { o->json, GIVEN_JSON },
    { o->file != NULL, GIVEN_FILE },
    { o->hosts_file != NULL, GIVEN_HOSTS_FILE },
    { o->jobs_text != NULL, GIVEN_JOBS },
    { o->per_address_text != NULL, GIVEN_PER_ADDRESS },
    { o->profile_path != NULL, GIVEN_PROFILE },
    { o->fix_in_place, GIVEN_FIX_IN_PLACE },
    { o->undo_path != NULL, GIVEN_UNDO },
    { o->use_address != NULL, GIVEN_USE_ADDRESS },
    { o->script_path != NULL, GIVEN_HOST_SCRIPT },
    { o->list_connections, GIVEN_CONNECTIONS },
    { o->connection != NULL, GIVEN_CONNECTION },
    { o->plugin, GIVEN_PLUGIN },
    { o->warning_text != NULL, GIVEN_WARNING },
    { o->critical_text != NULL, GIVEN_CRITICAL },
    { o->watch, GIVEN_WATCH },
    { o->interval_text != NULL, GIVEN_INTERVAL },
    { o->count_text != NULL, GIVEN_COUNT },
    { o->textfile_dir != NULL, GIVEN_TEXTFILE },
  };
  Given given = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i].set)
      given |= all[i].bit;
  return given;
}

/* Where files are to be written, before any check runs: a FIFO or a
 * folder there is refused now, not after the checks. -1 when they pass. */
static int
check_destinations (GOptionContext *context,
                    Options        *o)
{
  g_autoptr(GError) error = NULL;

  if (o->profile_path != NULL && rd_profile_format_for_path (o->profile_path) == RD_PROFILE_FORMAT_UNKNOWN)
    return usage_error (context, _("The profile must end in .rdp (Microsoft's apps) or .remmina (Remmina)."));
  if (o->profile_path != NULL && !rd_profile_check_destination (o->profile_path, &error))
    return usage_error (context, error->message);
  if (o->script_path != NULL && !rd_profile_check_destination (o->script_path, &error))
    return usage_error (context, error->message);
  return -1;
}

/* --fix-in-place: the profile to fix is the one the computer was read
 * from (--file, a .rdp or .remmina argument, or a saved connection). */
static int
choose_profile_in_place (GOptionContext *context,
                         Options        *o,
                         RdTarget       *target)
{
  const char *source = rd_target_get_source_file (target);

  if (!o->fix_in_place)
    return -1;
  if (source == NULL || rd_profile_format_for_path (source) == RD_PROFILE_FORMAT_UNKNOWN)
    return usage_error (context, _("--fix-in-place fixes the .rdp file or Remmina profile the computer was read from: give one with --file."));
  o->profile_path = g_strdup (source);
  return check_destinations (context, o);
}

/* --undo-profile FILE: the newest backup back in place. */
static int
undo_profile (GOptionContext *context,
              const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *restored_from = NULL;

  if (!rd_profile_undo (path, &restored_from, &error))
    return usage_error (context, error->message);
  /* Translators: %1$s is the profile, %2$s the backup it came back from */
  g_printerr (_("“%1$s” is back as it was before the fix (from “%2$s”)."), path, restored_from);
  g_printerr ("\n");
  return RD_EXIT_HEALTHY;
}

/* The checks of the options that need no computer; -1 when they pass. */
static int
check_fix_options (GOptionContext *context,
                   Options        *o)
{
  g_autoptr(GError) error = NULL;

  if (o->timeout_text != NULL && !parse_timeout (o->timeout_text, &o->timeout_ms, &error))
    return usage_error (context, error->message);
  if (o->use_address != NULL && o->profile_path == NULL && !o->fix_in_place)
    return usage_error (context, _("--use-address goes with --write-profile or --fix-in-place."));
  if (o->fix_in_place && o->profile_path != NULL)
    return usage_error (context, _("Give either --fix-in-place or --write-profile, not both."));
  if (o->use_address != NULL)
    {
      g_autoptr(RdTarget) check = rd_target_parse (o->use_address, &error);

      if (check == NULL)
        return usage_error (context, error->message);
      if (rd_target_get_kind (check) == RD_TARGET_KIND_NAME || rd_target_get_port_explicit (check))
        return usage_error (context, _("--use-address takes an IP address, for example 192.0.2.10."));
    }
  return check_destinations (context, o);
}

/* A file:// link names a local connection file. Returns FALSE with @message
 * set for a link this computer cannot read. */
static gboolean
file_from_uri (const char  *uri,
               char       **file,
               char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri_host = NULL;
  g_autofree char *shown = rd_target_redact_input (uri);

  *file = g_filename_from_uri (uri, &uri_host, &error);
  if (*file == NULL)
    {
      /* GLib's message quotes the link, password and all. */
      GString *text = g_string_new (error->message);

      g_string_replace (text, uri, shown, 0);
      *message = g_string_free (text, FALSE);
      return FALSE;
    }
  /* file://host/path names a file on another computer: reading the local
   * path of the same name would check the wrong connection. */
  if (uri_host != NULL && g_ascii_strcasecmp (uri_host, "localhost") != 0 &&
      g_strcmp0 (uri_host, g_get_host_name ()) != 0)
    {
      g_clear_pointer (file, g_free);
      *message = g_strdup_printf (_("The link “%s” names a file on another computer (%s). "
                                    "Copy the file to this computer and give its name."),
                                  shown, uri_host);
      return FALSE;
    }
  return TRUE;
}

/* The computer to check: given, or read from a connection file, with
 * --port applied. NULL with @error set. */
static RdTarget *
target_from_options (Options  *o,
                     GError  **error)
{
  g_autoptr(RdTarget) target = NULL;
  guint16 port;

  if (o->file == NULL && g_ascii_strncasecmp (o->rest[0], "file://", 7) == 0)
    {
      g_autofree char *message = NULL;

      if (!file_from_uri (o->rest[0], &o->file, &message))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
          return NULL;
        }
    }
  if (o->file == NULL && looks_like_connection_file (o->rest[0]))
    o->file = g_strdup (o->rest[0]);

  if (o->file != NULL)
    target = rd_target_new_from_file (o->file, error);
  else
    target = rd_target_parse (o->rest[0], error);
  if (target == NULL)
    return NULL;

  if (o->port_text == NULL)
    return g_steal_pointer (&target);
  if (!rd_target_parse_port (o->port_text, &port, error))
    return NULL;
  /* Two different ports: which one the person meant is a guess. */
  if (rd_target_get_port_explicit (target) && rd_target_get_port (target) != port)
    {
      if (o->file != NULL)
        {
          g_autofree char *name = g_filename_display_name (o->file);

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The connection file “%s” says port %u, but --port says %u. "
                         "Give the port once, or the same port in both places."),
                       name, (guint) rd_target_get_port (target), (guint) port);
        }
      else
        {
          g_autofree char *shown = rd_target_redact_input (o->rest[0]);

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” says port %u, but --port says %u. Give the port once, "
                         "or the same port in both places."),
                       shown, (guint) rd_target_get_port (target), (guint) port);
        }
      return NULL;
    }
  return rd_target_copy_with_port (target, port);
}

/* Runs every check on @target in h->loop, Ctrl+C and SIGTERM stopping it;
 * -1 with h->report set, else the exit code. */
static int
run_checks (Headless *h,
            RdTarget *target,
            guint     timeout_ms)
{
  g_autoptr(RdRunner) runner = rd_runner_new (target);

  h->progress = isatty (STDERR_FILENO);
  rd_runner_set_timeout (runner, timeout_ms);
  g_signal_connect (runner, "check-started", G_CALLBACK (on_check_started), h);
  g_signal_connect (runner, "check-finished", G_CALLBACK (on_check_finished), h);

  rd_runner_run_async (runner, h->cancellable, on_run_done, h);
  run_loop_interruptible (h);

  if (h->report != NULL)
    return -1;
  if (g_error_matches (h->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("%s\n", _("Stopped."));
      g_clear_error (&h->error);
      return RD_EXIT_STOPPED;
    }
  g_printerr ("rdp-doctor: %s\n", h->error != NULL ? h->error->message : _("Internal error"));
  g_clear_error (&h->error);
  return RD_EXIT_INTERNAL;
}

/* Writes what --host-script and --write-profile asked for, then prints the
 * report (with what was written under "fix"); returns the exit code. */
static int
finish_report (Headless *h,
               Options  *o)
{
  g_autoptr(JsonNode) root = rd_report_to_json (h->report);
  g_autoptr(JsonObject) fix = json_object_new ();
  int status = rd_report_get_verdict (h->report) == RD_VERDICT_HEALTHY ? RD_EXIT_HEALTHY : RD_EXIT_CAUSE;

  /* A file that could not be written is said on its own line and in
   * "fix"; the exit code stays the diagnosis' (README, "Exit codes"). */
  if (o->script_path != NULL)
    write_host_script (h->report, o->script_path, fix);
  if (o->profile_path != NULL &&
      write_profile_and_verify (h, o->profile_path, o->use_address, o->timeout_ms, fix) == FIX_STOPPED)
    status = RD_EXIT_STOPPED;
  /* A profile that was tested and works: the person can connect now. */
  if (h->verification != NULL && h->verification->fixed)
    status = RD_EXIT_HEALTHY;

  if (json_object_get_size (fix) > 0)
    json_object_set_object_member (json_node_get_object (root), "fix", json_object_ref (fix));

  if (o->json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = rd_report_to_text (h->report);
      g_print ("%s", text);
    }
  return status;
}

/* The saved connections, the warnings for the files skipped on stderr. */
static GPtrArray *
find_connections (void)
{
  g_autoptr(GPtrArray) warnings = NULL;
  GPtrArray *connections = rd_saved_connections_find (NULL, &warnings);

  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("rdp-doctor: %s\n", (const char *) g_ptr_array_index (warnings, i));
  return connections;
}

/* --connections: one line each (source, name, computer), or a JSON array. */
static int
list_connections (gboolean json)
{
  g_autoptr(GPtrArray) connections = find_connections ();
  glong width = 0;

  if (json)
    {
      g_autoptr(JsonNode) root = rd_saved_connections_to_json (connections);
      g_autofree char *text = json_to_string (root, TRUE);

      g_print ("%s\n", text);
      return RD_EXIT_HEALTHY;
    }
  if (connections->len == 0)
    {
      g_printerr ("%s\n", _("No saved Remote Desktop connections were found (Remmina, GNOME Connections, recently opened .rdp files)."));
      return RD_EXIT_HEALTHY;
    }

  for (guint i = 0; i < connections->len; i++)
    {
      const RdSavedConnection *connection = g_ptr_array_index (connections, i);

      width = MAX (width, MIN (g_utf8_strlen (connection->name, -1), 40));
    }
  for (guint i = 0; i < connections->len; i++)
    {
      const RdSavedConnection *connection = g_ptr_array_index (connections, i);
      g_autofree char *target = rd_saved_connection_get_target_text (connection);
      glong pad = width - g_utf8_strlen (connection->name, -1);

      g_print ("%-17s  %s%*s  %s\n", rd_saved_source_to_string (connection->source),
               connection->name, (int) MAX (pad, 0), "", target);
    }
  return RD_EXIT_HEALTHY;
}

static void
print_candidates (GPtrArray *candidates)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      const RdSavedConnection *connection = g_ptr_array_index (candidates, i);
      g_autofree char *target = rd_saved_connection_get_target_text (connection);

      /* Translators: a saved connection's name, the app it is saved in, its computer */
      g_printerr (_("  “%s” (%s, %s)"), connection->name,
                  rd_saved_source_get_app_name (connection->source), target);
      g_printerr ("\n");
    }
}

/* --connection NAME: the saved connection's file becomes --file (the
 * computer of a GNOME Connections entry the computer given), so that it is
 * checked exactly as its app connects. -1 when found, else the exit code. */
static int
resolve_connection (Options *o)
{
  g_autoptr(GPtrArray) connections = find_connections ();
  g_autoptr(GPtrArray) candidates = NULL;
  const RdSavedConnection *connection;
  gboolean ambiguous = FALSE;

  connection = rd_saved_connections_lookup (connections, o->connection, &ambiguous, &candidates);
  if (connection == NULL)
    {
      g_autofree char *shown = rd_target_redact_input (o->connection);

      g_printerr ("rdp-doctor: ");
      if (ambiguous)
        g_printerr (_("Several saved connections fit “%s”:"), shown);
      else
        g_printerr (_("No saved connection is called “%s”."), shown);
      g_printerr ("\n");
      if (!ambiguous && candidates->len > 0)
        g_printerr ("%s\n", _("Did you mean:"));
      print_candidates (candidates);
      if (ambiguous)
        g_printerr ("%s", _("Give more of its name, or its file with --file."));
      else
        g_printerr (_("Run “%s” to list them."), "rdp-doctor --headless --connections");
      g_printerr ("\n");
      return RD_EXIT_USAGE;
    }

  if (connection->source == RD_SAVED_SOURCE_GNOME_CONNECTIONS)
    {
      g_auto(GStrv) rest = g_new0 (char *, 2);

      rest[0] = rd_target_to_string (connection->target);
      g_strfreev (o->rest);
      o->rest = g_steal_pointer (&rest);
    }
  else
    o->file = g_strdup (connection->path);
  return -1;
}

/* Exactly one computer or --file: -1 when so, else the usage error's code. */
static int
check_one_computer (GOptionContext *context,
                    const Options  *o)
{
  guint n_rest = o->rest != NULL ? g_strv_length (o->rest) : 0;

  if (o->file != NULL && n_rest > 0)
    return usage_error (context, _("Give either a computer or --file, not both."));
  if (o->file == NULL && n_rest == 0)
    return usage_error (context, _("Say which computer to check, for example: rdp-doctor --headless pc.example.com"));
  if (n_rest > 1)
    return usage_error (context, _("Give only one computer to check."));
  return -1;
}

/* --plugin: the same run as --headless, told as a monitoring plugin's one
 * line; returns the plugin's exit code. */
static int
plugin_run (GOptionContext *context,
            Options        *o,
            Headless       *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  RdPluginRange warning = { 0 }, critical = { 0 };
  RdPluginState state = RD_PLUGIN_UNKNOWN;
  int status;

  if (options_given (o) & ~(GIVEN_PLUGIN | GIVEN_FILE | GIVEN_WARNING | GIVEN_CRITICAL))
    return usage_error (context, _("--plugin checks one computer or connection file and prints one line: it does not go with --json, --hosts-file, --connection, --connections or the options that write files."));
  status = check_one_computer (context, o);
  if (status >= 0)
    return status;
  if (o->timeout_text != NULL && !parse_timeout (o->timeout_text, &o->timeout_ms, &error))
    return usage_error (context, error->message);
  if ((o->warning_text != NULL && !rd_plugin_range_parse (o->warning_text, &warning, &error)) ||
      (o->critical_text != NULL && !rd_plugin_range_parse (o->critical_text, &critical, &error)))
    {
      rd_plugin_range_clear (&warning);
      return usage_error (context, error->message);
    }

  target = target_from_options (o, &error);
  if (target == NULL)
    status = usage_error (context, error->message);
  else
    status = run_checks (h, target, o->timeout_ms);
  if (status == RD_EXIT_STOPPED)
    status = rd_plugin_print_unknown (_("Stopped."));
  else if (status >= 0 && target != NULL)
    status = rd_plugin_print_unknown (_("Internal error"));
  else if (status < 0)
    {
      g_autofree char *line = rd_plugin_format (h->report,
                                                warning.text != NULL ? &warning : NULL,
                                                critical.text != NULL ? &critical : NULL,
                                                &state);
      g_print ("%s", line);
      status = state;
    }
  rd_plugin_range_clear (&warning);
  rd_plugin_range_clear (&critical);
  return status;
}

/* --watch: the diagnosis of one computer again and again (rd-watch-cli.c);
 * returns the exit code. */
static int
watch_run (GOptionContext *context,
           Options        *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  guint interval_ms = RD_WATCH_DEFAULT_INTERVAL_S * 1000;
  guint count = 0;
  int status;

  if (options_given (o) & ~(GIVEN_WATCH | GIVEN_INTERVAL | GIVEN_COUNT | GIVEN_JSON | GIVEN_FILE |
                            GIVEN_CONNECTION))
    return usage_error (context, _("--watch checks one computer or connection again and again: it does not go with --plugin, --hosts-file, --connections or the options that write files."));
  if (o->interval_text != NULL && !rd_watch_cli_parse_interval (o->interval_text, &interval_ms, &error))
    return usage_error (context, error->message);
  if (o->count_text != NULL && !rd_watch_cli_parse_count (o->count_text, &count, &error))
    return usage_error (context, error->message);
  if (o->timeout_text != NULL && !parse_timeout (o->timeout_text, &o->timeout_ms, &error))
    return usage_error (context, error->message);
  if (o->connection != NULL)
    {
      status = resolve_connection (o);
      if (status >= 0)
        return status;
    }
  status = check_one_computer (context, o);
  if (status >= 0)
    return status;
  if (o->file == NULL && is_saved_report (o->rest[0]))
    return usage_error (context, _("--watch checks a computer, not a saved report."));
  target = target_from_options (o, &error);
  if (target == NULL)
    return usage_error (context, error->message);
  return rd_watch_cli_run (target, o->timeout_ms, interval_ms, count, o->json);
}

/* --textfile DIR: every computer given, one after the other, written as
 * Prometheus metrics to DIR/rdp_doctor.prom for node_exporter's textfile
 * collector; nothing on standard output. Returns the exit code: 0 when
 * every computer is healthy, 1 when one is not, 3 when the checks of one
 * could not run or the file could not be written. */
static int
textfile_run (GOptionContext *context,
              Options        *o,
              Headless       *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_target_unref);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_report_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree RdExpositionProbe *probes = NULL;
  g_autofree char *text = NULL;
  guint16 port = RD_DEFAULT_PORT;
  guint n_rest = o->rest != NULL ? g_strv_length (o->rest) : 0;
  int status = RD_EXIT_HEALTHY;

  if (options_given (o) & ~GIVEN_TEXTFILE)
    return usage_error (context, _("--textfile takes the computers to check and writes metrics: it goes only with --port and --timeout."));
  if (n_rest == 0)
    return usage_error (context, _("Say which computers to check, for example: rdp-doctor --headless --textfile /var/lib/prometheus/node-exporter pc1.example.com pc2.example.com"));
  if (o->timeout_text != NULL && !parse_timeout (o->timeout_text, &o->timeout_ms, &error))
    return usage_error (context, error->message);
  if (o->port_text != NULL && !rd_target_parse_port (o->port_text, &port, &error))
    return usage_error (context, error->message);
  for (guint i = 0; i < n_rest; i++)
    {
      RdTarget *target = rd_target_parse (o->rest[i], &error);

      if (target == NULL)
        return usage_error (context, error->message);
      if (o->port_text != NULL && !rd_target_get_port_explicit (target))
        {
          RdTarget *with_port = rd_target_copy_with_port (target, port);

          rd_target_unref (target);
          target = with_port;
        }
      g_ptr_array_add (targets, target);
    }
  /* A folder that cannot take the file is said before anything runs. */
  if (!rd_exposition_check_textfile_dir (o->textfile_dir, &error))
    {
      g_printerr ("rdp-doctor: %s\n", error->message);
      return RD_EXIT_INTERNAL;
    }

  probes = g_new0 (RdExpositionProbe, targets->len);
  for (guint i = 0; i < targets->len; i++)
    {
      RdTarget *target = g_ptr_array_index (targets, i);
      gint64 start_us = g_get_monotonic_time ();
      int run_status = run_checks (h, target, o->timeout_ms);

      if (run_status == RD_EXIT_STOPPED)
        return RD_EXIT_STOPPED;
      g_ptr_array_add (labels, targets->len > 1 ? rd_target_to_string (target) : NULL);
      probes[i].target = g_ptr_array_index (labels, i);
      probes[i].duration_s = (g_get_monotonic_time () - start_us) / 1e6;
      if (run_status >= 0)
        {
          status = RD_EXIT_INTERNAL;
          continue;
        }
      probes[i].report = h->report;
      g_ptr_array_add (reports, g_steal_pointer (&h->report));
      if (rd_report_get_verdict (probes[i].report) != RD_VERDICT_HEALTHY && status == RD_EXIT_HEALTHY)
        status = RD_EXIT_CAUSE;
    }

  text = rd_exposition_format (probes, targets->len);
  if (!rd_exposition_write_textfile (o->textfile_dir, text, &error))
    {
      g_printerr ("rdp-doctor: %s\n", error->message);
      return RD_EXIT_INTERNAL;
    }
  return status;
}

/* Everything after the options were read; returns the exit code. */
static int
headless_run (GOptionContext *context,
              Options        *o,
              Headless       *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  guint n_rest = o->rest != NULL ? g_strv_length (o->rest) : 0;
  int status;

  if (o->watch)
    return watch_run (context, o);
  if (o->textfile_dir != NULL)
    return textfile_run (context, o, h);
  if (o->plugin)
    return plugin_run (context, o, h);
  if (o->warning_text != NULL || o->critical_text != NULL)
    return usage_error (context, _("--warning and --critical go with --plugin."));
  if (o->interval_text != NULL || o->count_text != NULL)
    return usage_error (context, _("--interval and --count go with --watch."));
  if (o->undo_path != NULL)
    {
      if (n_rest > 0 || o->file != NULL || o->hosts_file != NULL || o->profile_path != NULL ||
          o->fix_in_place || o->script_path != NULL)
        return usage_error (context, _("--undo-profile takes only the profile to put back."));
      return undo_profile (context, o->undo_path);
    }
  if (o->jobs_text != NULL && o->hosts_file == NULL)
    return usage_error (context, _("--jobs goes with --hosts-file."));
  if (o->per_address_text != NULL && o->hosts_file == NULL)
    return usage_error (context, _("--per-address goes with --hosts-file."));
  if ((o->list_connections || o->connection != NULL) &&
      (n_rest > 0 || o->file != NULL || o->hosts_file != NULL ||
       (o->list_connections && o->connection != NULL)))
    return usage_error (context, _("Give one of a computer, --file, --hosts-file, --connection or --connections."));
  if (o->list_connections)
    return list_connections (o->json);
  if (o->connection != NULL)
    {
      status = check_fix_options (context, o);
      if (status >= 0)
        return status;
      status = resolve_connection (o);
      if (status >= 0)
        return status;
      n_rest = o->rest != NULL ? g_strv_length (o->rest) : 0;
    }
  if (o->hosts_file != NULL)
    return sweep_main (context, o->hosts_file, o->jobs_text, o->per_address_text,
                       n_rest > 0 || o->file != NULL,
                       o->profile_path != NULL || o->script_path != NULL || o->use_address != NULL ||
                       o->fix_in_place,
                       o->port_text, o->timeout_text, o->json);
  status = check_one_computer (context, o);
  if (status >= 0)
    return status;
  status = check_fix_options (context, o);
  if (status >= 0)
    return status;

  if (o->file == NULL && is_saved_report (o->rest[0]))
    return print_saved_report (context, o->rest[0], o->json);
  target = target_from_options (o, &error);
  if (target == NULL)
    return usage_error (context, error->message);
  status = choose_profile_in_place (context, o, target);
  if (status >= 0)
    return status;
  status = run_checks (h, target, o->timeout_ms);
  return status >= 0 ? status : finish_report (h, o);
}

int
rd_headless_main (int    argc,
                  char **argv)
{
  gboolean headless = FALSE;
  gboolean version = FALSE;
  Options o = { .timeout_ms = RD_DEFAULT_TIMEOUT_MS };
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      N_("Run in the terminal, without the window"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json,
      N_("Print the report as JSON"), NULL },
    { "port", 'p', 0, G_OPTION_ARG_STRING, &o.port_text,
      N_("Remote Desktop port (default 3389)"), N_("PORT") },
    { "timeout", 't', 0, G_OPTION_ARG_STRING, &o.timeout_text,
      N_("Seconds to wait for each step (default 5)"), N_("SECONDS") },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &o.file,
      N_("Read the computer's address from a .rdp file or a Remmina profile"), N_("FILE") },
    { "write-profile", 0, 0, G_OPTION_ARG_FILENAME, &o.profile_path,
      N_("Write a fixed connection profile (.rdp or .remmina) and test the fix"), N_("FILE") },
    { "fix-in-place", 0, 0, G_OPTION_ARG_NONE, &o.fix_in_place,
      N_("Fix the .rdp file or Remmina profile given with --file itself (a backup is kept) and test the fix"), NULL },
    { "undo-profile", 0, 0, G_OPTION_ARG_FILENAME, &o.undo_path,
      N_("Put a profile back as it was before the last fix, from its backup"), N_("FILE") },
    { "use-address", 0, 0, G_OPTION_ARG_STRING, &o.use_address,
      N_("With --write-profile or --fix-in-place: connect to this IP address instead of the name"), N_("ADDRESS") },
    { "host-script", 0, 0, G_OPTION_ARG_FILENAME, &o.script_path,
      N_("Write a PowerShell script with the fixes for the computer's administrator"), N_("FILE") },
    { "hosts-file", 0, 0, G_OPTION_ARG_FILENAME, &o.hosts_file,
      N_("Check every computer of a list, one a line (- for standard input)"), N_("FILE") },
    { "jobs", 'j', 0, G_OPTION_ARG_STRING, &o.jobs_text,
      N_("With --hosts-file: how many computers to check at the same time (default 4, at most 32)"), N_("N") },
    { "per-address", 0, 0, G_OPTION_ARG_STRING, &o.per_address_text,
      N_("With --hosts-file: how many connections may be opening to one address at the same time (default 4, 0 for no bound)"), N_("N") },
    { "connections", 0, 0, G_OPTION_ARG_NONE, &o.list_connections,
      N_("List the connections saved in Remmina, GNOME Connections and recent .rdp files"), NULL },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &o.connection,
      N_("Check a saved connection, by its name"), N_("NAME") },
    { "plugin", 0, 0, G_OPTION_ARG_NONE, &o.plugin,
      N_("Check one computer as a monitoring plugin (Nagios, Icinga): one line, exit code 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"), NULL },
    { "warning", 0, 0, G_OPTION_ARG_STRING, &o.warning_text,
      N_("With --plugin: WARNING when the check takes longer than this many seconds (or outside a range such as 5:10)"), N_("SECONDS") },
    { "critical", 0, 0, G_OPTION_ARG_STRING, &o.critical_text,
      N_("With --plugin: CRITICAL when the check takes longer than this many seconds (or outside a range such as 5:10)"), N_("SECONDS") },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &o.watch,
      N_("Check the computer again and again, one line a round, and sum up at the end or on Ctrl+C"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &o.interval_text,
      N_("With --watch: seconds from the start of one round to the next (default 30)"), N_("SECONDS") },
    { "count", 0, 0, G_OPTION_ARG_STRING, &o.count_text,
      N_("With --watch: stop after this many rounds (default: until Ctrl+C)"), N_("N") },
    { "textfile", 0, 0, G_OPTION_ARG_FILENAME, &o.textfile_dir,
      N_("Write the results as Prometheus metrics to DIR/rdp_doctor.prom, for node_exporter's textfile collector; takes several computers"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version of the program and of its libraries"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.rest, NULL, N_("COMPUTER") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Headless h = { .loop = loop, .cancellable = cancellable };
  int status;

  /* OpenSSL writes to sockets the host may have closed already; that is a
   * finding, not a reason to die. */
  signal (SIGPIPE, SIG_IGN);
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--plugin") == 0)
      plugin_mode = TRUE;

  g_option_context_set_summary (context,
                                _("Finds out why a Remote Desktop connection fails "
                                  "(“0x904, extended 0x7”) and how to fix it.\n"
                                  "COMPUTER is a name or address, optionally with :PORT, an rdp:// link, "
                                  "or a .rdp or .remmina file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = usage_error (context, error->message);
  else if (version)
    {
      g_autofree char *text = rd_headless_version ();
      g_print ("%s", text);
      status = RD_EXIT_HEALTHY;
    }
  else
    status = headless_run (context, &o, &h);

  g_clear_pointer (&h.verification, rd_verification_free);
  g_clear_pointer (&h.report, rd_report_unref);
  options_clear (&o);
  return status;
}
