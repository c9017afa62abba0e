/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The --hosts-file list reader: the same bytes from a buffer and from a
 * file read 16 KiB at a time give the same lines (a CR LF split between
 * two reads is one line end), and again after a rewind. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rd-host-list.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  guint  number;
  char  *text;
} Line;

static void
line_clear (Line *line)
{
  g_free (line->text);
}

/* Every line of @list; *@failed when it ended in an error. */
static GArray *
read_all (RdHostList *list,
          gboolean   *failed,
          size_t      size)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GError) error = NULL;
  Line line;

  g_array_set_clear_func (lines, (GDestroyNotify) line_clear);
  while (rd_host_list_next (list, &line.number, &line.text, &error))
    {
      g_assert (line.text[0] != '\0');
      g_assert (strlen (line.text) <= size);
      g_assert (g_utf8_validate (line.text, -1, NULL));
      g_assert (strpbrk (line.text, "\r\n") == NULL);
      g_assert (lines->len == 0 || line.number > g_array_index (lines, Line, lines->len - 1).number);
      g_array_append_val (lines, line);
    }
  *failed = error != NULL;
  return lines;
}

static void
assert_same (GArray *a,
             GArray *b,
             guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (g_array_index (a, Line, i).number, ==, g_array_index (b, Line, i).number);
      g_assert_cmpstr (g_array_index (a, Line, i).text, ==, g_array_index (b, Line, i).text);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(RdHostList) from_data = rd_host_list_new_for_data (g_string_new_len ((const char *) data, size));
  g_autoptr(GArray) lines = NULL, again = NULL, from_file = NULL;
  gboolean failed, failed_again, failed_file;
  int fd;

  lines = read_all (from_data, &failed, size);
  g_assert_true (rd_host_list_rewind (from_data, NULL));
  again = read_all (from_data, &failed_again, size);
  g_assert_cmpint (failed, ==, failed_again);
  g_assert_cmpuint (lines->len, ==, again->len);
  assert_same (lines, again, lines->len);

  fd = memfd_create ("host-list", MFD_CLOEXEC);
  if (fd < 0)
    return 0;
  if (write (fd, data, size) == (ssize_t) size && lseek (fd, 0, SEEK_SET) == 0)
    {
      g_autoptr(RdHostList) file = rd_host_list_new_for_fd (fd);

      from_file = read_all (file, &failed_file, size);
      /* Read in pieces, a line far too long ends it early; else the same. */
      if (!failed_file)
        {
          g_assert_cmpint (failed, ==, FALSE);
          g_assert_cmpuint (from_file->len, ==, lines->len);
        }
      assert_same (lines, from_file, MIN (lines->len, from_file->len));
    }
  close (fd);
  return 0;
}
