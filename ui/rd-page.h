/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-admin-section.h"
#include "rd-plan.h"
#include "rd-report.h"
#include "rd-ui.h"

G_BEGIN_DECLS

#define RD_TYPE_PAGE (rd_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (RdPage, rd_page, RD, PAGE, AdwBin)

/**
 * RdPageClass:
 * @id: the page's name in the plan (rd-plan.h's RD_PAGE_*)
 * @area: the causes it explains (RD_AREA_NONE: all of the report's);
 *   both set by rd_page_class_set_page() in class_init
 * @evidence_ids: the checks its technical details show (%NULL: all), set
 *   by rd_page_class_bind_evidence()
 * @shown: the page became the visible one
 * @apply: the person goes forward from this page; keep what they entered
 * @set_report: a run finished; show what it found (step pages)
 *
 * One step of the wizard, as GNOME Initial Setup's GisPage. A page says it
 * may be left forward through #RdPage:complete; the assistant
 * (RdAssistant) owns the navigation and reacts. Buttons in a page reach
 * the window's "wizard.*" actions by name, never the window itself.
 */
struct _RdPageClass
{
  AdwBinClass parent_class;

  const char         *id;
  RdArea              area;
  const char * const *evidence_ids;

  void (*shown) (RdPage *self);
  void (*apply) (RdPage *self);
  void (*set_report) (RdPage   *self,
                      RdReport *report);
};

void        rd_page_class_set_page (RdPageClass *klass,
                                    const char  *id,
                                    RdArea       area);
void        rd_page_class_set_step (RdPageClass        *klass,
                                    const char         *id,
                                    RdArea              area,
                                    const char * const *check_ids);
void        rd_page_class_bind_retest_button (RdPageClass *klass,
                                              const char  *name);
void        rd_page_class_bind_admin_section (RdPageClass *klass,
                                              const char  *name);
void        rd_page_class_bind_client_fixes  (RdPageClass *klass,
                                              const char  *name);
void        rd_page_class_bind_evidence      (RdPageClass        *klass,
                                              const char         *name,
                                              const char * const *check_ids);

const char *rd_page_get_title     (RdPage     *self);
void        rd_page_set_title     (RdPage     *self,
                                   const char *title);
gboolean    rd_page_get_complete  (RdPage     *self);
void        rd_page_set_complete  (RdPage     *self,
                                   gboolean    complete);

/* A saved report shown read-only: nothing may act on this computer. */
gboolean    rd_page_get_read_only (RdPage     *self);
void        rd_page_set_read_only (RdPage     *self,
                                   gboolean    read_only);
void        rd_page_set_heading   (RdPage     *self,
                                   const char *heading,
                                   const char *summary);

/* A step's sentence about a cause of its area (transfer full). */
typedef char *(*RdPageSummaryFunc) (RdPage        *self,
                                    const RdCause *cause);
const RdCause *rd_page_show_first_cause (RdPage            *self,
                                         RdPageSummaryFunc  summary);

void        rd_page_shown         (RdPage     *self);
void        rd_page_apply         (RdPage     *self);
void        rd_page_set_report    (RdPage     *self,
                                   RdReport   *report);
RdReport   *rd_page_get_report    (RdPage     *self);
GPtrArray  *rd_page_get_causes    (RdPage     *self);
const char *rd_page_get_id        (RdPage     *self);
RdPage     *rd_page_get_sibling   (RdPage     *self,
                                   const char *id);
RdAdminSection *rd_page_get_admin_section (RdPage *self);
gboolean    rd_page_get_has_client_fixes (RdPage *self);

/* The steps and commands of @causes (RdCause*) for the other computer's
 * administrator, which the "page.copy-admin" action copies. */
void        rd_page_set_admin_causes (RdPage         *self,
                                      const RdReport *report,
                                      GPtrArray      *causes);

/* Puts @text on the clipboard and says @toast (nullable). Buttons inside a
 * page do it through the "page.copy" action, whose parameter is the text. */
void        rd_page_copy          (RdPage     *self,
                                   const char *text,
                                   const char *toast);
/* Shows a file dialog of the page, which closes with it. */
void        rd_page_show_chooser  (RdPage         *self,
                                   GtkFileChooser *chooser,
                                   RdUiFileFunc    on_file);
/* Asks whoever shows the page for a short notice ("Copied"). */
void        rd_page_show_toast    (RdPage     *self,
                                   const char *message);

G_END_DECLS
