/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rd-profile-private.h"
#include "rd-rdp-file.h"

/*
 * Writing a profile (or the administrator's script) so that it never hangs
 * and never lies:
 * - a symbolic link is followed to the file it names, and that file is
 *   replaced beside it: the link stays a link;
 * - anything but a regular file (a FIFO, a device, a folder) is refused
 *   before anything is read or written; files are opened with O_NONBLOCK
 *   and O_NOFOLLOW and checked with fstat(), so a FIFO put there in the
 *   meantime cannot block either;
 * - the old file is copied to FILE.bak (FILE.bak.1 … when that exists)
 *   through a temporary file linked into place only once it is complete
 *   and on disk: a full disk leaves no empty or partial copy;
 * - the new contents go to a temporary file in the same folder, fsync()ed,
 *   and rename()d over the old one, with its mode (and owner, for root).
 */

#define BACKUP_ATTEMPTS 100
#define MAX_LINKS 40
#define TEMP_TEMPLATE ".rdp-doctor-XXXXXX"

/* What was being done when a system call failed. */
typedef enum
{
  DOING_FOLLOW,
  DOING_READ,
  DOING_BACKUP,
  DOING_SAVE,
} Doing;

static gboolean
set_io_error (GError     **error,
              Doing        doing,
              const char  *path,
              int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = NULL;
  RdProfileError code = RD_PROFILE_ERROR_WRITE_FAILED;

  switch (doing)
    {
    case DOING_FOLLOW:
      message = g_strdup_printf (_("Could not follow the link “%s”"), display);
      break;
    case DOING_READ:
      message = g_strdup_printf (_("Could not read the existing file “%s”"), display);
      code = RD_PROFILE_ERROR_EXISTING_UNREADABLE;
      break;
    case DOING_BACKUP:
      message = g_strdup_printf (_("Could not keep a copy of “%s” before changing it, so it was left as it is"),
                                 display);
      code = RD_PROFILE_ERROR_BACKUP_FAILED;
      break;
    case DOING_SAVE:
    default:
      message = g_strdup_printf (_("Could not save “%s”"), display);
      break;
    }
  g_set_error (error, RD_PROFILE_ERROR, code, "%s: %s", message, g_strerror (saved_errno));
  return FALSE;
}

/* The file @path names after following symbolic links (only the last part
 * of the path is a link to follow: folders on the way are fine as they
 * are). A link to nowhere names the file to create. */
static char *
resolve_links (const char  *path,
               GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_LINKS; i++)
    {
      g_autofree char *target = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      target = g_file_read_link (current, NULL);
      if (target == NULL)
        {
          set_io_error (error, DOING_FOLLOW, current, errno);
          return NULL;
        }
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (dir, target, NULL);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&target);
        }
      /* "links/../real/x.rdp" as the folder it is, for the names shown. */
      {
        g_autofree char *dir = g_path_get_dirname (current);
        g_autofree char *base = g_path_get_basename (current);
        g_autofree char *real_dir = realpath (dir, NULL);

        if (real_dir != NULL)
          {
            g_free (current);
            current = g_build_filename (real_dir, base, NULL);
          }
      }
    }

  set_io_error (error, DOING_FOLLOW, path, ELOOP);
  return NULL;
}

/* Opens the regular file @path (no link) for reading without ever blocking;
 * -1 without an error when it does not exist. */
static int
open_regular (const char   *path,
              struct stat  *st,
              GError      **error)
{
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);

  if (fd < 0 && errno == ENOENT)
    return -1;
  if (fd < 0 && errno != ELOOP && errno != ENXIO)
    {
      set_io_error (error, DOING_READ, path, errno);
      return -1;
    }
  if (fd >= 0 && fstat (fd, st) == 0 && S_ISREG (st->st_mode))
    {
      /* Reads of a regular file do not block; writes go elsewhere. */
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
      return fd;
    }
  if (fd >= 0)
    close (fd);

  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NOT_REGULAR,
                 _("“%s” is not a regular file (it is a folder, a pipe or a device), so nothing was written to it."),
                 display);
  }
  return -1;
}

/**
 * rd_profile_check_destination:
 * @path: where a profile or script is to be written
 * @error: return location for an #RdProfileError
 *
 * What can be known before any check runs: the file, after symbolic links,
 * is a regular file or does not exist yet, and its folder exists.
 *
 * Returns: %TRUE when writing there can be tried
 */
gboolean
rd_profile_check_destination (const char  *path,
                              GError     **error)
{
  g_autofree char *real = NULL;
  g_autofree char *dir = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  real = resolve_links (path, error);
  if (real == NULL)
    return FALSE;
  fd = open_regular (real, &st, error);
  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  dir = g_path_get_dirname (real);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return set_io_error (error, DOING_SAVE, path, ENOENT);
  return TRUE;
}

/**
 * rd_profile_read_existing:
 * @path: a profile, maybe a symbolic link
 *
 * Reads at most RD_RDP_FILE_MAX_SIZE bytes of the file @path names.
 *
 * Returns: (nullable): the bytes, or %NULL without an error when there is
 *   no file yet
 */
GBytes *
rd_profile_read_existing (const char  *path,
                          GError     **error)
{
  g_autofree char *real = resolve_links (path, error);
  g_autofree guint8 *buffer = NULL;
  gsize length = 0;
  struct stat st;
  int fd;

  if (real == NULL)
    return NULL;
  fd = open_regular (real, &st, error);
  if (fd < 0)
    return NULL;

  /* One byte more than allowed tells "too large" from "just fits". */
  buffer = g_malloc (RD_RDP_FILE_MAX_SIZE + 1);
  while (length < RD_RDP_FILE_MAX_SIZE + 1)
    {
      ssize_t n = read (fd, buffer + length, RD_RDP_FILE_MAX_SIZE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          set_io_error (error, DOING_READ, path, saved);
          return NULL;
        }
      if (n == 0)
        break;
      length += n;
    }
  close (fd);

  if (length > RD_RDP_FILE_MAX_SIZE)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_TOO_LARGE,
                   _("The existing file “%s” is too large for a connection profile, so it was left as it is."),
                   display);
      return NULL;
    }
  return g_bytes_new (buffer, length);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

static void
sync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Writes @data (or the rest of @source_fd) into a new temporary file in
 * @dir, with @mode, on disk. Returns its name, or %NULL with errno set
 * and nothing left behind. */
static char *
write_temp (const char        *dir,
            int                source_fd,
            GBytes            *data,
            mode_t             mode,
            const struct stat *owner)
{
  g_autofree char *name = g_build_filename (dir, TEMP_TEMPLATE, NULL);
  int fd = g_mkstemp_full (name, O_WRONLY | O_CLOEXEC, 0600);
  gboolean ok;
  int saved;

  if (fd < 0)
    return NULL;

  if (data != NULL)
    {
      gsize length = 0;
      const guint8 *bytes = g_bytes_get_data (data, &length);

      ok = write_all (fd, bytes, length);
    }
  else
    {
      guint8 buffer[16384];
      ssize_t n;

      ok = TRUE;
      while (ok && ((n = read (source_fd, buffer, sizeof buffer)) != 0))
        {
          if (n < 0 && errno == EINTR)
            continue;
          ok = n > 0 && write_all (fd, buffer, n);
        }
    }

  /* The owner of a file root changes keeps it; anybody else cannot give
   * files away, and need not. */
  if (ok && owner != NULL && geteuid () == 0 && owner->st_uid != 0)
    (void) fchown (fd, owner->st_uid, owner->st_gid);
  ok = ok && fchmod (fd, mode) == 0 && fsync (fd) == 0;
  saved = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    {
      g_unlink (name);
      errno = saved;
      return NULL;
    }
  return g_steal_pointer (&name);
}

/* Puts the complete file @temp in place as @name unless @name exists. */
static gboolean
place_exclusively (const char *temp,
                   const char *name)
{
  if (link (temp, name) == 0)
    {
      g_unlink (temp);
      return TRUE;
    }
  if (errno == EEXIST)
    return FALSE;
  /* File systems without hard links (FAT, some network shares). */
  return renameat2 (AT_FDCWD, temp, AT_FDCWD, name, RENAME_NOREPLACE) == 0;
}

/* Copies the open file @fd to the first of PATH.bak, PATH.bak.1 … that
 * does not exist yet, complete or not at all. */
static char *
make_backup (const char         *path,
             int                 fd,
             const struct stat  *st,
             GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *temp = write_temp (dir, fd, NULL, st->st_mode & 0777, st);

  if (temp == NULL)
    {
      set_io_error (error, DOING_BACKUP, path, errno);
      return NULL;
    }

  for (guint i = 0; i < BACKUP_ATTEMPTS; i++)
    {
      g_autofree char *name = i == 0 ? g_strconcat (path, ".bak", NULL)
                                     : g_strdup_printf ("%s.bak.%u", path, i);

      if (place_exclusively (temp, name))
        {
          sync_dir (dir);
          return g_steal_pointer (&name);
        }
      if (errno != EEXIST)
        {
          int saved = errno;

          g_unlink (temp);
          set_io_error (error, DOING_BACKUP, path, saved);
          return NULL;
        }
    }

  g_unlink (temp);
  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_BACKUP_FAILED,
                 _("Could not keep a copy of “%s” before changing it, because there are too many copies already. Remove old “.bak” files next to it."),
                 display);
  }
  return NULL;
}

/* Replaces @real with a file of @data (or the contents of @source_fd)
 * atomically; @st the old file's, or %NULL for a new one. */
static gboolean
replace_file (const char         *real,
              int                 source_fd,
              GBytes             *data,
              const struct stat  *st)
{
  g_autofree char *dir = g_path_get_dirname (real);
  g_autofree char *temp = write_temp (dir, source_fd, data, st != NULL ? st->st_mode & 07777 : 0600, st);
  int saved;

  if (temp == NULL)
    return FALSE;
  if (g_rename (temp, real) != 0)
    {
      saved = errno;
      g_unlink (temp);
      errno = saved;
      return FALSE;
    }
  sync_dir (dir);
  return TRUE;
}

/**
 * rd_profile_write_file:
 * @path: where to write; a symbolic link is followed
 * @contents: the new contents
 * @backup_path: (out) (optional) (nullable): the copy made of the old file,
 *   or %NULL when there was none
 * @error: return location for an #RdProfileError
 *
 * Replaces the file @path names atomically with @contents. A new file is
 * readable by the owner only (a profile may hold a saved password); an
 * existing one keeps its mode and owner, and is first copied to PATH.bak
 * (or PATH.bak.1, .2 …; never over an existing copy, and never an empty
 * one). When the write fails, the old file is left as it was and the copy
 * removed. Anything but a regular file is refused.
 *
 * Returns: %TRUE on success
 */
gboolean
rd_profile_write_file (const char  *path,
                       GBytes      *contents,
                       char       **backup_path,
                       GError     **error)
{
  g_autofree char *real = NULL;
  g_autofree char *backup = NULL;
  GError *local_error = NULL;
  struct stat st;
  int fd;
  gboolean existed, ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (backup_path != NULL)
    *backup_path = NULL;

  real = resolve_links (path, error);
  if (real == NULL)
    return FALSE;
  fd = open_regular (real, &st, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* An empty file has nothing to keep. */
  if (fd >= 0 && st.st_size > 0)
    {
      backup = make_backup (real, fd, &st, error);
      if (backup == NULL)
        {
          close (fd);
          return FALSE;
        }
    }
  existed = fd >= 0;
  if (existed)
    close (fd);

  ok = replace_file (real, -1, contents, existed ? &st : NULL);
  if (!ok)
    {
      int saved = errno;

      /* The old file is untouched, so its copy is not needed. */
      if (backup != NULL)
        g_unlink (backup);
      return set_io_error (error, DOING_SAVE, path, saved);
    }

  if (backup_path != NULL)
    *backup_path = g_steal_pointer (&backup);
  return TRUE;
}

/**
 * rd_profile_find_backup:
 * @path: a file written by rd_profile_write_file(); a link is followed
 *
 * Returns: (transfer full) (nullable): its newest copy (the highest
 *   PATH.bak.N, else PATH.bak), or %NULL when there is none
 */
char *
rd_profile_find_backup (const char *path)
{
  g_autofree char *real = resolve_links (path, NULL);

  if (real == NULL)
    return NULL;
  for (guint i = BACKUP_ATTEMPTS; i > 0; i--)
    {
      g_autofree char *name = i > 1 ? g_strdup_printf ("%s.bak.%u", real, i - 1)
                                    : g_strconcat (real, ".bak", NULL);
      GStatBuf st;

      if (g_lstat (name, &st) == 0 && S_ISREG (st.st_mode))
        return g_steal_pointer (&name);
    }
  return NULL;
}

/**
 * rd_profile_restore:
 * @path: a file written by rd_profile_write_file(); a link is followed
 * @backup: the copy rd_profile_write_file() made of it
 * @error: return location for an #RdProfileError
 *
 * Puts @backup back in place of the file, atomically and byte for byte,
 * and removes @backup.
 *
 * Returns: %TRUE on success
 */
gboolean
rd_profile_restore (const char  *path,
                    const char  *backup,
                    GError     **error)
{
  g_autofree char *real = NULL;
  GError *local_error = NULL;
  struct stat backup_st, current_st;
  int fd, current_fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL && backup != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  real = resolve_links (path, error);
  if (real == NULL)
    return FALSE;

  /* The file must still be a regular one (or gone): never replace a pipe
   * or a folder put there since. */
  current_fd = open_regular (real, &current_st, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (current_fd >= 0)
    close (current_fd);

  fd = open_regular (backup, &backup_st, error);
  if (fd < 0)
    {
      if (error != NULL && *error == NULL)
        set_io_error (error, DOING_READ, backup, ENOENT);
      return FALSE;
    }
  ok = replace_file (real, fd, NULL, current_fd >= 0 ? &current_st : &backup_st);
  if (!ok)
    {
      int saved = errno;

      close (fd);
      return set_io_error (error, DOING_SAVE, path, saved);
    }
  close (fd);
  g_unlink (backup);
  return TRUE;
}

/**
 * rd_profile_undo:
 * @path: a file written by rd_profile_write_file(); a link is followed
 * @restored_from: (out) (optional) (transfer full): the copy it came back from
 * @error: return location for an #RdProfileError
 *
 * Puts the newest copy (see rd_profile_find_backup()) back in place with
 * rd_profile_restore(): undoing again goes one more step back.
 *
 * Returns: %TRUE on success
 */
gboolean
rd_profile_undo (const char  *path,
                 char       **restored_from,
                 GError     **error)
{
  g_autofree char *backup = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  backup = rd_profile_find_backup (path);
  if (backup == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NO_BACKUP,
                   _("There is no copy of “%s” to go back to (no “.bak” file next to it)."), display);
      return FALSE;
    }
  if (!rd_profile_restore (path, backup, error))
    return FALSE;
  if (restored_from != NULL)
    *restored_from = g_steal_pointer (&backup);
  return TRUE;
}
