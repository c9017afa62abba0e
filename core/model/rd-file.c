/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-file.h"

#include <errno.h>
#include <unistd.h>

gboolean
rd_file_read_bounded (int      fd,
                      gsize    max_size,
                      GString *buffer,
                      int     *saved_errno)
{
  while (buffer->len <= max_size)
    {
      char chunk[16384];
      ssize_t n = read (fd, chunk, MIN (sizeof chunk, max_size + 1 - buffer->len));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      if (n == 0)
        break;
      g_string_append_len (buffer, chunk, n);
    }
  return TRUE;
}
