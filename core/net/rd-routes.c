/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>

#include "rd-routes.h"

/* From <linux/route.h>, which clashes with glibc's headers. */
#define ROUTE_FLAG_UP      0x0001
#define ROUTE_FLAG_GATEWAY 0x0002
#define ROUTE_FLAG_REJECT  0x0200

#define MAX_FIELDS 16

void
rd_route_free (RdRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->interface);
  g_free (route->gateway);
  g_free (route);
}

const char *
rd_route_family_to_string (RdRouteFamily family)
{
  return family == RD_ROUTE_IPV6 ? "ipv6" : "ipv4";
}

typedef gboolean (*LineFunc) (char      *line,
                              gpointer   user_data);

/* Calls @func with each line of @text, NUL-terminated in a bounded copy;
 * lines that are too long, or hold a NUL, are skipped whole. Stops early
 * when @func returns FALSE. */
static void
for_each_line (const char *text,
               gsize       length,
               LineFunc    func,
               gpointer    user_data)
{
  char line[RD_ROUTES_MAX_LINE + 1];
  gsize pos = 0;
  guint n_lines = 0;

  if (text == NULL)
    return;

  while (pos < length && n_lines < RD_ROUTES_MAX_LINES)
    {
      const char *start = text + pos;
      const char *end = memchr (start, '\n', length - pos);
      gsize line_length = end != NULL ? (gsize) (end - start) : length - pos;

      pos += line_length + (end != NULL ? 1 : 0);
      n_lines++;

      if (line_length > RD_ROUTES_MAX_LINE || memchr (start, '\0', line_length) != NULL)
        continue;

      memcpy (line, start, line_length);
      line[line_length] = '\0';
      if (line_length > 0 && line[line_length - 1] == '\r')
        line[line_length - 1] = '\0';

      if (!func (line, user_data))
        break;
    }
}

/* Splits @line in place on blanks; returns the number of fields found (at
 * most @max). */
static guint
split_fields (char   *line,
              char  **fields,
              guint   max)
{
  guint n = 0;
  char *p = line;

  while (*p != '\0' && n < max)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      fields[n++] = p;
      while (*p != '\0' && *p != ' ' && *p != '\t')
        p++;
      if (*p != '\0')
        *p++ = '\0';
    }
  return n;
}

/* Exactly @digits hex digits (0 = one to eight). */
static gboolean
parse_hex32 (const char *text,
             guint       digits,
             guint32    *value)
{
  gsize length = strlen (text);
  guint32 v = 0;

  if (length == 0 || length > 8 || (digits != 0 && length != digits))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      int d = g_ascii_xdigit_value (text[i]);

      if (d < 0)
        return FALSE;
      v = (v << 4) | (guint32) d;
    }
  *value = v;
  return TRUE;
}

static gboolean
parse_decimal32 (const char *text,
                 guint32    *value)
{
  guint64 v = 0;

  if (*text == '\0' || strlen (text) > 10)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  if (v > G_MAXUINT32)
    return FALSE;
  *value = (guint32) v;
  return TRUE;
}

/* 32 hex digits: 16 bytes in network order. */
static gboolean
parse_hex128 (const char *text,
              guint8      bytes[16])
{
  if (strlen (text) != 32)
    return FALSE;
  for (guint i = 0; i < 16; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      bytes[i] = (guint8) ((hi << 4) | lo);
    }
  return TRUE;
}

static gboolean
valid_interface_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length >= IFNAMSIZ || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f || *p == '/')
      return FALSE;
  return TRUE;
}

static gboolean
is_all_zero (const guint8 *bytes,
             gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (bytes[i] != 0)
      return FALSE;
  return TRUE;
}

static RdRoute *
route_new (RdRouteFamily  family,
           const char    *interface,
           const char    *gateway,
           guint32        metric)
{
  RdRoute *route = g_new0 (RdRoute, 1);

  route->family = family;
  route->interface = g_strdup (interface);
  route->gateway = g_strdup (gateway);
  route->metric = metric;
  return route;
}

static gboolean
ipv4_line (char     *line,
           gpointer  user_data)
{
  GPtrArray *routes = user_data;
  char *fields[MAX_FIELDS];
  guint32 destination, gateway, flags, metric, mask;
  char text[INET_ADDRSTRLEN] = "";

  /* Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT */
  if (split_fields (line, fields, MAX_FIELDS) < 8)
    return TRUE;
  if (!valid_interface_name (fields[0]) ||
      !parse_hex32 (fields[1], 8, &destination) ||
      !parse_hex32 (fields[2], 8, &gateway) ||
      !parse_hex32 (fields[3], 0, &flags) ||
      !parse_decimal32 (fields[6], &metric) ||
      !parse_hex32 (fields[7], 8, &mask))
    return TRUE;

  if (destination != 0 || mask != 0 ||
      (flags & ROUTE_FLAG_UP) == 0 || (flags & ROUTE_FLAG_REJECT) != 0)
    return TRUE;

  if ((flags & ROUTE_FLAG_GATEWAY) != 0 && gateway != 0)
    {
      /* The kernel prints the address as the 32-bit word it stores in
       * network order, formatted in host order. */
      struct in_addr address = { .s_addr = gateway };

      inet_ntop (AF_INET, &address, text, sizeof text);
    }

  g_ptr_array_add (routes, route_new (RD_ROUTE_IPV4, fields[0], text[0] != '\0' ? text : NULL,
                                      metric));
  return routes->len < RD_ROUTES_MAX_ROUTES;
}

static gboolean
ipv6_line (char     *line,
           gpointer  user_data)
{
  GPtrArray *routes = user_data;
  char *fields[MAX_FIELDS];
  guint8 destination[16], source[16], next_hop[16];
  guint32 destination_length, source_length, metric, refcnt, use, flags;
  char text[INET6_ADDRSTRLEN] = "";

  /* dst dst_len src src_len next_hop metric refcnt use flags device */
  if (split_fields (line, fields, MAX_FIELDS) != 10)
    return TRUE;
  if (!parse_hex128 (fields[0], destination) ||
      !parse_hex32 (fields[1], 2, &destination_length) ||
      !parse_hex128 (fields[2], source) ||
      !parse_hex32 (fields[3], 2, &source_length) ||
      !parse_hex128 (fields[4], next_hop) ||
      !parse_hex32 (fields[5], 8, &metric) ||
      !parse_hex32 (fields[6], 8, &refcnt) ||
      !parse_hex32 (fields[7], 8, &use) ||
      !parse_hex32 (fields[8], 8, &flags) ||
      !valid_interface_name (fields[9]))
    return TRUE;

  if (destination_length != 0 || !is_all_zero (destination, sizeof destination) ||
      source_length > 128 ||
      (flags & ROUTE_FLAG_UP) == 0 || (flags & ROUTE_FLAG_REJECT) != 0)
    return TRUE;

  if (!is_all_zero (next_hop, sizeof next_hop))
    inet_ntop (AF_INET6, next_hop, text, sizeof text);

  g_ptr_array_add (routes, route_new (RD_ROUTE_IPV6, fields[9], text[0] != '\0' ? text : NULL,
                                      metric));
  return routes->len < RD_ROUTES_MAX_ROUTES;
}

/* Lowest metric first; equal metrics keep the table's order. */
static void
sort_by_metric (GPtrArray *routes)
{
  for (guint i = 1; i < routes->len; i++)
    {
      RdRoute *route = g_ptr_array_index (routes, i);
      guint j = i;

      while (j > 0 && ((RdRoute *) g_ptr_array_index (routes, j - 1))->metric > route->metric)
        {
          routes->pdata[j] = routes->pdata[j - 1];
          j--;
        }
      routes->pdata[j] = route;
    }
}

/* The default routes @line_func finds in a route table, lowest metric
 * first. */
static GPtrArray *
parse_defaults (const char *text,
                gsize       length,
                LineFunc    line_func)
{
  GPtrArray *routes = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_free);

  for_each_line (text, length, line_func, routes);
  sort_by_metric (routes);
  return routes;
}

/**
 * rd_routes_parse_ipv4_defaults:
 * @text: (array length=length) (nullable): the contents of /proc/net/route
 * @length: its size in bytes
 *
 * Returns: (transfer full) (element-type RdRoute): the usable IPv4 default
 *   routes (up, not "unreachable"), lowest metric first; empty when there
 *   are none or the text is not a route table.
 */
GPtrArray *
rd_routes_parse_ipv4_defaults (const char *text,
                               gsize       length)
{
  return parse_defaults (text, length, ipv4_line);
}

/**
 * rd_routes_parse_ipv6_defaults:
 * @text: (array length=length) (nullable): the contents of /proc/net/ipv6_route
 * @length: its size in bytes
 *
 * Returns: (transfer full) (element-type RdRoute): the usable IPv6 default
 *   routes, lowest metric first. The kernel's "unreachable" default route
 *   on lo is left out.
 */
GPtrArray *
rd_routes_parse_ipv6_defaults (const char *text,
                               gsize       length)
{
  return parse_defaults (text, length, ipv6_line);
}

/**
 * rd_routes_pick_primary:
 * @ipv4: (nullable): sorted IPv4 default routes
 * @ipv6: (nullable): sorted IPv6 default routes
 *
 * The router worth testing: the preferred IPv4 default route that has a
 * gateway, else the preferred IPv6 one.
 *
 * Returns: (transfer none) (nullable): a route of @ipv4 or @ipv6.
 */
const RdRoute *
rd_routes_pick_primary (GPtrArray *ipv4,
                        GPtrArray *ipv6)
{
  GPtrArray *tables[] = { ipv4, ipv6 };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      if (tables[t] == NULL)
        continue;
      for (guint i = 0; i < tables[t]->len; i++)
        {
          const RdRoute *route = g_ptr_array_index (tables[t], i);

          if (route->gateway != NULL)
            return route;
        }
    }
  return NULL;
}

static gboolean
valid_nameserver (const char *text)
{
  g_autofree char *address = g_strdup (text);
  char *percent = strchr (address, '%');
  guint8 buffer[16];

  /* fe80::1%eth0: the scope is kept in the evidence, checked here. */
  if (percent != NULL)
    {
      if (!valid_interface_name (percent + 1))
        return FALSE;
      *percent = '\0';
      return inet_pton (AF_INET6, address, buffer) == 1;
    }
  return inet_pton (AF_INET, address, buffer) == 1 || inet_pton (AF_INET6, address, buffer) == 1;
}

static gboolean
resolv_line (char     *line,
             gpointer  user_data)
{
  GPtrArray *servers = user_data;
  char *fields[3];

  if (split_fields (line, fields, G_N_ELEMENTS (fields)) < 2 ||
      strcmp (fields[0], "nameserver") != 0 ||
      !valid_nameserver (fields[1]))
    return TRUE;

  for (guint i = 0; i < servers->len; i++)
    if (strcmp (g_ptr_array_index (servers, i), fields[1]) == 0)
      return TRUE;

  g_ptr_array_add (servers, g_strdup (fields[1]));
  return servers->len < RD_RESOLV_MAX_SERVERS;
}

/**
 * rd_resolv_conf_parse_nameservers:
 * @text: (array length=length) (nullable): the contents of resolv.conf
 * @length: its size in bytes
 *
 * Returns: (transfer full) (element-type utf8): the name servers, in file
 *   order, without duplicates; lines that do not hold an IP address are
 *   ignored.
 */
GPtrArray *
rd_resolv_conf_parse_nameservers (const char *text,
                                  gsize       length)
{
  GPtrArray *servers = g_ptr_array_new_with_free_func (g_free);

  for_each_line (text, length, resolv_line, servers);
  return servers;
}
