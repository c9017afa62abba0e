/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `rdp-doctor --headless --hosts-file FILE`: every computer of a list, a
 * few at a time, one line of output per computer in the list's order. */
#include "rd-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rd-exit.h"
#include "rd-file.h"
#include "rd-host-list.h"
#include "rd-limiter.h"
#include "rd-report.h"
#include "rd-sweep.h"

typedef struct
{
  guint     line;        /* in the file, from 1 */
  char     *input;       /* as written there, without a comment or password */
  RdTarget *target;      /* NULL when the line is not a computer */
  char     *error;       /* why not, or why the checks could not run */
  RdReport *report;     /* until its line is printed */
  char     *first_try;   /* the load-sensitive cause of a first try under load */
  gboolean  running;
  gboolean  crowded;     /* another diagnosis ran beside it */
  gboolean  retested;    /* checked again alone */
  gboolean  done;
  gboolean  not_checked; /* stopped before its checks finished */
} Entry;

typedef struct
{
  RdHostList   *list;
  int           list_fd;  /* to close at the end, or -1 */
  gboolean      port_given;
  guint16       port;
  guint         total;    /* entries in the list */
  GQueue        window;   /* Entry*: from the first not printed to the last read */
  GQueue        retests;  /* Entry*: to be checked again, alone */
  GHashTable   *confirmed; /* "host:port" -> the load-sensitive cause it had alone */
  gboolean      list_ended;
  guint         running;
  guint         jobs_max;
  guint         jobs_now; /* fewer while our own load shows in the results */
  guint         calm;     /* results in a row that could not be our load */
  gboolean      ramping;  /* no load-sensitive result yet: doubling */
  guint         retests_running;
  gboolean      retesting;   /* first tries wait for the retests queued */
  guint         since_backoff; /* first tries finished since jobs_now was halved */
  guint         retest_jobs; /* retests at once: 1, more while failures persist */
  guint         finished;
  guint         timeout_ms;
  gboolean      json;
  gboolean      progress;
  GCancellable *cancellable;
  GMainLoop    *loop;
  int           status;   /* the exit status of the lines printed so far */
} Sweep;

/* At most this many entries are kept between the last printed and the last
 * read, however many bad lines follow a computer still being checked. */
#define MAX_WINDOW 1024

/* A sweep starts with at most this many at once and doubles with each
 * round of clean results (rd_sweep_main()). */
#define RD_SWEEP_FIRST_JOBS 4

static void
entry_free (Entry *entry)
{
  g_free (entry->input);
  g_clear_pointer (&entry->target, rd_target_unref);
  g_free (entry->error);
  g_clear_pointer (&entry->report, rd_report_unref);
  g_free (entry->first_try);
  g_free (entry);
}

static gboolean
is_rdp_file (const char *text)
{
  gsize len = strlen (text);

  return len > 4 && g_ascii_strcasecmp (text + len - 4, ".rdp") == 0;
}

/* The entry of one line naming @text. */
static Entry *
entry_new (guint       number,
           const char *text,
           gboolean    port_given,
           guint16     port)
{
  g_autoptr(GError) error = NULL;
  Entry *entry = g_new0 (Entry, 1);

  entry->line = number;
  entry->input = rd_target_redact_input (text);
  entry->target = is_rdp_file (text) ? rd_target_new_from_file (text, &error)
                                     : rd_target_parse (text, &error);
  if (entry->target == NULL)
    {
      entry->error = g_strdup (error->message);
      entry->done = TRUE;
    }
  else if (port_given && !rd_target_get_port_explicit (entry->target))
    {
      /* --port is the default; a line's own :PORT wins. */
      RdTarget *with_port = rd_target_copy_with_port (entry->target, port);

      rd_target_unref (entry->target);
      entry->target = with_port;
    }
  return entry;
}

/* The next entry of the list, or NULL at its end. */
static Entry *
read_entry (Sweep *sweep)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint number = 0;

  if (sweep->list_ended)
    return NULL;
  if (rd_host_list_next (sweep->list, &number, &text, &error))
    return entry_new (number, text, sweep->port_given, sweep->port);

  /* Checked before the first computer started: only a file that changed
   * since can fail here. */
  if (error != NULL)
    {
      g_printerr ("rdp-doctor: %s\n", error->message);
      sweep->status = RD_EXIT_USAGE;
    }
  sweep->list_ended = TRUE;
  return NULL;
}

/* Before anything is checked, the whole list is read once as it will be:
 * text, no line too long, at least one computer; then it is back at its
 * first line. Nothing of it is kept. */
static gboolean
check_list (RdHostList  *list,
            guint       *n_entries,
            GError     **error)
{
  guint number;
  char *text;

  *n_entries = 0;
  while (rd_host_list_next (list, &number, &text, error))
    {
      g_free (text);
      (*n_entries)++;
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  if (*n_entries == 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _("The list names no computer: write one a line."));
      return FALSE;
    }
  return rd_host_list_rewind (list, error);
}

static void
print_not_checked (Sweep *sweep,
                   Entry *entry)
{
  if (sweep->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "input");
      json_builder_add_string_value (builder, entry->input);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "not-checked");
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, entry->line);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }
  else
    g_print ("%s  %s  %s\n", entry->input, "not-checked", _("Not checked: the sweep was stopped."));
}

/* What this line adds to the exit status: 2 for a line that is not a
 * computer, else 3 when its checks could not run, else 1 for a problem. */
static void
count_entry (Sweep *sweep,
             Entry *entry)
{
  if (entry->target == NULL)
    sweep->status = RD_EXIT_USAGE;
  else if (entry->report == NULL && sweep->status != RD_EXIT_USAGE)
    sweep->status = RD_EXIT_INTERNAL;
  else if (entry->report != NULL && rd_report_get_verdict (entry->report) != RD_VERDICT_HEALTHY &&
           sweep->status == RD_EXIT_HEALTHY)
    sweep->status = RD_EXIT_CAUSE;
}

static void
print_entry (Sweep *sweep,
             Entry *entry)
{
  if (entry->not_checked)
    {
      print_not_checked (sweep, entry);
      return;
    }
  if (sweep->json)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      JsonObject *object;

      if (entry->report != NULL)
        root = rd_report_to_json (entry->report);
      else
        {
          root = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (root, json_object_new ());
          json_object_set_string_member (json_node_get_object (root), "input", entry->input);
          json_object_set_string_member (json_node_get_object (root), "error", entry->error);
        }
      object = json_node_get_object (root);
      if (entry->first_try != NULL)
        {
          JsonObject *retested = json_object_new ();

          json_object_set_string_member (retested, "first", entry->first_try);
          json_object_set_object_member (object, "retested", retested);
        }
      json_object_set_int_member (object, "line", entry->line);
      text = json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }
  else if (entry->report != NULL)
    {
      g_autofree char *where = rd_target_to_string (rd_report_get_target (entry->report));
      const RdCause *cause = rd_report_get_main_cause (entry->report);

      g_print ("%s  %s  %s", where, cause != NULL ? cause->name : "healthy",
               cause != NULL ? cause->title : _("No problem found"));
      /* What the first try under the sweep's load saw, as the JSON's
       * "retested" says it. */
      if (entry->first_try != NULL)
        {
          g_print ("  ");
          /* TRANSLATORS: the end of a sweep's line; %s is a cause id */
          g_print (_("(checked again alone; the first try saw %s)"), entry->first_try);
        }
      g_print ("\n");
    }
  else
    g_print ("%s  %s  %s\n", entry->input, "error", entry->error);
}

/* In the list's order: an entry waits for those before it. Printed, it is
 * gone: a long list takes no more memory than the window being checked. */
static void
print_ready (Sweep *sweep)
{
  while (!g_queue_is_empty (&sweep->window))
    {
      Entry *entry = g_queue_peek_head (&sweep->window);

      if (!entry->done)
        break;
      g_queue_pop_head (&sweep->window);
      print_entry (sweep, entry);
      count_entry (sweep, entry);
      entry_free (entry);
    }
}

/* Causes a busy listener produces as readily as a broken one: connects
 * that go unanswered or take a second (a full backlog drops SYNs: filtered
 * port, high latency, handshakes cut short by the MSS probes' timeouts), a
 * listener that accepts and drops or resets (one that is past its own
 * connection limit), handshakes that stall or time out (a server slow to
 * answer because our other connections keep it busy). Under the sweep's
 * own load none of them is named before the computer was tried alone.
 * A refused port (RST), a wrong certificate, a protocol the server refuses
 * or a name that does not resolve do not come from load. */
static const RdCauseId load_sensitive_causes[] = {
  RD_CAUSE_PORT_FILTERED,
  RD_CAUSE_HIGH_LATENCY,
  RD_CAUSE_HANDSHAKE_TIMEOUT,
  RD_CAUSE_HANDSHAKE_INTERMITTENT,
  RD_CAUSE_LISTENER_DROPS_CONNECTIONS,
  RD_CAUSE_SERVER_SLOW,
  RD_CAUSE_TLS_HANDSHAKE_TERMINATED,
  RD_CAUSE_MTU_BLACKHOLE,
  RD_CAUSE_NLA_FAILED,
};

gboolean
rd_sweep_cause_is_load_sensitive (RdCauseId id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (load_sensitive_causes); i++)
    if (id == load_sensitive_causes[i])
      return TRUE;
  return FALSE;
}

/* The first cause of @report that our own load could have produced, or NULL. */
static const char *
load_sensitive_cause (RdReport *report)
{
  GPtrArray *causes = rd_report_get_causes (report);

  /* Notes of a healthy report name nothing to act on. */
  if (rd_report_get_verdict (report) == RD_VERDICT_HEALTHY)
    return NULL;
  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      const RdCause *cause = g_ptr_array_index (causes, i);

      if (rd_sweep_cause_is_load_sensitive (cause->id))
        return cause->name;
    }
  return NULL;
}

static void start_more (Sweep *sweep);

typedef struct
{
  Sweep *sweep;
  Entry *entry;
} RunData;

static void
show_progress (Sweep *sweep,
               Entry *entry)
{
  g_autofree char *where = rd_target_to_string (entry->target);
  const RdCause *cause = entry->report != NULL ? rd_report_get_main_cause (entry->report) : NULL;

  g_printerr ("[%u/%u] %s: %s%s\n", sweep->finished, sweep->total, where,
              entry->report == NULL ? "error" : cause != NULL ? cause->name : "healthy",
              entry->first_try != NULL ? _(" (checked again alone)") : "");
}

static void
entry_finished (Sweep *sweep,
                Entry *entry)
{
  entry->done = TRUE;
  sweep->finished++;
  if (sweep->progress)
    show_progress (sweep, entry);
}

/* When the same computer already failed so alone, a first try that saw the
 * same under load is named as it is, without trying again: finished, TRUE. */
static gboolean
confirmed_alone (Sweep *sweep,
                 Entry *entry)
{
  g_autofree char *where = rd_target_to_string (entry->target);

  if (g_strcmp0 (g_hash_table_lookup (sweep->confirmed, where), entry->first_try) != 0)
    return FALSE;
  entry_finished (sweep, entry);
  return TRUE;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunData *data = user_data;
  Sweep *sweep = data->sweep;
  Entry *entry = data->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) report = rd_report_new_from_run (RD_RUNNER (source), result, &error);
  const char *load_cause = report != NULL ? load_sensitive_cause (report) : NULL;

  entry->running = FALSE;
  sweep->running--;
  if (entry->retested)
    sweep->retests_running--;
  else
    sweep->since_backoff++;
  g_object_unref (source);
  g_free (data);

  if (report != NULL && load_cause != NULL && entry->crowded && !entry->retested &&
      !g_cancellable_is_cancelled (sweep->cancellable))
    {
      /* Maybe our own doing: tried again alone before it is named, and
       * fewer at once meanwhile. Its first report waits with it. */
      entry->first_try = g_strdup (load_cause);
      entry->report = g_steal_pointer (&report);
      if (!confirmed_alone (sweep, entry))
        {
          g_queue_push_tail (&sweep->retests, entry);
          /* Half as many at once, at most once a round. */
          if (sweep->since_backoff >= sweep->jobs_now)
            {
              sweep->jobs_now = MAX (1, sweep->jobs_now / 2);
              sweep->since_backoff = 0;
            }
          sweep->calm = 0;
          sweep->ramping = FALSE;
        }
    }
  else
    {
      if (entry->retested && load_cause != NULL)
        {
          /* It fails alone too: not our load; back to the pace before, and
           * the next retests several at once (a list with many computers
           * switched off must not take a timeout each, one after another). */
          sweep->jobs_now = MIN (sweep->jobs_max, sweep->jobs_now * 2);
          sweep->retest_jobs = MIN (sweep->jobs_max, sweep->retest_jobs * 2);
          g_hash_table_replace (sweep->confirmed, rd_target_to_string (entry->target),
                                g_strdup (load_cause));
        }
      else if (entry->retested)
        /* Healthy alone: it was our load; the next retests one at a time. */
        sweep->retest_jobs = 1;
      else if (load_cause == NULL && sweep->jobs_now < sweep->jobs_max &&
               ++sweep->calm >= sweep->jobs_now)
        {
          /* A round of clean results: twice as many until the first sign
           * of our own load, one more after it. */
          sweep->jobs_now = MIN (sweep->jobs_max, sweep->ramping ? sweep->jobs_now * 2
                                                                 : sweep->jobs_now + 1);
          sweep->calm = 0;
        }
      g_clear_pointer (&entry->report, rd_report_unref);
      entry->report = g_steal_pointer (&report);
      if (entry->report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        entry->not_checked = TRUE;
      else if (entry->report == NULL)
        entry->error = g_strdup (error != NULL ? error->message : _("Internal error"));
      entry_finished (sweep, entry);
    }

  start_more (sweep);
}

static void
start_entry (Sweep *sweep,
             Entry *entry)
{
  RdRunner *runner = rd_runner_new (entry->target);
  RunData *data = g_new0 (RunData, 1);

  if (sweep->running > 0)
    {
      /* Each of those running, and this one, shares the network and the
       * hosts with another now. */
      entry->crowded = TRUE;
      for (GList *l = sweep->window.head; l != NULL; l = l->next)
        {
          Entry *other = l->data;

          if (other->running)
            other->crowded = TRUE;
        }
    }
  rd_runner_set_timeout (runner, sweep->timeout_ms);
  data->sweep = sweep;
  data->entry = entry;
  entry->running = TRUE;
  sweep->running++;
  rd_runner_run_async (runner, sweep->cancellable, on_run_done, data);
}

static void
start_more (Sweep *sweep)
{
  print_ready (sweep);
  if (g_cancellable_is_cancelled (sweep->cancellable))
    {
      if (sweep->running == 0)
        g_main_loop_quit (sweep->loop);
      return;
    }

  /* Computers to try again wait for a round's worth of them (or the end
   * of the list, or a full window); then no first try starts until they
   * are done, and they start once no first try runs: one at a time,
   * alone, until failures that stay so show it is not our load
   * (retest_jobs). */
  if (!sweep->retesting && !g_queue_is_empty (&sweep->retests) &&
      (g_queue_get_length (&sweep->retests) >= sweep->jobs_now || sweep->list_ended ||
       g_queue_get_length (&sweep->window) >= MAX_WINDOW))
    sweep->retesting = TRUE;
  while (sweep->retesting && !g_queue_is_empty (&sweep->retests) &&
         sweep->running == sweep->retests_running && sweep->retests_running < sweep->retest_jobs)
    {
      Entry *entry = g_queue_pop_head (&sweep->retests);

      if (confirmed_alone (sweep, entry))
        continue;
      g_clear_pointer (&entry->report, rd_report_unref);
      entry->retested = TRUE;
      entry->crowded = FALSE;
      start_entry (sweep, entry);
      sweep->retests_running++;
    }
  if (sweep->retesting && (!g_queue_is_empty (&sweep->retests) || sweep->retests_running > 0))
    {
      print_ready (sweep);
      return;
    }
  sweep->retesting = FALSE;

  while (sweep->running < sweep->jobs_now)
    {
      Entry *entry;

      /* A full window may be printed from, unless its first still runs. */
      if (g_queue_get_length (&sweep->window) >= MAX_WINDOW)
        {
          print_ready (sweep);
          if (g_queue_get_length (&sweep->window) >= MAX_WINDOW)
            break;
        }
      entry = read_entry (sweep);
      if (entry == NULL)
        break;
      g_queue_push_tail (&sweep->window, entry);
      if (!entry->done)
        start_entry (sweep, entry);
    }

  print_ready (sweep);
  /* The end of the list, or a window full, with retests queued: their
   * turn, now (the test at the top lets them start). */
  if (!g_queue_is_empty (&sweep->retests) && (sweep->list_ended || sweep->running == 0))
    {
      start_more (sweep);
      return;
    }
  if (sweep->running == 0)
    g_main_loop_quit (sweep->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Sweep *sweep = user_data;

  g_cancellable_cancel (sweep->cancellable);
  return G_SOURCE_CONTINUE;
}

/* A list of a whole farm is a few kilobytes; /dev/zero is endless. */
#define MAX_LIST_SIZE (16 * 1024 * 1024)

static gboolean
list_too_large (const char  *path,
                GError     **error)
{
  g_autofree char *limit = g_format_size (MAX_LIST_SIZE);

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _("The list of computers “%s” is larger than %s; give one computer a line."),
               path, limit);
  return FALSE;
}

/* Opens the list: a regular file (opened without blocking, its type
 * checked on the descriptor) is read as it is needed; standard input that
 * is not one is read whole first, never more than MAX_LIST_SIZE. Then it is
 * checked (check_list()) and ready from its first line; *@fd is the
 * descriptor to close, or -1. */
static RdHostList *
open_list (const char  *path,
           int         *fd_out,
           guint       *n_entries,
           GError     **error)
{
  g_autoptr(RdHostList) list = NULL;
  gboolean from_stdin = g_strcmp0 (path, "-") == 0;
  struct stat buf;
  int fd;

  *fd_out = -1;
  fd = from_stdin ? STDIN_FILENO : g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &buf) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0 && !from_stdin)
        close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  if (!from_stdin && !S_ISREG (buf.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not an ordinary file, so it cannot be a list of computers."), path);
      return NULL;
    }

  if (S_ISREG (buf.st_mode) && lseek (fd, 0, SEEK_CUR) == 0)
    {
      if (!from_stdin)
        g_unix_set_fd_nonblocking (fd, FALSE, NULL);
      if (buf.st_size > MAX_LIST_SIZE)
        {
          if (!from_stdin)
            close (fd);
          list_too_large (path, error);
          return NULL;
        }
      list = rd_host_list_new_for_fd (fd);
      if (!check_list (list, n_entries, error))
        {
          if (!from_stdin)
            close (fd);
          return NULL;
        }
      *fd_out = from_stdin ? -1 : fd;
      return g_steal_pointer (&list);
    }

  {
    g_autoptr(GString) contents = g_string_new (NULL);
    int saved_errno = 0;

    if (!rd_file_read_bounded (fd, MAX_LIST_SIZE, contents, &saved_errno))
      {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                     "%s: %s", path, g_strerror (saved_errno));
        return NULL;
      }
    if (contents->len > MAX_LIST_SIZE)
      {
        list_too_large (path, error);
        return NULL;
      }
    list = rd_host_list_new_for_data (g_steal_pointer (&contents));
    if (!check_list (list, n_entries, error))
      return NULL;
    return g_steal_pointer (&list);
  }
}

static void
close_list (Sweep *sweep)
{
  g_clear_pointer (&sweep->list, rd_host_list_free);
  if (sweep->list_fd >= 0)
    close (sweep->list_fd);
}

/**
 * rd_sweep_main:
 * @path: the list, one computer a line (blank lines and # comments
 *   skipped, also after a computer); "-" reads standard input
 * @jobs: how many computers to check at the same time
 * @per_address: how many connects to one address at once (0: no bound)
 * @port: with @port_given, the port of lines that name none
 *
 * Checks every computer of @path, @jobs at a time, and prints one line per
 * computer in the list's order: the compact report JSON with its "line"
 * (@json), or "HOST  cause-id  title". A computer whose result may come
 * from the sweep's own load is checked again alone before its cause is
 * named (its JSON says "retested"), and fewer run at once meanwhile.
 *
 * Returns: the exit code: 2 when a line is not a computer (or the list
 *   cannot be read), else 3 when checks could not run, else 1 when a
 *   problem was found, else 0; 130 when interrupted
 */
int
rd_sweep_main (const char *path,
               guint       jobs,
               guint       per_address,
               guint       timeout_ms,
               gboolean    port_given,
               guint16     port,
               gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Sweep sweep = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  sweep.list = open_list (path, &sweep.list_fd, &sweep.total, &error);
  if (sweep.list == NULL)
    {
      g_printerr ("rdp-doctor: %s\n", error->message);
      return RD_EXIT_USAGE;
    }

  rd_limiter_configure (per_address, RD_LIMITER_DEFAULT_GAP_MS);
  g_queue_init (&sweep.window);
  g_queue_init (&sweep.retests);
  sweep.confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sweep.port_given = port_given;
  sweep.port = port;
  sweep.jobs_max = jobs;
  sweep.jobs_now = MIN (jobs, RD_SWEEP_FIRST_JOBS);
  sweep.ramping = TRUE;
  sweep.retest_jobs = 1;
  sweep.timeout_ms = timeout_ms;
  sweep.json = json;
  sweep.progress = isatty (STDERR_FILENO);
  sweep.cancellable = cancellable;
  sweep.loop = loop;

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &sweep);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &sweep);
  start_more (&sweep);
  if (sweep.running > 0)
    g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (g_cancellable_is_cancelled (cancellable))
    {
      Entry *entry;

      /* Every line gets its own: what was left is marked as such, the
       * rest of the list too. */
      g_queue_clear (&sweep.retests);
      do
        {
          for (GList *l = sweep.window.head; l != NULL; l = l->next)
            {
              entry = l->data;
              if (!entry->done && entry->target != NULL)
                entry->not_checked = TRUE;
              entry->done = TRUE;
            }
          print_ready (&sweep);
          entry = read_entry (&sweep);
          if (entry != NULL)
            g_queue_push_tail (&sweep.window, entry);
        }
      while (entry != NULL);
      g_printerr ("%s\n", _("Stopped."));
      close_list (&sweep);
      rd_limiter_configure (0, 0);
      g_hash_table_unref (sweep.confirmed);
      return 130;
    }

  status = sweep.status;
  g_queue_clear_full (&sweep.window, (GDestroyNotify) entry_free);
  close_list (&sweep);
  rd_limiter_configure (0, 0);
  g_hash_table_unref (sweep.confirmed);
  return status;
}
