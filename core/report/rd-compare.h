/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/**
 * RdCompareRow:
 *
 * One check in two reports of the same computer: the caller's (a saved
 * report) and this computer's (run here).
 */
typedef struct
{
  char     *check_id;
  char     *name;         /* short, for a person: "Remote Desktop over UDP" */
  RdStatus  caller;       /* RD_STATUS_SKIP when not measured */
  RdStatus  here;
  char     *caller_summary;
  char     *here_summary;
  gboolean  differs;      /* passed on one side only */
  char     *sentence;     /* what the difference means, or NULL */
} RdCompareRow;

void        rd_compare_row_free       (RdCompareRow   *row);

/* Every check of either report, the caller's order first. */
GPtrArray  *rd_compare_reports        (const RdReport *caller,
                                       const RdReport *here);
/* One sentence on the whole: the same problem both ways, or where it is. */
char       *rd_compare_conclusion     (const RdReport *caller,
                                       const RdReport *here);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCompareRow, rd_compare_row_free)

G_END_DECLS
