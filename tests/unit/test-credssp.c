/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-credssp.h"
#include "rd-ntlm.h"
#include "rd-ntlm-private.h"

/* Parses a copy of exactly @length bytes, so ASan sees any over-read. The
 * copy is kept in *copy so that nego_token stays valid. */
static gboolean
parse (const guint8  *data,
       gsize          length,
       guint8       **copy,
       RdTsRequest   *request,
       GError       **error)
{
  *copy = g_memdup2 (data, length);

  return rd_credssp_parse_ts_request (*copy, length, request, error);
}

static void
test_build_negotiate (void)
{
  g_autoptr(GByteArray) negotiate = rd_ntlm_build_negotiate ();
  g_autoptr(GByteArray) request = rd_credssp_build_ts_request (6, negotiate->data, negotiate->len);
  static const guint8 header[] = {
    0x30, 0x37,                   /* TSRequest SEQUENCE, 55 bytes */
    0xa0, 0x03, 0x02, 0x01, 0x06, /* version [0] INTEGER 6 */
    0xa1, 0x30,                   /* negoTokens [1], 48 bytes */
    0x30, 0x2e,                   /* NegoData: SEQUENCE OF, 46 bytes */
    0x30, 0x2c,                   /* its one SEQUENCE, 44 bytes */
    0xa0, 0x2a,                   /* negoToken [0], 42 bytes */
    0x04, 0x28,                   /* OCTET STRING, 40 bytes: the NEGOTIATE */
  };

  g_assert_cmpuint (request->len, ==, sizeof header + RD_NTLM_NEGOTIATE_SIZE);
  g_assert_cmpmem (request->data, sizeof header, header, sizeof header);
  g_assert_cmpmem (request->data + sizeof header, negotiate->len, negotiate->data, negotiate->len);

  g_assert_true (rd_ntlm_find_message (request->data, request->len, RD_NTLM_MESSAGE_NEGOTIATE));
  g_assert_false (rd_ntlm_find_message (request->data, request->len, RD_NTLM_MESSAGE_AUTHENTICATE));
  g_assert_cmpint (rd_credssp_message_length (request->data, request->len, 1024), ==, request->len);
}

static void
test_build_versions (void)
{
  static const struct {
    guint32 version;
    guint8  expected[16];
    gsize   length;
  } cases[] = {
    { 2, { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x02 }, 7 },
    { 0, { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x00 }, 7 },
    { 127, { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x7f }, 7 },
    /* The top bit would make it negative: a 0x00 goes in front. */
    { 128, { 0x30, 0x06, 0xa0, 0x04, 0x02, 0x02, 0x00, 0x80 }, 8 },
    { 0x100, { 0x30, 0x06, 0xa0, 0x04, 0x02, 0x02, 0x01, 0x00 }, 8 },
    { 0x12345678, { 0x30, 0x08, 0xa0, 0x06, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78 }, 10 },
    { 0xffffffff, { 0x30, 0x09, 0xa0, 0x07, 0x02, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff }, 11 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) request = rd_credssp_build_ts_request (cases[i].version, NULL, 0);
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      RdTsRequest parsed;

      g_assert_cmpmem (request->data, request->len, cases[i].expected, cases[i].length);
      g_assert_true (parse (request->data, request->len, &copy, &parsed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (parsed.version, ==, cases[i].version);
      g_assert_null (parsed.nego_token);
      g_assert_false (parsed.has_error_code);
    }
}

static void
test_build_long_form (void)
{
  static const struct {
    gsize  token_length;
    guint8 header[40];
    gsize  header_length;
  } cases[] = {
    { 200, {
        0x30, 0x81, 0xdc,               /* 220 */
        0xa0, 0x03, 0x02, 0x01, 0x03,
        0xa1, 0x81, 0xd4,               /* 212 */
        0x30, 0x81, 0xd1,               /* 209 */
        0x30, 0x81, 0xce,               /* 206 */
        0xa0, 0x81, 0xcb,               /* 203 */
        0x04, 0x81, 0xc8,               /* 200 */
      }, 23 },
    { 70000, {
        0x30, 0x83, 0x01, 0x11, 0x8e,   /* 70030 */
        0xa0, 0x03, 0x02, 0x01, 0x03,
        0xa1, 0x83, 0x01, 0x11, 0x84,   /* 70020 */
        0x30, 0x83, 0x01, 0x11, 0x7f,   /* 70015 */
        0x30, 0x83, 0x01, 0x11, 0x7a,   /* 70010 */
        0xa0, 0x83, 0x01, 0x11, 0x75,   /* 70005 */
        0x04, 0x83, 0x01, 0x11, 0x70,   /* 70000 */
      }, 35 },
    { 256, {
        0x30, 0x82, 0x01, 0x19,         /* 281 */
        0xa0, 0x03, 0x02, 0x01, 0x03,
        0xa1, 0x82, 0x01, 0x10,         /* 272 */
        0x30, 0x82, 0x01, 0x0c,         /* 268 */
        0x30, 0x82, 0x01, 0x08,         /* 264 */
        0xa0, 0x82, 0x01, 0x04,         /* 260 */
        0x04, 0x82, 0x01, 0x00,         /* 256 */
      }, 29 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *token = g_malloc (cases[i].token_length);
      g_autoptr(GByteArray) request = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      RdTsRequest parsed;

      for (gsize j = 0; j < cases[i].token_length; j++)
        token[j] = j * 7 + 1;
      request = rd_credssp_build_ts_request (3, token, cases[i].token_length);

      g_assert_cmpuint (request->len, ==, cases[i].header_length + cases[i].token_length);
      g_assert_cmpmem (request->data, cases[i].header_length, cases[i].header, cases[i].header_length);
      g_assert_cmpint (rd_credssp_message_length (request->data, request->len, G_MAXSIZE), ==, request->len);

      g_assert_true (parse (request->data, request->len, &copy, &parsed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (parsed.version, ==, 3);
      g_assert_true (parsed.nego_token == copy + cases[i].header_length);
      g_assert_cmpmem (parsed.nego_token, parsed.nego_token_length, token, cases[i].token_length);
    }
}

static void
test_round_trip_challenge (void)
{
  /* A CHALLENGE as a server would wrap it in its reply. */
  static const guint8 challenge_message[] = {
    'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0,
    0x06, 0x00, 0x06, 0x00, 0x38, 0x00, 0x00, 0x00,
    0x35, 0x82, 0x89, 0xe2,
    1, 2, 3, 4, 5, 6, 7, 8,
    0, 0, 0, 0, 0, 0, 0, 0,
    0x10, 0x00, 0x10, 0x00, 0x3e, 0x00, 0x00, 0x00,
    0x0a, 0x00, 0x7c, 0x4f, 0x00, 0x00, 0x00, 0x0f,
    'L', 0, 'A', 0, 'B', 0,
    0x01, 0x00, 0x08, 0x00, 'W', 0, 'I', 0, 'N', 0, '1', 0,
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr(GByteArray) request = rd_credssp_build_ts_request (6, challenge_message,
                                                               sizeof challenge_message);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };
  RdTsRequest parsed;

  g_assert_true (parse (request->data, request->len, &copy, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parsed.version, ==, 6);
  g_assert_cmpuint (parsed.nego_token_length, ==, sizeof challenge_message);

  g_assert_true (rd_ntlm_parse_challenge (parsed.nego_token, parsed.nego_token_length, &challenge, &error));
  g_assert_no_error (error);
  g_assert_null (challenge.problem);
  g_assert_cmpstr (challenge.target_name, ==, "LAB");
  g_assert_cmpstr (challenge.netbios_computer, ==, "WIN1");
  g_assert_cmpuint (challenge.version_build, ==, 20348);
}

static void
test_parse_error_code (void)
{
  static const struct {
    const char *name;
    guint8      data[24];
    gsize       length;
    guint32     code;
  } cases[] = {
    /* 0xC000006D as the signed 32-bit number it is in two's complement. */
    { "negative", { 0x30, 0x0d, 0xa0, 0x03, 0x02, 0x01, 0x06,
                    0xa4, 0x06, 0x02, 0x04, 0xc0, 0x00, 0x00, 0x6d }, 15, 0xC000006D },
    /* The same as a positive number: 5 bytes, leading zero. */
    { "leading zero", { 0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x06,
                        0xa4, 0x07, 0x02, 0x05, 0x00, 0xc0, 0x00, 0x00, 0x6d }, 16, 0xC000006D },
    { "STATUS_LOGON_FAILURE short", { 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x03,
                                      0xa4, 0x03, 0x02, 0x01, 0x05 }, 12, 5 },
    /* -1, and -0x3FFFFF93 in three bytes... sign extension both. */
    { "minus one", { 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x06,
                     0xa4, 0x03, 0x02, 0x01, 0xff }, 12, 0xffffffff },
    { "negative short", { 0x30, 0x0b, 0xa0, 0x03, 0x02, 0x01, 0x06,
                          0xa4, 0x04, 0x02, 0x02, 0x80, 0x00 }, 13, 0xffff8000 },
    /* STATUS_PASSWORD_MUST_CHANGE, 0xC0000224, version after errorCode. */
    { "order", { 0x30, 0x0d, 0xa4, 0x06, 0x02, 0x04, 0xc0, 0x00, 0x02, 0x24,
                 0xa0, 0x03, 0x02, 0x01, 0x06 }, 15, 0xC0000224 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      RdTsRequest parsed;

      if (!parse (cases[i].data, cases[i].length, &copy, &parsed, &error))
        g_error ("%s: %s", cases[i].name, error->message);
      g_assert_true (parsed.has_error_code);
      g_assert_cmphex (parsed.error_code, ==, cases[i].code);
      g_assert_null (parsed.nego_token);
      g_assert_cmpint (rd_credssp_message_length (cases[i].data, cases[i].length, 64), ==, cases[i].length);
    }
}

/* What a server of each CredSSP version answers (MS-CSSP 2.2.1): the
 * version as sent, and whether it is one from before the fix for
 * CVE-2018-0886 that updated clients refuse. A version 2 server sends no
 * errorCode; one of 3 or later may send one instead of a token. */
static void
test_parse_versions (void)
{
  g_autoptr(GByteArray) negotiate = rd_ntlm_build_negotiate ();

  for (guint32 version = 0; version <= 8; version++)
    {
      g_autoptr(GByteArray) reply = rd_credssp_build_ts_request (version, negotiate->data, negotiate->len);
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      RdTsRequest parsed;

      g_assert_true (parse (reply->data, reply->len, &copy, &parsed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (parsed.version, ==, version);
      g_assert_false (parsed.has_error_code);
      g_assert_nonnull (parsed.nego_token);
      g_assert_cmpint (rd_credssp_version_outdated (version), ==, version >= 2 && version <= 4);
    }
  g_assert_false (rd_credssp_version_outdated (G_MAXUINT32));

  /* Version 3 refusing NTLM: errorCode STATUS_NTLM_BLOCKED, no token. */
  {
    static const guint8 data[] = {
      0x30, 0x0d, 0xa0, 0x03, 0x02, 0x01, 0x03,
      0xa4, 0x06, 0x02, 0x04, 0xc0, 0x00, 0x04, 0x18,
    };
    g_autoptr(GError) error = NULL;
    g_autofree guint8 *copy = NULL;
    RdTsRequest parsed;

    g_assert_true (parse (data, sizeof data, &copy, &parsed, &error));
    g_assert_cmpuint (parsed.version, ==, 3);
    g_assert_true (parsed.has_error_code);
    g_assert_cmphex (parsed.error_code, ==, 0xC0000418);
    g_assert_null (parsed.nego_token);
  }
}

/* The names of errorCodes, and what each says about NTLM. */
static void
test_status_lookup (void)
{
  static const struct
  {
    guint32              code;
    const char          *name;
    RdCredsspStatusKind  kind;
  } cases[] = {
    { 0xC0000418, "STATUS_NTLM_BLOCKED", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
    { 0xC00000BB, "STATUS_NOT_SUPPORTED", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
    { 0xC00000FE, "STATUS_NO_SUCH_PACKAGE", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
    { 0x80090302, "SEC_E_UNSUPPORTED_FUNCTION", RD_CREDSSP_STATUS_PACKAGE_REFUSED },
    { 0xC000006D, "STATUS_LOGON_FAILURE", RD_CREDSSP_STATUS_LOGON_REFUSED },
    { 0xC0000022, "STATUS_ACCESS_DENIED", RD_CREDSSP_STATUS_LOGON_REFUSED },
    /* A token it could not read says nothing of NTLM being refused. */
    { 0x80090308, "SEC_E_INVALID_TOKEN", RD_CREDSSP_STATUS_OTHER },
    { 0xC0000224, "STATUS_PASSWORD_MUST_CHANGE", RD_CREDSSP_STATUS_OTHER },
    { 0x00000000, NULL, RD_CREDSSP_STATUS_OTHER },
    { 0xFFFFFFFF, NULL, RD_CREDSSP_STATUS_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RdCredsspStatusKind kind = RD_CREDSSP_STATUS_PACKAGE_REFUSED;

      g_assert_cmpstr (rd_credssp_status_lookup (cases[i].code, &kind), ==, cases[i].name);
      g_assert_cmpint (kind, ==, cases[i].kind);
      g_assert_cmpstr (rd_credssp_status_lookup (cases[i].code, NULL), ==, cases[i].name);
    }
}

static void
test_parse_other_fields (void)
{
  static const guint8 data[] = {
    0x30, 0x28,
    0xa0, 0x03, 0x02, 0x01, 0x05,
    0xa1, 0x0b, 0x30, 0x09, 0x30, 0x07, 0xa0, 0x05, 0x04, 0x03, 'a', 'b', 'c',
    0xa2, 0x03, 0x04, 0x01, 0x00,                         /* authInfo */
    0xa3, 0x04, 0x04, 0x02, 0x12, 0x34,                   /* pubKeyAuth */
    0xa5, 0x04, 0x04, 0x02, 0x56, 0x78,                   /* clientNonce (short, but skipped) */
    0xa9, 0x03, 0x01, 0x01, 0xff,                         /* some future [9] */
  };
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  RdTsRequest parsed;

  g_assert_true (parse (data, sizeof data, &copy, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parsed.version, ==, 5);
  g_assert_cmpmem (parsed.nego_token, parsed.nego_token_length, "abc", 3);
  g_assert_true (parsed.has_pub_key_auth);
  g_assert_false (parsed.has_error_code);
}

static void
test_parse_multiple_tokens (void)
{
  static const guint8 data[] = {
    0x30, 0x19,
    0xa0, 0x03, 0x02, 0x01, 0x02,
    0xa1, 0x12, 0x30, 0x10,
    0x30, 0x06, 0xa0, 0x04, 0x04, 0x02, 'a', 'b',
    0x30, 0x06, 0xa0, 0x04, 0x04, 0x02, 'c', 'd',
  };
  static const guint8 empty[] = {
    0x30, 0x09, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xa1, 0x02, 0x30, 0x00,
  };
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  g_autofree guint8 *copy_empty = NULL;
  RdTsRequest parsed;

  g_assert_true (parse (data, sizeof data, &copy, &parsed, &error));
  g_assert_cmpmem (parsed.nego_token, parsed.nego_token_length, "ab", 2);

  g_assert_true (parse (empty, sizeof empty, &copy_empty, &parsed, &error));
  g_assert_no_error (error);
  g_assert_null (parsed.nego_token);
  g_assert_cmpuint (parsed.nego_token_length, ==, 0);
}

static void
test_parse_malformed (void)
{
  static const struct {
    const char *name;
    guint8      data[24];
    gsize       length;
    gint        code;
  } cases[] = {
    { "empty", { 0 }, 0, RD_CREDSSP_ERROR_TRUNCATED },
    { "not a SEQUENCE", { 0x31, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x02 }, 7, RD_CREDSSP_ERROR_INVALID },
    { "TLS alert", { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }, 7, RD_CREDSSP_ERROR_INVALID },
    { "indefinite", { 0x30, 0x80, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x00, 0x00 }, 9, RD_CREDSSP_ERROR_INVALID },
    { "length past end", { 0x30, 0x06, 0xa0, 0x03, 0x02, 0x01, 0x02 }, 7, RD_CREDSSP_ERROR_TRUNCATED },
    { "5 length octets", { 0x30, 0x85, 0, 0, 0, 0, 5, 0xa0, 0x03, 0x02, 0x01, 0x02 }, 12, RD_CREDSSP_ERROR_INVALID },
    { "huge length", { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0xa0 }, 7, RD_CREDSSP_ERROR_TRUNCATED },
    { "no version", { 0x30, 0x05, 0xa2, 0x03, 0x04, 0x01, 0x00 }, 7, RD_CREDSSP_ERROR_INVALID },
    { "empty SEQUENCE", { 0x30, 0x00 }, 2, RD_CREDSSP_ERROR_INVALID },
    { "two versions", { 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xa0, 0x03, 0x02, 0x01, 0x03 }, 12,
      RD_CREDSSP_ERROR_INVALID },
    { "implicit tag", { 0x30, 0x03, 0x80, 0x01, 0x02 }, 5, RD_CREDSSP_ERROR_INVALID },
    { "universal in body", { 0x30, 0x03, 0x02, 0x01, 0x02 }, 5, RD_CREDSSP_ERROR_INVALID },
    { "high tag", { 0x30, 0x06, 0xbf, 0x20, 0x02, 0x02, 0x01, 0x02 }, 8, RD_CREDSSP_ERROR_INVALID },
    { "version not INTEGER", { 0x30, 0x05, 0xa0, 0x03, 0x04, 0x01, 0x02 }, 7, RD_CREDSSP_ERROR_INVALID },
    { "empty INTEGER", { 0x30, 0x04, 0xa0, 0x02, 0x02, 0x00 }, 6, RD_CREDSSP_ERROR_INVALID },
    { "negative version", { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0xfe }, 7, RD_CREDSSP_ERROR_INVALID },
    { "6-byte version", { 0x30, 0x0a, 0xa0, 0x08, 0x02, 0x06, 0, 0, 0, 0, 0, 2 }, 12, RD_CREDSSP_ERROR_INVALID },
    { "33-bit errorCode", { 0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x06,
                            0xa4, 0x07, 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, 16,
      RD_CREDSSP_ERROR_INVALID },
    { "errorCode below -2^31", { 0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x06,
                                 0xa4, 0x07, 0x02, 0x05, 0xff, 0x7f, 0xff, 0xff, 0xff }, 16,
      RD_CREDSSP_ERROR_INVALID },
    { "stray bytes in [0]", { 0x30, 0x06, 0xa0, 0x04, 0x02, 0x01, 0x02, 0x00 }, 8, RD_CREDSSP_ERROR_INVALID },
    { "inner past [0]", { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x02, 0x02, 0x00 }, 8, RD_CREDSSP_ERROR_TRUNCATED },
    { "negoTokens not SEQUENCE", { 0x30, 0x0c, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                   0xa1, 0x05, 0x04, 0x03, 'a', 'b', 'c' }, 14, RD_CREDSSP_ERROR_INVALID },
    { "NegoData entry empty", { 0x30, 0x0b, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                0xa1, 0x04, 0x30, 0x02, 0x30, 0x00 }, 13, RD_CREDSSP_ERROR_TRUNCATED },
    { "stray bytes in NegoData entry", { 0x30, 0x13, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                         0xa1, 0x0c, 0x30, 0x0a, 0x30, 0x08, 0xa0, 0x04, 0x04, 0x02, 'a', 'b',
                                         0x00, 0x00 }, 21, RD_CREDSSP_ERROR_INVALID },
    { "negoToken not OCTET STRING", { 0x30, 0x10, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                      0xa1, 0x09, 0x30, 0x07, 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x00 }, 18,
      RD_CREDSSP_ERROR_INVALID },
    { "pubKeyAuth not OCTET STRING", { 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                       0xa3, 0x03, 0x02, 0x01, 0x00 }, 12, RD_CREDSSP_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      RdTsRequest parsed;

      if (parse (cases[i].data, cases[i].length, &copy, &parsed, &error))
        g_error ("%s: parsed", cases[i].name);
      if (!g_error_matches (error, RD_CREDSSP_ERROR, cases[i].code))
        g_error ("%s: %s", cases[i].name, error->message);
      g_assert_null (parsed.nego_token);
      g_assert_false (parsed.has_error_code);
    }
}

static void
test_parse_prefixes (void)
{
  g_autoptr(GByteArray) negotiate = rd_ntlm_build_negotiate ();
  g_autoptr(GByteArray) request = rd_credssp_build_ts_request (6, negotiate->data, negotiate->len);

  for (gsize i = 0; i < request->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      RdTsRequest parsed;

      g_assert_false (parse (request->data, i, &copy, &parsed, &error));
      g_assert_error (error, RD_CREDSSP_ERROR, RD_CREDSSP_ERROR_TRUNCATED);
      g_assert_cmpint (rd_credssp_message_length (request->data, i, 1024), ==, i < 2 ? 0 : request->len);
    }
}

static void
test_message_length (void)
{
  static const struct {
    const char *name;
    guint8      data[8];
    gsize       length;
    gsize       max;
    gssize      expected;
  } cases[] = {
    { "nothing", { 0 }, 0, 1024, 0 },
    { "tag only", { 0x30 }, 1, 1024, 0 },
    { "short form", { 0x30, 0x05 }, 2, 1024, 7 },
    { "short form, max exactly", { 0x30, 0x05 }, 2, 7, 7 },
    { "short form, over max", { 0x30, 0x05 }, 2, 6, -1 },
    { "empty", { 0x30, 0x00 }, 2, 1024, 2 },
    { "long form, no octets yet", { 0x30, 0x82 }, 2, 1024, 0 },
    { "long form, one octet of two", { 0x30, 0x82, 0x01 }, 3, 1024, 0 },
    { "long form", { 0x30, 0x82, 0x01, 0x00 }, 4, 1024, 260 },
    { "long form, 1 octet", { 0x30, 0x81, 0xc8 }, 3, 1024, 203 },
    { "long form, 3 octets", { 0x30, 0x83, 0x01, 0x11, 0x8e }, 5, 1u << 20, 70035 },
    { "long form, 4 octets, over max", { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff }, 6, 65536, -1 },
    { "non-minimal long form", { 0x30, 0x82, 0x00, 0x05 }, 4, 1024, 9 },
    { "indefinite", { 0x30, 0x80 }, 2, 1024, -1 },
    { "5 octets", { 0x30, 0x85, 0, 0, 0, 0, 1 }, 7, 1024, -1 },
    { "reserved 0xff", { 0x30, 0xff }, 2, 1024, -1 },
    { "not a SEQUENCE", { 0x16, 0x03, 0x03 }, 3, 1024, -1 },
    { "not a SEQUENCE, 1 byte", { 0xa0 }, 1, 1024, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (cases[i].data, cases[i].length);
      gssize got = rd_credssp_message_length (copy, cases[i].length, cases[i].max);

      if (got != cases[i].expected)
        g_error ("%s: %" G_GSSIZE_FORMAT " instead of %" G_GSSIZE_FORMAT,
                 cases[i].name, got, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credssp/build/negotiate", test_build_negotiate);
  g_test_add_func ("/credssp/build/versions", test_build_versions);
  g_test_add_func ("/credssp/build/long-form", test_build_long_form);
  g_test_add_func ("/credssp/round-trip/challenge", test_round_trip_challenge);
  g_test_add_func ("/credssp/parse/error-code", test_parse_error_code);
  g_test_add_func ("/credssp/parse/versions", test_parse_versions);
  g_test_add_func ("/credssp/status-lookup", test_status_lookup);
  g_test_add_func ("/credssp/parse/other-fields", test_parse_other_fields);
  g_test_add_func ("/credssp/parse/multiple-tokens", test_parse_multiple_tokens);
  g_test_add_func ("/credssp/parse/malformed", test_parse_malformed);
  g_test_add_func ("/credssp/parse/prefixes", test_parse_prefixes);
  g_test_add_func ("/credssp/message-length", test_message_length);

  return g_test_run ();
}
