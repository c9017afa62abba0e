/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Remote Desktop Gateway settings of a connection, in every form the
 * input comes in: .rdp lines, rdp:// parameters, Remmina profiles, and the
 * report's JSON. */
#include <string.h>

#include "rd-target-private.h"
#include "rd-remmina-file.h"

typedef struct
{
  const char       *text;
  const char       *host;       /* NULL: no gateway */
  guint             port;
  RdRdGatewayUsage  usage;
  gboolean          used;
} Case;

static void
assert_case (const RdTarget *target,
             const Case     *c)
{
  g_assert_cmpstr (rd_target_get_rdgateway_host (target), ==, c->host);
  g_assert_cmpint (rd_target_get_rdgateway_usage (target), ==, c->usage);
  g_assert_cmpint (rd_target_uses_rdgateway (target), ==, c->used);
  if (c->host != NULL)
    g_assert_cmpuint (rd_target_get_rdgateway_port (target), ==, c->port);
}

typedef RdTarget *(*ParseFunc) (const char *text, GError **error);

static RdTarget *
from_rdp (const char  *text,
          GError     **error)
{
  return rd_target_new_from_rdp_data (text, strlen (text), error);
}

static RdTarget *
from_remmina (const char  *text,
              GError     **error)
{
  return rd_target_new_from_remmina_data (text, strlen (text), error);
}

/* Every case read by @parse: the computer pc1.example, and its gateway. */
static void
check_cases (const Case *cases,
             guint       n_cases,
             ParseFunc   parse)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = parse (cases[i].text, &error);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpstr (rd_target_get_host (target), ==, "pc1.example");
      assert_case (target, &cases[i]);
    }
}

static void
test_rdp_file (void)
{
  static const Case cases[] = {
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\ngatewayusagemethod:i:1\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_ALWAYS, TRUE },
    { "full address:s:pc1.example\r\ngatewayhostname:s:gw.example:8443\r\ngatewayusagemethod:i:2\r\n",
      "gw.example", 8443, RD_RDGATEWAY_USAGE_DETECT, TRUE },
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\ngatewayusagemethod:i:3\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_DEFAULT, TRUE },
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\ngatewayusagemethod:i:0\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_NEVER, FALSE },
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\ngatewayusagemethod:i:4\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_BYPASS_LOCAL, FALSE },
    /* Named, but not said to be used: the app connects directly. */
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\ngatewayusagemethod:i:9\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
    { "full address:s:pc1.example\ngatewayhostname:s:gw.example\ngatewayusagemethod:i:+1\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
    { "full address:s:pc1.example\ngatewayusagemethod:i:1\n",
      NULL, 0, RD_RDGATEWAY_USAGE_ALWAYS, FALSE },
    { "full address:s:pc1.example\ngatewayhostname:s:  \ngatewayusagemethod:i:1\n",
      NULL, 0, RD_RDGATEWAY_USAGE_ALWAYS, FALSE },
    { "full address:s:pc1.example\ngatewayhostname:s:[2001:db8::1]:444\ngatewayusagemethod:i:1\n",
      "2001:db8::1", 444, RD_RDGATEWAY_USAGE_ALWAYS, TRUE },
    { "full address:s:pc1.example\nGatewayHostname:s:GW.Example\nGATEWAYUSAGEMETHOD:i:1\n",
      "GW.Example", 443, RD_RDGATEWAY_USAGE_ALWAYS, TRUE },
  };

  check_cases (cases, G_N_ELEMENTS (cases), from_rdp);
}

static void
test_rdp_file_other_settings (void)
{
  static const char text[] =
    "full address:s:pc1.example\n"
    "gatewayhostname:s:gw.example\n"
    "gatewayusagemethod:i:1\n"
    "gatewayprofileusagemethod:i:1\n"
    "gatewaycredentialssource:i:4\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = from_rdp (text, &error);
  g_autoptr(RdTarget) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (rd_target_get_rdgateway_profile_usage (target), ==, 1);
  g_assert_cmpint (rd_target_get_rdgateway_credentials_source (target), ==, 4);
  g_assert_cmpint (rd_target_get_rdgateway_kind (target), ==, RD_TARGET_KIND_NAME);

  none = rd_target_parse ("pc1.example", &error);
  g_assert_no_error (error);
  g_assert_null (rd_target_get_rdgateway_host (none));
  g_assert_false (rd_target_uses_rdgateway (none));
  g_assert_cmpint (rd_target_get_rdgateway_usage (none), ==, RD_RDGATEWAY_USAGE_UNKNOWN);
  g_assert_cmpint (rd_target_get_rdgateway_profile_usage (none), ==, -1);
  g_assert_cmpint (rd_target_get_rdgateway_credentials_source (none), ==, -1);
}

static void
test_rdp_file_bad_gateway (void)
{
  static const char * const texts[] = {
    "full address:s:pc1.example\ngatewayhostname:s:gw example\ngatewayusagemethod:i:1\n",
    "full address:s:pc1.example\ngatewayhostname:s:gw.example:0\ngatewayusagemethod:i:1\n",
    "full address:s:pc1.example\ngatewayhostname:s:gw.example:99999\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = from_rdp (texts[i], &error);

      g_assert_null (target);
      g_assert_nonnull (error);
      g_assert_true (error->domain == RD_TARGET_ERROR);
    }
}

static void
test_uri (void)
{
  static const Case cases[] = {
    { "rdp://full%20address=s:pc1.example&gatewayhostname=s:gw.example&gatewayusagemethod=i:1",
      "gw.example", 443, RD_RDGATEWAY_USAGE_ALWAYS, TRUE },
    { "rdp://gatewayhostname=s:gw.example:4433&full%20address=s:pc1.example&gatewayusagemethod=i:2",
      "gw.example", 4433, RD_RDGATEWAY_USAGE_DETECT, TRUE },
    { "rdp://full%20address=s:pc1.example&gatewayhostname=s:gw.example",
      "gw.example", 443, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
    { "rdp://full%20address=s:pc1.example&gatewayusagemethod=i:x&gatewayhostname=s:gw.example",
      "gw.example", 443, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
    { "rdp://pc1.example", NULL, 0, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
  };

  check_cases (cases, G_N_ELEMENTS (cases), rd_target_parse);
}

static void
test_remmina (void)
{
  static const Case cases[] = {
    { "[remmina]\nprotocol=RDP\nserver=pc1.example\ngateway_server=gw.example:443\ngateway_usage=0\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_ALWAYS, TRUE },
    { "[remmina]\nprotocol=RDP\nserver=pc1.example\ngateway_server=gw.example\ngateway_usage=1\n",
      "gw.example", 443, RD_RDGATEWAY_USAGE_DETECT, TRUE },
    { "[remmina]\nprotocol=RDP\nserver=pc1.example\ngateway_server=gw.example:8443\n",
      "gw.example", 8443, RD_RDGATEWAY_USAGE_ALWAYS, TRUE },
    { "[remmina]\nprotocol=RDP\nserver=pc1.example\ngateway_server=\ngateway_usage=1\n",
      NULL, 0, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
    { "[remmina]\nprotocol=RDP\nserver=pc1.example\n", NULL, 0, RD_RDGATEWAY_USAGE_UNKNOWN, FALSE },
  };

  check_cases (cases, G_N_ELEMENTS (cases), from_remmina);
}

static void
test_remmina_parser (void)
{
  static const char text[] = "[remmina]\nserver=pc1\ngateway_server= gw.example:444 \ngateway_usage=1\n";
  gint64 usage = 7;
  g_autofree char *server = rd_remmina_file_parse_gateway ((const guint8 *) text, strlen (text), &usage);
  g_autofree char *none = rd_remmina_file_parse_gateway ((const guint8 *) "junk\0", 5, &usage);

  g_assert_cmpstr (server, ==, "gw.example:444");
  g_assert_null (none);
  g_assert_cmpint (usage, ==, -1);
  g_assert_null (rd_remmina_file_parse_gateway (NULL, 0, NULL));
}

static void
test_json_round_trip (void)
{
  static const char text[] =
    "full address:s:pc1.example\ngatewayhostname:s:gw.example:8443\n"
    "gatewayusagemethod:i:2\ngatewaycredentialssource:i:0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = from_rdp (text, &error);
  g_autoptr(JsonNode) node = rd_target_to_json (target);
  g_autoptr(RdTarget) back = rd_target_new_from_json (node, &error);
  g_autoptr(RdTarget) copy = rd_target_copy_with_port (target, 3390);

  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_rdgateway_host (back), ==, "gw.example");
  g_assert_cmpuint (rd_target_get_rdgateway_port (back), ==, 8443);
  g_assert_cmpint (rd_target_get_rdgateway_usage (back), ==, RD_RDGATEWAY_USAGE_DETECT);
  g_assert_cmpint (rd_target_get_rdgateway_credentials_source (back), ==, 0);
  g_assert_cmpint (rd_target_get_rdgateway_profile_usage (back), ==, -1);
  g_assert_true (rd_target_uses_rdgateway (back));

  g_assert_cmpstr (rd_target_get_rdgateway_host (copy), ==, "gw.example");
  g_assert_true (rd_target_uses_rdgateway (copy));
}

static void
test_json_damaged (void)
{
  static const char * const texts[] = {
    "{\"host\": \"pc1\", \"port\": 3389, \"rdgateway\": 5}",
    "{\"host\": \"pc1\", \"port\": 3389, \"rdgateway\": {\"port\": 443}}",
    "{\"host\": \"pc1\", \"port\": 3389, \"rdgateway\": {\"host\": \"gw\", \"port\": 0}}",
    "{\"host\": \"pc1\", \"port\": 3389, \"rdgateway\": {\"host\": \"g w\", \"port\": 443}}",
    "{\"host\": \"pc1\", \"port\": 3389, \"rdgateway\": {\"host\": \"gw:1\", \"port\": 443}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (texts[i], &error);
      g_autoptr(RdTarget) target = NULL;

      g_assert_no_error (error);
      target = rd_target_new_from_json (node, &error);
      g_assert_null (target);
      g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = json_from_string ("{\"host\": \"pc1\", \"port\": 3389, \"rdgateway\": "
                                                 "{\"host\": \"gw\", \"port\": 443, \"usage\": \"sometimes\"}}",
                                                 &error);
    g_autoptr(RdTarget) target = rd_target_new_from_json (node, &error);

    g_assert_no_error (error);
    g_assert_cmpint (rd_target_get_rdgateway_usage (target), ==, RD_RDGATEWAY_USAGE_UNKNOWN);
    g_assert_false (rd_target_uses_rdgateway (target));
  }
}

static void
test_usage_names (void)
{
  g_assert_cmpstr (rd_rdgateway_usage_to_string (RD_RDGATEWAY_USAGE_ALWAYS), ==, "always");
  g_assert_cmpstr (rd_rdgateway_usage_to_string (RD_RDGATEWAY_USAGE_BYPASS_LOCAL), ==, "bypass-local");
  g_assert_cmpstr (rd_rdgateway_usage_to_string (RD_RDGATEWAY_USAGE_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (rd_rdgateway_usage_to_string (17), ==, "unknown");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/target/rdgateway/rdp-file", test_rdp_file);
  g_test_add_func ("/target/rdgateway/rdp-file-other-settings", test_rdp_file_other_settings);
  g_test_add_func ("/target/rdgateway/rdp-file-bad-gateway", test_rdp_file_bad_gateway);
  g_test_add_func ("/target/rdgateway/uri", test_uri);
  g_test_add_func ("/target/rdgateway/remmina", test_remmina);
  g_test_add_func ("/target/rdgateway/remmina-parser", test_remmina_parser);
  g_test_add_func ("/target/rdgateway/json-round-trip", test_json_round_trip);
  g_test_add_func ("/target/rdgateway/json-damaged", test_json_damaged);
  g_test_add_func ("/target/rdgateway/usage-names", test_usage_names);

  return g_test_run ();
}
