/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "rd-application.h"
#include "rd-headless.h"

static gboolean
has_option (int         argc,
            char      **argv,
            const char *option)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      if (strcmp (argv[i], option) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Versions need no display: the core's, then the toolkit's. */
static int
print_version (void)
{
  g_autofree char *core = rd_headless_version ();

  g_print ("%sGTK %u.%u.%u\nlibadwaita %u.%u.%u\n", core,
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;

  /* A peer that resets a connection must not kill us while we write. */
  signal (SIGPIPE, SIG_IGN);

  rd_setup_locale ();

  if (has_option (argc, argv, "--version"))
    return print_version ();

  /* Before anything of GTK: the headless mode runs without a display. */
  if (has_option (argc, argv, "--headless"))
    return rd_headless_main (argc, argv);

  if (!gtk_init_check ())
    {
      g_printerr ("rdp-doctor: %s\n",
                  _("There is no display to show the window on. To check from the terminal, run: rdp-doctor --headless COMPUTER"));
      return 2;
    }

  app = rd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
