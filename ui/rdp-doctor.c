/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The program people run. `--headless` runs here, in a process that never
 * maps GTK: merely loading GTK, libadwaita and the seventy libraries they
 * pull in costs about 11 MiB of resident memory, half of the terminal
 * mode's peak (build-aux/dev bench). Anything else is the wizard's: this
 * process becomes it with exec(), so its arguments, environment and
 * process id stay as they were. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "rd-headless.h"

/* Uninstalled (the build tree, the tests) the wizard sits beside us. */
static char *
find_wizard (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "rdp-doctor-wizard", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_strdup (RD_WIZARD_PATH);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *wizard = NULL;
  int saved_errno;

  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      if (strcmp (argv[i], "--headless") != 0)
        continue;

      /* A peer that resets a connection must not kill us while we write. */
      signal (SIGPIPE, SIG_IGN);
      rd_setup_locale ();
      return rd_headless_main (argc, argv);
    }

  wizard = find_wizard ();
  execv (wizard, argv);
  saved_errno = errno;
  g_printerr ("rdp-doctor: %s: %s\n", wizard, g_strerror (saved_errno));
  return RD_EXIT_INTERNAL;
}
