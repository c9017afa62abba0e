/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-finding.h"

G_BEGIN_DECLS

/* "Technical details": one finding's evidence as rows for a person. */
typedef struct
{
  char  *label;                       /* translated; NULL for an item of a list */
  char  *value;                       /* "" for a heading of the rows below it */
  guint  depth;                       /* 0 for the evidence's own members */
} RdDetailRow;

typedef struct
{
  char      *check_id;
  RdStatus   status;
  char      *summary;
  gint64     duration_ms;
  GPtrArray *rows;                    /* (element-type RdDetailRow) */
} RdFindingDetails;

/* (transfer full): @finding's evidence as rows, each member a label (in
 * words, translated) and its value formatted for a person. */
RdFindingDetails *rd_finding_details_new  (const RdFinding  *finding);
void              rd_finding_details_free (RdFindingDetails *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdFindingDetails, rd_finding_details_free)

G_END_DECLS
