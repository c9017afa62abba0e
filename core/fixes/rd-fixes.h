/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-profile.h"
#include "rd-report.h"

G_BEGIN_DECLS

/*
 * Fixes on this side, and the proof that they work: which workarounds a
 * report calls for, and a run of the checks again as a client with those
 * workarounds would connect.
 */

/* The workarounds the report's causes call for; *address is set to the
 * address to use instead of the name where the report knows one. */
RdWorkarounds rd_fixes_suggest           (const RdReport      *report,
                                          char               **address);
char         *rd_workarounds_to_string   (RdWorkarounds        workarounds);

typedef struct
{
  RdReport *before;
  RdReport *after;
  gboolean  fixed;
} RdVerification;

void           rd_verification_free      (RdVerification      *verification);

/* Runs the checks again against @address (when USE_ADDRESS) with TLS only
 * (TLS_NOT_NLA), without the UDP check (TCP_ONLY) and with OpenSSL's
 * security level 0 (TLS_LEGACY). */
void           rd_fixes_verify_async     (RdReport            *before,
                                          RdWorkarounds        workarounds,
                                          const char          *address,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
RdVerification *rd_fixes_verify_finish   (GAsyncResult        *result,
                                          GError             **error);

/* Remote Desktop apps installed here that can open a profile. */
typedef struct
{
  const char *id;        /* "remmina", "xfreerdp", ... */
  const char *name;      /* the app's own name */
  char       *path;
} RdClientApp;

GPtrArray     *rd_fixes_find_clients     (void);
gboolean       rd_fixes_open_in_client   (const RdClientApp   *app,
                                          const char          *profile_path,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdVerification, rd_verification_free)

G_END_DECLS
