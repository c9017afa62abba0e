/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The connections saved in the person's own apps, read from a fake home
 * folder: Remmina's two folders, GNOME Connections' list, the recently
 * used .rdp files, and files that must be skipped with a warning. */
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "rd-connections.h"
#include "rd-connections-db.h"
#include "rd-unit-util.h"

typedef struct
{
  char        *root;
  char        *home;
  char        *data;
  char        *config;
  RdSavedDirs  dirs;
} Home;

static char *
put (const char *dir,
     const char *name,
     const char *data,
     gssize      length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

static void
home_set_up (Home          *h,
             gconstpointer  data)
{
  h->root = g_dir_make_tmp ("rd-saved-XXXXXX", NULL);
  g_assert_nonnull (h->root);
  h->home = g_build_filename (h->root, "home", NULL);
  h->data = g_build_filename (h->root, "data", NULL);
  h->config = g_build_filename (h->root, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (h->home, 0700), ==, 0);
  h->dirs = (RdSavedDirs) { h->home, h->data, h->config };
}

static void
home_tear_down (Home          *h,
                gconstpointer  data)
{
  rd_test_remove_tree (h->root);
  g_free (h->root);
  g_free (h->home);
  g_free (h->data);
  g_free (h->config);
}

static const RdSavedConnection *
nth (GPtrArray *list,
     guint      i)
{
  g_assert_cmpuint (i, <, list->len);
  return g_ptr_array_index (list, i);
}

static void
test_empty (Home          *h,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = rd_saved_connections_find (&h->dirs, &warnings);

  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_remmina (Home          *h,
              gconstpointer  data)
{
  g_autofree char *remmina = g_build_filename (h->data, "remmina", NULL);
  g_autofree char *legacy = g_build_filename (h->home, ".remmina", NULL);
  g_autofree char *office = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *text = NULL;

  office = put (remmina, "1690000000000.remmina",
                "[remmina]\nname=Office PC\nprotocol=RDP\nserver=office.example.com:3390\n"
                "security=nla\ngateway_server=gw.example.com\ngateway_usage=0\n", -1);
  g_free (put (remmina, "vnc.remmina", "[remmina]\nname=VNC box\nprotocol=VNC\nserver=pc\n", -1));
  g_free (put (remmina, "notes.txt", "[remmina]\nname=Not a profile\nserver=pc\n", -1));
  g_free (put (remmina, "z-escape.remmina",
               "[remmina]\nname=Evil\\n\x1b[2Jname\t!\nserver=pc03\n", -1));
  /* No protocol: Remmina's default is RDP; no name: the file's. */
  g_free (put (legacy, "old-box.remmina", "[remmina]\nserver=[2001:db8::7]:3391\n", -1));

  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (list->len, ==, 3);
  /* A terminal is not told to clear itself. */
  g_assert_cmpstr (nth (list, 1)->name, ==, "Evil  [2Jname !");

  g_assert_cmpint (nth (list, 0)->source, ==, RD_SAVED_SOURCE_REMMINA);
  g_assert_cmpstr (nth (list, 0)->name, ==, "Office PC");
  g_assert_cmpstr (nth (list, 0)->path, ==, office);
  g_assert_cmpstr (nth (list, 0)->security, ==, "nla");
  g_assert_cmpstr (rd_target_get_host (nth (list, 0)->target), ==, "office.example.com");
  g_assert_cmpuint (rd_target_get_port (nth (list, 0)->target), ==, 3390);
  g_assert_cmpstr (rd_target_get_source_file (nth (list, 0)->target), ==, office);
  g_assert_true (rd_target_uses_rdgateway (nth (list, 0)->target));
  text = rd_saved_connection_get_target_text (nth (list, 0));
  g_assert_cmpstr (text, ==, "office.example.com:3390 through gw.example.com");
  g_clear_pointer (&text, g_free);

  g_assert_cmpstr (nth (list, 2)->name, ==, "old-box");
  g_assert_null (nth (list, 2)->security);
  text = rd_saved_connection_get_target_text (nth (list, 2));
  g_assert_cmpstr (text, ==, "[2001:db8::7]:3391");
}

/* The same folder twice (the legacy one a link to the new one) is read once. */
static void
test_remmina_same_folder (Home          *h,
                          gconstpointer  data)
{
  g_autofree char *remmina = g_build_filename (h->data, "remmina", NULL);
  g_autofree char *legacy = g_build_filename (h->home, ".remmina", NULL);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_free (put (remmina, "a.remmina", "[remmina]\nname=A\nserver=pc01\n", -1));
  g_assert_cmpint (symlink (remmina, legacy), ==, 0);
  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_bad_files (Home          *h,
                gconstpointer  data)
{
  g_autofree char *legacy = g_build_filename (h->home, ".remmina", NULL);
  g_autofree char *fifo = g_build_filename (legacy, "fifo.remmina", NULL);
  g_autofree char *loop = g_build_filename (legacy, "loop.remmina", NULL);
  g_autofree char *device = g_build_filename (legacy, "device.remmina", NULL);
  g_autofree char *dir = g_build_filename (legacy, "dir.remmina", NULL);
  g_autofree char *huge = g_malloc (2 * 1024 * 1024);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;
  static const char *const expected[] = {
    "bad-utf8", "binary", "device", "dir", "fifo", "huge", "loop", "no-server", "syntax",
  };

  memset (huge, '#', 2 * 1024 * 1024);
  memcpy (huge, "[remmina]\nserver=pc01\n", 22);
  g_free (put (legacy, "huge.remmina", huge, 2 * 1024 * 1024));
  g_free (put (legacy, "bad-utf8.remmina", "[remmina]\nname=B\xfcro\nserver=pc01\n", -1));
  g_free (put (legacy, "binary.remmina", "[remmina]\nserver=pc\0\x01\x02", 20));
  g_free (put (legacy, "no-server.remmina", "[remmina]\nname=Nothing\nprotocol=RDP\n", -1));
  g_free (put (legacy, "syntax.remmina", "this is no key file\n", -1));
  g_free (put (legacy, "good.remmina", "[remmina]\nname=Good\nserver=pc02\n", -1));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("loop.remmina", loop), ==, 0);
  g_assert_cmpint (symlink ("/dev/null", device), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);

  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (nth (list, 0)->name, ==, "Good");

  /* One warning each, naming the file, in the order of the names. */
  g_assert_cmpuint (warnings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < warnings->len; i++)
    {
      const char *warning = g_ptr_array_index (warnings, i);
      g_autofree char *file = g_strconcat (expected[i], ".remmina", NULL);

      g_test_message ("%s", warning);
      g_assert_nonnull (strstr (warning, file));
      g_assert_true (g_utf8_validate (warning, -1, NULL));
    }
}

static void
test_gnome_connections (Home          *h,
                        gconstpointer  data)
{
  g_autofree char *flatpak = g_build_filename (h->home, ".var/app/org.gnome.Connections/config", NULL);
  g_autofree char *db = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;

  db = put (h->config, "connections.db",
            "[11111111-1111-4111-8111-111111111111]\n"
            "protocol=rdp\nhost=lab.example.com\nport=3390\ndisplay-name=Lab machine\n"
            "uri=rdp://lab.example.com:3390\n\n"
            "[22222222-2222-4222-8222-222222222222]\n"
            "protocol=vnc\nhost=vnc.example.com\nport=5900\ndisplay-name=VNC\n\n"
            "[33333333-3333-4333-8333-333333333333]\n"
            "protocol=rdp\nhost=2001:db8::9\nport=3389\ndisplay-name=\n\n"
            "[44444444-4444-4444-8444-444444444444]\n"
            "protocol=rdp\nhost=bad name\nport=3389\ndisplay-name=Broken\n", -1);
  g_free (put (flatpak, "connections.db",
               "[55555555-5555-4555-8555-555555555555]\n"
               "protocol=rdp\nhost=10.1.2.3\ndisplay-name=From the Flatpak\n", -1));

  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "bad name"));

  g_assert_cmpint (nth (list, 0)->source, ==, RD_SAVED_SOURCE_GNOME_CONNECTIONS);
  g_assert_cmpstr (nth (list, 0)->name, ==, "Lab machine");
  g_assert_cmpstr (nth (list, 0)->path, ==, db);
  g_assert_cmpstr (nth (list, 0)->id, ==, "11111111-1111-4111-8111-111111111111");
  g_assert_cmpstr (rd_target_get_host (nth (list, 0)->target), ==, "lab.example.com");
  g_assert_cmpuint (rd_target_get_port (nth (list, 0)->target), ==, 3390);
  /* Connect Now opens it in Connections again. */
  g_assert_cmpstr (rd_target_get_app (nth (list, 0)->target), ==, "gnome-connections");

  /* No name: the computer, as GNOME Connections shows it. */
  g_assert_cmpstr (nth (list, 1)->name, ==, "2001:db8::9");
  g_assert_cmpint (rd_target_get_kind (nth (list, 1)->target), ==, RD_TARGET_KIND_IPV6);

  g_assert_cmpstr (nth (list, 2)->name, ==, "From the Flatpak");
  g_assert_false (rd_target_get_port_explicit (nth (list, 2)->target));
}

static void
test_connections_db_parse (void)
{
  static const char text[] =
    "[a]\nprotocol=RDP\nhost=  pc1  \nport=99999\n"
    "[b]\nprotocol=rdp\n"
    "[c]\nprotocol=rdp\nhost=[::1]\nport=3391\ndisplay-name=Six\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  RdConnectionsDbEntry *entry;

  entries = rd_connections_db_parse ((const guint8 *) text, strlen (text), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->host, ==, "pc1");
  g_assert_cmpint (entry->port, ==, -1);
  g_assert_null (entry->name);
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->host, ==, "[::1]");
  g_assert_cmpint (entry->port, ==, 3391);

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = rd_connections_db_parse ((const guint8 *) text, strlen (text), 1, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);

  entries = rd_connections_db_parse ((const guint8 *) "[a]\nhost=\xff\n", 10, 10, &error);
  g_assert_null (entries);
  g_assert_nonnull (error);
}

static void
put_xbel (Home        *h,
          const char  *bookmarks)
{
  g_autofree char *text = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<xbel version=\"1.0\" xmlns:bookmark=\"http://www.freedesktop.org/standards/desktop-bookmarks\""
    " xmlns:mime=\"http://www.freedesktop.org/standards/shared-mime-info\">\n%s</xbel>\n",
    bookmarks);

  g_free (put (h->data, "recently-used.xbel", text, -1));
}

static char *
bookmark (const char *uri,
          const char *mime)
{
  return g_strdup_printf ("<bookmark href=\"%s\" added=\"2026-01-01T00:00:00Z\""
                          " modified=\"2026-01-01T00:00:00Z\" visited=\"2026-01-01T00:00:00Z\">"
                          "<info><metadata owner=\"http://freedesktop.org\">"
                          "<mime:mime-type type=\"%s\"/></metadata></info></bookmark>\n",
                          uri, mime);
}

static void
test_recent_files (Home          *h,
                   gconstpointer  data)
{
  g_autofree char *docs = g_build_filename (h->home, "Documents", NULL);
  g_autofree char *work = put (docs, "Work PC.rdp", "full address:s:work-pc:3390\r\n", -1);
  g_autofree char *other = put (docs, "other.RDP", "full address:s:other-pc\r\n", -1);
  g_autofree char *broken = put (docs, "broken.rdp", "screen mode id:i:2\r\n", -1);
  g_autofree char *text = put (docs, "notes.txt", "full address:s:pc\r\n", -1);
  g_autofree char *work_uri = g_filename_to_uri (work, NULL, NULL);
  g_autofree char *other_uri = g_filename_to_uri (other, NULL, NULL);
  g_autofree char *broken_uri = g_filename_to_uri (broken, NULL, NULL);
  g_autofree char *text_uri = g_filename_to_uri (text, NULL, NULL);
  g_autofree char *gone_uri = g_strconcat (work_uri, ".gone.rdp", NULL);
  g_autofree char *b1 = bookmark (work_uri, "application/x-rdp");
  g_autofree char *b2 = bookmark (other_uri, "application/octet-stream");
  g_autofree char *b3 = bookmark (broken_uri, "application/x-rdp");
  g_autofree char *b4 = bookmark (text_uri, "text/plain");
  g_autofree char *b5 = bookmark (gone_uri, "application/x-rdp");
  g_autofree char *b6 = bookmark ("sftp://server/x.rdp", "application/x-rdp");
  g_autofree char *all = g_strconcat (b1, b2, b3, b4, b5, b6, NULL);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;

  put_xbel (h, all);
  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (list->len, ==, 2);
  /* The newest (last added) first. */
  g_assert_cmpint (nth (list, 0)->source, ==, RD_SAVED_SOURCE_RDP_FILE);
  g_assert_cmpstr (nth (list, 0)->name, ==, "other");
  g_assert_cmpstr (nth (list, 1)->name, ==, "Work PC");
  g_assert_cmpstr (nth (list, 1)->path, ==, work);
  g_assert_cmpuint (rd_target_get_port (nth (list, 1)->target), ==, 3390);
  g_assert_cmpstr (rd_target_get_source_file (nth (list, 1)->target), ==, work);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "broken.rdp"));
}

static void
test_recent_files_damaged (Home          *h,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_free (put (h->data, "recently-used.xbel", "<xbel><bookmark href=", -1));
  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "recently-used.xbel"));
}

static void
test_bounded (Home          *h,
              gconstpointer  data)
{
  g_autofree char *remmina = g_build_filename (h->data, "remmina", NULL);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) list = NULL;

  for (guint i = 0; i < RD_CONNECTIONS_MAX + 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.remmina", i);
      g_autofree char *text = g_strdup_printf ("[remmina]\nname=PC %u\nserver=pc%u\n", i, i);

      g_free (put (remmina, name, text, -1));
    }
  list = rd_saved_connections_find (&h->dirs, &warnings);
  g_assert_cmpuint (list->len, ==, RD_CONNECTIONS_MAX);
  g_assert_cmpstr (nth (list, 0)->name, ==, "PC 0");
}

static GPtrArray *
named (const char * const *names)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_saved_connection_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      RdSavedConnection *connection = g_new0 (RdSavedConnection, 1);

      connection->name = g_strdup (names[i]);
      connection->path = g_strdup ("/nowhere");
      connection->target = rd_target_parse ("pc01", NULL);
      g_ptr_array_add (list, connection);
    }
  return list;
}

static void
test_lookup (void)
{
  const char *names[] = { "Office PC", "Office PC 2", "Offsite backup", "Lab machine",
                          "Büro", "Reception", NULL };
  g_autoptr(GPtrArray) list = named (names);
  g_autoptr(GPtrArray) candidates = NULL;
  const RdSavedConnection *found;
  gboolean ambiguous;

  /* Exact, any case, wins over a longer name it starts. */
  found = rd_saved_connections_lookup (list, "office pc", &ambiguous, &candidates);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->name, ==, "Office PC");
  g_assert_null (candidates);

  found = rd_saved_connections_lookup (list, "BÜRO", &ambiguous, &candidates);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->name, ==, "Büro");

  /* A unique prefix, then a unique part. */
  found = rd_saved_connections_lookup (list, "lab", &ambiguous, NULL);
  g_assert_cmpstr (found->name, ==, "Lab machine");
  found = rd_saved_connections_lookup (list, "backup", &ambiguous, NULL);
  g_assert_cmpstr (found->name, ==, "Offsite backup");

  /* Ambiguous: the ones that fit. */
  found = rd_saved_connections_lookup (list, "off", &ambiguous, &candidates);
  g_assert_null (found);
  g_assert_true (ambiguous);
  g_assert_cmpuint (candidates->len, ==, 3);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* Unknown: the close ones, closest first. */
  found = rd_saved_connections_lookup (list, "Recepton", &ambiguous, &candidates);
  g_assert_null (found);
  g_assert_false (ambiguous);
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpstr (((RdSavedConnection *) g_ptr_array_index (candidates, 0))->name, ==, "Reception");
  g_clear_pointer (&candidates, g_ptr_array_unref);

  found = rd_saved_connections_lookup (list, "zzzzzz", &ambiguous, &candidates);
  g_assert_null (found);
  g_assert_cmpuint (candidates->len, ==, 0);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  found = rd_saved_connections_lookup (list, "", &ambiguous, &candidates);
  g_assert_null (found);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* Not UTF-8 and very long: no match, no crash. */
  {
    g_autofree char *longer = g_strnfill (10000, 'x');

    g_assert_null (rd_saved_connections_lookup (list, longer, &ambiguous, NULL));
    g_assert_null (rd_saved_connections_lookup (list, "Off\xff", &ambiguous, &candidates));
    g_assert_cmpuint (candidates->len, ==, 0);
  }
}

static void
test_json (Home          *h,
           gconstpointer  data)
{
  g_autofree char *remmina = g_build_filename (h->data, "remmina", NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *first;

  g_free (put (remmina, "a.remmina", "[remmina]\nname=A \"quoted\"\nserver=pc01\nsecurity=tls\n", -1));
  list = rd_saved_connections_find (&h->dirs, NULL);
  node = rd_saved_connections_to_json (list);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  first = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "source"), ==, "remmina");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "A \"quoted\"");
  g_assert_cmpstr (json_object_get_string_member (first, "target"), ==, "pc01:3389");
  g_assert_cmpstr (json_object_get_string_member (first, "security"), ==, "tls");
  g_assert_false (json_object_has_member (first, "gateway"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/saved-connections/" path, Home, NULL, home_set_up, func, home_tear_down)
  ADD ("empty", test_empty);
  ADD ("remmina", test_remmina);
  ADD ("remmina-same-folder", test_remmina_same_folder);
  ADD ("bad-files", test_bad_files);
  ADD ("gnome-connections", test_gnome_connections);
  ADD ("recent-files", test_recent_files);
  ADD ("recent-files-damaged", test_recent_files_damaged);
  ADD ("bounded", test_bounded);
  ADD ("json", test_json);
#undef ADD
  g_test_add_func ("/saved-connections/connections-db", test_connections_db_parse);
  g_test_add_func ("/saved-connections/lookup", test_lookup);

  return g_test_run ();
}
