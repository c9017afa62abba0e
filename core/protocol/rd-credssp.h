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

GQuark      rd_credssp_error_quark      (void);

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
