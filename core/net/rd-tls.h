/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef enum
{
  RD_TLS_OK,
  RD_TLS_ALERT_RECEIVED,   /* the host sent a TLS alert */
  RD_TLS_ALERT_SENT,       /* we gave up and told the host why */
  RD_TLS_RESET,            /* connection reset during the handshake */
  RD_TLS_CLOSED,           /* clean close during the handshake */
  RD_TLS_TIMEOUT,
  RD_TLS_ERROR,            /* anything else OpenSSL refused */
  RD_TLS_CANCELLED,
} RdTlsOutcome;

/*
 * One TLS handshake as a client on an already connected socket, with every
 * handshake message and alert recorded so the report can say after which
 * message the host gave up. Blocking, bounded by the deadline.
 */
typedef struct
{
  /* in */
  gboolean      legacy;      /* security level 0 and TLS 1.0 allowed: diagnosis only */
  const char   *server_name; /* SNI, NULL for an address */
  gint64        deadline;
  GCancellable *cancellable;
  /* out */
  RdTlsOutcome  outcome;
  char         *version;
  char         *cipher;
  int           alert_code;
  GPtrArray    *messages;    /* char*, "> ClientHello", "< ServerHello", ... */
  char         *error;
  gint64        handshake_ms;
  int           security_level; /* OpenSSL's, as the handshake ran */
  X509         *certificate; /* the host's, when it sent one */
  GPtrArray    *chain;       /* X509*, as sent */
  SSL          *ssl;         /* on RD_TLS_OK: ready for application data */
} RdTlsHandshake;

void        rd_tls_handshake_run       (RdTlsHandshake       *handshake,
                                        int                   fd);
void        rd_tls_handshake_clear     (RdTlsHandshake       *handshake);
JsonObject *rd_tls_handshake_to_json   (const RdTlsHandshake *handshake);
const char *rd_tls_outcome_to_string   (RdTlsOutcome          outcome);
/* FALSE for text that is no outcome (a damaged or foreign report). */
gboolean    rd_tls_outcome_from_string (const char           *text,
                                        RdTlsOutcome         *outcome);
/* "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" → 10, 11, 12, 13; 0 when unknown. */
int         rd_tls_version_number      (const char           *version);

JsonObject *rd_tls_certificate_to_json (X509                 *certificate);

typedef enum
{
  RD_CERT_VALID,
  RD_CERT_EXPIRED,
  RD_CERT_NOT_YET_VALID,
} RdCertValidity;

/* A certificate as rd_tls_certificate_to_json() wrote it, at @when (Unix
 * seconds); a date it does not give does not limit it. */
RdCertValidity rd_tls_certificate_validity (JsonObject        *certificate,
                                            gint64             when);

/* A key under 2048 bits (RSA, DSA; EC under 224) or a SHA-1 or MD5
 * signature, in a certificate as rd_tls_certificate_to_json() wrote it. */
gboolean    rd_tls_certificate_is_weak (JsonObject        *certificate);

/* How a handshake went, as evidence: "accepted: TLS 1.0,
 * sha1WithRSAEncryption, RSA 1024", "refused (legacy sigalg disallowed
 * or unsupported)", "no answer in time" or "stopped". */
char       *rd_tls_handshake_describe  (const RdTlsHandshake *handshake);

/* Sends and receives whole buffers over an established TLS connection. */
gboolean    rd_tls_write_all           (SSL                  *ssl,
                                        int                   fd,
                                        const guint8         *data,
                                        gsize                 length,
                                        gint64                deadline,
                                        GCancellable         *cancellable,
                                        GError              **error);
gssize      rd_tls_read                (SSL                  *ssl,
                                        int                   fd,
                                        guint8               *buffer,
                                        gsize                 size,
                                        gint64                deadline,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_END_DECLS
