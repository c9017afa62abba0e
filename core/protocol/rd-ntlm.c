/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-bytes.h"
#include "rd-ntlm-private.h"

/* MS-NLMP 2.2.1.1 (NEGOTIATE_MESSAGE), 2.2.1.2 (CHALLENGE_MESSAGE),
 * 2.2.2.1 (AV_PAIR), 2.2.2.10 (VERSION). All integers are little-endian. */
#define NTLM_SIGNATURE        "NTLMSSP\0"
#define NTLM_SIGNATURE_SIZE   8
#define NTLM_TYPE_SIZE        (NTLM_SIGNATURE_SIZE + 4)
#define NTLM_VERSION_SIZE     8

/* CHALLENGE_MESSAGE layout. Before NTLMv2 the header stopped after the
 * server challenge (32 bytes); Windows 2000 added Reserved (once called
 * Context) and TargetInfoFields (48); XP SP2 added Version (56). */
#define CHALLENGE_TARGET_NAME_FIELDS  12
#define CHALLENGE_FLAGS               20
#define CHALLENGE_SERVER_CHALLENGE    24
#define CHALLENGE_TARGET_INFO_FIELDS  40
#define CHALLENGE_VERSION             48
#define CHALLENGE_MIN_SIZE            32
#define CHALLENGE_TARGET_INFO_END     48
#define CHALLENGE_VERSION_END         56

/* AV_PAIR AvId values. */
enum
{
  AV_EOL = 0,
  AV_NB_COMPUTER_NAME = 1,
  AV_NB_DOMAIN_NAME = 2,
  AV_DNS_COMPUTER_NAME = 3,
  AV_DNS_DOMAIN_NAME = 4,
  AV_DNS_TREE_NAME = 5,
  AV_FLAGS = 6,
  AV_TIMESTAMP = 7,
  AV_SINGLE_HOST = 8,
  AV_TARGET_NAME = 9,
  AV_CHANNEL_BINDINGS = 10,
};

/* A server sends about ten; more is a loop or garbage. */
#define AV_PAIR_MAX 64

/* Seconds from 1601-01-01 to 1970-01-01. */
#define FILETIME_UNIX_EPOCH G_GINT64_CONSTANT (11644473600)

/* Our NEGOTIATE_MESSAGE's flags, 0xE20882B7, the set mstsc sends:
 *   A 0x00000001 NEGOTIATE_UNICODE    strings in UTF-16LE
 *   B 0x00000002 NEGOTIATE_OEM        or OEM, whichever the server prefers
 *   C 0x00000004 REQUEST_TARGET       the server names itself in TargetName
 *   D 0x00000010 NEGOTIATE_SIGN
 *   E 0x00000020 NEGOTIATE_SEAL
 *   G 0x00000080 NEGOTIATE_LM_KEY     mutually exclusive with P; a server
 *                                     given both returns P alone (2.2.2.5)
 *   H 0x00000200 NEGOTIATE_NTLM
 *   M 0x00008000 NEGOTIATE_ALWAYS_SIGN
 *   P 0x00080000 NEGOTIATE_EXTENDED_SESSIONSECURITY
 *   T 0x02000000 NEGOTIATE_VERSION    our Version field is meaningful; a
 *                                     server that agrees sends its own
 *   U 0x20000000 NEGOTIATE_128
 *   V 0x40000000 NEGOTIATE_KEY_EXCH
 *   W 0x80000000 NEGOTIATE_56
 * Asking for what a real client asks for gets the answer a real client gets;
 * we never use the keys, since we stop at the CHALLENGE. */
G_STATIC_ASSERT (RD_NTLM_NEGOTIATE_FLAGS ==
                 (RD_NTLMSSP_NEGOTIATE_UNICODE | RD_NTLMSSP_NEGOTIATE_OEM |
                  RD_NTLMSSP_REQUEST_TARGET | RD_NTLMSSP_NEGOTIATE_SIGN |
                  RD_NTLMSSP_NEGOTIATE_SEAL | RD_NTLMSSP_NEGOTIATE_LM_KEY |
                  RD_NTLMSSP_NEGOTIATE_NTLM | RD_NTLMSSP_NEGOTIATE_ALWAYS_SIGN |
                  RD_NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
                  RD_NTLMSSP_NEGOTIATE_VERSION | RD_NTLMSSP_NEGOTIATE_128 |
                  RD_NTLMSSP_NEGOTIATE_KEY_EXCH | RD_NTLMSSP_NEGOTIATE_56));

G_DEFINE_QUARK (rd-ntlm-error-quark, rd_ntlm_error)

/**
 * rd_ntlm_build_negotiate:
 *
 * Returns: (transfer full): a NEGOTIATE_MESSAGE announcing Windows 10.0
 *   build 19041, with empty DomainName and Workstation fields.
 */
GByteArray *
rd_ntlm_build_negotiate (void)
{
  guint8 message[RD_NTLM_NEGOTIATE_SIZE] = { 0 };

  memcpy (message, NTLM_SIGNATURE, NTLM_SIGNATURE_SIZE);
  rd_put_u32_le (message + 8, RD_NTLM_MESSAGE_NEGOTIATE);
  rd_put_u32_le (message + 12, RD_NTLM_NEGOTIATE_FLAGS);

  /* DomainNameFields, then WorkstationFields: Len 0, MaxLen 0, and the
   * offset of the (empty) payload, which starts right after Version. */
  rd_put_u32_le (message + 20, RD_NTLM_NEGOTIATE_SIZE);
  rd_put_u32_le (message + 28, RD_NTLM_NEGOTIATE_SIZE);

  /* VERSION: major, minor, build (LE), 3 reserved bytes, NTLMRevisionCurrent. */
  message[32] = 10;
  message[33] = 0;
  rd_put_u16_le (message + 34, 19041);
  message[39] = 0x0f;

  return g_byte_array_append (g_byte_array_sized_new (sizeof message), message, sizeof message);
}

/**
 * rd_ntlm_message_type:
 * @data: (array length=length): bytes that may be an NTLM message
 * @length: how many
 *
 * Returns: the MessageType of an NTLM message starting at @data, or
 *   %RD_NTLM_MESSAGE_NONE when it does not start with the NTLMSSP signature
 *   or its type is not one of the three messages.
 */
RdNtlmMessageType
rd_ntlm_message_type (const guint8 *data,
                      gsize         length)
{
  guint32 type;

  if (data == NULL || length < NTLM_TYPE_SIZE)
    return RD_NTLM_MESSAGE_NONE;
  if (memcmp (data, NTLM_SIGNATURE, NTLM_SIGNATURE_SIZE) != 0)
    return RD_NTLM_MESSAGE_NONE;

  type = rd_get_u32_le (data + NTLM_SIGNATURE_SIZE);
  if (type < RD_NTLM_MESSAGE_NEGOTIATE || type > RD_NTLM_MESSAGE_AUTHENTICATE)
    return RD_NTLM_MESSAGE_NONE;

  return (RdNtlmMessageType) type;
}

/**
 * rd_ntlm_find_message:
 * @data: (array length=length): any bytes, e.g. what a client sent
 * @length: how many
 * @type: an NTLM MessageType
 *
 * Returns: whether the NTLMSSP signature followed by @type appears anywhere
 *   in @data.
 */
gboolean
rd_ntlm_find_message (const guint8 *data,
                      gsize         length,
                      guint32       type)
{
  if (data == NULL || length < NTLM_TYPE_SIZE)
    return FALSE;

  for (gsize i = 0; i <= length - NTLM_TYPE_SIZE; i++)
    {
      if (data[i] == 'N' &&
          memcmp (data + i, NTLM_SIGNATURE, NTLM_SIGNATURE_SIZE) == 0 &&
          rd_get_u32_le (data + i + NTLM_SIGNATURE_SIZE) == type)
        return TRUE;
    }

  return FALSE;
}

/**
 * rd_ntlm_challenge_clear:
 * @challenge: a challenge filled by rd_ntlm_parse_challenge()
 *
 * Frees what @challenge owns and zeroes it.
 */
void
rd_ntlm_challenge_clear (RdNtlmChallenge *challenge)
{
  g_free (challenge->target_name);
  g_free (challenge->netbios_computer);
  g_free (challenge->netbios_domain);
  g_free (challenge->dns_computer);
  g_free (challenge->dns_domain);
  g_free (challenge->dns_tree);
  g_free (challenge->target_spn);
  g_free (challenge->problem);
  memset (challenge, 0, sizeof *challenge);
}

static void add_problem (RdNtlmChallenge *challenge,
                         const char      *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (RdNtlmChallenge *challenge,
             const char      *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (challenge->problem == NULL)
    {
      challenge->problem = g_steal_pointer (&text);
    }
  else
    {
      char *joined = g_strconcat (challenge->problem, "; ", text, NULL);

      g_free (challenge->problem);
      challenge->problem = joined;
    }
}

/* Decodes UTF-16LE into UTF-8, or returns NULL and says why. A server may
 * NUL-terminate a name; anything after an embedded NUL would be dropped
 * by GLib, so that counts as malformed rather than being cut silently. */
static char *
utf16le_to_utf8 (const guint8  *p,
                 gsize          length,
                 const char   **why)
{
  g_autofree gunichar2 *units = NULL;
  gsize count;
  char *text;

  if (length % 2 != 0)
    {
      *why = "odd byte count for UTF-16";
      return NULL;
    }

  count = length / 2;
  /* A copy, since @p has no alignment and the wire is little-endian. */
  units = g_new (gunichar2, count + 1);
  for (gsize i = 0; i < count; i++)
    units[i] = rd_get_u16_le (p + 2 * i);
  units[count] = 0;

  while (count > 0 && units[count - 1] == 0)
    count--;
  for (gsize i = 0; i < count; i++)
    {
      if (units[i] == 0)
        {
          *why = "embedded NUL in UTF-16";
          return NULL;
        }
    }

  text = g_utf16_to_utf8 (units, (glong) count, NULL, NULL, NULL);
  if (text == NULL)
    *why = "invalid UTF-16";

  return text;
}

static void
take_name (RdNtlmChallenge *challenge,
           char           **field,
           const char      *what,
           const guint8    *p,
           gsize            length)
{
  const char *why = NULL;
  char *text = utf16le_to_utf8 (p, length, &why);

  if (text == NULL)
    add_problem (challenge, "%s: %s", what, why);
  g_free (*field);
  *field = text;
}

static void
parse_target_name (RdNtlmChallenge *challenge,
                   const guint8    *p,
                   gsize            length)
{
  if ((challenge->flags & RD_NTLMSSP_NEGOTIATE_UNICODE) != 0)
    {
      take_name (challenge, &challenge->target_name, "TargetName", p, length);
      return;
    }

  /* An OEM string is in the server's code page, which we cannot know;
   * plain ASCII is the same in all of them. */
  for (gsize i = 0; i < length; i++)
    {
      if (p[i] == 0 || p[i] >= 0x80)
        {
          add_problem (challenge, "TargetName: OEM string with a byte 0x%02x", p[i]);
          return;
        }
    }
  challenge->target_name = g_strndup ((const char *) p, length);
}

static const char *
av_name (guint16 id)
{
  switch (id)
    {
    case AV_NB_COMPUTER_NAME: return "MsvAvNbComputerName";
    case AV_NB_DOMAIN_NAME: return "MsvAvNbDomainName";
    case AV_DNS_COMPUTER_NAME: return "MsvAvDnsComputerName";
    case AV_DNS_DOMAIN_NAME: return "MsvAvDnsDomainName";
    case AV_DNS_TREE_NAME: return "MsvAvDnsTreeName";
    case AV_FLAGS: return "MsvAvFlags";
    case AV_TIMESTAMP: return "MsvAvTimestamp";
    case AV_SINGLE_HOST: return "MsvAvSingleHost";
    case AV_TARGET_NAME: return "MsvAvTargetName";
    case AV_CHANNEL_BINDINGS: return "MsvAvChannelBindings";
    default: return "unknown AvId";
    }
}

/* Where the name an AV pair carries goes; NULL for a pair that is no
 * name. */
static char **
av_name_field (RdNtlmChallenge *challenge,
               guint16          id)
{
  switch (id)
    {
    case AV_NB_COMPUTER_NAME: return &challenge->netbios_computer;
    case AV_NB_DOMAIN_NAME: return &challenge->netbios_domain;
    case AV_DNS_COMPUTER_NAME: return &challenge->dns_computer;
    case AV_DNS_DOMAIN_NAME: return &challenge->dns_domain;
    case AV_DNS_TREE_NAME: return &challenge->dns_tree;
    case AV_TARGET_NAME: return &challenge->target_spn;
    default: return NULL;
    }
}

/* Whether the AV pair @id has the length its value needs; a problem if
 * not. */
static gboolean
check_av_length (RdNtlmChallenge *challenge,
                 guint16          id,
                 guint16          length,
                 guint16          expected)
{
  if (length == expected)
    return TRUE;

  add_problem (challenge, "TargetInfo: %s of %u bytes instead of %u", av_name (id), length, expected);
  return FALSE;
}

/* Walks TargetInfo, an AV_PAIR list ending at MsvAvEOL. Stops at the first
 * structural damage, keeping what came before it. */
static void
parse_target_info (RdNtlmChallenge *challenge,
                   const guint8    *info,
                   gsize            length)
{
  guint32 seen = 0;
  gsize pos = 0;

  for (guint n = 0; ; n++)
    {
      guint16 id, value_length;
      const guint8 *value;
      char **name;

      if (n == AV_PAIR_MAX)
        {
          add_problem (challenge, "TargetInfo: more than %d AV pairs", AV_PAIR_MAX);
          return;
        }
      if (length - pos < 4)
        {
          if (length - pos == 0)
            add_problem (challenge, "TargetInfo: no MsvAvEOL");
          else
            add_problem (challenge, "TargetInfo: %" G_GSIZE_FORMAT " stray bytes instead of MsvAvEOL",
                         length - pos);
          return;
        }

      id = rd_get_u16_le (info + pos);
      value_length = rd_get_u16_le (info + pos + 2);
      pos += 4;

      if (value_length > length - pos)
        {
          add_problem (challenge, "TargetInfo: AV pair %u (%s) of %u bytes runs %" G_GSIZE_FORMAT
                       " bytes past the end",
                       id, av_name (id), value_length, value_length - (length - pos));
          return;
        }
      value = info + pos;
      pos += value_length;

      if (id == AV_EOL)
        {
          if (value_length != 0)
            add_problem (challenge, "TargetInfo: MsvAvEOL with length %u", value_length);
          return;
        }

      if (id <= AV_CHANNEL_BINDINGS)
        {
          if ((seen & (1u << id)) != 0)
            {
              /* The first one stays: a later copy is the suspicious one. */
              add_problem (challenge, "TargetInfo: AV pair %u (%s) repeated", id, av_name (id));
              continue;
            }
          seen |= 1u << id;
        }

      name = av_name_field (challenge, id);
      if (name != NULL)
        {
          take_name (challenge, name, av_name (id), value, value_length);
          continue;
        }

      switch (id)
        {
        case AV_FLAGS:
          if (!check_av_length (challenge, id, value_length, 4))
            break;
          challenge->av_flags = rd_get_u32_le (value);
          challenge->has_av_flags = TRUE;
          break;

        case AV_TIMESTAMP:
          if (!check_av_length (challenge, id, value_length, 8))
            break;
          challenge->timestamp_filetime = rd_get_u64_le (value);
          /* Cannot overflow: G_MAXUINT64 / 10^7 is about 1.8e12. */
          challenge->timestamp_unix = (gint64) (challenge->timestamp_filetime / 10000000) - FILETIME_UNIX_EPOCH;
          challenge->has_timestamp = TRUE;
          break;

        default:
          /* MsvAvSingleHost, MsvAvChannelBindings and ids from the future
           * carry nothing a diagnosis needs. */
          break;
        }
    }
}

typedef struct
{
  guint16 length;
  guint32 offset;
} Field;

static Field
read_field (const guint8 *p)
{
  /* The MaxLen in between MUST be ignored on receipt (2.2.1.2). */
  return (Field) { rd_get_u16_le (p), rd_get_u32_le (p + 4) };
}

static gboolean
check_field (const char *name,
             Field       field,
             gsize       header_end,
             gsize       length,
             GError    **error)
{
  /* An empty field points at nothing; servers put anything there. */
  if (field.length == 0)
    return TRUE;

  if (field.offset < header_end)
    {
      g_set_error (error, RD_NTLM_ERROR, RD_NTLM_ERROR_INVALID,
                   "CHALLENGE_MESSAGE %s at offset %u overlaps the %" G_GSIZE_FORMAT "-byte header",
                   name, field.offset, header_end);
      return FALSE;
    }
  if (field.offset > length || field.length > length - field.offset)
    {
      g_set_error (error, RD_NTLM_ERROR, RD_NTLM_ERROR_TRUNCATED,
                   "CHALLENGE_MESSAGE %s (%u bytes at offset %u) lies outside the %" G_GSIZE_FORMAT
                   "-byte message",
                   name, field.length, field.offset, length);
      return FALSE;
    }

  return TRUE;
}

/**
 * rd_ntlm_parse_challenge:
 * @data: (array length=length): a negoToken that should be a CHALLENGE_MESSAGE
 * @length: how many bytes
 * @challenge: (out caller-allocates): the result; overwritten, not freed
 * @error: set when the header is unusable
 *
 * Reads only within @length, whatever the offsets and lengths inside say.
 *
 * Returns: %TRUE when the message is usable, possibly with
 *   challenge->problem set; %FALSE with @error otherwise.
 */
gboolean
rd_ntlm_parse_challenge (const guint8    *data,
                         gsize            length,
                         RdNtlmChallenge *challenge,
                         GError         **error)
{
  Field target_name;
  Field target_info = { 0, 0 };
  gsize header_end = CHALLENGE_MIN_SIZE;
  gsize payload_start;
  guint32 type;

  memset (challenge, 0, sizeof *challenge);

  if (data == NULL || length < NTLM_TYPE_SIZE)
    {
      g_set_error (error, RD_NTLM_ERROR, RD_NTLM_ERROR_TRUNCATED,
                   "NTLM message of %" G_GSIZE_FORMAT " bytes is too short for a signature and type",
                   length);
      return FALSE;
    }
  if (memcmp (data, NTLM_SIGNATURE, NTLM_SIGNATURE_SIZE) != 0)
    {
      g_set_error_literal (error, RD_NTLM_ERROR, RD_NTLM_ERROR_INVALID,
                           "no NTLMSSP signature");
      return FALSE;
    }
  type = rd_get_u32_le (data + NTLM_SIGNATURE_SIZE);
  if (type != RD_NTLM_MESSAGE_CHALLENGE)
    {
      g_set_error (error, RD_NTLM_ERROR, RD_NTLM_ERROR_INVALID,
                   "NTLM MessageType %u instead of 2 (CHALLENGE)", type);
      return FALSE;
    }
  if (length < CHALLENGE_MIN_SIZE)
    {
      g_set_error (error, RD_NTLM_ERROR, RD_NTLM_ERROR_TRUNCATED,
                   "CHALLENGE_MESSAGE of %" G_GSIZE_FORMAT " bytes is shorter than its %d-byte header",
                   length, CHALLENGE_MIN_SIZE);
      return FALSE;
    }

  challenge->flags = rd_get_u32_le (data + CHALLENGE_FLAGS);
  memcpy (challenge->server_challenge, data + CHALLENGE_SERVER_CHALLENGE, 8);
  target_name = read_field (data + CHALLENGE_TARGET_NAME_FIELDS);

  /* Which header this is shows in where the payload starts: a TargetName
   * right after the server challenge means an old, short header, and
   * bytes 40..47 are then part of the name, not TargetInfoFields. */
  if (length >= CHALLENGE_TARGET_INFO_END &&
      (target_name.length == 0 || target_name.offset >= CHALLENGE_TARGET_INFO_END))
    {
      header_end = CHALLENGE_TARGET_INFO_END;
      target_info = read_field (data + CHALLENGE_TARGET_INFO_FIELDS);
    }

  if (!check_field ("TargetName", target_name, header_end, length, error) ||
      !check_field ("TargetInfo", target_info, header_end, length, error))
    {
      rd_ntlm_challenge_clear (challenge);
      return FALSE;
    }

  /* Version sits between TargetInfoFields and the payload, so it exists
   * only when the payload leaves room for it; its flag says whether it
   * was filled in (2.2.2.10: otherwise all zero). */
  payload_start = length;
  if (target_name.length > 0)
    payload_start = MIN (payload_start, target_name.offset);
  if (target_info.length > 0)
    payload_start = MIN (payload_start, target_info.offset);
  if (header_end == CHALLENGE_TARGET_INFO_END &&
      (challenge->flags & RD_NTLMSSP_NEGOTIATE_VERSION) != 0 &&
      payload_start >= CHALLENGE_VERSION_END)
    {
      const guint8 *version = data + CHALLENGE_VERSION;

      challenge->has_version = TRUE;
      challenge->version_major = version[0];
      challenge->version_minor = version[1];
      challenge->version_build = rd_get_u16_le (version + 2);
    }

  if (target_name.length > 0)
    parse_target_name (challenge, data + target_name.offset, target_name.length);

  if (target_info.length > 0)
    parse_target_info (challenge, data + target_info.offset, target_info.length);

  return TRUE;
}

/**
 * rd_ntlm_challenge_version_to_string:
 * @challenge: a parsed CHALLENGE
 *
 * Returns: (transfer full) (nullable): its Version as "major.minor.build"
 *   (MS-NLMP 2.2.2.10), or %NULL when the message carries none
 */
char *
rd_ntlm_challenge_version_to_string (const RdNtlmChallenge *challenge)
{
  if (!challenge->has_version)
    return NULL;
  return g_strdup_printf ("%u.%u.%u", challenge->version_major, challenge->version_minor,
                          challenge->version_build);
}
