/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: a status set alone; the checks set a status with its
 * sentence, rd_finding_set_result(). */

#include "rd-finding.h"

G_BEGIN_DECLS

void         rd_finding_set_status       (RdFinding   *self,
                                          RdStatus     status);

G_END_DECLS
