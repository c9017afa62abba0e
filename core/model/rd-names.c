/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-names.h"

const char *
rd_enum_name (const char * const *names,
              guint               n_names,
              guint               value,
              const char         *fallback)
{
  return value < n_names && names[value] != NULL ? names[value] : fallback;
}

int
rd_enum_index (const char * const *names,
               guint               n_names,
               const char         *text)
{
  if (text == NULL)
    return -1;
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      return (int) i;
  return -1;
}
