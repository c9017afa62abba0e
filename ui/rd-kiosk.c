/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-kiosk.h"
#include "rd-target.h"

struct _RdKiosk
{
  GObject    parent_instance;

  GSettings *settings;
  gboolean   forced;
};

G_DEFINE_FINAL_TYPE (RdKiosk, rd_kiosk, G_TYPE_OBJECT)

static void
rd_kiosk_finalize (GObject *object)
{
  RdKiosk *self = RD_KIOSK (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_kiosk_parent_class)->finalize (object);
}

static void
rd_kiosk_class_init (RdKioskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_kiosk_finalize;
}

static void
rd_kiosk_init (RdKiosk *self)
{
  self->settings = g_settings_new (APP_ID);
}

/**
 * rd_kiosk_get_default:
 *
 * Returns: (transfer none): the one policy of this process
 */
RdKiosk *
rd_kiosk_get_default (void)
{
  static gsize once = 0;
  static RdKiosk *kiosk = NULL;

  if (g_once_init_enter (&once))
    {
      kiosk = g_object_new (RD_TYPE_KIOSK, NULL);
      g_once_init_leave (&once, 1);
    }
  return kiosk;
}

/**
 * rd_kiosk_set_forced:
 * @forced: kiosk mode whatever the key says (--kiosk), without writing it
 */
void
rd_kiosk_set_forced (RdKiosk  *self,
                     gboolean  forced)
{
  g_return_if_fail (RD_IS_KIOSK (self));
  self->forced = !!forced;
}

gboolean
rd_kiosk_is_active (RdKiosk *self)
{
  g_return_val_if_fail (RD_IS_KIOSK (self), FALSE);
  return self->forced || g_settings_get_boolean (self->settings, "kiosk-mode");
}

gboolean
rd_kiosk_allows_custom_host (RdKiosk *self)
{
  g_return_val_if_fail (RD_IS_KIOSK (self), TRUE);
  return g_settings_get_boolean (self->settings, "allow-custom-host");
}

gboolean
rd_kiosk_allows_apply_fixes (RdKiosk *self)
{
  g_return_val_if_fail (RD_IS_KIOSK (self), TRUE);
  return g_settings_get_boolean (self->settings, "allow-apply-fixes");
}

/* A report saved on a public machine is the last person's, readable by the
 * next; and saving takes a file dialog. */
gboolean
rd_kiosk_allows_save_report (RdKiosk *self)
{
  g_return_val_if_fail (RD_IS_KIOSK (self), TRUE);
  return !rd_kiosk_is_active (self) && g_settings_get_boolean (self->settings, "allow-save-report");
}

/* A file dialog browses the whole file system and can start other apps. */
gboolean
rd_kiosk_allows_file_dialogs (RdKiosk *self)
{
  return !rd_kiosk_is_active (self);
}

/* Another app (a browser, a Remote Desktop app, a file manager) is a way
 * out of the kiosk. */
gboolean
rd_kiosk_allows_other_apps (RdKiosk *self)
{
  return !rd_kiosk_is_active (self);
}

gboolean
rd_kiosk_remembers_hosts (RdKiosk *self)
{
  return !rd_kiosk_is_active (self);
}

/**
 * rd_kiosk_get_idle_seconds:
 *
 * Returns: seconds without input before the kiosk starts over; 0 for never
 *   (always 0 outside kiosk mode)
 */
static guint
rd_kiosk_get_idle_seconds (RdKiosk *self)
{
  g_return_val_if_fail (RD_IS_KIOSK (self), 0);
  if (!rd_kiosk_is_active (self))
    return 0;
  return g_settings_get_uint (self->settings, "idle-reset-seconds");
}

/* Preset buttons */

typedef struct
{
  RdKioskPresetFunc func;
  gpointer          data;
} PresetClosure;

static void
on_preset_clicked (GtkButton     *button,
                   PresetClosure *closure)
{
  closure->func (closure->data, g_object_get_data (G_OBJECT (button), "target"));
}

static GtkWidget *
preset_button (const char *label,
               const char *target)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *subtitle = gtk_label_new (target);
  g_autofree char *description = NULL;

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (title, "preset-title");
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_MIDDLE);
  /* Narrow enough for three in a row on an 800 px screen; longer names
   * wrap, longer addresses lose their middle. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 14);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 20);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "preset-host");
  gtk_widget_add_css_class (button, "suggested-action");
  g_object_set_data_full (G_OBJECT (button), "target", g_strdup (target), g_free);
  /* Translators: %s is a computer's name or address */
  description = g_strdup_printf (_("Checks the connection to %s"), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (button, description);
  return button;
}

/**
 * rd_kiosk_presets_new:
 * @func: called with the preset's target when its button is pressed
 *
 * Returns: (transfer floating) (nullable): a box of buttons, or %NULL when
 *   no preset is set (or none is a valid computer)
 */
GtkWidget *
rd_kiosk_presets_new (RdKiosk           *self,
                      RdKioskPresetFunc  func,
                      gpointer           data)
{
  g_autoptr(GVariant) presets = NULL;
  GVariantIter iter;
  const char *label, *target;
  GtkWidget *flow;
  PresetClosure *closure;
  guint n = 0;

  g_return_val_if_fail (RD_IS_KIOSK (self), NULL);

  presets = g_settings_get_value (self->settings, "preset-hosts");
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_widget_add_css_class (flow, "preset-hosts");
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Computers you can check"),
                                  -1);

  closure = g_new0 (PresetClosure, 1);
  closure->func = func;
  closure->data = data;
  g_object_set_data_full (G_OBJECT (flow), "closure", closure, g_free);

  g_variant_iter_init (&iter, presets);
  while (g_variant_iter_next (&iter, "(&s&s)", &label, &target))
    {
      g_autoptr(GError) error = NULL;
      RdTarget *parsed = rd_target_parse (target, &error);
      GtkWidget *button;

      if (parsed == NULL)
        {
          /* The administrator's mistake; the other presets still work. */
          g_message ("preset-hosts: “%s” (%s) is left out: %s", label, target, error->message);
          continue;
        }
      rd_target_unref (parsed);
      button = preset_button (*label != '\0' ? label : target, target);
      g_signal_connect (button, "clicked", G_CALLBACK (on_preset_clicked), closure);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
      /* One stop per computer for Tab, not two. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      n++;
    }

  if (n == 0)
    {
      g_object_ref_sink (flow);
      g_object_unref (flow);
      return NULL;
    }
  return flow;
}

/* Helpdesk contact */

static char *
helpdesk_text (RdKiosk  *self,
               gboolean *any)
{
  g_autofree char *name = g_settings_get_string (self->settings, "helpdesk-name");
  g_autofree char *phone = g_settings_get_string (self->settings, "helpdesk-phone");
  g_autofree char *url = g_settings_get_string (self->settings, "helpdesk-url");
  GPtrArray *parts = g_ptr_array_new ();
  char *text;

  g_strstrip (name);
  g_strstrip (phone);
  g_strstrip (url);
  if (*name != '\0')
    g_ptr_array_add (parts, name);
  if (*phone != '\0')
    g_ptr_array_add (parts, phone);
  if (*url != '\0')
    g_ptr_array_add (parts, url);
  g_ptr_array_add (parts, NULL);
  *any = parts->len > 1;
  text = g_strjoinv ("  ·  ", (char **) parts->pdata);
  g_ptr_array_free (parts, TRUE);
  return text;
}

/* Plain text: a link would start a browser. Selectable would give a menu
 * and the primary selection; neither is needed to read a number. */
static GtkWidget *
contact_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/**
 * rd_kiosk_helpdesk_bar_new:
 *
 * Returns: (transfer floating) (nullable): the contact in one line, or %NULL
 */
GtkWidget *
rd_kiosk_helpdesk_bar_new (RdKiosk *self)
{
  gboolean any = FALSE;
  g_autofree char *contact = NULL;
  g_autofree char *text = NULL;
  GtkWidget *bar;
  GtkWidget *icon;

  g_return_val_if_fail (RD_IS_KIOSK (self), NULL);
  contact = helpdesk_text (self, &any);
  if (!any)
    return NULL;

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (bar, "helpdesk-bar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Helpdesk"),
                                  -1);
  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", "call-start-symbolic",
                       "icon-size", GTK_ICON_SIZE_LARGE,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  gtk_widget_set_hexpand (icon, TRUE);
  gtk_widget_set_halign (icon, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (bar), icon);
  /* Translators: %s is the helpdesk's name, phone and web address */
  text = g_strdup_printf (_("Need help? %s"), contact);
  {
    GtkWidget *label = contact_label (text, "helpdesk-contact");

    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_set_halign (label, GTK_ALIGN_START);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_box_append (GTK_BOX (bar), label);
  }
  return bar;
}

/**
 * rd_kiosk_helpdesk_card_new:
 * @text: what to ask the helpdesk for
 *
 * Returns: (transfer floating): a card with @text and the contact
 */
GtkWidget *
rd_kiosk_helpdesk_card_new (RdKiosk    *self,
                            const char *text)
{
  const char *keys[] = { "helpdesk-name", "helpdesk-phone", "helpdesk-url" };
  const char *classes[] = { "title-4", "helpdesk-phone", "helpdesk-url" };
  gboolean any = FALSE;
  GtkWidget *card;
  GtkWidget *heading;

  g_return_val_if_fail (RD_IS_KIOSK (self), NULL);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "helpdesk-card");
  heading = contact_label (_("Ask your helpdesk"), "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_box_append (GTK_BOX (card), contact_label (text, "body"));

  /* One line each: the number is what people write down. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = g_strstrip (g_settings_get_string (self->settings, keys[i]));

      if (*value == '\0')
        continue;
      gtk_box_append (GTK_BOX (card), contact_label (value, classes[i]));
      any = TRUE;
    }
  if (!any)
    gtk_box_append (GTK_BOX (card),
                    contact_label (_("Show this page to the person who looks after this computer."), "body"));
  return card;
}

/* Window */

static gboolean
refuse_close (GtkWindow *window,
              gpointer   user_data)
{
  return TRUE;
}

static void
disable_action (GActionMap *map,
                const char *name)
{
  GAction *action = map != NULL ? g_action_map_lookup_action (map, name) : NULL;

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
}

/* Quit, About (its links open a browser) and the shortcuts window. */
static void
lock_application (GtkWindow *window)
{
  GtkApplication *app = gtk_window_get_application (window);
  const char *none[] = { NULL };

  if (app == NULL)
    return;
  disable_action (G_ACTION_MAP (app), "quit");
  disable_action (G_ACTION_MAP (app), "about");
  gtk_application_set_accels_for_action (app, "app.quit", none);
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", none);
  if (G_IS_ACTION_MAP (window))
    disable_action (G_ACTION_MAP (window), "show-help-overlay");
}

static void
on_application (GtkWindow  *window,
                GParamSpec *pspec,
                gpointer    user_data)
{
  lock_application (window);
}

/**
 * rd_kiosk_lock_window:
 *
 * Takes the application's Quit and About away too, once @window belongs
 * to it.
 */
void
rd_kiosk_lock_window (RdKiosk   *self,
                      GtkWindow *window)
{
  g_return_if_fail (RD_IS_KIOSK (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_widget_add_css_class (GTK_WIDGET (window), "kiosk");
  gtk_window_set_deletable (window, FALSE);
  gtk_window_fullscreen (window);
  /* Runs before the class handler, which would close it. */
  g_signal_connect (window, "close-request", G_CALLBACK (refuse_close), NULL);

  g_signal_connect (window, "notify::application", G_CALLBACK (on_application), NULL);
  lock_application (window);
}

/**
 * rd_kiosk_get_countdown_seconds:
 *
 * Returns: how many of the idle-reset-seconds a countdown is shown for:
 *   a third, at most 15 (none for a reset after less than 3 seconds)
 */
guint
rd_kiosk_get_countdown_seconds (RdKiosk *self)
{
  return MIN (15, rd_kiosk_get_idle_seconds (self) / 3);
}

typedef struct
{
  RdKiosk              *kiosk;
  RdKioskIdleFunc       func;
  RdKioskCountdownFunc  countdown;
  gpointer              data;
  gint64                last_input;
  guint                 source;
  guint                 shown;      /* seconds the countdown shows; 0: none */
} IdleWatch;

static void
idle_watch_free (IdleWatch *watch)
{
  g_clear_handle_id (&watch->source, g_source_remove);
  g_free (watch);
}

static void schedule (IdleWatch *watch, gint64 usec);

static void
show_countdown (IdleWatch *watch,
                guint      seconds_left,
                guint      seconds_total)
{
  if (watch->shown == seconds_left)
    return;
  watch->shown = seconds_left;
  if (watch->countdown != NULL)
    watch->countdown (watch->data, seconds_left, seconds_total);
}

static gboolean
on_idle_timeout (gpointer data)
{
  IdleWatch *watch = data;
  guint seconds = rd_kiosk_get_idle_seconds (watch->kiosk);
  guint warn = rd_kiosk_get_countdown_seconds (watch->kiosk);
  gint64 due = watch->last_input + (gint64) seconds * G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();

  watch->source = 0;
  if (seconds == 0)
    {
      show_countdown (watch, 0, 0);
      return G_SOURCE_REMOVE;
    }
  if (now < due - (gint64) warn * G_USEC_PER_SEC)
    {
      schedule (watch, due - (gint64) warn * G_USEC_PER_SEC - now);
      return G_SOURCE_REMOVE;
    }
  if (now < due)
    {
      /* The seconds left, rounded up: the next tick is when it drops. */
      guint left = (guint) ((due - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

      show_countdown (watch, left, warn);
      schedule (watch, due - now - (gint64) (left - 1) * G_USEC_PER_SEC);
      return G_SOURCE_REMOVE;
    }
  show_countdown (watch, 0, warn);
  watch->func (watch->data);
  /* Starting over pokes too; only the next person's input counts. */
  g_clear_handle_id (&watch->source, g_source_remove);
  return G_SOURCE_REMOVE;
}

static void
schedule (IdleWatch *watch,
          gint64     usec)
{
  guint ms = (guint) MIN ((usec + 999) / 1000, G_MAXUINT / 2);

  watch->source = g_timeout_add (MAX (ms, 1), on_idle_timeout, watch);
  g_source_set_name_by_id (watch->source, "[rdp-doctor] kiosk idle reset");
}

static void
poke (IdleWatch *watch)
{
  guint seconds;

  if (watch->kiosk == NULL)
    return;
  seconds = rd_kiosk_get_idle_seconds (watch->kiosk);
  watch->last_input = g_get_monotonic_time ();
  /* Someone is still there: the countdown goes, the wait starts again. */
  if (watch->shown > 0)
    {
      g_clear_handle_id (&watch->source, g_source_remove);
      show_countdown (watch, 0, 0);
    }
  if (seconds > 0 && watch->source == 0)
    schedule (watch, (gint64) (seconds - rd_kiosk_get_countdown_seconds (watch->kiosk)) * G_USEC_PER_SEC);
}

static gboolean
is_inspector_key (GdkEvent *event)
{
  GdkModifierType mods = gdk_event_get_modifier_state (event) & gtk_accelerator_get_default_mod_mask ();
  guint key = gdk_keyval_to_lower (gdk_key_event_get_keyval (event));

  return mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK) && (key == GDK_KEY_i || key == GDK_KEY_d);
}

static gboolean
on_event (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          IdleWatch                *watch)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
      poke (watch);
      /* The inspector shows and edits everything, and opens files. */
      if (is_inspector_key (event))
        return GDK_EVENT_STOP;
      break;
    case GDK_BUTTON_PRESS:
      poke (watch);
      /* A right or middle click on the title bar gives the window menu
       * (Minimize shows what is behind the kiosk); elsewhere nothing a
       * kiosk needs. */
      if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
        return GDK_EVENT_STOP;
      break;
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      poke (watch);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_window_destroy (GtkWidget *window,
                   IdleWatch *watch)
{
  g_clear_handle_id (&watch->source, g_source_remove);
  watch->kiosk = NULL;
  g_object_set_data (G_OBJECT (window), "rd-kiosk-idle", NULL);
}

/**
 * rd_kiosk_watch_idle:
 * @func: starts over; called on the main loop
 * @countdown: (nullable): shows the seconds left before @func, or hides
 *   them (0)
 */
void
rd_kiosk_watch_idle (RdKiosk              *self,
                     GtkWindow            *window,
                     RdKioskIdleFunc       func,
                     RdKioskCountdownFunc  countdown,
                     gpointer              data)
{
  GtkEventController *controller;
  IdleWatch *watch;

  g_return_if_fail (RD_IS_KIOSK (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  watch = g_new0 (IdleWatch, 1);
  watch->kiosk = self;
  watch->func = func;
  watch->countdown = countdown;
  watch->data = data;

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "rd-kiosk-idle");
  g_object_set_data_full (G_OBJECT (controller), "rd-kiosk-idle", watch, (GDestroyNotify) idle_watch_free);
  g_signal_connect (controller, "event", G_CALLBACK (on_event), watch);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  g_object_set_data (G_OBJECT (window), "rd-kiosk-idle", watch);
  /* No reset of a window on its way out. */
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroy), watch);
}

/**
 * rd_kiosk_poke_idle:
 *
 * Counts as input: the window moved on by itself (a run finished).
 */
void
rd_kiosk_poke_idle (GtkWindow *window)
{
  IdleWatch *watch = g_object_get_data (G_OBJECT (window), "rd-kiosk-idle");

  if (watch != NULL)
    poke (watch);
}

void
rd_kiosk_forget_clipboards (GtkWidget *widget)
{
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), NULL);
  gdk_clipboard_set_content (gtk_widget_get_primary_clipboard (widget), NULL);
}
