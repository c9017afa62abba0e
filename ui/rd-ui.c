/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "rd-ui.h"

/* GTK 4.8 names a button with a mnemonic after both its label property (the
 * underscore included) and its label child, so a screen reader says
 * "_Cancel Cancel". Name such buttons once, by their label without the
 * underscore. */
static char *
strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            g_string_append_c (out, '_'), p++;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
name_button (GtkButton *button)
{
  g_autofree char *name = strip_mnemonic (gtk_button_get_label (button));

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/**
 * rd_ui_set_button_label:
 * @label: with a mnemonic, e.g. "_Next"
 *
 * Sets the label of a button made with use-underline, and names it after
 * the label without the underscore.
 */
void
rd_ui_set_button_label (GtkWidget  *button,
                        const char *label)
{
  gtk_button_set_label (GTK_BUTTON (button), label);
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  name_button (GTK_BUTTON (button));
}

void
rd_ui_fix_mnemonic_names (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rd_ui_fix_mnemonic_names (child);
  /* A closed expander keeps its child out of the tree until it opens. */
  if (GTK_IS_EXPANDER (root) && !gtk_expander_get_expanded (GTK_EXPANDER (root)) &&
      gtk_expander_get_child (GTK_EXPANDER (root)) != NULL)
    rd_ui_fix_mnemonic_names (gtk_expander_get_child (GTK_EXPANDER (root)));

  /* GTK 4.8 names a scroll bar after its type. */
  if (GTK_IS_SCROLLBAR (root))
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_orientable_get_orientation (GTK_ORIENTABLE (root)) == GTK_ORIENTATION_VERTICAL ?
                                    _("Scroll up or down") : _("Scroll sideways"),
                                    -1);
  /* ... and an expander after its type too, not its label. */
  if (GTK_IS_EXPANDER (root) && gtk_expander_get_label (GTK_EXPANDER (root)) != NULL)
    {
      g_autofree char *name = strip_mnemonic (gtk_expander_get_label (GTK_EXPANDER (root)));

      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
      gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    name_button (GTK_BUTTON (root));
}

/**
 * rd_ui_new_chooser:
 * @widget: what asks, in the window the dialog is for
 * @accept: the label of its button that accepts, with a mnemonic
 *
 * Returns: (transfer full): a new file dialog with Cancel, for
 *   rd_ui_show_chooser() once set up
 */
GtkFileChooser *
rd_ui_new_chooser (GtkWidget            *widget,
                   const char           *title,
                   GtkFileChooserAction  action,
                   const char           *accept)
{
  return GTK_FILE_CHOOSER (gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                                        action, accept, _("_Cancel")));
}

/**
 * rd_ui_add_filter:
 * @name: what the files are, as the dialog lists it
 * @pattern: a glob, such as "*.json"
 *
 * Returns: (transfer none): the filter added to @chooser, for more patterns
 */
GtkFileFilter *
rd_ui_add_filter (GtkFileChooser *chooser,
                  const char     *name,
                  const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
  return filter;
}

/**
 * rd_ui_close_chooser:
 * @slot: where its owner keeps its file dialog
 *
 * Closes that dialog, if there is one, and forgets it.
 */
void
rd_ui_close_chooser (GtkNativeDialog **slot)
{
  if (*slot != NULL)
    gtk_native_dialog_destroy (*slot);
  g_clear_object (slot);
}

typedef struct
{
  GtkNativeDialog **slot;
  RdUiFileFunc      on_file;
  gpointer          owner;
} Chooser;

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     Chooser         *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  /* Answered: the owner is done with it (it lives to the end of this). */
  g_clear_object (chooser->slot);
  if (file != NULL)
    chooser->on_file (chooser->owner, file);
}

/**
 * rd_ui_show_chooser:
 * @slot: where its owner keeps its file dialog, one at a time
 * @chooser: (transfer full): a new file dialog
 * @on_file: called with @owner and the file, if one is chosen
 *
 * Shows @chooser, modal, in place of the dialog in @slot, which closes;
 * once answered, @slot is empty again.
 */
void
rd_ui_show_chooser (GtkNativeDialog **slot,
                    GtkFileChooser   *chooser,
                    RdUiFileFunc      on_file,
                    gpointer          owner)
{
  GtkNativeDialog *dialog = GTK_NATIVE_DIALOG (chooser);
  Chooser *data = g_new (Chooser, 1);

  data->slot = slot;
  data->on_file = on_file;
  data->owner = owner;
  gtk_native_dialog_set_modal (dialog, TRUE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_chooser_response), data,
                         (GClosureNotify) G_CALLBACK (g_free), 0);
  rd_ui_close_chooser (slot);
  *slot = dialog;
  gtk_native_dialog_show (dialog);
}

RdRunner *
rd_ui_new_runner (RdTarget *target,
                  guint     timeout_ms)
{
  RdRunner *runner = rd_runner_new (target);

  rd_runner_set_timeout (runner, timeout_ms);
  return runner;
}

void
rd_ui_append_layout_at (GtkSnapshot   *snapshot,
                        PangoLayout   *layout,
                        double         x,
                        double         y,
                        const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}
