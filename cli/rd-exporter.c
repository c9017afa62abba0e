/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `rdp-doctor --exporter ADDR:PORT --allow PATTERN…`: Prometheus scrapes
 * /probe?target=HOST[:PORT] (the blackbox exporter's multi-target pattern)
 * and gets the same diagnosis as `--headless`, in the text exposition
 * format; /metrics tells the exporter's own health. HTTP is libsoup's.
 * Safe to expose: only targets the --allow list names are checked, at
 * most --max-probes at a time (a request beyond gets 503 at once), each
 * within the scrape's timeout; the raw target never goes into a header or
 * a log line. */
#include "rd-i18n.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-allow.h"
#include "rd-exit.h"
#include "rd-exporter.h"
#include "rd-seconds.h"
#include "rd-exposition.h"
#include "rd-runner.h"

/* Taken off Prometheus' scrape timeout, so that the answer is there in time. */
#define SCRAPE_MARGIN_S 0.25
#define PROBE_MIN_MS 100
#define PROBE_MAX_MS (600 * 1000)
/* After SIGINT/SIGTERM: time for the last answers to be written, and the
 * most the cancelled probes may take to finish. */
#define STOP_FLUSH_MS 200
#define STOP_LIMIT_S 10
/* Pending connections the kernel keeps for us (it caps them at somaxconn). */
#define LISTEN_BACKLOG 1024

typedef enum
{
  RESULT_SUCCESS,
  RESULT_FAILURE,
  RESULT_TIMEOUT,
  RESULT_ERROR,
  RESULT_STOPPED,
  N_RESULTS
} ProbeResult;

static const char *const result_names[] = { "success", "failure", "timeout", "error", "stopped" };

/* The refusals /metrics counts, by status code. */
static const guint rejected_codes[] = { 400, 403, 404, 405, 503 };

typedef struct
{
  SoupServer  *server;
  RdAllowList *allow;
  GMainLoop   *loop;
  GHashTable  *probes;      /* Probe* running */
  guint        max_probes;
  gboolean     stopping;
  guint        quit_id;
  guint64      results[N_RESULTS];
  guint64      rejected[G_N_ELEMENTS (rejected_codes)];
  gint64       started_unix;
} Exporter;

typedef struct
{
  Exporter          *exporter;
  SoupServerMessage *msg;
  RdRunner          *runner;
  GCancellable      *cancellable;
  char              *target_text;   /* canonical, from the parsed target */
  gint64             start_us;
  guint              deadline_id;
  gulong             disconnected_id;
  gboolean           timed_out;
  gboolean           disconnected;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->deadline_id, g_source_remove);
  g_clear_signal_handler (&probe->disconnected_id, probe->msg);
  g_clear_object (&probe->msg);
  g_clear_object (&probe->runner);
  g_clear_object (&probe->cancellable);
  g_free (probe->target_text);
  g_free (probe);
}

/* A line of text as the answer, for a person reading it. */
static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  g_autofree char *body = g_strconcat (text, "\n", NULL);
  gsize length = strlen (body);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), length);
}

static void
count_rejected (Exporter *exporter,
                guint     status)
{
  for (guint i = 0; i < G_N_ELEMENTS (rejected_codes); i++)
    if (rejected_codes[i] == status)
      exporter->rejected[i]++;
}

/* Refuses a request; the log line never holds what the caller sent. */
static void
reject (Exporter          *exporter,
        SoupServerMessage *msg,
        guint              status,
        const char        *message)
{
  count_rejected (exporter, status);
  respond_text (msg, status, message);
}

static void
reject_probe (Exporter          *exporter,
              SoupServerMessage *msg,
              guint              status,
              const char        *message)
{
  reject (exporter, msg, status, message);
  g_printerr ("rdp-doctor: probe refused (%u): %s\n", status, message);
}

/* Seconds as Prometheus sends them ("10", "9.5"); FALSE for anything else. */
static gboolean
parse_seconds (const char *text,
               double     *seconds)
{
  char *end = NULL;
  gsize n = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 16)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++, n++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  *seconds = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*seconds);
}

/* The time a probe may take: the scrape's timeout less a margin, within
 * 0.1-600 s; 10 s when Prometheus does not say. */
static guint
probe_budget_ms (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "X-Prometheus-Scrape-Timeout-Seconds");
  double seconds;

  if (!parse_seconds (value, &seconds))
    return RD_EXPORTER_DEFAULT_TIMEOUT_MS;
  seconds -= SCRAPE_MARGIN_S;
  return (guint) CLAMP (seconds * 1000.0, PROBE_MIN_MS, PROBE_MAX_MS);
}

static gboolean
on_quit (gpointer user_data)
{
  Exporter *exporter = user_data;

  exporter->quit_id = 0;
  g_main_loop_quit (exporter->loop);
  return G_SOURCE_REMOVE;
}

/* Once stopping and idle: a moment for the last answers to go out. */
static void
quit_when_idle (Exporter *exporter)
{
  if (!exporter->stopping || g_hash_table_size (exporter->probes) > 0)
    return;
  g_clear_handle_id (&exporter->quit_id, g_source_remove);
  exporter->quit_id = g_timeout_add (STOP_FLUSH_MS, on_quit, exporter);
}

static void
log_probe (const Probe    *probe,
           ProbeResult     result,
           const RdReport *report,
           double          seconds)
{
  const RdCause *cause = report != NULL ? rd_report_get_main_cause (report) : NULL;
  g_autofree char *shown = g_strescape (probe->target_text, NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.3f", seconds);
  g_printerr ("rdp-doctor: probe %s: %s %s (%s s)\n", shown, result_names[result],
              cause != NULL ? cause->name : (report != NULL ? "healthy" : "-"), number);
}

static void
on_probe_done (GObject      *source,
               GAsyncResult *async_result,
               gpointer      user_data)
{
  Probe *probe = user_data;
  Exporter *exporter = probe->exporter;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) report = rd_report_new_from_run (RD_RUNNER (source), async_result, &error);
  double seconds = (g_get_monotonic_time () - probe->start_us) / 1e6;
  ProbeResult result;

  g_clear_handle_id (&probe->deadline_id, g_source_remove);
  if (report != NULL)
    result = rd_exposition_probe_success (report) ? RESULT_SUCCESS : RESULT_FAILURE;
  else if (probe->timed_out)
    result = RESULT_TIMEOUT;
  else if (exporter->stopping || probe->disconnected)
    result = RESULT_STOPPED;
  else
    result = RESULT_ERROR;
  exporter->results[result]++;
  log_probe (probe, result, report, seconds);
  if (result == RESULT_ERROR && error != NULL)
    g_printerr ("rdp-doctor: %s\n", error->message);

  if (!probe->disconnected)
    {
      if (result == RESULT_STOPPED)
        respond_text (probe->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("The exporter is stopping."));
      else
        {
          RdExpositionProbe exposed = { NULL, report, seconds };
          char *body = rd_exposition_format (&exposed, 1);

          soup_server_message_set_status (probe->msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (probe->msg, RD_EXPOSITION_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                            body, strlen (body));
        }
      soup_server_message_unpause (probe->msg);
    }

  g_hash_table_remove (exporter->probes, probe);
  quit_when_idle (exporter);
}

static gboolean
on_probe_deadline (gpointer user_data)
{
  Probe *probe = user_data;

  probe->deadline_id = 0;
  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

/* Prometheus gave up (its own timeout): nobody waits for the answer.
 * libsoup notices only when it next reads or writes the connection, so
 * mostly it is the deadline that ends such a probe. */
static void
on_disconnected (SoupServerMessage *msg,
                 Probe             *probe)
{
  probe->disconnected = TRUE;
  g_cancellable_cancel (probe->cancellable);
}

static void
handle_probe (Exporter          *exporter,
              SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  guint budget_ms;
  Probe *probe;

  if (rd_allow_list_get_size (exporter->allow) == 0)
    {
      reject_probe (exporter, msg, SOUP_STATUS_FORBIDDEN,
                    _("No computer may be checked: start the exporter with --allow PATTERN for the computers it may check, for example --allow '*.corp.example' --allow 10.0.0.0/8 --allow 'rdp?.lab:3390'."));
      return;
    }
  target = rd_probe_query_parse (g_uri_get_query (uri), &error);
  if (target == NULL)
    {
      reject_probe (exporter, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (!rd_allow_list_match (exporter->allow, target))
    {
      g_autofree char *shown = rd_target_to_string (target);

      count_rejected (exporter, SOUP_STATUS_FORBIDDEN);
      respond_text (msg, SOUP_STATUS_FORBIDDEN, _("This computer and port are not in the exporter's --allow list."));
      g_printerr ("rdp-doctor: probe refused (403): %s is not allowed\n", shown);
      return;
    }
  if (exporter->stopping)
    {
      reject_probe (exporter, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("The exporter is stopping."));
      return;
    }
  if (g_hash_table_size (exporter->probes) >= exporter->max_probes)
    {
      /* No queue: Prometheus asks again at the next scrape. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      reject (exporter, msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
              _("Too many probes at once (--max-probes); try again later."));
      return;
    }

  budget_ms = probe_budget_ms (msg);
  probe = g_new0 (Probe, 1);
  probe->exporter = exporter;
  probe->msg = g_object_ref (msg);
  probe->cancellable = g_cancellable_new ();
  probe->target_text = rd_target_to_string (target);
  probe->start_us = g_get_monotonic_time ();
  probe->runner = rd_runner_new (target);
  /* Each step a third of the budget at most, so that the run usually ends
   * with a diagnosis before the deadline cancels it. */
  rd_runner_set_timeout (probe->runner, CLAMP (budget_ms / 3, PROBE_MIN_MS, RD_DEFAULT_TIMEOUT_MS));
  probe->deadline_id = g_timeout_add (budget_ms, on_probe_deadline, probe);
  probe->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), probe);
  g_hash_table_add (exporter->probes, probe);

  soup_server_message_pause (msg);
  rd_runner_run_async (probe->runner, probe->cancellable, on_probe_done, probe);
}

/* /proc/self: resident memory in bytes and open file descriptors; -1 when
 * unreadable. */
static gint64
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  guint64 pages;
  char **fields;
  gint64 bytes = -1;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return -1;
  fields = g_strsplit (statm, " ", 3);
  if (fields[0] != NULL && fields[1] != NULL &&
      g_ascii_string_to_unsigned (fields[1], 10, 0, G_MAXINT64 / 65536, &pages, NULL))
    bytes = (gint64) pages * sysconf (_SC_PAGESIZE);
  g_strfreev (fields);
  return bytes;
}

static gint64
open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  gint64 n = 0;

  if (dir == NULL)
    return -1;
  while (g_dir_read_name (dir) != NULL)
    n++;
  /* Less the one the listing itself holds. */
  return n - 1;
}

static void
handle_metrics (Exporter          *exporter,
                SoupServerMessage *msg)
{
  GString *out = g_string_new (NULL);
  gint64 value;
  gsize length;

  rd_exposition_append_family (out, "rdp_doctor_exporter_probes_total", "counter",
                               "Probes answered, by result (success, failure, timeout, error, stopped).");
  for (guint i = 0; i < N_RESULTS; i++)
    g_string_append_printf (out, "rdp_doctor_exporter_probes_total{result=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            result_names[i], exporter->results[i]);
  rd_exposition_append_family (out, "rdp_doctor_exporter_probes_running", "gauge",
                               "Probes running now.");
  g_string_append_printf (out, "rdp_doctor_exporter_probes_running %u\n", g_hash_table_size (exporter->probes));
  rd_exposition_append_family (out, "rdp_doctor_exporter_probes_max", "gauge",
                               "The most probes that run at once (--max-probes).");
  g_string_append_printf (out, "rdp_doctor_exporter_probes_max %u\n", exporter->max_probes);
  rd_exposition_append_family (out, "rdp_doctor_exporter_requests_rejected_total", "counter",
                               "Requests refused, by HTTP status code.");
  for (guint i = 0; i < G_N_ELEMENTS (rejected_codes); i++)
    g_string_append_printf (out, "rdp_doctor_exporter_requests_rejected_total{code=\"%u\"} %" G_GUINT64_FORMAT "\n",
                            rejected_codes[i], exporter->rejected[i]);
  rd_exposition_append_family (out, "process_start_time_seconds", "gauge",
                               "Start time of the process since the epoch in seconds.");
  g_string_append_printf (out, "process_start_time_seconds %" G_GINT64_FORMAT "\n", exporter->started_unix);
  if ((value = resident_bytes ()) >= 0)
    {
      rd_exposition_append_family (out, "process_resident_memory_bytes", "gauge",
                                   "Resident memory size in bytes.");
      g_string_append_printf (out, "process_resident_memory_bytes %" G_GINT64_FORMAT "\n", value);
    }
  if ((value = open_fds ()) >= 0)
    {
      rd_exposition_append_family (out, "process_open_fds", "gauge",
                                   "Number of open file descriptors.");
      g_string_append_printf (out, "process_open_fds %" G_GINT64_FORMAT "\n", value);
    }

  length = out->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, RD_EXPOSITION_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), length);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Exporter *exporter = user_data;
  const char *method = soup_server_message_get_method (msg);

  /* libsoup before 3.3 (Debian 12 has 3.2) never closes an idle
   * keep-alive connection that the client closed: every scrape would
   * leave a descriptor behind. One request per connection costs a
   * scraper little. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0 && g_strcmp0 (method, SOUP_METHOD_HEAD) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      reject (exporter, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only GET is served here."));
      return;
    }
  if (g_strcmp0 (path, "/probe") == 0)
    handle_probe (exporter, msg);
  else if (g_strcmp0 (path, "/metrics") == 0)
    handle_metrics (exporter, msg);
  else if (g_strcmp0 (path, "/") == 0)
    respond_text (msg, SOUP_STATUS_OK,
                  "rdp-doctor exporter: /probe?target=HOST[:PORT] checks a computer, /metrics tells the exporter's own health.");
  else
    reject (exporter, msg, SOUP_STATUS_NOT_FOUND, _("Not found: the exporter serves /probe and /metrics."));
}

static gboolean
on_stop_signal (gpointer user_data)
{
  Exporter *exporter = user_data;
  GHashTableIter iter;
  gpointer probe;

  if (!exporter->stopping)
    {
      exporter->stopping = TRUE;
      g_timeout_add_seconds (STOP_LIMIT_S, on_quit, exporter);
    }
  g_hash_table_iter_init (&iter, exporter->probes);
  while (g_hash_table_iter_next (&iter, &probe, NULL))
    g_cancellable_cancel (((Probe *) probe)->cancellable);
  quit_when_idle (exporter);
  return G_SOURCE_CONTINUE;
}

/* ADDR:PORT to listen on: an address (not a name, which could stand for
 * several) and a port. */
static GSocketAddress *
parse_listen_address (const char  *text,
                      GError     **error)
{
  g_autoptr(RdTarget) target = rd_target_parse (text != NULL ? text : "", NULL);
  g_autoptr(GInetAddress) address = NULL;

  if (target != NULL && rd_target_get_kind (target) != RD_TARGET_KIND_NAME &&
      rd_target_get_port_explicit (target))
    address = g_inet_address_new_from_string (rd_target_get_host (target));
  if (address == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--exporter takes the address and port to listen on, for example 127.0.0.1:9860, [::1]:9860 or 0.0.0.0:9860."));
      return NULL;
    }
  return g_inet_socket_address_new (address, rd_target_get_port (target));
}

static int
exporter_usage_error (const char *message)
{
  g_printerr ("rdp-doctor: %s\n", message);
  g_printerr (_("Run “%s --help” to see how to use it."), "rdp-doctor --exporter");
  g_printerr ("\n");
  return RD_EXIT_USAGE;
}

/* The listening socket, with a backlog for a burst of scrapes: with a
 * short one, connections beyond it wait for the kernel's retries (a
 * minute) and end reset, where they should have had a quick 503. */
static GSocket *
listen_socket (GSocketAddress  *address,
               GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* Connections are accepted here and handed to libsoup: its own listener
 * (3.2, Debian 12) loses the GSocket of every connection it accepts. */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Exporter *exporter = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  if (local == NULL || remote == NULL ||
      !soup_server_accept_iostream (exporter->server, G_IO_STREAM (connection), local, remote, &error))
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static int
serve (Exporter       *exporter,
       GSocketAddress *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autofree char *shown = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
  guint sigint_id, sigterm_id;

  socket = listen_socket (address, &error);
  if (socket == NULL || !g_socket_listener_add_socket (G_SOCKET_LISTENER (service), socket, NULL, &error))
    {
      g_printerr ("rdp-doctor: %s\n", error->message);
      return RD_EXIT_INTERNAL;
    }
  exporter->server = soup_server_new ("server-header", "rdp-doctor-exporter ", NULL);
  soup_server_add_handler (exporter->server, NULL, on_request, exporter, NULL);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), exporter);
  g_socket_service_start (service);

  g_printerr (_("Listening on http://%s/ (%u allowed patterns, at most %u probes at once)."),
              shown, rd_allow_list_get_size (exporter->allow), exporter->max_probes);
  g_printerr ("\n");
  if (rd_allow_list_get_size (exporter->allow) == 0)
    {
      g_printerr ("%s", _("No --allow pattern: every probe is refused (403)."));
      g_printerr ("\n");
    }

  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal, exporter);
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal, exporter);
  g_main_loop_run (exporter->loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&exporter->quit_id, g_source_remove);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  soup_server_disconnect (exporter->server);
  g_clear_object (&exporter->server);
  return RD_EXIT_HEALTHY;
}

int
rd_exporter_main (int    argc,
                  char **argv)
{
  g_autofree char *listen_text = NULL;
  g_auto(GStrv) allow = NULL;
  g_autofree char *max_text = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean headless = FALSE;
  const GOptionEntry entries[] = {
    /* It is the terminal mode too: --headless changes nothing. */
    { "headless", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &headless, NULL, NULL },
    { "exporter", 0, 0, G_OPTION_ARG_STRING, &listen_text,
      N_("Serve Prometheus' /probe?target=HOST[:PORT] and /metrics on this address and port"), N_("ADDRESS:PORT") },
    { "allow", 0, 0, G_OPTION_ARG_STRING_ARRAY, &allow,
      N_("A computer the exporter may check: a name pattern (*.corp.example, rdp?.lab) or an address range (10.0.0.0/8, [2001:db8::]/32), with :PORT or :* (3389 without); may be repeated"), N_("PATTERN") },
    { "max-probes", 0, 0, G_OPTION_ARG_STRING, &max_text,
      N_("How many probes may run at once (default 16); more get 503"), N_("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(RdAllowList) allow_list = rd_allow_list_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GHashTable) probes = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) probe_free, NULL);
  guint64 max_probes = RD_EXPORTER_DEFAULT_MAX_PROBES;
  Exporter exporter = { 0 };

  g_option_context_set_summary (context,
                                _("A Prometheus exporter: checks the computers its --allow patterns name "
                                  "when Prometheus asks, and answers with the diagnosis as metrics."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (g_get_prgname () == NULL)
    g_set_prgname ("rdp-doctor");
  /* "--exporter --help" would give --help as the address. */
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
      {
        g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

        g_print ("%s", help);
        return RD_EXIT_HEALTHY;
      }
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return exporter_usage_error (error->message);
  if (rest != NULL && rest[0] != NULL)
    return exporter_usage_error (_("--exporter checks the computers Prometheus names: give them in the scrape configuration, not here."));
  address = parse_listen_address (listen_text, &error);
  if (address == NULL)
    return exporter_usage_error (error->message);
  for (guint i = 0; allow != NULL && allow[i] != NULL; i++)
    if (!rd_allow_list_add (allow_list, allow[i], &error))
      return exporter_usage_error (error->message);
  if (max_text != NULL &&
      !rd_parse_whole_number (max_text, 1, RD_EXPORTER_MAX_MAX_PROBES, &max_probes))
    {
      g_autofree char *message = NULL;
      g_autofree char *shown = g_strescape (max_text, NULL);

      /* Translators: %d is the most allowed, %s what was given */
      message = g_strdup_printf (_("--max-probes takes a number from 1 to %d, not “%s”."),
                                 RD_EXPORTER_MAX_MAX_PROBES, shown);
      return exporter_usage_error (message);
    }

  exporter.allow = allow_list;
  exporter.loop = loop;
  exporter.probes = probes;
  exporter.max_probes = (guint) max_probes;
  exporter.started_unix = g_get_real_time () / G_USEC_PER_SEC;
  return serve (&exporter, address);
}
