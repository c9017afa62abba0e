/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-finding.h"
#include "rd-remedies.h"

/*
 * What each cause means for a person, and what fixes it on each side. Host
 * commands are the ones an administrator pastes into an elevated PowerShell
 * on the Windows computer; anything that lowers security carries its undo.
 */

typedef struct
{
  RdCause        *cause;
  const RdTarget *target;
  GHashTable     *findings;
  const char     *host;      /* as typed, Unicode */
  guint16         port;
} Describe;

/* The remedies the app can carry out itself, and how. */
static const struct
{
  const char *id;
  const char *action;
} actions[] = {
  { "use-ip-address", "profile" },
  { "use-ipv4-address", "profile" },
  { "client-tls-not-nla", "profile" },
  { "client-tcp-only", "profile" },
  { "client-lower-mtu", "mtu" },
  { "restart-router", "wait-network" },
};

static RdRemedy *
add_remedy (Describe   *d,
            const char *id,
            RdSide      side,
            const char *title)
{
  RdRemedy *remedy = rd_remedy_new (id, side, title);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].id, id))
      remedy->action = g_strdup (actions[i].action);

  g_ptr_array_add (d->cause->remedies, remedy);
  return remedy;
}

static void
set_text (Describe   *d,
          const char *title,
          char       *explanation)
{
  d->cause->title = g_strdup (title);
  d->cause->explanation = explanation;
}

static const char *
first_ipv4 (Describe *d)
{
  RdFinding *dns = g_hash_table_lookup (d->findings, "dns");
  JsonNode *node = dns != NULL ? json_object_get_member (rd_finding_get_evidence (dns), "ipv4") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return NULL;
  return json_array_get_string_element (json_node_get_array (node), 0);
}

static void
remedy_check_port (Describe *d,
                   RdRemedy *remedy)
{
  g_autofree char *test = g_strdup_printf ("Test-NetConnection -ComputerName %s -Port %u",
                                           rd_target_get_host (d->target), d->port);
  rd_remedy_add_command (remedy, "powershell", test);
}

/* The xfreerdp line for this target with one security option. */
static void
add_xfreerdp (Describe   *d,
              RdRemedy   *remedy,
              const char *option)
{
  g_autofree char *where = rd_target_to_string (d->target);
  g_autofree char *line = g_strdup_printf ("xfreerdp /v:%s %s", where, option);

  rd_remedy_add_command (remedy, "sh", line);
}

static void remedy_regenerate_certificate (Describe *d);

static void
remedy_machinekeys (Describe *d)
{
  RdRemedy *r = add_remedy (d, "host-machinekeys", RD_SIDE_HOST, _("Repair access to the machine keys"));

  rd_remedy_add_step (r, _("If a new certificate does not help, the folder that holds its private key may have wrong permissions. Compare them with a working computer:"));
  rd_remedy_add_command (r, "cmd", "icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys");
}
static void remedy_nla_test (Describe *d);

static void
remedy_router (Describe *d)
{
  RdRemedy *r = add_remedy (d, "restart-router", RD_SIDE_NETWORK, _("Restart your router and modem"));

  rd_remedy_add_step (r, _("Switch off your router and modem (or pull the power plug)."));
  rd_remedy_add_step (r, _("Wait 30 seconds, then switch the modem on first and the router after it."));
  rd_remedy_add_step (r, _("Wait until the lights are steady again (about two minutes), then test again."));
}

static void
remedy_vpn (Describe *d)
{
  RdRemedy *r = add_remedy (d, "reconnect-vpn", RD_SIDE_NETWORK, _("Connect (or reconnect) your VPN"));

  rd_remedy_add_step (r, _("If the computer is at your workplace, it can usually only be reached through your organisation's VPN."));
  rd_remedy_add_step (r, _("Disconnect the VPN, connect it again, then test again."));
}

static void
remedy_enable_rdp_host (Describe *d)
{
  RdRemedy *r = add_remedy (d, "host-enable-remote-desktop", RD_SIDE_HOST,
                            _("Turn on Remote Desktop and its firewall rules on the computer"));
  g_autofree char *port_check = NULL;

  rd_remedy_add_step (r, _("On the computer you connect to, open Settings → System → Remote Desktop and switch Remote Desktop on."));
  rd_remedy_add_step (r, _("Make sure the Windows Defender Firewall allows “Remote Desktop” (and “Remote Desktop (WebSocket)” if you use it)."));
  rd_remedy_add_step (r, _("Or run these lines in PowerShell as administrator:"));
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\System\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections -Value 0");
  rd_remedy_add_command (r, "powershell", "Enable-NetFirewallRule -DisplayGroup \"Remote Desktop\"");
  rd_remedy_add_command (r, "powershell", "Start-Service TermService");
  rd_remedy_add_command (r, "powershell",
                         "Get-NetFirewallRule -DisplayGroup \"Remote Desktop\" | Get-NetFirewallPortFilter");
  port_check = g_strdup ("Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name PortNumber");
  rd_remedy_add_command (r, "powershell", port_check);
}

static void
remedy_restart_termservice (Describe *d)
{
  RdRemedy *r = add_remedy (d, "host-restart-termservice", RD_SIDE_HOST,
                            _("Restart the Remote Desktop service on the computer"));

  rd_remedy_add_step (r, _("On the computer you connect to, restart the “Remote Desktop Services” service (services.msc), or restart the computer."));
  rd_remedy_add_step (r, _("The services it needs must be running too: Remote Desktop Configuration, Certificate Propagation, CNG Key Isolation and Cryptographic Services."));
  rd_remedy_add_command (r, "powershell", "Get-Service TermService, SessionEnv, CertPropSvc, KeyIso, CryptSvc");
  rd_remedy_add_command (r, "powershell", "Get-Service SessionEnv, CertPropSvc, KeyIso, CryptSvc | Where-Object Status -ne Running | Start-Service");
  rd_remedy_add_command (r, "powershell", "Restart-Service TermService -Force");
}

static void
describe_dns_resolution_failed (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer's name could not be found"),
            g_strdup_printf (_("Your computer asked the network for the address of “%s”, and no address came back. "
                               "Without an address the connection cannot even start. Usually the name is mistyped, "
                               "it only works inside your organisation's network (VPN), or the name service (DNS) "
                               "of your network has a problem."), d->host));

  r = add_remedy (d, "use-ip-address", RD_SIDE_CLIENT, _("Connect with the computer's IP address instead of its name"));
  rd_remedy_add_step (r, _("Ask the computer's owner or your administrator for its IP address (it looks like 192.0.2.15)."));
  rd_remedy_add_step (r, _("Type that address instead of the name in your Remote Desktop app."));

  r = add_remedy (d, "check-name", RD_SIDE_CLIENT, _("Check the name"));
  rd_remedy_add_step (r, _("Compare the name letter by letter with the one you were given."));
  {
    g_autofree char *lookup = g_strdup_printf ("Resolve-DnsName %s", rd_target_get_host (d->target));
    rd_remedy_add_command (r, "powershell", lookup);
  }
  rd_remedy_add_command (r, "cmd", "ipconfig /flushdns");

  remedy_vpn (d);
  remedy_router (d);
}

static void
describe_ipv6_path_broken (Describe *d)
{
  const char *ipv4 = first_ipv4 (d);
  RdRemedy *r;

  set_text (d, _("The computer cannot be reached over IPv6"),
            g_strdup_printf (_("“%s” has both a new-style (IPv6) and an old-style (IPv4) address. The IPv4 address works, "
                               "but the IPv6 one does not. Remote Desktop tries IPv6 first, so it may fail or "
                               "take long before it falls back."), d->host));

  r = add_remedy (d, "use-ipv4-address", RD_SIDE_CLIENT, _("Connect with the IPv4 address"));
  if (ipv4 != NULL)
    {
      g_autofree char *step = g_strdup_printf (_("Type %s instead of the name in your Remote Desktop app."), ipv4);
      rd_remedy_add_step (r, step);
    }
  else
    rd_remedy_add_step (r, _("Type the computer's IPv4 address instead of the name in your Remote Desktop app."));

  r = add_remedy (d, "check-ipv6-route", RD_SIDE_NETWORK, _("Have the IPv6 route checked"));
  rd_remedy_add_step (r, _("Your network administrator should check the IPv6 route and firewall to the computer, or remove its IPv6 address from DNS."));
}

static void
describe_host_unreachable (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer cannot be reached"),
            g_strdup_printf (_("The network reported that there is no way to “%s”. The computer may be switched off "
                               "or asleep, on a network you are not connected to, or the address may be wrong."),
                             d->host));

  r = add_remedy (d, "check-host-on", RD_SIDE_HOST, _("Make sure the computer is on and connected"));
  rd_remedy_add_step (r, _("Check that the computer you connect to is switched on, awake and connected to its network."));
  rd_remedy_add_step (r, _("Set it never to sleep while you need to reach it (Settings → System → Power)."));
  remedy_check_port (d, r);

  remedy_vpn (d);
  remedy_router (d);
}

static void
describe_port_filtered (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("Something silently blocks the Remote Desktop port"),
            g_strdup_printf (_("Nothing answered on port %u of “%s”: the connection attempts simply vanished. "
                               "That is what a firewall does when it drops traffic, on the computer itself or "
                               "on a router or VPN on the way."), d->port, d->host));

  remedy_enable_rdp_host (d);

  r = add_remedy (d, "network-firewall", RD_SIDE_NETWORK, _("Check firewalls on the way"));
  rd_remedy_add_step (r, _("If the computer is behind a router, the router must forward the Remote Desktop port to it."));
  rd_remedy_add_step (r, _("Company firewalls and VPNs must allow the Remote Desktop port (TCP 3389 unless changed)."));
  remedy_check_port (d, r);
  remedy_vpn (d);
}

static void
describe_port_refused (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("Remote Desktop is not switched on at the computer"),
            g_strdup_printf (_("“%s” answered, but refused the connection on port %u. The computer is there, "
                               "but nothing accepts Remote Desktop connections on that port: Remote Desktop is "
                               "switched off, its service is stopped, it uses another port, or a firewall "
                               "rejects the connection."), d->host, d->port));

  remedy_enable_rdp_host (d);

  r = add_remedy (d, "check-port", RD_SIDE_CLIENT, _("Check the port number"));
  rd_remedy_add_step (r, _("If you were given an address with a colon and a number (like name:3390), use exactly that."));
}

static void
describe_listener_drops (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer accepts the connection and drops it at once"),
            g_strdup_printf (_("“%s” accepted the connection and closed it straight away, before any Remote Desktop "
                               "message. This is the classic “0x904, extended 0x7” picture: the Remote Desktop service "
                               "refuses new connections, often because it is overloaded with pending connections "
                               "or cannot use its certificate."), d->host));

  remedy_restart_termservice (d);

  r = add_remedy (d, "host-max-outstanding", RD_SIDE_HOST,
                  _("Let the service accept more pending connections"));
  rd_remedy_add_step (r, _("When many connection attempts arrive at once (scanners, many users), Windows drops new ones. Raise the limit, then restart the service."));
  rd_remedy_add_command (r, "cmd",
                         "REG ADD \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\" /v MaxOutstandingConnections /t REG_DWORD /d 65536 /f");
  rd_remedy_add_command (r, "undo",
                         "REG DELETE \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\" /v MaxOutstandingConnections /f");
}

static void
describe_not_rdp (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("Something other than Remote Desktop answers on this port"),
            g_strdup_printf (_("Port %u of “%s” answered, but not in the Remote Desktop language. Another program "
                               "(for example a web server), a gateway or a security device is on that port."),
                             d->port, d->host));

  r = add_remedy (d, "check-port", RD_SIDE_CLIENT, _("Check the address and port"));
  rd_remedy_add_step (r, _("Make sure you use the computer's address and Remote Desktop port, not a website address."));
  rd_remedy_add_step (r, _("If your organisation uses a Remote Desktop Gateway, set it up in your Remote Desktop app instead of connecting to it directly."));

  r = add_remedy (d, "host-check-listener", RD_SIDE_HOST, _("Check which program uses the port"));
  {
    g_autofree char *owner = g_strdup_printf ("Get-Process -Id (Get-NetTCPConnection -LocalPort %u -State Listen).OwningProcess",
                                              d->port);
    rd_remedy_add_command (r, "powershell", owner);
  }
}

static void
describe_handshake_timeout (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer accepted the connection but never answered"),
            g_strdup_printf (_("The connection to “%s” was opened, but the Remote Desktop service never replied to "
                               "the first message. The service may be hung, or a VPN or firewall on the way lets "
                               "the connection open but holds back the data."), d->host));

  remedy_restart_termservice (d);
  remedy_vpn (d);
  r = add_remedy (d, "check-inspection", RD_SIDE_NETWORK, _("Check security devices on the way"));
  rd_remedy_add_step (r, _("Firewalls that inspect traffic can hold back Remote Desktop data; your network administrator can allow it."));
}

static void
describe_ssl_required (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer requires a secure (TLS) connection"),
            g_strdup (_("The computer only accepts connections protected by TLS, and refused the old Remote Desktop "
                        "security. Your Remote Desktop app must be set to use TLS or to negotiate.")));

  r = add_remedy (d, "client-use-tls", RD_SIDE_CLIENT, _("Let your Remote Desktop app use TLS"));
  rd_remedy_add_step (r, _("In Remmina: edit the connection, Advanced tab, set “Security protocol negotiation” to “Automatic negotiation”."));
  rd_remedy_add_step (r, _("In Microsoft's app, remove “authentication level” and “enablecredsspsupport” lines you added by hand from the .rdp file."));
  add_xfreerdp (d, r, "/sec:tls");
}

static void
describe_ssl_not_allowed (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer only offers old, weak Remote Desktop security"),
            g_strdup (_("The computer is set to the old “RDP Security Layer” and does not offer TLS. Current Remote "
                        "Desktop apps refuse that, and the connection ends with 0x904 / 0x7. The fix is on the "
                        "computer: let it use TLS.")));

  r = add_remedy (d, "host-security-layer-tls", RD_SIDE_HOST, _("Let the computer use TLS"));
  rd_remedy_add_step (r, _("Group Policy: Computer Configuration → Administrative Templates → Windows Components → Remote Desktop Services → Remote Desktop Session Host → Security → “Require use of specific security layer for remote (RDP) connections”: set it to “Negotiate” or “SSL”."));
  rd_remedy_add_step (r, _("Or run these lines in PowerShell as administrator, then restart the computer:"));
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name SecurityLayer -Value 2");
  rd_remedy_add_command (r, "powershell",
                         "Remove-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -Name SecurityLayer -ErrorAction SilentlyContinue");
  rd_remedy_add_command (r, "powershell", "Restart-Service TermService -Force");
}

static void
describe_cert_missing (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer cannot use its Remote Desktop certificate"),
            g_strdup (_("The computer said it has no certificate for a secure connection. When Windows cannot read "
                        "or validate its Remote Desktop certificate, it refuses every connection with 0x904 / 0x7. "
                        "Deleting the certificate makes Windows create a new one.")));

  remedy_regenerate_certificate (d);
  remedy_restart_termservice (d);

  remedy_machinekeys (d);

  r = add_remedy (d, "host-azure-machinekeys", RD_SIDE_HOST, _("On an Azure virtual machine: reset the machine keys folder"));
  rd_remedy_add_step (r, _("In the Azure portal, open the virtual machine → Run command → RunPowerShellScript, run these lines, then restart the machine."));
  rd_remedy_add_command (r, "powershell",
                         "Rename-Item -Path C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys -NewName MachineKeys.old");
  rd_remedy_add_command (r, "powershell", "Restart-Computer -Force");
}

static void
remedy_nla_test (Describe *d)
{
  RdRemedy *r = add_remedy (d, "host-nla-off-test", RD_SIDE_HOST,
                            _("Test once without Network Level Authentication (lowers security)"));

  r->lowers_security = TRUE;
  rd_remedy_add_step (r, _("Warning: this lets anyone reach the Windows sign-in screen before proving who they are. Only as a short test, and undo it right after."));
  rd_remedy_add_step (r, _("Group Policy: … → Remote Desktop Session Host → Security → “Require user authentication for remote connections by using Network Level Authentication”: Disabled."));
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name UserAuthentication -Value 0");
  rd_remedy_add_command (r, "undo",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name UserAuthentication -Value 1");
}

static void
describe_hybrid_required (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer requires Network Level Authentication"),
            g_strdup (_("The computer only accepts connections that sign in first with Network Level Authentication "
                        "(NLA). A Remote Desktop app set to plain TLS, or one without NLA support, is refused.")));

  r = add_remedy (d, "client-enable-nla", RD_SIDE_CLIENT, _("Turn Network Level Authentication on in your app"));
  rd_remedy_add_step (r, _("In Remmina: edit the connection, Advanced tab, set “Security protocol negotiation” to “NLA” or “Automatic negotiation”."));
  rd_remedy_add_step (r, _("In a .rdp file, set “enablecredsspsupport:i:1”."));
  add_xfreerdp (d, r, "/sec:nla");

  remedy_nla_test (d);
}

static void
describe_user_auth_required (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer requires a sign-in method your app did not offer"),
            g_strdup (_("The computer asks for TLS with user authentication, a sign-in method only some Remote Desktop "
                        "apps offer. Use Microsoft's Remote Desktop app, or have the administrator allow Network "
                        "Level Authentication.")));

  r = add_remedy (d, "client-microsoft-app", RD_SIDE_CLIENT, _("Try Microsoft's Remote Desktop app"));
  rd_remedy_add_step (r, _("Install “Windows App” (formerly Microsoft Remote Desktop) and connect with it."));

  r = add_remedy (d, "host-enable-nla", RD_SIDE_HOST, _("Allow Network Level Authentication on the computer"));
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name SecurityLayer -Value 2");
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name UserAuthentication -Value 1");
}

static void
remedy_regenerate_certificate (Describe *d)
{
  RdRemedy *r = add_remedy (d, "host-regenerate-certificate", RD_SIDE_HOST,
                            _("Let Windows create a new Remote Desktop certificate"));

  rd_remedy_add_step (r, _("On the computer, open certlm.msc, go to Remote Desktop → Certificates, and delete the certificate there."));
  rd_remedy_add_step (r, _("Restart the “Remote Desktop Services” service; Windows creates a new certificate."));
  rd_remedy_add_command (r, "powershell", "Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop'");
  rd_remedy_add_command (r, "powershell", "Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop' | Remove-Item");
  rd_remedy_add_command (r, "powershell", "Restart-Service TermService -Force");
}

static void
remedy_enable_tls12 (Describe *d)
{
  RdRemedy *r = add_remedy (d, "host-enable-tls12", RD_SIDE_HOST, _("Turn on TLS 1.2 on the computer"));

  rd_remedy_add_step (r, _("Older Windows versions (Windows 7, Server 2008 R2) need their updates and TLS 1.2 switched on (Microsoft KB3080079), then a restart."));
  rd_remedy_add_command (r, "powershell",
                         "New-Item -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Force | Out-Null");
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Name Enabled -Value 1 -Type DWord");
  rd_remedy_add_command (r, "powershell",
                         "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Name DisabledByDefault -Value 0 -Type DWord");
  rd_remedy_add_command (r, "powershell", "Restart-Computer");
}

static void
describe_tls_terminated (Describe *d)
{
  set_text (d, _("The computer breaks off the secure connection"),
            g_strdup_printf (_("“%s” agreed to a secure (TLS) connection and then cut it off in the middle of "
                               "setting it up. This is exactly what “0x904, extended 0x7” reports. Most often the "
                               "computer cannot use its Remote Desktop certificate or its private key, or a "
                               "security program on the way interrupts the connection."), d->host));

  remedy_regenerate_certificate (d);
  remedy_restart_termservice (d);
  remedy_machinekeys (d);
}

static void
describe_tls_protocol_mismatch (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer only knows outdated TLS versions"),
            g_strdup (_("Your computer and the one you connect to found no TLS version or encryption method they "
                        "both accept. The computer you connect to only offers old ones that today's systems "
                        "refuse. The fix belongs on that computer: update it and turn on TLS 1.2. Lowering "
                        "the security of this computer is not the fix.")));

  remedy_enable_tls12 (d);
  r = add_remedy (d, "host-windows-update", RD_SIDE_HOST, _("Update Windows on the computer"));
  rd_remedy_add_step (r, _("Install all updates (Settings → Windows Update), then restart."));
}

static void
describe_cert_expired (Describe *d)
{
  set_text (d, _("The computer's Remote Desktop certificate has expired"),
            g_strdup (_("The certificate the computer shows to prove who it is is past its end date. Deleting it "
                        "makes Windows create a fresh one.")));
  remedy_regenerate_certificate (d);
}

static void
describe_cert_not_yet_valid (Describe *d)
{
  set_text (d, _("The computer's Remote Desktop certificate is not valid yet"),
            g_strdup (_("The certificate the computer shows starts in the future. Usually the computer's clock "
                        "was wrong when the certificate was made. Correct its clock, then let Windows create a "
                        "new certificate.")));
  {
    RdRemedy *r = add_remedy (d, "host-sync-clock", RD_SIDE_HOST, _("Set the computer's clock right"));
    rd_remedy_add_command (r, "cmd", "w32tm /resync");
  }
  remedy_regenerate_certificate (d);
}

static void
describe_cert_name_mismatch (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The certificate names a different computer"),
            g_strdup_printf (_("You connected to “%s”, but the certificate it showed is made out to another name. "
                               "Remote Desktop apps warn about this, and some refuse to connect. Either the "
                               "name leads to another computer than you think, or the certificate carries the "
                               "computer's other name."), d->host));

  r = add_remedy (d, "client-use-certified-name", RD_SIDE_CLIENT, _("Connect with the name the certificate shows"));
  rd_remedy_add_step (r, _("Open the technical details below and use the name written in the certificate, if it is the computer you mean."));
  remedy_regenerate_certificate (d);
}

static void
describe_cert_self_signed (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The computer uses its own, self-made certificate"),
            g_strdup (_("This is normal for Remote Desktop: Windows makes its own certificate. Your app will ask "
                        "once whether to trust it; compare the fingerprint in the details with the one your "
                        "administrator gives you.")));
  r = add_remedy (d, "client-trust-once", RD_SIDE_CLIENT, _("Accept the certificate once, after checking it"));
  rd_remedy_add_step (r, _("When your Remote Desktop app shows the certificate, compare its fingerprint with the one in this report."));
}

static void
describe_cert_weak (Describe *d)
{
  set_text (d, _("The computer's certificate is too weak for today's systems"),
            g_strdup (_("The certificate uses a short key (under 2048 bits) or an outdated signature (SHA-1). "
                        "Current systems refuse such certificates or warn about them. Deleting it makes Windows "
                        "create a strong one.")));
  remedy_regenerate_certificate (d);
  remedy_enable_tls12 (d);
}

/* The client-side way around NLA, offered only when the host was seen to
 * accept a TLS-only connection: otherwise it cannot work. */
static void
remedy_client_tls_not_nla (Describe *d)
{
  RdFinding *negotiate = g_hash_table_lookup (d->findings, "negotiate");
  RdRemedy *r;

  if (negotiate == NULL || !rd_finding_get_bool (negotiate, "tls_only_accepted", FALSE))
    return;

  r = add_remedy (d, "client-tls-not-nla", RD_SIDE_CLIENT,
                  _("Connect with TLS instead of Network Level Authentication (lowers security)"));
  r->lowers_security = TRUE;
  rd_remedy_add_step (r, _("The computer accepts connections without NLA. Your app then shows the Windows sign-in screen before you prove who you are. Use it to get in, and ask for the real fix."));
  rd_remedy_add_step (r, _("In a .rdp file: set “enablecredsspsupport:i:0”. In Remmina: Advanced tab, “Security protocol negotiation”: TLS."));
  add_xfreerdp (d, r, "/sec:tls");
  rd_remedy_add_command (r, "undo", "enablecredsspsupport:i:1");
}

static void
describe_nla_failed (Describe *d)
{
  set_text (d, _("The computer breaks off Network Level Authentication"),
            g_strdup (_("The computer asked for Network Level Authentication (NLA) and then gave up on it before "
                        "even asking for a password. Its sign-in services or its security settings (CredSSP) "
                        "are at fault. We never sent a password: this happens before that.")));
  remedy_restart_termservice (d);
  remedy_client_tls_not_nla (d);
  remedy_nla_test (d);
}

static void
describe_clock_skew (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The two computers' clocks disagree"),
            g_strdup (_("The time on this computer and on the computer you connect to differ by more than five "
                        "minutes. Sign-in with Network Level Authentication fails, and certificates look expired "
                        "or not yet valid, when clocks are this far apart.")));

  r = add_remedy (d, "client-sync-clock", RD_SIDE_CLIENT, _("Set this computer's clock automatically"));
  rd_remedy_add_step (r, _("In your system settings, turn on “Set time automatically”."));
  rd_remedy_add_command (r, "sh", "timedatectl set-ntp true");
  r = add_remedy (d, "host-sync-clock", RD_SIDE_HOST, _("Set the computer's clock right"));
  rd_remedy_add_command (r, "cmd", "w32tm /resync");
}

static void
describe_dns_mismatch (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("The name leads to a different computer"),
            g_strdup_printf (_("The computer that answered at “%s” calls itself by another name. The name may point "
                               "to an old address that now belongs to another computer."), d->host));

  r = add_remedy (d, "use-ip-address", RD_SIDE_CLIENT, _("Connect with the computer's IP address instead of its name"));
  rd_remedy_add_step (r, _("Ask the computer's owner or your administrator for its current IP address and use that."));
  rd_remedy_add_command (r, "cmd", "ipconfig /flushdns");
  r = add_remedy (d, "network-fix-dns", RD_SIDE_NETWORK, _("Correct the name's entry in DNS"));
  rd_remedy_add_step (r, _("Your administrator should update the name's address in DNS."));
}

static void
describe_local_network_down (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("This computer is not connected to a network"),
            g_strdup (_("This computer has no working network connection (no connected network, or no way out of "
                        "it). Nothing can reach the other computer until that is fixed.")));

  r = add_remedy (d, "client-connect-network", RD_SIDE_CLIENT, _("Connect this computer to your network"));
  rd_remedy_add_step (r, _("Check that Wi-Fi is on and connected, or that the network cable is plugged in at both ends."));
  rd_remedy_add_step (r, _("Turn airplane mode off."));
  rd_remedy_add_command (r, "sh", "nmcli device status");
  remedy_router (d);
}

static void
describe_gateway_unreachable (Describe *d)
{
  set_text (d, _("Your router does not answer"),
            g_strdup (_("This computer is connected, but the router that leads out of your network does not "
                        "answer. Restarting the router and modem fixes this most of the time.")));
  remedy_router (d);
  {
    RdRemedy *r = add_remedy (d, "client-reconnect", RD_SIDE_CLIENT, _("Reconnect this computer"));
    rd_remedy_add_step (r, _("Disconnect from Wi-Fi (or unplug the cable) and connect again."));
  }
}

static void
remedy_tcp_only (Describe *d)
{
  RdRemedy *r = add_remedy (d, "client-tcp-only", RD_SIDE_CLIENT, _("Use TCP only for Remote Desktop"));

  rd_remedy_add_step (r, _("Remote Desktop then sends everything over TCP, which gets through where UDP is dropped. It is a little less smooth on poor links, nothing more."));
  rd_remedy_add_step (r, _("On Windows (as administrator), run this line and restart:"));
  rd_remedy_add_command (r, "cmd",
                         "REG ADD \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client\" /v fClientDisableUDP /t REG_DWORD /d 1 /f");
  rd_remedy_add_command (r, "undo",
                         "REG DELETE \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client\" /v fClientDisableUDP /f");
  rd_remedy_add_step (r, _("In Remmina: edit the connection, Advanced tab, set “Network connection type” to a wired option, or turn UDP off. In FreeRDP, leave out /network:auto and /udp options."));
  rd_remedy_add_step (r, _("Group Policy on Windows: Computer Configuration → Administrative Templates → Windows Components → Remote Desktop Services → Remote Desktop Connection Client → “Turn Off UDP On Client”: Enabled."));
}

static void
describe_udp_blocked (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("UDP packets to the computer are dropped"),
            g_strdup_printf (_("Remote Desktop uses TCP and, when it can, UDP. UDP packets to “%s” get no answer, "
                               "while TCP works. When a router or VPN drops UDP during the start of a connection, "
                               "Remote Desktop can fail with 0x904. Switching your app to TCP only avoids it."), d->host));

  remedy_tcp_only (d);
  r = add_remedy (d, "host-allow-udp", RD_SIDE_HOST, _("Allow Remote Desktop over UDP on the computer"));
  rd_remedy_add_command (r, "powershell", "Enable-NetFirewallRule -DisplayName \"Remote Desktop - User Mode (UDP-In)\"");
  r = add_remedy (d, "network-allow-udp", RD_SIDE_NETWORK, _("Allow UDP 3389 on the way"));
  rd_remedy_add_step (r, _("Routers, firewalls and VPNs on the way must let UDP port 3389 through, or Remote Desktop should use TCP only."));
}

static void
describe_mtu_blackhole (Describe *d)
{
  RdFinding *mtu = g_hash_table_lookup (d->findings, "mtu");
  gint64 suggested = mtu != NULL ? rd_finding_get_int (mtu, "suggested_mtu", 1400) : 1400;
  const char *interface = mtu != NULL ? rd_finding_get_string (mtu, "interface") : NULL;
  g_autofree char *device = NULL;
  g_autofree char *ip = NULL;
  g_autofree char *nm = NULL;
  g_autofree char *netsh = NULL;
  RdRemedy *r;

  set_text (d, _("Large packets get lost on the way"),
            g_strdup_printf (_("Small packets reach the computer, but large ones vanish: the connection stalls as soon "
                               "as the computer sends its certificate. Something on the way (often a VPN or a "
                               "router) has a smaller packet size (MTU) and does not say so. With packets of at most "
                               "%d bytes the connection works."), (int) suggested));

  /* The interface the route to the host leaves by, when we know it. */
  if (interface != NULL)
    device = g_shell_quote (interface);
  else
    device = g_strdup_printf ("\"$(ip -o route get %s | awk '{for (i = 1; i < NF; i++) if ($i == \"dev\") print $(i + 1)}')\"",
                              rd_target_get_host (d->target));
  ip = g_strdup_printf ("sudo ip link set dev %s mtu %" G_GINT64_FORMAT, device, suggested);
  nm = g_strdup_printf ("nmcli connection modify \"$(nmcli -g GENERAL.CONNECTION device show %s)\" ethernet.mtu %" G_GINT64_FORMAT,
                        device, suggested);
  netsh = g_strdup_printf ("netsh interface ipv4 set subinterface \"Ethernet\" mtu=%" G_GINT64_FORMAT " store=persistent", suggested);

  r = add_remedy (d, "client-lower-mtu", RD_SIDE_CLIENT, _("Lower this computer's packet size (MTU)"));
  rd_remedy_add_step (r, _("This is harmless: packets are only split into smaller pieces. The first line lasts until the next restart, the second keeps it."));
  rd_remedy_add_command (r, "sh", ip);
  rd_remedy_add_command (r, "sh", nm);
  rd_remedy_add_step (r, _("On Windows (administrator Command Prompt; use your adapter's name from “netsh interface ipv4 show subinterfaces”):"));
  rd_remedy_add_command (r, "cmd", netsh);

  r = add_remedy (d, "network-vpn-mtu", RD_SIDE_NETWORK, _("Lower the VPN's MTU, or let ICMP through"));
  rd_remedy_add_step (r, _("Your network administrator can set the VPN's MTU lower, or allow ICMP “fragmentation needed” messages so the computers can find the right size by themselves."));
}

static void
describe_high_latency (Describe *d)
{
  RdFinding *latency = g_hash_table_lookup (d->findings, "latency");
  JsonObject *evidence = latency != NULL ? rd_finding_get_evidence (latency) : NULL;
  double rtt = evidence != NULL ? json_object_get_double_member_with_default (evidence, "rtt_ms", 0) : 0;
  double gateway = evidence != NULL ? json_object_get_double_member_with_default (evidence, "gateway_rtt_ms", -1) : -1;
  RdRemedy *r;

  set_text (d, _("The connection is slow or unsteady"),
            g_strdup_printf (_("Each round trip to the computer takes about %.0f ms, or varies a lot. Remote Desktop "
                               "can give up during the start of a connection over such a link."), rtt));
  if (gateway > 100)
    {
      char *more = g_strconcat (d->cause->explanation, " ",
                                _("Even your own router answers slowly, so the delay starts in your own network."), NULL);
      g_free (d->cause->explanation);
      d->cause->explanation = more;
    }

  r = add_remedy (d, "client-wired", RD_SIDE_CLIENT, _("Use a steadier connection"));
  rd_remedy_add_step (r, _("Use a network cable instead of Wi-Fi, or move closer to the Wi-Fi router."));
  rd_remedy_add_step (r, _("Pause large downloads, video calls and backups while you connect."));
  remedy_vpn (d);
  remedy_router (d);
}

static void
describe_vpn_path (Describe *d)
{
  RdRemedy *r;

  set_text (d, _("Your VPN is probably the cause"),
            g_strdup (_("A VPN is active on this computer, and the problem found is one VPNs typically cause "
                        "(lost large packets, dropped UDP, or a slow link).")));
  remedy_vpn (d);
  r = add_remedy (d, "vpn-settings", RD_SIDE_NETWORK, _("Ask your VPN's administrator"));
  rd_remedy_add_step (r, _("Show them this report: they can lower the VPN's MTU or allow Remote Desktop's UDP traffic."));
}

static const struct
{
  RdCauseId id;
  void (*describe) (Describe *d);
} catalogue[] = {
  { RD_CAUSE_LOCAL_NETWORK_DOWN, describe_local_network_down },
  { RD_CAUSE_GATEWAY_UNREACHABLE, describe_gateway_unreachable },
  { RD_CAUSE_UDP_BLOCKED, describe_udp_blocked },
  { RD_CAUSE_MTU_BLACKHOLE, describe_mtu_blackhole },
  { RD_CAUSE_HIGH_LATENCY, describe_high_latency },
  { RD_CAUSE_VPN_PATH, describe_vpn_path },
  { RD_CAUSE_TLS_HANDSHAKE_TERMINATED, describe_tls_terminated },
  { RD_CAUSE_TLS_PROTOCOL_MISMATCH, describe_tls_protocol_mismatch },
  { RD_CAUSE_TLS_CERT_EXPIRED, describe_cert_expired },
  { RD_CAUSE_TLS_CERT_NOT_YET_VALID, describe_cert_not_yet_valid },
  { RD_CAUSE_TLS_CERT_NAME_MISMATCH, describe_cert_name_mismatch },
  { RD_CAUSE_TLS_CERT_SELF_SIGNED, describe_cert_self_signed },
  { RD_CAUSE_TLS_CERT_WEAK, describe_cert_weak },
  { RD_CAUSE_NLA_FAILED, describe_nla_failed },
  { RD_CAUSE_CLOCK_SKEW, describe_clock_skew },
  { RD_CAUSE_DNS_MISMATCH, describe_dns_mismatch },
  { RD_CAUSE_DNS_RESOLUTION_FAILED, describe_dns_resolution_failed },
  { RD_CAUSE_IPV6_PATH_BROKEN, describe_ipv6_path_broken },
  { RD_CAUSE_HOST_UNREACHABLE, describe_host_unreachable },
  { RD_CAUSE_PORT_FILTERED, describe_port_filtered },
  { RD_CAUSE_PORT_REFUSED, describe_port_refused },
  { RD_CAUSE_LISTENER_DROPS_CONNECTIONS, describe_listener_drops },
  { RD_CAUSE_NOT_RDP, describe_not_rdp },
  { RD_CAUSE_HANDSHAKE_TIMEOUT, describe_handshake_timeout },
  { RD_CAUSE_NEGOTIATION_SSL_REQUIRED, describe_ssl_required },
  { RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED, describe_ssl_not_allowed },
  { RD_CAUSE_NEGOTIATION_CERT_MISSING, describe_cert_missing },
  { RD_CAUSE_NEGOTIATION_HYBRID_REQUIRED, describe_hybrid_required },
  { RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED, describe_user_auth_required },
};

void
rd_remedies_describe (RdCause        *cause,
                      const RdTarget *target,
                      GHashTable     *findings)
{
  Describe d = {
    .cause = cause,
    .target = target,
    .findings = findings,
    .host = rd_target_get_display_host (target),
    .port = rd_target_get_port (target),
  };

  for (guint i = 0; i < G_N_ELEMENTS (catalogue); i++)
    {
      if (catalogue[i].id == cause->id)
        {
          catalogue[i].describe (&d);
          return;
        }
    }

  g_critical ("No description for cause %s", cause->name);
  cause->title = g_strdup (cause->name);
  cause->explanation = g_strdup ("");
}
