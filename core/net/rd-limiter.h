/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The process-wide bound on connections to one destination address: at most
 * N connects in flight to an address at once (from the SYN until the host
 * answers, refuses, or the attempt gives up), and successive connects to it
 * at least a gap apart. A farm behind one address, or one busy listener with
 * a short backlog, then sees a steady trickle rather than a burst from every
 * check of every diagnosis at once. Off (no bound, no gap) until set; a sweep
 * sets it. rd_net_connect_many() takes and gives back the slots; the time
 * an attempt waits for one is not part of its own timeout.
 */

#define RD_LIMITER_DEFAULT_PER_ADDRESS 4
#define RD_LIMITER_MAX_PER_ADDRESS 64
#define RD_LIMITER_DEFAULT_GAP_MS 10

void      rd_limiter_configure        (guint          per_address,
                                       guint          gap_ms);
guint     rd_limiter_get_per_address  (void);

/* Takes a slot for @address when one is free and the gap has passed; else
 * FALSE, with *@retry_at (nullable) the monotonic time at which the gap
 * alone will have passed, or G_MAXINT64 when a slot must be given back first. */
gboolean  rd_limiter_try_acquire      (GInetAddress  *address,
                                       gint64        *retry_at);
void      rd_limiter_release          (GInetAddress  *address);

/* Waits for a slot (worker threads): sleeps until a release or the gap's
 * end, never spins. FALSE at @deadline or on cancellation. */
gboolean  rd_limiter_acquire          (GInetAddress  *address,
                                       gint64         deadline,
                                       GCancellable  *cancellable);

/* For a poll() loop that waits for sockets and slots at once: a descriptor
 * that becomes readable whenever a slot is given back. */
typedef struct _RdLimiterWaiter RdLimiterWaiter;

RdLimiterWaiter *rd_limiter_waiter_new    (void);
int              rd_limiter_waiter_get_fd (RdLimiterWaiter *waiter);
void             rd_limiter_waiter_clear  (RdLimiterWaiter *waiter);
void             rd_limiter_waiter_free   (RdLimiterWaiter *waiter);

/* The most slots of @address ever taken at once, and those taken now. */
guint     rd_limiter_get_peak         (GInetAddress  *address);
guint     rd_limiter_get_in_use       (GInetAddress  *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdLimiterWaiter, rd_limiter_waiter_free)

G_END_DECLS
