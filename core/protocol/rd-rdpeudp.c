/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-bytes.h"
#include "rd-rdpeudp.h"

/* MS-RDPEUDP 2.2.2: every field is in network byte order (big-endian),
 * unlike the little-endian RDP core protocol. */
#define FEC_HEADER_SIZE            8    /* snSourceAck, uReceiveWindowSize, uFlags */
#define SYNDATA_SIZE               8    /* snInitialSequenceNumber, uUpStreamMtu, uDownStreamMtu */
#define CORRELATION_ID_SIZE        32   /* uCorrelationId (16), uReserved (16) */
#define SYNDATAEX_SIZE             4    /* uSynExFlags, uUdpVer */
#define SYNDATAEX_COOKIE_HASH_SIZE 32   /* cookieHash, only with RDP-UDP version 3 */
#define RDPUDP_PROTOCOL_VERSION_3  0x0101

G_DEFINE_QUARK (rd-rdpeudp-error-quark, rd_rdpeudp_error)

/**
 * rd_rdpeudp_build_syn:
 * @initial_sequence_number: our snInitialSequenceNumber (the spec asks for a
 *   random one)
 * @receive_window: uReceiveWindowSize, in datagrams
 * @mtu: uUpStreamMtu and uDownStreamMtu; clamped to 1132..1232
 * @lossy: set RDPUDP_FLAG_SYNLOSSY (no retransmission wanted)
 *
 * Returns: (transfer full): a 1232-byte SYN datagram without correlation id
 *   or SYNEX payload.
 */
GByteArray *
rd_rdpeudp_build_syn (guint32  initial_sequence_number,
                      guint16  receive_window,
                      guint16  mtu,
                      gboolean lossy)
{
  GByteArray *out = g_byte_array_sized_new (RD_RDPUDP_SYN_DATAGRAM_SIZE);
  guint16 flags = RD_RDPUDP_FLAG_SYN | (lossy ? RD_RDPUDP_FLAG_SYNLOSSY : 0);
  guint8 *p;

  mtu = CLAMP (mtu, RD_RDPUDP_MTU_MIN, RD_RDPUDP_MTU_MAX);

  /* Padding is zeros, so start from an all-zero datagram and fill in. */
  g_byte_array_set_size (out, RD_RDPUDP_SYN_DATAGRAM_SIZE);
  memset (out->data, 0, out->len);
  p = out->data;

  rd_put_u32_be (p, 0xffffffffu);           /* snSourceAck: -1 in a SYN */
  rd_put_u16_be (p + 4, receive_window);
  rd_put_u16_be (p + 6, flags);
  p += FEC_HEADER_SIZE;

  rd_put_u32_be (p, initial_sequence_number);
  rd_put_u16_be (p + 4, mtu);
  rd_put_u16_be (p + 6, mtu);

  return out;
}

/* Whether the SYN+ACK of @length bytes holds @size more at @offset; if not,
 * says that it ends inside @what. */
static gboolean
has_room (gsize        length,
          gsize        offset,
          gsize        size,
          const char  *what,
          GError     **error)
{
  if (length - offset >= size)
    return TRUE;

  g_set_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_TRUNCATED,
               "SYN+ACK of %" G_GSIZE_FORMAT " bytes ends inside %s", length, what);
  return FALSE;
}

/**
 * rd_rdpeudp_parse_syn_ack:
 * @data: one received datagram
 * @length: its size
 * @expected_ack: the snInitialSequenceNumber of the SYN we sent
 * @out: (out caller-allocates): what could be read
 * @error: an untranslated technical reason on failure
 *
 * Checks that a datagram is the SYN+ACK answering our SYN (MS-RDPEUDP, the
 * server's SYN+ACK datagram: a SYN with ACK also set and snSourceAck equal to
 * our initial sequence number) and reads its SYN data and optional payloads.
 * Padding after the payloads is not required: only what the flags announce
 * must be there.
 *
 * Returns: %TRUE when it is our SYN+ACK and complete.
 */
gboolean
rd_rdpeudp_parse_syn_ack (const guint8     *data,
                          gsize             length,
                          guint32           expected_ack,
                          RdRdpeudpSynAck  *out,
                          GError          **error)
{
  gsize offset = FEC_HEADER_SIZE;

  memset (out, 0, sizeof *out);
  out->length = length;

  if (length < FEC_HEADER_SIZE)
    {
      g_set_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_TRUNCATED,
                   "datagram of %" G_GSIZE_FORMAT " bytes is shorter than an RDPUDP_FEC_HEADER",
                   length);
      return FALSE;
    }

  out->sn_source_ack = rd_get_u32_be (data);
  out->receive_window = rd_get_u16_be (data + 4);
  out->flags = rd_get_u16_be (data + 6);
  out->is_syn_ack_for_us = (out->flags & (RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK)) ==
                           (RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK) &&
                           out->sn_source_ack == expected_ack;

  if ((out->flags & (RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK)) !=
      (RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK))
    {
      g_autofree char *names = rd_rdpeudp_flags_to_string (out->flags);

      g_set_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_NOT_SYN_ACK,
                   "uFlags 0x%04x (%s) lack SYN|ACK", out->flags, names);
      return FALSE;
    }

  if (out->sn_source_ack != expected_ack)
    {
      g_set_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_WRONG_ACK,
                   "snSourceAck 0x%08x does not acknowledge our snInitialSequenceNumber 0x%08x",
                   out->sn_source_ack, expected_ack);
      return FALSE;
    }

  if (!has_room (length, offset, SYNDATA_SIZE, "RDPUDP_SYNDATA_PAYLOAD", error))
    return FALSE;
  out->initial_sequence_number = rd_get_u32_be (data + offset);
  out->up_stream_mtu = rd_get_u16_be (data + offset + 4);
  out->down_stream_mtu = rd_get_u16_be (data + offset + 6);
  out->mtu_in_range = out->up_stream_mtu >= RD_RDPUDP_MTU_MIN &&
                      out->up_stream_mtu <= RD_RDPUDP_MTU_MAX &&
                      out->down_stream_mtu >= RD_RDPUDP_MTU_MIN &&
                      out->down_stream_mtu <= RD_RDPUDP_MTU_MAX;
  offset += SYNDATA_SIZE;

  /* The optional payloads follow in the order of 3.1.5.1.1. */
  if (out->flags & RD_RDPUDP_FLAG_CORRELATION_ID)
    {
      if (!has_room (length, offset, CORRELATION_ID_SIZE, "RDPUDP_CORRELATION_ID_PAYLOAD", error))
        return FALSE;
      out->has_correlation_id = TRUE;
      offset += CORRELATION_ID_SIZE;
    }

  if (out->flags & RD_RDPUDP_FLAG_SYNEX)
    {
      if (!has_room (length, offset, SYNDATAEX_SIZE, "RDPUDP_SYNDATAEX_PAYLOAD", error))
        return FALSE;
      out->has_synex = TRUE;
      out->synex_flags = rd_get_u16_be (data + offset);
      out->udp_version = rd_get_u16_be (data + offset + 2);
      offset += SYNDATAEX_SIZE;

      if (out->udp_version == RDPUDP_PROTOCOL_VERSION_3)
        {
          if (!has_room (length, offset, SYNDATAEX_COOKIE_HASH_SIZE, "the SYNDATAEX cookieHash", error))
            return FALSE;
          offset += SYNDATAEX_COOKIE_HASH_SIZE;
        }
    }

  return TRUE;
}

/**
 * rd_rdpeudp_flags_to_string:
 *
 * Returns: (transfer full): the flag names joined with "|", unknown bits in
 *   hex, or "0".
 */
char *
rd_rdpeudp_flags_to_string (guint16 flags)
{
  static const RdFlagName names[] = {
    { RD_RDPUDP_FLAG_SYN, "SYN" },
    { RD_RDPUDP_FLAG_FIN, "FIN" },
    { RD_RDPUDP_FLAG_ACK, "ACK" },
    { RD_RDPUDP_FLAG_DATA, "DATA" },
    { RD_RDPUDP_FLAG_FEC, "FEC" },
    { RD_RDPUDP_FLAG_CN, "CN" },
    { RD_RDPUDP_FLAG_CWR, "CWR" },
    { RD_RDPUDP_FLAG_SACK_OPTION, "SACK_OPTION" },
    { RD_RDPUDP_FLAG_ACK_OF_ACKS, "ACK_OF_ACKS" },
    { RD_RDPUDP_FLAG_SYNLOSSY, "SYNLOSSY" },
    { RD_RDPUDP_FLAG_ACKDELAYED, "ACKDELAYED" },
    { RD_RDPUDP_FLAG_CORRELATION_ID, "CORRELATION_ID" },
    { RD_RDPUDP_FLAG_SYNEX, "SYNEX" },
  };
  return rd_flags_to_string (flags, names, G_N_ELEMENTS (names), "0");
}
