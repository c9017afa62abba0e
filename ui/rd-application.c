/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-application.h"
#include "rd-kiosk.h"
#include "rd-ui.h"
#include "rd-window.h"

struct _RdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

static RdWindow *
get_window (RdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (rd_window_new (GTK_APPLICATION (self)));
  return RD_WINDOW (window);
}

static void
rd_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (RD_APPLICATION (app))));
}

/* "office-pc.rdp" or a path to an existing file, but never a link. */
static gboolean
looks_like_file (const char *arg,
                 const char *cwd)
{
  g_autofree char *lower = NULL;
  g_autofree char *path = NULL;

  /* File managers hand over a .rdp file as a file:// URI (Exec=... %U). */
  if (g_ascii_strncasecmp (arg, "file://", 7) == 0)
    return TRUE;
  if (strstr (arg, "://") != NULL)
    return FALSE;
  lower = g_ascii_strdown (arg, -1);
  if (g_str_has_suffix (lower, ".rdp"))
    return TRUE;
  path = g_path_is_absolute (arg) || cwd == NULL ? g_strdup (arg) : g_build_filename (cwd, arg, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* A saved report: "report.json", a path or a file:// URI to one. */
static gboolean
looks_like_report (const char *arg)
{
  g_autofree char *lower = g_ascii_strdown (arg, -1);

  return g_str_has_suffix (lower, ".json") &&
         (strstr (arg, "://") == NULL || g_str_has_prefix (lower, "file://"));
}

/* Runs in the first instance, also for a second launch's arguments. */
static int
rd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  RdApplication *self = RD_APPLICATION (app);
  g_auto(GStrv) argv = NULL;
  int argc = 0;
  RdWindow *window;

  argv = g_application_command_line_get_arguments (command_line, &argc);
  /* --kiosk: kiosk mode for this run, without writing the key. It shapes
   * the window, so it counts only before the first one is made (not for a
   * second launch while a window is open). */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--kiosk") == 0)
      {
        if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
          rd_kiosk_set_forced (rd_kiosk_get_default (), TRUE);
        g_free (argv[i]);
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        i--;
      }
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (argc > 2)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Give one computer at a time: a name or address, an rdp:// link or a .rdp file."));
      return 2;
    }
  if (argc == 2 && looks_like_report (argv[1]))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, argv[1]);

      /* A .json that is not one of our reports says so; it is not read as
       * a connection file. */
      rd_window_open_report_file (window, file);
      return 0;
    }
  if (argc == 2)
    {
      if (looks_like_file (argv[1], g_application_command_line_get_cwd (command_line)))
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, argv[1]);
          rd_window_check_file (window, file);
        }
      else
        rd_window_check (window, argv[1]);
    }
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "Remote Desktop Doctor contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Remote Desktop Doctor"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Finds out why a Remote Desktop connection fails with “0x904, extended 0x7” and how to fix it."),
                         "developer-name", developers[0],
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets each window stop its checks and keep its
   * size; the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
rd_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { .name = "about", .activate = about_action },
    { .name = "quit", .activate = quit_action },
  };
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);


  app_class->activate = rd_application_activate;
  app_class->command_line = rd_application_command_line;
  app_class->startup = rd_application_startup;
}

static void
rd_application_init (RdApplication *self)
{
}

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/rdpdoctor/RdpDoctor",
                       NULL);
}
