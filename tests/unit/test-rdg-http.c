/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The RD Gateway HTTP transport's first request and the parser of its answer. */
#include <string.h>

#include "rd-rdg-http.h"

static RdRdgHttpParse
parse (const char        *text,
       RdRdgHttpResponse *response)
{
  return rd_rdg_http_parse_response ((const guint8 *) text, strlen (text), response);
}

static void
test_request (void)
{
  g_autofree char *id = rd_rdg_http_new_connection_id ();
  g_autoptr(GByteArray) plain = rd_rdg_http_build_request ("gw.example", 443, id, NULL);
  g_autoptr(GByteArray) with_port = rd_rdg_http_build_request ("2001:db8::1", 8443, id, "NTLM TlRMTVNTUAABAAAA");
  g_autofree char *plain_text = g_strndup ((const char *) plain->data, plain->len);
  g_autofree char *port_text = g_strndup ((const char *) with_port->data, with_port->len);
  g_autofree char *id_line = g_strdup_printf ("\r\nRDG-Connection-Id: %s\r\n", id);

  g_assert_cmpuint (strlen (id), ==, 38);
  g_assert_true (id[0] == '{' && id[37] == '}');
  g_assert_true (g_str_has_prefix (plain_text, "RDG_OUT_DATA /remoteDesktopGateway/ HTTP/1.1\r\n"));
  g_assert_true (g_str_has_suffix (plain_text, "\r\n\r\n"));
  g_assert_nonnull (strstr (plain_text, "\r\nHost: gw.example\r\n"));
  g_assert_nonnull (strstr (plain_text, id_line));
  g_assert_nonnull (strstr (plain_text, "\r\nCache-Control: no-cache\r\n"));
  g_assert_nonnull (strstr (plain_text, "\r\nPragma: no-cache\r\n"));
  g_assert_nonnull (strstr (plain_text, "\r\nAccept: */*\r\n"));
  g_assert_nonnull (strstr (plain_text, "\r\nContent-Length: 0\r\n"));
  g_assert_null (strstr (plain_text, "Authorization"));
  g_assert_nonnull (strstr (port_text, "\r\nHost: [2001:db8::1]:8443\r\n"));
  g_assert_nonnull (strstr (port_text, "\r\nAuthorization: NTLM TlRMTVNTUAABAAAA\r\n"));
}

static void
test_rpc_request (void)
{
  g_autoptr(GByteArray) request = rd_rdg_http_build_rpc_request ("gw.example", 443);
  g_autofree char *text = g_strndup ((const char *) request->data, request->len);

  g_assert_true (g_str_has_prefix (text, "RPC_IN_DATA /rpc/rpcproxy.dll?localhost:3388 HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (text, "\r\nHost: gw.example\r\n"));
  g_assert_nonnull (strstr (text, "\r\nAccept: application/rpc\r\n"));
  g_assert_nonnull (strstr (text, "\r\nContent-Length: 0\r\n"));
  g_assert_null (strstr (text, "Authorization"));
  g_assert_true (g_str_has_suffix (text, "\r\n\r\n"));
}

static void
test_working_gateway (void)
{
  g_auto(RdRdgHttpResponse) response = { 0 };
  const char *text =
    "HTTP/1.1 401 Unauthorized\r\n"
    "Content-Type: text/plain\r\n"
    "Server: Microsoft-IIS/10.0\r\n"
    "WWW-Authenticate: Negotiate\r\n"
    "WWW-Authenticate: NTLM\r\n"
    "WWW-Authenticate: Basic realm=\"gw, example\", charset=\"UTF-8\"\r\n"
    "Content-Length: 0\r\n"
    "\r\n"
    "body that is not read";

  g_assert_cmpint (parse (text, &response), ==, RD_RDG_HTTP_PARSE_OK);
  g_assert_cmpuint (response.status, ==, 401);
  g_assert_cmpstr (response.version, ==, "HTTP/1.1");
  g_assert_cmpstr (response.reason, ==, "Unauthorized");
  g_assert_cmpstr (response.server, ==, "Microsoft-IIS/10.0");
  g_assert_cmpuint (response.schemes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (response.schemes, 0), ==, "Negotiate");
  g_assert_cmpstr (g_ptr_array_index (response.schemes, 1), ==, "NTLM");
  g_assert_cmpstr (g_ptr_array_index (response.schemes, 2), ==, "Basic");
  g_assert_true (rd_rdg_http_response_offers (&response, "ntlm"));
  g_assert_false (rd_rdg_http_response_offers (&response, "Digest"));
  g_assert_null (response.ntlm_token);
  g_assert_cmpuint (response.n_headers, ==, 6);
  g_assert_cmpuint (response.head_length, ==, strlen (text) - strlen ("body that is not read"));
}

static void
test_challenge_list (void)
{
  g_auto(RdRdgHttpResponse) response = { 0 };

  g_assert_cmpint (parse ("HTTP/1.1 401 \r\n"
                          "www-authenticate: NTLM TlRMTVNTUAACAAAA==, Negotiate,ntlm\r\n"
                          "\r\n", &response), ==, RD_RDG_HTTP_PARSE_OK);
  g_assert_cmpstr (response.reason, ==, "");
  g_assert_cmpuint (response.schemes->len, ==, 2);
  g_assert_cmpstr (response.ntlm_token, ==, "TlRMTVNTUAACAAAA==");

  g_assert_cmpint (parse ("HTTP/1.0 404\r\n\r\n", &response), ==, RD_RDG_HTTP_PARSE_OK);
  g_assert_cmpuint (response.status, ==, 404);
  g_assert_cmpuint (response.schemes->len, ==, 0);
}

static void
test_incomplete_and_not_http (void)
{
  g_auto(RdRdgHttpResponse) response = { 0 };

  g_assert_cmpint (parse ("", &response), ==, RD_RDG_HTTP_PARSE_INCOMPLETE);
  g_assert_cmpint (parse ("HT", &response), ==, RD_RDG_HTTP_PARSE_INCOMPLETE);
  g_assert_cmpint (parse ("HTTP/1.1 401 Unauthorized\r\nServer: x\r\n", &response), ==,
                   RD_RDG_HTTP_PARSE_INCOMPLETE);
  g_assert_cmpint (parse ("SSH-2.0-OpenSSH_9.2\r\n", &response), ==, RD_RDG_HTTP_PARSE_NOT_HTTP);
  g_assert_cmpint (parse ("\x03\x00\x00\x13\x0e\xd0", &response), ==, RD_RDG_HTTP_PARSE_NOT_HTTP);
  g_assert_cmpint (parse ("http/1.1 200 OK\r\n\r\n", &response), ==, RD_RDG_HTTP_PARSE_NOT_HTTP);
  g_assert_cmpint (rd_rdg_http_parse_response (NULL, 0, &response), ==, RD_RDG_HTTP_PARSE_INCOMPLETE);
}

static void
test_invalid (void)
{
  static const char * const texts[] = {
    "HTTP/1.1 40 Unauthorized\r\n\r\n",
    "HTTP/1.1 4011 Unauthorized\r\n\r\n",
    "HTTP/1.1 099 Low\r\n\r\n",
    "HTTP/1.1 700 High\r\n\r\n",
    "HTTP/x.1 401 Unauthorized\r\n\r\n",
    "HTTP/1.1 401 Un\x01" "authorized\r\n\r\n",
    "HTTP/1.1 401 Unauthorized\r\nNo colon here\r\n\r\n",
    "HTTP/1.1 401 Unauthorized\r\n: empty name\r\n\r\n",
    "HTTP/1.1 401 Unauthorized\r\nA: b\r\n folded\r\n\r\n",
    "HTTP/1.1 401 Unauthorized\r\nA: b\nC: d\r\n\r\n",
    "HTTP/1.1 401 Unauthorized\r\nA: b\x7f\r\n\r\n",
  };
  static const char nul[] = "HTTP/1.1 401 Unauthorized\r\nA: \0b\r\n\r\n";

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_auto(RdRdgHttpResponse) response = { 0 };

      g_test_message ("case %u", i);
      g_assert_cmpint (parse (texts[i], &response), ==, RD_RDG_HTTP_PARSE_INVALID);
      g_assert_nonnull (response.problem);
    }

  {
    g_auto(RdRdgHttpResponse) response = { 0 };

    g_assert_cmpint (rd_rdg_http_parse_response ((const guint8 *) nul, sizeof nul - 1, &response), ==,
                     RD_RDG_HTTP_PARSE_INVALID);
  }
}

static void
test_limits (void)
{
  g_auto(RdRdgHttpResponse) response = { 0 };
  g_autoptr(GString) many = g_string_new ("HTTP/1.1 401 Unauthorized\r\n");
  g_autoptr(GString) long_head = g_string_new ("HTTP/1.1 401 Unauthorized\r\nX: ");
  g_autoptr(GString) schemes = g_string_new ("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: ");

  for (guint i = 0; i <= RD_RDG_HTTP_MAX_HEADERS; i++)
    g_string_append_printf (many, "X-%u: y\r\n", i);
  g_string_append (many, "\r\n");
  g_assert_cmpint (parse (many->str, &response), ==, RD_RDG_HTTP_PARSE_INVALID);

  /* No end of the head within the limit: refused, not waited for. */
  while (long_head->len < RD_RDG_HTTP_MAX_HEAD)
    g_string_append_c (long_head, 'a');
  g_assert_cmpint (parse (long_head->str, &response), ==, RD_RDG_HTTP_PARSE_INVALID);
  g_string_append (long_head, "\r\n\r\n");
  g_assert_cmpint (parse (long_head->str, &response), ==, RD_RDG_HTTP_PARSE_INVALID);

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (schemes, "S%u, ", i);
  g_string_append (schemes, "\r\n\r\n");
  g_assert_cmpint (parse (schemes->str, &response), ==, RD_RDG_HTTP_PARSE_OK);
  g_assert_cmpuint (response.schemes->len, ==, RD_RDG_HTTP_MAX_SCHEMES);
}

static void
test_decode_token (void)
{
  gsize length = 99;
  g_autofree guint8 *ok = rd_rdg_http_decode_token ("TlRMTVNTUAACAAAA", &length);
  g_autofree char *huge = g_strnfill (RD_RDG_HTTP_MAX_TOKEN + 4, 'A');

  g_assert_nonnull (ok);
  g_assert_cmpuint (length, ==, 12);
  g_assert_cmpmem (ok, 8, "NTLMSSP\0", 8);

  g_assert_null (rd_rdg_http_decode_token ("", &length));
  g_assert_null (rd_rdg_http_decode_token (NULL, &length));
  g_assert_cmpuint (length, ==, 0);
  g_assert_null (rd_rdg_http_decode_token ("abc", &length));
  g_assert_null (rd_rdg_http_decode_token ("ab=c", &length));
  g_assert_null (rd_rdg_http_decode_token ("a===", &length));
  g_assert_null (rd_rdg_http_decode_token ("ab c", &length));
  g_assert_null (rd_rdg_http_decode_token (huge, &length));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rdg-http/request", test_request);
  g_test_add_func ("/rdg-http/rpc-request", test_rpc_request);
  g_test_add_func ("/rdg-http/working-gateway", test_working_gateway);
  g_test_add_func ("/rdg-http/challenge-list", test_challenge_list);
  g_test_add_func ("/rdg-http/incomplete-and-not-http", test_incomplete_and_not_http);
  g_test_add_func ("/rdg-http/invalid", test_invalid);
  g_test_add_func ("/rdg-http/limits", test_limits);
  g_test_add_func ("/rdg-http/decode-token", test_decode_token);

  return g_test_run ();
}
