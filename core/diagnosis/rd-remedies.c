/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-remedies.h"
#include "rd-remedy-catalogue.h"

/*
 * The remedy catalogue: what each cause means for a person, and what fixes
 * it on each side, as rows of data (see rd-remedy-catalogue.h). Host
 * actions are the ones an administrator carries out on the Windows
 * computer, in an elevated PowerShell; anything that lowers security
 * carries its undo.
 */

#define TERMINAL_SERVER "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server"
#define RDP_TCP TERMINAL_SERVER "\\WinStations\\RDP-Tcp"
#define TS_POLICIES "HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services"
#define TLS12_SERVER "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"
#define MACHINE_KEYS "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys"
#define RDP_CERTIFICATES "Cert:\\LocalMachine\\Remote Desktop"
#define CREDSSP_PARAMETERS "HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters"
#define MSV1_0 "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0"

/* Shorthands for the most common rows. */
#define SHOW(shell_, text) { .kind = RD_ACTION_SHOW, .shell = (shell_), .command = { text } }
#define RUN(shell_, text) { .kind = RD_ACTION_RUN, .shell = (shell_), .command = { text } }
#define SERVICE(verb_, names_) { .kind = RD_ACTION_SERVICE, .service = { (verb_), (names_) } }
#define SET_VALUE(shell_, key_, name_, data_, type_) \
  { .kind = RD_ACTION_REGISTRY_SET, .shell = (shell_), .registry = { .key = (key_), .name = (name_), .data = (data_), .type = (type_) } }
#define XFREERDP(option) \
  { .kind = RD_ACTION_RUN, .shell = RD_SHELL_SH, .command = { "xfreerdp /v:%s " option, { RD_PARAM_TARGET } } }
#define TEST_PORT \
  { .kind = RD_ACTION_SHOW, .command = { "Test-NetConnection -ComputerName %s -Port %u", { RD_PARAM_ADDRESS, RD_PARAM_PORT } } }

/* ---- remedies that serve several causes -------------------------------- */

static const RdRemedyInfo restart_router = {
  "restart-router", RD_SIDE_NETWORK, N_("Restart your router and modem"), .app_action = "wait-network",
  .steps = {
    { N_("Switch off your router and modem (or pull the power plug).") },
    { N_("Wait 30 seconds, then switch the modem on first and the router after it.") },
    { N_("Wait until the lights are steady again (about two minutes), then test again.") },
  },
};

static const RdRemedyInfo reconnect_vpn = {
  "reconnect-vpn", RD_SIDE_NETWORK, N_("Connect (or reconnect) your VPN"),
  .steps = {
    { N_("If the computer is at your workplace, it can usually only be reached through your organisation's VPN.") },
    { N_("Disconnect the VPN, connect it again, then test again.") },
  },
};

static const RdRemedyInfo host_enable_remote_desktop = {
  "host-enable-remote-desktop", RD_SIDE_HOST, N_("Turn on Remote Desktop and its firewall rules on the computer"),
  .steps = {
    { N_("On the computer you connect to, open Settings → System → Remote Desktop and switch Remote Desktop on.") },
    { N_("Make sure the Windows Defender Firewall allows “Remote Desktop” (and “Remote Desktop (WebSocket)” if you use it).") },
    { N_("Or run these lines in PowerShell as administrator:") },
  },
  .actions = {
    SET_VALUE (RD_SHELL_POWERSHELL, "HKLM:\\System\\CurrentControlSet\\Control\\Terminal Server",
               "fDenyTSConnections", "0", RD_REGISTRY_KEEP_TYPE),
    { .kind = RD_ACTION_FIREWALL, .firewall = { RD_FIREWALL_DISPLAY_GROUP, "Remote Desktop", TRUE } },
    SERVICE (RD_SERVICE_START, "TermService"),
    SHOW (RD_SHELL_POWERSHELL, "Get-NetFirewallRule -DisplayGroup \"Remote Desktop\" | Get-NetFirewallPortFilter"),
    SHOW (RD_SHELL_POWERSHELL, "Get-ItemProperty -Path '" RDP_TCP "' -Name PortNumber"),
  },
};

static const RdRemedyInfo host_restart_termservice = {
  "host-restart-termservice", RD_SIDE_HOST, N_("Restart the Remote Desktop service on the computer"),
  .steps = {
    { N_("On the computer you connect to, restart the “Remote Desktop Services” service (services.msc), or restart the computer.") },
    { N_("The services it needs must be running too: Remote Desktop Configuration, Certificate Propagation, CNG Key Isolation and Cryptographic Services.") },
  },
  .actions = {
    SHOW (RD_SHELL_POWERSHELL, "Get-Service TermService, SessionEnv, CertPropSvc, KeyIso, CryptSvc"),
    SERVICE (RD_SERVICE_START_STOPPED, "SessionEnv, CertPropSvc, KeyIso, CryptSvc"),
    SERVICE (RD_SERVICE_RESTART, "TermService"),
  },
};

/* Two causes offer it only when it applies (RdWhen). */
#define HOST_REGENERATE_CERTIFICATE(when_) { \
  "host-regenerate-certificate", RD_SIDE_HOST, N_("Let Windows create a new Remote Desktop certificate"), \
  .when = (when_), \
  .steps = { \
    { N_("On the computer, open certlm.msc, go to Remote Desktop → Certificates, and delete the certificate there.") }, \
    { N_("Restart the “Remote Desktop Services” service; Windows creates a new certificate.") }, \
  }, \
  .actions = { \
    SHOW (RD_SHELL_POWERSHELL, "Get-ChildItem '" RDP_CERTIFICATES "'"), \
    { .kind = RD_ACTION_CERTIFICATES_REMOVE, .certificates = { RDP_CERTIFICATES } }, \
    SERVICE (RD_SERVICE_RESTART, "TermService"), \
  }, \
}

static const RdRemedyInfo host_regenerate_certificate = HOST_REGENERATE_CERTIFICATE (RD_WHEN_ALWAYS);

static const RdRemedyInfo host_machinekeys = {
  "host-machinekeys", RD_SIDE_HOST, N_("Repair access to the machine keys"),
  .steps = {
    { N_("If a new certificate does not help, the folder that holds its private key may have wrong permissions. Compare them with a working computer:") },
  },
  .actions = {
    SHOW (RD_SHELL_CMD, "icacls " MACHINE_KEYS),
  },
};

#define HOST_ENABLE_TLS12(when_) { \
  "host-enable-tls12", RD_SIDE_HOST, N_("Turn on TLS 1.2 on the computer"), \
  .when = (when_), \
  .steps = { \
    { N_("Older Windows versions (Windows 7, Server 2008 R2) need their updates and TLS 1.2 switched on (Microsoft KB3080079), then a restart.") }, \
  }, \
  .actions = { \
    { .kind = RD_ACTION_REGISTRY_KEY, .registry = { .key = TLS12_SERVER } }, \
    SET_VALUE (RD_SHELL_POWERSHELL, TLS12_SERVER, "Enabled", "1", RD_REGISTRY_DWORD), \
    SET_VALUE (RD_SHELL_POWERSHELL, TLS12_SERVER, "DisabledByDefault", "0", RD_REGISTRY_DWORD), \
    { .kind = RD_ACTION_RESTART_COMPUTER }, \
  }, \
}

static const RdRemedyInfo host_enable_tls12 = HOST_ENABLE_TLS12 (RD_WHEN_ALWAYS);

static const RdRemedyInfo host_nla_off_test = {
  "host-nla-off-test", RD_SIDE_HOST, N_("Test once without Network Level Authentication (lowers security)"),
  .steps = {
    { N_("Warning: this lets anyone reach the Windows sign-in screen before proving who they are. Only as a short test, and undo it right after.") },
    { N_("Group Policy: … → Remote Desktop Session Host → Security → “Require user authentication for remote connections by using Network Level Authentication”: Disabled.") },
  },
  .actions = {
    { .kind = RD_ACTION_REGISTRY_SET, .lowers_security = TRUE,
      .registry = { RDP_TCP, "UserAuthentication", "0", RD_REGISTRY_KEEP_TYPE, RD_UNDO_PREVIOUS, "1" } },
  },
};

static const RdRemedyInfo host_sync_clock = {
  "host-sync-clock", RD_SIDE_HOST, N_("Set the computer's clock right"),
  .actions = {
    RUN (RD_SHELL_CMD, "w32tm /resync"),
  },
};

/* The client-side way around NLA, offered only when the host was seen to
 * accept a TLS-only connection: otherwise it cannot work. */
static const RdRemedyInfo client_tls_not_nla = {
  "client-tls-not-nla", RD_SIDE_CLIENT, N_("Connect with TLS instead of Network Level Authentication (lowers security)"),
  .when = RD_WHEN_TLS_ONLY_ACCEPTED, .app_action = "profile",
  .steps = {
    { N_("The computer accepts connections without NLA. Your app then shows the Windows sign-in screen before you prove who you are. Use it to get in, and ask for the real fix.") },
    { N_("In a .rdp file: set “enablecredsspsupport:i:0”. In Remmina: Advanced tab, “Security protocol negotiation”: TLS.") },
  },
  .actions = {
    XFREERDP ("/sec:tls"),
    { .kind = RD_ACTION_PROFILE, .lowers_security = TRUE,
      .profile = { "enablecredsspsupport:i:0", "enablecredsspsupport:i:1" } },
  },
};

/* ---- remedies of one cause, in the order of the causes ----------------- */

static const RdRemedyInfo client_connect_network = {
  "client-connect-network", RD_SIDE_CLIENT, N_("Connect this computer to your network"),
  .steps = {
    { N_("Check that Wi-Fi is on and connected, or that the network cable is plugged in at both ends.") },
    { N_("Turn airplane mode off.") },
  },
  .actions = {
    SHOW (RD_SHELL_SH, "nmcli device status"),
  },
};

static const RdRemedyInfo client_reconnect = {
  "client-reconnect", RD_SIDE_CLIENT, N_("Reconnect this computer"),
  .steps = {
    { N_("Disconnect from Wi-Fi (or unplug the cable) and connect again.") },
  },
};

static const RdRemedyInfo use_ip_address_unresolved = {
  "use-ip-address", RD_SIDE_CLIENT, N_("Connect with the computer's IP address instead of its name"),
  .app_action = "profile",
  .steps = {
    { N_("Ask the computer's owner or your administrator for its IP address (it looks like 192.0.2.15).") },
    { N_("Type that address instead of the name in your Remote Desktop app.") },
  },
};

static const RdRemedyInfo check_name = {
  "check-name", RD_SIDE_CLIENT, N_("Check the name"),
  .steps = {
    { N_("Compare the name letter by letter with the one you were given.") },
  },
  .actions = {
    { .kind = RD_ACTION_SHOW, .command = { "Resolve-DnsName %s", { RD_PARAM_ADDRESS } } },
    RUN (RD_SHELL_CMD, "ipconfig /flushdns"),
  },
};

static const RdRemedyInfo use_ip_address_current = {
  "use-ip-address", RD_SIDE_CLIENT, N_("Connect with the computer's IP address instead of its name"),
  .app_action = "profile",
  .steps = {
    { N_("Ask the computer's owner or your administrator for its current IP address and use that.") },
  },
  .actions = {
    RUN (RD_SHELL_CMD, "ipconfig /flushdns"),
  },
};

static const RdRemedyInfo network_fix_dns = {
  "network-fix-dns", RD_SIDE_NETWORK, N_("Correct the name's entry in DNS"),
  .steps = {
    { N_("Your administrator should update the name's address in DNS.") },
  },
};

static const RdRemedyInfo use_ipv4_address = {
  "use-ipv4-address", RD_SIDE_CLIENT, N_("Connect with the IPv4 address"), .app_action = "profile",
  .steps = {
    { N_("Type %s instead of the name in your Remote Desktop app."), { RD_PARAM_IPV4 },
      N_("Type the computer's IPv4 address instead of the name in your Remote Desktop app.") },
  },
};

static const RdRemedyInfo check_ipv6_route = {
  "check-ipv6-route", RD_SIDE_NETWORK, N_("Have the IPv6 route checked"),
  .steps = {
    { N_("Your network administrator should check the IPv6 route and firewall to the computer, or remove its IPv6 address from DNS.") },
  },
};

static const RdRemedyInfo check_host_on = {
  "check-host-on", RD_SIDE_HOST, N_("Make sure the computer is on and connected"),
  .steps = {
    { N_("Check that the computer you connect to is switched on, awake and connected to its network.") },
    { N_("Set it never to sleep while you need to reach it (Settings → System → Power).") },
  },
  .actions = { TEST_PORT },
};

static const RdRemedyInfo network_firewall = {
  "network-firewall", RD_SIDE_NETWORK, N_("Check firewalls on the way"),
  .steps = {
    { N_("If the computer is behind a router, the router must forward the Remote Desktop port to it.") },
    { N_("Company firewalls and VPNs must allow the Remote Desktop port (TCP 3389 unless changed).") },
  },
  .actions = { TEST_PORT },
};

static const RdRemedyInfo check_port_number = {
  "check-port", RD_SIDE_CLIENT, N_("Check the port number"),
  .steps = {
    { N_("If you were given an address with a colon and a number (like name:3390), use exactly that.") },
  },
};

static const RdRemedyInfo host_max_outstanding = {
  "host-max-outstanding", RD_SIDE_HOST, N_("Let the service accept more pending connections"),
  .steps = {
    { N_("When many connection attempts arrive at once (scanners, many users), Windows drops new ones. Raise the limit, then restart the service.") },
  },
  .actions = {
    { .kind = RD_ACTION_REGISTRY_SET, .shell = RD_SHELL_CMD,
      .registry = { TERMINAL_SERVER, "MaxOutstandingConnections", "65536", RD_REGISTRY_DWORD, RD_UNDO_REMOVE } },
  },
};

static const RdRemedyInfo host_find_load = {
  "host-find-load", RD_SIDE_HOST, N_("Find what keeps the computer busy"),
  .steps = {
    { N_("On the computer, open Task Manager (Ctrl+Shift+Esc): the Performance tab shows whether the processor, memory or disk is at its limit, the Users tab how many people are signed in.") },
    { N_("Or list the busiest programs and the signed-in sessions in PowerShell:") },
  },
  .actions = {
    { .kind = RD_ACTION_SHOW, .command = { "Get-Process | Sort-Object CPU -Descending | Select-Object -First 10" } },
    { .kind = RD_ACTION_SHOW, .command = { "quser" } },
  },
};

static const RdRemedyInfo check_address_and_port = {
  "check-port", RD_SIDE_CLIENT, N_("Check the address and port"),
  .steps = {
    { N_("Make sure you use the computer's address and Remote Desktop port, not a website address.") },
    { N_("If your organisation uses a Remote Desktop Gateway, set it up in your Remote Desktop app instead of connecting to it directly.") },
  },
};

static const RdRemedyInfo host_check_listener = {
  "host-check-listener", RD_SIDE_HOST, N_("Check which program uses the port"),
  .actions = {
    { .kind = RD_ACTION_SHOW,
      .command = { "Get-Process -Id (Get-NetTCPConnection -LocalPort %u -State Listen).OwningProcess", { RD_PARAM_PORT } } },
  },
};

static const RdRemedyInfo check_inspection = {
  "check-inspection", RD_SIDE_NETWORK, N_("Check security devices on the way"),
  .steps = {
    { N_("Firewalls that inspect traffic can hold back Remote Desktop data; your network administrator can allow it.") },
  },
};

static const RdRemedyInfo client_use_tls = {
  "client-use-tls", RD_SIDE_CLIENT, N_("Let your Remote Desktop app use TLS"),
  .steps = {
    { N_("In Remmina: edit the connection, Advanced tab, set “Security protocol negotiation” to “Automatic negotiation”.") },
    { N_("In Microsoft's app, remove “authentication level” and “enablecredsspsupport” lines you added by hand from the .rdp file.") },
  },
  .actions = { XFREERDP ("/sec:tls") },
};

static const RdRemedyInfo client_negotiate_security = {
  "client-negotiate-security", RD_SIDE_CLIENT, N_("Let your Remote Desktop app negotiate the security"),
  .steps = {
    { N_("In Remmina: edit the connection, Advanced tab, set “Security protocol negotiation” to “Automatic negotiation”.") },
    { N_("Windows' Remote Desktop Connection negotiates by itself and asks before it connects without proof of the computer's identity.") },
    { N_("Such a connection is weakly protected: use it only on a network you trust, until the computer is set to TLS.") },
  },
  .actions = { XFREERDP ("/sec:rdp") },
};

static const RdRemedyInfo host_security_layer_tls = {
  "host-security-layer-tls", RD_SIDE_HOST, N_("Let the computer use TLS"),
  .steps = {
    { N_("Group Policy: Computer Configuration → Administrative Templates → Windows Components → Remote Desktop Services → Remote Desktop Session Host → Security → “Require use of specific security layer for remote (RDP) connections”: set it to “Negotiate” or “SSL”.") },
    { N_("Or run these lines in PowerShell as administrator, then restart the computer:") },
  },
  .actions = {
    SET_VALUE (RD_SHELL_POWERSHELL, RDP_TCP, "SecurityLayer", "2", RD_REGISTRY_KEEP_TYPE),
    { .kind = RD_ACTION_REGISTRY_REMOVE, .registry = { .key = TS_POLICIES, .name = "SecurityLayer" } },
    SERVICE (RD_SERVICE_RESTART, "TermService"),
  },
};

static const RdRemedyInfo host_azure_machinekeys = {
  "host-azure-machinekeys", RD_SIDE_HOST, N_("On an Azure virtual machine: reset the machine keys folder"),
  .steps = {
    { N_("In the Azure portal, open the virtual machine → Run command → RunPowerShellScript, run these lines, then restart the machine.") },
  },
  .actions = {
    { .kind = RD_ACTION_RENAME, .rename = { MACHINE_KEYS, "MachineKeys.old" } },
    { .kind = RD_ACTION_RESTART_COMPUTER, .restart = { TRUE } },
  },
};

static const RdRemedyInfo client_enable_nla = {
  "client-enable-nla", RD_SIDE_CLIENT, N_("Turn Network Level Authentication on in your app"),
  .steps = {
    { N_("In Remmina: edit the connection, Advanced tab, set “Security protocol negotiation” to “NLA” or “Automatic negotiation”.") },
    { N_("In a .rdp file, set “enablecredsspsupport:i:1”.") },
  },
  .actions = { XFREERDP ("/sec:nla") },
};

static const RdRemedyInfo client_microsoft_app = {
  "client-microsoft-app", RD_SIDE_CLIENT, N_("Try Microsoft's Remote Desktop app"),
  .steps = {
    { N_("Install “Windows App” (formerly Microsoft Remote Desktop) and connect with it.") },
  },
};

static const RdRemedyInfo host_enable_nla = {
  "host-enable-nla", RD_SIDE_HOST, N_("Allow Network Level Authentication on the computer"),
  .actions = {
    SET_VALUE (RD_SHELL_POWERSHELL, RDP_TCP, "SecurityLayer", "2", RD_REGISTRY_KEEP_TYPE),
    SET_VALUE (RD_SHELL_POWERSHELL, RDP_TCP, "UserAuthentication", "1", RD_REGISTRY_KEEP_TYPE),
  },
};

/* An anonymous NTLM NEGOTIATE refused: what a computer reached by name from
 * inside its domain does instead is Kerberos. */
static const RdRemedyInfo client_use_kerberos = {
  "client-use-kerberos", RD_SIDE_CLIENT, N_("Connect by the computer's full name from inside its network"),
  .steps = {
    { N_("Use the computer's full name (like pc.corp.example.com), not its IP address or short name: the sign-in it wants (Kerberos) needs that name.") },
    { N_("The computer you connect from must reach a domain controller of that network: connect from the office network, or connect the VPN first.") },
    { N_("Sign in as DOMAIN\\user or user@corp.example.com. Microsoft's Remote Desktop app on a computer of the same domain does the rest by itself; Remmina and other FreeRDP apps need Kerberos support and a ticket (kinit) first.") },
  },
};

static const RdRemedyInfo host_check_ntlm_policy = {
  "host-check-ntlm-policy", RD_SIDE_HOST, N_("Check whether the computer blocks NTLM"),
  .steps = {
    { N_("Group Policy: Computer Configuration → Windows Settings → Security Settings → Local Policies → Security Options → “Network security: Restrict NTLM: Incoming NTLM traffic”. “Deny all accounts” refuses every sign-in by NTLM. Allowing NTLM again lowers security: prefer Kerberos for the people who connect.") },
    { N_("The first line shows the setting (2 is “Deny all accounts”), the second the NTLM sign-ins Windows logged:") },
  },
  .actions = {
    SHOW (RD_SHELL_POWERSHELL, "Get-ItemProperty -Path '" MSV1_0 "' -Name RestrictReceivingNTLMTraffic -ErrorAction SilentlyContinue"),
    SHOW (RD_SHELL_POWERSHELL, "Get-WinEvent -LogName 'Microsoft-Windows-NTLM/Operational' -MaxEvents 20"),
  },
};

/* CVE-2018-0886: the host's CredSSP is from before the fix. */
static const RdRemedyInfo host_credssp_update = {
  "host-credssp-update", RD_SIDE_HOST, N_("Install the Windows updates of May 2018 or later on the computer"),
  .steps = {
    { N_("The computer's Network Level Authentication (CredSSP) is from before Microsoft's fix for CVE-2018-0886 (article KB4093492). Install all updates (Settings → Windows Update, or your organisation's update server), then restart.") },
    { N_("If the computer runs Remote Desktop server software other than Windows' own, update that software.") },
    { N_("This lists the updates installed last; one from May 2018 or later must be among them:") },
  },
  .actions = {
    SHOW (RD_SHELL_POWERSHELL, "Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 10 HotFixID, Description, InstalledOn"),
  },
};

/* The stop-gap on the Windows client: the "Vulnerable" protection level of
 * the Encryption Oracle Remediation policy. */
static const RdRemedyInfo client_credssp_vulnerable = {
  "client-credssp-vulnerable", RD_SIDE_CLIENT,
  N_("Stop-gap on the Windows computer you connect from: accept the outdated computer (lowers security)"),
  .steps = {
    { N_("Only for Microsoft's Remote Desktop Connection and Windows App on Windows, which refuse this computer (“CredSSP encryption oracle remediation”). Remmina, GNOME Connections and other FreeRDP apps connect without it.") },
    { N_("Warning: it exposes every computer you connect to from there to the attack the 2018 update closed. Use it only until the computer is updated, and undo it right after.") },
    { N_("Group Policy on that Windows computer: Computer Configuration → Administrative Templates → System → Credentials Delegation → “Encryption Oracle Remediation”: Enabled, Protection Level “Vulnerable”. Or in a Command Prompt as administrator:") },
  },
  .actions = {
    { .kind = RD_ACTION_REGISTRY_SET, .shell = RD_SHELL_CMD, .lowers_security = TRUE,
      .registry = { CREDSSP_PARAMETERS, "AllowEncryptionOracle", "2", RD_REGISTRY_DWORD, RD_UNDO_REMOVE } },
  },
};

static const RdRemedyInfo host_windows_update = {
  "host-windows-update", RD_SIDE_HOST, N_("Update Windows on the computer"),
  .steps = {
    { N_("Install all updates (Settings → Windows Update), then restart.") },
  },
};

static const RdRemedyInfo client_use_certified_name = {
  "client-use-certified-name", RD_SIDE_CLIENT, N_("Connect with the name the certificate shows"),
  .steps = {
    { N_("Open the technical details below and use the name written in the certificate, if it is the computer you mean.") },
  },
};

static const RdRemedyInfo client_trust_once = {
  "client-trust-once", RD_SIDE_CLIENT, N_("Accept the certificate once, after checking it"),
  .steps = {
    { N_("When your Remote Desktop app shows the certificate, compare its fingerprint with the one in this report.") },
  },
};

/* FreeRDP 2's certificate memory (Remmina's too): one line per computer,
 * "host port fingerprint subject issuer" (libfreerdp/crypto/certificate.c);
 * Remmina 1.4 has the host written "host:port" off port 3389. */
#define KNOWN_HOSTS_DIR "\"${XDG_CONFIG_HOME:-$HOME/.config}/freerdp\""

static const RdRemedyInfo client_forget_certificate = {
  "client-forget-certificate", RD_SIDE_CLIENT, N_("Let your app forget the old certificate"),
  .app_action = "forget-certificate",
  .steps = {
    { N_("First compare the fingerprint of the certificate the computer shows now (in the details below) with the one your administrator gives you.") },
    { N_("Then your app may forget the certificate it remembers: only the line of this computer is removed from FreeRDP's known_hosts2 (Remmina uses it too), and a copy of the file is kept. Your app will ask once about the new certificate.") },
    { N_("Or in a terminal (the second line undoes it):") },
  },
  .actions = {
    { .kind = RD_ACTION_RUN, .shell = RD_SHELL_SH,
      .command = { "cd " KNOWN_HOSTS_DIR " && cp known_hosts2 known_hosts2.bak && "
                   "awk -v h=%s -v p=%u '!((tolower(h) == $1 || tolower(h) \":\" p == $1) && p == $2)' "
                   "known_hosts2.bak > known_hosts2",
                   { RD_PARAM_ADDRESS, RD_PARAM_PORT } } },
    RUN (RD_SHELL_SH, "cd " KNOWN_HOSTS_DIR " && cp known_hosts2.bak known_hosts2"),
  },
};

static const RdRemedyInfo client_sync_clock = {
  "client-sync-clock", RD_SIDE_CLIENT, N_("Set this computer's clock automatically"),
  .steps = {
    { N_("In your system settings, turn on “Set time automatically”.") },
  },
  .actions = {
    RUN (RD_SHELL_SH, "timedatectl set-ntp true"),
  },
};

static const RdRemedyInfo client_tcp_only = {
  "client-tcp-only", RD_SIDE_CLIENT, N_("Use TCP only for Remote Desktop"), .app_action = "profile",
  .steps = {
    { N_("Remote Desktop then sends everything over TCP, which gets through where UDP is dropped. It is a little less smooth on poor links, nothing more.") },
    { N_("On Windows (as administrator), run this line and restart:") },
    { N_("In Remmina: edit the connection, Advanced tab, set “Network connection type” to a wired option, or turn UDP off. In FreeRDP, leave out /network:auto and /udp options.") },
    { N_("Group Policy on Windows: Computer Configuration → Administrative Templates → Windows Components → Remote Desktop Services → Remote Desktop Connection Client → “Turn Off UDP On Client”: Enabled.") },
  },
  .actions = {
    { .kind = RD_ACTION_REGISTRY_SET, .shell = RD_SHELL_CMD,
      .registry = { TS_POLICIES "\\Client", "fClientDisableUDP", "1", RD_REGISTRY_DWORD, RD_UNDO_REMOVE } },
  },
};

static const RdRemedyInfo host_allow_udp = {
  "host-allow-udp", RD_SIDE_HOST, N_("Allow Remote Desktop over UDP on the computer"),
  .actions = {
    { .kind = RD_ACTION_FIREWALL, .firewall = { RD_FIREWALL_DISPLAY_NAME, "Remote Desktop - User Mode (UDP-In)", TRUE } },
  },
};

static const RdRemedyInfo network_allow_udp = {
  "network-allow-udp", RD_SIDE_NETWORK, N_("Allow UDP 3389 on the way"),
  .steps = {
    { N_("Routers, firewalls and VPNs on the way must let UDP port 3389 through, or Remote Desktop should use TCP only.") },
  },
};

static const RdRemedyInfo client_lower_mtu = {
  "client-lower-mtu", RD_SIDE_CLIENT, N_("Lower this computer's packet size (MTU)"), .app_action = "mtu",
  .steps = {
    { N_("This is harmless: packets are only split into smaller pieces. The first line lasts until the next restart, the second keeps it.") },
    { N_("On Windows (administrator Command Prompt; use your adapter's name from “netsh interface ipv4 show subinterfaces”):") },
  },
  .actions = {
    { .kind = RD_ACTION_RUN, .shell = RD_SHELL_SH,
      .command = { "sudo ip link set dev %s mtu %d", { RD_PARAM_DEVICE, RD_PARAM_MTU } } },
    { .kind = RD_ACTION_RUN, .shell = RD_SHELL_SH,
      .command = { "nmcli connection modify \"$(nmcli -g GENERAL.CONNECTION device show %s)\" ethernet.mtu %d",
                   { RD_PARAM_DEVICE, RD_PARAM_MTU } } },
    { .kind = RD_ACTION_RUN, .shell = RD_SHELL_CMD,
      .command = { "netsh interface ipv4 set subinterface \"Ethernet\" mtu=%d store=persistent", { RD_PARAM_MTU } } },
  },
};

static const RdRemedyInfo network_vpn_mtu = {
  "network-vpn-mtu", RD_SIDE_NETWORK, N_("Lower the VPN's MTU, or let ICMP through"),
  .steps = {
    { N_("Your network administrator can set the VPN's MTU lower, or allow ICMP “fragmentation needed” messages so the computers can find the right size by themselves.") },
  },
};

static const RdRemedyInfo client_wired = {
  "client-wired", RD_SIDE_CLIENT, N_("Use a steadier connection"),
  .steps = {
    { N_("Use a network cable instead of Wi-Fi, or move closer to the Wi-Fi router.") },
    { N_("Pause large downloads, video calls and backups while you connect.") },
  },
};

static const RdRemedyInfo vpn_settings = {
  "vpn-settings", RD_SIDE_NETWORK, N_("Ask your VPN's administrator"),
  .steps = {
    { N_("Show them this report: they can lower the VPN's MTU or allow Remote Desktop's UDP traffic.") },
  },
};

/* This computer's TLS settings (OpenSSL's security level) refuse what the
 * host offers. Remmina's profile key and FreeRDP 2's option both set
 * OpenSSL's level for that one connection; level 0 is the one that allows
 * TLS 1.0 and 1.1 with OpenSSL 3. */
static const RdRemedyInfo client_tls_seclevel = {
  "client-tls-seclevel", RD_SIDE_CLIENT, N_("Allow the old encryption for this connection only (lowers security)"),
  .app_action = "profile",
  .steps = {
    { N_("Use this only to get in until the other computer is updated: the connection is then protected by old encryption that an attacker on the way may be able to break.") },
    { N_("In Remmina: edit the connection, Advanced tab, set “TLS Security Level” to “0 — Windows 7 compatible”. To undo it, set it back to “Default”.") },
    { N_("With xfreerdp, add /tls-seclevel:0 to the command line; leave it out again to undo it.") },
  },
  .actions = {
    XFREERDP ("/tls-seclevel:0"),
    { .kind = RD_ACTION_PROFILE, .lowers_security = TRUE, .profile = { "tls-seclevel=0", "tls-seclevel=" } },
  },
};

static const RdRemedyInfo host_enable_tls12_when_old = HOST_ENABLE_TLS12 (RD_WHEN_HOST_TLS_OLD);
static const RdRemedyInfo host_regenerate_weak_certificate = HOST_REGENERATE_CERTIFICATE (RD_WHEN_CERT_WEAK);

/* ---- the Remote Desktop Gateway ------------------------------------------ */

#define RDG_MODULE "Import-Module RemoteDesktopServices; "

static const RdRemedyInfo client_check_rdgateway = {
  "client-check-rdgateway", RD_SIDE_CLIENT, N_("Check the gateway's name in your app"),
  .steps = {
    { N_("Your app goes through the Remote Desktop Gateway “%s”. Compare it letter by letter, and its port, with what your administrator gave you."),
      { RD_PARAM_RDGATEWAY_HOST } },
    { N_("Remote Desktop Connection: Show Options → Advanced → Connect from anywhere → Settings. Remmina: the connection's Gateway tab. A .rdp file: the “gatewayhostname” line.") },
  },
  .actions = {
    { .kind = RD_ACTION_SHOW, .command = { "Resolve-DnsName %s", { RD_PARAM_RDGATEWAY_ADDRESS } } },
    { .kind = RD_ACTION_SHOW, .shell = RD_SHELL_SH, .command = { "getent ahosts %s", { RD_PARAM_RDGATEWAY_ADDRESS } } },
  },
};

static const RdRemedyInfo host_rdgateway_service = {
  "host-rdgateway-service", RD_SIDE_HOST, N_("Start the Remote Desktop Gateway service"),
  .steps = {
    { N_("On the gateway server, open Services (services.msc) and start “Remote Desktop Gateway”; it needs IIS and Network Policy Server running too.") },
  },
  .actions = {
    SHOW (RD_SHELL_POWERSHELL, "Get-Service TSGateway, IAS, W3SVC"),
    SERVICE (RD_SERVICE_START, "TSGateway"),
  },
};

static const RdRemedyInfo host_rdgateway_firewall = {
  "host-rdgateway-firewall", RD_SIDE_HOST, N_("Let HTTPS through to the gateway"),
  .steps = {
    { N_("On the gateway server and on every firewall in front of it, incoming TCP port %u must be allowed."),
      { RD_PARAM_RDGATEWAY_PORT } },
  },
  .actions = {
    { .kind = RD_ACTION_SHOW,
      .command = { "Get-NetFirewallPortFilter -Protocol TCP | Where-Object LocalPort -eq %u | Get-NetFirewallRule | Format-Table DisplayName, Enabled, Action",
                   { RD_PARAM_RDGATEWAY_PORT } } },
    { .kind = RD_ACTION_RUN,
      .command = { "New-NetFirewallRule -DisplayName \"Remote Desktop Gateway (HTTPS-In)\" -Direction Inbound -Protocol TCP -LocalPort %u -Action Allow",
                   { RD_PARAM_RDGATEWAY_PORT } } },
  },
};

static const RdRemedyInfo host_rdgateway_certificate = {
  "host-rdgateway-certificate", RD_SIDE_HOST, N_("Give the gateway a valid certificate"),
  .steps = {
    { N_("The gateway needs a certificate from an authority the clients trust, in date, issued to the name the clients use (“%s”)."),
      { RD_PARAM_RDGATEWAY_HOST } },
    { N_("In RD Gateway Manager (tsgateway.msc): the server's Properties → SSL Certificate → import it there, then restart the Remote Desktop Gateway service.") },
  },
  .actions = {
    SHOW (RD_SHELL_POWERSHELL, RDG_MODULE "Get-Item RDS:\\GatewayServer\\SSLCertificate\\Thumbprint"),
    SHOW (RD_SHELL_POWERSHELL, "Get-ChildItem Cert:\\LocalMachine\\My | Format-List Subject, DnsNameList, NotAfter, Thumbprint"),
    SHOW (RD_SHELL_CMD, "netsh http show sslcert ipport=0.0.0.0:443"),
    SERVICE (RD_SERVICE_RESTART, "TSGateway"),
  },
};

static const RdRemedyInfo host_rdgateway_tls = {
  "host-rdgateway-tls", RD_SIDE_HOST, N_("Check the gateway's TLS setup"),
  .steps = {
    { N_("The gateway's certificate must be bound to its port and have its private key; TLS 1.2 must be on. RD Gateway Manager shows the certificate under the server's Properties → SSL Certificate.") },
  },
  .actions = {
    SHOW (RD_SHELL_CMD, "netsh http show sslcert ipport=0.0.0.0:443"),
    SHOW (RD_SHELL_POWERSHELL, RDG_MODULE "Get-Item RDS:\\GatewayServer\\SSLCertificate\\Thumbprint"),
    SERVICE (RD_SERVICE_RESTART, "TSGateway"),
  },
};

static const RdRemedyInfo client_trust_rdgateway = {
  "client-trust-rdgateway", RD_SIDE_CLIENT, N_("Trust the gateway's certificate, after checking it"),
  .steps = {
    { N_("Remote Desktop apps refuse a gateway whose certificate they cannot check. Ask your administrator for the gateway's certificate and its fingerprint, compare it with the one below, and only then install it as trusted on this computer.") },
  },
  .actions = {
    { .kind = RD_ACTION_SHOW, .shell = RD_SHELL_SH,
      .command = { "openssl s_client -connect %s -servername %s </dev/null | openssl x509 -noout -subject -dates -fingerprint -sha256",
                   { RD_PARAM_RDGATEWAY_TARGET, RD_PARAM_RDGATEWAY_ADDRESS } } },
  },
};

static const RdRemedyInfo client_use_rdgateway_certified_name = {
  "client-use-rdgateway-certified-name", RD_SIDE_CLIENT, N_("Use the gateway name its certificate shows"),
  .steps = {
    { N_("Remote Desktop apps refuse a gateway whose certificate is made out to another name than the one typed (“%s”). Open the technical details below, and type the gateway's name exactly as its certificate gives it, if that is your gateway."),
      { RD_PARAM_RDGATEWAY_HOST } },
  },
};

static const RdRemedyInfo host_rdgateway_http_transport = {
  "host-rdgateway-http-transport", RD_SIDE_HOST, N_("Turn on the gateway's HTTP transport"),
  .steps = {
    { N_("On the gateway server, open RD Gateway Manager (tsgateway.msc) → the server's Properties → Transport Settings, and check that the HTTP transport listens on the address and port %u the clients use."),
      { RD_PARAM_RDGATEWAY_PORT } },
    { N_("The gateway registers “/remoteDesktopGateway/” with the Windows HTTP service when it starts; the listing below must show it. Restarting the Remote Desktop Gateway service registers it again.") },
  },
  .actions = {
    SHOW (RD_SHELL_CMD, "netsh http show servicestate"),
    SHOW (RD_SHELL_POWERSHELL, RDG_MODULE "Get-ChildItem RDS:\\GatewayServer\\Transport -Recurse"),
    SERVICE (RD_SERVICE_RESTART, "TSGateway"),
  },
};

static const RdRemedyInfo host_rdgateway_events = {
  "host-rdgateway-events", RD_SIDE_HOST, N_("Read why the gateway refused"),
  .steps = {
    { N_("The gateway writes why it turns a connection away in Event Viewer → Applications and Services Logs → Microsoft → Windows → TerminalServices-Gateway → Operational.") },
  },
  .actions = {
    SHOW (RD_SHELL_POWERSHELL, "Get-WinEvent -LogName 'Microsoft-Windows-TerminalServices-Gateway/Operational' -MaxEvents 20 | Format-List TimeCreated, Id, Message"),
    SHOW (RD_SHELL_POWERSHELL, "Get-Service TSGateway, IAS, W3SVC"),
  },
};

static const RdRemedyInfo client_rdgateway_kerberos = {
  "client-rdgateway-kerberos", RD_SIDE_CLIENT, N_("Sign in to the gateway with Kerberos"),
  .steps = {
    { N_("Type the gateway's full name (such as “%s”), not a short name or an address: Kerberos finds the gateway by that name."),
      { RD_PARAM_RDGATEWAY_HOST } },
    { N_("Sign in with your domain account (DOMAIN\\user or user@domain). Kerberos needs a domain controller this computer can reach: connect your organisation's VPN when you are outside its network.") },
  },
  .actions = {
    SHOW (RD_SHELL_SH, "klist"),
  },
};

/* ---- the causes, in the order of RdCauseId ------------------------------ */

#define ABOUT_HOST(text) { text, { RD_PARAM_HOST } }

static const RdCauseRemedies cause_rows[] = {
  { RD_CAUSE_LOCAL_NETWORK_DOWN, N_("This computer is not connected to a network"),
    { N_("This computer has no working network connection (no connected network, or no way out of "
         "it). Nothing can reach the other computer until that is fixed.") },
    .remedies = { &client_connect_network, &restart_router } },

  { RD_CAUSE_GATEWAY_UNREACHABLE, N_("Your router does not answer"),
    { N_("This computer is connected, but the router that leads out of your network does not "
         "answer. Restarting the router and modem fixes this most of the time.") },
    .remedies = { &restart_router, &client_reconnect } },

  { RD_CAUSE_DNS_RESOLUTION_FAILED, N_("The computer's name could not be found"),
    ABOUT_HOST (N_("Your computer asked the network for the address of “%s”, and no address came back. "
                   "Without an address the connection cannot even start. Usually the name is mistyped, "
                   "it only works inside your organisation's network (VPN), or the name service (DNS) "
                   "of your network has a problem.")),
    .remedies = { &use_ip_address_unresolved, &check_name, &reconnect_vpn, &restart_router } },

  { RD_CAUSE_DNS_MISMATCH, N_("The name leads to a different computer"),
    ABOUT_HOST (N_("The computer that answered at “%s” calls itself by another name. The name may point "
                   "to an old address that now belongs to another computer.")),
    .remedies = { &use_ip_address_current, &network_fix_dns } },

  { RD_CAUSE_IPV6_PATH_BROKEN, N_("The computer cannot be reached over IPv6"),
    ABOUT_HOST (N_("“%s” has both a new-style (IPv6) and an old-style (IPv4) address. The IPv4 address works, "
                   "but the IPv6 one does not. Remote Desktop tries IPv6 first, so it may fail or "
                   "take long before it falls back.")),
    .remedies = { &use_ipv4_address, &check_ipv6_route } },

  { RD_CAUSE_HOST_UNREACHABLE, N_("The computer cannot be reached"),
    ABOUT_HOST (N_("The network reported that there is no way to “%s”. The computer may be switched off "
                   "or asleep, on a network you are not connected to, or the address may be wrong.")),
    .remedies = { &check_host_on, &reconnect_vpn, &restart_router } },

  { RD_CAUSE_PORT_FILTERED, N_("Something silently blocks the Remote Desktop port"),
    { N_("Nothing answered on port %u of “%s”: the connection attempts simply vanished. "
         "That is what a firewall does when it drops traffic, on the computer itself or "
         "on a router or VPN on the way."), { RD_PARAM_PORT, RD_PARAM_HOST } },
    .remedies = { &host_enable_remote_desktop, &network_firewall, &reconnect_vpn } },

  { RD_CAUSE_PORT_REFUSED, N_("Remote Desktop is not switched on at the computer"),
    { N_("“%s” answered, but refused the connection on port %u. The computer is there, "
         "but nothing accepts Remote Desktop connections on that port: Remote Desktop is "
         "switched off, its service is stopped, it uses another port, or a firewall "
         "rejects the connection."), { RD_PARAM_HOST, RD_PARAM_PORT } },
    .remedies = { &host_enable_remote_desktop, &check_port_number } },

  { RD_CAUSE_LISTENER_DROPS_CONNECTIONS, N_("The computer accepts the connection and drops it at once"),
    ABOUT_HOST (N_("“%s” accepted the connection and closed it straight away, before any Remote Desktop "
                   "message. This is the classic “0x904, extended 0x7” picture: the Remote Desktop service "
                   "refuses new connections, often because it is overloaded with pending connections "
                   "or cannot use its certificate.")),
    .remedies = { &host_restart_termservice, &host_max_outstanding } },

  { RD_CAUSE_NOT_RDP, N_("Something other than Remote Desktop answers on this port"),
    { N_("Port %u of “%s” answered, but not in the Remote Desktop language. Another program "
         "(for example a web server), a gateway or a security device is on that port."),
      { RD_PARAM_PORT, RD_PARAM_HOST } },
    .remedies = { &check_address_and_port, &host_check_listener } },

  { RD_CAUSE_HANDSHAKE_TIMEOUT, N_("The computer accepted the connection but never answered"),
    ABOUT_HOST (N_("The connection to “%s” was opened, but the Remote Desktop service never replied to "
                   "the first message. The service may be hung, or a VPN or firewall on the way lets "
                   "the connection open but holds back the data.")),
    .remedies = { &host_restart_termservice, &reconnect_vpn, &check_inspection } },

  { RD_CAUSE_NEGOTIATION_SSL_REQUIRED, N_("The computer requires a secure (TLS) connection"),
    { N_("The computer only accepts connections protected by TLS, and refused the old Remote Desktop "
         "security. Your Remote Desktop app must be set to use TLS or to negotiate.") },
    .remedies = { &client_use_tls } },

  { RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED, N_("The computer only offers old, weak Remote Desktop security"),
    { N_("The computer does not offer TLS, only the old “RDP Security Layer”, which cannot prove the "
         "computer's identity and protects the connection weakly. Apps that negotiate the security "
         "themselves still connect, after a warning: Windows' Remote Desktop Connection, and Remmina or "
         "FreeRDP set to “Automatic negotiation”. Apps set to TLS or NLA only are refused, and the "
         "connection ends with 0x904 / 0x7. The fix belongs on the computer: let it use TLS.") },
    .remedies = { &host_security_layer_tls, &client_negotiate_security } },

  { RD_CAUSE_NEGOTIATION_CERT_MISSING, N_("The computer cannot use its Remote Desktop certificate"),
    { N_("The computer said it has no certificate for a secure connection. When Windows cannot read "
         "or validate its Remote Desktop certificate, it refuses every connection with 0x904 / 0x7. "
         "Deleting the certificate makes Windows create a new one.") },
    .remedies = { &host_regenerate_certificate, &host_restart_termservice, &host_machinekeys,
                  &host_azure_machinekeys } },

  { RD_CAUSE_NEGOTIATION_HYBRID_REQUIRED, N_("The computer requires Network Level Authentication"),
    { N_("The computer only accepts connections that sign in first with Network Level Authentication "
         "(NLA). A Remote Desktop app set to plain TLS, or one without NLA support, is refused.") },
    .remedies = { &client_enable_nla, &host_nla_off_test } },

  { RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED, N_("The computer requires a sign-in method your app did not offer"),
    { N_("The computer asks for TLS with user authentication, a sign-in method only some Remote Desktop "
         "apps offer. Use Microsoft's Remote Desktop app, or have the administrator allow Network "
         "Level Authentication.") },
    .remedies = { &client_microsoft_app, &host_enable_nla } },

  { RD_CAUSE_TLS_HANDSHAKE_TERMINATED, N_("The computer breaks off the secure connection"),
    ABOUT_HOST (N_("“%s” agreed to a secure (TLS) connection and then cut it off in the middle of "
                   "setting it up. This is exactly what “0x904, extended 0x7” reports. Most often the "
                   "computer cannot use its Remote Desktop certificate or its private key, or a "
                   "security program on the way interrupts the connection.")),
    .remedies = { &host_regenerate_certificate, &host_restart_termservice, &host_machinekeys } },

  { RD_CAUSE_TLS_PROTOCOL_MISMATCH, N_("The computer only knows outdated TLS versions"),
    { N_("Your computer and the one you connect to found no TLS version or encryption method they "
         "both accept. The computer you connect to only offers old ones that today's systems "
         "refuse. The fix belongs on that computer: update it and turn on TLS 1.2. Lowering "
         "the security of this computer is not the fix.") },
    .remedies = { &host_enable_tls12, &host_windows_update } },

  { RD_CAUSE_TLS_CERT_EXPIRED, N_("The computer's Remote Desktop certificate has expired"),
    { N_("The certificate the computer shows to prove who it is is past its end date. Deleting it "
         "makes Windows create a fresh one.") },
    .remedies = { &host_regenerate_certificate } },

  { RD_CAUSE_TLS_CERT_NOT_YET_VALID, N_("The computer's Remote Desktop certificate is not valid yet"),
    { N_("The certificate the computer shows starts in the future. Usually the computer's clock "
         "was wrong when the certificate was made. Correct its clock, then let Windows create a "
         "new certificate.") },
    .remedies = { &host_sync_clock, &host_regenerate_certificate } },

  { RD_CAUSE_TLS_CERT_NAME_MISMATCH, N_("The certificate names a different computer"),
    ABOUT_HOST (N_("You connected to “%s”, but the certificate it showed is made out to another name. "
                   "Remote Desktop apps warn about this, and some refuse to connect. Either the "
                   "name leads to another computer than you think, or the certificate carries the "
                   "computer's other name.")),
    .remedies = { &client_use_certified_name, &host_regenerate_certificate } },

  { RD_CAUSE_TLS_CERT_SELF_SIGNED, N_("The computer uses its own, self-made certificate"),
    { N_("This is normal for Remote Desktop: Windows makes its own certificate. Your app will ask "
         "once whether to trust it; compare the fingerprint in the details with the one your "
         "administrator gives you.") },
    .remedies = { &client_trust_once } },

  { RD_CAUSE_TLS_CERT_WEAK, N_("The computer's certificate is too weak for today's systems"),
    { N_("The certificate uses a short key (under 2048 bits) or an outdated signature (SHA-1). "
         "Current systems refuse such certificates or warn about them. Deleting it makes Windows "
         "create a strong one.") },
    .remedies = { &host_regenerate_certificate, &host_enable_tls12 } },

  { RD_CAUSE_NLA_FAILED, N_("The computer breaks off Network Level Authentication"),
    { N_("The computer asked for Network Level Authentication (NLA) and then gave up on it before "
         "even asking for a password. Its sign-in services or its security settings (CredSSP) "
         "are at fault. We never sent a password: this happens before that.") },
    .remedies = { &host_restart_termservice, &client_tls_not_nla, &host_nla_off_test } },

  { RD_CAUSE_NLA_NTLM_REFUSED, N_("The computer does not accept sign-in by NTLM"),
    { N_("The computer refused to start Network Level Authentication with NTLM, the sign-in used when a "
         "computer is reached by its IP address or from outside its network. It wants Kerberos: connect by "
         "the computer's full name (not its IP address) from a computer that can reach the domain "
         "controller. We never sent a password: this happens before that.") },
    .remedies = { &client_use_kerberos, &client_tls_not_nla, &host_check_ntlm_policy } },

  { RD_CAUSE_CREDSSP_OUTDATED, N_("The computer's sign-in security is from before 2018"),
    { N_("The computer answered Network Level Authentication with an old CredSSP version, from before "
         "Microsoft's fix for CVE-2018-0886 (May 2018). Microsoft's Remote Desktop apps refuse such a "
         "computer by default since then (“CredSSP encryption oracle remediation”); FreeRDP apps such as "
         "Remmina still connect. The computer needs its updates.") },
    .remedies = { &host_credssp_update, &client_credssp_vulnerable } },

  { RD_CAUSE_CLOCK_SKEW, N_("The two computers' clocks disagree"),
    { N_("The time on this computer and on the computer you connect to differ by more than five "
         "minutes. Sign-in with Network Level Authentication fails, and certificates look expired "
         "or not yet valid, when clocks are this far apart.") },
    .remedies = { &client_sync_clock, &host_sync_clock } },

  { RD_CAUSE_UDP_BLOCKED, N_("UDP packets to the computer are dropped"),
    ABOUT_HOST (N_("Remote Desktop uses TCP and, when it can, UDP. UDP packets to “%s” get no answer, "
                   "while TCP works. When a router or VPN drops UDP during the start of a connection, "
                   "Remote Desktop can fail with 0x904. Switching your app to TCP only avoids it.")),
    .remedies = { &client_tcp_only, &host_allow_udp, &network_allow_udp } },

  { RD_CAUSE_MTU_BLACKHOLE, N_("Large packets get lost on the way"),
    { N_("Small packets reach the computer, but large ones vanish: the connection stalls as soon "
         "as the computer sends its certificate. Something on the way (often a VPN or a "
         "router) has a smaller packet size (MTU) and does not say so. With packets of at most "
         "%d bytes the connection works."), { RD_PARAM_MTU } },
    .remedies = { &client_lower_mtu, &network_vpn_mtu } },

  { RD_CAUSE_HIGH_LATENCY, N_("The connection is slow or unsteady"),
    { N_("Each round trip to the computer takes about %.0f ms, or varies a lot. Remote Desktop "
         "can give up during the start of a connection over such a link."), { RD_PARAM_RTT } },
    N_("Even your own router answers slowly, so the delay starts in your own network."), RD_WHEN_SLOW_GATEWAY,
    .remedies = { &client_wired, &reconnect_vpn, &restart_router } },

  { RD_CAUSE_VPN_PATH, N_("Your VPN is probably the cause"),
    { N_("A VPN is active on this computer, and the problem found is one VPNs typically cause "
         "(lost large packets, dropped UDP, or a slow link).") },
    .remedies = { &reconnect_vpn, &vpn_settings } },

  { RD_CAUSE_HANDSHAKE_INTERMITTENT, N_("The computer answered one connection and not another"),
    ABOUT_HOST (N_("Two secure connections were opened to “%s” at the same time: one stalled, the other "
                   "completed. So the computer works, but not every time: it may be busy or overloaded "
                   "with pending connections, or a VPN or firewall on the way holds back some "
                   "connections. Try again; if it keeps happening, the computer's administrator can "
                   "look into it.")),
    .remedies = { &host_max_outstanding, &host_restart_termservice, &reconnect_vpn } },

  { RD_CAUSE_SERVER_SLOW, N_("The computer is slow to answer"),
    { N_("The network to the computer is quick (%.1f ms per round trip), but its Remote Desktop service "
         "took %.0f ms to answer. The delay is not in the network: the computer is busy, its Remote "
         "Desktop service is struggling, or a tunnel or proxy in front of it forwards over a slow "
         "link. Remote Desktop can give up while starting a connection to such a computer."),
      { RD_PARAM_RTT, RD_PARAM_ANSWER_MS } },
    .remedies = { &host_find_load, &host_restart_termservice } },

  { RD_CAUSE_TLS_CLIENT_POLICY_STRICTER, N_("This computer refuses the old encryption of the other computer"),
    ABOUT_HOST (N_("“%s” offers only old encryption (an old TLS version, or weak signatures or keys). "
                   "The security settings of this computer refuse it, while a Windows PC may still "
                   "connect. The real fix is on that computer; until then you can allow the old "
                   "encryption for this one connection.")),
    .remedies = { &host_enable_tls12_when_old, &host_regenerate_weak_certificate, &host_windows_update,
                  &client_tls_seclevel } },

  { RD_CAUSE_RDGATEWAY_RESOLUTION_FAILED, N_("The Remote Desktop Gateway's name is not found"),
    { N_("Your app connects through a Remote Desktop Gateway, and this computer could not find the "
         "gateway's address: the name is mistyped, or it is only known inside your organisation's "
         "network. The computer behind the gateway was not the problem; it is only reached through "
         "the gateway.") },
    .remedies = { &client_check_rdgateway, &reconnect_vpn } },

  { RD_CAUSE_RDGATEWAY_PORT_CLOSED, N_("The Remote Desktop Gateway cannot be reached"),
    { N_("Your app connects through a Remote Desktop Gateway, whose address was found, but its HTTPS "
         "port did not accept the connection: it was refused or got no answer. The gateway service "
         "is not running, or a firewall blocks the port, or the port in your app is wrong.") },
    .remedies = { &client_check_rdgateway, &host_rdgateway_service, &host_rdgateway_firewall } },

  { RD_CAUSE_RDGATEWAY_TLS_FAILED, N_("No secure connection to the Remote Desktop Gateway"),
    { N_("The gateway's port accepts connections, but the encrypted (TLS) connection every gateway "
         "starts with could not be set up. Its certificate binding or TLS settings are broken, or "
         "something else than a gateway listens there.") },
    .remedies = { &host_rdgateway_tls, &client_check_rdgateway } },

  { RD_CAUSE_RDGATEWAY_CERT_EXPIRED, N_("The Remote Desktop Gateway's certificate is out of date"),
    { N_("The certificate the gateway shows has expired (or is not valid yet). Remote Desktop apps "
         "refuse to connect through a gateway with such a certificate.") },
    .remedies = { &host_rdgateway_certificate } },

  { RD_CAUSE_RDGATEWAY_CERT_NAME_MISMATCH, N_("The gateway's certificate names another server"),
    { N_("The certificate the gateway shows is made out to another name than the one in your app. "
         "Remote Desktop apps refuse to connect through a gateway whose certificate does not name "
         "it, so the name in your app must be the one on the certificate.") },
    .remedies = { &client_use_rdgateway_certified_name, &host_rdgateway_certificate } },

  { RD_CAUSE_RDGATEWAY_CERT_SELF_SIGNED, N_("The gateway uses a self-made certificate"),
    { N_("The gateway's certificate is signed by itself, not by an authority this computer trusts. "
         "Unlike the computer's own Remote Desktop certificate, a gateway's must be trusted: apps "
         "stop, or ask every time, until it is.") },
    .remedies = { &client_trust_rdgateway, &host_rdgateway_certificate } },

  { RD_CAUSE_RDGATEWAY_HTTP_DISABLED, N_("The gateway does not offer its HTTP transport"),
    { N_("The gateway answered the request that opens a Remote Desktop Gateway connection with "
         "“not found” or “forbidden”. Its HTTP transport is turned off or bound elsewhere (some apps "
         "then fall back to the older RPC over HTTP transport), or this is a web server but not a "
         "Remote Desktop Gateway.") },
    .remedies = { &host_rdgateway_http_transport, &client_check_rdgateway } },

  { RD_CAUSE_RDGATEWAY_REFUSED, N_("The gateway closes the connection without an answer"),
    { N_("The secure connection to the gateway works, but it closed the connection (or stayed "
         "silent) instead of answering the request that opens a Remote Desktop Gateway connection. "
         "The gateway refuses the request, or the service behind the port is not a gateway at all, "
         "for example Remote Desktop itself.") },
    .remedies = { &host_rdgateway_events, &host_rdgateway_http_transport, &client_check_rdgateway } },

  { RD_CAUSE_RDGATEWAY_NOT_A_GATEWAY, N_("The gateway address is not a Remote Desktop Gateway"),
    { N_("Something answers at the gateway's address, but not the way a Remote Desktop Gateway does: "
         "it is another kind of server, or the address or port in your app is wrong.") },
    .remedies = { &client_check_rdgateway, &host_rdgateway_http_transport } },

  { RD_CAUSE_RDGATEWAY_KERBEROS_ONLY, N_("The gateway accepts Kerberos sign-ins only"),
    { N_("The gateway works and offers Negotiate as its only sign-in method, without NTLM: in "
         "practice it wants Kerberos. Apps then need the gateway's full name and a domain "
         "controller within reach; from outside the organisation's network, signing in fails.") },
    .remedies = { &client_rdgateway_kerberos, &reconnect_vpn } },

  { RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE, N_("Your app remembers an older certificate of this computer"),
    { N_("Your Remote Desktop app remembers a different certificate for this computer than the one it "
         "shows now, so the app will warn that the certificate changed, or refuse to connect. That is "
         "expected after the computer got a new certificate, for example after Windows was asked to "
         "create a new one. Otherwise it is suspicious: someone may stand in between. Compare the "
         "fingerprint with your administrator before you trust the new certificate.") },
    .remedies = { &client_forget_certificate } },
};

G_STATIC_ASSERT (G_N_ELEMENTS (cause_rows) == RD_N_CAUSES - 1);

/**
 * rd_remedy_catalogue_lookup_cause:
 *
 * Returns: (nullable): the catalogue's row for @id
 */
const RdCauseRemedies *
rd_remedy_catalogue_lookup_cause (RdCauseId id)
{
  if (id <= RD_CAUSE_OTHER || id >= RD_N_CAUSES)
    return NULL;
  g_return_val_if_fail (cause_rows[id - 1].id == id, NULL);
  return &cause_rows[id - 1];
}

/**
 * rd_remedy_catalogue_lookup:
 *
 * Returns: (nullable): the remedy @remedy_id as the row of @cause has it
 */
const RdRemedyInfo *
rd_remedy_catalogue_lookup (RdCauseId   cause,
                            const char *remedy_id)
{
  const RdCauseRemedies *row = rd_remedy_catalogue_lookup_cause (cause);

  for (guint i = 0; row != NULL && i < RD_CAUSE_MAX_REMEDIES && row->remedies[i] != NULL; i++)
    if (g_strcmp0 (row->remedies[i]->id, remedy_id) == 0)
      return row->remedies[i];
  return NULL;
}

const RdCauseRemedies *
rd_remedy_catalogue_get_all (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (cause_rows);
  return cause_rows;
}

/* ---- the rendering for a person ------------------------------------------ */

/**
 * rd_remedy_info_render:
 * @info: a remedy of the catalogue
 * @params: the values of its parameters
 *
 * Returns: (transfer full): the remedy for a person: translated title and
 *   steps, and its commands by shell with their undo
 */
RdRemedy *
rd_remedy_info_render (const RdRemedyInfo   *info,
                       const RdRemedyParams *params)
{
  RdRemedy *remedy = rd_remedy_new (info->id, info->side, _(info->title));

  remedy->action = g_strdup (info->app_action);
  for (guint i = 0; i < RD_REMEDY_MAX_STEPS && info->steps[i].format != NULL; i++)
    {
      g_autofree char *step = rd_template_render (&info->steps[i], TRUE, params);

      if (step != NULL)
        rd_remedy_add_step (remedy, step);
    }

  for (guint i = 0; i < RD_REMEDY_MAX_ACTIONS && info->actions[i].kind != RD_ACTION_NONE; i++)
    {
      const RdAction *action = &info->actions[i];
      g_autofree char *command = rd_action_render_command (action, params);
      g_autofree char *undo = rd_action_render_undo (action);

      if (command != NULL)
        rd_remedy_add_command (remedy, rd_shell_to_string (action->shell), command);
      if (undo != NULL)
        rd_remedy_add_command (remedy, "undo", undo);
      remedy->lowers_security |= action->lowers_security;
    }
  return remedy;
}

/**
 * rd_remedies_describe:
 * @cause: a cause without words yet
 * @target: what was checked
 * @findings: check id -> RdFinding
 *
 * Fills in the cause's title, explanation and remedies from the catalogue.
 */
void
rd_remedies_describe (RdCause        *cause,
                      const RdTarget *target,
                      GHashTable     *findings)
{
  const RdCauseRemedies *row = rd_remedy_catalogue_lookup_cause (cause->id);
  g_autoptr(RdRemedyParams) params = NULL;

  if (row == NULL)
    {
      g_critical ("No description for cause %s", cause->name);
      cause->title = g_strdup (cause->name);
      cause->explanation = g_strdup ("");
      return;
    }

  params = rd_remedy_params_new (target, findings);
  cause->title = g_strdup (_(row->title));
  cause->explanation = rd_template_render (&row->explanation, TRUE, params);
  if (row->addendum != NULL && rd_remedy_params_holds (params, row->addendum_when))
    {
      char *more = g_strconcat (cause->explanation, " ", _(row->addendum), NULL);

      g_free (cause->explanation);
      cause->explanation = more;
    }

  for (guint i = 0; i < RD_CAUSE_MAX_REMEDIES && row->remedies[i] != NULL; i++)
    if (rd_remedy_params_holds (params, row->remedies[i]->when))
      g_ptr_array_add (cause->remedies, rd_remedy_info_render (row->remedies[i], params));
}
