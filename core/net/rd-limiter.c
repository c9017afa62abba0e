/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "rd-limiter.h"

typedef struct
{
  guint  in_use;
  guint  peak;
  gint64 last_start;   /* monotonic µs, 0 = never */
} Slots;

struct _RdLimiterWaiter
{
  int fd;   /* eventfd */
};

static GMutex lock;
static GHashTable *slots_by_address;   /* "ip" -> Slots */
static GSList *waiters;                /* RdLimiterWaiter*, under lock */
static guint per_address_max;          /* 0: no bound */
static gint64 gap_us;

void
rd_limiter_configure (guint per_address,
                      guint gap_ms)
{
  g_mutex_lock (&lock);
  per_address_max = MIN (per_address, RD_LIMITER_MAX_PER_ADDRESS);
  gap_us = (gint64) gap_ms * 1000;
  g_mutex_unlock (&lock);
}

guint
rd_limiter_get_per_address (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = per_address_max;
  g_mutex_unlock (&lock);
  return n;
}

/* Under lock. */
static Slots *
slots_for (GInetAddress *address,
           gboolean      create)
{
  g_autofree char *key = g_inet_address_to_string (address);
  Slots *slots;

  if (slots_by_address == NULL)
    {
      if (!create)
        return NULL;
      slots_by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  slots = g_hash_table_lookup (slots_by_address, key);
  if (slots == NULL && create)
    {
      slots = g_new0 (Slots, 1);
      g_hash_table_insert (slots_by_address, g_steal_pointer (&key), slots);
    }
  return slots;
}

/* Under lock: a sweep of thousands of addresses keeps only those in use or
 * within their gap. */
static void
prune (gint64 now)
{
  GHashTableIter iter;
  gpointer value;

  if (slots_by_address == NULL || g_hash_table_size (slots_by_address) < 1024)
    return;
  g_hash_table_iter_init (&iter, slots_by_address);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slots *slots = value;

      if (slots->in_use == 0 && now >= slots->last_start + gap_us)
        g_hash_table_iter_remove (&iter);
    }
}

gboolean
rd_limiter_try_acquire (GInetAddress *address,
                        gint64       *retry_at)
{
  gint64 now = g_get_monotonic_time ();
  gboolean taken = FALSE;
  Slots *slots;

  g_mutex_lock (&lock);
  if (per_address_max == 0)
    {
      /* No bound: nothing to count, nothing kept per address. */
      g_mutex_unlock (&lock);
      return TRUE;
    }
  prune (now);
  slots = slots_for (address, TRUE);
  if (slots->in_use >= per_address_max)
    {
      if (retry_at != NULL)
        *retry_at = G_MAXINT64;
    }
  else if (slots->last_start != 0 && now < slots->last_start + gap_us)
    {
      if (retry_at != NULL)
        *retry_at = slots->last_start + gap_us;
    }
  else
    taken = TRUE;

  if (taken)
    {
      slots->in_use++;
      slots->peak = MAX (slots->peak, slots->in_use);
      slots->last_start = now;
    }
  g_mutex_unlock (&lock);
  return taken;
}

void
rd_limiter_release (GInetAddress *address)
{
  Slots *slots;

  g_mutex_lock (&lock);
  slots = slots_for (address, FALSE);
  /* Taken while there was no bound: nothing was counted. */
  if (slots == NULL || slots->in_use == 0)
    {
      g_mutex_unlock (&lock);
      return;
    }
  slots->in_use--;
  for (GSList *l = waiters; l != NULL; l = l->next)
    {
      RdLimiterWaiter *waiter = l->data;
      guint64 one = 1;

      /* Only fails when the counter is near overflow: it is readable then. */
      if (write (waiter->fd, &one, sizeof one) < 0)
        continue;
    }
  g_mutex_unlock (&lock);
}

RdLimiterWaiter *
rd_limiter_waiter_new (void)
{
  RdLimiterWaiter *waiter;
  int fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);

  if (fd < 0)
    return NULL;
  waiter = g_new0 (RdLimiterWaiter, 1);
  waiter->fd = fd;
  g_mutex_lock (&lock);
  waiters = g_slist_prepend (waiters, waiter);
  g_mutex_unlock (&lock);
  return waiter;
}

int
rd_limiter_waiter_get_fd (RdLimiterWaiter *waiter)
{
  return waiter->fd;
}

void
rd_limiter_waiter_clear (RdLimiterWaiter *waiter)
{
  guint64 count;

  while (read (waiter->fd, &count, sizeof count) > 0)
    ;
}

void
rd_limiter_waiter_free (RdLimiterWaiter *waiter)
{
  if (waiter == NULL)
    return;
  g_mutex_lock (&lock);
  waiters = g_slist_remove (waiters, waiter);
  g_mutex_unlock (&lock);
  close (waiter->fd);
  g_free (waiter);
}

gboolean
rd_limiter_acquire (GInetAddress *address,
                    gint64        deadline,
                    GCancellable *cancellable)
{
  g_autoptr(RdLimiterWaiter) waiter = NULL;
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd = FALSE;
  gboolean taken = FALSE;
  gint64 retry_at = 0;

  if (rd_limiter_try_acquire (address, &retry_at))
    return TRUE;
  waiter = rd_limiter_waiter_new ();
  if (waiter == NULL)
    return FALSE;
  have_cancel_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &cancel_fd);

  while (!g_cancellable_is_cancelled (cancellable))
    {
      struct pollfd fds[2] = {
        { waiter->fd, POLLIN, 0 },
        { cancel_fd.fd, POLLIN, 0 },
      };
      gint64 now, wake;

      /* Registered first, tried again after: a release in between is seen. */
      if (rd_limiter_try_acquire (address, &retry_at))
        {
          taken = TRUE;
          break;
        }
      now = g_get_monotonic_time ();
      if (now >= deadline)
        break;
      wake = MIN (deadline, retry_at);
      if (poll (fds, have_cancel_fd ? 2 : 1, (int) MIN ((wake - now + 999) / 1000, G_MAXINT)) < 0 &&
          errno != EINTR)
        break;
      rd_limiter_waiter_clear (waiter);
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
  return taken;
}

guint
rd_limiter_get_peak (GInetAddress *address)
{
  Slots *slots;
  guint peak;

  g_mutex_lock (&lock);
  slots = slots_for (address, FALSE);
  peak = slots != NULL ? slots->peak : 0;
  g_mutex_unlock (&lock);
  return peak;
}

guint
rd_limiter_get_in_use (GInetAddress *address)
{
  Slots *slots;
  guint in_use;

  g_mutex_lock (&lock);
  slots = slots_for (address, FALSE);
  in_use = slots != NULL ? slots->in_use : 0;
  g_mutex_unlock (&lock);
  return in_use;
}
