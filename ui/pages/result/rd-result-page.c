/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-admin-section.h"
#include "rd-connect-button.h"
#include "rd-kiosk.h"
#include "rd-plan.h"
#include "rd-qr.h"
#include "rd-result-page-private.h"
#include "rd-step-util.h"
#include "rd-timeline.h"
#include "rd-ui.h"

struct _RdResultPage
{
  RdPage      parent_instance;

  GtkImage   *verdict_icon;
  GtkLabel   *cause_label;
  GtkLabel   *code_label;
  GtkWidget  *qr_box;
  RdQrView   *qr_view;
  GtkLabel   *explanation_label;
  GtkListBox *steps_list;
  GtkBox     *remedies_box;
  RdAdminSection *admin_section;
  GtkWidget  *also_group;
  GtkLabel   *also_label;
  GtkLabel   *fix_heading_label;
  GtkWidget  *timeline_group;
  RdTimeline *timeline;
  GtkWidget  *helpdesk_box;
  GtkWidget  *helpdesk_card;
  GtkWidget  *start_over_button;
  GtkWidget  *watch_button;
  GtkWidget  *summary_button;
  GtkWidget  *save_button;
  RdConnectButton *connect_button;

  const char *cause_id;  /* interned: a cause's stable id */
};

G_DEFINE_FINAL_TYPE (RdResultPage, rd_result_page, RD_TYPE_PAGE)

enum
{
  PROP_0,
  PROP_CAUSE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const RdCause *
main_cause (RdResultPage *self)
{
  RdReport *report = rd_page_get_report (RD_PAGE (self));

  return report != NULL ? rd_report_get_main_cause (report) : NULL;
}

static const char *
side_heading (RdSide side)
{
  switch (side)
    {
    case RD_SIDE_CLIENT:
      return _("On this computer");
    case RD_SIDE_HOST:
      return _("On the computer you connect to — for its administrator");
    case RD_SIDE_NETWORK:
    default:
      return _("On the network");
    }
}

static void
add_side (RdResultPage  *self,
          const RdCause *cause,
          RdSide         side)
{
  GtkWidget *group = NULL;

  for (guint i = 0; i < cause->remedies->len; i++)
    {
      const RdRemedy *remedy = g_ptr_array_index (cause->remedies, i);

      if (remedy->side != side)
        continue;
      if (group == NULL)
        {
          GtkWidget *heading = rd_step_heading (side_heading (side), "title-4", 2);

          group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
          gtk_box_append (GTK_BOX (group), heading);
          gtk_box_append (self->remedies_box, group);
        }
      gtk_box_append (GTK_BOX (group), rd_step_remedy_card (remedy));
    }
}

/* A row a step of this run, in the plan's order: what it found, and the
 * way back to it. */
static void
show_steps (RdResultPage *self,
            GPtrArray    *pages)
{
  RdReport *report = rd_page_get_report (RD_PAGE (self));
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);

  for (guint i = 0; i < pages->len; i++)
    {
      const char *id = g_ptr_array_index (pages, i);
      RdPage *page = rd_page_get_sibling (RD_PAGE (self), id);
      g_autoptr(GPtrArray) causes = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *icon;

      if (g_strcmp0 (id, RD_PAGE_RESULT) == 0 || page == NULL)
        continue;
      causes = rd_report_get_area_causes (report, RD_PAGE_GET_CLASS (page)->area);
      if (causes->len == 0)
        continue;
      n++;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ((const RdCause *) g_ptr_array_index (causes, 0))->title);
      /* Translators: under a finding on the result page, e.g. "Step 1: Sign-in and encryption" */
      subtitle = g_strdup_printf (_("Step %u: %s"), i + 1, rd_page_get_title (page));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      icon = gtk_image_new_from_icon_name ("go-next-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Go to this step"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "wizard.go-to");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", id);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->steps_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->steps_list), n > 0);
}

/* Whether a step of this run tells @cause, with its fixes. */
static gboolean
has_step (RdResultPage  *self,
          GPtrArray     *pages,
          const RdCause *cause)
{
  for (guint i = 0; i < pages->len; i++)
    {
      RdPage *page = rd_page_get_sibling (RD_PAGE (self), g_ptr_array_index (pages, i));

      if (page != NULL && RD_PAGE_GET_CLASS (page)->area != RD_AREA_NONE &&
          RD_PAGE_GET_CLASS (page)->area == rd_cause_get_area (cause))
        return TRUE;
    }
  return FALSE;
}

static void
show_healthy (RdResultPage *self)
{
  RdRemedy *last_resort = rd_remedy_new ("last-resort", RD_SIDE_CLIENT,
                                         _("Things to try"));

  gtk_image_set_from_icon_name (self->verdict_icon, "emblem-ok-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), "success");
  gtk_label_set_text (self->cause_label, _("No problem found"));
  gtk_label_set_text (self->fix_heading_label, _("If Remote Desktop still fails"));
  gtk_label_set_text (self->explanation_label,
                      _("The computer answers and agreed on a secure Remote Desktop connection. "
                        "The trouble is probably in the Remote Desktop app or comes and goes."));

  rd_remedy_add_step (last_resort, _("Install all updates on both computers (Settings → Windows Update), then restart them."));
  rd_remedy_add_step (last_resort, _("Restart your router and modem, reconnect your VPN if you use one, then test again."));
  rd_remedy_add_step (last_resort, _("Try another Remote Desktop app, such as Microsoft’s “Windows App” or “Remote Desktop” from the Microsoft Store."));
  rd_remedy_add_step (last_resort, _("If it fails only now and then, ask the computer’s administrator to let Remote Desktop use TCP only (no UDP)."));
  gtk_box_append (self->remedies_box, rd_step_remedy_card (last_resort));
  rd_remedy_free (last_resort);
  /* Nothing for the helpdesk to fix: their contact comes after, for when
   * it still fails. */
  if (!rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()))
    gtk_box_append (self->remedies_box,
                    rd_kiosk_helpdesk_card_new (rd_kiosk_get_default (),
                                                _("If Remote Desktop still fails, tell your helpdesk the report code above.")));
}

static void
show_cause (RdResultPage  *self,
            const RdCause *cause,
            GPtrArray     *pages)
{
  /* The administrator's part is in its own section, closed. */
  const RdSide sides[] = { RD_SIDE_CLIENT, RD_SIDE_NETWORK };
  g_autoptr(GPtrArray) causes = g_ptr_array_new ();
  gboolean broken = rd_report_get_verdict (rd_page_get_report (RD_PAGE (self))) == RD_VERDICT_BROKEN;

  gtk_image_set_from_icon_name (self->verdict_icon,
                                broken ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), broken ? "error" : "warning");
  gtk_label_set_text (self->cause_label, cause->title);
  gtk_label_set_text (self->fix_heading_label, _("How to fix it"));
  gtk_label_set_text (self->explanation_label, cause->explanation);

  /* Its step has the fixes; here, the way back to it. */
  if (has_step (self, pages, cause))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->fix_heading_label), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->fix_heading_label), TRUE);
  if (cause->remedies->len == 0)
    {
      gtk_box_append (self->remedies_box,
                      rd_step_label (_("There is nothing to change on this computer. Copy the summary and send it to the computer’s administrator."),
                                     NULL));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    add_side (self, cause, sides[i]);
  g_ptr_array_add (causes, (gpointer) cause);
  rd_admin_section_set_causes (self->admin_section, causes);
  /* Nothing the person can do here: the message is what they do. */
  rd_admin_section_set_primary (self->admin_section,
                                gtk_widget_get_first_child (GTK_WIDGET (self->remedies_box)) == NULL);
}

/* The causes no step tells, besides the main one. */
static void
show_also_found (RdResultPage *self,
                 GPtrArray    *pages)
{
  GPtrArray *causes = rd_report_get_causes (rd_page_get_report (RD_PAGE (self)));
  guint first = main_cause (self) != NULL ? 1 : 0;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = first; i < causes->len; i++)
    {
      const RdCause *cause = g_ptr_array_index (causes, i);

      if (has_step (self, pages, cause))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "• %s", cause->title);
    }
  gtk_label_set_text (self->also_label, text->str);
  gtk_widget_set_visible (self->also_group, text->len > 0);
}

/* The code to read out on the phone, and the summary for a phone's camera. */
static void
show_code (RdResultPage *self)
{
  g_autofree char *markup = NULL;
  g_autofree char *summary = rd_report_to_summary (rd_page_get_report (RD_PAGE (self)), RD_REPORT_SUMMARY_QR_MAX);

  /* The code in letters that line up, so none is read as another. */
  markup = g_markup_printf_escaped ("%s <span font_family=\"monospace\" weight=\"heavy\">%s</span>",
                                    _("Report code:"), rd_report_get_code (rd_page_get_report (RD_PAGE (self))));
  gtk_label_set_markup (self->code_label, markup);
  gtk_widget_set_visible (self->qr_box, rd_qr_view_set_text (self->qr_view, summary));
}

static void
copy_summary_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RdResultPage *self = RD_RESULT_PAGE (widget);
  g_autofree char *text = NULL;

  if (rd_page_get_report (RD_PAGE (self)) == NULL)
    return;
  text = rd_report_to_summary (rd_page_get_report (RD_PAGE (self)), 0);
  rd_page_copy (RD_PAGE (widget), text, _("Summary copied: paste it in a message to your helpdesk"));
}

/* A name a file system takes: letters, digits, dots and hyphens (an IPv6
 * address's colons, a space, anything else becomes a hyphen). */
static void
append_file_name_safe (GString    *out,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '-');
}

/**
 * rd_result_page_report_file_name:
 * @host: the computer checked, a name or an address
 * @code: the report's code
 *
 * Returns: (transfer full): what Save Report proposes,
 *   "rdp-doctor-HOST-CODE.json"
 */
char *
rd_result_page_report_file_name (const char *host,
                                 const char *code)
{
  GString *out = g_string_new ("rdp-doctor-");

  append_file_name_safe (out, host);
  g_string_append_c (out, '-');
  append_file_name_safe (out, code);
  g_string_append (out, ".json");
  return g_string_free (out, FALSE);
}

/* The name of @folder as a person knows it ("Documents"). */
static char *
folder_display_name (GFile *folder)
{
  g_autoptr(GFileInfo) info = g_file_query_info (folder, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info != NULL)
    return g_strdup (g_file_info_get_display_name (info));
  return g_file_get_basename (folder);
}

/**
 * rd_result_page_report_saved:
 * @file: where the report was written
 *
 * Says where it went: "Report saved in Documents".
 */
void
rd_result_page_report_saved (RdResultPage *self,
                             GFile        *file)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) home = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (RD_IS_RESULT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  parent = g_file_get_parent (file);
  home = g_file_new_for_path (g_get_home_dir ());
  if (parent == NULL)
    {
      rd_page_show_toast (RD_PAGE (self), _("Report saved"));
      return;
    }
  /* The home folder is named after the person's login: say what it is. */
  if (g_file_equal (parent, home))
    {
      rd_page_show_toast (RD_PAGE (self), _("Report saved in your Home folder"));
      return;
    }
  folder = folder_display_name (parent);
  /* Translators: %s is a folder's name, e.g. "Documents" */
  message = g_strdup_printf (_("Report saved in %s"), folder);
  rd_page_show_toast (RD_PAGE (self), message);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RdResultPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, from the system */
      message = g_strdup_printf (_("Could not save the report: %s. Try another folder."), error->message);
      rd_page_show_toast (RD_PAGE (self), message);
      return;
    }
  rd_result_page_report_saved (self, G_FILE (source));
}

static void
on_save_chosen (gpointer  owner,
                GFile    *file)
{
  RdReport *report = rd_page_get_report (RD_PAGE (owner));
  char *json;
  g_autoptr(GBytes) bytes = NULL;

  if (report == NULL)
    return;
  json = rd_report_to_json_string (report);
  bytes = g_bytes_new_take (json, strlen (json));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       on_saved, g_object_ref (owner));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdResultPage *self = RD_RESULT_PAGE (widget);
  RdReport *report = rd_page_get_report (RD_PAGE (self));
  GtkFileChooser *chooser;
  g_autofree char *name = NULL;

  if (report == NULL || !rd_kiosk_allows_save_report (rd_kiosk_get_default ()))
    return;

  chooser = rd_ui_new_chooser (widget, _("Save Report"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  rd_ui_add_filter (chooser, _("Reports (.json)"), "*.json");
  name = rd_result_page_report_file_name (rd_target_get_host (rd_report_get_target (report)),
                                          rd_report_get_code (report));
  gtk_file_chooser_set_current_name (chooser, name);
  rd_page_show_chooser (RD_PAGE (self), chooser, on_save_chosen);
}

static void
rd_result_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdResultPage *self = RD_RESULT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAUSE_ID:
      g_value_set_string (value, self->cause_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Shows the cause, its fixes and the evidence of @report. */
static void
rd_result_page_set_report (RdPage   *page,
                           RdReport *report)
{
  RdResultPage *self = RD_RESULT_PAGE (page);
  const RdCause *cause;
  const char *verdict_classes[] = { "success", "warning", "error" };
  g_autoptr(GPtrArray) pages = rd_plan_pages (report);

  rd_step_clear (GTK_WIDGET (self->remedies_box));
  gtk_widget_set_visible (GTK_WIDGET (self->admin_section), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (verdict_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), verdict_classes[i]);

  cause = main_cause (self);
  {
    g_autoptr(GPtrArray) causes = g_ptr_array_new ();

    /* The administrator is sent the steps for the cause named here. */
    if (cause != NULL)
      g_ptr_array_add (causes, (gpointer) cause);
    rd_page_set_admin_causes (RD_PAGE (self), report, causes);
  }
  show_steps (self, pages);
  if (self->helpdesk_card != NULL)
    gtk_widget_set_visible (self->helpdesk_card, cause != NULL);
  if (cause != NULL)
    show_cause (self, cause, pages);
  else
    show_healthy (self);
  show_also_found (self, pages);
  show_code (self);
  rd_connect_button_set_report (self->connect_button, report, rd_page_get_read_only (page));
  /* A saved report is compared from here, not watched. */
  gtk_widget_set_visible (self->watch_button,
                          !rd_page_get_read_only (page) && !rd_kiosk_is_active (rd_kiosk_get_default ()));
  rd_timeline_set_report (self->timeline, report);
  gtk_widget_set_visible (self->timeline_group, rd_timeline_get_n_messages (self->timeline) > 0);

  if (g_strcmp0 (self->cause_id, cause != NULL ? cause->name : NULL) != 0)
    {
      self->cause_id = g_intern_string (cause != NULL ? cause->name : NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAUSE_ID]);
    }
}

static void
rd_result_page_class_init (RdResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  rd_page_class_set_page (page_class, RD_PAGE_RESULT, RD_AREA_NONE);
  rd_page_class_bind_retest_button (page_class, "retest_button");
  rd_page_class_bind_evidence (page_class, "evidence_box", NULL);
  page_class->set_report = rd_result_page_set_report;

  object_class->get_property = rd_result_page_get_property;

  /**
   * RdResultPage:cause-id:
   *
   * The stable id of the cause shown (as in the report), or %NULL.
   */
  properties[PROP_CAUSE_ID] =
    g_param_spec_string ("cause-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_bind_template_child (widget_class, RdResultPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, cause_label);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, qr_box);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, remedies_box);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, admin_section);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, also_group);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, also_label);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, fix_heading_label);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, helpdesk_box);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, watch_button);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, summary_button);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, RdResultPage, connect_button);

  gtk_widget_class_install_action (widget_class, "result.copy-summary", NULL, copy_summary_action);
  gtk_widget_class_install_action (widget_class, "result.save", NULL, save_action);
}

/* Without fixes on this computer, the helpdesk makes them: its contact
 * and the QR code of the summary come first. A kiosk has no use for a copy (and keeps none for the next
 * person) and saves nothing. */
static void
apply_policy (RdResultPage *self)
{
  RdKiosk *kiosk = rd_kiosk_get_default ();

  if (!rd_kiosk_allows_apply_fixes (kiosk))
    {
      self->helpdesk_card = rd_kiosk_helpdesk_card_new (kiosk,
                                                        _("This computer’s settings cannot be changed here. Show this page to your helpdesk, or tell them what it says."));

      gtk_box_prepend (GTK_BOX (self->helpdesk_box), self->helpdesk_card);
      /* The summary for a phone goes with the contact, near the top. */
      g_object_ref (self->qr_box);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->qr_box)), self->qr_box);
      gtk_box_append (GTK_BOX (self->helpdesk_box), self->qr_box);
      g_object_unref (self->qr_box);
      gtk_widget_set_visible (self->helpdesk_box, TRUE);
    }
  if (rd_kiosk_is_active (kiosk))
    {
      gtk_widget_set_visible (self->start_over_button, TRUE);
      /* The next person starts over: nothing goes on watching for them. */
      gtk_widget_set_visible (self->watch_button, FALSE);
      gtk_widget_set_visible (self->summary_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.copy-summary", FALSE);
    }
  if (!rd_kiosk_allows_save_report (kiosk))
    {
      gtk_widget_set_visible (self->save_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.save", FALSE);
    }
}

static void
rd_result_page_init (RdResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  apply_policy (self);
}

const char *
rd_result_page_get_cause_id (RdResultPage *self)
{
  g_return_val_if_fail (RD_IS_RESULT_PAGE (self), NULL);
  return self->cause_id;
}

/**
 * rd_result_page_get_timeline:
 *
 * Returns: (transfer none): the handshake timeline shown
 */
RdTimeline *
rd_result_page_get_timeline (RdResultPage *self)
{
  g_return_val_if_fail (RD_IS_RESULT_PAGE (self), NULL);
  return self->timeline;
}
