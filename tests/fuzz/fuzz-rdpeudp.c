/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-rdpeudp.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
parse_once (const guint8 *data,
            gsize         length,
            guint32       expected)
{
  g_autoptr(GError) error = NULL;
  RdRdpeudpSynAck out;

  if (rd_rdpeudp_parse_syn_ack (data, length, expected, &out, &error))
    {
      g_assert (error == NULL);
      g_assert (out.is_syn_ack_for_us);
      g_assert (out.length == length);
    }
  else
    g_assert (error != NULL && error->message != NULL);

  g_free (rd_rdpeudp_flags_to_string (out.flags));
}

/* The input is one received datagram. It is checked against the ISN its own
 * snSourceAck names (so the parser gets past the ack check) and against
 * another one (the wrong-ack path), whole and at every short prefix. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* Exactly-sized copy so an over-read is caught. */
  g_autofree guint8 *copy = g_memdup2 (data, size);
  guint32 ack = 0;

  if (size >= 4)
    ack = ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];

  for (gsize i = 0; i < size && i <= 96; i++)
    parse_once (copy, i, ack);
  parse_once (copy, size, ack);
  parse_once (copy, size, ~ack);

  return 0;
}
