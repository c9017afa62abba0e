/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: the flow's state, and the save dialog's answer given
 * directly. */

#include "rd-profile-fix.h"

G_BEGIN_DECLS

RdProfileFixState  rd_profile_fix_get_state    (RdProfileFix  *self);
const char        *rd_profile_fix_get_status   (RdProfileFix  *self);
/* What the save dialog's answer does; the tests call it with a path. */
gboolean           rd_profile_fix_save_to      (RdProfileFix  *self,
                                                const char    *path,
                                                GError       **error);

G_END_DECLS
