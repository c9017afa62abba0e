/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Makes each kind of mistake the sanitizer build exists to catch, one per
 * run, so that test-sanitizers.py can check that every kind fails a test:
 * a report, and an exit code no test takes for the program's own. */
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* Kept out of the optimizer's sight, so each mistake really happens. */
static volatile int one = 1;
static void *volatile keep;

int
main (int   argc,
      char *argv[])
{
  const char *mode = argc > 1 ? argv[1] : "";

  if (g_str_equal (mode, "heap-overflow"))
    {
      char *buffer = g_malloc (8);
      int value;

      memset (buffer, 'x', 8);
      value = buffer[8 * one];
      g_free (buffer);
      return value == 0 ? 4 : 5;
    }

  if (g_str_equal (mode, "use-after-free"))
    {
      char *buffer = g_strdup ("freed");
      char value;

      g_free (buffer);
      value = buffer[one];
      return value == 0 ? 4 : 5;
    }

  if (g_str_equal (mode, "leak"))
    {
      keep = g_malloc (64);
      keep = NULL;
      return 0;
    }

  if (g_str_equal (mode, "signed-overflow"))
    {
      int big = G_MAXINT - 1 + one;

      big += one;
      return big == 0 ? 4 : 0;
    }

  if (g_str_equal (mode, "shift"))
    {
      int bits = 31 + one;

      return (one << bits) == 0 ? 4 : 0;
    }

  g_printerr ("usage: sanitizer-canary heap-overflow|use-after-free|leak|signed-overflow|shift\n");
  return 2;
}
