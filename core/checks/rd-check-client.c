/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rd-check.h"
#include "rd-check-client.h"
#include "rd-file.h"
#include "rd-json.h"
#include "rd-known-hosts.h"
#include "rd-net.h"

/* Read here, not through g_get_user_config_dir(): GLib keeps its first
 * answer for the life of the process. */
static char *
config_home (void)
{
  const char *xdg = g_getenv ("XDG_CONFIG_HOME");
  const char *home = g_getenv ("HOME");

  if (xdg != NULL && xdg[0] != '\0')
    return g_strdup (xdg);
  return g_build_filename (home != NULL && home[0] != '\0' ? home : g_get_home_dir (), ".config", NULL);
}

GStrv
rd_known_hosts_paths (void)
{
  GPtrArray *paths = g_ptr_array_new ();
  g_autofree char *config = config_home ();
  const char *home = g_getenv ("HOME");

  g_ptr_array_add (paths, g_build_filename (config, "freerdp", "known_hosts2", NULL));
  g_ptr_array_add (paths, g_build_filename (home != NULL && home[0] != '\0' ? home : g_get_home_dir (),
                                            ".var", "app", "org.remmina.Remmina", "config",
                                            "freerdp", "known_hosts2", NULL));
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_free (paths, FALSE);
}

GBytes *
rd_known_hosts_read (const char  *path,
                     GError     **error)
{
  g_autoptr(GString) data = NULL;
  struct stat buf;
  int saved = 0;
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &buf) != 0 || !S_ISREG (buf.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "%s: not a regular file", path);
      return NULL;
    }

  data = g_string_new (NULL);
  if (!rd_file_read_bounded (fd, RD_KNOWN_HOSTS_MAX_SIZE, data, &saved))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (data->len > RD_KNOWN_HOSTS_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "%s: larger than %u bytes",
                   path, RD_KNOWN_HOSTS_MAX_SIZE);
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&data));
}

/**
 * rd_check_client:
 *
 * Reads (never writes) the certificate the person's Remote Desktop app
 * remembers for the computer and compares it with the one the tls check
 * measured.
 */
RdFinding *
rd_check_client (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("client");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *tls = rd_check_context_get_dep (ctx, "tls");
  JsonObject *certificate = rd_json_get_object (tls != NULL ? rd_finding_get_evidence (tls) : NULL, "certificate");
  const char *measured = certificate != NULL ? json_object_get_string_member_with_default (certificate, "sha256", NULL) : NULL;
  const char *host = rd_target_get_host (ctx->target);
  guint16 port = rd_target_get_port (ctx->target);
  g_auto(GStrv) paths = rd_known_hosts_paths ();
  JsonArray *files = json_array_new ();
  gint64 start = g_get_monotonic_time ();
  gboolean remembered = FALSE, same = TRUE;

  json_object_set_array_member (evidence, "files", files);
  json_object_set_string_member (evidence, "host", host);
  json_object_set_int_member (evidence, "port", port);
  if (measured != NULL)
    json_object_set_string_member (evidence, "measured_fingerprint", measured);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) data = rd_known_hosts_read (paths[i], &error);
      g_autoptr(GPtrArray) entries = NULL;
      const RdKnownHost *entry;
      JsonObject *file = json_object_new ();

      json_object_set_string_member (file, "path", paths[i]);
      json_array_add_object_element (files, file);
      if (data == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            json_object_set_string_member (file, "error", error->message);
          else
            json_object_set_boolean_member (file, "exists", FALSE);
          continue;
        }
      entries = rd_known_hosts_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
      json_object_set_int_member (file, "entries", entries->len);
      entry = rd_known_hosts_find (entries, host, port);
      if (entry == NULL)
        continue;
      json_object_set_string_member (file, "stored_fingerprint", entry->fingerprint);
      if (measured != NULL)
        {
          gboolean file_same = rd_known_hosts_same_fingerprint (entry->fingerprint, measured);

          json_object_set_boolean_member (file, "same_certificate", file_same);
          /* The first file that remembers another certificate is the one to fix. */
          if (!file_same && same)
            {
              json_object_set_string_member (evidence, "stale_file", paths[i]);
              json_object_set_string_member (evidence, "stored_fingerprint", entry->fingerprint);
            }
          same &= file_same;
        }
      remembered = TRUE;
    }

  if (measured == NULL)
    rd_finding_set_result (finding, RD_STATUS_SKIP,
                           _("Not compared: the computer showed no certificate."));
  else if (!remembered)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("Your Remote Desktop app does not remember a certificate of this computer yet."));
  else if (same)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("Your Remote Desktop app remembers the certificate the computer shows now."));
  else
    rd_finding_set_result (finding, RD_STATUS_WARN,
                           _("Your Remote Desktop app remembers an older certificate of this computer."));
  json_object_set_boolean_member (evidence, "remembered", remembered);
  if (measured != NULL && remembered)
    json_object_set_boolean_member (evidence, "same_certificate", same);
  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
