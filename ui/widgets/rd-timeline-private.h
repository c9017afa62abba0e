/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: what the timeline shows, as text. */

#include "rd-timeline.h"

G_BEGIN_DECLS

/* "tcp", "negotiate", "tls", "nla", or NULL when nothing failed. */
const char *rd_timeline_get_failed_phase (RdTimeline     *self);
/* The same as the picture, in words: the accessible description. */
const char *rd_timeline_get_description  (RdTimeline     *self);

G_END_DECLS
