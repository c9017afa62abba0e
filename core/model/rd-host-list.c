/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"
#include "rd-host-list.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK (16 * 1024)

struct _RdHostList
{
  int      fd;        /* -1: all of it is in buffer */
  GString *buffer;
  gsize    pos;       /* where the next line starts in buffer */
  gboolean eof;
  guint    number;    /* lines returned so far */
};

static RdHostList *
host_list_new (int      fd,
               GString *buffer)
{
  RdHostList *list = g_new0 (RdHostList, 1);

  list->fd = fd;
  list->buffer = buffer;
  list->eof = fd < 0;
  return list;
}

RdHostList *
rd_host_list_new_for_fd (int fd)
{
  return host_list_new (fd, g_string_sized_new (READ_CHUNK));
}

RdHostList *
rd_host_list_new_for_data (GString *contents)
{
  return host_list_new (-1, contents);
}

void
rd_host_list_free (RdHostList *list)
{
  if (list == NULL)
    return;
  g_string_free (list->buffer, TRUE);
  g_free (list);
}

gboolean
rd_host_list_rewind (RdHostList  *list,
                     GError     **error)
{
  list->pos = 0;
  list->number = 0;
  if (list->fd < 0)
    return TRUE;
  g_string_truncate (list->buffer, 0);
  list->eof = FALSE;
  if (lseek (list->fd, 0, SEEK_SET) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s", g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* More of the file into the buffer, what was returned dropped. FALSE on a
 * read error (errno kept). */
static gboolean
fill (RdHostList *list)
{
  gsize old;
  gssize n;

  g_string_erase (list->buffer, 0, list->pos);
  list->pos = 0;
  old = list->buffer->len;
  g_string_set_size (list->buffer, old + READ_CHUNK);
  do
    n = read (list->fd, list->buffer->str + old, READ_CHUNK);
  while (n < 0 && errno == EINTR);
  g_string_set_size (list->buffer, old + MAX (n, 0));
  if (n == 0)
    list->eof = TRUE;
  return n >= 0;
}

/* The next line, without its end, pointing into the buffer (valid until
 * the next call). FALSE at the end of the list, or with @error set. */
static gboolean
next_line (RdHostList  *list,
           const char **line,
           gsize       *length,
           GError     **error)
{
  for (;;)
    {
      const char *start = list->buffer->str + list->pos;
      const char *end = list->buffer->str + list->buffer->len;
      const char *p = start;

      while (p < end && *p != '\r' && *p != '\n')
        p++;
      /* A CR last in the buffer may be the first half of a CR LF. */
      if ((p < end && (*p == '\n' || p + 1 < end || list->eof)) ||
          (p == end && list->eof && p > start))
        {
          gsize skip = (p < end && *p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : (p < end ? 1 : 0);

          *line = start;
          *length = p - start;
          if (list->number == 0 && *length >= 3 && memcmp (start, "\xEF\xBB\xBF", 3) == 0)
            {
              *line += 3;
              *length -= 3;
            }
          list->pos += (p - start) + skip;
          list->number++;
          return TRUE;
        }
      if (list->eof)
        return FALSE;
      if ((gsize) (end - start) > RD_HOST_LIST_MAX_LINE)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       _("Line %u of the list of computers is too long to name one."),
                       list->number + 1);
          return FALSE;
        }
      if (!fill (list))
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "%s", g_strerror (saved_errno));
          return FALSE;
        }
    }
}

gboolean
rd_host_list_next (RdHostList  *list,
                   guint       *number,
                   char       **text,
                   GError     **error)
{
  const char *line;
  gsize length;

  while (next_line (list, &line, &length, error))
    {
      g_autofree char *computer = NULL;

      /* A NUL byte inside fails too, as in any binary file. */
      if (!g_utf8_validate (line, length, NULL))
        {
          g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                               _("The list of computers is not text (UTF-8)."));
          return FALSE;
        }
      computer = rd_host_list_line_text (line, length);
      if (*computer != '\0')
        {
          *number = list->number;
          *text = g_steal_pointer (&computer);
          return TRUE;
        }
    }
  return FALSE;
}

/* What is left once a comment ("#" at the start or after a space, outside
 * quotes) and the spaces around are taken off, without the quotes of a
 * quoted path ("My PCs/work.rdp"). */
char *
rd_host_list_line_text (const char *line,
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

