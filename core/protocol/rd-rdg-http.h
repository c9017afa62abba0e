/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The start of the HTTP transport of a Remote Desktop Gateway (MS-TSGU
 * 2.2.3.1.2, 4.2.1): the RDG_OUT_DATA request that opens the OUT channel,
 * and the head of the gateway's answer, which is a 401 listing the
 * authentication schemes (WWW-Authenticate) when the gateway works. A client
 * parser for this one answer, bounded in every way: it never reads a body
 * and never trusts a length.
 */

/* Heads larger than this are not a gateway's 401 (a few hundred bytes). */
#define RD_RDG_HTTP_MAX_HEAD (16 * 1024)
#define RD_RDG_HTTP_MAX_HEADERS 64
#define RD_RDG_HTTP_MAX_SCHEMES 16
/* An NTLM CHALLENGE is a few hundred bytes; its base64 no more than this. */
#define RD_RDG_HTTP_MAX_TOKEN 8192

#define RD_RDG_HTTP_PATH "/remoteDesktopGateway/"
/* The RPC over HTTP proxy, and the endpoint a gateway's clients name there. */
#define RD_RDG_HTTP_RPC_PATH "/rpc/rpcproxy.dll?localhost:3388"

typedef enum
{
  RD_RDG_HTTP_PARSE_OK,          /* a whole head */
  RD_RDG_HTTP_PARSE_INCOMPLETE,  /* so far so good: more bytes needed */
  RD_RDG_HTTP_PARSE_NOT_HTTP,    /* does not start as an HTTP response */
  RD_RDG_HTTP_PARSE_INVALID,     /* starts as HTTP, then breaks its rules or the limits */
} RdRdgHttpParse;

typedef struct
{
  guint       status;          /* 100..599 */
  char       *version;         /* "HTTP/1.1" */
  char       *reason;          /* as sent, made valid UTF-8 */
  char       *server;          /* the Server header, or NULL */
  GPtrArray  *schemes;         /* char*: the WWW-Authenticate schemes, in order, once each */
  char       *ntlm_token;      /* the base64 of "WWW-Authenticate: NTLM <token>", or NULL */
  guint       n_headers;
  gsize       head_length;     /* bytes up to and with the empty line */
  char       *problem;         /* why INVALID, technical; NULL otherwise */
} RdRdgHttpResponse;

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", a new random one. */
char           *rd_rdg_http_new_connection_id (void);

/* The RDG_OUT_DATA request for @host (a name or an address, IPv6 without
 * brackets) at @port; with @authorization ("NTLM <base64>") when not NULL. */
GByteArray     *rd_rdg_http_build_request     (const char        *host,
                                               guint16            port,
                                               const char        *connection_id,
                                               const char        *authorization);
/* The RPC_IN_DATA request of RPC over HTTP, the transport before it. */
GByteArray     *rd_rdg_http_build_rpc_request (const char        *host,
                                               guint16            port);

/* Parses the head of an answer from the first byte. Every call starts over,
 * so the caller may call it again as more bytes arrive. @response is filled
 * on OK (and partly on INVALID: problem); clear it either way. */
RdRdgHttpParse  rd_rdg_http_parse_response    (const guint8      *data,
                                               gsize              length,
                                               RdRdgHttpResponse *response);
void            rd_rdg_http_response_clear    (RdRdgHttpResponse *response);
/* TRUE if @response offers @scheme (compared without regard to case). */
gboolean        rd_rdg_http_response_offers   (const RdRdgHttpResponse *response,
                                               const char        *scheme);

/* Decodes a base64 token as sent in an Authorization or WWW-Authenticate
 * header; NULL unless it is strict base64 of at most RD_RDG_HTTP_MAX_TOKEN
 * characters. */
guint8         *rd_rdg_http_decode_token      (const char        *token,
                                               gsize             *length);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdRdgHttpResponse, rd_rdg_http_response_clear)

G_END_DECLS
