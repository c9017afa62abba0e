/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests and the fuzzers: the steps of parsing an NTLM message. */

#include "rd-ntlm.h"

G_BEGIN_DECLS

RdNtlmMessageType rd_ntlm_message_type     (const guint8    *data,
                                            gsize            length);
gboolean          rd_ntlm_find_message     (const guint8    *data,
                                            gsize            length,
                                            guint32          type);

G_END_DECLS
