/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-fixes.h"
#include "rd-profile.h"
#include "rd-report.h"

G_BEGIN_DECLS

typedef enum
{
  RD_PROFILE_FIX_IDLE,
  RD_PROFILE_FIX_VERIFYING,
  RD_PROFILE_FIX_FIXED,
  RD_PROFILE_FIX_NOT_FIXED,
  RD_PROFILE_FIX_FAILED,      /* could not save, or could not test */
} RdProfileFixState;

#define RD_TYPE_PROFILE_FIX (rd_profile_fix_get_type ())
G_DECLARE_FINAL_TYPE (RdProfileFix, rd_profile_fix, RD, PROFILE_FIX, AdwBin)

/*
 * The one flow every "write a fixed profile" step shares: the button, the
 * save dialog (.rdp by default, .remmina offered), rd_profile_save() with its
 * backup, then rd_fixes_verify_async() with a spinner and "Fixed" or "Not
 * fixed" with what remains, and "Open in <app>" when one is installed.
 */

void               rd_profile_fix_set_report   (RdProfileFix  *self,
                                                RdReport      *report,
                                                RdWorkarounds  workarounds);
void               rd_profile_fix_set_address  (RdProfileFix  *self,
                                                const char    *address);
const char        *rd_profile_fix_get_address  (RdProfileFix  *self);
void               rd_profile_fix_set_label    (RdProfileFix  *self,
                                                const char    *label);
/* Whether its button is the page's primary action (the default). */
void               rd_profile_fix_set_primary  (RdProfileFix  *self,
                                                gboolean       primary);

G_END_DECLS
