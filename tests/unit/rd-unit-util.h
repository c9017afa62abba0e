/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>
#include <gio/gio.h>

#include "rd-finding.h"
#include "rd-report.h"

G_BEGIN_DECLS

/* A finding as a check would write it, its evidence from a few words of
 * JSON (an object). */
RdFinding *rd_test_finding_new (const char *check_id,
                                RdStatus    status,
                                const char *evidence_json);

/* A report on @target_text (rd_target_parse()) of the findings given,
 * which it takes, ended by NULL. */
RdReport  *rd_test_report_new  (const char *target_text,
                                RdFinding  *first,
                                ...) G_GNUC_NULL_TERMINATED;
RdReport  *rd_test_report_new_valist (const char *target_text,
                                      RdFinding  *first,
                                      va_list     rest);
/* The causes such a report names, most likely first, and the first's id
 * (NULL when there is none). */
GPtrArray  *rd_test_diagnose        (const char *target_text,
                                     RdFinding  *first,
                                     ...) G_GNUC_NULL_TERMINATED;
const char *rd_test_first_cause_id  (GPtrArray  *causes);

/* A new folder in the temporary folder, from a g_dir_make_tmp() template;
 * rd_test_remove_tree() removes it with all it holds, whatever its
 * permissions. */
char      *rd_test_make_tmp_dir (const char *tmpl);
void       rd_test_remove_tree  (const char *path);

/* Iterates the default main context until *done is set or @timeout_ms have
 * passed; returns *done. */
gboolean   rd_test_wait        (const gboolean *done,
                                guint           timeout_ms);

typedef enum
{
  /* Accepts, then never reads, writes or closes; a UDP socket on the same
   * port takes datagrams and never answers either. */
  RD_TEST_LISTENER_SILENT,
  /* Accepts and closes at once; UDP is left alone (a closed port). */
  RD_TEST_LISTENER_CLOSE,
} RdTestListenerMode;

/*
 * A TCP listener on a loopback address ("127.0.0.1", "::1") and a port the
 * kernel picks, answered by a thread of its own.
 */
typedef struct _RdTestListener RdTestListener;

/* NULL when @address cannot be bound here (no IPv6, say). */
RdTestListener *rd_test_listener_new          (const char         *address,
                                               RdTestListenerMode  mode);
guint16         rd_test_listener_get_port     (RdTestListener     *self);
/* "ADDRESS:PORT", "[ADDRESS]:PORT" for IPv6, for rd_target_parse(). */
char           *rd_test_listener_dup_target   (RdTestListener     *self);
guint           rd_test_listener_get_accepted (RdTestListener     *self);
void            rd_test_listener_free         (RdTestListener     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestListener, rd_test_listener_free)

G_END_DECLS
