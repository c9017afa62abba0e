/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rd-diagnosis.h"
#include "rd-facts.h"
#include "rd-finding.h"
#include "rd-runner.h"
#include "rd-target.h"

G_BEGIN_DECLS

#define RD_REPORT_SCHEMA "rdp-doctor/report/1"

typedef enum
{
  RD_VERDICT_HEALTHY,
  RD_VERDICT_DEGRADED,
  RD_VERDICT_BROKEN,
} RdVerdict;

#define RD_REPORT_ERROR (rd_report_error_quark ())

typedef enum
{
  RD_REPORT_ERROR_INVALID,
  RD_REPORT_ERROR_SCHEMA,
} RdReportError;

typedef struct _RdReport RdReport;

#define RD_TYPE_REPORT (rd_report_get_type ())

GType       rd_report_get_type          (void) G_GNUC_CONST;
GQuark      rd_report_error_quark       (void);

/* Takes the findings, runs the diagnosis. */
RdReport   *rd_report_new               (RdTarget    *target,
                                         GPtrArray   *findings);
/* Finishes rd_runner_run_async() and diagnoses what it found; NULL with
 * G_IO_ERROR_CANCELLED when the run was cancelled. */
RdReport   *rd_report_new_from_run      (RdRunner      *runner,
                                         GAsyncResult  *result,
                                         GError       **error);
RdReport   *rd_report_ref               (RdReport    *self);
void        rd_report_unref             (RdReport    *self);

RdTarget   *rd_report_get_target        (const RdReport *self);
GPtrArray  *rd_report_get_findings      (const RdReport *self);
GPtrArray  *rd_report_get_causes        (const RdReport *self);
RdFinding  *rd_report_lookup_finding    (const RdReport *self,
                                         const char  *check_id);
RdVerdict   rd_report_get_verdict       (const RdReport *self);
/* Whether the diagnosis named @id. */
gboolean    rd_report_has_cause         (const RdReport *self,
                                         RdCauseId    id);
/* Whether it named any cause of @area. */
gboolean    rd_report_has_area          (const RdReport *self,
                                         RdArea       area);
/* (transfer container) (element-type RdCause): the causes of @area, most
 * likely first. */
GPtrArray  *rd_report_get_area_causes   (const RdReport *self,
                                         RdArea       area);
/* The cause to act on; NULL when healthy (its causes are only notes). */
const RdCause *rd_report_get_main_cause (const RdReport *self);
GDateTime  *rd_report_get_created       (const RdReport *self);
void        rd_report_set_duration_ms   (RdReport    *self,
                                         gint64       duration_ms);
/* How long the whole run took. */
gint64      rd_report_get_duration_ms   (const RdReport *self);

const char *rd_verdict_to_string        (RdVerdict    verdict);

/* What the checks measured, typed (see rd-facts.h): worked out once, on
 * first use, and kept with the report. */
const RdFacts *rd_report_get_facts      (const RdReport *self);

/* A short reference to read out on the phone, "XXXX-XXXX". */
const char *rd_report_get_code          (const RdReport *self);
char       *rd_report_compute_code      (const RdReport *self);
gboolean    rd_report_code_is_valid     (const char  *code);
const char *rd_report_get_origin_computer (const RdReport *self);

/* What the host demands of Network Level Authentication, from the
 * negotiation probes: whether turning NLA off on this side could work. */
typedef enum
{
  RD_NLA_UNKNOWN,          /* the host did not answer the probes */
  RD_NLA_ACCEPTS_TLS_ONLY, /* the host would accept you without NLA */
  RD_NLA_REQUIRED,         /* only the host's administrator can change it */
  RD_NLA_NOT_OFFERED,      /* the host does not do NLA at all */
} RdNlaVerdict;

RdNlaVerdict rd_report_get_nla_verdict  (const RdReport *self);
const char  *rd_nla_verdict_to_string   (RdNlaVerdict  verdict);
/* One sentence for a person. */
const char  *rd_nla_verdict_describe    (RdNlaVerdict  verdict);

JsonNode   *rd_report_to_json           (const RdReport *self);
char       *rd_report_to_json_string    (const RdReport *self);
RdReport   *rd_report_new_from_json_data (const char *data,
                                          gssize      length,
                                          GError    **error);
/* Plain text for a person: the cause first, then the fix, then the evidence. */
char       *rd_report_to_text           (const RdReport *self);

/* What a QR code holds (a phone reads it, so it stays small). */
#define RD_REPORT_SUMMARY_QR_MAX 480

/* A few lines for a ticket: the code, the computer, the cause, when and
 * where it was made, and the checks that failed. Never longer than
 * @max_bytes when that is not 0 (the checks go first, then the text is
 * cut). */
char       *rd_report_to_summary        (const RdReport *self,
                                         gsize        max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdReport, rd_report_unref)

G_END_DECLS
