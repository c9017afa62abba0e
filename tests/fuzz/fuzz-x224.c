/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-x224.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  RdConfirm confirm;

  /* Feed it as the network would: every prefix, then the whole. */
  for (size_t i = 0; i <= size && i <= 64; i++)
    rd_x224_parse_connection_confirm (data, i, &confirm);
  rd_x224_parse_connection_confirm (data, size, &confirm);

  if (confirm.kind == RD_CONFIRM_FAILURE)
    (void) rd_neg_failure_to_string (confirm.failure_code);
  if (confirm.kind == RD_CONFIRM_RESPONSE)
    {
      g_free (rd_protocols_to_string (confirm.selected_protocol));
      g_free (rd_neg_rsp_flags_to_string (confirm.neg_flags));
    }

  return 0;
}
