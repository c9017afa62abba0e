/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "rd-application.h"
#include "rd-exit.h"
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

/* The wizard's settings schema, compiled where GSettings looks: the system's
 * data directories once installed, GSETTINGS_SCHEMA_DIR when run from the
 * build tree (build-aux/dev run, meson devenv). Without it g_settings_new()
 * aborts the program. */
static gboolean
has_settings_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* NULL when no schema at all is installed. */
  if (source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL;
}

static char *
missing_schema_message (void)
{
  return g_strdup_printf (_("Remote Desktop Doctor is not installed completely: its settings (%s) are missing. "
                            "Reinstall it, or run it from its build folder with build-aux/dev run."),
                          APP_ID);
}

/* The same message for whoever started the program from a menu, in a window
 * of its own; returns once the window is closed. No icon: an install this
 * broken may not load one either (GTK leaks in that failure). */
static void
show_missing_schema (const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Close"));

  gtk_window_set_title (GTK_WINDOW (window), _("Remote Desktop Doctor"));
  gtk_window_set_default_size (GTK_WINDOW (window), 520, -1);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Remote Desktop Doctor cannot start"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), markup);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_widget (GTK_WINDOW (window), button);
  gtk_window_present (GTK_WINDOW (window));

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;
  g_autofree char *missing = NULL;
  gboolean schema_found;

  /* A peer that resets a connection must not kill us while we write. */
  signal (SIGPIPE, SIG_IGN);

  rd_setup_locale ();

  if (has_option (argc, argv, "--version"))
    return print_version ();

  /* Before anything of GTK: the headless mode runs without a display. */
  if (has_option (argc, argv, "--headless"))
    return rd_headless_main (argc, argv);

  /* An installed copy whose schema is missing (a partial install, a copied
   * binary) says so, first on stderr (before GTK, which may complain about
   * its own settings), and exits with the status of an internal error. */
  schema_found = has_settings_schema ();
  if (!schema_found)
    {
      missing = missing_schema_message ();
      g_printerr ("rdp-doctor: %s\n", missing);
    }

  if (!gtk_init_check ())
    {
      if (!schema_found)
        return RD_EXIT_INTERNAL;
      g_printerr ("rdp-doctor: %s\n",
                  _("There is no display to show the window on. To check from the terminal, run: rdp-doctor --headless COMPUTER"));
      return 2;
    }
  if (!schema_found)
    {
      /* libadwaita's styles, as AdwApplication would load them. */
      adw_init ();
      show_missing_schema (missing);
      return RD_EXIT_INTERNAL;
    }

  app = rd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
