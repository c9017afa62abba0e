/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-plan.h"

/**
 * rd_plan_pages:
 * @report: (nullable): the finished run
 *
 * Decides the pages shown after the checks, in order: the steps the
 * measurements make relevant (router, name or address, firewall, security,
 * transport: not written yet), then always the result. The window turns
 * the names into pages, so adding a step is a case here and a page class.
 *
 * Returns: (transfer full) (element-type utf8): static page names
 */
GPtrArray *
rd_plan_pages (const RdReport *report)
{
  GPtrArray *pages = g_ptr_array_new ();

  g_ptr_array_add (pages, (gpointer) RD_PAGE_RESULT);
  return pages;
}
