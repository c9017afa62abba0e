/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>
#include <sys/wait.h>

#include "rd-launch.h"

static const struct
{
  const char *program;
  const char *name;
} apps[] = {
  [RD_LAUNCH_REMMINA] = { "remmina", "Remmina" },
  [RD_LAUNCH_CONNECTIONS] = { "gnome-connections", "Connections" },
  [RD_LAUNCH_XFREERDP] = { "xfreerdp", "FreeRDP" },
};

const char *
rd_launch_program (RdLaunchApp app)
{
  g_return_val_if_fail (app < G_N_ELEMENTS (apps), NULL);
  return apps[app].program;
}

const char *
rd_launch_app_name (RdLaunchApp app)
{
  g_return_val_if_fail (app < G_N_ELEMENTS (apps), NULL);
  return apps[app].name;
}

/* HOST:PORT, an IPv6 address in brackets (FreeRDP and URIs both want them). */
static char *
host_port (const char *host,
           guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

static char *
rdp_uri (const char *host,
         guint16     port)
{
  g_autofree char *where = host_port (host, port);

  return g_strconcat ("rdp://", where, NULL);
}

/**
 * rd_launch_choose:
 * @profile: (nullable): the connection's file, if it came from one
 * @preferred: (nullable): the app the connection was saved in
 *   (rd_target_get_app()), opened first when installed
 * @app: (out): the app to open the connection in
 * @program: (out) (transfer full): its path
 * @missing: (out) (optional): when none fits, the app that would
 *
 * A Remmina profile opens in Remmina; any other connection in the first
 * installed of Remmina, GNOME Connections (both ask for the password in a
 * window) and xfreerdp (which asks in a terminal).
 *
 * Returns: %TRUE when an app was found
 */
gboolean
rd_launch_choose (const char   *profile,
                  const char   *preferred,
                  RdLaunchApp  *app,
                  char        **program,
                  const char  **missing)
{
  static const RdLaunchApp order[] = { RD_LAUNCH_REMMINA, RD_LAUNCH_CONNECTIONS, RD_LAUNCH_XFREERDP };
  gboolean remmina_profile = profile != NULL && g_str_has_suffix (profile, ".remmina");

  *program = NULL;
  /* A connection saved in Connections opens there again. */
  if (!remmina_profile && g_strcmp0 (preferred, apps[RD_LAUNCH_CONNECTIONS].program) == 0 &&
      (*program = g_find_program_in_path (apps[RD_LAUNCH_CONNECTIONS].program)) != NULL)
    {
      *app = RD_LAUNCH_CONNECTIONS;
      return TRUE;
    }
  for (guint i = 0; i < (remmina_profile ? 1 : G_N_ELEMENTS (order)); i++)
    {
      *program = g_find_program_in_path (apps[order[i]].program);
      if (*program != NULL)
        {
          *app = order[i];
          return TRUE;
        }
    }
  if (missing != NULL)
    *missing = remmina_profile ? apps[RD_LAUNCH_REMMINA].name : NULL;
  return FALSE;
}

/**
 * rd_launch_build_argv:
 *
 * Returns: (transfer full) (nullable): the argument vector.
 */
GStrv
rd_launch_build_argv (const RdLaunchSettings *settings)
{
  GPtrArray *argv;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (settings->app < G_N_ELEMENTS (apps), NULL);

  if ((settings->app != RD_LAUNCH_REMMINA || settings->profile == NULL) &&
      (settings->host == NULL || settings->host[0] == '\0' || settings->port == 0))
    return NULL;

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, g_strdup (settings->program != NULL ? settings->program : apps[settings->app].program));
  switch (settings->app)
    {
    case RD_LAUNCH_REMMINA:
      /* Remmina's -c opens a profile file or an rdp:// URI. */
      g_ptr_array_add (argv, g_strdup ("-c"));
      if (settings->profile != NULL)
        g_ptr_array_add (argv, g_strdup (settings->profile));
      else
        g_ptr_array_add (argv, rdp_uri (settings->host, settings->port));
      break;
    case RD_LAUNCH_CONNECTIONS:
      /* GNOME Connections takes one URL and opens (and keeps) it. */
      g_ptr_array_add (argv, rdp_uri (settings->host, settings->port));
      break;
    case RD_LAUNCH_XFREERDP:
    default:
      {
        g_autofree char *where = host_port (settings->host, settings->port);

        g_ptr_array_add (argv, g_strconcat ("/v:", where, NULL));
        if (settings->workarounds & RD_WORKAROUND_TLS_NOT_NLA)
          g_ptr_array_add (argv, g_strdup ("/sec:tls"));
        if (settings->workarounds & RD_WORKAROUND_TLS_LEGACY)
          g_ptr_array_add (argv, g_strdup ("/tls-seclevel:0"));
        /* TCP_ONLY: FreeRDP 2 uses UDP only when asked (/udp,
         * /network:auto), so nothing to add. */
      }
      break;
    }
  g_ptr_array_add (argv, NULL);
  return (GStrv) g_ptr_array_free (argv, FALSE);
}

/* FreeRDP 2.11's client/X11/xfreerdp.h, enum XF_EXIT_CODE: the codes xfreerdp
 * exits with. Facts only. */
const char *
rd_launch_freerdp_reason (int code)
{
  switch (code)
    {
    case 0: return _("the session ended");
    case 1: return _("the computer ended the session");
    case 2: return _("you signed out");
    case 3: return _("the session was idle too long");
    case 4: return _("the sign-in took too long");
    case 5: return _("another connection took over the session");
    case 7: return _("the computer denied the connection");
    case 9: return _("your account may not use Remote Desktop");
    case 11: return _("you closed the connection");
    case 128: return _("the command line was not understood");
    case 131: return _("no connection could be made");
    case 132: return _("the sign-in failed");
    case 133: return _("no security protocol could be agreed on");
    case 134: return _("the sign-in was refused");
    case 135: return _("the account is locked");
    case 139: case 140: return _("the computer's name was not found");
    case 141: return _("no connection could be made");
    case 143: return _("the secure connection (TLS) failed");
    case 145: return _("the connection was cancelled, for example at the certificate question");
    case 146: return _("no security protocol could be agreed on");
    case 147: return _("the connection broke off");
    case 148: case 149: case 152: return _("the password has expired or must be changed");
    case 151: return _("the account is disabled");
    case 154: return _("the password is wrong");
    case 155: return _("access was denied");
    case 157: return _("the account has expired");
    case 159: return _("no user name or password was given");
    default: return NULL;
    }
}

/**
 * rd_launch_describe_exit:
 *
 * Returns: (transfer full): a sentence for the person.
 */
char *
rd_launch_describe_exit (RdLaunchApp app,
                         int         wait_status)
{
  const char *name = rd_launch_app_name (app);
  int code;

  if (WIFSIGNALED (wait_status))
    return g_strdup_printf (_("%s was stopped (signal %d)."), name, WTERMSIG (wait_status));
  code = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;

  if (app == RD_LAUNCH_XFREERDP)
    {
      const char *reason = rd_launch_freerdp_reason (code);

      /* Codes below 128 are how a session ended; from 128 on the connection failed. */
      if (code >= 128)
        return reason != NULL ? g_strdup_printf (_("%s could not connect: %s (exit %d)."), name, reason, code)
                              : g_strdup_printf (_("%s could not connect (exit %d)."), name, code);
      if (reason != NULL)
        return g_strdup_printf (_("%s closed: %s (exit %d)."), name, reason, code);
    }
  return g_strdup_printf (_("%s closed (exit %d)."), name, code);
}
