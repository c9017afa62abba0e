/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  RD_STATUS_PASS,
  RD_STATUS_WARN,
  RD_STATUS_FAIL,
  RD_STATUS_SKIP,
  RD_STATUS_ERROR,
} RdStatus;

/**
 * RdFinding:
 *
 * What one check measured: a status, one sentence for a person, and the
 * evidence as a JSON object (machine-readable, not translated).
 */
typedef struct _RdFinding RdFinding;

#define RD_TYPE_FINDING (rd_finding_get_type ())

GType        rd_finding_get_type         (void) G_GNUC_CONST;

RdFinding   *rd_finding_new              (const char  *check_id);
RdFinding   *rd_finding_ref              (RdFinding   *self);
void         rd_finding_unref            (RdFinding   *self);

const char  *rd_finding_get_check_id     (const RdFinding *self);
RdStatus     rd_finding_get_status       (const RdFinding *self);
const char  *rd_finding_get_summary      (const RdFinding *self);
void         rd_finding_set_result       (RdFinding   *self,
                                          RdStatus     status,
                                          const char  *format,
                                          ...) G_GNUC_PRINTF (3, 4);
gint64       rd_finding_get_duration_ms  (const RdFinding *self);
void         rd_finding_set_duration_ms  (RdFinding   *self,
                                          gint64       duration_ms);
JsonObject  *rd_finding_get_evidence     (const RdFinding *self);

/* Convenience readers of evidence members; return the fallback when absent
 * or of another type. */
const char  *rd_finding_get_string       (const RdFinding *self,
                                          const char  *member);
gint64       rd_finding_get_int          (const RdFinding *self,
                                          const char  *member,
                                          gint64       fallback);
gboolean     rd_finding_get_bool         (const RdFinding *self,
                                          const char  *member,
                                          gboolean     fallback);

/* Something a check leaves open for a dependent one: net/'s RdConnection
 * (TCP to negotiation, negotiation to TLS, TLS to NLA). Never serialized;
 * freed with @free_func on unref unless stolen. */
void         rd_finding_set_handoff      (RdFinding      *self,
                                          gpointer        data,
                                          GDestroyNotify  free_func);
gpointer     rd_finding_steal_handoff    (RdFinding      *self);

/* The finding of @check_id in @findings (nullable, RdFinding*), or NULL. */
RdFinding   *rd_findings_lookup          (GPtrArray   *findings,
                                          const char  *check_id);

const char  *rd_status_to_string        (RdStatus     status);
gboolean     rd_status_from_string      (const char  *text,
                                          RdStatus    *status);

JsonNode    *rd_finding_to_json          (const RdFinding *self);
RdFinding   *rd_finding_new_from_json    (JsonNode    *node,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdFinding, rd_finding_unref)

G_END_DECLS
