/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Lowering this computer's MTU when the diagnosis finds an MTU black hole:
 * the commands a person can run without the app, and the same change made
 * through NetworkManager, where it runs and the app was built with libnm.
 */

#define RD_MTU_MIN 68      /* the smallest MTU IPv4 allows */
#define RD_MTU_MAX 65535

/* TRUE when @interface is a plain interface name: 1 to 15 printable ASCII
 * characters, without '/', ':' or spaces, and not "." or "..". */
gboolean       rd_mtu_fix_check_interface      (const char          *interface,
                                                GError             **error);

/* The lines a person runs to set @interface's MTU to @mtu: at once with ip
 * (until the next restart), to keep with NetworkManager, and the lines that
 * put @old_mtu back. Comments are translated. NULL with an error for a name
 * that is not a plain interface name, or an MTU out of range. */
char          *rd_mtu_fix_commands             (const char          *interface,
                                                guint                mtu,
                                                guint                old_mtu,
                                                GError             **error);

/* Sets the MTU of the NetworkManager profile active on @interface, saved to
 * disk, and applies it (polkit asks the person as usual). Fails with
 * G_IO_ERROR_NOT_SUPPORTED when the app cannot do it (built without libnm,
 * NetworkManager not running, interface not managed by it): the message says
 * to run the commands from rd_mtu_fix_commands() instead. On success
 * *old_mtu is the interface's MTU before, for rd_mtu_fix_undo_async(). */
void           rd_mtu_fix_apply_async          (const char          *interface,
                                                guint                mtu,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       rd_mtu_fix_apply_finish         (GAsyncResult        *result,
                                                guint               *old_mtu,
                                                GError             **error);

/* Puts @old_mtu back, as rd_mtu_fix_apply_async() does. */
void           rd_mtu_fix_undo_async           (const char          *interface,
                                                guint                old_mtu,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       rd_mtu_fix_undo_finish          (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
