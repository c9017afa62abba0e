/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-credssp.h"

/* MS-CSSP 2.2.1, encoded in DER (X.690). The module uses explicit tags, so
 * each field is a constructed context tag [n] wrapping a whole TLV:
 *
 *   TSRequest ::= SEQUENCE {
 *     version     [0] INTEGER,
 *     negoTokens  [1] NegoData OPTIONAL,
 *     authInfo    [2] OCTET STRING OPTIONAL,
 *     pubKeyAuth  [3] OCTET STRING OPTIONAL,
 *     errorCode   [4] INTEGER OPTIONAL,          -- version 3 and later
 *     clientNonce [5] OCTET STRING OPTIONAL }    -- version 5 and later
 *   NegoData ::= SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING }
 */
#define DER_INTEGER       0x02
#define DER_OCTET_STRING  0x04
#define DER_SEQUENCE      0x30
#define DER_CONTEXT(n)    (0xa0 | (n))
#define DER_HIGH_TAG      0x1f

#define TS_VERSION         0
#define TS_NEGO_TOKENS     1
#define TS_PUB_KEY_AUTH    3
#define TS_ERROR_CODE      4

/* An INTEGER we accept holds a guint32 or a gint32: at most 4 bytes of
 * value plus the 0x00 that keeps a value with its top bit set positive. */
#define INTEGER_MAX_SIZE   5

/* Length octets we accept after 0x80 | n: a TSRequest is never 4 GiB. */
#define LENGTH_MAX_OCTETS  4

G_DEFINE_QUARK (rd-credssp-error-quark, rd_credssp_error)

/**
 * rd_credssp_version_outdated:
 * @version: the version a server's TSRequest carried
 *
 * Returns: whether @version is a valid one (2, 3 or 4) from before the
 *   fix for CVE-2018-0886, which updated clients refuse
 */
gboolean
rd_credssp_version_outdated (guint32 version)
{
  return version >= RD_CREDSSP_VERSION_MIN && version < RD_CREDSSP_VERSION_ORACLE_FIXED;
}

/* The codes a server can answer an NTLM NEGOTIATE with (MS-ERREF). Those
 * that name the package refusing come from a server where NTLM is blocked
 * or missing; logon refusals are what the package says when it refuses the
 * sign-in without saying why. The rest (a token it cannot read, e.g. from
 * a server that wants SPNEGO, or the post-sign-in codes) name no NTLM
 * refusal. */
static const struct
{
  guint32              code;
  const char          *name;
  RdCredsspStatusKind  kind;
} statuses[] = {
  { 0xC0000418, "STATUS_NTLM_BLOCKED", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
  { 0xC00000BB, "STATUS_NOT_SUPPORTED", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
  { 0xC00000FE, "STATUS_NO_SUCH_PACKAGE", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
  { 0x80090302, "SEC_E_UNSUPPORTED_FUNCTION", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
  { 0x80090305, "SEC_E_SECPKG_NOT_FOUND", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
  { 0xC000006D, "STATUS_LOGON_FAILURE", RD_CREDSSP_STATUS_LOGON_REFUSED },
  { 0xC0000022, "STATUS_ACCESS_DENIED", RD_CREDSSP_STATUS_LOGON_REFUSED },
  { 0x8009030C, "SEC_E_LOGON_DENIED", RD_CREDSSP_STATUS_LOGON_REFUSED },
  { 0xC0000001, "STATUS_UNSUCCESSFUL", RD_CREDSSP_STATUS_OTHER },
  { 0xC000000D, "STATUS_INVALID_PARAMETER", RD_CREDSSP_STATUS_OTHER },
  { 0x80090308, "SEC_E_INVALID_TOKEN", RD_CREDSSP_STATUS_OTHER },
  { 0xC000006E, "STATUS_ACCOUNT_RESTRICTION", RD_CREDSSP_STATUS_OTHER },
  { 0xC0000071, "STATUS_PASSWORD_EXPIRED", RD_CREDSSP_STATUS_OTHER },
  { 0xC0000072, "STATUS_ACCOUNT_DISABLED", RD_CREDSSP_STATUS_OTHER },
  { 0xC000015B, "STATUS_LOGON_TYPE_NOT_GRANTED", RD_CREDSSP_STATUS_OTHER },
  { 0xC0000224, "STATUS_PASSWORD_MUST_CHANGE", RD_CREDSSP_STATUS_OTHER },
  { 0xC0000234, "STATUS_ACCOUNT_LOCKED_OUT", RD_CREDSSP_STATUS_OTHER },
};

/**
 * rd_credssp_status_lookup:
 * @code: an errorCode as a 32-bit pattern
 * @kind: (out) (optional): what it says about NTLM
 *
 * Returns: (nullable): the code's name, or %NULL for one this table lacks
 *   (then @kind is %RD_CREDSSP_STATUS_OTHER)
 */
const char *
rd_credssp_status_lookup (guint32              code,
                          RdCredsspStatusKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i].code == code)
      {
        if (kind != NULL)
          *kind = statuses[i].kind;
        return statuses[i].name;
      }
  if (kind != NULL)
    *kind = RD_CREDSSP_STATUS_OTHER;
  return NULL;
}

typedef enum
{
  HEADER_OK,
  HEADER_NEED_MORE,
  HEADER_BAD,
} HeaderResult;

/* Decodes the identifier and length octets at @p. */
static HeaderResult
read_header (const guint8 *p,
             gsize         avail,
             guint8       *tag,
             gsize        *header_size,
             guint64      *value_length,
             const char  **why)
{
  guint8 first;
  guint n;

  if (avail < 1)
    return HEADER_NEED_MORE;

  *tag = p[0];
  if ((p[0] & DER_HIGH_TAG) == DER_HIGH_TAG)
    {
      *why = "multi-byte tag";
      return HEADER_BAD;
    }
  if (avail < 2)
    return HEADER_NEED_MORE;

  first = p[1];
  if (first < 0x80)
    {
      *header_size = 2;
      *value_length = first;
      return HEADER_OK;
    }
  if (first == 0x80)
    {
      *why = "indefinite length, which DER forbids";
      return HEADER_BAD;
    }

  n = first & 0x7f;
  if (n > LENGTH_MAX_OCTETS)
    {
      *why = "length of more than 4 octets";
      return HEADER_BAD;
    }
  if (avail < 2 + (gsize) n)
    return HEADER_NEED_MORE;

  *value_length = 0;
  for (guint i = 0; i < n; i++)
    *value_length = (*value_length << 8) | p[2 + i];
  *header_size = 2 + n;

  return HEADER_OK;
}

/* Reads the TLV at data[*pos], which must lie within @length, and moves
 * *pos past it. @expected is the tag wanted, or 0 for any. @origin is the
 * start of the whole message, for offsets in error messages. */
static gboolean
read_tlv (const guint8  *origin,
          const guint8  *data,
          gsize          length,
          gsize         *pos,
          guint8         expected,
          const char    *what,
          guint8        *tag,
          const guint8 **value,
          gsize         *value_length,
          GError       **error)
{
  const char *why = NULL;
  gsize avail = length - *pos;
  gsize header_size = 0;
  guint64 size = 0;
  guint8 found = 0;
  gsize at = (gsize) (data - origin) + *pos;

  switch (read_header (data + *pos, avail, &found, &header_size, &size, &why))
    {
    case HEADER_NEED_MORE:
      g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_TRUNCATED,
                   "TSRequest %s at byte %" G_GSIZE_FORMAT ": header cut short", what, at);
      return FALSE;
    case HEADER_BAD:
      g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                   "TSRequest %s at byte %" G_GSIZE_FORMAT ": %s", what, at, why);
      return FALSE;
    case HEADER_OK:
    default:
      break;
    }

  if (expected != 0 && found != expected)
    {
      g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                   "TSRequest %s at byte %" G_GSIZE_FORMAT ": tag 0x%02x instead of 0x%02x",
                   what, at, found, expected);
      return FALSE;
    }
  if (size > avail - header_size)
    {
      g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_TRUNCATED,
                   "TSRequest %s at byte %" G_GSIZE_FORMAT ": %" G_GUINT64_FORMAT
                   " bytes announced, %" G_GSIZE_FORMAT " left",
                   what, at, size, avail - header_size);
      return FALSE;
    }

  if (tag != NULL)
    *tag = found;
  *value = data + *pos + header_size;
  *value_length = (gsize) size;
  *pos += header_size + (gsize) size;

  return TRUE;
}

/* The content of an explicit tag is exactly one TLV of tag @expected. */
static gboolean
read_explicit (const guint8  *origin,
               const guint8  *content,
               gsize          content_length,
               guint8         expected,
               const char    *what,
               const guint8 **value,
               gsize         *value_length,
               GError       **error)
{
  gsize pos = 0;

  if (!read_tlv (origin, content, content_length, &pos, expected, what, NULL, value, value_length, error))
    return FALSE;
  if (pos != content_length)
    {
      g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                   "TSRequest %s: %" G_GSIZE_FORMAT " stray bytes after the value",
                   what, content_length - pos);
      return FALSE;
    }

  return TRUE;
}

/* Two's complement, big-endian; the result is sign-extended. */
static gboolean
read_integer (const guint8  *value,
              gsize          length,
              const char    *what,
              gint64        *out,
              GError       **error)
{
  guint64 bits;

  if (length == 0 || length > INTEGER_MAX_SIZE)
    {
      g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                   "TSRequest %s: INTEGER of %" G_GSIZE_FORMAT " bytes", what, length);
      return FALSE;
    }

  bits = (value[0] & 0x80) != 0 ? G_MAXUINT64 : 0;
  for (gsize i = 0; i < length; i++)
    bits = (bits << 8) | value[i];

  /* At most 40 significant bits, so this is exact. */
  *out = (bits >> 63) != 0 ? -(gint64) (~bits) - 1 : (gint64) bits;

  return TRUE;
}

static gboolean
parse_nego_data (const guint8 *origin,
                 const guint8 *data,
                 gsize         length,
                 RdTsRequest  *request,
                 GError      **error)
{
  gsize pos = 0;

  /* A SEQUENCE OF: every entry must be well formed, the first one counts. */
  while (pos < length)
    {
      const guint8 *entry, *wrapped, *token;
      gsize entry_length, wrapped_length, token_length;
      gsize entry_pos = 0;

      if (!read_tlv (origin, data, length, &pos, DER_SEQUENCE, "NegoData entry", NULL,
                     &entry, &entry_length, error))
        return FALSE;
      if (!read_tlv (origin, entry, entry_length, &entry_pos, DER_CONTEXT (0), "negoToken", NULL,
                     &wrapped, &wrapped_length, error))
        return FALSE;
      if (entry_pos != entry_length)
        {
          g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                       "TSRequest NegoData entry: %" G_GSIZE_FORMAT " stray bytes after negoToken",
                       entry_length - entry_pos);
          return FALSE;
        }
      if (!read_explicit (origin, wrapped, wrapped_length, DER_OCTET_STRING, "negoToken",
                          &token, &token_length, error))
        return FALSE;

      if (request->nego_token == NULL)
        {
          request->nego_token = token;
          request->nego_token_length = token_length;
        }
    }

  return TRUE;
}

/**
 * rd_credssp_parse_ts_request:
 * @data: (array length=length): the bytes of one TSRequest
 * @length: how many
 * @request: (out caller-allocates): the result; its nego_token points into @data
 * @error: set when @data is not a well-formed TSRequest
 *
 * Walks the DER checking every length against what encloses it. Fields
 * other than version, negoTokens, pubKeyAuth and errorCode are skipped.
 *
 * Returns: whether @request was filled in
 */
gboolean
rd_credssp_parse_ts_request (const guint8 *data,
                             gsize         length,
                             RdTsRequest  *request,
                             GError      **error)
{
  const guint8 *body;
  gsize body_length;
  gsize pos = 0;
  guint32 seen = 0;

  memset (request, 0, sizeof *request);

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_TRUNCATED,
                           "TSRequest: no data");
      return FALSE;
    }
  if (!read_tlv (data, data, length, &pos, DER_SEQUENCE, "SEQUENCE", NULL, &body, &body_length, error))
    return FALSE;

  pos = 0;
  while (pos < body_length)
    {
      const guint8 *content, *value;
      gsize content_length, value_length;
      guint8 tag = 0;
      guint field;

      if (!read_tlv (data, body, body_length, &pos, 0, "field", &tag, &content, &content_length, error))
        goto fail;
      if ((tag & 0xe0) != DER_CONTEXT (0))
        {
          g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                       "TSRequest: tag 0x%02x where a constructed context tag [n] belongs", tag);
          goto fail;
        }
      field = tag & 0x1f;
      if ((seen & (1u << field)) != 0)
        {
          g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                       "TSRequest: field [%u] repeated", field);
          goto fail;
        }
      seen |= 1u << field;

      switch (field)
        {
        case TS_VERSION:
          {
            gint64 version;

            if (!read_explicit (data, content, content_length, DER_INTEGER, "version",
                                &value, &value_length, error) ||
                !read_integer (value, value_length, "version", &version, error))
              goto fail;
            if (version < 0 || version > G_MAXUINT32)
              {
                g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                             "TSRequest: version %" G_GINT64_FORMAT " out of range", version);
                goto fail;
              }
            request->version = (guint32) version;
          }
          break;

        case TS_NEGO_TOKENS:
          if (!read_explicit (data, content, content_length, DER_SEQUENCE, "negoTokens",
                              &value, &value_length, error) ||
              !parse_nego_data (data, value, value_length, request, error))
            goto fail;
          break;

        case TS_PUB_KEY_AUTH:
          if (!read_explicit (data, content, content_length, DER_OCTET_STRING, "pubKeyAuth",
                              &value, &value_length, error))
            goto fail;
          request->has_pub_key_auth = TRUE;
          break;

        case TS_ERROR_CODE:
          {
            gint64 code;

            if (!read_explicit (data, content, content_length, DER_INTEGER, "errorCode",
                                &value, &value_length, error) ||
                !read_integer (value, value_length, "errorCode", &code, error))
              goto fail;
            /* An NTSTATUS is a 32-bit pattern: servers encode 0xC000006D
             * either as a negative INTEGER or with a leading 0x00. */
            if (code < G_MININT32 || code > G_MAXUINT32)
              {
                g_set_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                             "TSRequest: errorCode %" G_GINT64_FORMAT " out of range", code);
                goto fail;
              }
            request->error_code = (guint32) (code & G_MAXUINT32);
            request->has_error_code = TRUE;
          }
          break;

        default:
          /* authInfo, clientNonce and later additions: not ours to read. */
          break;
        }
    }

  if ((seen & (1u << TS_VERSION)) == 0)
    {
      g_set_error_literal (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_INVALID,
                           "TSRequest without a version");
      goto fail;
    }

  return TRUE;

fail:
  memset (request, 0, sizeof *request);
  return FALSE;
}

/**
 * rd_credssp_message_length:
 * @data: (array length=length): the start of what arrived so far
 * @length: how many bytes
 * @max: the largest message the caller will accept
 *
 * Returns: the size of the whole DER SEQUENCE starting at @data, header
 *   included; 0 when its header is not complete yet; -1 when @data does not
 *   start a SEQUENCE, its length is indefinite or malformed, or above @max.
 */
gssize
rd_credssp_message_length (const guint8 *data,
                           gsize         length,
                           gsize         max)
{
  const char *why = NULL;
  gsize header_size = 0;
  guint64 value_length = 0;
  guint64 total;
  guint8 tag = 0;

  if (data == NULL || length == 0)
    return 0;
  if (data[0] != DER_SEQUENCE)
    return -1;

  switch (read_header (data, length, &tag, &header_size, &value_length, &why))
    {
    case HEADER_NEED_MORE:
      return 0;
    case HEADER_BAD:
      return -1;
    case HEADER_OK:
    default:
      break;
    }

  total = header_size + value_length;
  if (total > max || total > G_MAXSSIZE)
    return -1;

  return (gssize) total;
}

static gsize
length_octets (gsize length)
{
  gsize n = 1;

  if (length < 0x80)
    return 1;
  while (length > 0)
    {
      n++;
      length >>= 8;
    }

  return n;
}

static gsize
tlv_size (gsize content_length)
{
  return 1 + length_octets (content_length) + content_length;
}

static void
put_header (GByteArray *out,
            guint8      tag,
            gsize       length)
{
  guint8 header[2 + sizeof (gsize)];
  gsize n = length_octets (length);

  header[0] = tag;
  if (n == 1)
    {
      header[1] = (guint8) length;
    }
  else
    {
      header[1] = 0x80 | (guint8) (n - 1);
      for (gsize i = 0; i < n - 1; i++)
        header[1 + n - 1 - i] = (length >> (8 * i)) & 0xff;
    }

  g_byte_array_append (out, header, 1 + n);
}

/**
 * rd_credssp_build_ts_request:
 * @version: the CredSSP version to announce (2..6)
 * @nego_token: (nullable) (array length=nego_token_length): an NTLM or
 *   SPNEGO token, or %NULL for none
 * @nego_token_length: its size
 *
 * Returns: (transfer full): the DER of a TSRequest with version and, when
 *   @nego_token is given, negoTokens holding it as the only entry.
 */
GByteArray *
rd_credssp_build_ts_request (guint32       version,
                             const guint8 *nego_token,
                             gsize         nego_token_length)
{
  GByteArray *out;
  guint8 integer[INTEGER_MAX_SIZE];
  gsize integer_length = 0;
  gsize version_size, fields_size;
  gsize octets_size = 0, wrapped_size = 0, entry_size = 0, nego_data_size = 0;

  g_return_val_if_fail (nego_token != NULL || nego_token_length == 0, NULL);
  g_return_val_if_fail (nego_token_length <= G_MAXUINT32 - 64, NULL);

  /* Minimal big-endian bytes, with a 0x00 in front when the top bit is
   * set, since a DER INTEGER is signed. */
  {
    const guint8 be[4] = { version >> 24, (version >> 16) & 0xff, (version >> 8) & 0xff, version & 0xff };
    gsize skip = 0;

    while (skip < 3 && be[skip] == 0)
      skip++;
    if ((be[skip] & 0x80) != 0)
      integer[integer_length++] = 0x00;
    for (gsize i = skip; i < 4; i++)
      integer[integer_length++] = be[i];
  }

  version_size = tlv_size (integer_length);
  fields_size = tlv_size (version_size);
  if (nego_token != NULL)
    {
      octets_size = tlv_size (nego_token_length);
      wrapped_size = tlv_size (octets_size);
      entry_size = tlv_size (wrapped_size);
      nego_data_size = tlv_size (entry_size);
      fields_size += tlv_size (nego_data_size);
    }

  out = g_byte_array_sized_new (tlv_size (fields_size));
  put_header (out, DER_SEQUENCE, fields_size);
  put_header (out, DER_CONTEXT (TS_VERSION), version_size);
  put_header (out, DER_INTEGER, integer_length);
  g_byte_array_append (out, integer, integer_length);

  if (nego_token != NULL)
    {
      put_header (out, DER_CONTEXT (TS_NEGO_TOKENS), nego_data_size);
      put_header (out, DER_SEQUENCE, entry_size);     /* SEQUENCE OF */
      put_header (out, DER_SEQUENCE, wrapped_size);   /* its one entry */
      put_header (out, DER_CONTEXT (0), octets_size);
      put_header (out, DER_OCTET_STRING, nego_token_length);
      g_byte_array_append (out, nego_token, nego_token_length);
    }

  g_assert (out->len == tlv_size (fields_size));

  return out;
}
