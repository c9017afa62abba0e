/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to the parser of an RD Gateway's HTTP answer, as if
 * they came in one piece and in every split a slow gateway could make of
 * their start, and decodes an NTLM token it found. */
#include <string.h>

#include "rd-rdg-http.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_response (const guint8            *data,
                gsize                    size,
                RdRdgHttpParse           result,
                const RdRdgHttpResponse *response)
{
  switch (result)
    {
    case RD_RDG_HTTP_PARSE_OK:
      g_assert_cmpuint (response->status, >=, 100);
      g_assert_cmpuint (response->status, <=, 599);
      g_assert_cmpuint (response->head_length, <=, size);
      g_assert_cmpuint (response->head_length, <=, RD_RDG_HTTP_MAX_HEAD);
      g_assert_cmpmem (data + response->head_length - 4, 4, "\r\n\r\n", 4);
      g_assert_cmpuint (response->n_headers, <=, RD_RDG_HTTP_MAX_HEADERS);
      g_assert_cmpuint (response->schemes->len, <=, RD_RDG_HTTP_MAX_SCHEMES);
      g_assert_true (g_utf8_validate (response->reason, -1, NULL));
      g_assert_true (response->server == NULL || g_utf8_validate (response->server, -1, NULL));
      if (response->ntlm_token != NULL)
        {
          gsize length;
          g_autofree guint8 *token = rd_rdg_http_decode_token (response->ntlm_token, &length);

          g_assert_true (token != NULL || length == 0);
        }
      break;
    case RD_RDG_HTTP_PARSE_INVALID:
      g_assert_nonnull (response->problem);
      break;
    case RD_RDG_HTTP_PARSE_INCOMPLETE:
      g_assert_cmpuint (size, <, RD_RDG_HTTP_MAX_HEAD);
      break;
    case RD_RDG_HTTP_PARSE_NOT_HTTP:
    default:
      break;
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(RdRdgHttpResponse) response = { 0 };
  RdRdgHttpParse whole = rd_rdg_http_parse_response (data, size, &response);

  check_response (data, size, whole, &response);

  /* A prefix never gets further than the whole: OK or INVALID stay so. */
  for (gsize cut = 0; cut < MIN (size, 64); cut++)
    {
      RdRdgHttpParse part = rd_rdg_http_parse_response (data, cut, &response);

      check_response (data, cut, part, &response);
      if (whole == RD_RDG_HTTP_PARSE_NOT_HTTP)
        g_assert_true (part == RD_RDG_HTTP_PARSE_NOT_HTTP || part == RD_RDG_HTTP_PARSE_INCOMPLETE);
    }
  return 0;
}
