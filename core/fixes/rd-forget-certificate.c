/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <errno.h>
#include <stdlib.h>

#include "rd-check-client.h"
#include "rd-finding.h"
#include "rd-forget-certificate.h"
#include "rd-known-hosts.h"
#include "rd-profile.h"

/* The file a symbolic link points at, so that the link stays a link. */
static char *
resolve (const char  *path,
         GError     **error)
{
  char *real = realpath (path, NULL);
  char *out;

  if (real == NULL)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  out = g_strdup (real);
  free (real);
  return out;
}

/**
 * rd_forget_certificate:
 * @backup_path: (out) (optional) (nullable): the copy kept of the old file;
 *   %NULL when nothing was removed
 *
 * Returns: %TRUE on success, also when there was no line to remove
 */
gboolean
rd_forget_certificate (const char  *path,
                       const char  *host,
                       guint16      port,
                       char       **backup_path,
                       guint       *removed,
                       GError     **error)
{
  g_autofree char *real = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GBytes) rest = NULL;
  guint count = 0;

  g_return_val_if_fail (path != NULL && host != NULL, FALSE);

  if (backup_path != NULL)
    *backup_path = NULL;
  if (removed != NULL)
    *removed = 0;

  real = resolve (path, error);
  if (real == NULL)
    return FALSE;
  data = rd_known_hosts_read (real, error);
  if (data == NULL)
    return FALSE;
  rest = rd_known_hosts_without (g_bytes_get_data (data, NULL), g_bytes_get_size (data), host, port, &count);
  if (removed != NULL)
    *removed = count;
  if (count == 0)
    return TRUE;
  return rd_profile_write_file (real, rest, backup_path, error);
}

gboolean
rd_forget_certificate_undo (const char  *path,
                            const char  *backup_path,
                            GError     **error)
{
  g_autofree char *real = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL && backup_path != NULL, FALSE);

  data = rd_known_hosts_read (backup_path, error);
  if (data == NULL)
    return FALSE;
  /* The file may be gone since; then it is created again where it was. */
  {
    char *resolved = realpath (path, NULL);

    real = g_strdup (resolved != NULL ? resolved : path);
    free (resolved);
  }
  if (!g_file_set_contents_full (real, g_bytes_get_size (data) > 0 ? g_bytes_get_data (data, NULL) : "",
                                 g_bytes_get_size (data), G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_forget_certificate_from_report (const RdReport  *report,
                                   char           **path,
                                   char           **host,
                                   guint16         *port)
{
  GPtrArray *findings = rd_report_get_findings (report);
  g_auto(GStrv) paths = rd_known_hosts_paths ();

  for (guint i = 0; i < findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (findings, i);
      const char *stale, *name;
      gint64 number;

      if (!g_str_equal (rd_finding_get_check_id (finding), "client"))
        continue;
      stale = rd_finding_get_string (finding, "stale_file");
      name = rd_finding_get_string (finding, "host");
      number = json_object_get_int_member_with_default (rd_finding_get_evidence (finding), "port", 0);
      /* Only a file this computer would read itself: a saved report of
       * another computer names paths that mean nothing here. */
      if (stale == NULL || name == NULL || number <= 0 || number > G_MAXUINT16 ||
          !g_strv_contains ((const char * const *) paths, stale))
        return FALSE;
      *path = g_strdup (stale);
      *host = g_strdup (name);
      *port = (guint16) number;
      return TRUE;
    }
  return FALSE;
}
