/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-bytes.h"
#include "rd-x224.h"

/* MS-RDPBCGR 2.2.1.1 / 2.2.1.2; X.224 = ITU-T X.224 class 0, TPKT = RFC 1006. */
#define X224_TPDU_CONNECTION_REQUEST 0xE0
#define X224_TPDU_CONNECTION_CONFIRM 0xD0
#define X224_FIXED_SIZE              7    /* LI, code, dst-ref, src-ref, class */
#define RDP_NEG_DATA_SIZE            8
#define TYPE_RDP_NEG_REQ             0x01
#define TYPE_RDP_NEG_RSP             0x02
#define TYPE_RDP_NEG_FAILURE         0x03
#define CONFIRM_LEGACY_SIZE          (RD_TPKT_HEADER_SIZE + X224_FIXED_SIZE)
#define CONFIRM_NEG_SIZE             (CONFIRM_LEGACY_SIZE + RDP_NEG_DATA_SIZE)

/**
 * rd_x224_build_connection_request:
 * @cookie: (nullable): a routing cookie name, or %NULL for none
 * @requested_protocols: RD_PROTOCOL_* flags
 *
 * Returns: (transfer full): the bytes of a TPKT-framed X.224 Connection
 *   Request carrying an RDP_NEG_REQ.
 */
GByteArray *
rd_x224_build_connection_request (const char *cookie,
                                  guint32     requested_protocols)
{
  GByteArray *out = g_byte_array_sized_new (64);
  guint8 header[RD_TPKT_HEADER_SIZE + X224_FIXED_SIZE] = {
    0x03, 0x00, 0x00, 0x00,              /* TPKT, length filled in below */
    0x00,                                /* LI, filled in below */
    X224_TPDU_CONNECTION_REQUEST,
    0x00, 0x00,                          /* dst-ref */
    0x00, 0x00,                          /* src-ref */
    0x00,                                /* class 0 */
  };
  guint8 neg[RDP_NEG_DATA_SIZE] = { TYPE_RDP_NEG_REQ, 0x00, 0x08, 0x00 };
  gsize total;

  g_byte_array_append (out, header, sizeof header);

  if (cookie != NULL && *cookie != '\0')
    {
      /* The cookie ends at CR LF, so a name with either would end it early. */
      g_autofree char *name = g_strdelimit (g_strndup (cookie, 64), "\r\n", '_');
      g_autofree char *line = g_strdup_printf ("Cookie: mstshash=%s\r\n", name);

      g_byte_array_append (out, (const guint8 *) line, strlen (line));
    }

  rd_put_u32_le (neg + 4, requested_protocols);
  g_byte_array_append (out, neg, sizeof neg);

  total = out->len;
  g_assert (total <= G_MAXUINT16);
  out->data[2] = (total >> 8) & 0xff;
  out->data[3] = total & 0xff;
  out->data[4] = (guint8) MIN (total - 5, 0xff);

  return out;
}

/* Notes what is wrong with a Connection Confirm, for the caller to return
 * @kind. */
static RdConfirmKind
problem (RdConfirm     *confirm,
         RdConfirmKind  kind,
         const char    *what)
{
  confirm->problem = what;
  return kind;
}

static RdConfirmKind
classify_confirm (const guint8 *data,
                  gsize         length,
                  RdConfirm    *confirm)
{
  const guint8 *neg;
  guint16 neg_length;
  gsize tpkt_length;

  if (length == 0)
    return RD_CONFIRM_INCOMPLETE;
  if (data[0] != 0x03)
    return problem (confirm, RD_CONFIRM_NOT_TPKT, "first byte is not TPKT version 3");
  if (length < RD_TPKT_HEADER_SIZE)
    return RD_CONFIRM_INCOMPLETE;

  tpkt_length = ((gsize) data[2] << 8) | data[3];
  confirm->tpkt_length = tpkt_length;

  if (tpkt_length < CONFIRM_LEGACY_SIZE)
    return problem (confirm, RD_CONFIRM_BAD_LENGTH, "TPKT length shorter than a Connection Confirm");
  if (tpkt_length > RD_TPKT_MAX_CONFIRM)
    return problem (confirm, RD_CONFIRM_BAD_LENGTH, "TPKT length far beyond a Connection Confirm");
  if (length < tpkt_length)
    return RD_CONFIRM_INCOMPLETE;

  /* data[4] is the X.224 length indicator. */
  if ((gsize) data[4] + 5 != tpkt_length)
    return problem (confirm, RD_CONFIRM_MALFORMED,
                    "X.224 length indicator does not match the TPKT length");
  if ((data[5] & 0xf0) != X224_TPDU_CONNECTION_CONFIRM)
    return problem (confirm, RD_CONFIRM_MALFORMED, "X.224 TPDU is not a Connection Confirm");

  if (tpkt_length == CONFIRM_LEGACY_SIZE)
    return RD_CONFIRM_LEGACY;
  if (tpkt_length != CONFIRM_NEG_SIZE)
    return problem (confirm, RD_CONFIRM_MALFORMED, "Connection Confirm has an unexpected size");

  neg = data + CONFIRM_LEGACY_SIZE;
  neg_length = neg[2] | (neg[3] << 8);
  if (neg_length != RDP_NEG_DATA_SIZE)
    return problem (confirm, RD_CONFIRM_MALFORMED, "negotiation data length is not 8");

  switch (neg[0])
    {
    case TYPE_RDP_NEG_RSP:
      confirm->neg_flags = neg[1];
      confirm->selected_protocol = rd_get_u32_le (neg + 4);
      return RD_CONFIRM_RESPONSE;

    case TYPE_RDP_NEG_FAILURE:
      confirm->failure_code = rd_get_u32_le (neg + 4);
      return RD_CONFIRM_FAILURE;

    default:
      return problem (confirm, RD_CONFIRM_MALFORMED,
                      "negotiation data is neither a response nor a failure");
    }
}

/**
 * rd_x224_parse_connection_confirm:
 * @data: the bytes received so far
 * @length: how many
 * @confirm: (out caller-allocates): the result
 *
 * Classifies a server's answer to the Connection Request. Reads only within
 * @length, and never further than the TPKT length the server announced.
 */
void
rd_x224_parse_connection_confirm (const guint8 *data,
                                  gsize         length,
                                  RdConfirm    *confirm)
{
  memset (confirm, 0, sizeof *confirm);
  confirm->kind = classify_confirm (data, length, confirm);
}

/**
 * rd_neg_failure_to_string:
 *
 * Returns: the specification's name of a failure code, or "UNKNOWN".
 */
const char *
rd_neg_failure_to_string (guint32 code)
{
  switch (code)
    {
    case RD_NEG_FAILURE_SSL_REQUIRED_BY_SERVER:
      return "SSL_REQUIRED_BY_SERVER";
    case RD_NEG_FAILURE_SSL_NOT_ALLOWED_BY_SERVER:
      return "SSL_NOT_ALLOWED_BY_SERVER";
    case RD_NEG_FAILURE_SSL_CERT_NOT_ON_SERVER:
      return "SSL_CERT_NOT_ON_SERVER";
    case RD_NEG_FAILURE_INCONSISTENT_FLAGS:
      return "INCONSISTENT_FLAGS";
    case RD_NEG_FAILURE_HYBRID_REQUIRED_BY_SERVER:
      return "HYBRID_REQUIRED_BY_SERVER";
    case RD_NEG_FAILURE_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER:
      return "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER";
    default:
      return "UNKNOWN";
    }
}

/**
 * rd_neg_rsp_flags_to_string:
 * @flags: the flags of an RDP_NEG_RSP
 *
 * Returns: (transfer full): the specification's names of @flags joined by
 *   "|", unknown bits in hex, or "none"
 */
char *
rd_neg_rsp_flags_to_string (guint8 flags)
{
  static const RdFlagName names[] = {
    { RD_NEG_RSP_EXTENDED_CLIENT_DATA_SUPPORTED, "EXTENDED_CLIENT_DATA_SUPPORTED" },
    { RD_NEG_RSP_DYNVC_GFX_PROTOCOL_SUPPORTED, "DYNVC_GFX_PROTOCOL_SUPPORTED" },
    { RD_NEG_RSP_FLAG_RESERVED, "NEGRSP_FLAG_RESERVED" },
    { RD_NEG_RSP_RESTRICTED_ADMIN_MODE_SUPPORTED, "RESTRICTED_ADMIN_MODE_SUPPORTED" },
    { RD_NEG_RSP_REDIRECTED_AUTHENTICATION_MODE_SUPPORTED, "REDIRECTED_AUTHENTICATION_MODE_SUPPORTED" },
  };

  return rd_flags_to_string (flags, names, G_N_ELEMENTS (names), "none");
}

char *
rd_protocols_to_string (guint32 protocols)
{
  static const RdFlagName names[] = {
    { RD_PROTOCOL_SSL, "SSL" },
    { RD_PROTOCOL_HYBRID, "HYBRID" },
    { RD_PROTOCOL_RDSTLS, "RDSTLS" },
    { RD_PROTOCOL_HYBRID_EX, "HYBRID_EX" },
    { RD_PROTOCOL_RDSAAD, "RDSAAD" },
  };
  /* No flag at all is a protocol of its own: classic RDP security. */
  return rd_flags_to_string (protocols, names, G_N_ELEMENTS (names), "RDP");
}
