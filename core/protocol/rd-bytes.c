/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-bytes.h"

char *
rd_flags_to_string (guint32           flags,
                    const RdFlagName *names,
                    gsize             n_names,
                    const char       *none)
{
  GString *out;
  guint32 rest = flags;

  if (flags == 0)
    return g_strdup (none);

  out = g_string_new (NULL);
  for (gsize i = 0; i < n_names; i++)
    {
      if (names[i].flag != 0 && (flags & names[i].flag) == names[i].flag)
        {
          if (out->len > 0)
            g_string_append_c (out, '|');
          g_string_append (out, names[i].name);
          rest &= ~names[i].flag;
        }
    }
  if (rest != 0)
    g_string_append_printf (out, "%s0x%x", out->len > 0 ? "|" : "", rest);

  return g_string_free (out, FALSE);
}
