/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The same diagnosis repeated over time ("rounds"), and what the rounds add
 * up to: how many failed, for which causes, the longest outage, and which
 * causes come and go (intermittent). Used by `--headless --watch` and by the
 * wizard's "Keep watching"; it runs nothing itself: whoever runs the rounds
 * adds each report here. */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/* Rounds kept for rd_watch_get_round() (a day at the default 30 s); the
 * counts of the summary are over every round added. */
#define RD_WATCH_MAX_ROUNDS 2880
#define RD_WATCH_DEFAULT_INTERVAL_S 30

typedef struct
{
  gint64      start_us;     /* g_get_real_time () when the round began */
  gint64      duration_ms;  /* how long its diagnosis took */
  RdVerdict   verdict;      /* broken = the round failed (an outage) */
  RdCauseId   cause;        /* the main cause, RD_CAUSE_OTHER when none */
  const char *cause_name;   /* its stable id ("port-refused"), NULL when none */
  RdSeverity  severity;     /* of the main cause */
  gboolean    error;        /* the checks could not run at all */
  guint       number;       /* 1 for the first round added */
} RdWatchRound;

typedef struct
{
  const char *cause_name;   /* stable id */
  RdSeverity  severity;     /* the highest it was named with */
  guint       rounds;       /* rounds that named it (main cause or not) */
  gboolean    intermittent; /* named in some rounds but not all */
  guint       failures;     /* failed rounds it was the main cause of */
} RdWatchCause;

/* What an intermittent cause says about the computer or the way to it. */
typedef enum
{
  RD_WATCH_FAMILY_OTHER,     /* it came and went */
  RD_WATCH_FAMILY_DROPPED,   /* accepted, then closed: a busy listener */
  RD_WATCH_FAMILY_REFUSED,   /* refused now and then: a service restarting */
  RD_WATCH_FAMILY_TIMEOUT,   /* no answer now and then: a flapping VPN, a busy host */
} RdWatchFamily;

typedef struct _RdWatch RdWatch;

RdWatch            *rd_watch_new                 (void);
void                rd_watch_free                (RdWatch        *self);

/* Adds a round from its report (ref not kept). */
const RdWatchRound *rd_watch_add_report          (RdWatch        *self,
                                                  const RdReport *report,
                                                  gint64          start_us);
/* Adds a round whose checks could not run (counts as a failure). */
const RdWatchRound *rd_watch_add_error           (RdWatch        *self,
                                                  gint64          start_us,
                                                  gint64          duration_ms);

guint               rd_watch_get_n_rounds        (const RdWatch  *self);   /* all added */
guint               rd_watch_get_n_kept          (const RdWatch  *self);   /* <= RD_WATCH_MAX_ROUNDS */
/* @index from 0 (the oldest kept) to n_kept - 1. */
const RdWatchRound *rd_watch_get_round           (const RdWatch  *self,
                                                  guint           index);
guint               rd_watch_get_n_failures      (const RdWatch  *self);
/* From the start of the first failed round of the longest run of failed
 * rounds to the start of the round after it (or the last round's end). */
gint64              rd_watch_get_longest_outage_ms (const RdWatch *self);
/* RdWatchCause*, most rounds first; owned by @self, valid until the next add. */
GPtrArray          *rd_watch_get_causes          (const RdWatch  *self);

/* Rounds that could not run at all (rd_watch_add_error ()). */
guint               rd_watch_get_n_errors        (const RdWatch  *self);

RdWatchFamily       rd_watch_cause_family        (const char     *cause_name);
/* For a person, what the rounds of @cause say; for an intermittent cause
 * of the dropped family: "1 of 5 connections was dropped: … MaxOutstanding-
 * Connections …", with the administrator's commands (each with its undo)
 * on the lines after it. */
char               *rd_watch_cause_explain       (const RdWatch      *self,
                                                  const RdWatchCause *cause);

/* One round as `--watch --json` prints it, one object per line:
 * {"round","start" (ISO 8601),"duration_ms","verdict","cause","title",
 *  "causes":[{"id","severity"}]}; "causes" from @report when given
 * (the round keeps only its main cause), "error": true for a round that
 * could not run. */
JsonNode           *rd_watch_round_to_json       (const RdWatchRound *round,
                                                  const RdReport     *report);
/* The title of the round's main cause ("No problem found" when none),
 * translated. */
const char         *rd_watch_round_get_title     (const RdWatchRound *round);

/* One translated line for one round, as `--watch` prints it:
 * "20:14:03  healthy  No problem found  (0.4 s)". */
char               *rd_watch_round_to_text       (const RdWatchRound *round);
/* The summary for a person, several translated lines, intermittent causes
 * named as such ("1 of 5 rounds … MaxOutstandingConnections"). */
char               *rd_watch_summary_to_text     (const RdWatch  *self);
/* {"rounds","failures","errors","longest_outage_ms","causes":[{"id",
 *  "severity","rounds","failures","intermittent","family","explanation"}]} */
JsonNode           *rd_watch_summary_to_json     (const RdWatch  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdWatch, rd_watch_free)

G_END_DECLS
