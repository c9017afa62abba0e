/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-finding.h"
#include "rd-target.h"

G_BEGIN_DECLS

#define RD_DEFAULT_TIMEOUT_MS 5000

#define RD_TYPE_RUNNER (rd_runner_get_type ())
G_DECLARE_FINAL_TYPE (RdRunner, rd_runner, RD, RUNNER, GObject)

RdRunner  *rd_runner_new          (RdTarget            *target);
RdTarget  *rd_runner_get_target   (RdRunner            *self);
void       rd_runner_set_timeout  (RdRunner            *self,
                                   guint                timeout_ms);
guint32    rd_app_security_protocols (RdAppSecurity security);
void       rd_runner_set_requested_protocols (RdRunner *self,
                                              guint32   protocols);
void       rd_runner_set_tls_legacy (RdRunner            *self,
                                     gboolean             legacy);
/* Restricts the run to these checks (and whatever they depend on). */
void       rd_runner_set_only     (RdRunner            *self,
                                   const char * const  *check_ids);

void       rd_runner_run_async    (RdRunner            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GPtrArray *rd_runner_run_finish   (RdRunner            *self,
                                   GAsyncResult        *result,
                                   gint64              *duration_ms,
                                   GError             **error);

G_END_DECLS
