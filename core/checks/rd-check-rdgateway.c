/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>
#include <unistd.h>

#include "rd-check.h"
#include "rd-net.h"
#include "rd-ntlm.h"
#include "rd-rdg-http.h"
#include "rd-tls.h"

/*
 * The Remote Desktop Gateway (MS-TSGU) the connection goes through, as the
 * user's app reaches it: its name, its port, TLS and its certificate, then
 * the request that opens the HTTP transport's OUT channel, whose answer
 * (401 and the authentication schemes) shows a working gateway. When NTLM is
 * offered, an anonymous NTLM NEGOTIATE gets the gateway's CHALLENGE, which
 * names it and gives its clock. Never a credential, never an AUTHENTICATE.
 *
 * Not to be confused with the router (rd-gateway.c, the local check).
 */

/* Addresses tried at once, as a client would try them one after another. */
#define MAX_ADDRESSES 8

typedef struct
{
  RdCheckContext *ctx;
  JsonObject     *evidence;
  const char     *host;
  guint16         port;
} Probe;

/* One request on a connected socket: TLS, then the head of the answer. */
typedef struct
{
  RdTlsHandshake     tls;
  const char        *outcome;   /* "answer", "closed", "reset", "timeout", "cancelled",
                                   "not-http", "invalid", "truncated", "tls-failed" */
  GByteArray        *received;
  RdRdgHttpResponse  response;
} Exchange;

static void
exchange_clear (Exchange *exchange)
{
  rd_tls_handshake_clear (&exchange->tls);
  g_clear_pointer (&exchange->received, g_byte_array_unref);
  rd_rdg_http_response_clear (&exchange->response);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Exchange, exchange_clear)

/* ---- the name ------------------------------------------------------------ */

typedef struct
{
  GList    *addresses;
  gboolean  done;
} Resolution;

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Resolution *resolution = user_data;

  resolution->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, NULL);
  resolution->done = TRUE;
}

static gboolean
on_expired (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The gateway's addresses, waiting no longer than @deadline: on this
 * thread's own main context, so a stuck resolver cannot hold the check. */
static GList *
resolve (const char   *host,
         gint64        deadline,
         GCancellable *cancellable,
         gboolean     *timed_out)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GResolver) resolver = NULL;
  g_autoptr(GCancellable) lookup_cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = NULL;
  Resolution resolution = { 0 };
  gboolean expired = FALSE;
  gulong handler = 0;

  g_main_context_push_thread_default (context);
  resolver = g_resolver_get_default ();
  timeout = g_timeout_source_new ((guint) MAX ((deadline - g_get_monotonic_time ()) / 1000, 0));
  g_source_set_callback (timeout, on_expired, &expired, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel), lookup_cancellable, NULL);

  g_resolver_lookup_by_name_async (resolver, host, lookup_cancellable, on_resolved, &resolution);
  while (!resolution.done && !expired && !g_cancellable_is_cancelled (lookup_cancellable))
    g_main_context_iteration (context, TRUE);

  *timed_out = expired;
  g_source_destroy (timeout);
  g_clear_pointer (&timeout, g_source_unref);

  /* A cancelled lookup reports back at once; collect it before leaving. A
   * callback that does not come in time never runs: nobody iterates this
   * context again. */
  g_cancellable_cancel (lookup_cancellable);
  expired = FALSE;
  timeout = g_timeout_source_new (200);
  g_source_set_callback (timeout, on_expired, &expired, NULL);
  g_source_attach (timeout, context);
  while (!resolution.done && !expired)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  g_main_context_pop_thread_default (context);
  return resolution.addresses;
}

/* ---- the port ------------------------------------------------------------ */

static const char *
connect_outcome (RdConnectState state)
{
  switch (state)
    {
    case RD_CONNECT_REFUSED:
      return "refused";
    case RD_CONNECT_TIMEOUT:
      return "filtered";
    case RD_CONNECT_CANCELLED:
      return "cancelled";
    case RD_CONNECT_UNREACHABLE:
    case RD_CONNECT_ERROR:
    case RD_CONNECT_OK:
    default:
      return "unreachable";
    }
}

/* Connects to every address at once and keeps the first that answered.
 * Returns its socket, or -1 with the most telling failure in @outcome: a
 * refusal proves the gateway's computer is there. */
static int
connect_gateway (Probe               *probe,
                 GList               *addresses,
                 GInetSocketAddress **chosen,
                 const char         **outcome)
{
  RdConnectAttempt attempts[MAX_ADDRESSES] = { 0 };
  JsonArray *states = json_array_new ();
  guint n = 0;
  int fd = -1;
  RdConnectState worst = RD_CONNECT_UNREACHABLE;

  for (GList *l = addresses; l != NULL && n < MAX_ADDRESSES; l = l->next, n++)
    attempts[n].address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (l->data, probe->port));

  rd_net_connect_many (attempts, n, rd_deadline_in_ms (probe->ctx->timeout_ms), probe->ctx->cancellable);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *state = json_object_new ();
      g_autofree char *text = rd_inet_address_to_string (attempts[i].address);

      json_object_set_string_member (state, "address", text);
      json_object_set_string_member (state, "state", rd_connect_state_to_string (attempts[i].state));
      json_array_add_object_element (states, state);

      if (attempts[i].state == RD_CONNECT_OK && fd < 0)
        {
          fd = attempts[i].fd;
          *chosen = g_object_ref (attempts[i].address);
          json_object_set_string_member (probe->evidence, "connected_address", text);
          json_object_set_int_member (probe->evidence, "connect_ms", attempts[i].rtt_us / 1000);
        }
      else if (attempts[i].state == RD_CONNECT_OK)
        close (attempts[i].fd);
      else if (attempts[i].state == RD_CONNECT_REFUSED ||
               (attempts[i].state == RD_CONNECT_TIMEOUT && worst != RD_CONNECT_REFUSED) ||
               attempts[i].state == RD_CONNECT_CANCELLED)
        worst = attempts[i].state;
      g_object_unref (attempts[i].address);
    }

  json_object_set_array_member (probe->evidence, "addresses", states);
  if (fd < 0)
    *outcome = connect_outcome (worst);
  return fd;
}

/* ---- TLS and HTTP -------------------------------------------------------- */

static const char *
read_failure (const GError *error,
              gboolean      got_bytes)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return "timeout";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  return got_bytes ? "truncated" : "reset";
}

/* Reads until the head of the answer is whole, or shows it is none. */
static const char *
read_head (Exchange     *exchange,
           int           fd,
           gint64        deadline,
           GCancellable *cancellable)
{
  guint8 buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      RdRdgHttpParse parse = rd_rdg_http_parse_response (exchange->received->data, exchange->received->len,
                                                         &exchange->response);
      gssize n;

      if (parse == RD_RDG_HTTP_PARSE_OK)
        return "answer";
      if (parse == RD_RDG_HTTP_PARSE_NOT_HTTP)
        return "not-http";
      if (parse == RD_RDG_HTTP_PARSE_INVALID)
        return "invalid";

      /* INCOMPLETE: below the limit, so there is room for one more byte. */
      n = rd_tls_read (exchange->tls.ssl, fd, buffer,
                       MIN (sizeof buffer, RD_RDG_HTTP_MAX_HEAD - exchange->received->len),
                       deadline, cancellable, &error);
      if (n < 0)
        return read_failure (error, exchange->received->len > 0);
      if (n == 0)
        return exchange->received->len > 0 ? "truncated" : "closed";
      g_byte_array_append (exchange->received, buffer, n);
    }
}

/* TLS on @fd, then one request and the head of its answer. */
static void
exchange_run (Exchange         *exchange,
              Probe            *probe,
              int               fd,
              const GByteArray *request)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  exchange->received = g_byte_array_new ();
  exchange->tls.server_name = rd_target_get_rdgateway_kind (probe->ctx->target) == RD_TARGET_KIND_NAME ?
                              probe->host : NULL;
  exchange->tls.deadline = rd_deadline_in_ms (probe->ctx->timeout_ms);
  exchange->tls.cancellable = probe->ctx->cancellable;
  rd_tls_handshake_run (&exchange->tls, fd);
  if (exchange->tls.outcome != RD_TLS_OK)
    {
      exchange->outcome = exchange->tls.outcome == RD_TLS_TIMEOUT ? "timeout" :
                          exchange->tls.outcome == RD_TLS_CANCELLED ? "cancelled" : "tls-failed";
      return;
    }

  deadline = rd_deadline_in_ms (probe->ctx->timeout_ms);
  if (!rd_tls_write_all (exchange->tls.ssl, fd, request->data, request->len, deadline,
                         probe->ctx->cancellable, &error))
    {
      exchange->outcome = read_failure (error, FALSE);
      return;
    }
  exchange->outcome = read_head (exchange, fd, deadline, probe->ctx->cancellable);
}

/* The HTTP transport's request that opens the OUT channel. */
static GByteArray *
out_data_request (Probe      *probe,
                  const char *authorization)
{
  g_autofree char *connection_id = rd_rdg_http_new_connection_id ();

  return rd_rdg_http_build_request (probe->host, probe->port, connection_id, authorization);
}

/* One more request on a new connection to the address that answered. */
static gboolean
exchange_again (Exchange           *exchange,
                Probe              *probe,
                GInetSocketAddress *address,
                const GByteArray   *request)
{
  RdConnectAttempt attempt = { .address = address };

  rd_net_connect_many (&attempt, 1, rd_deadline_in_ms (probe->ctx->timeout_ms), probe->ctx->cancellable);
  if (attempt.state != RD_CONNECT_OK)
    return FALSE;
  exchange_run (exchange, probe, attempt.fd, request);
  close (attempt.fd);
  return TRUE;
}

/* The first bytes of an answer that is not HTTP, for the technician. */
static void
set_first_bytes (JsonObject       *evidence,
                 const GByteArray *received)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  for (guint i = 0; i < MIN (received->len, 16); i++)
    g_string_append_printf (hex, "%s%02x", i > 0 ? " " : "", received->data[i]);
  json_object_set_string_member (evidence, "first_bytes", hex->str);
}

static void
set_answer (JsonObject              *evidence,
            const RdRdgHttpResponse *response)
{
  JsonArray *schemes = json_array_new ();

  json_object_set_int_member (evidence, "http_status", response->status);
  json_object_set_string_member (evidence, "http_reason", response->reason);
  json_object_set_string_member (evidence, "http_version", response->version);
  if (response->server != NULL)
    json_object_set_string_member (evidence, "http_server", response->server);
  for (guint i = 0; i < response->schemes->len; i++)
    json_array_add_string_element (schemes, g_ptr_array_index (response->schemes, i));
  json_object_set_array_member (evidence, "auth_schemes", schemes);
}

/* What the head of the first answer says about the gateway. */
static const char *
answer_outcome (const RdRdgHttpResponse *response)
{
  switch (response->status)
    {
    case 401:
      return response->schemes->len > 0 ? "ok" : "unexpected-status";
    case 403:
    case 404:
    case 410:
      return "http-disabled";
    default:
      return "unexpected-status";
    }
}

/* ---- NTLM ---------------------------------------------------------------- */

static void
set_name (JsonObject *object,
          const char *member,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static void
set_challenge (JsonObject            *ntlm,
               const RdNtlmChallenge *challenge,
               gint64                 received_at)
{
  set_name (ntlm, "netbios_computer", challenge->netbios_computer);
  set_name (ntlm, "netbios_domain", challenge->netbios_domain);
  set_name (ntlm, "dns_computer", challenge->dns_computer);
  set_name (ntlm, "dns_domain", challenge->dns_domain);
  set_name (ntlm, "dns_tree", challenge->dns_tree);
  set_name (ntlm, "problem", challenge->problem);
  if (challenge->has_version)
    {
      g_autofree char *version = g_strdup_printf ("%u.%u.%u", challenge->version_major,
                                                  challenge->version_minor, challenge->version_build);
      json_object_set_string_member (ntlm, "os_version", version);
    }
  if (challenge->has_timestamp)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (challenge->timestamp_unix);
      g_autofree char *iso = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

      json_object_set_int_member (ntlm, "server_time_unix", challenge->timestamp_unix);
      json_object_set_int_member (ntlm, "received_at_unix", received_at);
      json_object_set_int_member (ntlm, "offset_s", challenge->timestamp_unix - received_at);
      if (iso != NULL)
        json_object_set_string_member (ntlm, "server_time", iso);
    }
}

/* An anonymous NEGOTIATE on a new connection to the same address, and the
 * CHALLENGE in the 401's "WWW-Authenticate: NTLM <base64>". */
static JsonObject *
ntlm_probe (Probe              *probe,
            GInetSocketAddress *address)
{
  JsonObject *ntlm = json_object_new ();
  g_auto(Exchange) exchange = { 0 };
  g_autoptr(GByteArray) negotiate = rd_ntlm_build_negotiate ();
  g_autofree char *encoded = g_base64_encode (negotiate->data, negotiate->len);
  g_autofree char *authorization = g_strconcat ("NTLM ", encoded, NULL);
  g_autoptr(GByteArray) request = out_data_request (probe, authorization);
  g_autofree guint8 *token = NULL;
  g_autoptr(GError) error = NULL;
  RdNtlmChallenge challenge = { 0 };
  gsize length = 0;

  json_object_set_boolean_member (ntlm, "sent_authenticate", FALSE);
  if (!exchange_again (&exchange, probe, address, request))
    {
      json_object_set_string_member (ntlm, "outcome", "connect-failed");
      return ntlm;
    }
  if (g_strcmp0 (exchange.outcome, "answer") != 0)
    {
      json_object_set_string_member (ntlm, "outcome", exchange.outcome);
      return ntlm;
    }

  json_object_set_int_member (ntlm, "http_status", exchange.response.status);
  token = rd_rdg_http_decode_token (exchange.response.ntlm_token, &length);
  if (token == NULL)
    {
      json_object_set_string_member (ntlm, "outcome", "no-challenge");
      return ntlm;
    }
  if (!rd_ntlm_parse_challenge (token, length, &challenge, &error))
    {
      json_object_set_string_member (ntlm, "outcome", "malformed");
      json_object_set_string_member (ntlm, "problem", error->message);
      return ntlm;
    }

  json_object_set_string_member (ntlm, "outcome", "challenge");
  set_challenge (ntlm, &challenge, g_get_real_time () / G_USEC_PER_SEC);
  rd_ntlm_challenge_clear (&challenge);
  return ntlm;
}

/* ---- RPC over HTTP ------------------------------------------------------- */

/* After a 403/404/410: does the address offer the older transport, RPC over
 * HTTP? A gateway whose HTTP transport is off answers its request with 401;
 * a web server that is no gateway does not. */
static JsonObject *
rpc_probe (Probe              *probe,
           GInetSocketAddress *address)
{
  JsonObject *rpc = json_object_new ();
  g_auto(Exchange) exchange = { 0 };
  g_autoptr(GByteArray) request = rd_rdg_http_build_rpc_request (probe->host, probe->port);

  if (!exchange_again (&exchange, probe, address, request))
    json_object_set_string_member (rpc, "outcome", "connect-failed");
  else if (g_strcmp0 (exchange.outcome, "answer") != 0)
    json_object_set_string_member (rpc, "outcome", exchange.outcome);
  else
    {
      json_object_set_string_member (rpc, "outcome", "answer");
      set_answer (rpc, &exchange.response);
    }
  return rpc;
}

/* ---- the verdict --------------------------------------------------------- */

static void
summarize (RdFinding  *finding,
           Probe      *probe,
           const char *outcome)
{
  const char *gateway = rd_target_get_rdgateway_display_host (probe->ctx->target);
  guint port = probe->port;

  if (g_str_equal (outcome, "ok"))
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("The Remote Desktop Gateway “%s” answers and asks for a sign-in, as it should."),
                           gateway);
  else if (g_str_equal (outcome, "resolution-failed"))
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The name of the Remote Desktop Gateway “%s” could not be found."), gateway);
  else if (g_str_equal (outcome, "refused") || g_str_equal (outcome, "filtered") ||
           g_str_equal (outcome, "unreachable"))
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The Remote Desktop Gateway “%s” cannot be reached on port %u."), gateway, port);
  else if (g_str_equal (outcome, "tls-failed"))
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("No secure connection could be set up with the Remote Desktop Gateway “%s”."),
                           gateway);
  else if (g_str_equal (outcome, "http-disabled"))
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("“%s” does not offer the Remote Desktop Gateway's HTTP transport."), gateway);
  else if (g_str_equal (outcome, "closed") || g_str_equal (outcome, "reset") || g_str_equal (outcome, "timeout"))
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The Remote Desktop Gateway “%s” closed the connection without an answer."),
                           gateway);
  else if (g_str_equal (outcome, "cancelled"))
    rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the gateway was checked."));
  else
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("“%s” answers, but not as a Remote Desktop Gateway does."), gateway);
}

/* The gateway's name to its answer; returns the outcome. */
static const char *
probe_gateway (Probe *probe)
{
  g_autolist(GInetAddress) addresses = NULL;
  g_autoptr(GInetSocketAddress) chosen = NULL;
  g_auto(Exchange) exchange = { 0 };
  g_autoptr(GByteArray) request = NULL;
  const char *outcome = NULL;
  gboolean timed_out = FALSE;
  int fd;

  addresses = resolve (probe->host, rd_deadline_in_ms (probe->ctx->timeout_ms), probe->ctx->cancellable,
                       &timed_out);
  if (g_cancellable_is_cancelled (probe->ctx->cancellable))
    return "cancelled";
  if (addresses == NULL)
    {
      json_object_set_boolean_member (probe->evidence, "resolution_timed_out", timed_out);
      return "resolution-failed";
    }

  fd = connect_gateway (probe, addresses, &chosen, &outcome);
  if (fd < 0)
    return outcome;

  request = out_data_request (probe, NULL);
  exchange_run (&exchange, probe, fd, request);
  close (fd);
  json_object_set_object_member (probe->evidence, "tls", rd_tls_handshake_to_json (&exchange.tls));
  json_object_set_string_member (probe->evidence, "http_outcome", exchange.outcome);
  if (exchange.response.problem != NULL)
    json_object_set_string_member (probe->evidence, "http_problem", exchange.response.problem);
  if (g_str_equal (exchange.outcome, "not-http") || g_str_equal (exchange.outcome, "invalid") ||
      g_str_equal (exchange.outcome, "truncated"))
    {
      set_first_bytes (probe->evidence, exchange.received);
      return "not-a-gateway";
    }
  if (!g_str_equal (exchange.outcome, "answer"))
    return exchange.outcome;

  set_answer (probe->evidence, &exchange.response);
  outcome = answer_outcome (&exchange.response);
  if (g_str_equal (outcome, "ok") && rd_rdg_http_response_offers (&exchange.response, "NTLM"))
    json_object_set_object_member (probe->evidence, "ntlm", ntlm_probe (probe, chosen));
  if (g_str_equal (outcome, "http-disabled"))
    json_object_set_object_member (probe->evidence, "rpc_over_http", rpc_probe (probe, chosen));
  return outcome;
}

/**
 * rd_check_rdgateway_applies:
 *
 * Returns: %TRUE when the user's app goes through a Remote Desktop Gateway
 */
gboolean
rd_check_rdgateway_applies (const RdTarget *target)
{
  return rd_target_uses_rdgateway (target);
}

/**
 * rd_check_rdgateway:
 *
 * The Remote Desktop Gateway of the connection: name, port, TLS and
 * certificate, the HTTP transport's first answer and, when NTLM is offered,
 * the gateway's own names and clock.
 */
RdFinding *
rd_check_rdgateway (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("rdgateway");
  Probe probe = {
    .ctx = ctx,
    .evidence = rd_finding_get_evidence (finding),
    .host = rd_target_get_rdgateway_host (ctx->target),
    .port = rd_target_get_rdgateway_port (ctx->target),
  };
  gint64 start = g_get_monotonic_time ();
  const char *outcome;

  if (probe.host == NULL)
    {
      json_object_set_string_member (probe.evidence, "outcome", "not-used");
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("This connection does not use a Remote Desktop Gateway."));
      return finding;
    }

  json_object_set_string_member (probe.evidence, "host", probe.host);
  json_object_set_int_member (probe.evidence, "port", probe.port);
  json_object_set_string_member (probe.evidence, "usage",
                                 rd_rdgateway_usage_to_string (rd_target_get_rdgateway_usage (ctx->target)));
  if (rd_target_get_rdgateway_credentials_source (ctx->target) >= 0)
    json_object_set_int_member (probe.evidence, "credentials_source",
                                rd_target_get_rdgateway_credentials_source (ctx->target));

  outcome = probe_gateway (&probe);
  json_object_set_string_member (probe.evidence, "outcome", outcome);
  summarize (finding, &probe, outcome);
  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
