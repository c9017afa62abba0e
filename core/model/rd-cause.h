/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

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

/* Where in the seed's checklist a cause belongs, in the order a person
 * walks it: the network at home, the Remote Desktop Gateway (when the
 * connection goes through one), the name or address, the firewall, the
 * security handshake, how the packets travel. Each area is one step of the
 * wizard; RD_AREA_NONE causes are told on the result page only. */
typedef enum
{
  RD_AREA_NONE,
  RD_AREA_HOME_NETWORK,
  RD_AREA_ADDRESS,
  RD_AREA_FIREWALL,
  RD_AREA_SECURITY,
  RD_AREA_TRANSPORT,
  RD_AREA_RDGATEWAY,
} RdArea;

/**
 * RdCauseId:
 *
 * The causes the diagnosis can name. Their strings are the stable ids of the
 * report, the tests and the documentation (ARCHITECTURE.md); this enum and
 * the table in rd-cause.c are the only place they are spelled out.
 * %RD_CAUSE_OTHER stands for an id this version does not know (a report
 * saved by a newer one); the cause keeps its name.
 */
typedef enum
{
  RD_CAUSE_OTHER,
  RD_CAUSE_LOCAL_NETWORK_DOWN,
  RD_CAUSE_GATEWAY_UNREACHABLE,
  RD_CAUSE_DNS_RESOLUTION_FAILED,
  RD_CAUSE_DNS_MISMATCH,
  RD_CAUSE_IPV6_PATH_BROKEN,
  RD_CAUSE_HOST_UNREACHABLE,
  RD_CAUSE_PORT_FILTERED,
  RD_CAUSE_PORT_REFUSED,
  RD_CAUSE_LISTENER_DROPS_CONNECTIONS,
  RD_CAUSE_NOT_RDP,
  RD_CAUSE_HANDSHAKE_TIMEOUT,
  RD_CAUSE_NEGOTIATION_SSL_REQUIRED,
  RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED,
  RD_CAUSE_NEGOTIATION_CERT_MISSING,
  RD_CAUSE_NEGOTIATION_HYBRID_REQUIRED,
  RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED,
  RD_CAUSE_TLS_HANDSHAKE_TERMINATED,
  RD_CAUSE_TLS_PROTOCOL_MISMATCH,
  RD_CAUSE_TLS_CERT_EXPIRED,
  RD_CAUSE_TLS_CERT_NOT_YET_VALID,
  RD_CAUSE_TLS_CERT_NAME_MISMATCH,
  RD_CAUSE_TLS_CERT_SELF_SIGNED,
  RD_CAUSE_TLS_CERT_WEAK,
  RD_CAUSE_NLA_FAILED,
  RD_CAUSE_NLA_NTLM_REFUSED,
  RD_CAUSE_CREDSSP_OUTDATED,
  RD_CAUSE_CLOCK_SKEW,
  RD_CAUSE_UDP_BLOCKED,
  RD_CAUSE_MTU_BLACKHOLE,
  RD_CAUSE_HIGH_LATENCY,
  RD_CAUSE_VPN_PATH,
  RD_CAUSE_HANDSHAKE_INTERMITTENT,
  RD_CAUSE_SERVER_SLOW,
  RD_CAUSE_TLS_CLIENT_POLICY_STRICTER,
  RD_CAUSE_RDGATEWAY_RESOLUTION_FAILED,
  RD_CAUSE_RDGATEWAY_PORT_CLOSED,
  RD_CAUSE_RDGATEWAY_TLS_FAILED,
  RD_CAUSE_RDGATEWAY_CERT_EXPIRED,
  RD_CAUSE_RDGATEWAY_CERT_NAME_MISMATCH,
  RD_CAUSE_RDGATEWAY_CERT_SELF_SIGNED,
  RD_CAUSE_RDGATEWAY_HTTP_DISABLED,
  RD_CAUSE_RDGATEWAY_REFUSED,
  RD_CAUSE_RDGATEWAY_NOT_A_GATEWAY,
  RD_CAUSE_RDGATEWAY_KERBEROS_ONLY,
  RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE,
  RD_N_CAUSES
} RdCauseId;

typedef struct
{
  RdCauseId   id;
  const char *name;       /* the stable id, "port-filtered" */
  RdSeverity  severity;   /* what a rule names it with unless it knows better */
  RdSide      side;       /* where the fix mostly lives */
  RdArea      area;
} RdCauseInfo;

/* The row of @id; NULL for RD_CAUSE_OTHER and out-of-range values. */
const RdCauseInfo *rd_cause_info            (RdCauseId   id);
const char        *rd_cause_id_to_string    (RdCauseId   id);

typedef struct
{
  char *shell;            /* "powershell", "cmd", "sh", ... */
  char *text;
} RdCommand;

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

/**
 * RdCause:
 *
 * A named reason for the failure and its remedies. @name is the stable id
 * as text (from the table, or as a saved report spelled it).
 */
typedef struct
{
  RdCauseId   id;
  char       *name;
  RdSeverity  severity;
  double      confidence; /* 0..1 */
  char       *title;
  char       *explanation;
  GPtrArray  *remedies;   /* RdRemedy* */
} RdCause;

RdCause    *rd_cause_new              (RdCauseId   id,
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

/* RD_AREA_NONE for RD_CAUSE_OTHER. */
RdArea      rd_cause_get_area         (const RdCause *cause);

/* The first cause of @causes (RdCause*) that is @id, or NULL. */
RdCause    *rd_causes_find            (GPtrArray  *causes,
                                       RdCauseId   id);

JsonNode   *rd_cause_to_json          (const RdCause  *cause);
RdCause    *rd_cause_new_from_json    (JsonNode       *node,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCause, rd_cause_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRemedy, rd_remedy_free)

G_END_DECLS
