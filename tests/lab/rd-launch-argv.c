/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints, one a line, the argument vector "Connect now" builds, so that a
 * lab test can run the real app with exactly that.
 *
 *   rd-launch-argv remmina|connections|xfreerdp HOST PORT [PROFILE] [tls-not-nla] [tls-legacy]
 *
 * or the sentence the window shows when the app exits with CODE:
 *
 *   rd-launch-argv --describe remmina|connections|xfreerdp CODE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rd-launch.h"

static RdLaunchApp
app_named (const char *name)
{
  return g_str_equal (name, "remmina") ? RD_LAUNCH_REMMINA
       : g_str_equal (name, "connections") ? RD_LAUNCH_CONNECTIONS : RD_LAUNCH_XFREERDP;
}

int
main (int    argc,
      char **argv)
{
  RdLaunchSettings settings = { 0 };
  g_auto(GStrv) out = NULL;

  if (argc == 4 && g_str_equal (argv[1], "--describe"))
    {
      g_autofree char *text = rd_launch_describe_exit (app_named (argv[2]), atoi (argv[3]) << 8);

      printf ("%s\n", text);
      return 0;
    }

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s APP HOST PORT [PROFILE] [tls-not-nla] [tls-legacy]\n", argv[0]);
      return 2;
    }
  settings.app = app_named (argv[1]);
  settings.host = argv[2];
  settings.port = (guint16) atoi (argv[3]);
  for (int i = 4; i < argc; i++)
    {
      if (g_str_equal (argv[i], "tls-not-nla"))
        settings.workarounds |= RD_WORKAROUND_TLS_NOT_NLA;
      else if (g_str_equal (argv[i], "tls-legacy"))
        settings.workarounds |= RD_WORKAROUND_TLS_LEGACY;
      else
        settings.profile = argv[i];
    }
  out = rd_launch_build_argv (&settings);
  if (out == NULL)
    return 1;
  for (guint i = 0; out[i] != NULL; i++)
    printf ("%s\n", out[i]);
  return 0;
}
