/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-headless.h"

int
rd_headless_main (int    argc,
                  char **argv)
{
  return RD_EXIT_INTERNAL;
}
