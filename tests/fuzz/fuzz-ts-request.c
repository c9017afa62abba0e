/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-credssp.h"
#include "rd-ntlm.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  RdTsRequest request;
  gssize framed;

  /* Feed the framing as the network would: every header prefix, then all. */
  for (size_t i = 0; i <= size && i <= 8; i++)
    (void) rd_credssp_message_length (data, i, G_MAXSIZE);
  framed = rd_credssp_message_length (data, size, 65536);
  g_assert_cmpint (framed, >=, -1);

  if (rd_credssp_parse_ts_request (data, size, &request, &error))
    {
      g_assert_no_error (error);
      /* A parsed TSRequest always frames, and within what arrived. */
      framed = rd_credssp_message_length (data, size, G_MAXSIZE);
      g_assert_cmpint (framed, >, 0);
      g_assert_cmpint (framed, <=, (gssize) size);
      (void) rd_credssp_version_outdated (request.version);
      if (request.has_error_code)
        (void) rd_credssp_status_lookup (request.error_code, NULL);

      if (request.nego_token != NULL)
        {
          g_autoptr(GError) ntlm_error = NULL;
          RdNtlmChallenge challenge;

          g_assert_true (request.nego_token >= data);
          g_assert_cmpuint (request.nego_token + request.nego_token_length - data, <=, size);
          if (rd_ntlm_parse_challenge (request.nego_token, request.nego_token_length,
                                       &challenge, &ntlm_error))
            g_free (rd_ntlm_challenge_version_to_string (&challenge));
          rd_ntlm_challenge_clear (&challenge);
        }
    }
  else
    {
      g_assert_nonnull (error);
    }

  return 0;
}
