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

/* Uninstalled (run from the build tree, as the tests do) the wizard is the
 * one built beside us; installed, the one in libexec. */
static char *
find_wizard (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;

  if (g_strcmp0 (dir, RD_CLI_BUILD_DIR) == 0 &&
      g_file_test (RD_WIZARD_BUILD_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (RD_WIZARD_BUILD_PATH);
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
      /* The monitoring plugin and the watch are the terminal mode too. */
      if (strcmp (argv[i], "--headless") != 0 && strcmp (argv[i], "--plugin") != 0 &&
          strcmp (argv[i], "--watch") != 0)
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
