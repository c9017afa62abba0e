/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-connections.h"
#include "rd-kiosk.h"
#include "rd-ui.h"
#include "rd-welcome-page.h"

#define MAX_RECENT_HOSTS 5
/* Saved connections shown before "Show all": the page stays one screen at
 * 1024×768. */
#define MAX_SAVED_SHOWN 2

struct _RdWelcomePage
{
  RdPage      parent_instance;

  AdwClamp    *clamp;
  GtkLabel    *intro_label;
  GtkWidget   *presets_box;
  GtkWidget   *host_group;
  GtkWidget   *buttons_box;
  GtkWidget   *open_file_button;
  AdwEntryRow *host_row;
  GtkLabel    *message_label;
  GtkWidget   *recent_group;
  GtkListBox  *recent_list;
  GtkWidget   *saved_group;
  GtkListBox  *saved_list;
  GtkWidget   *show_all_button;

  GSettings   *settings;
  RdTarget    *target;
  GPtrArray   *saved;        /* RdSavedConnection*, NULL until read */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RdWelcomePage, rd_welcome_page, RD_TYPE_PAGE)

static void
show_message (RdWelcomePage *self,
              const char    *message,
              gboolean       is_error)
{
  GtkWidget *label = GTK_WIDGET (self->message_label);

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL && *message != '\0');
  gtk_widget_remove_css_class (label, "warning");
  if (is_error)
    {
      gtk_widget_add_css_class (label, "error");
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->host_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");
    }
  /* A screen reader reads the reason together with the field. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->host_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "",
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->host_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               is_error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* "office-pc" when the port is the usual one, else "office-pc:3390". */
static char *
target_short_string (RdTarget *target)
{
  if (rd_target_get_port (target) == RD_DEFAULT_PORT)
    return g_strdup (rd_target_get_display_host (target));
  return rd_target_to_string (target);
}

static void
set_target (RdWelcomePage *self,
            RdTarget      *target)
{
  g_clear_pointer (&self->target, rd_target_unref);
  self->target = target;
  rd_page_set_complete (RD_PAGE (self), target != NULL);
}

static void
show_target (RdWelcomePage *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) message = NULL;
  gboolean warn = FALSE;

  if (rd_target_get_port (self->target) == RD_DEFAULT_PORT)
    /* Translators: %s is a computer name or address */
    text = g_strdup_printf (_("We will check %s on the usual Remote Desktop port."),
                            rd_target_get_display_host (self->target));
  else
    /* Translators: %s is a computer name or address, %u a port number */
    text = g_strdup_printf (_("We will check %s on port %u."),
                            rd_target_get_display_host (self->target),
                            (guint) rd_target_get_port (self->target));

  /* What the name's real form is, and whether it could pass for another. */
  message = g_string_new (text);
  for (guint i = 0; i < rd_target_get_n_notes (self->target); i++)
    {
      gboolean warning = FALSE;
      const char *note = rd_target_get_note (self->target, i, &warning);

      g_string_append_printf (message, "\n%s", note);
      warn |= warning;
    }
  show_message (self, message->str, FALSE);
  if (warn)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "warning");
    }
}

/* Shows @target's computer in the entry, as if typed, but keeps @target
 * itself: what its file says beyond the computer (a gateway, the file to
 * fix) is not in the text. Takes @target. */
static void
use_target (RdWelcomePage *self,
            RdTarget      *target)
{
  g_autofree char *text = target_short_string (target);

  rd_welcome_page_set_text (self, text);
  set_target (self, target);
  show_target (self);
}

static void
on_host_changed (RdWelcomePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GError) error = NULL;
  RdTarget *target;

  if (*trimmed == '\0')
    {
      /* Nothing typed yet is not a mistake. */
      set_target (self, NULL);
      show_message (self, NULL, FALSE);
      return;
    }

  target = rd_target_parse (text, &error);
  set_target (self, target);
  if (target == NULL)
    show_message (self, error->message, TRUE);
  else
    show_target (self);
}

static void
on_entry_activated (RdWelcomePage *self)
{
  if (rd_page_get_complete (RD_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static void
on_recent_row_activated (RdWelcomePage *self,
                         GtkListBoxRow *row)
{
  const char *host = g_object_get_data (G_OBJECT (row), "host");

  rd_welcome_page_set_text (self, host);
  gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
}

static gboolean
is_saved (RdWelcomePage *self,
          const char    *host)
{
  for (guint i = 0; self->saved != NULL && i < self->saved->len; i++)
    {
      const RdSavedConnection *connection = g_ptr_array_index (self->saved, i);
      g_autofree char *text = target_short_string (connection->target);

      if (g_ascii_strcasecmp (text, host) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
load_recent_hosts (RdWelcomePage *self)
{
  g_auto(GStrv) hosts = NULL;
  GtkWidget *child;

  /* A kiosk shows no one the computers the last people checked. */
  if (!rd_kiosk_remembers_hosts (rd_kiosk_get_default ()))
    {
      gtk_widget_set_visible (self->recent_group, FALSE);
      return;
    }
  hosts = g_settings_get_strv (self->settings, "recent-hosts");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; hosts[i] != NULL && i < MAX_RECENT_HOSTS; i++)
    {
      GtkWidget *row;

      /* A saved connection is listed above, by its name. */
      if (is_saved (self, hosts[i]))
        continue;
      row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hosts[i]);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      g_object_set_data_full (G_OBJECT (row), "host", g_strdup (hosts[i]), g_free);
      gtk_widget_set_tooltip_text (row, _("Use this computer"));
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (self->recent_group, gtk_widget_get_first_child (GTK_WIDGET (self->recent_list)) != NULL);
}

static void
on_saved_row_activated (RdWelcomePage *self,
                        GtkListBoxRow *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));
  const RdSavedConnection *connection;

  g_return_if_fail (self->saved != NULL && index >= 1 && index <= self->saved->len);

  connection = g_ptr_array_index (self->saved, index - 1);
  use_target (self, rd_target_ref (connection->target));
  if (rd_page_get_complete (RD_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

/* The rest of the list; the page scrolls now, as the person asked. */
static void
on_show_all_clicked (RdWelcomePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_visible (child, TRUE);
  gtk_widget_set_visible (self->show_all_button, FALSE);
  /* The button is gone: the first row newly shown takes the focus. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->saved_list, MAX_SAVED_SHOWN);

    if (row != NULL)
      gtk_widget_grab_focus (GTK_WIDGET (row));
  }
}

static GtkWidget *
saved_row_new (const RdSavedConnection *connection,
               guint                    index)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *target = rd_saved_connection_get_target_text (connection);
  g_autofree char *subtitle = NULL;

  /* Translators: where a connection is saved ("Remmina"), then its computer */
  subtitle = g_strdup_printf (_("%s · %s"), rd_saved_source_get_app_name (connection->source),
                              target);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), connection->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Check this connection"));
  g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (index));
  return row;
}

static void
show_saved (RdWelcomePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list))) != NULL)
    gtk_list_box_remove (self->saved_list, child);

  for (guint i = 0; i < self->saved->len; i++)
    {
      GtkWidget *row = saved_row_new (g_ptr_array_index (self->saved, i), i + 1);

      gtk_widget_set_visible (row, i < MAX_SAVED_SHOWN);
      gtk_list_box_append (self->saved_list, row);
    }
  if (self->saved->len > MAX_SAVED_SHOWN)
    {
      g_autofree char *label = NULL;
      g_autofree char *description = NULL;

      /* Translators: a button beside "Your saved connections"; %u is how many */
      label = g_strdup_printf (ngettext ("Show All %u", "Show All %u", self->saved->len),
                               self->saved->len);
      gtk_button_set_label (GTK_BUTTON (self->show_all_button), label);
      description = g_strdup_printf (ngettext ("Show all %u saved connection",
                                               "Show all %u saved connections",
                                               self->saved->len),
                                     self->saved->len);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->show_all_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
    }
  gtk_widget_set_visible (self->show_all_button, self->saved->len > MAX_SAVED_SHOWN);
  /* Picking one of them is the likely thing to do; typing comes second,
   * and its two buttons share a line so that the page stays one screen. */
  if (self->saved->len > 0 && !gtk_widget_get_visible (self->presets_box))
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->host_group), _("Or another computer"));
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->buttons_box), GTK_ORIENTATION_HORIZONTAL);
    }
  gtk_widget_set_visible (self->saved_group, self->saved->len > 0);
}

static void
find_saved_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  g_autoptr(GPtrArray) warnings = NULL;
  GPtrArray *connections = rd_saved_connections_find (NULL, &warnings);

  /* A file that cannot be read is simply not offered here. */
  for (guint i = 0; i < warnings->len; i++)
    g_debug ("%s", (const char *) g_ptr_array_index (warnings, i));
  g_task_return_pointer (task, connections, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_saved_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RdWelcomePage *self = RD_WELCOME_PAGE (source);
  GPtrArray *connections = g_task_propagate_pointer (G_TASK (result), NULL);

  if (connections == NULL)
    return;
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  self->saved = connections;
  show_saved (self);
  load_recent_hosts (self);
}

/* Reads the saved connections in a worker: their files may be slow. */
static void
load_saved_connections (RdWelcomePage *self)
{
  RdKiosk *kiosk = rd_kiosk_get_default ();
  g_autoptr(GTask) task = NULL;

  /* A kiosk has no one's own connections; the presets are its list. */
  if (rd_kiosk_is_active (kiosk) || !rd_kiosk_allows_custom_host (kiosk))
    return;
  task = g_task_new (self, self->cancellable, on_saved_found, NULL);
  g_task_set_source_tag (task, load_saved_connections);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, find_saved_thread);
}

static void
remember_host (RdWelcomePage *self,
               const char    *host)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-hosts");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) hosts = NULL;
  guint n = 1;

  if (!rd_kiosk_remembers_hosts (rd_kiosk_get_default ()))
    return;

  g_strv_builder_add (builder, host);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_HOSTS; i++)
    if (g_strcmp0 (old[i], host) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  hosts = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-hosts", (const char * const *) hosts);
}

static void
on_file_chosen (gpointer  owner,
                GFile    *file)
{
  rd_welcome_page_open_file (RD_WELCOME_PAGE (owner), file);
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RdWelcomePage *self = RD_WELCOME_PAGE (widget);
  GtkFileChooser *chooser;
  GtkFileFilter *rdp_filter;

  if (!rd_kiosk_allows_file_dialogs (rd_kiosk_get_default ()) ||
      !rd_kiosk_allows_custom_host (rd_kiosk_get_default ()))
    return;

  chooser = rd_ui_new_chooser (widget, _("Open a Remote Desktop File"),
                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  rdp_filter = rd_ui_add_filter (chooser, _("Remote Desktop files (.rdp)"), "*.rdp");
  gtk_file_filter_add_pattern (rdp_filter, "*.RDP");
  gtk_file_filter_add_mime_type (rdp_filter, "application/x-rdp");
  rd_ui_add_filter (chooser, _("All files"), "*");
  rd_page_show_chooser (RD_PAGE (self), chooser, on_file_chosen);
}

static void
on_preset (gpointer    data,
           const char *target)
{
  RdWelcomePage *self = data;

  rd_welcome_page_set_text (self, target);
  if (rd_page_get_complete (RD_PAGE (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

/* What the administrator allows (see RdKiosk): preset computers as buttons
 * that start the checks at once, the typed computer only if allowed, no
 * file dialog in a kiosk. */
static void
apply_policy (RdWelcomePage *self)
{
  RdKiosk *kiosk = rd_kiosk_get_default ();
  GtkWidget *presets = rd_kiosk_presets_new (kiosk, on_preset, self);
  gboolean custom = rd_kiosk_allows_custom_host (kiosk);

  if (presets != NULL)
    {
      gtk_box_append (GTK_BOX (self->presets_box), presets);
      gtk_widget_set_visible (self->presets_box, TRUE);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->host_group), _("Or another computer"));
    }
  gtk_widget_set_visible (self->host_group, custom);
  gtk_widget_set_visible (self->buttons_box, custom);
  /* A .rdp file names a computer of its own too. */
  if (!custom || !rd_kiosk_allows_file_dialogs (kiosk))
    {
      gtk_widget_set_visible (self->open_file_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.open-file", FALSE);
    }
  if (rd_kiosk_is_active (kiosk))
    {
      gtk_label_set_text (self->intro_label,
                          _("We check the connection step by step and tell you in plain words what is wrong and who can fix it. Nothing is changed on the other computer."));
      /* The whole width up to there: three big buttons in a row at 800 px. */
      adw_clamp_set_maximum_size (self->clamp, 880);
      adw_clamp_set_tightening_threshold (self->clamp, 880);
    }
  if (presets == NULL && !custom)
    show_message (self, _("No computer is set up to be checked here. Please ask your helpdesk."), FALSE);
}

static void
rd_welcome_page_shown (RdPage *page)
{
  RdWelcomePage *self = RD_WELCOME_PAGE (page);

  load_recent_hosts (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
}

static void
rd_welcome_page_apply (RdPage *page)
{
  RdWelcomePage *self = RD_WELCOME_PAGE (page);

  if (self->target != NULL)
    {
      g_autofree char *host = target_short_string (self->target);

      remember_host (self, host);
      load_recent_hosts (self);
    }
}

static void
rd_welcome_page_dispose (GObject *object)
{
  RdWelcomePage *self = RD_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (rd_welcome_page_parent_class)->dispose (object);
}

static void
rd_welcome_page_finalize (GObject *object)
{
  RdWelcomePage *self = RD_WELCOME_PAGE (object);

  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_welcome_page_parent_class)->finalize (object);
}

static void
rd_welcome_page_class_init (RdWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  rd_page_class_set_page (page_class, RD_PAGE_WELCOME, RD_AREA_NONE);

  object_class->dispose = rd_welcome_page_dispose;
  object_class->finalize = rd_welcome_page_finalize;
  page_class->shown = rd_welcome_page_shown;
  page_class->apply = rd_welcome_page_apply;

  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, clamp);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, presets_box);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, host_group);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, open_file_button);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, host_row);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, saved_group);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, saved_list);
  gtk_widget_class_bind_template_child (widget_class, RdWelcomePage, show_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_host_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_saved_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_show_all_clicked);

  gtk_widget_class_install_action (widget_class, "welcome.open-file", NULL, open_file_action);
}

static void
rd_welcome_page_init (RdWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  apply_policy (self);
  load_recent_hosts (self);
  load_saved_connections (self);
}

/**
 * rd_welcome_page_get_target:
 *
 * Returns: (transfer none) (nullable): the parsed input
 */
RdTarget *
rd_welcome_page_get_target (RdWelcomePage *self)
{
  g_return_val_if_fail (RD_IS_WELCOME_PAGE (self), NULL);
  return self->target;
}

/**
 * rd_welcome_page_set_text:
 *
 * Fills in the computer's name or address, as if typed.
 */
void
rd_welcome_page_set_text (RdWelcomePage *self,
                          const char    *text)
{
  g_return_if_fail (RD_IS_WELCOME_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), text != NULL ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->host_row), -1);
}

/**
 * rd_welcome_page_open_file:
 *
 * Takes the computer's address from a .rdp file. On failure the page shows
 * the reason.
 *
 * Returns: whether the file gave a computer to check
 */
gboolean
rd_welcome_page_open_file (RdWelcomePage *self,
                           GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  RdTarget *target = NULL;

  g_return_val_if_fail (RD_IS_WELCOME_PAGE (self), FALSE);

  if (g_file_is_native (file))
    {
      g_autofree char *path = g_file_get_path (file);
      target = rd_target_new_from_file (path, &error);
    }
  else if (g_file_load_contents (file, NULL, &data, &length, NULL, &error))
    target = rd_target_new_from_rdp_data (data, length, &error);

  if (target == NULL)
    {
      show_message (self, error->message, TRUE);
      set_target (self, NULL);
      return FALSE;
    }

  /* Remembered where the other apps look too, and where this page finds
   * it again among the saved connections; a kiosk remembers nothing. */
  if (g_file_is_native (file) && rd_kiosk_remembers_hosts (rd_kiosk_get_default ()))
    {
      g_autofree char *uri = g_file_get_uri (file);
      const char *app_name = g_get_application_name ();
      GtkRecentData recent = {
        .mime_type = (char *) "application/x-rdp",
        .app_name = (char *) (app_name != NULL ? app_name : "rdp-doctor"),
        .app_exec = (char *) "rdp-doctor %u",
      };

      gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &recent);
    }
  use_target (self, target);
  return TRUE;
}
