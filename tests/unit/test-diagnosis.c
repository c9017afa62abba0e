/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-diagnosis.h"
#include "rd-finding.h"
#include "rd-target.h"

/* Findings as the checks would write them, from a few words of JSON. */
static RdFinding *
make_finding (const char *check_id,
              RdStatus    status,
              const char *evidence_json)
{
  RdFinding *finding = rd_finding_new (check_id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *evidence = rd_finding_get_evidence (finding);
  GList *members;

  rd_finding_set_status (finding, status);
  g_assert_true (json_parser_load_from_data (parser, evidence_json, -1, NULL));
  members = json_object_get_members (json_node_get_object (json_parser_get_root (parser)));
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (evidence, l->data,
                            json_node_copy (json_object_get_member (json_node_get_object (json_parser_get_root (parser)),
                                                                    l->data)));
  g_list_free (members);
  return finding;
}

static GPtrArray *
diagnose (const char *target_text,
          RdFinding  *first,
          ...)
{
  g_autoptr(RdTarget) target = rd_target_parse (target_text, NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  va_list args;

  g_assert_nonnull (target);
  va_start (args, first);
  for (RdFinding *f = first; f != NULL; f = va_arg (args, RdFinding *))
    g_ptr_array_add (findings, f);
  va_end (args);

  return rd_diagnose (target, findings);
}

static const char *
first_id (GPtrArray *causes)
{
  return causes->len > 0 ? ((RdCause *) g_ptr_array_index (causes, 0))->id : NULL;
}

static void
test_dns_failed (void)
{
  g_autoptr(GPtrArray) causes =
    diagnose ("pc.example.test",
              make_finding ("dns", RD_STATUS_FAIL, "{\"addresses\": [], \"error\": \"not-found\"}"),
              make_finding ("tcp", RD_STATUS_SKIP, "{}"),
              NULL);

  g_assert_cmpstr (first_id (causes), ==, "dns-resolution-failed");
}

static void
test_tcp_states (void)
{
  static const struct { const char *state; const char *cause; } cases[] = {
    { "refused", "port-refused" },
    { "filtered", "port-filtered" },
    { "unreachable", "host-unreachable" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"%s\"}]}",
                                               cases[i].state);
      g_autoptr(GPtrArray) causes = diagnose ("192.0.2.1", make_finding ("tcp", RD_STATUS_FAIL, json), NULL);

      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

static void
test_ipv6_broken (void)
{
  g_autoptr(GPtrArray) causes =
    diagnose ("pc.example.test",
              make_finding ("tcp", RD_STATUS_WARN,
                            "{\"addresses\": ["
                            "{\"address\": \"2001:db8::1\", \"family\": \"ipv6\", \"state\": \"filtered\"},"
                            "{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"),
              make_finding ("negotiate", RD_STATUS_PASS, "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}"),
              NULL);
  RdCause *cause;

  g_assert_cmpstr (first_id (causes), ==, "ipv6-path-broken");
  cause = g_ptr_array_index (causes, 0);
  g_assert_cmpint (cause->severity, ==, RD_SEVERITY_WARNING);
}

static void
test_negotiation (void)
{
  static const struct { const char *evidence; const char *cause; } cases[] = {
    { "{\"outcome\": \"failure\", \"failure_code\": 1}", "negotiation-ssl-required" },
    { "{\"outcome\": \"failure\", \"failure_code\": 2}", "negotiation-ssl-not-allowed" },
    { "{\"outcome\": \"failure\", \"failure_code\": 3}", "negotiation-cert-missing" },
    { "{\"outcome\": \"failure\", \"failure_code\": 4}", "not-rdp" },
    { "{\"outcome\": \"failure\", \"failure_code\": 5}", "negotiation-hybrid-required" },
    { "{\"outcome\": \"failure\", \"failure_code\": 6}", "negotiation-user-auth-required" },
    { "{\"outcome\": \"failure\", \"failure_code\": 77}", "not-rdp" },
    { "{\"outcome\": \"legacy\"}", "negotiation-ssl-not-allowed" },
    { "{\"outcome\": \"response\", \"selected_protocol\": \"RDP\"}", "negotiation-ssl-not-allowed" },
    { "{\"outcome\": \"closed\"}", "listener-drops-connections" },
    { "{\"outcome\": \"reset\"}", "listener-drops-connections" },
    { "{\"outcome\": \"timeout\"}", "handshake-timeout" },
    { "{\"outcome\": \"not-rdp\"}", "not-rdp" },
    { "{\"outcome\": \"truncated\"}", "not-rdp" },
    { "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\"}", NULL },
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\"}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) causes =
        diagnose ("192.0.2.1",
                  make_finding ("tcp", RD_STATUS_PASS,
                                "{\"addresses\": [{\"address\": \"192.0.2.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"),
                  make_finding ("negotiate", RD_STATUS_FAIL, cases[i].evidence),
                  NULL);

      g_assert_cmpstr (first_id (causes), ==, cases[i].cause);
    }
}

/* Every cause the rules can name comes with words and at least one remedy;
 * any remedy that lowers security says how to undo it. */
static void
test_every_cause_described (void)
{
  static const char * const ids[] = {
    "dns-resolution-failed", "ipv6-path-broken", "host-unreachable", "port-filtered",
    "port-refused", "listener-drops-connections", "not-rdp", "handshake-timeout",
    "negotiation-ssl-required", "negotiation-ssl-not-allowed", "negotiation-cert-missing",
    "negotiation-hybrid-required", "negotiation-user-auth-required",
  };
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_cause_free);

  /* Build one of each through the rules above. */
  {
    g_autoptr(GPtrArray) a = diagnose ("pc.example.test", make_finding ("dns", RD_STATUS_FAIL, "{}"), NULL);
    g_ptr_array_extend_and_steal (all, g_steal_pointer (&a));
  }
  {
    static const char * const states[] = { "refused", "filtered", "unreachable" };
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        g_autofree char *json = g_strdup_printf ("{\"addresses\": [{\"family\": \"ipv4\", \"state\": \"%s\"}]}", states[i]);
        g_autoptr(GPtrArray) a = diagnose ("192.0.2.1", make_finding ("tcp", RD_STATUS_FAIL, json), NULL);
        g_ptr_array_extend_and_steal (all, g_steal_pointer (&a));
      }
  }
  {
    g_autoptr(GPtrArray) a =
      diagnose ("pc.example.test",
                make_finding ("tcp", RD_STATUS_WARN,
                              "{\"addresses\": [{\"family\": \"ipv6\", \"state\": \"filtered\"},"
                              "{\"family\": \"ipv4\", \"state\": \"connected\"}]}"),
                NULL);
    g_ptr_array_extend_and_steal (all, g_steal_pointer (&a));
  }
  {
    static const char * const outcomes[] = {
      "{\"outcome\": \"closed\"}", "{\"outcome\": \"timeout\"}", "{\"outcome\": \"not-rdp\"}",
      "{\"outcome\": \"failure\", \"failure_code\": 1}", "{\"outcome\": \"failure\", \"failure_code\": 2}",
      "{\"outcome\": \"failure\", \"failure_code\": 3}", "{\"outcome\": \"failure\", \"failure_code\": 5}",
      "{\"outcome\": \"failure\", \"failure_code\": 6}",
    };
    for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
      {
        g_autoptr(GPtrArray) a = diagnose ("192.0.2.1", make_finding ("negotiate", RD_STATUS_FAIL, outcomes[i]), NULL);
        g_ptr_array_extend_and_steal (all, g_steal_pointer (&a));
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      gboolean seen = FALSE;

      for (guint c = 0; c < all->len; c++)
        {
          RdCause *cause = g_ptr_array_index (all, c);

          if (!g_str_equal (cause->id, ids[i]))
            continue;
          seen = TRUE;
          g_assert_true (cause->title != NULL && *cause->title != '\0');
          g_assert_true (cause->explanation != NULL && *cause->explanation != '\0');
          g_assert_cmpuint (cause->remedies->len, >, 0);
          for (guint r = 0; r < cause->remedies->len; r++)
            {
              RdRemedy *remedy = g_ptr_array_index (cause->remedies, r);
              gboolean has_undo = FALSE;

              g_assert_true (remedy->title != NULL && *remedy->title != '\0');
              g_assert_cmpuint (remedy->steps->len + remedy->commands->len, >, 0);
              for (guint k = 0; k < remedy->commands->len; k++)
                has_undo |= g_str_equal (((RdCommand *) g_ptr_array_index (remedy->commands, k))->shell, "undo");
              if (remedy->lowers_security)
                g_assert_true (has_undo);
            }
        }
      if (!seen)
        g_error ("cause %s was never named", ids[i]);
    }
}

static void
test_ranking (void)
{
  /* A warning (IPv6) must not outrank the error that breaks the connection. */
  g_autoptr(GPtrArray) causes =
    diagnose ("pc.example.test",
              make_finding ("tcp", RD_STATUS_WARN,
                            "{\"addresses\": [{\"family\": \"ipv6\", \"state\": \"filtered\"},"
                            "{\"family\": \"ipv4\", \"state\": \"connected\"}]}"),
              make_finding ("negotiate", RD_STATUS_FAIL, "{\"outcome\": \"failure\", \"failure_code\": 3}"),
              NULL);

  g_assert_cmpuint (causes->len, ==, 2);
  g_assert_cmpstr (first_id (causes), ==, "negotiation-cert-missing");
  g_assert_cmpstr (((RdCause *) g_ptr_array_index (causes, 1))->id, ==, "ipv6-path-broken");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagnosis/dns-failed", test_dns_failed);
  g_test_add_func ("/diagnosis/tcp-states", test_tcp_states);
  g_test_add_func ("/diagnosis/ipv6-broken", test_ipv6_broken);
  g_test_add_func ("/diagnosis/negotiation", test_negotiation);
  g_test_add_func ("/diagnosis/every-cause-described", test_every_cause_described);
  g_test_add_func ("/diagnosis/ranking", test_ranking);

  return g_test_run ();
}
