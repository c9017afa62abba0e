/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rd-finding.h"
#include "rd-target.h"

G_BEGIN_DECLS

typedef enum
{
  RD_SEVERITY_ERROR,
  RD_SEVERITY_WARNING,
  RD_SEVERITY_INFO,
} RdSeverity;

typedef enum
{
  RD_SIDE_CLIENT,
  RD_SIDE_HOST,
  RD_SIDE_NETWORK,
} RdSide;

/**
 * RdRemedy:
 *
 * One fix: who does it (side), a title and steps a person can follow, and the
 * exact commands keyed by shell ("powershell", "cmd", "reg", "sh", "undo"...).
 */
typedef struct
{
  char       *id;
  RdSide      side;
  char       *title;
  GPtrArray  *steps;      /* char* */
  GPtrArray  *commands;   /* RdCommand* in order */
  gboolean    lowers_security;
  /* What the app itself can do for it, or NULL: "profile" (write a fixed
   * connection profile), "mtu" (lower this computer's MTU), "wait-network"
   * (wait for the router to come back, then test again). */
  char       *action;
} RdRemedy;

typedef struct
{
  char *shell;            /* "powershell", "cmd", "sh", ... */
  char *text;
} RdCommand;

/**
 * RdCause:
 *
 * A named reason for the failure, with a stable id, and its remedies.
 */
typedef struct
{
  char       *id;
  RdSeverity  severity;
  double      confidence; /* 0..1 */
  char       *title;
  char       *explanation;
  GPtrArray  *remedies;   /* RdRemedy* */
} RdCause;

RdCause    *rd_cause_new              (const char *id,
                                       RdSeverity  severity,
                                       double      confidence);
void        rd_cause_free             (RdCause    *cause);
RdRemedy   *rd_remedy_new             (const char *id,
                                       RdSide      side,
                                       const char *title);
void        rd_remedy_free            (RdRemedy   *remedy);
void        rd_remedy_add_step        (RdRemedy   *remedy,
                                       const char *step);
void        rd_remedy_add_command     (RdRemedy   *remedy,
                                       const char *shell,
                                       const char *text);

const char *rd_severity_to_string     (RdSeverity  severity);
gboolean    rd_severity_from_string   (const char *text,
                                       RdSeverity *severity);
const char *rd_side_to_string         (RdSide      side);
gboolean    rd_side_from_string       (const char *text,
                                       RdSide     *side);

/* Turns findings into causes, most likely first. Returns RdCause*. */
GPtrArray  *rd_diagnose               (const RdTarget *target,
                                       GPtrArray      *findings);

JsonNode   *rd_cause_to_json          (const RdCause  *cause);
RdCause    *rd_cause_new_from_json    (JsonNode       *node,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCause, rd_cause_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRemedy, rd_remedy_free)

G_END_DECLS
