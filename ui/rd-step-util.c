/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-kiosk.h"
#include "rd-step-util.h"

/**
 * rd_step_label:
 * @css_class: (nullable): a style class to add
 *
 * Returns: (transfer floating): a left-aligned label that wraps at 360 px
 */
GtkWidget *
rd_step_label (const char *text,
               const char *css_class)
{
  return rd_step_heading (text, css_class, 0);
}

/**
 * rd_step_heading:
 * @css_class: (nullable): a style class to add
 * @level: the heading's level, 1 for the page's own; 0 for a plain label
 *
 * Returns: (transfer floating): a left-aligned label that wraps, which a
 *   screen reader announces as a heading of @level
 */
GtkWidget *
rd_step_heading (const char *text,
                 const char *css_class,
                 int         level)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "accessible-role", level > 0 ? GTK_ACCESSIBLE_ROLE_HEADING
                                                                : GTK_ACCESSIBLE_ROLE_LABEL,
                                   NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (level > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                    GTK_ACCESSIBLE_PROPERTY_LEVEL, level,
                                    -1);
  return label;
}

/* A command is copied by eye too: a hyphen added at a line break would look
 * like part of it. */
static void
no_hyphens (GtkLabel *label)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attributes);
  pango_attr_list_unref (attributes);
}

static const char *
shell_label (const char *shell)
{
  if (g_strcmp0 (shell, "powershell") == 0)
    return _("In PowerShell, as administrator:");
  if (g_strcmp0 (shell, "cmd") == 0)
    return _("In Command Prompt, as administrator:");
  if (g_strcmp0 (shell, "sh") == 0)
    return _("In a terminal on Linux:");
  if (g_strcmp0 (shell, "undo") == 0)
    return _("To undo it:");
  return shell;
}

/**
 * rd_step_command:
 * @shell: "powershell", "cmd", "sh", "undo", or a caption of its own
 *
 * Returns: (transfer floating): the command in monospace, selectable, with a
 *   Copy button named after it; hidden where allow-apply-fixes is off
 */
GtkWidget *
rd_step_command (const char *shell,
                 const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *a11y = NULL;

  if (shell != NULL)
    gtk_box_append (GTK_BOX (box), rd_step_label (shell_label (shell), "caption"));
  gtk_widget_add_css_class (line, "command");

  /* A command is copied by eye too: it is never broken inside a word (a
   * line break in "Remove-Item" reads as two words); a long one scrolls. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  /* Its name is the command itself; what it is, the description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Command"),
                                  -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (line), scroller);

  gtk_widget_set_valign (copy, GTK_ALIGN_START);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy this command"));
  /* Translators: accessible name of a copy button; %s is the command */
  a11y = g_strdup_printf (_("Copy the command “%s”"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  /* The page around it copies (RdPage's "page.copy"). */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "page.copy");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", text);
  gtk_box_append (GTK_BOX (line), copy);

  gtk_box_append (GTK_BOX (box), line);
  /* Where nothing may be changed here, the helpdesk runs the commands. */
  gtk_widget_set_visible (box, rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()));
  return box;
}

/* What lowers security says so, with an icon, before its commands; the
 * undo follows the command it reverses. */
static GtkWidget *
security_warning (void)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("security-low-symbolic");

  gtk_widget_add_css_class (top, "security-warning");
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"),
                                  -1);
  gtk_box_append (GTK_BOX (top), icon);
  gtk_box_append (GTK_BOX (top),
                  rd_step_label (_("This makes the connection less safe. Use it only as a short test and undo it right after."),
                                 NULL));
  return top;
}

/**
 * rd_step_remedy_card:
 *
 * Returns: (transfer floating): the remedy's title, numbered steps and
 *   commands in a card
 */
GtkWidget *
rd_step_remedy_card (const RdRemedy *remedy)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = rd_step_heading (remedy->title, "heading", 3);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "remedy");
  gtk_box_append (GTK_BOX (card), title);
  rd_step_add_remedy_lines (GTK_BOX (card), remedy);
  return card;
}

/**
 * rd_step_add_remedy_lines:
 *
 * Adds to @box what a remedy says under its title: a warning if it lowers
 * security, its numbered steps, then its commands.
 */
void
rd_step_add_remedy_lines (GtkBox         *box,
                          const RdRemedy *remedy)
{
  if (remedy->lowers_security)
    gtk_box_append (box, security_warning ());

  for (guint i = 0; i < remedy->steps->len; i++)
    {
      g_autofree char *step = NULL;

      /* Translators: a numbered step, e.g. "1. Open certlm.msc" */
      step = g_strdup_printf (_("%u. %s"), i + 1, (const char *) g_ptr_array_index (remedy->steps, i));
      gtk_box_append (box, rd_step_label (step, NULL));
    }
  /* In the catalogue's order: each undo right after what it reverses. */
  for (guint i = 0; i < remedy->commands->len; i++)
    {
      const RdCommand *command = g_ptr_array_index (remedy->commands, i);

      gtk_box_append (box, rd_step_command (command->shell, command->text));
    }
}

void
rd_step_clear (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/**
 * rd_step_fill_evidence:
 * @box: a vertical GtkBox, emptied first
 * @check_ids: (nullable): NULL-terminated; %NULL for every check
 *
 * The measurements of those checks, as the core words them: the check,
 * its status and summary, then a line per piece of evidence.
 */
void
rd_step_fill_evidence (GtkWidget          *box,
                       const RdReport     *report,
                       const char * const *check_ids)
{
  GPtrArray *details = rd_facts_get_details (rd_report_get_facts (report));

  rd_step_clear (box);
  for (guint i = 0; i < details->len; i++)
    {
      const RdFindingDetails *finding = g_ptr_array_index (details, i);
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *label;

      if (check_ids != NULL && !g_strv_contains (check_ids, finding->check_id))
        continue;
      g_string_append_printf (text, "%s — %s (%" G_GINT64_FORMAT " ms)\n%s",
                              finding->check_id, rd_status_to_string (finding->status),
                              finding->duration_ms, finding->summary);
      for (guint r = 0; r < finding->rows->len; r++)
        {
          const RdDetailRow *row = g_ptr_array_index (finding->rows, r);

          g_string_append_c (text, '\n');
          for (guint d = 0; d <= row->depth; d++)
            g_string_append (text, "  ");
          if (row->label == NULL)
            g_string_append_printf (text, "• %s", row->value);
          else if (*row->value == '\0')
            g_string_append (text, row->label);
          else
            /* Translators: a label and its value in the technical details, e.g. "Port: 3389" */
            g_string_append_printf (text, _("%s: %s"), row->label, row->value);
        }
      label = rd_step_label (text->str, "monospace");
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
      no_hyphens (GTK_LABEL (label));
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "evidence");
      gtk_box_append (GTK_BOX (box), label);
    }
}

/**
 * rd_step_add_remedy_cards:
 * @causes: (element-type RdCause)
 *
 * Adds a card to @box for each remedy of @causes on @side.
 *
 * Returns: whether there was any
 */
gboolean
rd_step_add_remedy_cards (GtkBox    *box,
                          GPtrArray *causes,
                          RdSide     side)
{
  gboolean any = FALSE;

  for (guint c = 0; c < causes->len; c++)
    {
      const RdCause *cause = g_ptr_array_index (causes, c);

      for (guint i = 0; i < cause->remedies->len; i++)
        {
          const RdRemedy *remedy = g_ptr_array_index (cause->remedies, i);

          if (remedy->side != side)
            continue;
          any = TRUE;
          gtk_box_append (box, rd_step_remedy_card (remedy));
        }
    }
  return any;
}

/**
 * rd_step_remedies_text:
 * @causes: (element-type RdCause)
 *
 * Returns: (transfer full) (nullable): a message for whoever looks after the
 *   other computer, or NULL when there is nothing for @side
 */
char *
rd_step_remedies_text (const RdReport *report,
                       GPtrArray      *causes,
                       RdSide          side)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *where = rd_target_to_string (rd_report_get_target (report));
  gboolean any = FALSE;

  /* Translators: %s is the computer's name or address and port */
  g_string_append_printf (out, _("Remote Desktop to %s fails with “0x904, extended 0x7”."), where);
  g_string_append_c (out, '\n');
  /* Translators: %s is a short code such as 7K2M-QX9D, to read out on the phone */
  g_string_append_printf (out, _("Report code: %s"), rd_report_get_code (report));
  g_string_append_c (out, '\n');
  for (guint c = 0; c < causes->len; c++)
    {
      const RdCause *cause = g_ptr_array_index (causes, c);

      g_string_append_printf (out, "\n%s %s (%s)\n", _("Problem:"), cause->title, cause->name);
      for (guint i = 0; i < cause->remedies->len; i++)
        {
          const RdRemedy *remedy = g_ptr_array_index (cause->remedies, i);

          if (remedy->side != side)
            continue;
          any = TRUE;
          g_string_append_printf (out, "\n%s\n", remedy->title);
          for (guint j = 0; j < remedy->steps->len; j++)
            g_string_append_printf (out, "%u. %s\n", j + 1, (const char *) g_ptr_array_index (remedy->steps, j));
          for (guint j = 0; j < remedy->commands->len; j++)
            {
              const RdCommand *command = g_ptr_array_index (remedy->commands, j);

              g_string_append_printf (out, "%s\n    %s\n", shell_label (command->shell), command->text);
            }
        }
    }
  return any ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* A check's status as an icon, a style class and words: colour is never
 * the only sign. */
const char *
rd_step_status_icon_name (RdStatus status)
{
  switch (status)
    {
    case RD_STATUS_PASS:
      return "emblem-ok-symbolic";
    case RD_STATUS_WARN:
      return "dialog-warning-symbolic";
    case RD_STATUS_FAIL:
      return "dialog-error-symbolic";
    case RD_STATUS_SKIP:
      return "action-unavailable-symbolic";
    case RD_STATUS_ERROR:
    default:
      return "dialog-question-symbolic";
    }
}

const char *
rd_step_status_css_class (RdStatus status)
{
  switch (status)
    {
    case RD_STATUS_PASS:
      return "success";
    case RD_STATUS_WARN:
      return "warning";
    case RD_STATUS_FAIL:
      return "error";
    case RD_STATUS_SKIP:
    case RD_STATUS_ERROR:
    default:
      return "dim-label";
    }
}

const char *
rd_step_status_description (RdStatus status)
{
  switch (status)
    {
    case RD_STATUS_PASS:
      return _("Passed");
    case RD_STATUS_WARN:
      return _("Warning");
    case RD_STATUS_FAIL:
      return _("Problem found");
    case RD_STATUS_SKIP:
      return _("Not needed");
    case RD_STATUS_ERROR:
    default:
      return _("Could not check");
    }
}
