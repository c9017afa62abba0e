/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "rd-connections.h"
#include "rd-connections-db.h"
#include "rd-names.h"
#include "rd-rdp-file.h"
#include "rd-recent-files.h"
#include "rd-remmina-file.h"
#include "rd-target-private.h"

/* Where the apps keep them (see the README's list of formats):
 * Remmina: $XDG_DATA_HOME/remmina/ and the older ~/.remmina/
 *   (remmina_file_get_datadir() in Remmina's src/remmina_file_manager.c);
 * GNOME Connections: $XDG_CONFIG_HOME/connections.db (src/database.vala),
 *   ~/.var/app/org.gnome.Connections/config/connections.db as a Flatpak;
 * recent files: $XDG_DATA_HOME/recently-used.xbel (GtkRecentManager,
 *   the format of GLib's GBookmarkFile). */
#define FLATPAK_CONNECTIONS_CONFIG ".var/app/org.gnome.Connections/config"
#define RDP_MIME_TYPE "application/x-rdp"

/* Names are compared up to this many characters for suggestions. */
#define MAX_DISTANCE_LENGTH 64
#define MAX_CANDIDATES 5
#define MAX_NAME_LENGTH 200

void
rd_saved_connection_free (RdSavedConnection *connection)
{
  if (connection == NULL)
    return;
  g_free (connection->name);
  g_free (connection->path);
  g_free (connection->id);
  g_free (connection->security);
  g_clear_pointer (&connection->target, rd_target_unref);
  g_free (connection);
}

static const char * const source_names[] = {
  [RD_SAVED_SOURCE_REMMINA] = "remmina",
  [RD_SAVED_SOURCE_GNOME_CONNECTIONS] = "gnome-connections",
  [RD_SAVED_SOURCE_RDP_FILE] = "rdp-file",
};

/* rd_saved_source_to_string: the source's stable id, "rdp-file" for none */
RD_DEFINE_ENUM_TO_STRING (RdSavedSource, rd_saved_source, source_names, "rdp-file")

/**
 * rd_saved_source_get_app_name:
 *
 * Returns: where the connection was saved, in words for a person
 */
const char *
rd_saved_source_get_app_name (RdSavedSource source)
{
  switch (source)
    {
    case RD_SAVED_SOURCE_REMMINA:
      return "Remmina";
    case RD_SAVED_SOURCE_GNOME_CONNECTIONS:
      /* Translators: the app's name as GNOME shows it */
      return _("GNOME Connections");
    case RD_SAVED_SOURCE_RDP_FILE:
    default:
      return _("Remote Desktop file");
    }
}

/**
 * rd_saved_connection_get_target_text:
 *
 * Returns: (transfer full): the computer as a person writes it ("pc01",
 *   "pc01:3390", "[2001:db8::1]:3390"), with the gateway when it has one
 */
char *
rd_saved_connection_get_target_text (const RdSavedConnection *connection)
{
  const RdTarget *target;
  g_autofree char *computer = NULL;

  g_return_val_if_fail (connection != NULL, NULL);

  target = connection->target;
  if (rd_target_get_port (target) == RD_DEFAULT_PORT)
    computer = g_strdup (rd_target_get_display_host (target));
  else if (rd_target_get_kind (target) == RD_TARGET_KIND_IPV6)
    computer = g_strdup_printf ("[%s]:%u", rd_target_get_display_host (target),
                                (guint) rd_target_get_port (target));
  else
    computer = g_strdup_printf ("%s:%u", rd_target_get_display_host (target),
                                (guint) rd_target_get_port (target));

  if (!rd_target_uses_rdgateway (target))
    return g_steal_pointer (&computer);
  /* Translators: a computer, then the Remote Desktop Gateway it is reached through */
  return g_strdup_printf (_("%s through %s"), computer,
                          rd_target_get_rdgateway_display_host (target));
}

typedef struct
{
  GPtrArray  *connections;
  GPtrArray  *warnings;
  GHashTable *seen;        /* paths (and ids) already read */
} Finder;

static void
warn (Finder     *finder,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (Finder     *finder,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (finder->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
is_full (Finder *finder)
{
  return finder->connections->len >= RD_CONNECTIONS_MAX;
}

/* Each file once, also when two folders are the same one through a link. */
static gboolean
first_time (Finder     *finder,
            const char *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  g_autofree char *real = realpath (canonical, NULL);
  const char *key = real != NULL ? real : canonical;

  if (g_hash_table_contains (finder->seen, key))
    return FALSE;
  g_hash_table_add (finder->seen, g_strdup (key));
  return TRUE;
}

/* A name as a line of text can show it: no control characters (a terminal
 * would obey them), at most MAX_NAME_LENGTH characters. Takes @name. */
static char *
clean_name (char *name)
{
  g_autofree char *owned = name;
  GString *clean = g_string_new (NULL);
  guint n = 0;

  for (const char *p = owned; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == MAX_NAME_LENGTH)
        {
          g_string_append (clean, "…");
          break;
        }
      g_string_append_unichar (clean, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (clean, FALSE);
}

static RdSavedConnection *
add (Finder             *finder,
     RdSavedSource  source,
     char               *name,
     const char         *path,
     RdTarget           *target)
{
  RdSavedConnection *connection = g_new0 (RdSavedConnection, 1);

  connection->source = source;
  connection->name = clean_name (name);
  connection->path = g_strdup (path);
  connection->target = target;
  g_ptr_array_add (finder->connections, connection);
  return connection;
}

static gboolean
has_suffix_ascii_case (const char *text,
                       const char *suffix)
{
  gsize text_length = strlen (text);
  gsize suffix_length = strlen (suffix);

  return text_length >= suffix_length &&
         g_ascii_strcasecmp (text + text_length - suffix_length, suffix) == 0;
}

/* The file's name without its extension, for display. */
static char *
name_from_path (const char *path,
                gsize       suffix_length)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *shown = NULL;
  gsize length = strlen (base);

  if (length > suffix_length)
    base[length - suffix_length] = '\0';
  shown = g_filename_display_name (base);
  return g_steal_pointer (&shown);
}

/* Reads one connection file; one that cannot be read gets a warning, a
 * profile of another protocol is left out in silence. */
static void
read_file (Finder             *finder,
           RdSavedSource  source,
           const char         *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *security = NULL;
  RdTarget *target;
  gsize length = 0;

  if (!first_time (finder, path))
    return;

  if (!rd_target_read_file (path, RD_RDP_FILE_MAX_SIZE, &data, &length, &error))
    {
      /* Translators: %s says why a saved connection was skipped */
      warn (finder, _("Skipped a saved connection: %s"), error->message);
      return;
    }

  if (source == RD_SAVED_SOURCE_REMMINA)
    {
      g_autofree char *protocol =
        rd_remmina_file_parse_setting ((const guint8 *) data, length, "protocol");

      /* A VNC or SSH profile is no Remote Desktop connection, not a fault. */
      if (protocol != NULL && g_ascii_strcasecmp (protocol, "RDP") != 0)
        return;
      name = rd_remmina_file_parse_setting ((const guint8 *) data, length, "name");
      security = rd_remmina_file_parse_setting ((const guint8 *) data, length, "security");
    }

  target = rd_target_new_from_file_data (path, data, length, &error);
  if (target == NULL)
    {
      warn (finder, _("Skipped a saved connection: %s"), error->message);
      return;
    }

  if (name == NULL)
    name = name_from_path (path, source == RD_SAVED_SOURCE_REMMINA ? strlen (".remmina")
                                                                        : strlen (".rdp"));
  add (finder, source, g_steal_pointer (&name), path, target)->security =
    g_steal_pointer (&security);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every *.remmina file of @dir, in the order of their names. */
static void
read_remmina_dir (Finder     *finder,
                  const char *dir_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint scanned = 0;

  if (!g_file_test (dir_path, G_FILE_TEST_EXISTS) || !first_time (finder, dir_path))
    return;

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      g_autofree char *shown = g_filename_display_name (dir_path);

      /* Translators: %s is a folder, then why it could not be read */
      warn (finder, _("Could not read the Remmina profiles in “%s”: %s."), shown, error->message);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL && scanned++ < RD_CONNECTIONS_MAX_SCANNED)
    if (has_suffix_ascii_case (name, ".remmina"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len && !is_full (finder); i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);

      read_file (finder, RD_SAVED_SOURCE_REMMINA, path);
    }
}

/* Whether @path is missing altogether (no warning for that): not even a
 * dangling link. */
static gboolean
is_missing (const char *path)
{
  GStatBuf buf;

  return g_lstat (path, &buf) != 0 && errno == ENOENT;
}

static void
read_connections_db (Finder     *finder,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (is_missing (path) || !first_time (finder, path))
    return;

  if (!rd_target_read_file (path, RD_REMMINA_FILE_MAX_SIZE, &data, &length, &error))
    {
      warn (finder, _("Skipped GNOME Connections’ list: %s"), error->message);
      return;
    }
  entries = rd_connections_db_parse ((const guint8 *) data, length,
                                     RD_CONNECTIONS_MAX, &error);
  if (entries == NULL)
    {
      g_autofree char *shown = g_filename_display_name (path);

      /* Translators: %s is a file; the technical reason follows */
      warn (finder, _("Skipped GNOME Connections’ list “%s”: it is damaged (%s)."),
            shown, error->message);
      return;
    }

  for (guint i = 0; i < entries->len && !is_full (finder); i++)
    {
      RdConnectionsDbEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GError) target_error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *host = NULL;
      RdTarget *target;
      gsize host_length = strlen (entry->host);

      /* "[v6]" as the link gave it, or a bare IPv6 address. */
      if (host_length > 2 && entry->host[0] == '[' && entry->host[host_length - 1] == ']')
        host = g_strndup (entry->host + 1, host_length - 2);
      else
        host = g_strdup (entry->host);
      if (strchr (host, ':') != NULL)
        text = entry->port > 0 ? g_strdup_printf ("[%s]:%d", host, entry->port)
                               : g_strdup_printf ("[%s]", host);
      else
        text = entry->port > 0 ? g_strdup_printf ("%s:%d", host, entry->port)
                               : g_strdup (host);

      target = rd_target_parse (text, &target_error);
      if (target == NULL)
        {
          warn (finder, _("Skipped a saved connection: %s"), target_error->message);
          continue;
        }
      rd_target_set_app (target, "gnome-connections");
      add (finder, RD_SAVED_SOURCE_GNOME_CONNECTIONS,
           g_strdup (entry->name != NULL ? entry->name : host), path, target)->id =
        g_strdup (entry->id);
    }
}

/* The .rdp files of GTK's list of recently used files, most recent first. */
static void
read_recent_files (Finder     *finder,
                   const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *data = NULL;
  g_autofree char *shown = NULL;
  gsize length = 0;
  GStatBuf buf;

  if (is_missing (path))
    return;
  shown = g_filename_display_name (path);

  if (g_stat (path, &buf) == 0 && buf.st_size > RD_CONNECTIONS_RECENT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (RD_CONNECTIONS_RECENT_MAX_SIZE);

      /* Translators: %s is a file, then a size such as "16.8 MB" */
      warn (finder, _("Skipped the list of recently used files “%s”: it is larger than %s."),
            shown, size);
      return;
    }
  if (!rd_target_read_file (path, RD_CONNECTIONS_RECENT_MAX_SIZE, &data, &length, &error))
    {
      warn (finder, _("Skipped the list of recently used files: %s"), error->message);
      return;
    }

  files = rd_recent_files_parse ((const guint8 *) data, length, RD_CONNECTIONS_MAX_SCANNED, &error);
  if (files == NULL)
    {
      warn (finder, _("Skipped the list of recently used files “%s”: it is damaged (%s)."),
            shown, error->message);
      return;
    }

  /* GTK adds at the end; the newest first is what a person expects. */
  for (guint n = files->len; n > 0 && !is_full (finder); n--)
    {
      const RdRecentFile *recent = g_ptr_array_index (files, n - 1);
      g_autofree char *file = NULL;
      g_autofree char *host = NULL;

      if (g_strcmp0 (recent->mime_type, RDP_MIME_TYPE) != 0 &&
          !has_suffix_ascii_case (recent->uri, ".rdp"))
        continue;
      file = g_filename_from_uri (recent->uri, &host, NULL);
      /* Another computer's file, or one since deleted, is no longer a
       * connection of this user's. */
      if (file == NULL || (host != NULL && g_ascii_strcasecmp (host, "localhost") != 0) ||
          is_missing (file))
        continue;
      read_file (finder, RD_SAVED_SOURCE_RDP_FILE, file);
    }
}

/**
 * rd_saved_connections_find:
 * @dirs: (nullable): where to look instead of the user's own folders
 * @warnings: (out) (optional) (transfer full) (element-type utf8): a
 *   sentence for each file that was skipped
 *
 * Reads the Remote Desktop connections the user saved: Remmina's RDP
 * profiles, GNOME Connections' RDP connections and the .rdp files of the
 * recently used files, in that order, at most %RD_CONNECTIONS_MAX. Other
 * protocols are left out without a warning. This reads files: call it from
 * a worker thread where blocking matters.
 *
 * Returns: (transfer full) (element-type RdSavedConnection): the connections
 */
GPtrArray *
rd_saved_connections_find (const RdSavedDirs *dirs,
                     GPtrArray             **warnings)
{
  const char *home = dirs != NULL && dirs->home_dir != NULL ? dirs->home_dir : g_get_home_dir ();
  const char *data = dirs != NULL && dirs->data_dir != NULL ? dirs->data_dir : g_get_user_data_dir ();
  const char *config = dirs != NULL && dirs->config_dir != NULL ? dirs->config_dir
                                                                : g_get_user_config_dir ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found_warnings = g_ptr_array_new_with_free_func (g_free);
  Finder finder = {
    .connections = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_saved_connection_free),
    .warnings = found_warnings,
    .seen = seen,
  };
  g_autofree char *remmina = g_build_filename (data, "remmina", NULL);
  g_autofree char *remmina_legacy = g_build_filename (home, ".remmina", NULL);
  g_autofree char *db = g_build_filename (config, "connections.db", NULL);
  g_autofree char *db_flatpak = g_build_filename (home, FLATPAK_CONNECTIONS_CONFIG,
                                                  "connections.db", NULL);
  g_autofree char *recent = g_build_filename (data, "recently-used.xbel", NULL);

  read_remmina_dir (&finder, remmina);
  read_remmina_dir (&finder, remmina_legacy);
  read_connections_db (&finder, db);
  read_connections_db (&finder, db_flatpak);
  read_recent_files (&finder, recent);

  if (warnings != NULL)
    *warnings = g_steal_pointer (&found_warnings);
  return finder.connections;
}

/* Case and compatibility forms folded, for comparing names. */
static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : "", -1);
}

/* Levenshtein distance over characters, the strings cut at
 * MAX_DISTANCE_LENGTH characters. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gunichar sa[MAX_DISTANCE_LENGTH], sb[MAX_DISTANCE_LENGTH];
  guint row[MAX_DISTANCE_LENGTH + 1];
  guint la = 0, lb = 0;

  for (const char *p = a; *p != '\0' && la < MAX_DISTANCE_LENGTH; p = g_utf8_next_char (p))
    sa[la++] = g_utf8_get_char (p);
  for (const char *p = b; *p != '\0' && lb < MAX_DISTANCE_LENGTH; p = g_utf8_next_char (p))
    sb[lb++] = g_utf8_get_char (p);

  for (guint j = 0; j <= lb; j++)
    row[j] = j;
  for (guint i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = sa[i - 1] == sb[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

typedef enum
{
  MATCH_EXACT,
  MATCH_PREFIX,
  MATCH_SUBSTRING,
  N_MATCHES,
} MatchKind;

typedef struct
{
  const RdSavedConnection *connection;
  guint               distance;
} Scored;

static int
compare_scored (gconstpointer a,
                gconstpointer b)
{
  const Scored *sa = a, *sb = b;

  if (sa->distance != sb->distance)
    return sa->distance < sb->distance ? -1 : 1;
  return g_utf8_collate (sa->connection->name, sb->connection->name);
}

/**
 * rd_saved_connections_lookup:
 * @connections: (element-type RdSavedConnection): as rd_saved_connections_find() gave
 * @name: what the person typed
 * @ambiguous: (out) (optional): set when several connections fit equally
 * @candidates: (out) (optional) (transfer container) (element-type RdSavedConnection):
 *   without a match, the connections that fit (ambiguous) or whose names
 *   are close (at most five, the closest first); empty if none
 *
 * Finds a saved connection by its name, ignoring case: the one of exactly
 * that name, else the only one whose name starts with @name, else the only
 * one whose name contains it.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL
 */
const RdSavedConnection *
rd_saved_connections_lookup (GPtrArray   *connections,
                       const char  *name,
                       gboolean    *ambiguous,
                       GPtrArray  **candidates)
{
  GPtrArray *matches[N_MATCHES];
  const RdSavedConnection *found = NULL;
  g_autoptr(GArray) scored = g_array_new (FALSE, FALSE, sizeof (Scored));
  g_autofree char *wanted = NULL;
  g_autoptr(GPtrArray) close = g_ptr_array_new ();

  g_return_val_if_fail (connections != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (ambiguous != NULL)
    *ambiguous = FALSE;
  if (candidates != NULL)
    *candidates = NULL;

  wanted = fold (name);
  for (guint k = 0; k < N_MATCHES; k++)
    matches[k] = g_ptr_array_new ();

  for (guint i = 0; i < connections->len; i++)
    {
      const RdSavedConnection *connection = g_ptr_array_index (connections, i);
      g_autofree char *folded = fold (connection->name);

      if (wanted[0] == '\0')
        break;
      if (strcmp (folded, wanted) == 0)
        g_ptr_array_add (matches[MATCH_EXACT], (gpointer) connection);
      else if (g_str_has_prefix (folded, wanted))
        g_ptr_array_add (matches[MATCH_PREFIX], (gpointer) connection);
      else if (strstr (folded, wanted) != NULL)
        g_ptr_array_add (matches[MATCH_SUBSTRING], (gpointer) connection);
      else
        {
          /* "offce" is close to "Office PC": to its start as long as it. */
          glong n = g_utf8_strlen (wanted, -1);
          g_autofree char *start = g_utf8_substring (folded, 0, MIN (n, g_utf8_strlen (folded, -1)));
          Scored s = { connection, MIN (edit_distance (folded, wanted),
                                        edit_distance (start, wanted)) };

          g_array_append_val (scored, s);
        }
    }

  for (guint k = 0; k < N_MATCHES && found == NULL && close->len == 0; k++)
    {
      if (matches[k]->len == 1)
        found = g_ptr_array_index (matches[k], 0);
      else if (matches[k]->len > 1)
        {
          if (ambiguous != NULL)
            *ambiguous = TRUE;
          for (guint i = 0; i < matches[k]->len && i < MAX_CANDIDATES; i++)
            g_ptr_array_add (close, g_ptr_array_index (matches[k], i));
        }
    }
  for (guint k = 0; k < N_MATCHES; k++)
    g_ptr_array_unref (matches[k]);
  if (found != NULL)
    return found;
  if (close->len > 0)
    {
      if (candidates != NULL)
        *candidates = g_steal_pointer (&close);
      return NULL;
    }

  /* A typo: a third of the characters wrong (two at least, one in a
   * short name, where two would make everything close). */
  {
    glong n = g_utf8_strlen (wanted, -1);
    guint limit = n <= 3 ? 1 : MAX (2, (guint) MIN (n, MAX_DISTANCE_LENGTH) / 3);

    g_array_sort (scored, compare_scored);
    for (guint i = 0; i < scored->len && close->len < MAX_CANDIDATES; i++)
      {
        const Scored *s = &g_array_index (scored, Scored, i);

        if (s->distance <= limit)
          g_ptr_array_add (close, (gpointer) s->connection);
      }
  }
  if (candidates != NULL)
    *candidates = g_steal_pointer (&close);
  return NULL;
}

/**
 * rd_saved_connections_to_json:
 * @connections: (element-type RdSavedConnection): the connections
 *
 * Returns: (transfer full): an array of {"source", "name", "target",
 *   "file", and where known "id", "security", "gateway"}
 */
JsonNode *
rd_saved_connections_to_json (GPtrArray *connections)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (connections != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < connections->len; i++)
    {
      const RdSavedConnection *connection = g_ptr_array_index (connections, i);
      g_autofree char *target = rd_target_to_string (connection->target);
      g_autofree char *file = g_filename_display_name (connection->path);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, rd_saved_source_to_string (connection->source));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, connection->name);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, target);
      if (rd_target_uses_rdgateway (connection->target))
        {
          json_builder_set_member_name (builder, "gateway");
          json_builder_add_string_value (builder, rd_target_get_rdgateway_host (connection->target));
        }
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file);
      if (connection->id != NULL)
        {
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, connection->id);
        }
      if (connection->security != NULL)
        {
          json_builder_set_member_name (builder, "security");
          json_builder_add_string_value (builder, connection->security);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}
