/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to what the Prometheus exporter reads from the
 * network and its command line: the /probe query and an --allow pattern.
 * A query that parses names a computer in ASCII with a port; an error
 * never quotes the query; matching never crashes. */
#include <string.h>
#include <glib.h>

#include "rd-allow.h"
#include "rd-exposition.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* The query as it comes off the request line: up to the first NUL. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = rd_probe_query_parse (text, &error);
  g_autoptr(RdAllowList) list = rd_allow_list_new ();
  g_autoptr(GString) label = g_string_new (NULL);
  g_autoptr(GError) pattern_error = NULL;

  if (target != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (rd_target_get_port (target), !=, 0);
      for (const char *p = rd_target_get_host (target); *p != '\0'; p++)
        g_assert_true ((guchar) *p < 0x80 && g_ascii_isgraph (*p));
    }
  else
    {
      g_assert_true (error != NULL && error->domain == RD_PROBE_QUERY_ERROR);
      g_assert_null (strchr (error->message, '\n'));
    }

  /* The same bytes as a pattern, and as a label value. */
  if (rd_allow_list_add (list, text, &pattern_error))
    {
      g_assert_cmpuint (rd_allow_list_get_size (list), ==, 1);
      if (target != NULL)
        (void) rd_allow_list_match (list, target);
    }
  else
    g_assert_nonnull (pattern_error);

  rd_exposition_append_label_value (label, text);
  g_assert_null (strchr (label->str, '\n'));
  return 0;
}
