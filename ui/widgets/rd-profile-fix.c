/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-kiosk.h"
#include "rd-profile-fix-private.h"
#include "rd-ui.h"

/* Generous: the checks themselves bound every wait. */
#define VERIFY_TIMEOUT_MS 20000

struct _RdProfileFix
{
  AdwBin             parent_instance;

  GtkWidget         *apply_button;
  GtkWidget         *status_box;
  GtkSpinner        *spinner;
  GtkImage          *status_icon;
  GtkLabel          *status_label;
  GtkLabel          *file_label;
  GtkWidget         *open_button;
  GtkWidget         *undo_button;

  RdReport          *report;
  RdWorkarounds      workarounds;
  char              *address;
  char              *path;
  char              *backup;     /* the copy of the file as it was, for Undo */
  char              *label;      /* the apply button's, as the page set it */
  RdProfileFixState  state;
  GPtrArray         *clients;    /* RdClientApp* */
  GCancellable      *cancellable;
  GtkNativeDialog   *chooser;
};

G_DEFINE_FINAL_TYPE (RdProfileFix, rd_profile_fix, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_status (RdProfileFix      *self,
            RdProfileFixState  state,
            const char        *icon,
            const char        *css_class,
            const char        *text)
{
  const char *classes[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);

  gtk_widget_set_visible (self->status_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == RD_PROFILE_FIX_VERIFYING);
  gtk_spinner_set_spinning (self->spinner, state == RD_PROFILE_FIX_VERIFYING);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile-fix.save",
                                 state != RD_PROFILE_FIX_VERIFYING &&
                                 rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* Through the page around it (RdPage's "page.toast"). */
static void
toast (RdProfileFix *self,
       const char   *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.toast", "s", message);
}

static void
show_open_button (RdProfileFix *self)
{
  const RdClientApp *app;
  g_autofree char *label = NULL;

  /* Starting another app is a way out of a kiosk. */
  if (!rd_kiosk_allows_other_apps (rd_kiosk_get_default ()))
    {
      gtk_widget_set_visible (self->open_button, FALSE);
      return;
    }
  if (self->clients == NULL)
    self->clients = rd_fixes_find_clients ();
  if (self->clients->len == 0 || self->path == NULL)
    {
      gtk_widget_set_visible (self->open_button, FALSE);
      return;
    }
  app = g_ptr_array_index (self->clients, 0);
  /* Translators: %s is a Remote Desktop app, e.g. "Remmina" */
  label = g_strdup_printf (_("_Open in %s"), app->name);
  rd_ui_set_button_label (self->open_button, label);
  gtk_widget_set_visible (self->open_button, TRUE);
}

/* The connection came from a file of the person's own that can hold the
 * fix (a .rdp file cannot hold TCP only or old encryption): that very file
 * is fixed, without a dialog; a backup and Undo keep it safe. */
static const char *
in_place_path (RdProfileFix *self)
{
  RdTarget *target = self->report != NULL ? rd_report_get_target (self->report) : NULL;
  const char *source = target != NULL ? rd_target_get_source_file (target) : NULL;
  gboolean remmina_only = (self->workarounds & (RD_WORKAROUND_TCP_ONLY | RD_WORKAROUND_TLS_LEGACY)) != 0;

  if (source == NULL || (remmina_only && !g_str_has_suffix (source, ".remmina")))
    return NULL;
  return source;
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdProfileFix) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdVerification) verification = rd_fixes_verify_finish (result, &error);

  if (verification == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the reason */
      text = g_strdup_printf (_("The file is saved, but the fix could not be tested: %s"), error->message);
      set_status (self, RD_PROFILE_FIX_FAILED, "dialog-warning-symbolic", "warning", text);
      show_open_button (self);
      return;
    }

  if (verification->fixed)
    set_status (self, RD_PROFILE_FIX_FIXED, "emblem-ok-symbolic", "success",
                g_strcmp0 (self->path, in_place_path (self)) == 0
                ? _("Fixed: with these settings the connection gets through. Your saved connection is updated: connect with it as before.")
                : _("Fixed: with these settings the connection gets through. Use the saved file to connect."));
  else
    {
      GPtrArray *causes = rd_report_get_causes (verification->after);
      g_autofree char *text = NULL;

      if (causes->len > 0)
        /* Translators: %s is what is still wrong, e.g. "The computer refuses…" */
        text = g_strdup_printf (_("Not fixed: this change is not enough. Still: %s"),
                                ((RdCause *) g_ptr_array_index (causes, 0))->title);
      else
        text = g_strdup (_("Not fixed: the connection still fails with these settings."));
      set_status (self, RD_PROFILE_FIX_NOT_FIXED, "dialog-error-symbolic", "error", text);
    }
  show_open_button (self);
}

/**
 * rd_profile_fix_save_to:
 * @path: where to write; ".remmina" writes a Remmina profile, anything else
 *   a .rdp file
 *
 * Writes the fixed profile (keeping a backup of a file already there) and
 * starts testing the fix.
 */
gboolean
rd_profile_fix_save_to (RdProfileFix  *self,
                        const char    *path,
                        GError       **error)
{
  RdProfileSettings settings = { 0 };
  g_autofree char *backup = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RD_IS_PROFILE_FIX (self), FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  settings.target = rd_report_get_target (self->report);
  settings.address = self->address;
  settings.workarounds = self->workarounds;
  if (self->address == NULL)
    settings.workarounds &= ~RD_WORKAROUND_USE_ADDRESS;

  if (!rd_profile_save (&settings, path, &backup, error))
    return FALSE;

  g_free (self->path);
  self->path = g_strdup (path);
  g_free (self->backup);
  self->backup = g_strdup (backup);
  gtk_widget_set_visible (self->undo_button, backup != NULL);
  base = g_path_get_basename (path);
  if (backup != NULL)
    {
      g_autofree char *backup_base = g_path_get_basename (backup);

      /* Translators: %1$s is the file saved, %2$s the copy of the old one */
      text = g_strdup_printf (_("Saved as “%1$s”. The file that was there is kept as “%2$s”."),
                              base, backup_base);
    }
  else
    /* Translators: %s is the file saved */
    text = g_strdup_printf (_("Saved as “%s”."), base);
  gtk_label_set_text (self->file_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->file_label), TRUE);
  gtk_widget_set_visible (self->open_button, FALSE);

  set_status (self, RD_PROFILE_FIX_VERIFYING, NULL, NULL, _("Testing the fix…"));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_fixes_verify_async (self->report, settings.workarounds, settings.address, VERIFY_TIMEOUT_MS,
                         self->cancellable, on_verified, g_object_ref (self));
  return TRUE;
}

/* Saves the profile at @path, or says why not. */
static void
save_profile (RdProfileFix *self,
              const char   *path)
{
  g_autoptr(GError) error = NULL;

  if (!rd_profile_fix_save_to (self, path, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the reason */
      text = g_strdup_printf (_("Could not save the connection: %s"), error->message);
      set_status (self, RD_PROFILE_FIX_FAILED, "dialog-error-symbolic", "error", text);
    }
}

static void
on_save_chosen (gpointer  owner,
                GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    save_profile (RD_PROFILE_FIX (owner), path);
}

/* A new profile's file name: the computer's, as a file may be named. */
static char *
profile_name (RdTarget *target,
              gboolean  remmina_only)
{
  char *name = g_strdup_printf ("%s.%s", rd_target_get_display_host (target), remmina_only ? "remmina" : "rdp");

  return g_strdelimit (name, ":/\\[]", '-');
}

/* A kiosk has no file dialog: the profile goes where the last one of this
 * computer went, the file it came from or the app's own folder. */
static void
save_without_dialog (RdProfileFix *self,
                     RdTarget     *target,
                     gboolean      remmina_only)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (rd_target_get_source_file (target) != NULL)
    path = g_strdup (rd_target_get_source_file (target));
  else
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "rdp-doctor", "connections", NULL);

      name = profile_name (target, remmina_only);
      g_mkdir_with_parents (dir, 0700);
      path = g_build_filename (dir, name, NULL);
    }
  save_profile (self, path);
}

/* "Turn NLA off for this connection…" asks where to save; fixing the
 * person's own file in place asks nothing, so no "…". */
static void
update_label (RdProfileFix *self)
{
  g_autofree char *text = NULL;

  if (self->label == NULL)
    return;
  text = g_strdup (self->label);
  if (in_place_path (self) != NULL && g_str_has_suffix (text, "…"))
    text[strlen (text) - strlen ("…")] = '\0';
  rd_ui_set_button_label (self->apply_button, text);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdProfileFix *self = RD_PROFILE_FIX (widget);
  GtkFileChooser *chooser;
  GtkFileFilter *rdp, *remmina;
  g_autofree char *name = NULL;
  gboolean remmina_only;
  RdTarget *target;

  if (self->report == NULL || !rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()))
    return;
  target = rd_report_get_target (self->report);
  /* A .rdp file has no setting for TCP only or old encryption; Remmina's
   * profile has. */
  remmina_only = (self->workarounds & (RD_WORKAROUND_TCP_ONLY | RD_WORKAROUND_TLS_LEGACY)) != 0;
  if (in_place_path (self) != NULL)
    {
      save_profile (self, in_place_path (self));
      return;
    }
  if (!rd_kiosk_allows_file_dialogs (rd_kiosk_get_default ()))
    {
      save_without_dialog (self, target, remmina_only);
      return;
    }

  chooser = rd_ui_new_chooser (widget, _("Save Fixed Connection"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  rdp = rd_ui_add_filter (chooser, _("Remote Desktop connection (.rdp)"), "*.rdp");
  remmina = rd_ui_add_filter (chooser, _("Remmina profile (.remmina)"), "*.remmina");
  gtk_file_chooser_set_filter (chooser, remmina_only ? remmina : rdp);

  /* An existing .rdp file is updated in place, with a backup. */
  if (rd_target_get_source_file (target) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (rd_target_get_source_file (target));

      gtk_file_chooser_set_file (chooser, file, NULL);
    }
  else
    {
      name = profile_name (target, remmina_only);
      gtk_file_chooser_set_current_name (chooser, name);
    }
  rd_ui_show_chooser (&self->chooser, chooser, on_save_chosen, self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdProfileFix *self = RD_PROFILE_FIX (widget);
  g_autoptr(GError) error = NULL;

  if (self->clients == NULL || self->clients->len == 0 || self->path == NULL ||
      !rd_kiosk_allows_other_apps (rd_kiosk_get_default ()))
    return;
  if (!rd_fixes_open_in_client (g_ptr_array_index (self->clients, 0), self->path, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the reason */
      text = g_strdup_printf (_("Could not start the app: %s"), error->message);
      toast (self, text);
    }
}

/* Undo: the file as it was before the fix, byte for byte. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdProfileFix *self = RD_PROFILE_FIX (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;

  if (self->path == NULL || self->backup == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  if (!rd_profile_restore (self->path, self->backup, &error))
    {
      /* Translators: %s is the reason */
      text = g_strdup_printf (_("Could not undo the fix: %s"), error->message);
      toast (self, text);
      return;
    }
  g_clear_pointer (&self->backup, g_free);
  gtk_widget_set_visible (self->undo_button, FALSE);
  gtk_widget_set_visible (self->open_button, FALSE);
  base = g_path_get_basename (self->path);
  /* Translators: %s is the file */
  text = g_strdup_printf (_("“%s” is back as it was before the fix."), base);
  gtk_label_set_text (self->file_label, text);
  set_status (self, RD_PROFILE_FIX_IDLE, "edit-undo-symbolic", NULL, text);
}

static void
rd_profile_fix_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdProfileFix *self = RD_PROFILE_FIX (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_profile_fix_dispose (GObject *object)
{
  RdProfileFix *self = RD_PROFILE_FIX (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  rd_ui_close_chooser (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PROFILE_FIX);
  G_OBJECT_CLASS (rd_profile_fix_parent_class)->dispose (object);
}

static void
rd_profile_fix_finalize (GObject *object)
{
  RdProfileFix *self = RD_PROFILE_FIX (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, rd_report_unref);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_free (self->address);
  g_free (self->path);
  g_free (self->backup);
  g_free (self->label);
  G_OBJECT_CLASS (rd_profile_fix_parent_class)->finalize (object);
}

static void
rd_profile_fix_class_init (RdProfileFixClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);


  object_class->get_property = rd_profile_fix_get_property;
  object_class->dispose = rd_profile_fix_dispose;
  object_class->finalize = rd_profile_fix_finalize;

  /**
   * RdProfileFix:state:
   *
   * An #RdProfileFixState: where the save and the test of the fix are.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, RD_PROFILE_FIX_IDLE, RD_PROFILE_FIX_FAILED, RD_PROFILE_FIX_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rdpdoctor/RdpDoctor/widgets/rd-profile-fix.ui");
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, apply_button);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, status_box);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, status_icon);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, file_label);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, open_button);
  gtk_widget_class_bind_template_child (widget_class, RdProfileFix, undo_button);

  gtk_widget_class_install_action (widget_class, "profile-fix.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "profile-fix.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "profile-fix.undo", NULL, undo_action);
}

static void
rd_profile_fix_init (RdProfileFix *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Where the administrator allows no change here, who can make it. */
  if (!rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()))
    {
      GtkWidget *box = gtk_widget_get_parent (self->apply_button);

      gtk_widget_set_visible (self->apply_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile-fix.save", FALSE);
      gtk_box_prepend (GTK_BOX (box),
                       rd_kiosk_helpdesk_card_new (rd_kiosk_get_default (),
                                                   _("This computer’s settings cannot be changed here. Your helpdesk can make this change for you.")));
    }
}

/**
 * rd_profile_fix_set_report:
 * @workarounds: what the saved profile changes
 *
 * Starts over: nothing saved, nothing tested.
 */
void
rd_profile_fix_set_report (RdProfileFix  *self,
                           RdReport      *report,
                           RdWorkarounds  workarounds)
{
  g_return_if_fail (RD_IS_PROFILE_FIX (self));
  g_return_if_fail (report != NULL);

  rd_report_ref (report);
  g_clear_pointer (&self->report, rd_report_unref);
  self->report = report;
  self->workarounds = workarounds;
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  update_label (self);
  gtk_widget_set_visible (self->status_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->file_label), FALSE);
  gtk_widget_set_visible (self->open_button, FALSE);
  gtk_widget_set_visible (self->undo_button, FALSE);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile-fix.save",
                                 rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()));
  if (self->state != RD_PROFILE_FIX_IDLE)
    {
      self->state = RD_PROFILE_FIX_IDLE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/**
 * rd_profile_fix_set_address:
 * @address: (nullable): the IP address to connect to instead of the name
 */
void
rd_profile_fix_set_address (RdProfileFix *self,
                            const char   *address)
{
  g_return_if_fail (RD_IS_PROFILE_FIX (self));
  g_free (self->address);
  self->address = g_strdup (address);
}

const char *
rd_profile_fix_get_address (RdProfileFix *self)
{
  g_return_val_if_fail (RD_IS_PROFILE_FIX (self), NULL);
  return self->address;
}

void
rd_profile_fix_set_label (RdProfileFix *self,
                          const char   *label)
{
  g_return_if_fail (RD_IS_PROFILE_FIX (self));
  g_free (self->label);
  self->label = g_strdup (label);
  update_label (self);
}

void
rd_profile_fix_set_primary (RdProfileFix *self,
                            gboolean      primary)
{
  g_return_if_fail (RD_IS_PROFILE_FIX (self));
  if (primary)
    gtk_widget_add_css_class (self->apply_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->apply_button, "suggested-action");
}

RdProfileFixState
rd_profile_fix_get_state (RdProfileFix *self)
{
  g_return_val_if_fail (RD_IS_PROFILE_FIX (self), RD_PROFILE_FIX_IDLE);
  return self->state;
}

const char *
rd_profile_fix_get_status (RdProfileFix *self)
{
  g_return_val_if_fail (RD_IS_PROFILE_FIX (self), NULL);
  return gtk_label_get_text (self->status_label);
}
