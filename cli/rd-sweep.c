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
#include "rd-report.h"
#include "rd-sweep.h"

typedef struct
{
  guint     line;        /* in the file, from 1 */
  char     *input;       /* as written there, without a comment or password */
  RdTarget *target;      /* NULL when the line is not a computer */
  char     *error;       /* why not, or why the checks could not run */
  RdReport *report;     /* until its line is printed */
  gboolean  done;
  gboolean  not_checked; /* stopped before its checks finished */
} Entry;

typedef struct
{
  GPtrArray    *entries;  /* Entry* */
  guint         next;     /* the next entry to start */
  guint         printed;  /* entries printed so far, in order */
  guint         running;
  guint         jobs_max;
  guint         finished;
  guint         timeout_ms;
  gboolean      json;
  gboolean      progress;
  GCancellable *cancellable;
  GMainLoop    *loop;
  int           status;   /* the exit status of the lines printed so far */
} Sweep;

static void
entry_free (Entry *entry)
{
  g_free (entry->input);
  g_clear_pointer (&entry->target, rd_target_unref);
  g_free (entry->error);
  g_clear_pointer (&entry->report, rd_report_unref);
  g_free (entry);
}

static gboolean
is_rdp_file (const char *text)
{
  gsize len = strlen (text);

  return len > 4 && g_ascii_strcasecmp (text + len - 4, ".rdp") == 0;
}

/* The computer of one line: what is left once a comment ("#" at the start
 * or after a space, outside quotes) and the spaces around are taken off,
 * without the quotes of a quoted path ("My PCs/work.rdp"). Empty for a
 * blank line or a comment. */
static char *
line_computer (const char *line,
               gsize       length)
{
  g_autofree char *text = g_strndup (line, length);
  char quote = '\0';
  gsize n;

  for (char *p = text; *p != '\0'; p++)
    {
      if (quote != '\0')
        {
          if (*p == quote)
            quote = '\0';
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '#' && (p == text || g_ascii_isspace (p[-1])))
        {
          *p = '\0';
          break;
        }
    }

  g_strstrip (text);
  n = strlen (text);
  if (n >= 2 && (text[0] == '"' || text[0] == '\'') && text[n - 1] == text[0])
    {
      memmove (text, text + 1, n - 2);
      text[n - 2] = '\0';
    }
  return g_steal_pointer (&text);
}

/* One entry per line that is not blank or a # comment. Lines end in LF,
 * CR LF or CR alone; a byte order mark before the first is not part of it. */
static GPtrArray *
parse_lines (const char *contents,
             gsize       length,
             gboolean    port_given,
             guint16     port)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  const char *end = contents + length;
  const char *p = contents;
  guint number = 0;

  if (length >= 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      const char *line = p;
      Entry *entry;

      while (p < end && *p != '\r' && *p != '\n')
        p++;
      number++;
      text = line_computer (line, p - line);
      if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n')
        p++;
      if (p < end)
        p++;

      if (*text == '\0')
        continue;

      entry = g_new0 (Entry, 1);
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
      g_ptr_array_add (entries, entry);
    }
  return entries;
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

      if (entry->report != NULL)
        root = rd_report_to_json (entry->report);
      else
        {
          root = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (root, json_object_new ());
          json_object_set_string_member (json_node_get_object (root), "input", entry->input);
          json_object_set_string_member (json_node_get_object (root), "error", entry->error);
        }
      json_object_set_int_member (json_node_get_object (root), "line", entry->line);
      text = json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }
  else if (entry->report != NULL)
    {
      g_autofree char *where = rd_target_to_string (rd_report_get_target (entry->report));
      const RdCause *cause = rd_report_get_main_cause (entry->report);

      g_print ("%s  %s  %s\n", where, cause != NULL ? cause->name : "healthy",
               cause != NULL ? cause->title : _("No problem found"));
    }
  else
    g_print ("%s  %s  %s\n", entry->input, "error", entry->error);
}

/* In the list's order: an entry waits for those before it. */
static void
print_ready (Sweep *sweep)
{
  while (sweep->printed < sweep->entries->len)
    {
      Entry *entry = g_ptr_array_index (sweep->entries, sweep->printed);

      if (!entry->done)
        break;
      print_entry (sweep, entry);
      count_entry (sweep, entry);
      /* Printed: nothing of it is needed again, so a long list takes no
       * more memory than the checks running at once. */
      g_clear_pointer (&entry->report, rd_report_unref);
      g_clear_pointer (&entry->target, rd_target_unref);
      g_clear_pointer (&entry->error, g_free);
      sweep->printed++;
    }
}

static void start_more (Sweep *sweep);

typedef struct
{
  Sweep *sweep;
  Entry *entry;
} RunData;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunData *data = user_data;
  Sweep *sweep = data->sweep;
  Entry *entry = data->entry;
  g_autoptr(GError) error = NULL;

  entry->report = rd_report_new_from_run (RD_RUNNER (source), result, &error);
  if (entry->report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    entry->not_checked = TRUE;
  else if (entry->report == NULL)
    entry->error = g_strdup (error != NULL ? error->message : _("Internal error"));
  entry->done = TRUE;
  sweep->running--;
  sweep->finished++;
  g_object_unref (source);
  g_free (data);

  if (sweep->progress)
    {
      g_autofree char *where = rd_target_to_string (entry->target);
      const RdCause *cause = entry->report != NULL ? rd_report_get_main_cause (entry->report) : NULL;

      g_printerr ("[%u/%u] %s: %s\n", sweep->finished, sweep->entries->len, where,
                  entry->report == NULL ? "error" : cause != NULL ? cause->name : "healthy");
    }

  print_ready (sweep);
  start_more (sweep);
}

static void
start_more (Sweep *sweep)
{
  if (g_cancellable_is_cancelled (sweep->cancellable))
    {
      if (sweep->running == 0)
        g_main_loop_quit (sweep->loop);
      return;
    }

  while (sweep->running < sweep->jobs_max && sweep->next < sweep->entries->len)
    {
      Entry *entry = g_ptr_array_index (sweep->entries, sweep->next++);
      RdRunner *runner;
      RunData *data;

      if (entry->done)
        continue;
      runner = rd_runner_new (entry->target);
      rd_runner_set_timeout (runner, sweep->timeout_ms);
      data = g_new0 (RunData, 1);
      data->sweep = sweep;
      data->entry = entry;
      sweep->running++;
      rd_runner_run_async (runner, sweep->cancellable, on_run_done, data);
    }

  print_ready (sweep);
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

static char *
read_error (const char  *path,
            int          saved_errno,
            GError     **error)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", path, g_strerror (saved_errno));
  return NULL;
}

/* The list, from a regular file (opened without blocking, its type checked
 * on the descriptor) or standard input, never more than MAX_LIST_SIZE. */
static char *
read_list (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  gboolean from_stdin = g_strcmp0 (path, "-") == 0;
  struct stat buf;
  int fd;

  fd = from_stdin ? STDIN_FILENO : g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return read_error (path, errno, error);
  if (!from_stdin && (fstat (fd, &buf) != 0 || !S_ISREG (buf.st_mode)))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not an ordinary file, so it cannot be a list of computers."), path);
      return NULL;
    }
  if (!from_stdin)
    g_unix_set_fd_nonblocking (fd, FALSE, NULL);

  {
    int saved_errno = 0;

    if (!rd_file_read_bounded (fd, MAX_LIST_SIZE, buffer, &saved_errno))
      {
        if (!from_stdin)
          close (fd);
        return read_error (path, saved_errno, error);
      }
  }
  if (!from_stdin)
    close (fd);

  if (buffer->len > MAX_LIST_SIZE)
    {
      g_autofree char *limit = g_format_size (MAX_LIST_SIZE);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The list of computers “%s” is larger than %s; give one computer a line."),
                   path, limit);
      return NULL;
    }
  *length = buffer->len;
  return g_string_free (g_steal_pointer (&buffer), FALSE);
}

/**
 * rd_sweep_main:
 * @path: the list, one computer a line (blank lines and # comments
 *   skipped, also after a computer); "-" reads standard input
 * @jobs: how many computers to check at the same time
 * @port: with @port_given, the port of lines that name none
 *
 * Checks every computer of @path, @jobs at a time, and prints one line per
 * computer in the list's order: the compact report JSON with its "line"
 * (@json), or "HOST  cause-id  title".
 *
 * Returns: the exit code: 2 when a line is not a computer (or the list
 *   cannot be read), else 3 when checks could not run, else 1 when a
 *   problem was found, else 0; 130 when interrupted
 */
int
rd_sweep_main (const char *path,
               guint       jobs,
               guint       timeout_ms,
               gboolean    port_given,
               guint16     port,
               gboolean    json)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *contents = read_list (path, &length, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Sweep sweep = { 0 };
  guint sigint_id, sigterm_id;
  int status = RD_EXIT_HEALTHY;

  if (contents == NULL)
    {
      g_printerr ("rdp-doctor: %s\n", error->message);
      return RD_EXIT_USAGE;
    }
  /* A NUL byte inside fails too, as in any binary file. */
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_printerr ("rdp-doctor: %s\n", _("The list of computers is not text (UTF-8)."));
      return RD_EXIT_USAGE;
    }

  sweep.entries = parse_lines (contents, length, port_given, port);
  sweep.jobs_max = jobs;
  sweep.timeout_ms = timeout_ms;
  sweep.json = json;
  sweep.progress = isatty (STDERR_FILENO);
  sweep.cancellable = cancellable;
  sweep.loop = loop;

  if (sweep.entries->len == 0)
    {
      g_printerr ("rdp-doctor: %s\n", _("The list names no computer: write one a line."));
      g_ptr_array_unref (sweep.entries);
      return RD_EXIT_USAGE;
    }

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &sweep);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &sweep);
  start_more (&sweep);
  if (sweep.running > 0)
    g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (g_cancellable_is_cancelled (cancellable))
    {
      /* Every line gets its own: what was left is marked as such. */
      for (guint i = sweep.printed; i < sweep.entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (sweep.entries, i);

          if (!entry->done && entry->target != NULL)
            entry->not_checked = TRUE;
          entry->done = TRUE;
        }
      print_ready (&sweep);
      g_printerr ("%s\n", _("Stopped."));
      g_ptr_array_unref (sweep.entries);
      return 130;
    }

  status = sweep.status;
  g_ptr_array_unref (sweep.entries);
  return status;
}
