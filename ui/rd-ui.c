/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-resources.h"
#include "rd-ui.h"

void
rd_ui_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      rd_register_resource ();
      g_once_init_leave (&once, 1);
    }
}
