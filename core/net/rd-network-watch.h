/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RdNetworkState:
 * @RD_NETWORK_STATE_UNKNOWN: not probed yet in this wait
 * @RD_NETWORK_STATE_UP: the network works (a default route, and the router
 *   answers)
 * @RD_NETWORK_STATE_DOWN: it does not
 * @RD_NETWORK_STATE_BACK: it works again after being down
 */
typedef enum
{
  RD_NETWORK_STATE_UNKNOWN,
  RD_NETWORK_STATE_UP,
  RD_NETWORK_STATE_DOWN,
  RD_NETWORK_STATE_BACK,
} RdNetworkState;

#define RD_TYPE_NETWORK_STATE (rd_network_state_get_type ())
GType rd_network_state_get_type (void) G_GNUC_CONST;

/**
 * RdNetworkProbeFunc:
 * @cancellable: cancelled when the wait ends; a probe should stop then
 * @user_data: the data given to rd_network_watch_set_probe()
 *
 * Runs in a worker thread, one call at a time, and should return within a
 * couple of seconds.
 *
 * Returns: whether the network is up.
 */
typedef gboolean (*RdNetworkProbeFunc) (GCancellable *cancellable,
                                        gpointer      user_data);

#define RD_TYPE_NETWORK_WATCH (rd_network_watch_get_type ())
G_DECLARE_FINAL_TYPE (RdNetworkWatch, rd_network_watch, RD, NETWORK_WATCH, GObject)

RdNetworkWatch *rd_network_watch_new             (void);
void            rd_network_watch_set_probe       (RdNetworkWatch      *self,
                                                  RdNetworkProbeFunc   func,
                                                  gpointer             data);
void            rd_network_watch_set_interval_ms (RdNetworkWatch      *self,
                                                  guint                interval_ms);
RdNetworkState  rd_network_watch_get_state       (RdNetworkWatch      *self);
guint           rd_network_watch_get_seconds_left (RdNetworkWatch     *self);

void            rd_network_watch_wait_async      (RdNetworkWatch      *self,
                                                  guint                timeout_s,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        rd_network_watch_wait_finish     (RdNetworkWatch      *self,
                                                  GAsyncResult        *result,
                                                  gboolean            *went_down,
                                                  GError             **error);

gboolean        rd_network_probe_default         (GCancellable        *cancellable,
                                                  gpointer             user_data);

G_END_DECLS
