/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: a cause id from its stable name. */

#include "rd-cause.h"

G_BEGIN_DECLS

/* RD_CAUSE_OTHER for a name that is not in the table. */
RdCauseId          rd_cause_id_from_string  (const char *name);

G_END_DECLS
