/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-cause.h"
#include "rd-finding.h"
#include "rd-target.h"

G_BEGIN_DECLS

/* Turns findings into causes, most likely first. Returns RdCause*. */
GPtrArray  *rd_diagnose               (const RdTarget *target,
                                       GPtrArray      *findings);

G_END_DECLS
