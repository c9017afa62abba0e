/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-cause.h"
#include "rd-details.h"
#include "rd-finding.h"
#include "rd-negotiation.h"
#include "rd-tls.h"

G_BEGIN_DECLS

/*
 * What the checks measured, typed: read once from the findings' evidence
 * (the same for a report just made and one opened from a file), for
 * everything the wizard shows. A front end reads these and never the
 * evidence JSON. Where a fact is a judgement (a certificate too weak, a
 * name that does not match it) it is the diagnosis' cause, not a second
 * opinion.
 */

/* The host's certificate, as the TLS check saw it. */
typedef struct
{
  char          *subject;
  char          *common_name;         /* "" when it has none */
  char          *issuer;
  char         **san_dns;             /* NULL-terminated; maybe empty */
  char         **san_ip;
  GDateTime     *not_before;          /* (nullable): the certificate gives none */
  GDateTime     *not_after;           /* (nullable) */
  /* By this computer's clock when the checks ran. */
  RdCertValidity validity;
  gint64         days_left;           /* until not_after; < 0 once expired; G_MAXINT64 without one */
  gboolean       self_signed;
  gboolean       name_mismatch;       /* the diagnosis named tls-cert-name-mismatch */
  gboolean       weak;                /* a short key or an outdated signature */
  char          *key_type;            /* "RSA", "EC", ...; NULL when unknown */
  guint          key_bits;            /* 0 when unknown */
  char          *signature_algorithm; /* "sha256WithRSAEncryption"; NULL when unknown */
  char          *sha256;              /* the fingerprint, "AB:CD:..."; NULL when unknown */
} RdCertificateFacts;

/* The security the host agreed on, from the protocol it selected. */
typedef enum
{
  RD_SECURITY_NONE,       /* it agreed on nothing */
  RD_SECURITY_RDP,        /* old Remote Desktop security, no TLS */
  RD_SECURITY_TLS,        /* TLS, sign-in on the desktop */
  RD_SECURITY_NLA,        /* TLS and Network Level Authentication (HYBRID) */
  RD_SECURITY_NLA_EX,     /* the same with an early user check (HYBRID_EX) */
} RdSecurity;

/* The negotiation's answer to what a modern client asks for, and what the
 * single-protocol probes learnt. */
typedef struct
{
  RdNegOutcome outcome;
  RdSecurity   security;
  char        *selected_protocol;     /* as the host named it ("HYBRID"); NULL unless it agreed */
  char        *failure;               /* the RDP_NEG_FAILURE's name; NULL unless it refused */
  guint        failure_code;          /* 0 unless it refused */
  gboolean     nla_required;
  gboolean     tls_only_accepted;
  gboolean     standard_rdp_accepted;
  gint64       answer_ms;             /* -1 without an answer */
} RdNegotiationFacts;

typedef enum
{
  RD_PORT_OPEN,
  RD_PORT_FILTERED,       /* no answer, or an ICMP error: something drops it */
  RD_PORT_REFUSED,        /* the computer answers, nothing listens */
  RD_PORT_UNKNOWN,        /* not tried, or stopped */
} RdPortState;

typedef enum
{
  RD_TRANSPORT_TCP,
  RD_TRANSPORT_UDP,
} RdTransport;

/* One port the checks tried. */
typedef struct
{
  guint16      port;
  RdTransport  transport;
  RdPortState  state;
  char        *service;               /* the check's label: "rdp", "https", ... */
  char        *service_name;          /* for a person: "Remote Desktop" (translated) */
  gboolean     remote_desktop;        /* one of Remote Desktop's own ports */
} RdPortFacts;

/* What the name led to. */
typedef struct
{
  char  *name;
  char **addresses;                   /* NULL-terminated; maybe empty */
  char **resolvers;                   /* the name servers asked */
} RdDnsFacts;

typedef enum
{
  RD_ADDRESS_CONNECTED,
  RD_ADDRESS_REFUSED,                 /* RST */
  RD_ADDRESS_FILTERED,                /* no answer before the deadline */
  RD_ADDRESS_UNREACHABLE,             /* ICMP unreachable */
  RD_ADDRESS_FAILED,                  /* another error, or stopped: see state_name */
} RdAddressState;

/* One address the connection check tried. */
typedef struct
{
  char           *address;
  GSocketFamily   family;             /* G_SOCKET_FAMILY_IPV4 or _IPV6 */
  RdAddressState  state;
  char           *state_name;         /* the check's word: "connected", "error", ... */
  gint64          rtt_us;             /* the quickest connect; -1 without one */
} RdAddressFacts;

/* A TLS handshake with a clamped segment size, from the MTU check. */
typedef struct
{
  guint     mss;
  gboolean  completed;
  char     *outcome;                  /* the check's word: "ok", "timeout", ... */
  gint64    handshake_ms;
} RdClampedHandshake;

typedef struct
{
  char      *interface;               /* toward the computer; NULL when unknown */
  guint      interface_mtu;           /* its MTU now (the local check's; 1500 when it has none) */
  guint      route_mtu;               /* 0 when unknown */
  guint      path_mtu;                /* 0 when not measured */
  GPtrArray *clamped;                 /* (element-type RdClampedHandshake) */
  guint      largest_working_mss;     /* 0 when none completed */
  guint      suggested_mtu;           /* what to lower interface_mtu to (1400 when the check gave none) */
  gboolean   blackhole;               /* the diagnosis named mtu-blackhole */
} RdMtuFacts;

typedef struct
{
  char      *name;
  char      *kind;                    /* "ethernet", "wifi", "loopback", "vpn", ... */
  gboolean   up;
  guint      mtu;                     /* 0 when unknown */
  char     **addresses;               /* "192.0.2.2/24", ... */
  gboolean   vpn;
} RdInterfaceFacts;

/* This computer's own network, from the local check. */
typedef struct
{
  GPtrArray *interfaces;              /* (element-type RdInterfaceFacts) */
  gboolean   vpn_active;              /* a VPN interface is up */
  gboolean   default_route_via_vpn;
  char      *gateway;                 /* the default route's router; NULL without one */
  char      *gateway_interface;
  gboolean   gateway_probed;
  gboolean   gateway_reachable;       /* only when gateway_probed */
  gint64     gateway_rtt_us;          /* -1 when it did not answer */
  char     **dns_servers;
  gboolean   network_available;
  char      *connectivity;            /* NetworkManager's word, or NULL */
} RdLocalFacts;

typedef struct
{
  guint     samples;
  guint     lost;
  guint     retransmitted;
  double    connect_median_ms;
  double    jitter_ms;
  double    rtt_ms;
  double    answer_ms;                /* < 0 when unknown */
  double    gateway_rtt_ms;           /* < 0 when unknown */
  gboolean  high;                     /* the diagnosis named high-latency */
} RdLatencyFacts;

/* The handshake, phase by phase, as the timeline draws it. */
typedef enum
{
  RD_PHASE_TCP,
  RD_PHASE_NEGOTIATE,
  RD_PHASE_TLS,
  RD_PHASE_NLA,
} RdPhase;

/* How a phase ended. */
typedef enum
{
  RD_PHASE_PASSED,
  RD_PHASE_RESET,                     /* the computer reset the connection */
  RD_PHASE_CLOSED,                    /* the computer closed it */
  RD_PHASE_NO_ANSWER,
  RD_PHASE_REFUSED,                   /* RST to the SYN */
  RD_PHASE_UNREACHABLE,               /* ICMP unreachable */
  RD_PHASE_ALERT,                     /* a TLS alert from the computer */
  RD_PHASE_SECURITY_REFUSED,          /* RDP_NEG_FAILURE */
  RD_PHASE_UNEXPECTED,                /* an answer that is not what the protocol says */
  RD_PHASE_OTHER,                     /* see the step's outcome */
} RdPhaseEnd;

typedef struct
{
  gboolean  to_host;                  /* sent by this computer */
  char     *text;                     /* technical, untranslated: "TCP SYN" */
} RdTimelineMessage;

typedef struct
{
  RdPhase     phase;
  GPtrArray  *messages;               /* (element-type RdTimelineMessage) */
  RdPhaseEnd  end;
  char       *outcome;                /* the check's word for how it ended */
  gint64      ms;                     /* when it failed: how long it took */
} RdTimelineStep;

typedef struct _RdFacts RdFacts;

/* Everything at once, for a report (rd_report_get_facts() keeps it). */
RdFacts                   *rd_facts_new                 (GPtrArray      *findings,
                                                         GPtrArray      *causes,
                                                         GDateTime      *checked_at);
void                       rd_facts_free                (RdFacts        *self);

/* (nullable): NULL when the check did not run or found nothing to say. */
const RdCertificateFacts  *rd_facts_get_certificate     (const RdFacts  *self);
const RdNegotiationFacts  *rd_facts_get_negotiation     (const RdFacts  *self);
const RdDnsFacts          *rd_facts_get_dns             (const RdFacts  *self);
const RdMtuFacts          *rd_facts_get_mtu             (const RdFacts  *self);
const RdLocalFacts        *rd_facts_get_local           (const RdFacts  *self);
const RdLatencyFacts      *rd_facts_get_latency         (const RdFacts  *self);
/* (element-type RdPortFacts): the Remote Desktop port first, its UDP right
 * after it, then the others the ports check tried; maybe empty. */
GPtrArray                 *rd_facts_get_ports           (const RdFacts  *self);
/* (element-type RdAddressFacts): each address the connection check tried. */
GPtrArray                 *rd_facts_get_addresses       (const RdFacts  *self);
/* (nullable): the first address a connection went through. */
const char                *rd_facts_get_working_address (const RdFacts  *self);
/* (nullable): the first IPv4 address a connection went through. */
const char                *rd_facts_get_working_ipv4    (const RdFacts  *self);
/* (element-type RdTimelineStep) */
GPtrArray                 *rd_facts_get_timeline        (const RdFacts  *self);
/* (element-type RdFindingDetails): every finding's, in the report's order. */
GPtrArray                 *rd_facts_get_details         (const RdFacts  *self);

/* The timeline of findings so far (any order, some missing), while the
 * checks run: (transfer full) (element-type RdTimelineStep). */
GPtrArray                 *rd_timeline_steps_new        (GPtrArray      *findings);
/* "tcp", "negotiate", "tls" or "nla": the check each phase comes from. */
const char                *rd_phase_to_string           (RdPhase         phase);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdFacts, rd_facts_free)

G_END_DECLS
