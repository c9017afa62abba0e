/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-profile-private.h"
#include "rd-rdp-file.h"

/*
 * What each format gets for a workaround (sources in the test file):
 *
 * .rdp (mstsc, Windows App): "full address:s:HOST[:PORT]", IPv6 in
 *   brackets; "server port:i:" and "alternate full address:s:" only updated
 *   when the file already has them (mstsc prefers the latter for the
 *   connection). TLS instead of NLA: "enablecredsspsupport:i:0" and
 *   "authentication level:i:2" (2: warn when the server cannot be
 *   authenticated, and let the person decide; 0 would connect without a
 *   word, 1 would refuse). No .rdp setting turns UDP off, so TCP only is not
 *   written: it is the client policy fClientDisableUDP.
 * Remmina: [remmina] protocol=RDP, server=HOST[:PORT] ([v6]:port for IPv6),
 *   security= "" (negotiate) | nla | tls | rdp | ext, multitransport=0|1
 *   (UDP, off unless set), tls-seclevel= "" (FreeRDP's default) | 0..5
 *   (the "TLS Security Level" of the Advanced tab; Remmina's RDP plugin
 *   hands it to FreeRDP as TlsSecLevel).
 * xfreerdp (FreeRDP 2.x): /v:HOST[:PORT], /sec:tls, -multitransport,
 *   /tls-seclevel:0 ("TLS security level - defaults to 1").
 * Old encryption (security level 0) has no .rdp line: Microsoft's apps use
 *   Windows' own TLS settings.
 */

#define RDP_DEFAULT_PORT 3389
#define REMMINA_GROUP "remmina"

G_DEFINE_QUARK (rd-profile-error-quark, rd_profile_error)

/* Where to connect: the host or the address instead, and the port. */
typedef struct
{
  char     *host;
  gboolean  ipv6;
  guint16   port;
} Endpoint;

static void
endpoint_clear (Endpoint *endpoint)
{
  g_clear_pointer (&endpoint->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Endpoint, endpoint_clear)

static gboolean
endpoint_init (Endpoint                *endpoint,
               const RdProfileSettings *settings,
               GError                 **error)
{
  const RdTarget *target = settings->target;

  endpoint->port = settings->port != 0 ? settings->port : rd_target_get_port (target);

  if (settings->workarounds & RD_WORKAROUND_USE_ADDRESS)
    {
      g_autoptr(GInetAddress) address = NULL;

      if (settings->address == NULL || settings->address[0] == '\0')
        {
          g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NO_ADDRESS,
                       _("No IP address is known for “%s”, so the connection cannot use one."),
                       rd_target_get_display_host (target));
          return FALSE;
        }

      address = g_inet_address_new_from_string (settings->address);
      if (address == NULL)
        {
          g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_NO_ADDRESS,
                       _("“%s” is not an IP address."), settings->address);
          return FALSE;
        }

      endpoint->host = g_inet_address_to_string (address);
      endpoint->ipv6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
      return TRUE;
    }

  endpoint->host = g_strdup (rd_target_get_host (target));
  endpoint->ipv6 = rd_target_get_kind (target) == RD_TARGET_KIND_IPV6;
  return TRUE;
}

/* "host", "host:port", "[v6]" or "[v6]:port"; the port only when it is not
 * the default, as the clients write it themselves. */
static char *
endpoint_to_string (const Endpoint *endpoint)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (endpoint->ipv6)
    g_string_append_printf (out, "[%s]", endpoint->host);
  else
    g_string_append (out, endpoint->host);

  if (endpoint->port != RDP_DEFAULT_PORT)
    g_string_append_printf (out, ":%u", (guint) endpoint->port);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Whether the address @value (as a profile writes it) already names the
 * endpoint; @implied_port when it names no port. Rewriting a line that
 * says the same in other words would change the file for nothing. */
static gboolean
address_matches (const char     *value,
                 const Endpoint *endpoint,
                 guint16         implied_port)
{
  g_autoptr(RdTarget) parsed = value != NULL ? rd_target_parse (value, NULL) : NULL;
  guint16 port;

  if (parsed == NULL)
    return FALSE;
  port = rd_target_get_port_explicit (parsed) ? rd_target_get_port (parsed) : implied_port;
  return port == endpoint->port && g_ascii_strcasecmp (rd_target_get_host (parsed), endpoint->host) == 0;
}

/* Refuses what mstsc could not read either; the edit itself is done line by
 * line on the bytes. */
static gboolean
check_rdp_file (GBytes  *existing,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RdRdpFile) file = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (existing, &length);

  file = rd_rdp_file_parse (data, length, &local_error);
  if (file == NULL)
    {
      g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID,
                   _("The existing file is not a Remote Desktop connection file that can be updated (%s)."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Loads the Remmina profile to update into @key_file, comments included. */
static gboolean
load_remmina_profile (GKeyFile  *key_file,
                      GBytes    *existing,
                      GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *protocol = NULL;
  gsize size = 0;
  const char *bytes = g_bytes_get_data (existing, &size);

  if (!g_key_file_load_from_data (key_file, size > 0 ? bytes : "", size,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID,
                   _("The existing file is not a Remmina profile that can be updated (%s)."),
                   local_error->message);
      return FALSE;
    }

  /* Turning a VNC or SSH profile into an RDP one would lose it. */
  protocol = g_key_file_get_string (key_file, REMMINA_GROUP, "protocol", NULL);
  if (protocol != NULL && protocol[0] != '\0' && g_ascii_strcasecmp (protocol, "RDP") != 0)
    {
      g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_EXISTING_INVALID,
                   _("The existing Remmina profile is for %s, not for Remote Desktop (RDP)."),
                   protocol);
      return FALSE;
    }
  return TRUE;
}

/**
 * rd_profile_build_rdp:
 * @settings: what to connect to and which workarounds to apply
 * @existing: (nullable): the bytes of a .rdp file to update
 * @error: return location for an #RdProfileError
 *
 * Builds a Microsoft .rdp file. A new file is UTF-16LE with a byte order mark
 * and CR LF line ends, as Windows writes it; in an updated one only the
 * lines the workarounds need change, every other byte stays (encoding,
 * byte order mark, line ends, blank lines, order).
 *
 * Returns: (transfer full): the bytes of the file, or %NULL with @error set
 */
GBytes *
rd_profile_build_rdp (const RdProfileSettings  *settings,
                      GBytes                   *existing,
                      GError                  **error)
{
  g_auto(Endpoint) endpoint = { 0 };
  g_autoptr(RdProfileText) text = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autofree char *address = NULL;
  g_autofree char *port = NULL;
  g_autofree char *server_port = NULL;
  g_autofree char *full = NULL;
  g_autofree char *alternate = NULL;
  guint64 implied_port = RDP_DEFAULT_PORT;

  g_return_val_if_fail (settings != NULL && settings->target != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!endpoint_init (&endpoint, settings, error))
    return NULL;
  if (existing != NULL && !check_rdp_file (existing, error))
    return NULL;
  /* A new file: just the byte order mark of UTF-16LE. */
  if (existing == NULL)
    existing = empty = g_bytes_new_static ("\xFF\xFE", 2);
  text = rd_profile_text_new (existing, "\r\n", error);
  if (text == NULL)
    return NULL;

  address = endpoint_to_string (&endpoint);
  port = g_strdup_printf ("%u", (guint) endpoint.port);
  server_port = rd_profile_text_rdp_get (text, "server port");
  if (server_port != NULL)
    g_ascii_string_to_unsigned (server_port, 10, 1, G_MAXUINT16, &implied_port, NULL);

  full = rd_profile_text_rdp_get (text, "full address");
  if (!address_matches (full, &endpoint, implied_port))
    rd_profile_text_rdp_set (text, "full address", 's', address);
  alternate = rd_profile_text_rdp_get (text, "alternate full address");
  if (alternate != NULL && !address_matches (alternate, &endpoint, implied_port))
    rd_profile_text_rdp_set (text, "alternate full address", 's', address);
  if (server_port != NULL)
    rd_profile_text_rdp_set (text, "server port", 'i', port);

  if (settings->workarounds & RD_WORKAROUND_TLS_NOT_NLA)
    {
      rd_profile_text_rdp_set (text, "enablecredsspsupport", 'i', "0");
      rd_profile_text_rdp_set (text, "authentication level", 'i', "2");
    }
  else if ((settings->workarounds & RD_WORKAROUND_NEGOTIATE) &&
           rd_profile_text_rdp_get (text, "enablecredsspsupport") != NULL)
    rd_profile_text_rdp_set (text, "enablecredsspsupport", 'i', "1");

  return rd_profile_text_to_bytes (text);
}

/**
 * rd_profile_build_remmina:
 * @settings: what to connect to and which workarounds to apply
 * @existing: (nullable): the bytes of a .remmina profile to update
 * @error: return location for an #RdProfileError
 *
 * Builds a Remmina profile. In an existing one only the [remmina] keys the
 * workarounds need change, every other byte stays (comments, unknown keys,
 * other groups, order, line ends).
 *
 * Returns: (transfer full): the bytes of the profile, or %NULL with @error set
 */
GBytes *
rd_profile_build_remmina (const RdProfileSettings  *settings,
                          GBytes                   *existing,
                          GError                  **error)
{
  g_auto(Endpoint) endpoint = { 0 };
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(RdProfileText) text = NULL;
  g_autofree char *server = NULL;
  g_autofree char *old_server = NULL;
  g_autofree char *protocol = NULL;

  g_return_val_if_fail (settings != NULL && settings->target != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!endpoint_init (&endpoint, settings, error))
    return NULL;
  if (existing != NULL && !load_remmina_profile (key_file, existing, error))
    return NULL;
  text = rd_profile_text_new (existing, "\n", error);
  if (text == NULL)
    return NULL;

  /* A profile of the person's own keeps its name; its protocol is RDP. */
  if (existing == NULL)
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "name", rd_target_get_display_host (settings->target));
  protocol = g_key_file_get_string (key_file, REMMINA_GROUP, "protocol", NULL);
  if (protocol == NULL || protocol[0] == '\0')
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "protocol", "RDP");

  server = endpoint_to_string (&endpoint);
  old_server = g_key_file_get_string (key_file, REMMINA_GROUP, "server", NULL);
  if (!address_matches (old_server, &endpoint, RDP_DEFAULT_PORT))
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "server", server);

  if (settings->workarounds & RD_WORKAROUND_TLS_NOT_NLA)
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "security", "tls");
  else if (existing == NULL || (settings->workarounds & RD_WORKAROUND_NEGOTIATE))
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "security", "");

  if (settings->workarounds & RD_WORKAROUND_TCP_ONLY)
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "multitransport", "0");

  if (settings->workarounds & RD_WORKAROUND_TLS_LEGACY)
    rd_profile_text_keyfile_set (text, REMMINA_GROUP, "tls-seclevel", "0");

  return rd_profile_text_to_bytes (text);
}

/* Quotes an argument for a POSIX shell only when it needs it, so the usual
 * command stays readable. Brackets are glob characters there. */
static char *
shell_argument (const char *argument)
{
  for (const char *p = argument; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("/:._-+=,@%", *p) == NULL)
        return g_shell_quote (argument);
    }

  return g_strdup (argument);
}

/**
 * rd_profile_build_xfreerdp_command:
 * @settings: what to connect to and which workarounds to apply; with
 *   %RD_WORKAROUND_USE_ADDRESS, @settings->address must be an IP address
 *
 * Builds an xfreerdp (FreeRDP 2) command line for a POSIX shell. It never
 * names a user or a password: xfreerdp asks for them.
 *
 * Returns: (transfer full): the command line
 */
char *
rd_profile_build_xfreerdp_command (const RdProfileSettings *settings)
{
  g_auto(Endpoint) endpoint = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) command = g_string_new ("xfreerdp");
  g_autofree char *where = NULL;
  g_autofree char *option = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (settings != NULL && settings->target != NULL, NULL);

  if (!endpoint_init (&endpoint, settings, &error))
    {
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return NULL;
    }

  where = endpoint_to_string (&endpoint);
  option = g_strconcat ("/v:", where, NULL);
  quoted = shell_argument (option);
  g_string_append_printf (command, " %s", quoted);

  if (settings->workarounds & RD_WORKAROUND_TLS_NOT_NLA)
    g_string_append (command, " /sec:tls");

  /* FreeRDP 2 has no UDP unless +multitransport; FreeRDP 3 turns it on by
   * default. Saying it explicitly does the right thing in both. */
  if (settings->workarounds & RD_WORKAROUND_TCP_ONLY)
    g_string_append (command, " -multitransport");

  if (settings->workarounds & RD_WORKAROUND_TLS_LEGACY)
    g_string_append (command, " /tls-seclevel:0");

  return g_string_free (g_steal_pointer (&command), FALSE);
}

/**
 * rd_profile_format_for_path:
 * @path: a file name
 *
 * Returns: the profile format its extension names (compared without regard
 *   to ASCII case), or %RD_PROFILE_FORMAT_UNKNOWN
 */
RdProfileFormat
rd_profile_format_for_path (const char *path)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, RD_PROFILE_FORMAT_UNKNOWN);

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return RD_PROFILE_FORMAT_UNKNOWN;

  if (g_ascii_strcasecmp (dot, ".rdp") == 0)
    return RD_PROFILE_FORMAT_RDP;
  if (g_ascii_strcasecmp (dot, ".remmina") == 0)
    return RD_PROFILE_FORMAT_REMMINA;

  return RD_PROFILE_FORMAT_UNKNOWN;
}

/**
 * rd_profile_save:
 * @settings: what to connect to and which workarounds to apply
 * @path: a file name ending in .rdp or .remmina
 * @backup_path: (out) (optional) (nullable): see rd_profile_write_file()
 * @error: return location for an #RdProfileError
 *
 * Writes a profile in the format its name asks for, updating the file when
 * it exists (see rd_profile_write_file() for how it is replaced).
 *
 * Returns: %TRUE on success
 */
gboolean
rd_profile_save (const RdProfileSettings  *settings,
                 const char               *path,
                 char                    **backup_path,
                 GError                  **error)
{
  g_autoptr(GBytes) existing = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  RdProfileFormat format;

  g_return_val_if_fail (settings != NULL && settings->target != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (backup_path != NULL)
    *backup_path = NULL;

  format = rd_profile_format_for_path (path);
  if (format == RD_PROFILE_FORMAT_UNKNOWN)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, RD_PROFILE_ERROR, RD_PROFILE_ERROR_UNKNOWN_FORMAT,
                   _("Cannot tell which kind of connection file “%s” should be. Use a name ending in .rdp "
                     "(Microsoft Remote Desktop) or .remmina (Remmina)."), display);
      return FALSE;
    }

  existing = rd_profile_read_existing (path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (format == RD_PROFILE_FORMAT_RDP)
    contents = rd_profile_build_rdp (settings, existing, error);
  else
    contents = rd_profile_build_remmina (settings, existing, error);

  if (contents == NULL)
    return FALSE;

  return rd_profile_write_file (path, contents, backup_path, error);
}
