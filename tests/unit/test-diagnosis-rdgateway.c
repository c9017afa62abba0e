/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules for a connection through a Remote Desktop Gateway: what the
 * gateway check found names the cause; the direct path to the computer
 * names none. */
#include <string.h>

#include "rd-cause-private.h"
#include "rd-diagnosis.h"
#include "rd-finding.h"
#include "rd-target.h"
#include "rd-unit-util.h"

#define THROUGH_GATEWAY \
  "rdp://full%20address=s:pc.example.test&gatewayhostname=s:gw.example.test&gatewayusagemethod=i:1"

#define diagnose rd_test_diagnose
#define first_id rd_test_first_cause_id

static RdFinding *
refused_tcp (void)
{
  return rd_test_finding_new ("tcp", RD_STATUS_FAIL,
                              "{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", "
                              "\"state\": \"refused\"}]}");
}

static RdFinding *
gateway_finding (const char *outcome,
                 const char *more)
{
  g_autofree char *json = g_strdup_printf ("{\"outcome\": \"%s\"%s%s}", outcome,
                                           more != NULL ? ", " : "", more != NULL ? more : "");

  return rd_test_finding_new ("rdgateway", g_str_equal (outcome, "ok") ? RD_STATUS_PASS : RD_STATUS_FAIL, json);
}

static void
test_outcomes (void)
{
  static const struct { const char *outcome; const char *cause; } cases[] = {
    { "resolution-failed", "rdgateway-resolution-failed" },
    { "refused", "rdgateway-port-closed" },
    { "filtered", "rdgateway-port-closed" },
    { "unreachable", "rdgateway-port-closed" },
    { "tls-failed", "rdgateway-tls-failed" },
    { "http-disabled", "rdgateway-http-disabled" },
    { "closed", "rdgateway-refused" },
    { "reset", "rdgateway-refused" },
    { "timeout", "rdgateway-refused" },
    { "not-a-gateway", "rdgateway-not-a-gateway" },
    { "unexpected-status", "rdgateway-not-a-gateway" },
    { "ok", NULL },
    { "cancelled", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) causes = diagnose (THROUGH_GATEWAY, gateway_finding (cases[i].outcome, NULL),
                                              refused_tcp (), NULL);

      g_test_message ("%s", cases[i].outcome);
      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
      g_assert_null (rd_causes_find (causes, RD_CAUSE_PORT_REFUSED));
    }
}

/* Without the gateway the same direct-path finding is the cause. */
static void
test_direct_path (void)
{
  g_autoptr(GPtrArray) direct = diagnose ("pc.example.test", refused_tcp (), NULL);
  g_autoptr(GPtrArray) not_used = diagnose ("rdp://full%20address=s:pc.example.test"
                                            "&gatewayhostname=s:gw.example.test&gatewayusagemethod=i:0",
                                            refused_tcp (), NULL);
  g_autoptr(GPtrArray) detect = diagnose ("rdp://full%20address=s:pc.example.test"
                                          "&gatewayhostname=s:gw.example.test&gatewayusagemethod=i:2",
                                          gateway_finding ("ok", NULL), refused_tcp (), NULL);

  g_assert_cmpstr (first_id (direct), ==, "port-refused");
  g_assert_cmpstr (first_id (not_used), ==, "port-refused");
  g_assert_null (first_id (detect));
}

/* What the computer answered when it was reached still counts. */
static void
test_host_answers_still_count (void)
{
  g_autoptr(GPtrArray) causes =
    diagnose (THROUGH_GATEWAY, gateway_finding ("ok", NULL),
              rd_test_finding_new ("negotiate", RD_STATUS_FAIL, "{\"outcome\": \"failure\", \"failure_code\": 5}"),
              NULL);

  g_assert_cmpstr (first_id (causes), ==, "negotiation-hybrid-required");
}

static void
test_schemes (void)
{
  static const struct { const char *schemes; const char *cause; } cases[] = {
    { "[\"Negotiate\"]", "rdgateway-kerberos-only" },
    { "[\"negotiate\"]", "rdgateway-kerberos-only" },
    { "[\"Negotiate\", \"NTLM\"]", NULL },
    { "[\"Negotiate\", \"Basic\"]", NULL },
    { "[\"NTLM\"]", NULL },
    { "[]", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *more = g_strdup_printf ("\"auth_schemes\": %s", cases[i].schemes);
      g_autoptr(GPtrArray) causes = diagnose (THROUGH_GATEWAY, gateway_finding ("ok", more), NULL);

      g_test_message ("%s", cases[i].schemes);
      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

static void
test_certificate (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  static const struct { const char *certificate; const char *cause; } cases[] = {
    { "\"san_dns\": [\"gw.example.test\"]", NULL },
    { "\"san_dns\": [\"*.example.test\"]", NULL },
    { "\"san_dns\": [\"GW.EXAMPLE.TEST\"]", NULL },
    { "\"common_name\": \"gw.example.test\"", NULL },
    /* A short name is fine for the computer's own certificate, not here. */
    { "\"san_dns\": [\"gw\"]", "rdgateway-cert-name-mismatch" },
    { "\"san_dns\": [\"other.example.test\"], \"common_name\": \"gw.example.test\"", "rdgateway-cert-name-mismatch" },
    { "\"san_dns\": [\"*.test\"]", "rdgateway-cert-name-mismatch" },
    { "\"san_dns\": [\"gw.example.test\"], \"self_signed\": true", "rdgateway-cert-self-signed" },
    { "\"san_dns\": [\"gw.example.test\"], \"not_after_unix\": 1000", "rdgateway-cert-expired" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *more = g_strdup_printf ("\"auth_schemes\": [\"NTLM\"], \"tls\": {\"outcome\": \"ok\", "
                                               "\"certificate\": {\"not_before_unix\": %" G_GINT64_FORMAT ", %s}}",
                                               now - 10, cases[i].certificate);
      g_autoptr(GPtrArray) causes = diagnose (THROUGH_GATEWAY, gateway_finding ("ok", more), NULL);

      g_test_message ("%s", cases[i].certificate);
      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

/* A 404 with RPC over HTTP answering 401 is surely a gateway. */
static void
test_rpc_over_http (void)
{
  g_autoptr(GPtrArray) bare = diagnose (THROUGH_GATEWAY, gateway_finding ("http-disabled",
                                                                          "\"rpc_over_http\": {\"http_status\": 404}"),
                                        NULL);
  g_autoptr(GPtrArray) rpc = diagnose (THROUGH_GATEWAY, gateway_finding ("http-disabled",
                                                                         "\"rpc_over_http\": {\"http_status\": 401}"),
                                       NULL);

  g_assert_cmpstr (first_id (bare), ==, "rdgateway-http-disabled");
  g_assert_cmpstr (first_id (rpc), ==, "rdgateway-http-disabled");
  g_assert_cmpfloat (((RdCause *) g_ptr_array_index (rpc, 0))->confidence, >,
                     ((RdCause *) g_ptr_array_index (bare, 0))->confidence);
}

static void
test_cause_words (void)
{
  g_autoptr(GPtrArray) causes = diagnose (THROUGH_GATEWAY, gateway_finding ("refused", NULL), NULL);
  RdCause *cause = g_ptr_array_index (causes, 0);
  gboolean host_side = FALSE;

  g_assert_cmpint (rd_cause_get_area (cause), ==, RD_AREA_RDGATEWAY);
  g_assert_true (cause->title != NULL && cause->title[0] != '\0');
  g_assert_true (cause->explanation != NULL && cause->explanation[0] != '\0');
  for (guint i = 0; i < cause->remedies->len; i++)
    {
      RdRemedy *remedy = g_ptr_array_index (cause->remedies, i);

      for (guint s = 0; s < remedy->steps->len; s++)
        g_assert_null (strstr (g_ptr_array_index (remedy->steps, s), "%"));
      host_side |= remedy->side == RD_SIDE_HOST && remedy->commands->len > 0;
    }
  g_assert_true (host_side);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagnosis/rdgateway/outcomes", test_outcomes);
  g_test_add_func ("/diagnosis/rdgateway/direct-path", test_direct_path);
  g_test_add_func ("/diagnosis/rdgateway/host-answers-still-count", test_host_answers_still_count);
  g_test_add_func ("/diagnosis/rdgateway/schemes", test_schemes);
  g_test_add_func ("/diagnosis/rdgateway/certificate", test_certificate);
  g_test_add_func ("/diagnosis/rdgateway/rpc-over-http", test_rpc_over_http);
  g_test_add_func ("/diagnosis/rdgateway/cause-words", test_cause_words);

  return g_test_run ();
}
