/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * core/fixes/rd-fixes: which workarounds a report calls for, their names,
 * the Remote Desktop apps found in PATH and how they are started, and the
 * re-test of a fix (against a loopback listener of the test's own, bounded).
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "rd-fixes.h"
#include "rd-negotiation.h"
#include "rd-target-private.h"
#include "rd-unit-util.h"
#include "rd-x224.h"

#define TCP_CONNECTED "{\"addresses\": [{\"address\": \"192.0.2.7\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"
#define NEGOTIATED_HYBRID "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\"}"

/* rd_fixes_suggest() with an address left over from before: it must be
 * replaced, by NULL when there is none to use. */
static RdWorkarounds
suggest (const RdReport  *report,
         char           **address)
{
  static char left_over[] = "left over";

  *address = left_over;
  return rd_fixes_suggest (report, address);
}

static void
test_suggest_nothing (void)
{
  g_autoptr(RdReport) report =
    rd_test_report_new ("pc.example.test",
                        rd_test_finding_new ("tcp", RD_STATUS_PASS, TCP_CONNECTED),
                        rd_test_finding_new ("negotiate", RD_STATUS_PASS, NEGOTIATED_HYBRID),
                        rd_test_finding_new ("udp", RD_STATUS_PASS, "{\"outcome\": \"closed\"}"),
                        NULL);
  char *address;

  g_assert_cmpint (rd_report_get_verdict (report), ==, RD_VERDICT_HEALTHY);
  g_assert_cmpint (suggest (report, &address), ==, 0);
  g_assert_null (address);
  g_assert_cmpint (rd_fixes_suggest (report, NULL), ==, 0);
}

/* IPv6 broken on the way: the IPv4 address that connected instead, if
 * there is one. */
static void
test_suggest_use_address (void)
{
  static const struct
  {
    const char    *addresses;
    RdWorkarounds  expected;
    const char    *address;
  } cases[] = {
    { "{\"address\": \"2001:db8::1\", \"family\": \"ipv6\", \"state\": \"filtered\"},"
      "{\"address\": \"192.0.2.6\", \"family\": \"ipv4\", \"state\": \"refused\"},"
      "{\"address\": \"192.0.2.7\", \"family\": \"ipv4\", \"state\": \"connected\"}",
      RD_WORKAROUND_USE_ADDRESS, "192.0.2.7" },
    /* No IPv4 address that works: nothing to switch to. */
    { "{\"address\": \"2001:db8::1\", \"family\": \"ipv6\", \"state\": \"filtered\"},"
      "{\"address\": \"2001:db8::2\", \"family\": \"ipv6\", \"state\": \"connected\"}",
      0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tcp = g_strdup_printf ("{\"addresses\": [%s]}", cases[i].addresses);
      g_autoptr(RdReport) report =
        rd_test_report_new ("pc.example.test",
                            rd_test_finding_new ("tcp", RD_STATUS_WARN, tcp),
                            rd_test_finding_new ("negotiate", RD_STATUS_PASS, NEGOTIATED_HYBRID),
                            NULL);
      g_autofree char *address = NULL;

      g_test_message ("case %u", i);
      g_assert_true (rd_report_has_cause (report, RD_CAUSE_IPV6_PATH_BROKEN));
      g_assert_cmpint (suggest (report, &address), ==, cases[i].expected);
      g_assert_cmpstr (address, ==, cases[i].address);
      /* The address is optional. */
      g_assert_cmpint (rd_fixes_suggest (report, NULL), ==, cases[i].expected);
    }
}

/* TLS without NLA only where NLA failed (or the host wants a user first)
 * and the host was seen to take TLS alone. */
static void
test_suggest_tls_not_nla (void)
{
  static const struct
  {
    const char   *negotiate;
    RdStatus      negotiate_status;
    const char   *nla;          /* NULL: no nla finding */
    RdStatus      nla_status;
    RdCauseId     cause;        /* what the diagnosis names */
    RdNlaVerdict  verdict;
    RdWorkarounds expected;
  } cases[] = {
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\", \"tls_only_accepted\": true}",
      RD_STATUS_PASS, "{\"outcome\": \"closed\"}", RD_STATUS_FAIL,
      RD_CAUSE_NLA_FAILED, RD_NLA_ACCEPTS_TLS_ONLY, RD_WORKAROUND_TLS_NOT_NLA },
    /* NTLM refused, TLS alone taken: the sign-in screen needs no NTLM. */
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\", \"tls_only_accepted\": true}",
      RD_STATUS_PASS, "{\"outcome\": \"error-code\", \"error_code\": \"0xC0000418\"}", RD_STATUS_FAIL,
      RD_CAUSE_NLA_NTLM_REFUSED, RD_NLA_ACCEPTS_TLS_ONLY, RD_WORKAROUND_TLS_NOT_NLA },
    { "{\"outcome\": \"failure\", \"failure_code\": 6, \"tls_only_accepted\": true}",
      RD_STATUS_FAIL, NULL, RD_STATUS_SKIP,
      RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED, RD_NLA_ACCEPTS_TLS_ONLY, RD_WORKAROUND_TLS_NOT_NLA },
    /* The host insists on NLA: only its administrator can help. */
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\", \"nla_required\": true}",
      RD_STATUS_PASS, "{\"outcome\": \"closed\"}", RD_STATUS_FAIL,
      RD_CAUSE_NLA_FAILED, RD_NLA_REQUIRED, 0 },
    /* The TLS-only probe got no answer: nobody knows whether it would work. */
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\"}",
      RD_STATUS_PASS, "{\"outcome\": \"closed\"}", RD_STATUS_FAIL,
      RD_CAUSE_NLA_FAILED, RD_NLA_UNKNOWN, 0 },
    /* NLA was never on: turning it off changes nothing. */
    { "{\"outcome\": \"response\", \"selected_protocol\": \"SSL\", \"tls_only_accepted\": true}",
      RD_STATUS_PASS, "{\"outcome\": \"closed\"}", RD_STATUS_FAIL,
      RD_CAUSE_NLA_FAILED, RD_NLA_NOT_OFFERED, 0 },
    /* NLA works: nothing to work around. */
    { "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\", \"tls_only_accepted\": true}",
      RD_STATUS_PASS, "{\"outcome\": \"challenge\"}", RD_STATUS_PASS,
      RD_CAUSE_OTHER, RD_NLA_ACCEPTS_TLS_ONLY, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdReport) report =
        rd_test_report_new ("192.0.2.7",
                            rd_test_finding_new ("tcp", RD_STATUS_PASS, TCP_CONNECTED),
                            rd_test_finding_new ("negotiate", cases[i].negotiate_status, cases[i].negotiate),
                            cases[i].nla != NULL
                              ? rd_test_finding_new ("nla", cases[i].nla_status, cases[i].nla)
                              : NULL,
                            NULL);
      char *address;

      g_test_message ("case %u", i);
      if (cases[i].cause != RD_CAUSE_OTHER)
        g_assert_true (rd_report_has_cause (report, cases[i].cause));
      else
        g_assert_null (rd_report_get_main_cause (report));
      g_assert_cmpint (rd_report_get_nla_verdict (report), ==, cases[i].verdict);
      g_assert_cmpint (suggest (report, &address), ==, cases[i].expected);
      g_assert_null (address);
    }
}

/* TCP only when UDP is blocked while TCP gets through. */
static void
test_suggest_tcp_only (void)
{
  static const struct
  {
    const char   *udp;
    RdStatus      udp_status;
    const char   *tcp;
    RdStatus      tcp_status;
    RdWorkarounds expected;
  } cases[] = {
    { "{\"outcome\": \"silent\"}", RD_STATUS_WARN, TCP_CONNECTED, RD_STATUS_PASS, RD_WORKAROUND_TCP_ONLY },
    { "{\"outcome\": \"unreachable\"}", RD_STATUS_WARN, TCP_CONNECTED, RD_STATUS_PASS, RD_WORKAROUND_TCP_ONLY },
    { "{\"outcome\": \"closed\"}", RD_STATUS_PASS, TCP_CONNECTED, RD_STATUS_PASS, 0 },
    { "{\"outcome\": \"syn-ack\"}", RD_STATUS_PASS, TCP_CONNECTED, RD_STATUS_PASS, 0 },
    /* TCP's own problem comes first; UDP is no workaround for it. */
    { "{\"outcome\": \"silent\"}", RD_STATUS_WARN,
      "{\"addresses\": [{\"address\": \"192.0.2.7\", \"family\": \"ipv4\", \"state\": \"filtered\"}]}",
      RD_STATUS_FAIL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdReport) report =
        rd_test_report_new ("192.0.2.7",
                            rd_test_finding_new ("tcp", cases[i].tcp_status, cases[i].tcp),
                            rd_test_finding_new ("udp", cases[i].udp_status, cases[i].udp),
                            NULL);

      g_test_message ("case %u", i);
      g_assert_cmpint (rd_fixes_suggest (report, NULL), ==, cases[i].expected);
    }
}

/* Old encryption for this connection only where the default TLS settings
 * were refused and the old ones got through; a host that refuses both gets
 * no workaround. */
static void
test_suggest_tls_legacy (void)
{
  static const struct
  {
    const char    *tls;
    RdWorkarounds  expected;
  } cases[] = {
    { "{\"outcome\": \"error\", \"legacy_retry\": {\"outcome\": \"ok\", \"version\": \"TLSv1\"}}",
      RD_WORKAROUND_TLS_LEGACY },
    { "{\"outcome\": \"reset\", \"legacy_retry\": {\"outcome\": \"reset\"}}", 0 },
    { "{\"outcome\": \"alert-received\"}", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdReport) report =
        rd_test_report_new ("192.0.2.7",
                            rd_test_finding_new ("negotiate", RD_STATUS_PASS, NEGOTIATED_HYBRID),
                            rd_test_finding_new ("tls", RD_STATUS_FAIL, cases[i].tls),
                            NULL);

      g_test_message ("case %u", i);
      g_assert_cmpint (rd_fixes_suggest (report, NULL), ==, cases[i].expected);
    }
}

static void
test_suggest_all (void)
{
  g_autoptr(RdReport) report =
    rd_test_report_new ("pc.example.test",
                        rd_test_finding_new ("tcp", RD_STATUS_WARN,
                                             "{\"addresses\": ["
                                             "{\"address\": \"2001:db8::1\", \"family\": \"ipv6\", \"state\": \"filtered\"},"
                                             "{\"address\": \"192.0.2.7\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"),
                        rd_test_finding_new ("negotiate", RD_STATUS_PASS,
                                             "{\"outcome\": \"response\", \"selected_protocol\": \"HYBRID\","
                                             " \"tls_only_accepted\": true}"),
                        rd_test_finding_new ("nla", RD_STATUS_FAIL, "{\"outcome\": \"reset\"}"),
                        rd_test_finding_new ("udp", RD_STATUS_WARN, "{\"outcome\": \"silent\"}"),
                        NULL);
  g_autofree char *address = NULL;
  g_autofree char *names = NULL;

  g_assert_cmpint (rd_fixes_suggest (report, &address), ==,
                   RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY);
  g_assert_cmpstr (address, ==, "192.0.2.7");
  names = rd_workarounds_to_string (rd_fixes_suggest (report, NULL));
  g_assert_cmpstr (names, ==, "use-address,tls-not-nla,tcp-only");
}

static void
test_workarounds_to_string (void)
{
  static const struct
  {
    RdWorkarounds  workarounds;
    const char    *text;
  } cases[] = {
    { 0, "" },
    { RD_WORKAROUND_USE_ADDRESS, "use-address" },
    { RD_WORKAROUND_TLS_NOT_NLA, "tls-not-nla" },
    { RD_WORKAROUND_TCP_ONLY, "tcp-only" },
    { RD_WORKAROUND_TCP_ONLY | RD_WORKAROUND_USE_ADDRESS, "use-address,tcp-only" },
    { RD_WORKAROUND_TLS_LEGACY | RD_WORKAROUND_USE_ADDRESS, "use-address,tls-legacy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rd_workarounds_to_string (cases[i].workarounds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A program in @dir that writes its arguments, a line each, and "end" to
 * NAME.args beside itself (shell builtins only: PATH is @dir alone); with
 * @executable FALSE, a file that cannot run. */
static char *
write_fake_client (const char *dir,
                   const char *name,
                   gboolean    executable)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "#!/bin/sh\n"
                                      "{ printf '%s\\n' \"$@\"; echo end; } > \"$0.args\"\n",
                                      -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, executable ? 0755 : 0644), ==, 0);
  return path;
}

/* PATH is a folder of fake clients alone. */
typedef struct
{
  char *dir;
  char *saved_path;
} Clients;

static void
clients_setup (Clients       *clients,
               gconstpointer  data)
{
  clients->dir = rd_test_make_tmp_dir ("rd-test-fixes-XXXXXX");
  clients->saved_path = g_strdup (g_getenv ("PATH"));
  g_assert_true (g_setenv ("PATH", clients->dir, TRUE));
}

static void
clients_teardown (Clients       *clients,
                  gconstpointer  data)
{
  if (clients->saved_path != NULL)
    g_setenv ("PATH", clients->saved_path, TRUE);
  else
    g_unsetenv ("PATH");
  rd_test_remove_tree (clients->dir);
  g_assert_false (g_file_test (clients->dir, G_FILE_TEST_EXISTS));
  g_free (clients->dir);
  g_free (clients->saved_path);
}

/* Only the known apps that can run, in the order of preference. */
static void
test_find_clients (Clients       *clients,
                   gconstpointer  data)
{
  g_autofree char *xfreerdp3 = write_fake_client (clients->dir, "xfreerdp3", TRUE);
  g_autofree char *remmina = write_fake_client (clients->dir, "remmina", TRUE);
  g_autofree char *xfreerdp = write_fake_client (clients->dir, "xfreerdp", FALSE);
  g_autofree char *other = write_fake_client (clients->dir, "rdesktop", TRUE);
  g_autoptr(GPtrArray) apps = rd_fixes_find_clients ();
  RdClientApp *app;

  g_assert_cmpuint (apps->len, ==, 2);
  app = g_ptr_array_index (apps, 0);
  g_assert_cmpstr (app->id, ==, "remmina");
  g_assert_cmpstr (app->name, ==, "Remmina");
  g_assert_cmpstr (app->path, ==, remmina);
  app = g_ptr_array_index (apps, 1);
  g_assert_cmpstr (app->id, ==, "xfreerdp3");
  g_assert_cmpstr (app->path, ==, xfreerdp3);
}

static void
test_find_no_clients (Clients       *clients,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) apps = rd_fixes_find_clients ();

  g_assert_cmpuint (apps->len, ==, 0);
}

/* What the app got on its command line, once it has written it all
 * (bounded); NULL when it did not. */
static char *
wait_for_arguments (const char *program)
{
  g_autofree char *args_path = g_strconcat (program, ".args", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *contents = NULL;

      if (g_file_get_contents (args_path, &contents, NULL, NULL) && g_str_has_suffix (contents, "end\n"))
        {
          contents[strlen (contents) - strlen ("end\n")] = '\0';
          return g_steal_pointer (&contents);
        }
      g_usleep (10 * 1000);
    }
  return NULL;
}

/* Remmina takes a profile with -c; FreeRDP takes the .rdp file alone. */
static void
test_open_in_client (Clients       *clients,
                     gconstpointer  data)
{
  g_autofree char *remmina = write_fake_client (clients->dir, "remmina", TRUE);
  g_autofree char *xfreerdp = write_fake_client (clients->dir, "xfreerdp", TRUE);
  g_autoptr(GPtrArray) apps = rd_fixes_find_clients ();
  g_autoptr(GError) error = NULL;
  RdClientApp missing = { "xfreerdp", "FreeRDP", NULL };

  g_assert_cmpuint (apps->len, ==, 2);
  g_assert_true (rd_fixes_open_in_client (g_ptr_array_index (apps, 0), "/tmp/office pc.remmina", &error));
  g_assert_no_error (error);
  g_assert_true (rd_fixes_open_in_client (g_ptr_array_index (apps, 1), "/tmp/office pc.rdp", &error));
  g_assert_no_error (error);
  {
    g_autofree char *remmina_args = wait_for_arguments (remmina);
    g_autofree char *xfreerdp_args = wait_for_arguments (xfreerdp);

    g_assert_cmpstr (remmina_args, ==, "-c\n/tmp/office pc.remmina\n");
    g_assert_cmpstr (xfreerdp_args, ==, "/tmp/office pc.rdp\n");
  }

  missing.path = g_build_filename (clients->dir, "not-there", NULL);
  g_assert_false (rd_fixes_open_in_client (&missing, "/tmp/office pc.rdp", &error));
  g_assert_nonnull (error);
  g_free (missing.path);
}

typedef struct
{
  gboolean        done;
  RdVerification *verification;
  GError         *error;
} Verify;

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Verify *verify = user_data;

  g_assert_false (verify->done);
  verify->verification = rd_fixes_verify_finish (result, &verify->error);
  verify->done = TRUE;
}

static void
verify_clear (Verify *verify)
{
  g_clear_pointer (&verify->verification, rd_verification_free);
  g_clear_error (&verify->error);
}

#define VERIFY_TIMEOUT_MS 1000
#define VERIFY_WAIT_MS    30000

/* The report the fix was found from: a name whose IPv6 path is broken. */
static RdReport *
report_before (guint16 port)
{
  g_autofree char *target = g_strdup_printf ("pc.example.test:%u", port);

  return rd_test_report_new (target,
                             rd_test_finding_new ("tcp", RD_STATUS_WARN,
                                                  "{\"addresses\": ["
                                                  "{\"address\": \"2001:db8::1\", \"family\": \"ipv6\", \"state\": \"filtered\"},"
                                                  "{\"address\": \"127.0.0.1\", \"family\": \"ipv4\", \"state\": \"connected\"}]}"),
                             NULL);
}

/* The re-test connects as the fixed client would: to the address instead
 * of the name (the port kept), asking for TLS alone, without the UDP check.
 * The listener drops every connection, so it is not fixed. */
static void
test_verify_with_workarounds (void)
{
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_CLOSE);
  g_autoptr(RdReport) before = report_before (rd_test_listener_get_port (listener));
  g_autofree char *tls_only = rd_protocols_to_string (RD_PROTOCOL_SSL);
  RdWorkarounds workarounds = RD_WORKAROUND_USE_ADDRESS | RD_WORKAROUND_TLS_NOT_NLA | RD_WORKAROUND_TCP_ONLY;
  Verify verify = { 0 };
  RdReport *after;
  RdFinding *negotiate;

  rd_fixes_verify_async (before, workarounds, "127.0.0.1", VERIFY_TIMEOUT_MS, NULL, on_verified, &verify);
  g_assert_true (rd_test_wait (&verify.done, VERIFY_WAIT_MS));

  g_assert_no_error (verify.error);
  g_assert_nonnull (verify.verification);
  g_assert_true (verify.verification->before == before);
  after = verify.verification->after;
  g_assert_cmpstr (rd_target_get_host (rd_report_get_target (after)), ==, "127.0.0.1");
  g_assert_cmpuint (rd_target_get_port (rd_report_get_target (after)), ==, rd_test_listener_get_port (listener));
  g_assert_null (rd_report_lookup_finding (after, "udp"));
  g_assert_cmpint (rd_finding_get_status (rd_report_lookup_finding (after, "tcp")), ==, RD_STATUS_PASS);
  negotiate = rd_report_lookup_finding (after, "negotiate");
  g_assert_nonnull (negotiate);
  g_assert_cmpstr (rd_finding_get_string (negotiate, "requested"), ==, tls_only);
  g_assert_true (rd_report_has_cause (after, RD_CAUSE_LISTENER_DROPS_CONNECTIONS));
  g_assert_false (verify.verification->fixed);
  g_assert_cmpuint (rd_test_listener_get_accepted (listener), >, 0);
  verify_clear (&verify);
}

/* Without workarounds: the report's own target, every check, the usual
 * protocols. */
static void
test_verify_without_workarounds (void)
{
  g_autoptr(RdTestListener) listener = rd_test_listener_new ("127.0.0.1", RD_TEST_LISTENER_CLOSE);
  g_autofree char *target = rd_test_listener_dup_target (listener);
  g_autoptr(RdReport) before =
    rd_test_report_new (target, rd_test_finding_new ("tcp", RD_STATUS_PASS, "{}"), NULL);
  Verify verify = { 0 };
  RdReport *after;
  g_autofree char *usual = rd_protocols_to_string (RD_PROTOCOLS_CLIENT_DEFAULT);

  rd_fixes_verify_async (before, 0, "192.0.2.99", VERIFY_TIMEOUT_MS, NULL, on_verified, &verify);
  g_assert_true (rd_test_wait (&verify.done, VERIFY_WAIT_MS));

  g_assert_no_error (verify.error);
  after = verify.verification->after;
  g_assert_cmpstr (rd_target_get_host (rd_report_get_target (after)), ==, "127.0.0.1");
  g_assert_nonnull (rd_report_lookup_finding (after, "udp"));
  g_assert_cmpstr (rd_finding_get_string (rd_report_lookup_finding (after, "negotiate"), "requested"), ==, usual);
  g_assert_false (verify.verification->fixed);
  verify_clear (&verify);
}

static void
test_verify_errors (void)
{
  g_autoptr(RdReport) before = report_before (3389);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Verify verify = { 0 };

  /* Not an address: no run at all. */
  rd_fixes_verify_async (before, RD_WORKAROUND_USE_ADDRESS, "not an address", VERIFY_TIMEOUT_MS, NULL,
                         on_verified, &verify);
  g_assert_true (rd_test_wait (&verify.done, VERIFY_WAIT_MS));
  g_assert_null (verify.verification);
  g_assert_nonnull (verify.error);
  g_assert_true (verify.error->domain == RD_TARGET_ERROR);
  verify_clear (&verify);

  /* Cancelled: no report after. */
  verify.done = FALSE;
  g_cancellable_cancel (cancellable);
  rd_fixes_verify_async (before, RD_WORKAROUND_USE_ADDRESS, "127.0.0.1", VERIFY_TIMEOUT_MS, cancellable,
                         on_verified, &verify);
  g_assert_true (rd_test_wait (&verify.done, VERIFY_WAIT_MS));
  g_assert_null (verify.verification);
  g_assert_error (verify.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  verify_clear (&verify);
}

/* A saved connection set to a security the host refuses: let the app
 * negotiate; a connection that negotiates already gets nothing. */
static void
test_suggest_negotiate (void)
{
  static const char profile[] = "[remmina]\nprotocol=RDP\nserver=pc01.example.test\nsecurity=rdp\n";
  const char *refused = "{\"outcome\": \"failure\", \"failure_code\": 1}";
  g_autoptr(RdTarget) target = rd_target_new_from_remmina_data (profile, sizeof profile - 1, NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  g_autoptr(RdReport) report = NULL;
  g_autoptr(RdReport) typed = rd_test_report_new ("pc01.example.test",
                                                  rd_test_finding_new ("negotiate", RD_STATUS_FAIL, refused),
                                                  NULL);

  g_assert_nonnull (target);
  g_ptr_array_add (findings, rd_test_finding_new ("negotiate", RD_STATUS_FAIL, refused));
  report = rd_report_new (target, findings);
  g_assert_true (rd_report_has_cause (report, RD_CAUSE_NEGOTIATION_SSL_REQUIRED));
  g_assert_cmpint (rd_fixes_suggest (report, NULL) & RD_WORKAROUND_NEGOTIATE, ==, RD_WORKAROUND_NEGOTIATE);
  g_assert_cmpint (rd_fixes_suggest (typed, NULL) & RD_WORKAROUND_NEGOTIATE, ==, 0);
  g_assert_cmphex (rd_app_security_protocols (RD_APP_SECURITY_RDP), ==, RD_PROTOCOL_RDP);
  g_assert_cmphex (rd_app_security_protocols (RD_APP_SECURITY_NLA), ==, RD_PROTOCOL_HYBRID | RD_PROTOCOL_SSL);
}

int
main (int   argc,
      char *argv[])
{
  /* As rdp-doctor and the wizard do: the TLS check's handshake (OpenSSL
   * writes without MSG_NOSIGNAL) to a host that has closed must not kill
   * the process. */
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fixes/suggest/nothing", test_suggest_nothing);
  g_test_add_func ("/fixes/suggest/negotiate", test_suggest_negotiate);
  g_test_add_func ("/fixes/suggest/use-address", test_suggest_use_address);
  g_test_add_func ("/fixes/suggest/tls-not-nla", test_suggest_tls_not_nla);
  g_test_add_func ("/fixes/suggest/tcp-only", test_suggest_tcp_only);
  g_test_add_func ("/fixes/suggest/tls-legacy", test_suggest_tls_legacy);
  g_test_add_func ("/fixes/suggest/all", test_suggest_all);
  g_test_add_func ("/fixes/workarounds-to-string", test_workarounds_to_string);
  g_test_add ("/fixes/clients/find", Clients, NULL, clients_setup, test_find_clients, clients_teardown);
  g_test_add ("/fixes/clients/none", Clients, NULL, clients_setup, test_find_no_clients, clients_teardown);
  g_test_add ("/fixes/clients/open", Clients, NULL, clients_setup, test_open_in_client, clients_teardown);
  g_test_add_func ("/fixes/verify/with-workarounds", test_verify_with_workarounds);
  g_test_add_func ("/fixes/verify/without-workarounds", test_verify_without_workarounds);
  g_test_add_func ("/fixes/verify/errors", test_verify_errors);

  return g_test_run ();
}
