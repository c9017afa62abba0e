/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* MS-NLMP 2.2.2.5 NegotiateFlags; the letter is the one the spec's bit
 * diagram uses, counted from the least significant bit (A = bit 0). */
#define RD_NTLMSSP_NEGOTIATE_UNICODE                  0x00000001u /* A */
#define RD_NTLMSSP_NEGOTIATE_OEM                      0x00000002u /* B */
#define RD_NTLMSSP_REQUEST_TARGET                     0x00000004u /* C */
#define RD_NTLMSSP_NEGOTIATE_SIGN                     0x00000010u /* D */
#define RD_NTLMSSP_NEGOTIATE_SEAL                     0x00000020u /* E */
#define RD_NTLMSSP_NEGOTIATE_DATAGRAM                 0x00000040u /* F */
#define RD_NTLMSSP_NEGOTIATE_LM_KEY                   0x00000080u /* G */
#define RD_NTLMSSP_NEGOTIATE_NTLM                     0x00000200u /* H */
#define RD_NTLMSSP_ANONYMOUS                          0x00000800u /* J */
#define RD_NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED      0x00001000u /* K */
#define RD_NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED 0x00002000u /* L */
#define RD_NTLMSSP_NEGOTIATE_ALWAYS_SIGN              0x00008000u /* M */
#define RD_NTLMSSP_TARGET_TYPE_DOMAIN                 0x00010000u /* N */
#define RD_NTLMSSP_TARGET_TYPE_SERVER                 0x00020000u /* O */
#define RD_NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u /* P */
#define RD_NTLMSSP_NEGOTIATE_IDENTIFY                 0x00100000u /* Q */
#define RD_NTLMSSP_REQUEST_NON_NT_SESSION_KEY         0x00400000u /* R */
#define RD_NTLMSSP_NEGOTIATE_TARGET_INFO              0x00800000u /* S */
#define RD_NTLMSSP_NEGOTIATE_VERSION                  0x02000000u /* T */
#define RD_NTLMSSP_NEGOTIATE_128                      0x20000000u /* U */
#define RD_NTLMSSP_NEGOTIATE_KEY_EXCH                 0x40000000u /* V */
#define RD_NTLMSSP_NEGOTIATE_56                       0x80000000u /* W */

/* What rd_ntlm_build_negotiate() asks for: see rd-ntlm.c. */
#define RD_NTLM_NEGOTIATE_FLAGS 0xE20882B7u

/* MS-NLMP 2.2.2.1 MsvAvFlags bits. */
#define RD_NTLM_AV_FLAG_CONSTRAINED    0x00000001u
#define RD_NTLM_AV_FLAG_MIC            0x00000002u
#define RD_NTLM_AV_FLAG_UNTRUSTED_SPN  0x00000004u

#define RD_NTLM_NEGOTIATE_SIZE 40

#define RD_NTLM_ERROR (rd_ntlm_error_quark ())

typedef enum
{
  RD_NTLM_ERROR_INVALID,    /* not a CHALLENGE_MESSAGE, or its header contradicts itself */
  RD_NTLM_ERROR_TRUNCATED,  /* shorter than its header or fields say */
} RdNtlmError;

typedef enum
{
  RD_NTLM_MESSAGE_NONE = 0,
  RD_NTLM_MESSAGE_NEGOTIATE = 1,
  RD_NTLM_MESSAGE_CHALLENGE = 2,
  RD_NTLM_MESSAGE_AUTHENTICATE = 3,
} RdNtlmMessageType;

typedef struct
{
  guint32  flags;
  guint8   server_challenge[8];
  char    *target_name;
  char    *netbios_computer;    /* MsvAvNbComputerName (1) */
  char    *netbios_domain;      /* MsvAvNbDomainName (2) */
  char    *dns_computer;        /* MsvAvDnsComputerName (3) */
  char    *dns_domain;          /* MsvAvDnsDomainName (4) */
  char    *dns_tree;            /* MsvAvDnsTreeName (5) */
  char    *target_spn;          /* MsvAvTargetName (9) */
  gboolean has_timestamp;
  guint64  timestamp_filetime;  /* 100 ns ticks since 1601-01-01 UTC */
  gint64   timestamp_unix;
  gboolean has_version;
  guint8   version_major;
  guint8   version_minor;
  guint16  version_build;
  guint32  av_flags;
  gboolean has_av_flags;
  /* Non-NULL when the message was usable but something in it was malformed,
   * e.g. an AV pair running past TargetInfo; untranslated, technical. */
  char    *problem;
} RdNtlmChallenge;

GQuark            rd_ntlm_error_quark      (void);

/* A 40-byte NEGOTIATE_MESSAGE with no domain or workstation. */
GByteArray       *rd_ntlm_build_negotiate  (void);

/* Parses a CHALLENGE_MESSAGE. Returns FALSE with @error when the fixed part
 * is unusable; TRUE otherwise, with challenge->problem set when the variable
 * part was damaged (what came before the damage is kept). Either way the
 * caller calls rd_ntlm_challenge_clear() afterwards. */
gboolean          rd_ntlm_parse_challenge  (const guint8    *data,
                                            gsize            length,
                                            RdNtlmChallenge *challenge,
                                            GError         **error);
void              rd_ntlm_challenge_clear  (RdNtlmChallenge *challenge);
/* The product version the CHALLENGE carries, "10.0.20348" (major, minor,
 * build), or NULL when it carries none. */
char             *rd_ntlm_challenge_version_to_string (const RdNtlmChallenge *challenge);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdNtlmChallenge, rd_ntlm_challenge_clear)

G_END_DECLS
