/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: the kind of link an interface is, and the commands for a
 * kind given directly; rd_mtu_fix_commands() guesses the kind itself. */

#include "rd-mtu-fix.h"

G_BEGIN_DECLS

/* Where NetworkManager keeps an interface's MTU. */
typedef enum
{
  RD_MTU_LINK_ETHERNET,   /* 802-3-ethernet.mtu, applied with a reapply */
  RD_MTU_LINK_WIFI,       /* 802-11-wireless.mtu, applied with a reapply */
  RD_MTU_LINK_WIREGUARD,  /* wireguard.mtu; NetworkManager must reconnect */
  RD_MTU_LINK_TUN,        /* tun/tap: 802-3-ethernet.mtu, unless a VPN app owns it */
  RD_MTU_LINK_OTHER,      /* ppp and the like: only the ip command */
} RdMtuLinkKind;

/* The kind of link, from /sys/class/net when the interface exists here,
 * from its name otherwise. */
RdMtuLinkKind  rd_mtu_fix_guess_kind           (const char          *interface);
RdMtuLinkKind  rd_mtu_fix_guess_kind_from_name (const char          *interface);
char          *rd_mtu_fix_commands_for_kind    (const char          *interface,
                                                RdMtuLinkKind        kind,
                                                guint                mtu,
                                                guint                old_mtu,
                                                GError             **error);

G_END_DECLS
