/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-ntlm.h"
#include "rd-ntlm-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  RdNtlmChallenge challenge;

  if (rd_ntlm_parse_challenge (data, size, &challenge, &error))
    {
      const char *names[] = {
        challenge.target_name, challenge.netbios_computer, challenge.netbios_domain,
        challenge.dns_computer, challenge.dns_domain, challenge.dns_tree,
        challenge.target_spn, challenge.problem,
      };

      g_assert_no_error (error);
      g_assert_cmpint (rd_ntlm_message_type (data, size), ==, RD_NTLM_MESSAGE_CHALLENGE);
      /* Every string is whole and UTF-8, whatever came in. */
      for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
        if (names[i] != NULL)
          g_assert_true (g_utf8_validate (names[i], -1, NULL));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_null (challenge.target_name);
      g_assert_null (challenge.problem);
    }
  rd_ntlm_challenge_clear (&challenge);

  (void) rd_ntlm_find_message (data, size, RD_NTLM_MESSAGE_AUTHENTICATE);

  return 0;
}
