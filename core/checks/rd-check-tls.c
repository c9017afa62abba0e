/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <unistd.h>

#include "rd-check.h"
#include "rd-negotiation.h"
#include "rd-net.h"
#include "rd-tls.h"

static GInetSocketAddress *
negotiated_address (RdCheckContext *ctx,
                    RdFinding      *negotiate)
{
  const char *text = rd_finding_get_string (negotiate, "address");
  g_autoptr(GInetAddress) address = text != NULL ? g_inet_address_new_from_string (text) : NULL;

  if (address == NULL)
    return NULL;
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, rd_target_get_port (ctx->target)));
}

static const char *
server_name (RdCheckContext *ctx)
{
  return rd_target_get_kind (ctx->target) == RD_TARGET_KIND_NAME ? rd_target_get_host (ctx->target) : NULL;
}

/* The same handshake again on a new connection, with old protocol versions
 * and weak keys allowed: only to learn whether the host can do nothing
 * better, never as the fix. */
static JsonObject *
legacy_retry (RdCheckContext     *ctx,
              GInetSocketAddress *address,
              guint32             requested,
              RdTlsHandshake     *out)
{
  RdNegProbe probe = {
    .requested = requested,
    .address = address,
    .fd = -1,
    .deadline = rd_deadline_in_ms (ctx->timeout_ms),
    .cancellable = ctx->cancellable,
  };
  JsonObject *result;

  rd_neg_probe_run (&probe);
  if (!rd_neg_probe_selected_tls (&probe))
    {
      result = json_object_new ();
      json_object_set_string_member (result, "outcome", "negotiation-failed");
      json_object_set_string_member (result, "negotiation", rd_neg_outcome_to_string (probe.outcome));
      rd_neg_probe_clear (&probe);
      return result;
    }

  out->legacy = TRUE;
  out->server_name = server_name (ctx);
  out->deadline = rd_deadline_in_ms (ctx->timeout_ms);
  out->cancellable = ctx->cancellable;
  rd_tls_handshake_run (out, probe.fd);
  result = rd_tls_handshake_to_json (out);
  rd_neg_probe_clear (&probe);
  return result;
}

/* A ClientHello straight after connecting, without X.224 first: Windows
 * answers it, so it tells a broken negotiation from a broken TLS stack. */
static JsonObject *
direct_tls (RdCheckContext     *ctx,
            GInetSocketAddress *address)
{
  RdConnectAttempt attempt = { .address = address };
  RdTlsHandshake handshake = { 0 };
  JsonObject *result;

  rd_net_connect_many (&attempt, 1, rd_deadline_in_ms (ctx->timeout_ms), ctx->cancellable);
  if (attempt.state != RD_CONNECT_OK)
    {
      result = json_object_new ();
      json_object_set_string_member (result, "outcome", "connect-failed");
      return result;
    }

  handshake.server_name = server_name (ctx);
  handshake.deadline = rd_deadline_in_ms (ctx->timeout_ms);
  handshake.cancellable = ctx->cancellable;
  rd_tls_handshake_run (&handshake, attempt.fd);
  result = rd_tls_handshake_to_json (&handshake);
  rd_tls_handshake_clear (&handshake);
  close (attempt.fd);
  return result;
}

static void
summarize_failure (RdFinding            *finding,
                   const RdTlsHandshake *handshake)
{
  switch (handshake->outcome)
    {
    case RD_TLS_RESET:
    case RD_TLS_CLOSED:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer broke off the secure connection while it was being set up."));
      break;
    case RD_TLS_ALERT_RECEIVED:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer refused the secure connection (“%s”)."),
                             SSL_alert_desc_string_long (handshake->alert_code));
      break;
    case RD_TLS_ALERT_SENT:
    case RD_TLS_ERROR:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("No secure connection could be agreed with the computer."));
      break;
    case RD_TLS_TIMEOUT:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer stopped answering while the secure connection was being set up."));
      break;
    case RD_TLS_CANCELLED:
    case RD_TLS_OK:
    default:
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the secure connection was set up."));
      break;
    }
}

/**
 * rd_check_tls:
 *
 * The TLS handshake on the connection where negotiation agreed on TLS:
 * version, cipher, the host's certificate, and where it died when it did.
 */
RdFinding *
rd_check_tls (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("tls");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *negotiate = rd_check_context_get_dep (ctx, "negotiate");
  g_autoptr(RdConnection) connection = negotiate != NULL ? rd_finding_steal_connection (negotiate) : NULL;
  g_autoptr(GInetSocketAddress) address = negotiate != NULL ? negotiated_address (ctx, negotiate) : NULL;
  const char *outcome = negotiate != NULL ? rd_finding_get_string (negotiate, "outcome") : NULL;
  const char *selected = negotiate != NULL ? rd_finding_get_string (negotiate, "selected_protocol") : NULL;
  RdTlsHandshake handshake = { 0 };
  gint64 start = g_get_monotonic_time ();

  if (connection == NULL)
    {
      json_object_set_string_member (evidence, "outcome", "not-tried");

      /* Only when the host gave a negotiation answer: after silence another
       * try would only wait out a second timeout. */
      if (address != NULL && outcome != NULL &&
          !g_str_equal (outcome, "timeout") && !g_str_equal (outcome, "cancelled") &&
          !g_str_equal (outcome, "connect-failed") && g_strcmp0 (selected, "RDP") != 0)
        {
          JsonObject *direct = direct_tls (ctx, address);
          gboolean works = g_strcmp0 (json_object_get_string_member_with_default (direct, "outcome", ""), "ok") == 0;

          json_object_set_object_member (evidence, "direct_tls", direct);
          rd_finding_set_result (finding, RD_STATUS_SKIP,
                                 works ? _("Not tried after the failed negotiation; TLS alone works, so the problem is in the negotiation.")
                                       : _("Not tried after the failed negotiation; TLS alone does not work either."));
        }
      else
        rd_finding_set_result (finding, RD_STATUS_SKIP,
                               _("Not tried: the computer did not agree on a secure connection."));
      rd_finding_set_duration_ms (finding, rd_ms_since (start));
      return finding;
    }

  /* A client set to allow old encryption (a fix being tested) runs the
   * handshake as it would. */
  handshake.legacy = ctx->tls_legacy;
  handshake.server_name = server_name (ctx);
  handshake.deadline = rd_deadline_in_ms (ctx->timeout_ms);
  handshake.cancellable = ctx->cancellable;
  rd_tls_handshake_run (&handshake, connection->fd);

  {
    JsonObject *result = rd_tls_handshake_to_json (&handshake);
    GList *members = json_object_get_members (result);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (evidence, l->data, json_node_copy (json_object_get_member (result, l->data)));
    g_list_free (members);
    json_object_unref (result);
  }

  /* What this computer's own TLS settings (or the old ones of a fix being
   * tested) made of the host. */
  {
    g_autofree char *policy = rd_tls_handshake_describe (&handshake);

    json_object_set_string_member (evidence, handshake.legacy ? "legacy_policy" : "default_policy", policy);
  }

  if (handshake.outcome == RD_TLS_OK)
    {
      rd_finding_set_result (finding, RD_STATUS_PASS,
                             _("A secure connection was set up (%s)."), handshake.version);
      connection->ssl = g_steal_pointer (&handshake.ssl);
      rd_finding_set_connection (finding, g_steal_pointer (&connection));
    }
  else
    {
      summarize_failure (finding, &handshake);

      if (handshake.outcome != RD_TLS_TIMEOUT && handshake.outcome != RD_TLS_CANCELLED && address != NULL &&
          !handshake.legacy)
        {
          RdTlsHandshake legacy = { 0 };
          JsonObject *retry = legacy_retry (ctx, address, ctx->requested_protocols, &legacy);

          /* The host's certificate, if only the legacy handshake got to it. */
          if (handshake.certificate == NULL && legacy.certificate != NULL)
            json_object_set_object_member (evidence, "certificate",
                                           rd_tls_certificate_to_json (legacy.certificate));
          /* What the host can do when old versions and weak parameters are
           * allowed: observed only, the connection is closed right after. */
          if (legacy.messages != NULL)
            {
              g_autofree char *policy = rd_tls_handshake_describe (&legacy);

              json_object_set_string_member (evidence, "legacy_policy", policy);
            }
          json_object_set_object_member (evidence, "legacy_retry", retry);
          rd_tls_handshake_clear (&legacy);
        }
    }

  rd_tls_handshake_clear (&handshake);
  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
