/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-check.h"
#include "rd-credssp.h"
#include "rd-net.h"
#include "rd-ntlm.h"
#include "rd-tls.h"

/* A CHALLENGE is a few hundred bytes; anything far beyond that is not one. */
#define MAX_TS_REQUEST (64 * 1024)
#define TS_REQUEST_VERSION 6

static void
set_name (JsonObject *evidence,
          const char *member,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (evidence, member, value);
}

/* Reads one whole TSRequest, framed by its own DER length. */
static GByteArray *
read_ts_request (RdConnection  *connection,
                 gint64         deadline,
                 GCancellable  *cancellable,
                 const char   **outcome,
                 GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[4096];

  for (;;)
    {
      gssize total = rd_credssp_message_length (data->data, data->len, MAX_TS_REQUEST);
      gssize n;

      if (total < 0)
        {
          *outcome = data->len > 0 && data->data[0] == 0x30 ? "oversized" : "malformed";
          return NULL;
        }
      if (total > 0 && data->len >= (gsize) total)
        {
          g_byte_array_set_size (data, total);
          return g_steal_pointer (&data);
        }

      n = rd_tls_read (connection->ssl, connection->fd, buffer, sizeof buffer, deadline, cancellable, error);
      if (n < 0)
        {
          if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            *outcome = "timeout";
          else if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            *outcome = "cancelled";
          else
            *outcome = "reset";
          return NULL;
        }
      if (n == 0)
        {
          *outcome = data->len == 0 ? "closed" : "truncated";
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }
}

/**
 * rd_check_nla:
 *
 * Network Level Authentication, up to the point where a password would be
 * needed and no further: a CredSSP TSRequest carrying an anonymous NTLM
 * NEGOTIATE, and the host's CHALLENGE, which names the computer and gives its
 * clock. No AUTHENTICATE message is ever sent; no credential is asked for.
 */
RdFinding *
rd_check_nla (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("nla");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *tls = rd_check_context_get_dep (ctx, "tls");
  RdFinding *negotiate = rd_check_context_get_dep (ctx, "negotiate");
  const char *selected = negotiate != NULL ? rd_finding_get_string (negotiate, "selected_protocol") : NULL;
  g_autoptr(RdConnection) connection = NULL;
  g_autoptr(GByteArray) negotiate_message = NULL;
  g_autoptr(GByteArray) request = NULL;
  g_autoptr(GByteArray) reply = NULL;
  g_autoptr(GError) error = NULL;
  RdTsRequest ts_request = { 0 };
  RdNtlmChallenge challenge = { 0 };
  const char *outcome = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = rd_deadline_in_ms (ctx->timeout_ms);
  gint64 received_at;

  if (selected == NULL || strstr (selected, "HYBRID") == NULL)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("Not needed: the computer does not use Network Level Authentication."));
      return finding;
    }
  connection = tls != NULL ? rd_finding_steal_connection (tls) : NULL;
  if (connection == NULL || connection->ssl == NULL)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("Not tried: there is no secure connection to sign in over."));
      return finding;
    }

  negotiate_message = rd_ntlm_build_negotiate ();
  request = rd_credssp_build_ts_request (TS_REQUEST_VERSION, negotiate_message->data, negotiate_message->len);
  json_object_set_int_member (evidence, "sent_version", TS_REQUEST_VERSION);
  json_object_set_boolean_member (evidence, "sent_authenticate", FALSE);

  if (!rd_tls_write_all (connection->ssl, connection->fd, request->data, request->len, deadline,
                         ctx->cancellable, &error))
    {
      outcome = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" :
                g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ? "timeout" : "reset";
      goto done;
    }

  reply = read_ts_request (connection, deadline, ctx->cancellable, &outcome, &error);
  received_at = g_get_real_time () / G_USEC_PER_SEC;
  if (reply == NULL)
    goto done;

  if (!rd_credssp_parse_ts_request (reply->data, reply->len, &ts_request, &error))
    {
      outcome = "malformed";
      json_object_set_string_member (evidence, "problem", error->message);
      goto done;
    }
  json_object_set_int_member (evidence, "version", ts_request.version);

  if (ts_request.has_error_code)
    {
      g_autofree char *code = g_strdup_printf ("0x%08X", ts_request.error_code);

      json_object_set_string_member (evidence, "error_code", code);
      set_name (evidence, "error_name", rd_credssp_status_lookup (ts_request.error_code, NULL));
      outcome = "error-code";
      goto done;
    }
  if (ts_request.nego_token == NULL)
    {
      outcome = "malformed";
      json_object_set_string_member (evidence, "problem", "TSRequest without a negoToken");
      goto done;
    }
  if (!rd_ntlm_parse_challenge (ts_request.nego_token, ts_request.nego_token_length, &challenge, &error))
    {
      outcome = "malformed";
      json_object_set_string_member (evidence, "problem", error->message);
      goto done;
    }

  outcome = "challenge";
  set_name (evidence, "target_name", challenge.target_name);
  set_name (evidence, "netbios_computer", challenge.netbios_computer);
  set_name (evidence, "netbios_domain", challenge.netbios_domain);
  set_name (evidence, "dns_computer", challenge.dns_computer);
  set_name (evidence, "dns_domain", challenge.dns_domain);
  set_name (evidence, "dns_tree", challenge.dns_tree);
  {
    g_autofree char *version = rd_ntlm_challenge_version_to_string (&challenge);

    set_name (evidence, "os_version", version);
  }
  if (challenge.has_timestamp)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (challenge.timestamp_unix);
      g_autofree char *iso = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

      json_object_set_int_member (evidence, "server_time_unix", challenge.timestamp_unix);
      json_object_set_int_member (evidence, "received_at_unix", received_at);
      if (iso != NULL)
        json_object_set_string_member (evidence, "server_time", iso);
    }
  if (challenge.problem != NULL)
    json_object_set_string_member (evidence, "problem", challenge.problem);

done:
  json_object_set_string_member (evidence, "outcome", outcome != NULL ? outcome : "error");
  if (g_strcmp0 (outcome, "challenge") == 0)
    {
      const char *name = challenge.dns_computer != NULL ? challenge.dns_computer :
                         challenge.netbios_computer != NULL ? challenge.netbios_computer : "?";

      if (challenge.problem != NULL)
        rd_finding_set_result (finding, RD_STATUS_WARN,
                               _("The computer “%s” answered the sign-in start, but parts of its answer were damaged."),
                               name);
      else if (rd_credssp_version_outdated (ts_request.version))
        rd_finding_set_result (finding, RD_STATUS_WARN,
                               _("The computer “%s” answered with CredSSP version %u, from before the 2018 security fix that current Windows clients insist on."),
                               name, ts_request.version);
      else
        rd_finding_set_result (finding, RD_STATUS_PASS,
                               _("The computer “%s” is ready for Network Level Authentication."), name);
    }
  else if (g_strcmp0 (outcome, "cancelled") == 0)
    rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the sign-in step."));
  else if (g_strcmp0 (outcome, "error-code") == 0)
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The computer refused the start of Network Level Authentication with error %s."),
                           json_object_get_string_member_with_default (evidence, "error_name",
                                                                       json_object_get_string_member (evidence, "error_code")));
  else if (g_strcmp0 (outcome, "timeout") == 0)
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The computer did not answer the start of Network Level Authentication."));
  else
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("The computer broke off Network Level Authentication before asking for a password."));

  rd_ntlm_challenge_clear (&challenge);
  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
