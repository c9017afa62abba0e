/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The helpdesk's view: a caller's saved report, opened read-only in the
 * same pages under a banner, and side by side with a run from here. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-compare-page.h"
#include "rd-kiosk.h"
#include "rd-ui.h"
#include "rd-window-private.h"

/**
 * rd_window_load_report:
 * @file: a report saved by "Save report…" or `--json`
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
RdReport *
rd_window_load_report (GFile   *file,
                       GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A report is a few tens of kilobytes: read at once. */
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return rd_report_new_from_json_data (contents, length, error);
}

/**
 * rd_window_open_report:
 * @report: a saved report
 *
 * Shows @report read-only in the same pages the person who made it saw,
 * under a banner that says whose it is, without running any check. It
 * opens on the summary (the result page); Back goes through the steps the
 * person saw. In this window if it shows nothing yet, else in a new one.
 *
 * Returns: (transfer none): the window that shows it
 */
RdWindow *
rd_window_open_report (RdWindow *self,
                       RdReport *report)
{
  RdAssistant *assistant;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  assistant = self->assistant;
  if (self->opened != NULL || rd_window_is_running (self) ||
      rd_assistant_get_current_page (assistant) != rd_assistant_get_page (assistant, RD_PAGE_WELCOME))
    {
      RdWindow *window = rd_window_new (gtk_window_get_application (GTK_WINDOW (self)));

      gtk_window_present (GTK_WINDOW (window));
      return rd_window_open_report (window, report);
    }

  self->opened = rd_report_ref (report);
  rd_report_banner_set_report (self->report_banner, report);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), TRUE);
  /* Before the report: the pages hide what would act on this computer, and
   * the router page does not start watching. */
  rd_assistant_set_read_only (assistant, TRUE);
  rd_window_show_report (self, report);
  rd_assistant_go_to_id (assistant, RD_PAGE_RESULT);
  return self;
}

/**
 * rd_window_open_report_file:
 * @file: a file the person opened as a report (Open Report…, or
 *   `rdp-doctor FILE.json`)
 *
 * Opens it as rd_window_open_report() does; when it is not a report, a
 * notice in this window says so and why. It is never read as a connection
 * file.
 *
 * Returns: (transfer none) (nullable): the window that shows it, or %NULL
 */
RdWindow *
rd_window_open_report_file (RdWindow *self,
                            GFile    *file)
{
  g_autoptr(RdReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  report = rd_window_load_report (file, &error);
  if (report == NULL)
    {
      g_autofree char *message = NULL;

      /* The report's own words say what is wrong with its contents. */
      if (error->domain == RD_REPORT_ERROR)
        message = g_strdup (error->message);
      else
        /* Translators: %s is the reason, from the system */
        message = g_strdup_printf (_("Could not open the report: %s"), error->message);
      _rd_window_show_toast (self, message);
      return NULL;
    }
  return rd_window_open_report (self, report);
}

/**
 * rd_window_get_opened_report:
 *
 * Returns: (transfer none) (nullable): the saved report shown read-only
 */
RdReport *
rd_window_get_opened_report (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->opened;
}

/* Starting over: no saved report any more. */
void
_rd_window_forget_report (RdWindow *self)
{
  g_clear_pointer (&self->opened, rd_report_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), FALSE);
}

/* Test Again From Here: the caller's computer checked from this one, and
 * the two side by side after the caller's pages. */
void
_rd_window_compare_from_here (RdWindow *self)
{
  RdPage *compare = rd_assistant_get_page (self->assistant, RD_PAGE_COMPARE);

  rd_compare_page_start (RD_COMPARE_PAGE (compare), self->opened, _rd_window_get_timeout_ms (self));
  rd_assistant_show_after (self->assistant, RD_PAGE_COMPARE);
}

static void
on_report_chosen (gpointer  owner,
                  GFile    *file)
{
  rd_window_open_report_file (RD_WINDOW (owner), file);
}

/* Open Report…: a file dialog for a saved report. */
void
_rd_window_choose_report (RdWindow *self)
{
  GtkFileChooser *chooser;

  /* A kiosk opens no file dialog, whatever the shortcut. */
  if (!rd_kiosk_allows_file_dialogs (rd_kiosk_get_default ()))
    return;

  chooser = rd_ui_new_chooser (GTK_WIDGET (self), _("Open Report"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  gtk_file_filter_add_mime_type (rd_ui_add_filter (chooser, _("Reports (.json)"), "*.json"),
                                 "application/json");
  rd_ui_show_chooser (&self->open_chooser, chooser, on_report_chosen, self);
}

void
_rd_window_helpdesk_dispose (RdWindow *self)
{
  rd_ui_close_chooser (&self->open_chooser);
}
