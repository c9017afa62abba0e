/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "rd-cause-private.h"
#include "rd-compare-page.h"
#include "rd-compare-page-private.h"
#include "rd-remedies.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "rd-test-util.h"
#include "rd-window-private.h"

/* A test that crashes must not leave the host behind, holding the test
 * runner's output pipe open. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * rd_fault_host_start:
 * @modes: NULL-terminated fault-host.py modes
 *
 * Starts tests/lab/fault-host.py on 127.0.0.1 with one listener per mode on
 * a free port, and waits (at most 15 s) for its ready file.
 */
RdFaultHost *
rd_fault_host_start (const char * const *modes)
{
  return rd_fault_host_start_with_cert (modes, NULL, NULL);
}

/**
 * rd_fault_host_start_with_cert:
 * @cert: (nullable): PEM certificate for the TLS modes, relative to tests/ui/data
 * @key: (nullable): its key
 */
RdFaultHost *
rd_fault_host_start_with_cert (const char * const *modes,
                               const char         *cert,
                               const char         *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *source_dir = g_getenv ("RD_SOURCE_DIR");
  RdFaultHost *host = g_new0 (RdFaultHost, 1);
  g_autofree char *ready = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  gint64 deadline;

  g_assert_nonnull (source_dir);
  host->ready_dir = g_dir_make_tmp ("rd-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  ready = g_build_filename (host->ready_dir, "ready.json", NULL);

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_build_filename (source_dir, "tests", "lab", "fault-host.py", NULL));
  g_ptr_array_add (argv, g_strdup ("--bind"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  for (guint i = 0; modes[i] != NULL; i++)
    {
      g_ptr_array_add (argv, g_strdup ("--listen"));
      g_ptr_array_add (argv, g_strdup_printf ("%s=0", modes[i]));
    }
  if (cert != NULL && key != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--cert"));
      g_ptr_array_add (argv, g_build_filename (source_dir, "tests", "ui", "data", cert, NULL));
      g_ptr_array_add (argv, g_strdup ("--key"));
      g_ptr_array_add (argv, g_build_filename (source_dir, "tests", "ui", "data", key, NULL));
    }
  g_ptr_array_add (argv, g_strdup ("--ready-file"));
  g_ptr_array_add (argv, g_strdup (ready));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  host->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!g_file_test (ready, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *listeners;
    g_autoptr(GList) members = NULL;

    json_parser_load_from_file (parser, ready, &error);
    g_assert_no_error (error);
    listeners = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                               "listeners");
    host->ports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    members = json_object_get_members (listeners);
    for (GList *l = members; l != NULL; l = l->next)
      g_hash_table_insert (host->ports, g_strdup (l->data),
                           GUINT_TO_POINTER ((guint) json_object_get_int_member (listeners, l->data)));
  }
  g_unlink (ready);
  return host;
}

guint
rd_fault_host_port (RdFaultHost *host,
                    const char  *mode)
{
  guint port = GPOINTER_TO_UINT (g_hash_table_lookup (host->ports, mode));

  g_assert_cmpuint (port, >, 0);
  return port;
}

char *
rd_fault_host_target (RdFaultHost *host,
                      const char  *mode)
{
  return g_strdup_printf ("127.0.0.1:%u", rd_fault_host_port (host, mode));
}

void
rd_fault_host_stop (RdFaultHost *host)
{
  if (host == NULL)
    return;
  g_subprocess_send_signal (host->process, SIGTERM);
  g_subprocess_wait (host->process, NULL, NULL);
  g_object_unref (host->process);
  g_hash_table_unref (host->ports);
  g_rmdir (host->ready_dir);
  g_free (host->ready_dir);
  g_free (host);
}

GApplication *
rd_test_application (void)
{
  static GApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = G_APPLICATION (rd_application_new ());
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
      g_application_register (app, NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

gboolean
rd_test_wait_until (RdTestPredicate predicate,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      /* Never block: a worker's result arrives as an idle. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2 * 1000);
    }
  return TRUE;
}

void
rd_test_wait_ms (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2 * 1000);
}

void
rd_test_collect (GtkWidget *root,
                 GType      type,
                 GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rd_test_collect (child, type, out);
}

GtkWidget *
rd_test_find_by_type (GtkWidget *root,
                      GType      type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, type, all);
  return all->len > 0 ? g_ptr_array_index (all, 0) : NULL;
}

/* Renders what @window shows now, as the compositor would get it, into
 * the PNG file @path. */
void
rd_test_save_png (GtkWidget  *window,
                  const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Opens every disclosure under @root, as a person who wants to read all. */
void
rd_test_expand_all (GtkWidget *root)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_EXPANDER, all);
  for (guint i = 0; i < all->len; i++)
    gtk_expander_set_expanded (g_ptr_array_index (all, i), TRUE);
}

GtkWidget *
rd_test_find_button (GtkWidget  *root,
                     const char *action_name)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_BUTTON, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (all, i)), action_name) == 0)
      return g_ptr_array_index (all, i);
  return NULL;
}

void
rd_test_set_up_kiosk (const char * const *presets)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; presets[i] != NULL && presets[i + 1] != NULL; i += 2)
    g_variant_builder_add (&builder, "(ss)", presets[i], presets[i + 1]);
  g_settings_set_value (settings, "preset-hosts", g_variant_builder_end (&builder));
  g_settings_set_boolean (settings, "allow-custom-host", FALSE);
  g_settings_set_boolean (settings, "allow-apply-fixes", FALSE);
  g_settings_set_string (settings, "helpdesk-name", "IT Service Desk");
  g_settings_set_string (settings, "helpdesk-phone", "+1 555 0100");
  g_settings_set_string (settings, "helpdesk-url", "help.example.com");
  g_settings_set_uint (settings, "idle-reset-seconds", 0);
}

static gboolean
not_running (gpointer data)
{
  return !rd_window_is_running (data);
}

void
rd_test_destroy_window (RdWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (not_running, window, 5000));
  g_object_unref (window);
  rd_test_wait_ms (20);
}

gboolean
rd_test_run_finished (gpointer data)
{
  RdWindow *window = data;
  RdPage *page = rd_window_get_current_page (window);

  return !rd_window_is_running (window) &&
         page != rd_window_get_page (window, "welcome") &&
         page != rd_window_get_page (window, "checking");
}

GtkWidget *
rd_test_find_label (GtkWidget  *root,
                    const char *text)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  rd_test_collect (root, GTK_TYPE_LABEL, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (all, i)), text) == 0)
      return g_ptr_array_index (all, i);
  return NULL;
}

guint
rd_test_closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint port;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

RdReport *
rd_test_report_with (RdReport           *base,
                     const char * const *cause_ids,
                     RdTestEditFunc      edit,
                     gpointer            data)
{
  g_autoptr(JsonNode) root = rd_report_to_json (base);
  JsonObject *object = json_node_get_object (root);
  JsonArray *old_causes = json_object_get_array_member (object, "causes");
  g_autoptr(JsonArray) causes = json_array_new ();
  g_autoptr(GHashTable) findings = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RdReport *report;
  GPtrArray *list = rd_report_get_findings (base);

  for (guint i = 0; i < list->len; i++)
    g_hash_table_insert (findings, (gpointer) rd_finding_get_check_id (g_ptr_array_index (list, i)),
                         g_ptr_array_index (list, i));
  for (guint i = 0; cause_ids != NULL && cause_ids[i] != NULL; i++)
    {
      g_autoptr(RdCause) cause = rd_cause_new (rd_cause_id_from_string (cause_ids[i]), RD_SEVERITY_ERROR, 0.99);

      rd_remedies_describe (cause, rd_report_get_target (base), findings);
      json_array_add_element (causes, rd_cause_to_json (cause));
    }
  for (guint i = 0; i < json_array_get_length (old_causes); i++)
    json_array_add_element (causes, json_array_dup_element (old_causes, i));
  json_object_set_array_member (object, "causes", json_array_ref (causes));
  if (edit != NULL)
    edit (object, data);

  text = json_to_string (root, FALSE);
  report = rd_report_new_from_json_data (text, -1, &error);
  g_assert_no_error (error);
  return report;
}

/**
 * rd_test_filtered_port:
 *
 * A loopback port that answers nothing, as a firewall that drops packets:
 * a listener with a backlog of one that never accepts, already full, so the
 * kernel drops every further SYN. Needs no firewall rule. The sockets stay
 * open until the test ends.
 */
guint
rd_test_filtered_port (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof address;
  int listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int filler = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (listener, >=, 0);
  g_assert_cmpint (bind (listener, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (listener, 0), ==, 0);
  g_assert_cmpint (getsockname (listener, (struct sockaddr *) &address, &length), ==, 0);
  g_assert_cmpint (connect (filler, (struct sockaddr *) &address, sizeof address), ==, 0);
  return ntohs (address.sin_port);
}

RdWindow *
rd_test_new_window (void)
{
  RdWindow *window = rd_window_new (GTK_APPLICATION (rd_test_application ()));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

void
rd_test_close_window (RdWindow *window)
{
  /* Closing destroys the window; keep it to see its workers end. */
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (rd_test_wait_until (not_running, window, 5000));
  g_object_unref (window);
  rd_test_wait_ms (20);
}

void
rd_test_move_target (JsonObject *root,
                     gpointer    data)
{
  JsonObject *target = json_object_get_object_member (root, "target");
  guint port = GPOINTER_TO_UINT (data);
  g_autofree char *input = g_strdup_printf ("127.0.0.1:%u", port);

  json_object_set_int_member (target, "port", port);
  json_object_set_string_member (target, "input", input);
}

gboolean
rd_test_compare_done (gpointer data)
{
  RdWindow *window = data;

  return !rd_window_is_running (window) &&
         rd_compare_page_get_here_report (RD_COMPARE_PAGE (rd_window_get_page (window, "compare"))) != NULL;
}

void
rd_test_accept_tls_only (JsonObject *root,
                         gpointer    data)
{
  JsonArray *checks = json_object_get_array_member (root, "checks");

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "id"), "negotiate"))
        {
          JsonObject *evidence = json_object_get_object_member (check, "evidence");

          json_object_set_boolean_member (evidence, "tls_only_accepted", TRUE);
          json_object_set_boolean_member (evidence, "nla_required", FALSE);
        }
    }
}
