/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: each format's builder alone; the app writes profiles with
 * rd_profile_save(). */

#include "rd-profile.h"

G_BEGIN_DECLS

GBytes          *rd_profile_build_rdp                (const RdProfileSettings *settings,
                                                      GBytes                  *existing,
                                                      GError                 **error);
GBytes          *rd_profile_build_remmina            (const RdProfileSettings *settings,
                                                      GBytes                  *existing,
                                                      GError                 **error);
char            *rd_profile_build_xfreerdp_command   (const RdProfileSettings *settings);

G_END_DECLS
