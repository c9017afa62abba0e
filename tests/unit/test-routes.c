/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "rd-routes.h"

/* /proc/net/route prints each address as the 32-bit word the kernel keeps
 * in network order, formatted in host order: these tables are written for
 * a little-endian machine, and ipv4_hex() builds them for any. */
static char *
ipv4_hex (const char *dotted)
{
  guint a, b, c, d;
  guint32 word;
  guint8 bytes[4];

  g_assert_cmpint (sscanf (dotted, "%u.%u.%u.%u", &a, &b, &c, &d), ==, 4);
  bytes[0] = a;
  bytes[1] = b;
  bytes[2] = c;
  bytes[3] = d;
  memcpy (&word, bytes, 4);
  return g_strdup_printf ("%08X", word);
}

static const char *ipv4_header =
  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
  "                                                       \n";

static char *
ipv4_line (const char *iface,
           const char *destination,
           const char *gateway,
           const char *flags,
           guint       metric,
           const char *mask)
{
  g_autofree char *d = ipv4_hex (destination);
  g_autofree char *g = ipv4_hex (gateway);
  g_autofree char *m = ipv4_hex (mask);

  return g_strdup_printf ("%s\t%s\t%s\t%s\t0\t0\t%u\t%s\t0\t0\t0"
                          "                                                                               \n",
                          iface, d, g, flags, metric, m);
}

static GPtrArray *
parse4 (const char *text)
{
  return rd_routes_parse_ipv4_defaults (text, strlen (text));
}

static GPtrArray *
parse6 (const char *text)
{
  return rd_routes_parse_ipv6_defaults (text, strlen (text));
}

static void
assert_route (GPtrArray  *routes,
              guint       index,
              const char *interface,
              const char *gateway,
              guint32     metric)
{
  const RdRoute *route;

  g_assert_cmpuint (index, <, routes->len);
  route = g_ptr_array_index (routes, index);
  g_assert_cmpstr (route->interface, ==, interface);
  g_assert_cmpstr (route->gateway, ==, gateway);
  g_assert_cmpuint (route->metric, ==, metric);
}

static void
test_ipv4_realistic (void)
{
  /* A laptop on wired and wireless, as the kernel wrote it here. */
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autoptr(GPtrArray) routes = NULL;
  const char *lines[][6] = {
    { "wlp3s0", "0.0.0.0", "192.168.1.1", "0003", "600", "0.0.0.0" },
    { "enp0s31f6", "0.0.0.0", "10.0.0.1", "0003", "100", "0.0.0.0" },
    { "enp0s31f6", "10.0.0.0", "0.0.0.0", "0001", "100", "255.255.255.0" },
    { "wlp3s0", "192.168.1.0", "0.0.0.0", "0001", "600", "255.255.255.0" },
    { "docker0", "172.17.0.0", "0.0.0.0", "0001", "0", "255.255.0.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *line = ipv4_line (lines[i][0], lines[i][1], lines[i][2], lines[i][3],
                                         atoi (lines[i][4]), lines[i][5]);
      g_string_append (text, line);
    }

  routes = parse4 (text->str);
  g_assert_cmpuint (routes->len, ==, 2);
  /* Lowest metric first, whatever the table's order. */
  assert_route (routes, 0, "enp0s31f6", "10.0.0.1", 100);
  assert_route (routes, 1, "wlp3s0", "192.168.1.1", 600);
  g_assert_cmpint (((RdRoute *) g_ptr_array_index (routes, 0))->family, ==, RD_ROUTE_IPV4);
}

static void
test_ipv4_verbatim (void)
{
  /* Copied from a little-endian machine. */
  static const char text[] =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    "eth0\t0002A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
  g_autoptr(GPtrArray) routes = parse4 (text);

  if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
    {
      g_test_skip ("the table was written by a little-endian kernel");
      return;
    }
  g_assert_cmpuint (routes->len, ==, 1);
  assert_route (routes, 0, "eth0", "192.168.2.1", 100);
}

static void
test_ipv4_no_default (void)
{
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autofree char *line = ipv4_line ("eth0", "198.18.0.0", "0.0.0.0", "0001", 0, "255.255.255.0");
  g_autoptr(GPtrArray) routes = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) header_only = parse4 (ipv4_header);

  g_string_append (text, line);
  routes = parse4 (text->str);
  g_assert_cmpuint (routes->len, ==, 0);
  g_assert_cmpuint (header_only->len, ==, 0);

  empty = rd_routes_parse_ipv4_defaults (NULL, 0);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_ipv4_flags (void)
{
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autoptr(GPtrArray) routes = NULL;
  struct { const char *iface, *gateway, *flags; guint metric; } lines[] = {
    { "eth0", "10.0.0.1", "0002", 10 },          /* not up */
    { "eth1", "0.0.0.0", "0201", 20 },           /* "unreachable default" */
    { "ppp0", "0.0.0.0", "0001", 30 },           /* on-link: no gateway */
    { "eth2", "10.2.0.1", "0001", 40 },          /* gateway without the G flag */
    { "eth3", "10.3.0.1", "0003", 50 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *line = ipv4_line (lines[i].iface, "0.0.0.0", lines[i].gateway,
                                         lines[i].flags, lines[i].metric, "0.0.0.0");
      g_string_append (text, line);
    }

  routes = parse4 (text->str);
  g_assert_cmpuint (routes->len, ==, 3);
  assert_route (routes, 0, "ppp0", NULL, 30);
  assert_route (routes, 1, "eth2", NULL, 40);
  assert_route (routes, 2, "eth3", "10.3.0.1", 50);

  /* The router worth testing is the best one that has an address. */
  g_assert_cmpstr (rd_routes_pick_primary (routes, NULL)->gateway, ==, "10.3.0.1");
}

static void
test_ipv4_equal_metrics (void)
{
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autoptr(GPtrArray) routes = NULL;
  const char *gateways[] = { "10.0.0.3", "10.0.0.1", "10.0.0.2" };
  guint metrics[] = { 5, 0, 5 };

  for (guint i = 0; i < G_N_ELEMENTS (gateways); i++)
    {
      g_autofree char *line = ipv4_line ("eth0", "0.0.0.0", gateways[i], "0003", metrics[i],
                                         "0.0.0.0");
      g_string_append (text, line);
    }

  routes = parse4 (text->str);
  g_assert_cmpuint (routes->len, ==, 3);
  assert_route (routes, 0, "eth0", "10.0.0.1", 0);
  /* Equal metrics keep the table's order. */
  assert_route (routes, 1, "eth0", "10.0.0.3", 5);
  assert_route (routes, 2, "eth0", "10.0.0.2", 5);
}

static void
test_ipv4_garbage (void)
{
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autofree char *good = ipv4_line ("eth0", "0.0.0.0", "198.18.1.1", "0003", 7, "0.0.0.0");
  g_autofree char *long_name = ipv4_line ("averyveryverylongname", "0.0.0.0", "10.9.9.9", "0003",
                                          1, "0.0.0.0");
  g_autofree char *slash = ipv4_line ("../../x", "0.0.0.0", "10.9.9.9", "0003", 1, "0.0.0.0");
  g_autoptr(GPtrArray) routes = NULL;

  g_string_append (text, "\n\n   \t \n");
  g_string_append (text, "eth0\n");
  g_string_append (text, "eth0\t00000000\n");
  g_string_append (text, "eth0\tZZZZZZZZ\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
  g_string_append (text, "eth0\t00000000\t0101A8C0\t0003\t0\t0\t-1\t00000000\t0\t0\t0\n");
  g_string_append (text, "eth0\t00000000\t0101A8C0\t0003\t0\t0\t99999999999\t00000000\t0\t0\t0\n");
  g_string_append (text, "eth0\t000000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
  g_string_append (text, "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t0000000\t0\t0\t0\n");
  g_string_append (text, "eth0\t00000000\t0101A8C0\t00000000003\t0\t0\t0\t00000000\t0\t0\t0\n");
  g_string_append (text, long_name);
  g_string_append (text, slash);
  /* A line with a NUL in it. */
  {
    static const char nul_line[] = "eth0\t00000000\t0101A8C0\t0003\0\t0\t0\t0\t00000000\t0\t0\t0\n";

    g_string_append_len (text, nul_line, sizeof nul_line - 1);
  }
  g_string_append (text, good);

  routes = rd_routes_parse_ipv4_defaults (text->str, text->len);
  g_assert_cmpuint (routes->len, ==, 1);
  assert_route (routes, 0, "eth0", "198.18.1.1", 7);
}

static void
test_ipv4_overlong (void)
{
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autofree char *good = ipv4_line ("eth0", "0.0.0.0", "198.18.1.1", "0003", 7, "0.0.0.0");
  g_autofree char *padded = g_strndup (good, strlen (good) - 1);
  g_autoptr(GPtrArray) routes = NULL;

  /* A valid route padded past the line limit is skipped whole, and does
   * not spill into the next line. */
  g_string_append (text, padded);
  g_string_append_c (text, '\t');
  for (guint i = 0; i < RD_ROUTES_MAX_LINE; i++)
    g_string_append_c (text, ' ');
  g_string_append (text, "\n");
  g_string_append (text, good);

  routes = parse4 (text->str);
  g_assert_cmpuint (routes->len, ==, 1);

  /* One huge line and no newline at all. */
  {
    g_autofree char *huge = g_strnfill (1 << 20, 'A');
    g_autoptr(GPtrArray) none = parse4 (huge);

    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Without the final newline the last line still counts. */
  {
    g_autofree char *unterminated = g_strndup (good, strlen (good) - 1);
    g_autoptr(GPtrArray) one = parse4 (unterminated);

    g_assert_cmpuint (one->len, ==, 1);
  }
}

static void
test_ipv4_limits (void)
{
  g_autoptr(GString) text = g_string_new (ipv4_header);
  g_autoptr(GPtrArray) routes = NULL;
  g_autoptr(GString) many_lines = g_string_new (NULL);
  g_autofree char *good = ipv4_line ("eth0", "0.0.0.0", "198.18.1.1", "0003", 7, "0.0.0.0");
  g_autoptr(GPtrArray) late = NULL;

  /* A table with more default routes than anyone has: bounded. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, good);
  routes = parse4 (text->str);
  g_assert_cmpuint (routes->len, ==, RD_ROUTES_MAX_ROUTES);

  /* Only the first RD_ROUTES_MAX_LINES lines are read. */
  for (guint i = 0; i < RD_ROUTES_MAX_LINES; i++)
    g_string_append_c (many_lines, '\n');
  g_string_append (many_lines, good);
  late = parse4 (many_lines->str);
  g_assert_cmpuint (late->len, ==, 0);
}

/* The kernel's /proc/net/ipv6_route, from a machine with a router
 * advertisement and the usual "unreachable" default on lo. */
static const char ipv6_table[] =
  "20010db8000000000000000000000000 40 00000000000000000000000000000000 00 "
  "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
  "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 "
  "00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0\n"
  "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
  "fe80000000000000021122fffe334455 00000400 00000002 00000000 00000003     eth0\n"
  "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
  "20010db8000000000000000000000001 00000258 00000001 00000000 00000003   wlan0\n"
  "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
  "00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo\n"
  "ff000000000000000000000000000000 08 00000000000000000000000000000000 00 "
  "00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0\n"
  "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
  "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";

static void
test_ipv6_realistic (void)
{
  g_autoptr(GPtrArray) routes = parse6 (ipv6_table);

  g_assert_cmpuint (routes->len, ==, 2);
  assert_route (routes, 0, "wlan0", "2001:db8::1", 0x258);
  assert_route (routes, 1, "eth0", "fe80::211:22ff:fe33:4455", 0x400);
  g_assert_cmpint (((RdRoute *) g_ptr_array_index (routes, 0))->family, ==, RD_ROUTE_IPV6);
}

static void
test_ipv6_no_default (void)
{
  static const char text[] =
    "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
  g_autoptr(GPtrArray) routes = parse6 (text);
  g_autoptr(GPtrArray) empty = parse6 ("");

  g_assert_cmpuint (routes->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_ipv6_on_link (void)
{
  /* A VPN's default route straight onto its tunnel. */
  static const char text[] =
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000032 00000001 00000000 00000001     wg0\n";
  g_autoptr(GPtrArray) routes = parse6 (text);

  g_assert_cmpuint (routes->len, ==, 1);
  assert_route (routes, 0, "wg0", NULL, 0x32);
  g_assert_null (rd_routes_pick_primary (NULL, routes));
}

static void
test_ipv6_garbage (void)
{
  static const char text[] =
    "garbage\n"
    "00000000000000000000000000000000 00\n"
    /* 31 hex digits */
    "0000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000001 00000001 00000001 00000000 00000003   eth0\n"
    /* not hex */
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db80000000000000000000000g1 00000001 00000001 00000000 00000003   eth0\n"
    /* eleven fields */
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000001 00000001 00000001 00000000 00000003   eth0 extra\n"
    /* prefix length not two digits */
    "00000000000000000000000000000000 000 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000001 00000001 00000001 00000000 00000003   eth0\n"
    /* source prefix longer than an address */
    "00000000000000000000000000000000 00 00000000000000000000000000000000 ff "
    "20010db8000000000000000000000001 00000001 00000001 00000000 00000003   eth0\n"
    /* interface name too long */
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000001 00000001 00000001 00000000 00000003   abcdefghijklmnopq\n"
    /* a default with a non-zero prefix length is not a default */
    "00000000000000000000000000000000 01 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000001 00000001 00000001 00000000 00000003   eth0\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db8000000000000000000000002 00000009 00000001 00000000 00000003   eth1\r\n";
  g_autoptr(GPtrArray) routes = parse6 (text);

  g_assert_cmpuint (routes->len, ==, 1);
  assert_route (routes, 0, "eth1", "2001:db8::2", 9);
}

static void
test_ipv6_overlong (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) routes = NULL;

  g_string_append (text, "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
                         "20010db8000000000000000000000001 00000001 00000001 00000000 00000003");
  for (guint i = 0; i < 2 * RD_ROUTES_MAX_LINE; i++)
    g_string_append_c (text, ' ');
  g_string_append (text, "eth0\n");
  g_string_append (text, "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
                         "20010db8000000000000000000000002 00000002 00000001 00000000 00000003 eth1\n");

  routes = parse6 (text->str);
  g_assert_cmpuint (routes->len, ==, 1);
  assert_route (routes, 0, "eth1", "2001:db8::2", 2);
}

static void
test_pick_primary (void)
{
  g_autoptr(GString) text4 = g_string_new (ipv4_header);
  g_autofree char *line = ipv4_line ("eth0", "0.0.0.0", "198.18.1.1", "0003", 100, "0.0.0.0");
  g_autoptr(GPtrArray) ipv4 = NULL;
  g_autoptr(GPtrArray) ipv6 = parse6 (ipv6_table);
  g_autoptr(GPtrArray) none = parse4 ("");

  g_string_append (text4, line);
  ipv4 = parse4 (text4->str);

  /* IPv4 first, even with the lower metric on IPv6. */
  g_assert_cmpstr (rd_routes_pick_primary (ipv4, ipv6)->gateway, ==, "198.18.1.1");
  g_assert_cmpstr (rd_routes_pick_primary (none, ipv6)->gateway, ==, "2001:db8::1");
  g_assert_cmpstr (rd_routes_pick_primary (none, ipv6)->interface, ==, "wlan0");
  g_assert_null (rd_routes_pick_primary (none, none));
  g_assert_null (rd_routes_pick_primary (NULL, NULL));
}

static void
test_resolv_conf (void)
{
  static const char text[] =
    "# Generated by NetworkManager\n"
    "search example.com lan\n"
    "nameserver 192.168.1.1\n"
    "  nameserver\t2001:db8::53   # trailing comment\n"
    "; nameserver 10.9.9.9\n"
    "#nameserver 10.9.9.8\n"
    "nameserver fe80::1%wlp3s0\n"
    "nameserver fe80::1%../x\n"
    "nameserver 192.168.1.1\n"
    "nameserver not-an-address\n"
    "nameserver 300.1.1.1\n"
    "nameserver\n"
    "nameservers 10.1.1.1\n"
    "options edns0 trust-ad\r\n"
    "nameserver 127.0.0.53\r\n";
  g_autoptr(GPtrArray) servers = rd_resolv_conf_parse_nameservers (text, strlen (text));
  g_autoptr(GPtrArray) none = rd_resolv_conf_parse_nameservers (NULL, 0);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GPtrArray) bounded = NULL;

  g_assert_cmpuint (servers->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (servers, 0), ==, "192.168.1.1");
  g_assert_cmpstr (g_ptr_array_index (servers, 1), ==, "2001:db8::53");
  g_assert_cmpstr (g_ptr_array_index (servers, 2), ==, "fe80::1%wlp3s0");
  g_assert_cmpstr (g_ptr_array_index (servers, 3), ==, "127.0.0.53");
  g_assert_cmpuint (none->len, ==, 0);

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (many, "nameserver 10.0.0.%u\n", i);
  bounded = rd_resolv_conf_parse_nameservers (many->str, many->len);
  g_assert_cmpuint (bounded->len, ==, RD_RESOLV_MAX_SERVERS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/routes/ipv4/realistic", test_ipv4_realistic);
  g_test_add_func ("/routes/ipv4/verbatim", test_ipv4_verbatim);
  g_test_add_func ("/routes/ipv4/no-default", test_ipv4_no_default);
  g_test_add_func ("/routes/ipv4/flags", test_ipv4_flags);
  g_test_add_func ("/routes/ipv4/equal-metrics", test_ipv4_equal_metrics);
  g_test_add_func ("/routes/ipv4/garbage", test_ipv4_garbage);
  g_test_add_func ("/routes/ipv4/overlong", test_ipv4_overlong);
  g_test_add_func ("/routes/ipv4/limits", test_ipv4_limits);
  g_test_add_func ("/routes/ipv6/realistic", test_ipv6_realistic);
  g_test_add_func ("/routes/ipv6/no-default", test_ipv6_no_default);
  g_test_add_func ("/routes/ipv6/on-link", test_ipv6_on_link);
  g_test_add_func ("/routes/ipv6/garbage", test_ipv6_garbage);
  g_test_add_func ("/routes/ipv6/overlong", test_ipv6_overlong);
  g_test_add_func ("/routes/pick-primary", test_pick_primary);
  g_test_add_func ("/routes/resolv-conf", test_resolv_conf);

  return g_test_run ();
}
