/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-finding-private.h"
#include "rd-unit-util.h"

RdFinding *
rd_test_finding_new (const char *check_id,
                     RdStatus    status,
                     const char *evidence_json)
{
  RdFinding *finding = rd_finding_new (check_id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *evidence = rd_finding_get_evidence (finding);
  JsonObject *source;
  GList *members;

  rd_finding_set_status (finding, status);
  g_assert_true (json_parser_load_from_data (parser, evidence_json, -1, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  source = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (source);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (evidence, l->data, json_node_copy (json_object_get_member (source, l->data)));
  g_list_free (members);
  return finding;
}

RdReport *
rd_test_report_new_valist (const char *target_text,
                           RdFinding  *first,
                           va_list     rest)
{
  g_autoptr(RdTarget) target = rd_target_parse (target_text, NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);

  g_assert_nonnull (target);
  for (RdFinding *finding = first; finding != NULL; finding = va_arg (rest, RdFinding *))
    g_ptr_array_add (findings, finding);
  return rd_report_new (target, findings);
}

GPtrArray *
rd_test_diagnose (const char *target_text,
                  RdFinding  *first,
                  ...)
{
  g_autoptr(RdReport) report = NULL;
  va_list rest;

  va_start (rest, first);
  report = rd_test_report_new_valist (target_text, first, rest);
  va_end (rest);
  return g_ptr_array_ref (rd_report_get_causes (report));
}

const char *
rd_test_first_cause_id (GPtrArray *causes)
{
  return causes->len > 0 ? ((RdCause *) g_ptr_array_index (causes, 0))->name : NULL;
}

RdReport *
rd_test_report_new (const char *target_text,
                    RdFinding  *first,
                    ...)
{
  RdReport *report;
  va_list rest;

  va_start (rest, first);
  report = rd_test_report_new_valist (target_text, first, rest);
  va_end (rest);
  return report;
}

char *
rd_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return path;
}

void
rd_test_remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          g_chmod (child, 0700);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            rd_test_remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
rd_test_wait (const gboolean *done,
              guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (timeout_ms, on_wait_timeout, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  return *done;
}

struct _RdTestListener
{
  RdTestListenerMode  mode;
  int                 fd;
  int                 udp_fd;      /* SILENT only */
  int                 stop[2];     /* a byte on stop[1] ends the thread */
  char               *address;
  guint16             port;
  gboolean            ipv6;
  GThread            *thread;
  GArray             *held;        /* accepted fds, SILENT only; the thread's */
  guint               accepted;    /* atomic */
};

static gpointer
listener_thread (gpointer user_data)
{
  RdTestListener *self = user_data;

  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = self->fd, .events = POLLIN },
        { .fd = self->stop[0], .events = POLLIN },
      };
      int client;

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[1].revents != 0)
        break;
      if ((fds[0].revents & POLLIN) == 0)
        continue;
      client = accept4 (self->fd, NULL, NULL, SOCK_CLOEXEC);
      if (client < 0)
        continue;
      g_atomic_int_inc (&self->accepted);
      if (self->mode == RD_TEST_LISTENER_CLOSE)
        close (client);
      else
        g_array_append_val (self->held, client);
    }
  return NULL;
}

/* A socket of @type bound to @inet and @port (0: the kernel picks); -1 when
 * that fails. Sets *port to the port bound. */
static int
bind_socket (GInetAddress *inet,
             int           type,
             guint16      *port)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, *port);
  struct sockaddr_storage native = { 0 };
  socklen_t length = sizeof native;
  gboolean ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
  int fd = socket (ipv6 ? AF_INET6 : AF_INET, type | SOCK_CLOEXEC, 0);
  int one = 1;

  g_assert_true (g_socket_address_to_native (address, &native, sizeof native, NULL));
  if (fd < 0 ||
      (ipv6 && setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0) ||
      bind (fd, (struct sockaddr *) &native, g_socket_address_get_native_size (address)) < 0 ||
      getsockname (fd, (struct sockaddr *) &native, &length) < 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  *port = g_ntohs (ipv6 ? ((struct sockaddr_in6 *) &native)->sin6_port
                        : ((struct sockaddr_in *) &native)->sin_port);
  return fd;
}

RdTestListener *
rd_test_listener_new (const char         *address,
                      RdTestListenerMode  mode)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  RdTestListener *self;

  g_assert_nonnull (inet);
  g_assert_true (g_inet_address_get_is_loopback (inet));

  self = g_new0 (RdTestListener, 1);
  self->mode = mode;
  self->address = g_strdup (address);
  self->ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
  self->stop[0] = self->stop[1] = self->udp_fd = -1;
  /* A port free for TCP may be taken for UDP: a few tries. */
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      self->port = 0;
      self->fd = bind_socket (inet, SOCK_STREAM, &self->port);
      if (self->fd < 0)
        break;
      if (mode != RD_TEST_LISTENER_SILENT)
        break;
      self->udp_fd = bind_socket (inet, SOCK_DGRAM, &self->port);
      if (self->udp_fd >= 0)
        break;
      close (self->fd);
      self->fd = -1;
    }
  /* Room for every connection a run makes, accepted or not. */
  if (self->fd < 0 || listen (self->fd, 64) < 0 ||
      (mode == RD_TEST_LISTENER_SILENT && self->udp_fd < 0))
    {
      rd_test_listener_free (self);
      return NULL;
    }
  g_assert_true (g_unix_open_pipe (self->stop, FD_CLOEXEC, NULL));
  self->held = g_array_new (FALSE, FALSE, sizeof (int));
  self->thread = g_thread_new ("rd-test-listener", listener_thread, self);
  return self;
}

guint16
rd_test_listener_get_port (RdTestListener *self)
{
  return self->port;
}

char *
rd_test_listener_dup_target (RdTestListener *self)
{
  return g_strdup_printf (self->ipv6 ? "[%s]:%u" : "%s:%u", self->address, self->port);
}

guint
rd_test_listener_get_accepted (RdTestListener *self)
{
  return g_atomic_int_get (&self->accepted);
}

void
rd_test_listener_free (RdTestListener *self)
{
  if (self == NULL)
    return;
  if (self->thread != NULL)
    {
      g_assert_cmpint (write (self->stop[1], "x", 1), ==, 1);
      g_thread_join (self->thread);
    }
  for (guint i = 0; self->held != NULL && i < self->held->len; i++)
    close (g_array_index (self->held, int, i));
  g_clear_pointer (&self->held, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->stop); i++)
    if (self->stop[i] >= 0)
      close (self->stop[i]);
  if (self->fd >= 0)
    close (self->fd);
  if (self->udp_fd >= 0)
    close (self->udp_fd);
  g_free (self->address);
  g_free (self);
}
