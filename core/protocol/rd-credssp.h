/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_CREDSSP_ERROR (rd_credssp_error_quark ())

typedef enum
{
  RD_CREDSSP_ERROR_INVALID,    /* not DER, or not a TSRequest */
  RD_CREDSSP_ERROR_TRUNCATED,  /* a length runs past the end of the data */
} RdCredsspError;

/* MS-CSSP 2.2.1 TSRequest, as far as a probe without credentials cares. */
typedef struct
{
  guint32       version;
  const guint8 *nego_token;         /* first negoToken, into the caller's buffer, or NULL */
  gsize         nego_token_length;
  gboolean      has_error_code;
  guint32       error_code;         /* an NTSTATUS, e.g. 0xC000006D */
  gboolean      has_pub_key_auth;
} RdTsRequest;

/* MS-CSSP 2.2.1 version: 5 is the first with the fix for CVE-2018-0886
 * (the client's nonce and a hashed public key). Clients updated since May
 * 2018 (Windows' default policy "Mitigated") refuse a server below it. */
#define RD_CREDSSP_VERSION_MIN          2
#define RD_CREDSSP_VERSION_ORACLE_FIXED 5

/* What an errorCode the server sent instead of an answer to our NTLM
 * NEGOTIATE says about it. */
typedef enum
{
  RD_CREDSSP_STATUS_OTHER,            /* says nothing about NTLM */
  RD_CREDSSP_STATUS_PACKAGE_REFUSED,  /* NTLM (the package) is not accepted */
  RD_CREDSSP_STATUS_LOGON_REFUSED,    /* the sign-in itself is refused */
} RdCredsspStatusKind;

GQuark      rd_credssp_error_quark      (void);

/* TRUE for a valid version from before the CVE-2018-0886 fix (2, 3, 4). */
gboolean    rd_credssp_version_outdated (guint32       version);

/* The name of an NTSTATUS (or SECURITY_STATUS) a CredSSP server may send
 * as errorCode, e.g. "STATUS_NTLM_BLOCKED", or NULL when unknown; @kind
 * (optional) tells what the code says about NTLM. */
const char *rd_credssp_status_lookup    (guint32              code,
                                         RdCredsspStatusKind *kind);

/* A DER TSRequest holding @version and, unless @nego_token is NULL, one
 * NegoData entry with it. */
GByteArray *rd_credssp_build_ts_request (guint32       version,
                                         const guint8 *nego_token,
                                         gsize         nego_token_length);

/* Parses one TSRequest starting at @data; bytes after it are ignored. */
gboolean    rd_credssp_parse_ts_request (const guint8 *data,
                                         gsize         length,
                                         RdTsRequest  *request,
                                         GError      **error);

/* For framing on the TLS stream: the size of the DER SEQUENCE starting at
 * @data once its header has arrived, 0 while more bytes are needed to know,
 * -1 when it is not a SEQUENCE, its length is indefinite or invalid, or the
 * whole would exceed @max. */
gssize      rd_credssp_message_length   (const guint8 *data,
                                         gsize         length,
                                         gsize         max);

G_END_DECLS
