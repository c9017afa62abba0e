/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-ntlm.h"
#include "rd-ntlm-private.h"

/* What a Windows Server 2022 host "WIN-RDPLAB" in domain RDPLAB
 * (rdplab.test) answers to our NEGOTIATE, laid out by hand from
 * MS-NLMP 2.2.1.2 and 2.2.2.1. */
static const guint8 realistic_challenge[] = {
  'N', 'T', 'L', 'M', 'S', 'S', 'P', 0x00,
  0x02, 0x00, 0x00, 0x00,                         /* MessageType */
  0x0c, 0x00, 0x0c, 0x00, 0x38, 0x00, 0x00, 0x00, /* TargetNameFields: 12 bytes at 56 */
  0x35, 0x82, 0x89, 0xe2,                         /* NegotiateFlags 0xE2898235 */
  0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, /* ServerChallenge */
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* Reserved */
  0x9c, 0x00, 0x9c, 0x00, 0x44, 0x00, 0x00, 0x00, /* TargetInfoFields: 156 bytes at 68 */
  0x0a, 0x00, 0x7c, 0x4f, 0x00, 0x00, 0x00, 0x0f, /* Version 10.0.20348, revision 15 */
  /* 56: TargetName "RDPLAB" */
  'R', 0, 'D', 0, 'P', 0, 'L', 0, 'A', 0, 'B', 0,
  /* 68: TargetInfo */
  0x02, 0x00, 0x0c, 0x00,                         /* MsvAvNbDomainName */
  'R', 0, 'D', 0, 'P', 0, 'L', 0, 'A', 0, 'B', 0,
  0x01, 0x00, 0x14, 0x00,                         /* MsvAvNbComputerName */
  'W', 0, 'I', 0, 'N', 0, '-', 0, 'R', 0, 'D', 0, 'P', 0, 'L', 0, 'A', 0, 'B', 0,
  0x04, 0x00, 0x16, 0x00,                         /* MsvAvDnsDomainName */
  'r', 0, 'd', 0, 'p', 0, 'l', 0, 'a', 0, 'b', 0, '.', 0, 't', 0, 'e', 0, 's', 0, 't', 0,
  0x03, 0x00, 0x2c, 0x00,                         /* MsvAvDnsComputerName */
  'w', 0, 'i', 0, 'n', 0, '-', 0, 'r', 0, 'd', 0, 'p', 0, 'l', 0, 'a', 0, 'b', 0, '.', 0,
  'r', 0, 'd', 0, 'p', 0, 'l', 0, 'a', 0, 'b', 0, '.', 0, 't', 0, 'e', 0, 's', 0, 't', 0,
  0x05, 0x00, 0x16, 0x00,                         /* MsvAvDnsTreeName */
  'r', 0, 'd', 0, 'p', 0, 'l', 0, 'a', 0, 'b', 0, '.', 0, 't', 0, 'e', 0, 's', 0, 't', 0,
  0x07, 0x00, 0x08, 0x00,                         /* MsvAvTimestamp */
  0x87, 0xd6, 0x7f, 0xc6, 0x47, 0x17, 0xda, 0x01, /* 133444736001234567 */
  0x00, 0x00, 0x00, 0x00,                         /* MsvAvEOL */
};

#define REALISTIC_TARGET_INFO_OFFSET 68

/* Parses a copy of exactly @length bytes, so ASan sees any over-read. */
static gboolean
parse (const guint8     *data,
       gsize             length,
       RdNtlmChallenge  *challenge,
       GError          **error)
{
  g_autofree guint8 *copy = g_memdup2 (data, length);

  return rd_ntlm_parse_challenge (copy, length, challenge, error);
}

static void
put_u16 (guint8  *p,
         guint16  value)
{
  p[0] = value & 0xff;
  p[1] = value >> 8;
}

static void
put_u32 (guint8  *p,
         guint32  value)
{
  put_u16 (p, value & 0xffff);
  put_u16 (p + 2, value >> 16);
}

static void
append_av (GByteArray   *info,
           guint16       id,
           const guint8 *value,
           gsize         length)
{
  guint8 header[4];

  put_u16 (header, id);
  put_u16 (header + 2, (guint16) length);
  g_byte_array_append (info, header, sizeof header);
  if (length > 0)
    g_byte_array_append (info, value, length);
}

/* An ASCII string as UTF-16LE. */
static void
append_av_string (GByteArray *info,
                  guint16     id,
                  const char *text)
{
  gsize n = strlen (text);
  g_autofree guint8 *units = g_new0 (guint8, 2 * n + 1);

  for (gsize i = 0; i < n; i++)
    units[2 * i] = (guint8) text[i];
  append_av (info, id, units, 2 * n);
}

static void
append_av_eol (GByteArray *info)
{
  append_av (info, 0, NULL, 0);
}

/* A 56-byte-header CHALLENGE with TargetName "SRV" and @info as TargetInfo. */
static GByteArray *
build_challenge (guint32           flags,
                 const GByteArray *info)
{
  GByteArray *message = g_byte_array_new ();
  guint8 header[56] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0 };
  static const guint8 name[] = { 'S', 0, 'R', 0, 'V', 0 };

  put_u16 (header + 12, sizeof name);
  put_u16 (header + 14, sizeof name);
  put_u32 (header + 16, 56);
  put_u32 (header + 20, flags);
  memcpy (header + 24, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
  put_u16 (header + 40, info->len);
  put_u16 (header + 42, info->len);
  put_u32 (header + 44, 56 + sizeof name);
  header[48] = 6;
  header[49] = 1;
  put_u16 (header + 50, 7601);
  header[55] = 0x0f;

  g_byte_array_append (message, header, sizeof header);
  g_byte_array_append (message, name, sizeof name);
  g_byte_array_append (message, info->data, info->len);

  return message;
}

static void
test_negotiate_layout (void)
{
  g_autoptr(GByteArray) message = rd_ntlm_build_negotiate ();
  static const guint8 expected[] = {
    'N', 'T', 'L', 'M', 'S', 'S', 'P', 0x00,
    0x01, 0x00, 0x00, 0x00,                         /* MessageType: NEGOTIATE */
    0xb7, 0x82, 0x08, 0xe2,                         /* NegotiateFlags 0xE20882B7 */
    0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, /* DomainNameFields: empty, at 40 */
    0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, /* WorkstationFields: empty, at 40 */
    0x0a, 0x00, 0x61, 0x4a, 0x00, 0x00, 0x00, 0x0f, /* Version 10.0.19041, revision 15 */
  };

  g_assert_cmpmem (message->data, message->len, expected, sizeof expected);
  g_assert_cmpuint (message->len, ==, RD_NTLM_NEGOTIATE_SIZE);
  g_assert_cmpint (rd_ntlm_message_type (message->data, message->len), ==, RD_NTLM_MESSAGE_NEGOTIATE);
  g_assert_false (rd_ntlm_find_message (message->data, message->len, RD_NTLM_MESSAGE_AUTHENTICATE));

  /* The Version field is only meaningful with its flag, and the flags
   * must not ask for a domain or workstation we do not send. */
  g_assert_cmphex (RD_NTLM_NEGOTIATE_FLAGS & RD_NTLMSSP_NEGOTIATE_VERSION, !=, 0);
  g_assert_cmphex (RD_NTLM_NEGOTIATE_FLAGS & (RD_NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED |
                                              RD_NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED |
                                              RD_NTLMSSP_ANONYMOUS), ==, 0);
}

static void
test_challenge_realistic (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };
  static const guint8 server_challenge[] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

  g_assert_true (parse (realistic_challenge, sizeof realistic_challenge, &challenge, &error));
  g_assert_no_error (error);

  g_assert_cmphex (challenge.flags, ==, 0xE2898235);
  g_assert_cmphex (challenge.flags & RD_NTLMSSP_NEGOTIATE_TARGET_INFO, !=, 0);
  g_assert_cmphex (challenge.flags & RD_NTLMSSP_TARGET_TYPE_DOMAIN, !=, 0);
  g_assert_cmpmem (challenge.server_challenge, 8, server_challenge, 8);
  g_assert_cmpstr (challenge.target_name, ==, "RDPLAB");
  g_assert_cmpstr (challenge.netbios_computer, ==, "WIN-RDPLAB");
  g_assert_cmpstr (challenge.netbios_domain, ==, "RDPLAB");
  g_assert_cmpstr (challenge.dns_computer, ==, "win-rdplab.rdplab.test");
  g_assert_cmpstr (challenge.dns_domain, ==, "rdplab.test");
  g_assert_cmpstr (challenge.dns_tree, ==, "rdplab.test");
  g_assert_null (challenge.target_spn);
  g_assert_true (challenge.has_timestamp);
  g_assert_cmpuint (challenge.timestamp_filetime, ==, G_GUINT64_CONSTANT (133444736001234567));
  g_assert_cmpint (challenge.timestamp_unix, ==, 1700000000);  /* 2023-11-14 22:13:20 UTC */
  g_assert_true (challenge.has_version);
  g_assert_cmpuint (challenge.version_major, ==, 10);
  g_assert_cmpuint (challenge.version_minor, ==, 0);
  g_assert_cmpuint (challenge.version_build, ==, 20348);
  g_assert_false (challenge.has_av_flags);
  g_assert_cmpuint (challenge.av_flags, ==, 0);
  g_assert_null (challenge.problem);

  g_assert_cmpint (rd_ntlm_message_type (realistic_challenge, sizeof realistic_challenge),
                   ==, RD_NTLM_MESSAGE_CHALLENGE);
}

/* The product version as the report shows it, or NULL. */
static char *
version_string (const guint8 *data,
                gsize         length)
{
  g_auto(RdNtlmChallenge) challenge = { 0 };

  g_assert_true (parse (data, length, &challenge, NULL));
  return rd_ntlm_challenge_version_to_string (&challenge);
}

/* Only when the message carries a version: its flag set and room for it
 * before the payload. */
static void
test_challenge_version_string (void)
{
  g_autoptr(GByteArray) info = g_byte_array_new ();
  g_autoptr(GByteArray) with_flag = NULL;
  g_autoptr(GByteArray) without_flag = NULL;
  g_autofree char *realistic = version_string (realistic_challenge, sizeof realistic_challenge);
  g_autofree char *flagged = NULL;
  g_autofree char *unflagged = NULL;

  append_av_string (info, 1, "SRV");
  append_av_eol (info);
  with_flag = build_challenge (RD_NTLMSSP_NEGOTIATE_UNICODE | RD_NTLMSSP_NEGOTIATE_VERSION, info);
  without_flag = build_challenge (RD_NTLMSSP_NEGOTIATE_UNICODE, info);
  flagged = version_string (with_flag->data, with_flag->len);
  unflagged = version_string (without_flag->data, without_flag->len);

  g_assert_cmpstr (realistic, ==, "10.0.20348");
  g_assert_cmpstr (flagged, ==, "6.1.7601");
  /* The bytes are there, the flag says they mean nothing. */
  g_assert_null (unflagged);
}

static void
test_challenge_all_av_ids (void)
{
  g_autoptr(GByteArray) info = g_byte_array_new ();
  g_autoptr(GByteArray) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };
  static const guint8 flags[] = { 0x02, 0x00, 0x00, 0x00 };
  static const guint8 epoch[] = { 0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01 };
  guint8 single_host[48] = { 48 };
  guint8 bindings[16] = { 0 };
  static const char snowman[] = { 0x03, 0x26 };  /* U+2603, needs UTF-8's 3 bytes */

  append_av_string (info, 1, "HOST");
  append_av (info, 6, flags, sizeof flags);
  append_av (info, 7, epoch, sizeof epoch);            /* 116444736000000000 */
  append_av (info, 8, single_host, sizeof single_host);
  append_av_string (info, 9, "TERMSRV/host.example");
  append_av (info, 10, bindings, sizeof bindings);
  append_av (info, 0x7777, bindings, 3);               /* unknown ids are skipped */
  append_av (info, 2, (const guint8 *) snowman, sizeof snowman);
  append_av_eol (info);
  message = build_challenge (0x608a8215, info);        /* no VERSION flag */

  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_no_error (error);
  g_assert_null (challenge.problem);
  g_assert_cmpstr (challenge.target_name, ==, "SRV");
  g_assert_cmpstr (challenge.netbios_computer, ==, "HOST");
  g_assert_cmpstr (challenge.netbios_domain, ==, "\xe2\x98\x83");
  g_assert_cmpstr (challenge.target_spn, ==, "TERMSRV/host.example");
  g_assert_true (challenge.has_av_flags);
  g_assert_cmphex (challenge.av_flags, ==, RD_NTLM_AV_FLAG_MIC);
  g_assert_true (challenge.has_timestamp);
  g_assert_cmpint (challenge.timestamp_unix, ==, 0);
  /* Version bytes are there, but the flag says they mean nothing. */
  g_assert_false (challenge.has_version);
  g_assert_cmpuint (challenge.version_major, ==, 0);
}

static void
test_challenge_prefixes (void)
{
  /* However the message is cut, the parser fails or says what is wrong. */
  for (gsize i = 0; i < sizeof realistic_challenge; i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(RdNtlmChallenge) challenge = { 0 };

      if (parse (realistic_challenge, i, &challenge, &error))
        {
          g_assert_no_error (error);
          g_assert_nonnull (challenge.problem);
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == RD_NTLM_ERROR);
          g_assert_null (challenge.target_name);
          g_assert_null (challenge.netbios_computer);
        }
    }
}

/* A copy of the realistic challenge with TargetInfo's length changed to
 * @info_length, the message cut at its end. */
static GByteArray *
realistic_with_info_length (gsize info_length)
{
  GByteArray *message = g_byte_array_new ();

  g_byte_array_append (message, realistic_challenge, REALISTIC_TARGET_INFO_OFFSET + info_length);
  put_u16 (message->data + 40, info_length);
  put_u16 (message->data + 42, info_length);

  return message;
}

static void
test_challenge_av_overrun (void)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };

  /* MsvAvDnsDomainName (at TargetInfo + 40) claims 0x0400 bytes. */
  g_byte_array_append (message, realistic_challenge, sizeof realistic_challenge);
  put_u16 (message->data + REALISTIC_TARGET_INFO_OFFSET + 40 + 2, 0x400);

  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_no_error (error);
  g_assert_nonnull (challenge.problem);
  g_assert_nonnull (strstr (challenge.problem, "MsvAvDnsDomainName"));
  /* What came before is kept, nothing after. */
  g_assert_cmpstr (challenge.target_name, ==, "RDPLAB");
  g_assert_cmpstr (challenge.netbios_domain, ==, "RDPLAB");
  g_assert_cmpstr (challenge.netbios_computer, ==, "WIN-RDPLAB");
  g_assert_null (challenge.dns_domain);
  g_assert_null (challenge.dns_computer);
  g_assert_false (challenge.has_timestamp);
}

static void
test_challenge_no_eol (void)
{
  /* TargetInfo ends right after the timestamp, or two bytes into the EOL. */
  for (gsize cut = 4; cut >= 2; cut -= 2)
    {
      g_autoptr(GByteArray) message = realistic_with_info_length (156 - cut);
      g_autoptr(GError) error = NULL;
      g_auto(RdNtlmChallenge) challenge = { 0 };

      g_assert_true (parse (message->data, message->len, &challenge, &error));
      g_assert_no_error (error);
      g_assert_nonnull (challenge.problem);
      g_assert_nonnull (strstr (challenge.problem, "EOL"));
      g_assert_true (challenge.has_timestamp);
      g_assert_cmpstr (challenge.dns_tree, ==, "rdplab.test");
    }
}

static void
test_challenge_bad_av_pairs (void)
{
  static const guint8 three[] = { 1, 2, 3 };
  static const guint8 four[] = { 1, 2, 3, 4 };
  static const struct {
    const char *name;
    guint16     id;
    const char *expect;
  } cases[] = {
    { "flags of 3", 6, "MsvAvFlags of 3" },
    { "timestamp of 4", 7, "MsvAvTimestamp of 4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) info = g_byte_array_new ();
      g_autoptr(GByteArray) message = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(RdNtlmChallenge) challenge = { 0 };

      append_av (info, cases[i].id, cases[i].id == 6 ? three : four, cases[i].id == 6 ? 3 : 4);
      append_av_string (info, 3, "after");
      append_av_eol (info);
      message = build_challenge (0xe28a8215, info);

      g_assert_true (parse (message->data, message->len, &challenge, &error));
      g_assert_no_error (error);
      if (challenge.problem == NULL || strstr (challenge.problem, cases[i].expect) == NULL)
        g_error ("%s: problem %s", cases[i].name, challenge.problem);
      g_assert_false (challenge.has_av_flags);
      g_assert_false (challenge.has_timestamp);
      /* A bad length is no reason to stop: the pair's extent is known. */
      g_assert_cmpstr (challenge.dns_computer, ==, "after");
      g_assert_true (challenge.has_version);
      g_assert_cmpuint (challenge.version_build, ==, 7601);
    }
}

static void
test_challenge_duplicate_av (void)
{
  g_autoptr(GByteArray) info = g_byte_array_new ();
  g_autoptr(GByteArray) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };

  append_av_string (info, 1, "FIRST");
  append_av_string (info, 1, "SECOND");
  append_av_string (info, 4, "example.org");
  append_av_eol (info);
  message = build_challenge (0xe28a8215, info);

  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_nonnull (challenge.problem);
  g_assert_nonnull (strstr (challenge.problem, "repeated"));
  g_assert_cmpstr (challenge.netbios_computer, ==, "FIRST");
  g_assert_cmpstr (challenge.dns_domain, ==, "example.org");
}

static void
test_challenge_too_many_av (void)
{
  g_autoptr(GByteArray) info = g_byte_array_new ();
  g_autoptr(GByteArray) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };

  for (guint i = 0; i < 200; i++)
    append_av (info, 0x100 + i, NULL, 0);
  append_av_eol (info);
  message = build_challenge (0xe28a8215, info);

  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_nonnull (challenge.problem);
  g_assert_nonnull (strstr (challenge.problem, "more than"));
}

static void
test_challenge_bad_utf16 (void)
{
  static const guint8 lone_surrogate[] = { 'A', 0, 0x00, 0xd8, 'B', 0 };
  static const guint8 low_first[] = { 0x00, 0xdc, 0x00, 0xd8 };
  static const guint8 odd[] = { 'A', 0, 'B' };
  static const guint8 embedded_nul[] = { 'A', 0, 0, 0, 'B', 0 };
  static const guint8 trailing_nul[] = { 'A', 0, 'B', 0, 0, 0 };
  static const guint8 pair[] = { 0x3d, 0xd8, 0x00, 0xde };  /* U+1F600 */
  static const struct {
    const char   *name;
    const guint8 *value;
    gsize         length;
    const char   *result;
  } cases[] = {
    { "lone surrogate", lone_surrogate, sizeof lone_surrogate, NULL },
    { "low before high", low_first, sizeof low_first, NULL },
    { "odd length", odd, sizeof odd, NULL },
    { "embedded NUL", embedded_nul, sizeof embedded_nul, NULL },
    { "trailing NUL", trailing_nul, sizeof trailing_nul, "AB" },
    { "surrogate pair", pair, sizeof pair, "\xf0\x9f\x98\x80" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) info = g_byte_array_new ();
      g_autoptr(GByteArray) message = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(RdNtlmChallenge) challenge = { 0 };

      append_av (info, 1, cases[i].value, cases[i].length);
      append_av_string (info, 2, "DOM");
      append_av_eol (info);
      message = build_challenge (0xe28a8215, info);

      g_assert_true (parse (message->data, message->len, &challenge, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (challenge.netbios_computer, ==, cases[i].result);
      g_assert_cmpstr (challenge.netbios_domain, ==, "DOM");
      if (cases[i].result == NULL)
        {
          if (challenge.problem == NULL || strstr (challenge.problem, "MsvAvNbComputerName") == NULL)
            g_error ("%s: problem %s", cases[i].name, challenge.problem);
        }
      else
        {
          g_assert_null (challenge.problem);
        }
    }
}

static void
test_challenge_several_problems (void)
{
  g_autoptr(GByteArray) info = g_byte_array_new ();
  g_autoptr(GByteArray) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };
  static const guint8 odd[] = { 'A', 0, 'B' };
  static const guint8 eol_value[] = { 0xee, 0xee };

  append_av (info, 3, odd, sizeof odd);
  append_av (info, 7, odd, sizeof odd);
  append_av_string (info, 4, "example.org");
  append_av (info, 0, eol_value, sizeof eol_value);
  append_av_string (info, 1, "AFTER-EOL");
  message = build_challenge (0xe28a8215, info);

  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_no_error (error);
  /* Every problem is reported, in order. */
  g_assert_cmpstr (challenge.problem, ==,
                   "MsvAvDnsComputerName: odd byte count for UTF-16; "
                   "TargetInfo: MsvAvTimestamp of 3 bytes instead of 8; "
                   "TargetInfo: MsvAvEOL with length 2");
  g_assert_cmpstr (challenge.dns_domain, ==, "example.org");
  /* Nothing after the end marker counts. */
  g_assert_null (challenge.netbios_computer);
}

static void
test_challenge_bad_header (void)
{
  static const struct {
    const char *name;
    gsize       offset;    /* where to patch a u32 into the realistic challenge */
    guint32     value;
    gsize       length;    /* 0: the whole message */
    gint        code;
  } cases[] = {
    { "signature", 4, 0x00505353 ^ 0x20, 0, RD_NTLM_ERROR_INVALID },
    { "NEGOTIATE", 8, 1, 0, RD_NTLM_ERROR_INVALID },
    { "AUTHENTICATE", 8, 3, 0, RD_NTLM_ERROR_INVALID },
    { "type 0x10002", 8, 0x00010002, 0, RD_NTLM_ERROR_INVALID },
    { "short", 8, 2, 31, RD_NTLM_ERROR_TRUNCATED },
    { "no type", 8, 2, 11, RD_NTLM_ERROR_TRUNCATED },
    { "TargetName past end", 16, 220, 0, RD_NTLM_ERROR_TRUNCATED },
    { "TargetName offset huge", 16, 0xfffffffc, 0, RD_NTLM_ERROR_TRUNCATED },
    { "TargetName in header", 16, 8, 0, RD_NTLM_ERROR_INVALID },
    { "TargetInfo past end", 44, 69, 0, RD_NTLM_ERROR_TRUNCATED },
    { "TargetInfo offset huge", 44, 0xffffff64, 0, RD_NTLM_ERROR_TRUNCATED },
    { "TargetInfo in header", 44, 40, 0, RD_NTLM_ERROR_INVALID },
    { "TargetInfo length huge", 40, 0xffffffff, 0, RD_NTLM_ERROR_TRUNCATED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) message = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_auto(RdNtlmChallenge) challenge = { 0 };

      g_byte_array_append (message, realistic_challenge, sizeof realistic_challenge);
      put_u32 (message->data + cases[i].offset, cases[i].value);
      if (cases[i].length != 0)
        g_byte_array_set_size (message, cases[i].length);

      if (parse (message->data, message->len, &challenge, &error))
        g_error ("%s: parsed", cases[i].name);
      if (!g_error_matches (error, RD_NTLM_ERROR, cases[i].code))
        g_error ("%s: %s", cases[i].name, error->message);
      g_assert_null (challenge.problem);
      g_assert_null (challenge.target_name);
    }

  g_assert_false (rd_ntlm_parse_challenge (NULL, 0, &(RdNtlmChallenge) { 0 }, NULL));
}

static void
test_challenge_short_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };
  guint8 message[64] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0 };

  /* The oldest form: header ends after the server challenge, no name. */
  put_u32 (message + 16, 32);
  put_u32 (message + 20, 0x02008201);  /* VERSION set, but there is no room */
  g_assert_true (parse (message, 32, &challenge, &error));
  g_assert_no_error (error);
  g_assert_false (challenge.has_version);
  g_assert_null (challenge.target_name);
  g_assert_null (challenge.problem);
  rd_ntlm_challenge_clear (&challenge);

  /* A 32-byte header with TargetName right behind it: bytes 40..47 are
   * name, not TargetInfoFields. */
  put_u16 (message + 12, 24);
  put_u16 (message + 14, 24);
  for (guint i = 0; i < 12; i++)
    message[32 + 2 * i] = 'a' + i;
  g_assert_true (parse (message, 56, &challenge, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (challenge.target_name, ==, "abcdefghijkl");
  g_assert_false (challenge.has_version);
  rd_ntlm_challenge_clear (&challenge);

  /* A 48-byte header (TargetInfoFields, no Version) with VERSION set:
   * the payload at 48 leaves no room for it. */
  memset (message + 12, 0, sizeof message - 12);
  put_u16 (message + 12, 2);
  put_u32 (message + 16, 48);
  put_u32 (message + 20, 0x02008201);
  message[48] = 'X';
  g_assert_true (parse (message, 50, &challenge, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (challenge.target_name, ==, "X");
  g_assert_false (challenge.has_version);
}

static void
test_challenge_oem (void)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(RdNtlmChallenge) challenge = { 0 };
  static const guint8 oem_header[] = {
    'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0,
    4, 0, 4, 0, 48, 0, 0, 0,                /* TargetName: 4 bytes at 48 */
    0x02, 0x82, 0x00, 0x00,                 /* OEM, not UNICODE */
    1, 2, 3, 4, 5, 6, 7, 8,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 48, 0, 0, 0,                /* no TargetInfo */
  };

  g_byte_array_append (message, oem_header, sizeof oem_header);
  g_byte_array_append (message, (const guint8 *) "CORP", 4);
  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_cmpstr (challenge.target_name, ==, "CORP");
  g_assert_null (challenge.problem);
  rd_ntlm_challenge_clear (&challenge);

  message->data[49] = 0xc9;                 /* a code-page byte we cannot read */
  g_assert_true (parse (message->data, message->len, &challenge, &error));
  g_assert_null (challenge.target_name);
  g_assert_nonnull (challenge.problem);
}

static void
test_message_type (void)
{
  guint8 message[12] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 0, 0, 0, 0 };

  g_assert_cmpint (rd_ntlm_message_type (NULL, 0), ==, RD_NTLM_MESSAGE_NONE);
  g_assert_cmpint (rd_ntlm_message_type (message, 11), ==, RD_NTLM_MESSAGE_NONE);
  for (guint32 type = 0; type <= 5; type++)
    {
      message[8] = type;
      g_assert_cmpint (rd_ntlm_message_type (message, sizeof message), ==,
                       type >= 1 && type <= 3 ? (RdNtlmMessageType) type : RD_NTLM_MESSAGE_NONE);
    }
  message[8] = 3;
  message[11] = 1;
  g_assert_cmpint (rd_ntlm_message_type (message, sizeof message), ==, RD_NTLM_MESSAGE_NONE);
  message[11] = 0;
  message[7] = ' ';
  g_assert_cmpint (rd_ntlm_message_type (message, sizeof message), ==, RD_NTLM_MESSAGE_NONE);
}

static void
test_find_message (void)
{
  g_autoptr(GByteArray) recorded = g_byte_array_new ();
  g_autoptr(GByteArray) negotiate = rd_ntlm_build_negotiate ();
  static const guint8 noise[] = { 0x30, 0x37, 'N', 'T', 'L', 'M', 0x00, 0x04, 0x28 };
  static const guint8 authenticate[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0, 0, 0 };

  /* Something like a client's record: noise, an unaligned NEGOTIATE. */
  g_byte_array_append (recorded, noise, sizeof noise);
  g_byte_array_append (recorded, negotiate->data, negotiate->len);

  g_assert_true (rd_ntlm_find_message (recorded->data, recorded->len, RD_NTLM_MESSAGE_NEGOTIATE));
  g_assert_false (rd_ntlm_find_message (recorded->data, recorded->len, RD_NTLM_MESSAGE_AUTHENTICATE));
  g_assert_false (rd_ntlm_find_message (recorded->data, recorded->len, RD_NTLM_MESSAGE_CHALLENGE));
  g_assert_false (rd_ntlm_find_message (NULL, 0, RD_NTLM_MESSAGE_NEGOTIATE));

  /* At the very end of the buffer, and one byte short of it. */
  g_byte_array_append (recorded, authenticate, sizeof authenticate);
  g_assert_true (rd_ntlm_find_message (recorded->data, recorded->len, RD_NTLM_MESSAGE_AUTHENTICATE));
  g_assert_false (rd_ntlm_find_message (recorded->data, recorded->len - 1, RD_NTLM_MESSAGE_AUTHENTICATE));
  g_assert_true (rd_ntlm_find_message (authenticate, sizeof authenticate, RD_NTLM_MESSAGE_AUTHENTICATE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ntlm/negotiate/layout", test_negotiate_layout);
  g_test_add_func ("/ntlm/challenge/realistic", test_challenge_realistic);
  g_test_add_func ("/ntlm/challenge/version-string", test_challenge_version_string);
  g_test_add_func ("/ntlm/challenge/all-av-ids", test_challenge_all_av_ids);
  g_test_add_func ("/ntlm/challenge/prefixes", test_challenge_prefixes);
  g_test_add_func ("/ntlm/challenge/av-overrun", test_challenge_av_overrun);
  g_test_add_func ("/ntlm/challenge/no-eol", test_challenge_no_eol);
  g_test_add_func ("/ntlm/challenge/bad-av-pairs", test_challenge_bad_av_pairs);
  g_test_add_func ("/ntlm/challenge/duplicate-av", test_challenge_duplicate_av);
  g_test_add_func ("/ntlm/challenge/too-many-av", test_challenge_too_many_av);
  g_test_add_func ("/ntlm/challenge/bad-utf16", test_challenge_bad_utf16);
  g_test_add_func ("/ntlm/challenge/several-problems", test_challenge_several_problems);
  g_test_add_func ("/ntlm/challenge/bad-header", test_challenge_bad_header);
  g_test_add_func ("/ntlm/challenge/short-headers", test_challenge_short_headers);
  g_test_add_func ("/ntlm/challenge/oem", test_challenge_oem);
  g_test_add_func ("/ntlm/message-type", test_message_type);
  g_test_add_func ("/ntlm/find-message", test_find_message);

  return g_test_run ();
}
