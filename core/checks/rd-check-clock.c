/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-check.h"
#include "rd-net.h"
#include "rd-tls.h"

/* Kerberos, and with it Network Level Authentication, allows five minutes. */
#define MAX_SKEW_S (5 * 60)

static gboolean
valid_at (JsonObject *certificate,
          gint64      when)
{
  return rd_tls_certificate_validity (certificate, when) == RD_CERT_VALID;
}

/**
 * rd_check_clock:
 *
 * This computer's clock against the host's (from its NTLM CHALLENGE), and the
 * certificate's validity judged by both clocks, so that a wrong clock here is
 * named as such and not as an expired certificate.
 */
RdFinding *
rd_check_clock (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("clock");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *nla = rd_check_context_get_dep (ctx, "nla");
  RdFinding *tls = rd_check_context_get_dep (ctx, "tls");
  gint64 server_time = nla != NULL ? rd_finding_get_int (nla, "server_time_unix", G_MININT64) : G_MININT64;
  gint64 received_at = nla != NULL ? rd_finding_get_int (nla, "received_at_unix", G_MININT64) : G_MININT64;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  JsonNode *certificate = tls != NULL ? json_object_get_member (rd_finding_get_evidence (tls), "certificate") : NULL;
  g_autoptr(GDateTime) local = g_date_time_new_now_utc ();
  g_autofree char *local_text = g_date_time_format_iso8601 (local);
  gint64 offset;

  json_object_set_string_member (evidence, "local_time", local_text);

  if (server_time == G_MININT64 || received_at == G_MININT64)
    {
      if (certificate != NULL && JSON_NODE_HOLDS_OBJECT (certificate))
        json_object_set_boolean_member (evidence, "cert_valid_local",
                                        valid_at (json_node_get_object (certificate), now));
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("The computer did not tell its time, so the clocks could not be compared."));
      return finding;
    }

  offset = server_time - received_at;
  json_object_set_int_member (evidence, "offset_s", offset);
  json_object_set_string_member (evidence, "server_time", rd_finding_get_string (nla, "server_time"));

  if (certificate != NULL && JSON_NODE_HOLDS_OBJECT (certificate))
    {
      json_object_set_boolean_member (evidence, "cert_valid_local",
                                      valid_at (json_node_get_object (certificate), now));
      json_object_set_boolean_member (evidence, "cert_valid_server",
                                      valid_at (json_node_get_object (certificate), now + offset));
    }

  if (ABS (offset) > MAX_SKEW_S)
    rd_finding_set_result (finding, RD_STATUS_WARN,
                           _("The two computers' clocks differ by %d minutes."),
                           (int) MIN (ABS (offset) / 60, G_MAXINT));
  else
    rd_finding_set_result (finding, RD_STATUS_PASS, _("Both computers' clocks agree."));
  return finding;
}
