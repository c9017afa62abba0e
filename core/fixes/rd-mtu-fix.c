/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#ifdef HAVE_LIBNM
/* Debian 12 ships 1.42; nothing here needs more than 1.26, and using newer
 * API is a compile-time warning. */
#define NM_VERSION_MIN_REQUIRED NM_VERSION_1_26
#define NM_VERSION_MAX_ALLOWED  NM_VERSION_1_26
#include <NetworkManager.h>
#endif

#include "rd-mtu-fix-private.h"

#define IFNAME_MAX 15   /* IFNAMSIZ - 1 */

gboolean
rd_mtu_fix_check_interface (const char  *interface,
                            GError     **error)
{
  gboolean plain = interface != NULL && interface[0] != '\0' && interface[0] != '-'
                   && strlen (interface) <= IFNAME_MAX
                   && g_strcmp0 (interface, ".") != 0 && g_strcmp0 (interface, "..") != 0;

  for (const char *p = interface; plain && *p != '\0'; p++)
    {
      /* The kernel refuses '/', ':' and spaces; the rest of the rules keep
       * names that would not read as a name out of the commands. */
      if (*p <= ' ' || *p > '~' || *p == '/' || *p == ':')
        plain = FALSE;
    }

  if (!plain)
    {
      g_autofree char *shown = g_strescape (interface != NULL ? interface : "", NULL);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a network interface name: a name has 1 to 15 letters, digits or signs, "
                     "without “/”, “:” or spaces."),
                   shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_mtu (guint    mtu,
           GError **error)
{
  if (mtu < RD_MTU_MIN || mtu > RD_MTU_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("An MTU of %u bytes is not possible: it must be between %u and %u."),
                   mtu, (guint) RD_MTU_MIN, (guint) RD_MTU_MAX);
      return FALSE;
    }
  return TRUE;
}

RdMtuLinkKind
rd_mtu_fix_guess_kind_from_name (const char *interface)
{
  static const struct
  {
    const char    *prefix;
    RdMtuLinkKind  kind;
  } prefixes[] = {
    { "wl", RD_MTU_LINK_WIFI },        /* wlan0, wlp2s0 */
    { "wg", RD_MTU_LINK_WIREGUARD },
    { "tun", RD_MTU_LINK_TUN },
    { "tap", RD_MTU_LINK_TUN },
    { "vpn", RD_MTU_LINK_TUN },
    { "cscotun", RD_MTU_LINK_TUN },    /* Cisco AnyConnect */
    { "gpd", RD_MTU_LINK_TUN },        /* GlobalProtect */
    { "ppp", RD_MTU_LINK_OTHER },
  };

  if (interface == NULL)
    return RD_MTU_LINK_ETHERNET;
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_str_has_prefix (interface, prefixes[i].prefix))
        return prefixes[i].kind;
    }
  return RD_MTU_LINK_ETHERNET;
}

RdMtuLinkKind
rd_mtu_fix_guess_kind (const char *interface)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uevent = NULL;
  g_autofree char *type = NULL;

  /* Only a plain name goes into a path: no "..", no '/'. */
  if (!rd_mtu_fix_check_interface (interface, NULL))
    return rd_mtu_fix_guess_kind_from_name (interface);

  dir = g_build_filename ("/sys/class/net", interface, NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return rd_mtu_fix_guess_kind_from_name (interface);

  path = g_build_filename (dir, "uevent", NULL);
  if (g_file_get_contents (path, &uevent, NULL, NULL))
    {
      if (strstr (uevent, "DEVTYPE=wlan\n") != NULL)
        return RD_MTU_LINK_WIFI;
      if (strstr (uevent, "DEVTYPE=wireguard\n") != NULL)
        return RD_MTU_LINK_WIREGUARD;
    }
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "wireless", NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return RD_MTU_LINK_WIFI;
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "tun_flags", NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return RD_MTU_LINK_TUN;

  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "type", NULL);
  if (g_file_get_contents (path, &type, NULL, NULL))
    {
      /* ARPHRD_PPP and ARPHRD_LOOPBACK: no NetworkManager setting to show. */
      g_strstrip (type);
      if (g_strcmp0 (type, "512") == 0 || g_strcmp0 (type, "772") == 0)
        return RD_MTU_LINK_OTHER;
    }
  return RD_MTU_LINK_ETHERNET;
}

/* The name as it goes into a command line: as it is when that is safe,
 * quoted otherwise. */
static char *
quote_interface (const char *interface)
{
  for (const char *p = interface; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
        return g_shell_quote (interface);
    }
  return g_strdup (interface);
}

static void
append_comment (GString    *out,
                const char *text)
{
  g_string_append_printf (out, "# %s\n", text);
}

static void
append_ip_line (GString    *out,
                const char *quoted,
                guint       mtu)
{
  g_string_append_printf (out, "sudo ip link set dev %s mtu %u\n", quoted, mtu);
}

static void
append_nm_lines (GString       *out,
                 const char    *quoted,
                 RdMtuLinkKind  kind,
                 guint          mtu)
{
  g_autofree char *profile = NULL;
  const char *key;

  switch (kind)
    {
    case RD_MTU_LINK_WIFI:
      key = "802-11-wireless.mtu";
      break;
    case RD_MTU_LINK_WIREGUARD:
      key = "wireguard.mtu";
      break;
    case RD_MTU_LINK_ETHERNET:
    case RD_MTU_LINK_TUN:
      /* NetworkManager's tun devices take their MTU from the ethernet setting. */
      key = "802-3-ethernet.mtu";
      break;
    case RD_MTU_LINK_OTHER:
    default:
      return;
    }

  /* The profile by its UUID: "nmcli -g" escapes ':' and '\' in names. */
  profile = g_strdup_printf ("\"$(nmcli -g GENERAL.CON-UUID device show %s)\"", quoted);
  g_string_append_printf (out, "nmcli connection modify %s %s %u\n", profile, key, mtu);
  /* NetworkManager reapplies an ethernet or Wi-Fi MTU in place, but not a
   * WireGuard one: that takes a reconnection. */
  if (kind == RD_MTU_LINK_WIREGUARD)
    g_string_append_printf (out, "nmcli connection up %s\n", profile);
  else
    g_string_append_printf (out, "nmcli device reapply %s\n", quoted);
}

char *
rd_mtu_fix_commands_for_kind (const char     *interface,
                              RdMtuLinkKind   kind,
                              guint           mtu,
                              guint           old_mtu,
                              GError        **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *quoted = NULL;

  if (!rd_mtu_fix_check_interface (interface, error) || !check_mtu (mtu, error) || !check_mtu (old_mtu, error))
    return NULL;

  quoted = quote_interface (interface);
  out = g_string_new (NULL);

  append_comment (out, _("Lower the MTU now, until the next restart:"));
  append_ip_line (out, quoted, mtu);

  switch (kind)
    {
    case RD_MTU_LINK_TUN:
      append_comment (out, _("To keep it, if NetworkManager made this interface (if a VPN app made it, lower the MTU in "
                             "that app's settings instead):"));
      break;
    case RD_MTU_LINK_OTHER:
      append_comment (out, _("To keep it, lower the MTU in the settings of the connection that made this interface."));
      break;
    case RD_MTU_LINK_ETHERNET:
    case RD_MTU_LINK_WIFI:
    case RD_MTU_LINK_WIREGUARD:
    default:
      append_comment (out, _("To keep it, with NetworkManager:"));
      break;
    }
  append_nm_lines (out, quoted, kind, mtu);

  append_comment (out, _("To undo:"));
  append_ip_line (out, quoted, old_mtu);
  append_nm_lines (out, quoted, kind, old_mtu);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
rd_mtu_fix_commands (const char  *interface,
                     guint        mtu,
                     guint        old_mtu,
                     GError     **error)
{
  if (!rd_mtu_fix_check_interface (interface, error))
    return NULL;
  return rd_mtu_fix_commands_for_kind (interface, rd_mtu_fix_guess_kind (interface), mtu, old_mtu, error);
}

/* Applying through NetworkManager */

#define NM_BUS_NAME       "org.freedesktop.NetworkManager"
#define PROBE_TIMEOUT_MS  2000   /* the system bus, and whether NetworkManager is on it */
#define CLIENT_TIMEOUT_MS 5000   /* libnm fetching NetworkManager's objects */
#define CHANGE_TIMEOUT_MS 120000 /* saving and applying, a polkit dialog included */

typedef struct
{
  char               *interface;
  guint               mtu;
  guint               old_mtu;
  /* Ours: cancelled by the caller's and by the deadline of each step. */
  GCancellable       *cancellable;
  GCancellable       *caller_cancellable;
  gulong              cancelled_id;
  GSource            *deadline;
  gboolean            timed_out;
#ifdef HAVE_LIBNM
  GDBusConnection    *bus;
  NMClient           *client;
  NMDevice           *device;
  NMRemoteConnection *remote;
  gboolean            reconnect;
#endif
} ApplyData;

static void
clear_deadline (ApplyData *data)
{
  if (data->deadline != NULL)
    {
      g_source_destroy (data->deadline);
      g_clear_pointer (&data->deadline, g_source_unref);
    }
}

static void
apply_data_free (ApplyData *data)
{
  clear_deadline (data);
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
#ifdef HAVE_LIBNM
  g_clear_object (&data->remote);
  g_clear_object (&data->device);
  g_clear_object (&data->client);
  g_clear_object (&data->bus);
#endif
  g_free (data->interface);
  g_free (data);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static const char *
run_commands_instead (void)
{
  return _("Run the commands shown instead.");
}

static void
return_not_supported (GTask      *task,
                      const char *why)
{
  clear_deadline (g_task_get_task_data (task));
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "%s %s", why, run_commands_instead ());
}

#ifdef HAVE_LIBNM

static gboolean
deadline_cb (gpointer user_data)
{
  ApplyData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);
  g_clear_pointer (&data->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Bounds the wait of the next step: past @timeout_ms it is cancelled. */
static void
set_deadline (GTask *task,
              guint  timeout_ms)
{
  ApplyData *data = g_task_get_task_data (task);

  clear_deadline (data);
  data->deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (data->deadline, deadline_cb, data, NULL);
  g_source_set_static_name (data->deadline, "[rd-mtu-fix] deadline");
  g_source_attach (data->deadline, g_task_get_context (task));
}

static gboolean
is_permission_denied (const GError *error)
{
  return g_error_matches (error, NM_SETTINGS_ERROR, NM_SETTINGS_ERROR_PERMISSION_DENIED)
         || g_error_matches (error, NM_MANAGER_ERROR, NM_MANAGER_ERROR_PERMISSION_DENIED)
         || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED);
}

/* A failure while finding NetworkManager: the app cannot do it, so the
 * person runs the commands. */
static void
return_probe_error (GTask  *task,
                    GError *error)
{
  ApplyData *data = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !data->timed_out)
    {
      clear_deadline (data);
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  g_debug ("rd-mtu-fix: NetworkManager not reached: %s", error->message);
  if (data->timed_out)
    return_not_supported (task, _("NetworkManager did not answer, so the app cannot change the MTU itself."));
  else
    return_not_supported (task, _("NetworkManager is not running on this computer, so the app cannot change the MTU itself."));
}

/* A failure while changing the profile. */
static void
return_change_error (GTask  *task,
                     GError *error)
{
  ApplyData *data = g_task_get_task_data (task);

  clear_deadline (data);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (data->timed_out)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 _("NetworkManager did not finish changing the MTU in time."));
      else
        g_task_return_error (task, g_error_copy (error));
    }
  else if (is_permission_denied (error))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("The MTU was not changed: permission to change the network settings was not given."));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("NetworkManager could not change the MTU: %s"), error->message);
}

static void
return_success (GTask *task)
{
  clear_deadline (g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

static void
reapplied_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!nm_device_reapply_finish (NM_DEVICE (source), result, &error))
    return_change_error (task, error);
  else
    return_success (task);
}

static void
reactivated_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(NMActiveConnection) active = NULL;

  active = nm_client_activate_connection_finish (NM_CLIENT (source), result, &error);
  if (active == NULL)
    return_change_error (task, error);
  else
    return_success (task);
}

static void
committed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!nm_remote_connection_commit_changes_finish (NM_REMOTE_CONNECTION (source), result, &error))
    {
      return_change_error (task, error);
      return;
    }

  if (data->reconnect)
    nm_client_activate_connection_async (data->client, NM_CONNECTION (data->remote), data->device, NULL,
                                         data->cancellable, reactivated_cb, g_steal_pointer (&task));
  else
    nm_device_reapply_async (data->device, NULL, 0, 0, data->cancellable, reapplied_cb, g_steal_pointer (&task));
}

/* The setting of @connection that holds the MTU, and its property. */
static NMSetting *
find_mtu_setting (NMConnection  *connection,
                  const char   **property,
                  gboolean      *reconnect)
{
  const char *type = nm_connection_get_connection_type (connection);
  NMSetting *setting = NULL;

  *reconnect = FALSE;
  if (g_strcmp0 (type, NM_SETTING_WIRED_SETTING_NAME) == 0 || g_strcmp0 (type, NM_SETTING_TUN_SETTING_NAME) == 0)
    {
      /* A tun profile may have no ethernet setting yet; NetworkManager
       * reads a tun device's MTU from there. */
      setting = NM_SETTING (nm_connection_get_setting_wired (connection));
      if (setting == NULL)
        {
          setting = nm_setting_wired_new ();
          nm_connection_add_setting (connection, setting);
        }
      *property = NM_SETTING_WIRED_MTU;
    }
  else if (g_strcmp0 (type, NM_SETTING_WIRELESS_SETTING_NAME) == 0)
    {
      setting = NM_SETTING (nm_connection_get_setting_wireless (connection));
      *property = NM_SETTING_WIRELESS_MTU;
    }
  else if (g_strcmp0 (type, NM_SETTING_WIREGUARD_SETTING_NAME) == 0)
    {
      setting = nm_connection_get_setting (connection, NM_TYPE_SETTING_WIREGUARD);
      *property = NM_SETTING_WIREGUARD_MTU;
      *reconnect = TRUE;
    }
  return setting;
}

static void
change_profile (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  NMDevice *device;
  NMActiveConnection *active;
  NMRemoteConnection *remote;
  NMSetting *setting;
  const char *property = NULL;
  g_autofree char *why = NULL;

  device = nm_client_get_device_by_iface (data->client, data->interface);
  if (device == NULL || !nm_device_get_managed (device))
    {
      why = g_strdup_printf (_("NetworkManager does not manage “%s”, so the app cannot change its MTU."),
                             data->interface);
      return_not_supported (task, why);
      return;
    }
  active = nm_device_get_active_connection (device);
  remote = active != NULL ? nm_active_connection_get_connection (active) : NULL;
  if (remote == NULL)
    {
      why = g_strdup_printf (_("“%s” has no active NetworkManager connection to change."), data->interface);
      return_not_supported (task, why);
      return;
    }
  if ((nm_remote_connection_get_flags (remote) & NM_SETTINGS_CONNECTION_FLAG_EXTERNAL) != 0)
    {
      why = g_strdup_printf (_("“%s” was set up outside NetworkManager (for example by a VPN app); "
                               "lower the MTU in that app's settings."), data->interface);
      return_not_supported (task, why);
      return;
    }
  setting = find_mtu_setting (NM_CONNECTION (remote), &property, &data->reconnect);
  if (setting == NULL)
    {
      why = g_strdup_printf (_("The app cannot change the MTU of a “%s” connection."),
                             nm_connection_get_connection_type (NM_CONNECTION (remote)));
      return_not_supported (task, why);
      return;
    }

  /* The MTU the interface has now, which the undo puts back; the profile's
   * own value when NetworkManager does not say. */
  data->old_mtu = nm_device_get_mtu (device);
  if (data->old_mtu == 0)
    g_object_get (setting, property, &data->old_mtu, NULL);

  data->device = g_object_ref (device);
  data->remote = g_object_ref (remote);
  g_object_set (setting, property, data->mtu, NULL);
  nm_remote_connection_commit_changes_async (remote, TRUE, data->cancellable, committed_cb, g_object_ref (task));
}

static void
client_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GObject *client;

  client = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, &error);
  if (client == NULL)
    {
      return_probe_error (task, error);
      return;
    }
  data->client = NM_CLIENT (client);
  if (!nm_client_get_nm_running (data->client))
    {
      return_not_supported (task, _("NetworkManager is not running on this computer, so the app cannot change "
                                    "the MTU itself."));
      return;
    }

  set_deadline (task, CHANGE_TIMEOUT_MS);
  change_profile (task);
}

static void
name_owner_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_probe_error (task, error);
      return;
    }
  g_variant_get (reply, "(b)", &has_owner);
  if (!has_owner)
    {
      return_not_supported (task, _("NetworkManager is not running on this computer, so the app cannot change "
                                    "the MTU itself."));
      return;
    }

  set_deadline (task, CLIENT_TIMEOUT_MS);
  g_async_initable_new_async (NM_TYPE_CLIENT, G_PRIORITY_DEFAULT, data->cancellable,
                              client_ready_cb, g_steal_pointer (&task),
                              NM_CLIENT_DBUS_CONNECTION, data->bus,
                              NM_CLIENT_INSTANCE_FLAGS, (guint) NM_CLIENT_INSTANCE_FLAGS_NO_AUTO_FETCH_PERMISSIONS,
                              NULL);
}

static void
bus_ready_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->bus = g_dbus_connection_new_for_address_finish (result, &error);
  if (data->bus == NULL)
    {
      return_probe_error (task, error);
      return;
    }

  /* Asking the bus, without starting NetworkManager by activation. */
  g_dbus_connection_call (data->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameHasOwner", g_variant_new ("(s)", NM_BUS_NAME), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, PROBE_TIMEOUT_MS, data->cancellable,
                          name_owner_cb, g_steal_pointer (&task));
}

static void
apply_start (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, data->cancellable, &error);
  if (address == NULL)
    {
      return_probe_error (task, error);
      return;
    }

  set_deadline (task, PROBE_TIMEOUT_MS);
  /* A connection of our own: the shared system bus connection ends the
   * process when the bus goes away. */
  g_dbus_connection_new_for_address (address,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                     | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, data->cancellable, bus_ready_cb, g_object_ref (task));
}

#endif /* HAVE_LIBNM */

void
rd_mtu_fix_apply_async (const char          *interface,
                        guint                mtu,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ApplyData *data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_mtu_fix_apply_async);

  data = g_new0 (ApplyData, 1);
  data->interface = g_strdup (interface);
  data->mtu = mtu;
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);

  if (!rd_mtu_fix_check_interface (interface, &error) || !check_mtu (mtu, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  g_object_ref (data->cancellable), g_object_unref);
    }

#ifdef HAVE_LIBNM
  apply_start (task);
#else
  return_not_supported (task, _("This copy of the app was built without NetworkManager support, so it cannot "
                                "change the MTU itself."));
#endif
}

gboolean
rd_mtu_fix_apply_finish (GAsyncResult  *result,
                         guint         *old_mtu,
                         GError       **error)
{
  ApplyData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_mtu_fix_apply_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (old_mtu != NULL)
    *old_mtu = data->old_mtu;
  return TRUE;
}

static void
undo_applied_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!rd_mtu_fix_apply_finish (result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
rd_mtu_fix_undo_async (const char          *interface,
                       guint                old_mtu,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, rd_mtu_fix_undo_async);
  rd_mtu_fix_apply_async (interface, old_mtu, cancellable, undo_applied_cb, task);
}

gboolean
rd_mtu_fix_undo_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_mtu_fix_undo_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
