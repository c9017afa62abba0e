/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-rdpeudp.h"

#define ISN 0x12345678u

static void
test_syn_layout (void)
{
  g_autoptr(GByteArray) syn = rd_rdpeudp_build_syn (0xdeadbeef, 64, 1232, FALSE);
  static const guint8 expected[] = {
    0xff, 0xff, 0xff, 0xff,     /* snSourceAck: -1 */
    0x00, 0x40,                 /* uReceiveWindowSize 64, big-endian */
    0x00, 0x01,                 /* uFlags: SYN */
    0xde, 0xad, 0xbe, 0xef,     /* snInitialSequenceNumber */
    0x04, 0xd0,                 /* uUpStreamMtu 1232 */
    0x04, 0xd0,                 /* uDownStreamMtu 1232 */
  };

  g_assert_cmpuint (syn->len, ==, 1232);
  g_assert_cmpmem (syn->data, sizeof expected, expected, sizeof expected);
  for (guint i = sizeof expected; i < syn->len; i++)
    g_assert_cmpuint (syn->data[i], ==, 0);
}

static void
test_syn_lossy_and_clamp (void)
{
  g_autoptr(GByteArray) lossy = rd_rdpeudp_build_syn (1, 0x1234, 1132, TRUE);
  g_autoptr(GByteArray) low = rd_rdpeudp_build_syn (1, 64, 500, FALSE);
  g_autoptr(GByteArray) high = rd_rdpeudp_build_syn (1, 64, 9000, FALSE);

  g_assert_cmpuint (lossy->len, ==, 1232);
  g_assert_cmphex (lossy->data[4], ==, 0x12);
  g_assert_cmphex (lossy->data[5], ==, 0x34);
  g_assert_cmphex (lossy->data[6], ==, 0x02);    /* SYNLOSSY 0x0200 | SYN */
  g_assert_cmphex (lossy->data[7], ==, 0x01);
  g_assert_cmphex (lossy->data[12], ==, 0x04);   /* 1132 = 0x046c */
  g_assert_cmphex (lossy->data[13], ==, 0x6c);

  g_assert_cmphex (low->data[12] << 8 | low->data[13], ==, RD_RDPUDP_MTU_MIN);
  g_assert_cmphex (low->data[14] << 8 | low->data[15], ==, RD_RDPUDP_MTU_MIN);
  g_assert_cmphex (high->data[12] << 8 | high->data[13], ==, RD_RDPUDP_MTU_MAX);
  g_assert_cmphex (high->data[14] << 8 | high->data[15], ==, RD_RDPUDP_MTU_MAX);
}

/* A server's SYN+ACK: a SYN with ACK set and our ISN in snSourceAck, padded
 * like a SYN. */
static GByteArray *
make_syn_ack (guint32 ack,
              guint16 flags,
              gsize   length)
{
  GByteArray *out = g_byte_array_new ();
  guint8 header[16] = {
    ack >> 24, ack >> 16, ack >> 8, ack,
    0x00, 0x40,
    flags >> 8, flags,
    0xca, 0xfe, 0xf0, 0x0d,
    0x04, 0xb0,                  /* 1200 */
    0x04, 0xd0,                  /* 1232 */
  };

  g_byte_array_set_size (out, MAX (length, sizeof header));
  memset (out->data, 0, out->len);
  memcpy (out->data, header, sizeof header);
  g_byte_array_set_size (out, length);
  return out;
}

static gboolean
parse (const guint8     *data,
       gsize             length,
       guint32           expected_ack,
       RdRdpeudpSynAck  *out,
       GError          **error)
{
  /* Exactly-sized copy, so AddressSanitizer and valgrind see an over-read. */
  g_autofree guint8 *copy = g_memdup2 (data, length);

  return rd_rdpeudp_parse_syn_ack (copy, length, expected_ack, out, error);
}

static void
test_syn_ack (void)
{
  g_autoptr(GByteArray) datagram = make_syn_ack (ISN, RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK, 1232);
  g_autoptr(GError) error = NULL;
  RdRdpeudpSynAck out;

  g_assert_true (parse (datagram->data, datagram->len, ISN, &out, &error));
  g_assert_no_error (error);
  g_assert_true (out.is_syn_ack_for_us);
  g_assert_cmpuint (out.length, ==, 1232);
  g_assert_cmphex (out.flags, ==, 0x0005);
  g_assert_cmphex (out.sn_source_ack, ==, ISN);
  g_assert_cmpuint (out.receive_window, ==, 64);
  g_assert_cmphex (out.initial_sequence_number, ==, 0xcafef00d);
  g_assert_cmpuint (out.up_stream_mtu, ==, 1200);
  g_assert_cmpuint (out.down_stream_mtu, ==, 1232);
  g_assert_true (out.mtu_in_range);
  g_assert_false (out.has_correlation_id);
  g_assert_false (out.has_synex);

  /* Unpadded is accepted: only what the flags announce must be there. */
  g_assert_true (parse (datagram->data, RD_RDPUDP_SYN_MIN_SIZE, ISN, &out, NULL));
}

static void
test_syn_ack_wrong_ack (void)
{
  g_autoptr(GByteArray) datagram = make_syn_ack (ISN + 1, RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK, 1232);
  g_autoptr(GError) error = NULL;
  RdRdpeudpSynAck out;

  g_assert_false (parse (datagram->data, datagram->len, ISN, &out, &error));
  g_assert_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_WRONG_ACK);
  g_assert_nonnull (strstr (error->message, "snSourceAck"));
  g_assert_false (out.is_syn_ack_for_us);
  /* What was read is kept for the evidence. */
  g_assert_cmphex (out.sn_source_ack, ==, ISN + 1);
}

static void
test_syn_ack_wrong_flags (void)
{
  static const guint16 wrong[] = {
    0,
    RD_RDPUDP_FLAG_SYN,                          /* our own SYN reflected */
    RD_RDPUDP_FLAG_ACK,
    RD_RDPUDP_FLAG_ACK | RD_RDPUDP_FLAG_DATA,
    RD_RDPUDP_FLAG_FIN,
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GByteArray) datagram = make_syn_ack (ISN, wrong[i], 1232);
      g_autoptr(GError) error = NULL;
      RdRdpeudpSynAck out;

      g_assert_false (parse (datagram->data, datagram->len, ISN, &out, &error));
      g_assert_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_NOT_SYN_ACK);
      g_assert_false (out.is_syn_ack_for_us);
    }

  /* Our SYN sent back to us is not a SYN+ACK whatever the ISN. */
  {
    g_autoptr(GByteArray) syn = rd_rdpeudp_build_syn (ISN, 64, 1232, FALSE);
    g_autoptr(GError) error = NULL;
    RdRdpeudpSynAck out;

    g_assert_false (parse (syn->data, syn->len, 0xffffffffu, &out, &error));
    g_assert_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_NOT_SYN_ACK);
  }
}

static void
test_syn_ack_truncated (void)
{
  g_autoptr(GByteArray) datagram = make_syn_ack (ISN, RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK, 1232);

  for (gsize i = 0; i < RD_RDPUDP_SYN_MIN_SIZE; i++)
    {
      g_autoptr(GError) error = NULL;
      RdRdpeudpSynAck out;

      g_assert_false (parse (datagram->data, i, ISN, &out, &error));
      g_assert_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_TRUNCATED);
      g_assert_cmpuint (out.length, ==, i);
      /* The header alone already says whose SYN it answers. */
      g_assert_true (out.is_syn_ack_for_us == (i >= 8));
    }
}

static void
test_syn_ack_optional_payloads (void)
{
  guint16 flags = RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK | RD_RDPUDP_FLAG_CORRELATION_ID | RD_RDPUDP_FLAG_SYNEX;
  g_autoptr(GByteArray) datagram = make_syn_ack (ISN, flags, 1232);
  gsize needed;
  RdRdpeudpSynAck out;

  /* SYNDATAEX after the 32-byte correlation id: flags 1, version 2. */
  datagram->data[16 + 32 + 1] = 0x01;
  datagram->data[16 + 32 + 3] = 0x02;
  needed = 16 + 32 + 4;

  g_assert_true (parse (datagram->data, datagram->len, ISN, &out, NULL));
  g_assert_true (out.has_correlation_id);
  g_assert_true (out.has_synex);
  g_assert_cmphex (out.synex_flags, ==, 1);
  g_assert_cmphex (out.udp_version, ==, 2);

  for (gsize i = 0; i < needed; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (parse (datagram->data, i, ISN, &out, &error));
      g_assert_error (error, RD_RDPEUDP_ERROR, RD_RDPEUDP_ERROR_TRUNCATED);
    }
  g_assert_true (parse (datagram->data, needed, ISN, &out, NULL));

  /* Version 3 carries a 32-byte cookieHash after it. */
  datagram->data[16 + 32 + 2] = 0x01;
  datagram->data[16 + 32 + 3] = 0x01;
  g_assert_false (parse (datagram->data, needed, ISN, &out, NULL));
  g_assert_false (parse (datagram->data, needed + 31, ISN, &out, NULL));
  g_assert_true (parse (datagram->data, needed + 32, ISN, &out, NULL));
  g_assert_cmphex (out.udp_version, ==, 0x0101);
}

static void
test_syn_ack_mtu_range (void)
{
  g_autoptr(GByteArray) datagram = make_syn_ack (ISN, RD_RDPUDP_FLAG_SYN | RD_RDPUDP_FLAG_ACK, 1232);
  RdRdpeudpSynAck out;

  datagram->data[12] = 0x05;   /* uUpStreamMtu 0x05b0 = 1456 */
  g_assert_true (parse (datagram->data, datagram->len, ISN, &out, NULL));
  g_assert_cmpuint (out.up_stream_mtu, ==, 1456);
  g_assert_false (out.mtu_in_range);
}

static void
test_flags_to_string (void)
{
  static const struct { guint16 flags; const char *text; } cases[] = {
    { 0, "0" },
    { 0x0001, "SYN" },
    { 0x0005, "SYN|ACK" },
    { 0x0201, "SYN|SYNLOSSY" },
    { 0x1801, "SYN|CORRELATION_ID|SYNEX" },
    { 0x1fff, "SYN|FIN|ACK|DATA|FEC|CN|CWR|SACK_OPTION|ACK_OF_ACKS|SYNLOSSY|ACKDELAYED|CORRELATION_ID|SYNEX" },
    { 0x8004, "ACK|0x8000" },
    { 0xe000, "0xe000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rd_rdpeudp_flags_to_string (cases[i].flags);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rdpeudp/syn/layout", test_syn_layout);
  g_test_add_func ("/rdpeudp/syn/lossy-and-clamp", test_syn_lossy_and_clamp);
  g_test_add_func ("/rdpeudp/syn-ack/valid", test_syn_ack);
  g_test_add_func ("/rdpeudp/syn-ack/wrong-ack", test_syn_ack_wrong_ack);
  g_test_add_func ("/rdpeudp/syn-ack/wrong-flags", test_syn_ack_wrong_flags);
  g_test_add_func ("/rdpeudp/syn-ack/truncated", test_syn_ack_truncated);
  g_test_add_func ("/rdpeudp/syn-ack/optional-payloads", test_syn_ack_optional_payloads);
  g_test_add_func ("/rdpeudp/syn-ack/mtu-range", test_syn_ack_mtu_range);
  g_test_add_func ("/rdpeudp/flags-to-string", test_flags_to_string);

  return g_test_run ();
}
