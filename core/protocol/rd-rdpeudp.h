/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* MS-RDPEUDP 2.2.2.1 RDPUDP_FEC_HEADER uFlags. */
#define RD_RDPUDP_FLAG_SYN             0x0001u
#define RD_RDPUDP_FLAG_FIN             0x0002u
#define RD_RDPUDP_FLAG_ACK             0x0004u
#define RD_RDPUDP_FLAG_DATA            0x0008u
#define RD_RDPUDP_FLAG_FEC             0x0010u
#define RD_RDPUDP_FLAG_CN              0x0020u
#define RD_RDPUDP_FLAG_CWR             0x0040u
#define RD_RDPUDP_FLAG_SACK_OPTION     0x0080u
#define RD_RDPUDP_FLAG_ACK_OF_ACKS     0x0100u
#define RD_RDPUDP_FLAG_SYNLOSSY        0x0200u
#define RD_RDPUDP_FLAG_ACKDELAYED      0x0400u
#define RD_RDPUDP_FLAG_CORRELATION_ID  0x0800u
#define RD_RDPUDP_FLAG_SYNEX           0x1000u

/* MS-RDPEUDP 2.2.2.5: both MTU fields lie in this range. */
#define RD_RDPUDP_MTU_MIN              1132
#define RD_RDPUDP_MTU_MAX              1232
/* MS-RDPEUDP 3.1.5.1.1: a SYN (and so a SYN+ACK) is zero-padded to this size. */
#define RD_RDPUDP_SYN_DATAGRAM_SIZE    1232
/* RDPUDP_FEC_HEADER + RDPUDP_SYNDATA_PAYLOAD: the least a SYN+ACK can be. */
#define RD_RDPUDP_SYN_MIN_SIZE         16

#define RD_RDPEUDP_ERROR (rd_rdpeudp_error_quark ())

typedef enum
{
  RD_RDPEUDP_ERROR_TRUNCATED,      /* shorter than the structures it announces */
  RD_RDPEUDP_ERROR_NOT_SYN_ACK,    /* SYN and ACK are not both set */
  RD_RDPEUDP_ERROR_WRONG_ACK,      /* acknowledges another sequence number */
} RdRdpeudpError;

typedef struct
{
  gsize    length;                   /* of the datagram */
  guint16  flags;                    /* uFlags */
  guint32  sn_source_ack;            /* snSourceAck */
  guint16  receive_window;           /* uReceiveWindowSize */
  guint32  initial_sequence_number;  /* the server's snInitialSequenceNumber */
  guint16  up_stream_mtu;            /* uUpStreamMtu */
  guint16  down_stream_mtu;          /* uDownStreamMtu */
  gboolean mtu_in_range;             /* both MTUs within 1132..1232 */
  gboolean has_correlation_id;       /* RDPUDP_CORRELATION_ID_PAYLOAD present */
  gboolean has_synex;                /* RDPUDP_SYNDATAEX_PAYLOAD present */
  guint16  synex_flags;              /* uSynExFlags */
  guint16  udp_version;              /* uUdpVer */
  gboolean is_syn_ack_for_us;        /* SYN|ACK set and snSourceAck is our ISN */
} RdRdpeudpSynAck;

GQuark      rd_rdpeudp_error_quark     (void);

/* Builds a client SYN datagram (MS-RDPEUDP 3.1.5.1.1): FEC header with
 * snSourceAck -1, SYN data with @mtu as both MTUs (clamped to 1132..1232),
 * zero-padded to 1232 bytes. */
GByteArray *rd_rdpeudp_build_syn       (guint32          initial_sequence_number,
                                        guint16          receive_window,
                                        guint16          mtu,
                                        gboolean         lossy);

/* Parses a datagram expected to be the SYN+ACK to our SYN. Never reads beyond
 * @length. Fills @out as far as it could read, even on failure. */
gboolean    rd_rdpeudp_parse_syn_ack   (const guint8    *data,
                                        gsize            length,
                                        guint32          expected_ack,
                                        RdRdpeudpSynAck *out,
                                        GError         **error);

/* e.g. "SYN|ACK|0x8000"; "0" when no flag is set. Newly allocated. */
char       *rd_rdpeudp_flags_to_string (guint16          flags);

G_END_DECLS
