/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The helpdesk's side by side: a caller's saved report and the same
 * checks run from here, check by check, with what each difference means. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-compare.h"
#include "rd-compare-page-private.h"
#include "rd-runner.h"
#include "rd-step-util.h"
#include "rd-ui.h"

struct _RdComparePage
{
  RdPage        parent_instance;

  GtkWidget    *progress_box;
  GtkLabel     *progress_label;
  GtkWidget    *result_box;

  RdReport     *caller;
  RdReport     *here;
  GCancellable *cancellable;
  guint         n_pending;    /* runs whose workers have not ended */
};

G_DEFINE_FINAL_TYPE (RdComparePage, rd_compare_page, RD_TYPE_PAGE)

/* An icon and a word together: colour is never the only sign. */
static GtkWidget *
status_cell (RdStatus    status,
             const char *summary)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (rd_step_status_icon_name (status));
  /* Skipped here means an earlier check stopped the way, not "not needed". */
  GtkWidget *label = gtk_label_new (status == RD_STATUS_SKIP ? _("Not reached")
                                                             : rd_step_status_description (status));

  gtk_widget_add_css_class (icon, rd_step_status_css_class (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  if (summary != NULL && *summary != '\0')
    {
      gtk_widget_set_tooltip_text (box, summary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
    }
  return box;
}

static GtkWidget *
cell_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = rd_step_label (text, css_class);

  /* Whole words: three columns at 360 px must not split "Authentication". */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static const char *
cause_title (RdReport *report)
{
  const RdCause *cause = rd_report_get_main_cause (report);

  return cause != NULL ? cause->title : _("No problem found");
}

static GtkWidget *
build_table (RdComparePage *self,
             GPtrArray     *rows)
{
  GtkWidget *grid = gtk_grid_new ();
  const char *computer = rd_report_get_origin_computer (self->caller);
  g_autofree char *caller_heading = NULL;
  g_autofree char *here_heading = NULL;
  guint line = 0;

  /* Translators: a column heading; %s is the caller's computer's name */
  caller_heading = computer != NULL ? g_strdup_printf (_("Caller (%s)"), computer) : g_strdup (_("Caller"));
  /* Translators: a column heading; %s is this computer's name */
  here_heading = g_strdup_printf (_("Here (%s)"), g_get_host_name ());

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "card");
  gtk_widget_add_css_class (grid, "compare-table");

  gtk_grid_attach (GTK_GRID (grid), cell_label (_("Check"), "heading"), 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell_label (caller_heading, "heading"), 1, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell_label (here_heading, "heading"), 2, line, 1, 1);
  line++;

  gtk_grid_attach (GTK_GRID (grid), cell_label (_("Problem found"), NULL), 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell_label (cause_title (self->caller), "heading"), 1, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell_label (cause_title (self->here), "heading"), 2, line, 1, 1);
  line++;

  for (guint i = 0; i < rows->len; i++, line++)
    {
      RdCompareRow *row = g_ptr_array_index (rows, i);
      GtkWidget *name = cell_label (row->name, row->differs ? "heading" : NULL);

      gtk_grid_attach (GTK_GRID (grid), name, 0, line, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), status_cell (row->caller, row->caller_summary), 1, line, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), status_cell (row->here, row->here_summary), 2, line, 1, 1);
      if (row->differs)
        {
          /* Said in words too, for a screen reader. */
          gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          _("Differs"), -1);
          gtk_widget_set_tooltip_text (name, _("Differs between the two computers"));
        }
    }
  return grid;
}

static void
show_comparison (RdComparePage *self)
{
  g_autoptr(GPtrArray) rows = rd_compare_reports (self->caller, self->here);
  g_autofree char *conclusion = rd_compare_conclusion (self->caller, self->here);
  g_autoptr(GString) differences = g_string_new (NULL);
  GtkWidget *heading;

  rd_step_clear (self->result_box);
  gtk_box_append (GTK_BOX (self->result_box), rd_step_label (conclusion, "title-4"));

  for (guint i = 0; i < rows->len; i++)
    {
      RdCompareRow *row = g_ptr_array_index (rows, i);

      if (row->sentence == NULL)
        continue;
      if (differences->len > 0)
        g_string_append_c (differences, '\n');
      g_string_append_printf (differences, "• %s", row->sentence);
    }

  heading = rd_step_heading (_("What differs"), "title-4", 2);
  gtk_box_append (GTK_BOX (self->result_box), heading);
  gtk_box_append (GTK_BOX (self->result_box),
                  rd_step_label (differences->len > 0 ? differences->str
                                                      : _("Every check came out the same on both computers."),
                                 NULL));

  heading = rd_step_heading (_("Check by check"), "title-4", 2);
  gtk_box_append (GTK_BOX (self->result_box), heading);
  gtk_box_append (GTK_BOX (self->result_box), build_table (self, rows));

  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_visible (self->result_box, TRUE);
}

typedef struct
{
  RdComparePage *self;
  GCancellable  *cancellable;
} RunData;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunData *data = user_data;
  RdComparePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) report = rd_report_new_from_run (RD_RUNNER (source), result, &error);

  self->n_pending--;
  if (!g_cancellable_is_cancelled (data->cancellable) && data->cancellable == self->cancellable)
    {
      g_clear_object (&self->cancellable);
      if (report != NULL)
        {
          g_clear_pointer (&self->here, rd_report_unref);
          self->here = g_steal_pointer (&report);
          show_comparison (self);
        }
      else
        {
          g_autofree char *message = NULL;

          /* Translators: %s is the reason */
          message = g_strdup_printf (_("The checks could not run: %s"), error->message);
          gtk_label_set_text (self->progress_label, message);
        }
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel", FALSE);
    }
  g_object_unref (source);
  g_object_unref (data->cancellable);
  g_object_unref (data->self);
  g_free (data);
}

void
rd_compare_page_stop (RdComparePage *self)
{
  g_return_if_fail (RD_IS_COMPARE_PAGE (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel", FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdComparePage *self = RD_COMPARE_PAGE (widget);

  rd_compare_page_stop (self);
  gtk_label_set_text (self->progress_label, _("Stopped. Test Again From Here starts again."));
}

/**
 * rd_compare_page_start:
 * @caller: the saved report
 * @timeout_ms: each network step's deadline
 *
 * Checks @caller's computer (the same address and port) from here, then
 * shows the two side by side.
 */
void
rd_compare_page_start (RdComparePage *self,
                       RdReport      *caller,
                       guint          timeout_ms)
{
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;
  RdRunner *runner;
  RunData *data;

  g_return_if_fail (RD_IS_COMPARE_PAGE (self));
  g_return_if_fail (caller != NULL);

  rd_compare_page_stop (self);
  rd_report_ref (caller);
  g_clear_pointer (&self->caller, rd_report_unref);
  self->caller = caller;
  g_clear_pointer (&self->here, rd_report_unref);

  where = rd_target_to_string (rd_report_get_target (caller));
  /* Translators: %s is the computer checked, e.g. pc.example.com:3389 */
  text = g_strdup_printf (_("Checking %s from this computer…"), where);
  gtk_label_set_text (self->progress_label, text);
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_widget_set_visible (self->result_box, FALSE);

  runner = rd_ui_new_runner (rd_report_get_target (caller), timeout_ms);
  self->cancellable = g_cancellable_new ();
  data = g_new0 (RunData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  self->n_pending++;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel", TRUE);
  rd_runner_run_async (runner, self->cancellable, on_run_done, data);
}

gboolean
rd_compare_page_is_running (RdComparePage *self)
{
  g_return_val_if_fail (RD_IS_COMPARE_PAGE (self), FALSE);
  return self->n_pending > 0;
}

/**
 * rd_compare_page_get_here_report:
 *
 * Returns: (transfer none) (nullable): the report of this computer's run
 */
RdReport *
rd_compare_page_get_here_report (RdComparePage *self)
{
  g_return_val_if_fail (RD_IS_COMPARE_PAGE (self), NULL);
  return self->here;
}

static void
rd_compare_page_dispose (GObject *object)
{
  RdComparePage *self = RD_COMPARE_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_compare_page_parent_class)->dispose (object);
}

static void
rd_compare_page_finalize (GObject *object)
{
  RdComparePage *self = RD_COMPARE_PAGE (object);

  g_clear_pointer (&self->caller, rd_report_unref);
  g_clear_pointer (&self->here, rd_report_unref);
  G_OBJECT_CLASS (rd_compare_page_parent_class)->finalize (object);
}

static void
rd_compare_page_class_init (RdComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  rd_page_class_set_page (page_class, RD_PAGE_COMPARE, RD_AREA_NONE);

  object_class->dispose = rd_compare_page_dispose;
  object_class->finalize = rd_compare_page_finalize;
  gtk_widget_class_bind_template_child (widget_class, RdComparePage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, RdComparePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RdComparePage, result_box);
  gtk_widget_class_install_action (widget_class, "compare.cancel", NULL, cancel_action);
}

static void
rd_compare_page_init (RdComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel", FALSE);
}
