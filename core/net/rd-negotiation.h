/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rd-x224.h"

G_BEGIN_DECLS

/*
 * One RDP security negotiation over TCP: connect (or use a connection already
 * open), send an X.224 Connection Request, read and classify the Connection
 * Confirm. Blocking, bounded by the deadline; for worker threads.
 */

typedef enum
{
  RD_NEG_OUTCOME_RESPONSE,
  RD_NEG_OUTCOME_FAILURE,
  RD_NEG_OUTCOME_LEGACY,
  RD_NEG_OUTCOME_CLOSED,      /* clean close, not a byte sent */
  RD_NEG_OUTCOME_RESET,
  RD_NEG_OUTCOME_TIMEOUT,     /* no answer (or a partial one) before the deadline */
  RD_NEG_OUTCOME_TRUNCATED,   /* close in the middle of a confirm */
  RD_NEG_OUTCOME_NOT_RDP,     /* bytes that are not a Connection Confirm */
  RD_NEG_OUTCOME_CONNECT,     /* could not even connect */
  RD_NEG_OUTCOME_CANCELLED,
} RdNegOutcome;

/* What a modern client asks for: TLS, NLA (CredSSP) and NLA with early
 * user authorization. */
#define RD_PROTOCOLS_CLIENT_DEFAULT (RD_PROTOCOL_SSL | RD_PROTOCOL_HYBRID | RD_PROTOCOL_HYBRID_EX)

typedef struct
{
  /* in */
  guint32             requested;
  GInetSocketAddress *address;
  int                 fd;          /* an open connection to use, or -1 */
  int                 mss;         /* TCP_MAXSEG for a new connection, 0 = default */
  gint64              resend_after_us; /* see rd_net_connect_resending(); 0 = never */
  /* On a connection of its own: no answer this long after the request
   * (lost on the way, e.g. by a proxy that lost its own connection to the
   * host) starts over once on a new connection; 0 = never. */
  gint64              answer_resend_after_us;
  gint64              deadline;
  GCancellable       *cancellable;
  /* out */
  RdNegOutcome        outcome;
  RdConfirm           confirm;
  guint8              answer[64];
  gsize               answer_length;
  gint64              answer_ms;
  char               *detail;
} RdNegProbe;

void        rd_neg_probe_run          (RdNegProbe       *probe);
/* Closes the connection unless the caller took it (set fd to -1). */
void        rd_neg_probe_clear        (RdNegProbe       *probe);
gboolean    rd_neg_probe_answered     (const RdNegProbe *probe);
/* TRUE when the host agreed on TLS (or TLS with NLA) on this connection. */
gboolean    rd_neg_probe_selected_tls (const RdNegProbe *probe);
JsonObject *rd_neg_probe_to_json      (const RdNegProbe *probe);
const char *rd_neg_outcome_to_string  (RdNegOutcome      outcome);
/* FALSE for text that is no outcome (a damaged or foreign report). */
gboolean    rd_neg_outcome_from_string (const char      *text,
                                        RdNegOutcome    *outcome);

G_END_DECLS
