/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * FreeRDP 2's certificate memory, known_hosts2: one line per computer the
 * person accepted a certificate of,
 *
 *   HOST PORT FINGERPRINT SUBJECT-BASE64 ISSUER-BASE64
 *
 * fields split at one space or tab, lines at each CR or LF, lines whose
 * first visible character is '#' ignored; FINGERPRINT is the SHA-256 of
 * the certificate as lowercase hex pairs joined by ':' (older files may
 * hold SHA-1). HOST is the connection's name in lowercase, or the
 * certificate name the client set (Remmina: "host:port" off port 3389).
 */

/* Larger files are not read: FreeRDP writes about 300 bytes a computer. */
#define RD_KNOWN_HOSTS_MAX_SIZE (1024 * 1024)

typedef struct
{
  char    *host;
  guint16  port;
  char    *fingerprint;
  /* Where the line starts and where its line break ends, in the data. */
  gsize    start;
  gsize    end;
} RdKnownHost;

void         rd_known_host_free                 (RdKnownHost  *entry);

/* Every well-formed entry of @data, in file order. Never fails: a line it
 * does not understand is left out, as FreeRDP does. */
GPtrArray   *rd_known_hosts_parse               (const guint8 *data,
                                                 gsize         length);

/* The first entry for @host and @port, as FreeRDP uses it: keyed by @host
 * in lowercase, or by "host:port" as Remmina 1.4 has FreeRDP write it for
 * a port other than 3389; NULL when there is none. */
const RdKnownHost *rd_known_hosts_find          (GPtrArray    *entries,
                                                 const char   *host,
                                                 guint16       port);

/* Whether two fingerprints name the same certificate: hex digits compared
 * without regard to case, ':' ignored; %FALSE when either is no
 * fingerprint at all or they are of different hashes. */
gboolean     rd_known_hosts_same_fingerprint    (const char   *a,
                                                 const char   *b);

/* @data without every line rd_known_hosts_find() would match for @host and
 * @port (and their line breaks),
 * everything else byte for byte; @removed counts the lines taken out. */
GBytes      *rd_known_hosts_without             (const guint8 *data,
                                                 gsize         length,
                                                 const char   *host,
                                                 guint16       port,
                                                 guint        *removed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdKnownHost, rd_known_host_free)

G_END_DECLS
