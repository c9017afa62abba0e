/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-check.h"
#include "rd-checking-page.h"
#include "rd-step-util.h"
#include "rd-timeline.h"
#include "rd-ui.h"

typedef struct
{
  GtkWidget  *row;
  GtkWidget  *spinner;
  GtkWidget  *icon;
} CheckRow;

struct _RdCheckingPage
{
  RdPage          parent_instance;

  GtkLabel       *heading_label;
  GtkProgressBar *progress_bar;
  GtkListBox     *checks_list;
  GtkWidget      *cancel_button;
  RdTimeline     *timeline;

  RdRunner       *runner;
  GPtrArray      *findings;   /* RdFinding*: the timeline grows with them */
  GHashTable     *rows;       /* check id -> CheckRow */
  guint           n_finished;
  guint           n_checks;
};

G_DEFINE_FINAL_TYPE (RdCheckingPage, rd_checking_page, RD_TYPE_PAGE)

static void
update_progress (RdCheckingPage *self)
{
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 self->n_checks > 0 ? (double) self->n_finished / self->n_checks : 0.0);
  /* Translators: progress of the checks, e.g. "3 of 11 checks done" */
  text = g_strdup_printf (ngettext ("%u of %u check done", "%u of %u checks done", self->n_checks),
                          self->n_finished, self->n_checks);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
on_check_started (RdCheckingPage *self,
                  const char     *check_id)
{
  CheckRow *row = g_hash_table_lookup (self->rows, check_id);

  if (row == NULL)
    return;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), _("Checking…"));
  gtk_widget_set_visible (row->icon, FALSE);
  gtk_widget_set_visible (row->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (row->spinner));
}

static void
on_check_finished (RdCheckingPage *self,
                   RdFinding      *finding)
{
  CheckRow *row = g_hash_table_lookup (self->rows, rd_finding_get_check_id (finding));
  RdStatus status = rd_finding_get_status (finding);

  if (row == NULL)
    return;

  gtk_spinner_stop (GTK_SPINNER (row->spinner));
  gtk_widget_set_visible (row->spinner, FALSE);
  gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), rd_step_status_icon_name (status));
  gtk_widget_add_css_class (row->icon, rd_step_status_css_class (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rd_step_status_description (status),
                                  -1);
  gtk_widget_set_tooltip_text (row->icon, rd_step_status_description (status));
  gtk_widget_set_visible (row->icon, TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), rd_finding_get_summary (finding));

  self->n_finished++;
  update_progress (self);

  g_ptr_array_add (self->findings, rd_finding_ref (finding));
  rd_timeline_set_findings (self->timeline, self->findings);
}

static void
reset_rows (RdCheckingPage *self)
{
  guint n_checks;
  const RdCheckInfo *checks = rd_checks_get_all (&n_checks);
  RdTarget *target = self->runner != NULL ? rd_runner_get_target (self->runner) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
    gtk_list_box_remove (self->checks_list, child);
  g_hash_table_remove_all (self->rows);
  self->n_finished = 0;
  g_ptr_array_set_size (self->findings, 0);
  rd_timeline_set_findings (self->timeline, self->findings);

  self->n_checks = 0;
  for (guint i = 0; i < n_checks; i++)
    {
      CheckRow *row;

      /* Only the checks this run makes: no gateway check without a gateway. */
      if (!rd_check_applies (&checks[i], target))
        continue;
      row = g_new0 (CheckRow, 1);
      self->n_checks++;

      row->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), _(checks[i].title));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row->row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), _("Waiting"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
      /* Long findings wrap at 360 px instead of widening the window. */
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row->row), 0);

      row->spinner = gtk_spinner_new ();
      gtk_widget_set_visible (row->spinner, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->spinner),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checking…"),
                                      -1);
      row->icon = gtk_image_new_from_icon_name ("content-loading-symbolic");
      gtk_widget_add_css_class (row->icon, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waiting"),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->spinner);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->icon);

      gtk_list_box_append (self->checks_list, row->row);
      g_hash_table_insert (self->rows, (gpointer) checks[i].id, row);
    }
  update_progress (self);
}

static void
rd_checking_page_shown (RdPage *page)
{
  /* Keyboard users land on the one thing they can do here. */
  gtk_widget_grab_focus (RD_CHECKING_PAGE (page)->cancel_button);
}

static void
rd_checking_page_dispose (GObject *object)
{
  RdCheckingPage *self = RD_CHECKING_PAGE (object);

  g_clear_object (&self->runner);
  G_OBJECT_CLASS (rd_checking_page_parent_class)->dispose (object);
}

static void
rd_checking_page_finalize (GObject *object)
{
  RdCheckingPage *self = RD_CHECKING_PAGE (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_checking_page_parent_class)->finalize (object);
}

static void
rd_checking_page_class_init (RdCheckingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  rd_page_class_set_page (page_class, RD_PAGE_CHECKING, RD_AREA_NONE);

  object_class->dispose = rd_checking_page_dispose;
  object_class->finalize = rd_checking_page_finalize;
  RD_PAGE_CLASS (klass)->shown = rd_checking_page_shown;

  gtk_widget_class_bind_template_child (widget_class, RdCheckingPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RdCheckingPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RdCheckingPage, checks_list);
  gtk_widget_class_bind_template_child (widget_class, RdCheckingPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RdCheckingPage, timeline);
}

static void
rd_checking_page_init (RdCheckingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  reset_rows (self);
}

/**
 * rd_checking_page_set_runner:
 *
 * Starts over with every check waiting; the page then follows @runner's
 * progress signals until the next call.
 */
void
rd_checking_page_set_runner (RdCheckingPage *self,
                             RdRunner       *runner)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (RD_IS_CHECKING_PAGE (self));
  g_return_if_fail (RD_IS_RUNNER (runner));

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_set_object (&self->runner, runner);
  g_signal_connect_object (runner, "check-started", G_CALLBACK (on_check_started),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "check-finished", G_CALLBACK (on_check_finished),
                           self, G_CONNECT_SWAPPED);

  /* Translators: %s is the computer's name or address */
  heading = g_strdup_printf (_("Checking the connection to %s…"),
                             rd_target_get_display_host (rd_runner_get_target (runner)));
  gtk_label_set_text (self->heading_label, heading);
  reset_rows (self);
}
