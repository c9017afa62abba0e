/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to the line editor that fixes profiles in place:
 * what it reads it writes back byte for byte, and what it sets it sets
 * without touching the rest. */
#include <string.h>
#include <glib.h>

#include "rd-profile-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
assert_same (GBytes       *bytes,
             const guint8 *data,
             size_t        size)
{
  gsize length = 0;
  const guint8 *out = g_bytes_get_data (bytes, &length);

  g_assert_cmpmem (out, length, data, size);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdProfileText) text = rd_profile_text_new (input, "\r\n", &error);
  g_autoptr(GBytes) unchanged = NULL;
  g_autoptr(GBytes) changed = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *value = NULL;

  if (text == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  /* Read and written back untouched: the very bytes. */
  unchanged = rd_profile_text_to_bytes (text);
  assert_same (unchanged, data, size);

  value = rd_profile_text_rdp_get (text, "full address");
  g_assert_true (value == NULL || g_utf8_validate (value, -1, NULL));

  rd_profile_text_rdp_set (text, "full address", 's', "192.0.2.15");
  rd_profile_text_rdp_set (text, "enablecredsspsupport", 'i', "0");
  rd_profile_text_keyfile_set (text, "remmina", "server", " [2001:db8::5]:3390\\");
  rd_profile_text_keyfile_set (text, "remmina", "multitransport", "0");
  g_clear_pointer (&value, g_free);
  value = rd_profile_text_rdp_get (text, "full address");
  g_assert_cmpstr (value, ==, "192.0.2.15");
  changed = rd_profile_text_to_bytes (text);
  g_assert_nonnull (changed);

  /* Setting the same again changes nothing more. */
  rd_profile_text_rdp_set (text, "full address", 's', "192.0.2.15");
  rd_profile_text_keyfile_set (text, "remmina", "multitransport", "0");
  again = rd_profile_text_to_bytes (text);
  g_assert_true (g_bytes_equal (changed, again));
  return 0;
}
