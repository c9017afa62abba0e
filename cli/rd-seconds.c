/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-seconds.h"

/**
 * rd_parse_seconds:
 *
 * Seconds as a person writes them: digits, maybe a point and more digits
 * ("5", "2.5", ".5"); not "1e2", "0x10", "inf" or " 5", which strtod takes.
 * Returns: whether @text is such a number from @min_ms to @max_ms
 *   milliseconds (then in @ms); decimals past the third are dropped.
 */
gboolean
rd_parse_seconds (const char *text,
                  guint64     min_ms,
                  guint64     max_ms,
                  guint      *ms_out)
{
  guint64 ms = 0;
  guint n_digits = 0, n_decimals = 0;
  gboolean point = FALSE;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '.' && !point)
        {
          point = TRUE;
          continue;
        }
      if (!g_ascii_isdigit (*p) || n_digits >= 12)
        return FALSE;
      n_digits++;
      /* Milliseconds: three decimals count, further ones are dropped. */
      if (point && ++n_decimals > 3)
        continue;
      ms = ms * 10 + (guint64) (*p - '0');
    }
  if (n_digits == 0)
    return FALSE;
  for (; n_decimals < 3; n_decimals++)
    ms *= 10;
  if (ms < min_ms || ms > max_ms || ms > G_MAXUINT)
    return FALSE;

  *ms_out = (guint) ms;
  return TRUE;
}

gboolean
rd_parse_whole_number (const char *text,
                       guint64     min,
                       guint64     max,
                       guint64    *value)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}
