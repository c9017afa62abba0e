/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  return 0;
}
