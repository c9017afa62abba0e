/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* MS-RDPBCGR 2.2.1.1.1 requestedProtocols / selectedProtocol flags. */
#define RD_PROTOCOL_RDP        0x00000000u
#define RD_PROTOCOL_SSL        0x00000001u
#define RD_PROTOCOL_HYBRID     0x00000002u
#define RD_PROTOCOL_RDSTLS     0x00000004u
#define RD_PROTOCOL_HYBRID_EX  0x00000008u
#define RD_PROTOCOL_RDSAAD     0x00000010u

/* MS-RDPBCGR 2.2.1.2.1 RDP_NEG_RSP flags. */
#define RD_NEG_RSP_EXTENDED_CLIENT_DATA_SUPPORTED           0x01u
#define RD_NEG_RSP_DYNVC_GFX_PROTOCOL_SUPPORTED             0x02u
#define RD_NEG_RSP_FLAG_RESERVED                            0x04u
#define RD_NEG_RSP_RESTRICTED_ADMIN_MODE_SUPPORTED          0x08u /* "restricted admin mode" */
#define RD_NEG_RSP_REDIRECTED_AUTHENTICATION_MODE_SUPPORTED 0x10u /* Remote Credential Guard */

/* MS-RDPBCGR 2.2.1.2.2 RDP_NEG_FAILURE failureCode. */
typedef enum
{
  RD_NEG_FAILURE_SSL_REQUIRED_BY_SERVER = 1,
  RD_NEG_FAILURE_SSL_NOT_ALLOWED_BY_SERVER = 2,
  RD_NEG_FAILURE_SSL_CERT_NOT_ON_SERVER = 3,
  RD_NEG_FAILURE_INCONSISTENT_FLAGS = 4,
  RD_NEG_FAILURE_HYBRID_REQUIRED_BY_SERVER = 5,
  RD_NEG_FAILURE_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER = 6,
} RdNegFailure;

#define RD_TPKT_HEADER_SIZE 4
/* Largest TPKT we accept while negotiating: a Connection Confirm is 19 bytes. */
#define RD_TPKT_MAX_CONFIRM 512

typedef enum
{
  RD_CONFIRM_INCOMPLETE,     /* need more bytes */
  RD_CONFIRM_RESPONSE,       /* RDP_NEG_RSP */
  RD_CONFIRM_FAILURE,        /* RDP_NEG_FAILURE */
  RD_CONFIRM_LEGACY,         /* a confirm without negotiation data */
  RD_CONFIRM_NOT_TPKT,       /* first byte is not TPKT version 3 */
  RD_CONFIRM_BAD_LENGTH,     /* TPKT length below the minimum or above the maximum */
  RD_CONFIRM_MALFORMED,      /* TPKT fine, content not a valid Connection Confirm */
} RdConfirmKind;

typedef struct
{
  RdConfirmKind kind;
  gsize         tpkt_length;       /* from the header, when it could be read */
  guint8        neg_flags;         /* RESPONSE */
  guint32       selected_protocol; /* RESPONSE */
  guint32       failure_code;      /* FAILURE */
  const char   *problem;           /* untranslated technical detail on error kinds */
} RdConfirm;

/* Builds a TPKT + X.224 Connection Request with an optional mstshash cookie
 * and an RDP_NEG_REQ asking for @requested_protocols. */
GByteArray *rd_x224_build_connection_request (const char *cookie,
                                              guint32     requested_protocols);

/* Parses what the server sent so far. Never reads beyond @length; returns
 * RD_CONFIRM_INCOMPLETE while the TPKT announced more than arrived. */
void        rd_x224_parse_connection_confirm (const guint8 *data,
                                              gsize         length,
                                              RdConfirm    *confirm);

const char *rd_neg_failure_to_string         (guint32       code);
/* e.g. "EXTENDED_CLIENT_DATA_SUPPORTED|RESTRICTED_ADMIN_MODE_SUPPORTED",
 * "none" for 0; returns a newly allocated string. */
char       *rd_neg_rsp_flags_to_string       (guint8        flags);
/* e.g. "SSL|HYBRID"; returns a newly allocated string. */
char       *rd_protocols_to_string           (guint32       protocols);

G_END_DECLS
