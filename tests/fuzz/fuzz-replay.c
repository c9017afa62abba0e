/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays a fuzz target's corpus without libFuzzer: every file below the
 * directories given on the command line goes through the target once. */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint
replay (const char *path)
{
  guint count = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          count += replay (child);
        }
    }
  else
    {
      g_autofree char *data = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_autofree guint8 *exact = NULL;

      if (!g_file_get_contents (path, &data, &length, &error))
        g_error ("%s", error->message);
      /* An allocation of exactly the input's size, as libFuzzer gives: in a
       * sanitizer build a read past the end is then caught, not hidden by
       * the NUL that g_file_get_contents() appends. */
      exact = g_malloc (MAX (length, 1));
      memcpy (exact, data, length);
      LLVMFuzzerTestOneInput (exact, length);
      count++;
    }

  return count;
}

int
main (int   argc,
      char *argv[])
{
  guint total = 0;

  for (int i = 1; i < argc; i++)
    total += replay (argv[i]);

  if (total == 0)
    {
      g_printerr ("no corpus inputs found\n");
      return 1;
    }

  g_print ("replayed %u inputs\n", total);
  return 0;
}
