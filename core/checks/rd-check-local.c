/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>

#include "rd-check.h"
#include "rd-gateway.h"
#include "rd-net.h"
#include "rd-routes.h"

#define MAX_INTERFACES      64
#define MAX_ADDRESSES       16
#define SYS_ATTR_MAX        4096
#define RESOLV_CONF_MAX     (64 * 1024)
/* Echo requests get up to this much of the timeout, TCP connects (when the
 * echo met silence) up to the second figure. */
#define ECHO_BUDGET_MS      2000
#define TCP_BUDGET_MS       1000

/* ARPHRD_* from <net/if_arp.h> */
#define HW_ETHER    1
#define HW_PPP      512
#define HW_LOOPBACK 772
#define HW_NONE     65534

#define TUN_FLAG_TAP 0x0002

typedef struct
{
  char      *name;
  guint      flags;      /* IFF_* */
  GPtrArray *addresses;  /* "ip/prefix" */
} Interface;

static void
interface_free (Interface *interface)
{
  g_free (interface->name);
  g_ptr_array_unref (interface->addresses);
  g_free (interface);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Interface, interface_free)

static char *
sys_path (const char *name,
          const char *attribute)
{
  return g_build_filename ("/sys/class/net", name, attribute, NULL);
}

/* One of the small text files in /sys/class/net/NAME/, stripped. */
static char *
read_sys_attr (const char *name,
               const char *attribute)
{
  g_autofree char *path = sys_path (name, attribute);
  char *text = rd_read_small_file (path, SYS_ATTR_MAX, NULL, NULL);

  return text != NULL ? g_strstrip (text) : NULL;
}

static gboolean
sys_exists (const char *name,
            const char *attribute)
{
  g_autofree char *path = sys_path (name, attribute);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gint64
read_sys_int (const char *name,
              const char *attribute,
              gint64      fallback)
{
  g_autofree char *text = read_sys_attr (name, attribute);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &value, NULL))
    return fallback;
  return value;
}

static guint
prefix_length (const guint8 *mask,
               gsize         size)
{
  guint bits = 0;

  for (gsize i = 0; i < size; i++)
    for (guint8 b = mask[i]; b != 0; b <<= 1)
      bits += (b & 0x80) ? 1 : 0;
  return bits;
}

/* The address bytes of an AF_INET or AF_INET6 socket address (a netmask
 * does not always say its family). */
static const guint8 *
address_bytes (const struct sockaddr_storage *storage,
               int                            family)
{
  if (family == AF_INET)
    return (const guint8 *) &((const struct sockaddr_in *) storage)->sin_addr;
  return ((const struct sockaddr_in6 *) storage)->sin6_addr.s6_addr;
}

static char *
format_address (const struct ifaddrs *ifa)
{
  int family = ifa->ifa_addr->sa_family;
  struct sockaddr_storage address, mask;
  gsize size;
  char text[INET6_ADDRSTRLEN];
  guint prefix = 0;

  if (family == AF_INET)
    size = sizeof (struct sockaddr_in);
  else if (family == AF_INET6)
    size = sizeof (struct sockaddr_in6);
  else
    return NULL;

  /* Copied out: a struct sockaddr * promises less alignment than the
   * family's own struct needs. */
  memcpy (&address, ifa->ifa_addr, size);
  if (inet_ntop (family, address_bytes (&address, family), text, sizeof text) == NULL)
    return NULL;
  if (ifa->ifa_netmask != NULL)
    {
      memcpy (&mask, ifa->ifa_netmask, size);
      prefix = prefix_length (address_bytes (&mask, family), family == AF_INET ? 4 : 16);
    }

  return g_strdup_printf ("%s/%u", text, prefix);
}

/* Every interface getifaddrs() knows (it lists each once as AF_PACKET even
 * without addresses), in its order, with its addresses. */
static GPtrArray *
list_interfaces (int *error)
{
  GPtrArray *interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_free);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) < 0)
    {
      *error = errno;
      return interfaces;
    }

  for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      Interface *interface = NULL;
      char *address;

      if (ifa->ifa_name == NULL || strlen (ifa->ifa_name) >= IFNAMSIZ ||
          strchr (ifa->ifa_name, '/') != NULL || ifa->ifa_name[0] == '.')
        continue;

      for (guint i = 0; i < interfaces->len && interface == NULL; i++)
        if (strcmp (((Interface *) g_ptr_array_index (interfaces, i))->name, ifa->ifa_name) == 0)
          interface = g_ptr_array_index (interfaces, i);

      if (interface == NULL)
        {
          if (interfaces->len >= MAX_INTERFACES)
            continue;
          interface = g_new0 (Interface, 1);
          interface->name = g_strdup (ifa->ifa_name);
          interface->addresses = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (interfaces, interface);
        }
      interface->flags |= ifa->ifa_flags;

      if (ifa->ifa_addr == NULL || interface->addresses->len >= MAX_ADDRESSES)
        continue;
      address = format_address (ifa);
      if (address != NULL)
        g_ptr_array_add (interface->addresses, address);
    }

  freeifaddrs (list);
  return interfaces;
}

/* "up" when the kernel says so, or says "unknown" (loopback, tun devices:
 * their drivers do not report a carrier) while the device is up and
 * running; else the kernel's word. */
static char *
interface_state (const Interface *interface,
                 const char      *operstate)
{
  gboolean running = (interface->flags & IFF_UP) != 0 && (interface->flags & IFF_RUNNING) != 0;

  if (g_strcmp0 (operstate, "up") == 0)
    return g_strdup ("up");
  if ((operstate == NULL || g_strcmp0 (operstate, "unknown") == 0) && running)
    return g_strdup ("up");
  if (operstate == NULL || *operstate == '\0')
    return g_strdup ("down");
  return g_strdup (operstate);
}

static gboolean
has_devtype (const char *name,
             const char *devtype)
{
  g_autofree char *uevent = read_sys_attr (name, "uevent");
  g_auto(GStrv) lines = uevent != NULL ? g_strsplit (uevent, "\n", 64) : NULL;
  g_autofree char *wanted = g_strconcat ("DEVTYPE=", devtype, NULL);

  return lines != NULL && g_strv_contains ((const char * const *) lines, wanted);
}

/* What kind of VPN (or other tunnel a VPN client makes) this is, or NULL. */
static const char *
vpn_kind (const char *name,
          gint64      type)
{
  static const struct
  {
    const char *prefix;
    const char *kind;
  } name_prefixes[] = {
    { "tun", "tun" },
    { "tap", "tap" },
    { "wg", "wireguard" },
    { "ppp", "ppp" },
    { "vpn", "vpn" },
  };
  g_autofree char *tun_flags = NULL;

  if (has_devtype (name, "wireguard"))
    return "wireguard";

  tun_flags = read_sys_attr (name, "tun_flags");
  if (tun_flags != NULL)
    {
      guint64 flags = g_ascii_strtoull (tun_flags, NULL, 16);

      return (flags & TUN_FLAG_TAP) != 0 ? "tap" : "tun";
    }

  if (type == HW_PPP)
    return "ppp";
  if (type == HW_NONE)
    return "tun";

  /* Failing all that, the name VPN clients give their interfaces. */
  for (guint i = 0; i < G_N_ELEMENTS (name_prefixes); i++)
    if (g_str_has_prefix (name, name_prefixes[i].prefix))
      return name_prefixes[i].kind;
  return NULL;
}

static const char *
interface_kind (const Interface *interface,
                gint64           type,
                const char      *vpn)
{
  if ((interface->flags & IFF_LOOPBACK) != 0 || type == HW_LOOPBACK)
    return "loopback";
  if (vpn != NULL)
    return "vpn";
  if (sys_exists (interface->name, "wireless") || sys_exists (interface->name, "phy80211"))
    return "wifi";
  if (type == HW_ETHER)
    return "ethernet";
  return "other";
}

typedef struct
{
  guint      n_up;            /* up, not loopback */
  GPtrArray *vpn_names;       /* of interfaces with a VPN kind */
  gboolean   vpn_active;
} InterfaceSummary;

static void
add_interfaces (JsonObject       *evidence,
                InterfaceSummary *summary)
{
  int error = 0;
  g_autoptr(GPtrArray) interfaces = list_interfaces (&error);
  JsonArray *array = json_array_new ();
  JsonArray *vpns = json_array_new ();

  for (guint i = 0; i < interfaces->len; i++)
    {
      Interface *interface = g_ptr_array_index (interfaces, i);
      g_autofree char *operstate = read_sys_attr (interface->name, "operstate");
      g_autofree char *state = interface_state (interface, operstate);
      gint64 type = read_sys_int (interface->name, "type", -1);
      gint64 mtu = read_sys_int (interface->name, "mtu", -1);
      const char *vpn = NULL;
      const char *kind;
      JsonObject *object = json_object_new ();
      JsonArray *addresses = json_array_new ();

      if ((interface->flags & IFF_LOOPBACK) == 0 && type != HW_LOOPBACK)
        vpn = vpn_kind (interface->name, type);
      kind = interface_kind (interface, type, vpn);

      json_object_set_string_member (object, "name", interface->name);
      json_object_set_string_member (object, "state", state);
      if (operstate != NULL)
        json_object_set_string_member (object, "operstate", operstate);
      json_object_set_string_member (object, "kind", kind);
      if (mtu >= 0)
        json_object_set_int_member (object, "mtu", mtu);
      for (guint a = 0; a < interface->addresses->len; a++)
        json_array_add_string_element (addresses, g_ptr_array_index (interface->addresses, a));
      json_object_set_array_member (object, "addresses", addresses);
      json_array_add_object_element (array, object);

      if (strcmp (kind, "loopback") != 0 && strcmp (state, "up") == 0)
        summary->n_up++;

      if (vpn != NULL)
        {
          JsonObject *entry = json_object_new ();

          json_object_set_string_member (entry, "name", interface->name);
          json_object_set_string_member (entry, "kind", vpn);
          json_object_set_string_member (entry, "state", state);
          json_array_add_object_element (vpns, entry);
          g_ptr_array_add (summary->vpn_names, g_strdup (interface->name));
          if (strcmp (state, "up") == 0)
            summary->vpn_active = TRUE;
        }
    }

  json_object_set_array_member (evidence, "interfaces", array);
  if (error != 0)
    json_object_set_string_member (evidence, "interfaces_error", g_strerror (error));
  json_object_set_array_member (evidence, "vpn", vpns);
  json_object_set_boolean_member (evidence, "vpn_active", summary->vpn_active);
}

static void
add_routes (JsonArray *array,
            GPtrArray *routes)
{
  for (guint i = 0; i < routes->len; i++)
    {
      const RdRoute *route = g_ptr_array_index (routes, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "family", rd_route_family_to_string (route->family));
      if (route->gateway != NULL)
        json_object_set_string_member (object, "gateway", route->gateway);
      else
        json_object_set_null_member (object, "gateway");
      json_object_set_string_member (object, "interface", route->interface);
      json_object_set_int_member (object, "metric", route->metric);
      json_array_add_object_element (array, object);
    }
}

static void
add_dns_servers (JsonObject *evidence)
{
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = rd_read_small_file ("/etc/resolv.conf", RESOLV_CONF_MAX, &length, &error);
  g_autoptr(GPtrArray) servers = rd_resolv_conf_parse_nameservers (text, length);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < servers->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (servers, i));
  json_object_set_array_member (evidence, "dns_servers", array);
  if (error != NULL)
    json_object_set_string_member (evidence, "dns_servers_error", error->message);
}

static const char *
connectivity_to_string (GNetworkConnectivity connectivity)
{
  switch (connectivity)
    {
    case G_NETWORK_CONNECTIVITY_LOCAL:
      return "local";
    case G_NETWORK_CONNECTIVITY_LIMITED:
      return "limited";
    case G_NETWORK_CONNECTIVITY_PORTAL:
      return "portal";
    case G_NETWORK_CONNECTIVITY_FULL:
    default:
      return "full";
    }
}

/* GIO's own view. The default monitor is made once per process and then
 * shared; in GLib 2.74 the netlink and NetworkManager backends may be
 * created from a worker thread (they attach to the global default
 * context). Only the two read-only getters are used here. */
static void
add_connectivity (JsonObject *evidence)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  if (monitor == NULL)
    return;
  json_object_set_string_member (evidence, "connectivity",
                                 connectivity_to_string (g_network_monitor_get_connectivity (monitor)));
  json_object_set_boolean_member (evidence, "network_available",
                                  g_network_monitor_get_network_available (monitor));
}

static gboolean
name_in (GPtrArray  *names,
         const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
target_is_this_machine (const RdTarget *target)
{
  g_autoptr(GInetAddress) address = NULL;

  if (rd_target_get_kind (target) == RD_TARGET_KIND_NAME)
    return g_ascii_strcasecmp (rd_target_get_host (target), "localhost") == 0;
  address = g_inet_address_new_from_string (rd_target_get_host (target));
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * rd_check_local:
 *
 * This computer's side of the path: interfaces and their state, default
 * routes, whether the router answers, DNS servers, GIO's connectivity
 * verdict and VPN interfaces.
 */
RdFinding *
rd_check_local (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("local");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) ipv4 = NULL;
  g_autoptr(GPtrArray) ipv6 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vpn_names = g_ptr_array_new_with_free_func (g_free);
  InterfaceSummary summary = { 0, vpn_names, FALSE };
  JsonArray *routes = json_array_new ();
  const RdRoute *primary;
  const RdRoute *preferred = NULL;
  gboolean probed = FALSE;
  RdGatewayResult result = { 0 };

  add_interfaces (evidence, &summary);

  if (!rd_gateway_read_default_routes (&ipv4, &ipv6, &error))
    json_object_set_string_member (evidence, "routes_error", error->message);
  add_routes (routes, ipv4);
  add_routes (routes, ipv6);
  json_object_set_array_member (evidence, "default_routes", routes);

  if (ipv4->len > 0)
    preferred = g_ptr_array_index (ipv4, 0);
  else if (ipv6->len > 0)
    preferred = g_ptr_array_index (ipv6, 0);
  json_object_set_boolean_member (evidence, "default_route_via_vpn",
                                  preferred != NULL && name_in (vpn_names, preferred->interface));

  add_dns_servers (evidence);
  add_connectivity (evidence);

  primary = rd_routes_pick_primary (ipv4, ipv6);
  /* A computer on this very machine is reached without the router: leave
   * the router alone (it would only be traffic to no purpose). */
  if (primary != NULL && target_is_this_machine (ctx->target))
    json_object_set_string_member (evidence, "gateway_probe", "skipped: the computer is this one");
  else if (primary != NULL && !g_cancellable_is_cancelled (ctx->cancellable))
    {
      json_object_set_string_member (evidence, "gateway", primary->gateway);
      json_object_set_string_member (evidence, "gateway_interface", primary->interface);

      rd_gateway_probe (primary->gateway, primary->interface,
                        /* Both within one timeout, like every other check. */
                        MIN (ctx->timeout_ms * 2 / 3, ECHO_BUDGET_MS),
                        MIN (ctx->timeout_ms / 3, TCP_BUDGET_MS),
                        ctx->cancellable, &result);
      probed = TRUE;
    }

  if (g_cancellable_is_cancelled (ctx->cancellable))
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("Stopped before this computer's network was checked."));
      rd_finding_set_duration_ms (finding, rd_ms_since (start));
      return finding;
    }

  if (probed)
    {
      json_object_set_boolean_member (evidence, "gateway_reachable", result.answered);
      json_object_set_string_member (evidence, "gateway_method",
                                     rd_gateway_method_to_string (result.method));
      if (result.echo_method != RD_GATEWAY_METHOD_NONE)
        {
          json_object_set_string_member (evidence, "gateway_echo_method",
                                         rd_gateway_method_to_string (result.echo_method));
          json_object_set_int_member (evidence, "gateway_echo_sent", result.n_sent);
        }
      if (result.rtt_us >= 0)
        json_object_set_int_member (evidence, "gateway_rtt_us", result.rtt_us);
      if (!result.answered && result.error != 0)
        json_object_set_string_member (evidence, "gateway_error", g_strerror (result.error));
    }

  if (summary.n_up == 0 || (ipv4->len == 0 && ipv6->len == 0))
    rd_finding_set_result (finding, RD_STATUS_FAIL,
                           _("This computer is not connected to any network."));
  else if (probed && !result.answered)
    rd_finding_set_result (finding, RD_STATUS_WARN, _("Your router does not answer."));
  else if (probed)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("This computer is connected; your router answers."));
  else
    rd_finding_set_result (finding, RD_STATUS_PASS, _("This computer is connected to a network."));

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
