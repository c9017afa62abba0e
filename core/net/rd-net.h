/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include "rd-finding.h"

G_BEGIN_DECLS

/*
 * Blocking socket helpers for checks running in worker threads. Every wait is
 * a poll() on the socket and on the cancellable's fd, bounded by a deadline in
 * g_get_monotonic_time() microseconds. Timeouts fail with G_IO_ERROR_TIMED_OUT,
 * cancellation with G_IO_ERROR_CANCELLED.
 */

typedef enum
{
  RD_CONNECT_OK,
  RD_CONNECT_REFUSED,       /* RST: nothing listens, or a firewall rejects */
  RD_CONNECT_TIMEOUT,       /* no answer at all: dropped by a firewall */
  RD_CONNECT_UNREACHABLE,   /* ICMP unreachable, or no route */
  RD_CONNECT_ERROR,         /* anything else (errno kept) */
  RD_CONNECT_CANCELLED,
} RdConnectState;

typedef struct
{
  GInetSocketAddress *address;   /* in */
  int                 mss;       /* in: TCP_MAXSEG before connect, 0 = default */
  RdConnectState      state;     /* out */
  int                 fd;        /* out: connected socket when OK, else -1 */
  int                 error;     /* out: errno when not OK */
  gint64              rtt_us;    /* out: connect time when OK */
} RdConnectAttempt;

gint64      rd_deadline_in_ms         (guint             ms);
gint64      rd_ms_since               (gint64            start_us);

/* Connects to every address at once; returns when each has an outcome or the
 * deadline passed (those still pending become RD_CONNECT_TIMEOUT). */
void        rd_net_connect_many       (RdConnectAttempt *attempts,
                                       guint             n_attempts,
                                       gint64            deadline,
                                       GCancellable     *cancellable);

/* A SYN the host has not answered within a few of its round trips (and at
 * least RD_NET_RESEND_MIN_MS) was lost: a listener with a short backlog
 * (xrdp's is 2) drops one while our other checks connect, and the kernel
 * would send it again only a second later. 0 when @rtt_us is unknown (< 0). */
#define RD_NET_RESEND_RTTS 4
#define RD_NET_RESEND_MIN_MS 200
gint64      rd_net_resend_after_us    (gint64            rtt_us);

/* One connect as rd_net_connect_many() makes it, but when the SYN is still
 * unanswered after @resend_after_us (0: never), the attempt starts over at
 * once on a new socket (once), still bounded by @deadline. */
void        rd_net_connect_resending  (RdConnectAttempt *attempt,
                                       gint64            resend_after_us,
                                       gint64            deadline,
                                       GCancellable     *cancellable);

/* Opens a non-blocking, close-on-exec socket of @type (SOCK_STREAM or
 * SOCK_DGRAM) in @address's family, and gives @address in the form
 * connect() takes. Returns the descriptor, or -1 with errno set
 * (EAFNOSUPPORT when @address has no such form). */
int         rd_net_socket_for         (GSocketAddress          *address,
                                       int                      type,
                                       int                      protocol,
                                       struct sockaddr_storage *native,
                                       socklen_t               *native_length);

gboolean    rd_net_wait               (int               fd,
                                       short             events,
                                       gint64            deadline,
                                       GCancellable     *cancellable,
                                       GError          **error);
gboolean    rd_net_send_all           (int               fd,
                                       const guint8     *data,
                                       gsize             length,
                                       gint64            deadline,
                                       GCancellable     *cancellable,
                                       GError          **error);
/* Returns bytes read, 0 at end of stream, -1 with @error set. */
gssize      rd_net_recv               (int               fd,
                                       guint8           *buffer,
                                       gsize             size,
                                       gint64            deadline,
                                       GCancellable     *cancellable,
                                       GError          **error);

/* A connection handed from one check to the next. */
typedef struct _RdConnection RdConnection;

struct _RdConnection
{
  int  fd;
  SSL *ssl;      /* set once TLS is up on it */
};

RdConnection *rd_connection_new  (int           fd);
void          rd_connection_free (RdConnection *connection);
/* Leaves @connection (transfer full, nullable) in @finding for the next check. */
void          rd_finding_set_connection   (RdFinding    *finding,
                                           RdConnection *connection);
/* (transfer full) (nullable): what the check left, or NULL. */
RdConnection *rd_finding_steal_connection (RdFinding    *finding);

const char *rd_connect_state_to_string (RdConnectState   state);
char       *rd_inet_address_to_string  (GInetSocketAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdConnection, rd_connection_free)

G_END_DECLS
