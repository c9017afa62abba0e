/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-assistant.h"
#include "rd-report-banner.h"
#include "rd-runner.h"
#include "rd-window.h"

G_BEGIN_DECLS

/*
 * The window, in four files sharing this struct: rd-window.c (the window,
 * the checks it runs, its notices), rd-window-actions.c (wizard.* and
 * helpdesk.* actions and their keys), rd-window-helpdesk.c (a saved report
 * read-only, side by side with a run from here) and rd-window-kiosk.c (the
 * lock and starting over for the next person). The pages and the way
 * through them are the assistant's.
 */
struct _RdWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  AdwHeaderBar    *header_bar;
  GtkWidget       *back_button;
  GtkWidget       *forward_button;
  GtkWidget       *menu_button;
  RdReportBanner  *report_banner;
  RdAssistant     *assistant;

  GSettings       *settings;

  /* Cancelled when the window closes; each run also has its own, which
   * Cancel and Back stop without closing anything. */
  GCancellable    *cancellable;
  GCancellable    *run_cancellable;
  RdRunner        *runner;
  RdTarget        *target;
  guint            n_pending;       /* runs whose workers have not all ended */
  GPtrArray       *toasts;          /* AdwToast*, shown or queued */

  /* A saved report shown read-only (the helpdesk's view), or NULL. */
  RdReport        *opened;
  GtkNativeDialog *open_chooser;
};

/* rd-window.c */
void     _rd_window_start_run            (RdWindow   *self,
                                          RdTarget   *target);
void     _rd_window_stop_run             (RdWindow   *self);
void     _rd_window_stop_all             (RdWindow   *self);
void     _rd_window_keep_watching        (RdWindow   *self);
void     _rd_window_next                 (RdWindow   *self);
void     _rd_window_done                 (RdWindow   *self);
guint    _rd_window_get_timeout_ms       (RdWindow   *self);
void     _rd_window_show_toast           (RdWindow   *self,
                                          const char *message);
void     _rd_window_dismiss_toasts       (RdWindow   *self);

/* rd-window-actions.c */
void     _rd_window_class_actions_init   (RdWindowClass *klass);
void     _rd_window_update_actions       (RdWindow   *self);

/* rd-window-helpdesk.c */
void     _rd_window_choose_report        (RdWindow   *self);
void     _rd_window_compare_from_here    (RdWindow   *self);
void     _rd_window_forget_report        (RdWindow   *self);
void     _rd_window_helpdesk_dispose     (RdWindow   *self);

/* rd-window-kiosk.c */
void     _rd_window_kiosk_init           (RdWindow   *self);

/* What the tests and the benchmark (tests/) look into from outside; the
 * wizard's other code needs only rd-window.h. */
void      rd_window_show_report      (RdWindow       *self,
                                      RdReport       *report);
RdReport *rd_window_get_opened_report (RdWindow      *self);
RdPage   *rd_window_get_page         (RdWindow       *self,
                                      const char     *name);
RdPage   *rd_window_get_current_page (RdWindow       *self);
char    **rd_window_dup_steps        (RdWindow       *self);
gboolean  rd_window_is_running       (RdWindow       *self);
void      rd_window_reset            (RdWindow       *self);

G_END_DECLS
