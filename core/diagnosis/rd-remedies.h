/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-cause.h"
#include "rd-target.h"

G_BEGIN_DECLS

/* Fills in a cause's title, explanation and remedies for the target, using
 * the findings (check id -> RdFinding) for specifics such as addresses. */
void rd_remedies_describe (RdCause        *cause,
                           const RdTarget *target,
                           GHashTable     *findings);

G_END_DECLS
