/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-profile.h"

G_BEGIN_DECLS

/*
 * "Connect now": the command line that opens the connection in the
 * person's own Remote Desktop app. Always an argument vector, never a
 * shell string, and never a user name or password: the app asks for them.
 */

typedef enum
{
  RD_LAUNCH_REMMINA,      /* remmina -c PROFILE.remmina, or -c rdp://HOST:PORT */
  RD_LAUNCH_CONNECTIONS,  /* gnome-connections rdp://HOST:PORT */
  RD_LAUNCH_XFREERDP,     /* xfreerdp /v:HOST:PORT and the workarounds' options */
} RdLaunchApp;

typedef struct
{
  RdLaunchApp    app;
  const char    *program;     /* the path of the app; NULL: its usual name */
  const char    *profile;     /* RD_LAUNCH_REMMINA: the .remmina file, or NULL */
  const char    *host;        /* the name or address to connect to */
  guint16        port;
  RdWorkarounds  workarounds; /* RD_LAUNCH_XFREERDP */
} RdLaunchSettings;

/* The program's usual name ("remmina") and its own name ("Remmina"). */
const char *rd_launch_program      (RdLaunchApp              app);
const char *rd_launch_app_name     (RdLaunchApp              app);

gboolean    rd_launch_choose       (const char              *profile,
                                    const char              *preferred,
                                    RdLaunchApp             *app,
                                    char                   **program,
                                    const char             **missing);

/* The argument vector; NULL when a setting it needs is missing. */
GStrv       rd_launch_build_argv   (const RdLaunchSettings  *settings);

/* What the app's exit (a wait status as GSubprocess gives it) means, in a
 * sentence: "Remmina closed.", "FreeRDP could not connect: the sign-in
 * failed (exit 132)." */
char       *rd_launch_describe_exit (RdLaunchApp             app,
                                     int                     wait_status);

/* xfreerdp's (FreeRDP 2) exit code as a reason, or NULL when unknown. */
const char *rd_launch_freerdp_reason (int                    code);

G_END_DECLS
