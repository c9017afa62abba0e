/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-finding.h"
#include "rd-target.h"

G_BEGIN_DECLS

#define RD_CHECK_MAX_DEPS 5

/**
 * RdCheckContext:
 *
 * What a check gets when it runs in its worker thread: the target, the
 * per-phase timeout, the one cancellable, and the findings of the checks it
 * depends on (all finished before it starts).
 */
typedef struct
{
  RdTarget     *target;
  guint         timeout_ms;
  guint32       requested_protocols;  /* what negotiation asks for first */
  gboolean      tls_legacy;           /* TLS as a client set to security level 0 */
  GCancellable *cancellable;
  GHashTable   *deps;      /* check id -> RdFinding */
} RdCheckContext;

/* Runs in a worker thread; blocking is fine, but every wait must be bounded
 * by ctx->timeout_ms and stop when ctx->cancellable is cancelled. Returns a
 * new finding (never NULL). */
typedef RdFinding *(*RdCheckFunc) (RdCheckContext *ctx);

typedef struct
{
  const char  *id;
  const char  *title;                      /* N_() */
  const char  *deps[RD_CHECK_MAX_DEPS];    /* NULL-terminated */
  RdCheckFunc  run;
  /* Whether the check has anything to measure for a target; NULL: always. */
  gboolean   (*applies) (const RdTarget *target);
} RdCheckInfo;

const RdCheckInfo *rd_checks_get_all   (guint       *n_checks);
const RdCheckInfo *rd_checks_lookup    (const char  *id);

RdFinding *rd_check_context_get_dep (RdCheckContext *ctx,
                                     const char     *id);
/* TRUE if @info measures something for @target (most checks always do). */
gboolean   rd_check_applies         (const RdCheckInfo *info,
                                     const RdTarget    *target);

/* The checks; each in core/checks/. */
RdFinding *rd_check_local     (RdCheckContext *ctx);
RdFinding *rd_check_dns       (RdCheckContext *ctx);
RdFinding *rd_check_tcp       (RdCheckContext *ctx);
RdFinding *rd_check_negotiate (RdCheckContext *ctx);
RdFinding *rd_check_tls       (RdCheckContext *ctx);
RdFinding *rd_check_nla       (RdCheckContext *ctx);
RdFinding *rd_check_clock     (RdCheckContext *ctx);
RdFinding *rd_check_ports     (RdCheckContext *ctx);
RdFinding *rd_check_latency   (RdCheckContext *ctx);
RdFinding *rd_check_mtu       (RdCheckContext *ctx);
RdFinding *rd_check_udp       (RdCheckContext *ctx);
RdFinding *rd_check_rdgateway (RdCheckContext *ctx);
RdFinding *rd_check_client    (RdCheckContext *ctx);
gboolean   rd_check_rdgateway_applies (const RdTarget *target);

G_END_DECLS
