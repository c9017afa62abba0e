/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bound on connects to one address (rd-limiter.h): slots per address,
 * the gap between connects, waiting without spinning (a release wakes the
 * waiter; a deadline and a cancellation end the wait), and
 * rd_net_connect_many() keeping within the bound against a loopback
 * listener, from several threads at once.
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-limiter.h"
#include "rd-net.h"

static GInetAddress *
inet (const char *text)
{
  return g_inet_address_new_from_string (text);
}

static void
test_slots (void)
{
  g_autoptr(GInetAddress) a = inet ("192.0.2.1");
  g_autoptr(GInetAddress) b = inet ("192.0.2.2");
  gint64 retry_at = 0;

  rd_limiter_configure (2, 0);
  g_assert_true (rd_limiter_try_acquire (a, NULL));
  g_assert_true (rd_limiter_try_acquire (a, NULL));
  g_assert_false (rd_limiter_try_acquire (a, &retry_at));
  g_assert_cmpint (retry_at, ==, G_MAXINT64);
  /* Another address has slots of its own. */
  g_assert_true (rd_limiter_try_acquire (b, NULL));
  g_assert_cmpuint (rd_limiter_get_in_use (a), ==, 2);
  rd_limiter_release (a);
  g_assert_true (rd_limiter_try_acquire (a, NULL));
  g_assert_cmpuint (rd_limiter_get_peak (a), ==, 2);
  rd_limiter_release (a);
  rd_limiter_release (a);
  rd_limiter_release (b);
  g_assert_cmpuint (rd_limiter_get_in_use (a), ==, 0);

  /* Off: every connect may start; nothing is counted or kept. */
  rd_limiter_configure (0, 0);
  for (int i = 0; i < 100; i++)
    g_assert_true (rd_limiter_try_acquire (a, NULL));
  g_assert_cmpuint (rd_limiter_get_in_use (a), ==, 0);
  rd_limiter_release (a);
}

static void
test_gap (void)
{
  g_autoptr(GInetAddress) a = inet ("192.0.2.3");
  gint64 retry_at = 0, start;

  rd_limiter_configure (4, 50);
  start = g_get_monotonic_time ();
  g_assert_true (rd_limiter_try_acquire (a, NULL));
  g_assert_false (rd_limiter_try_acquire (a, &retry_at));
  g_assert_cmpint (retry_at, >=, start + 50 * 1000);
  g_assert_cmpint (retry_at, <=, g_get_monotonic_time () + 50 * 1000);
  /* The blocking wait sleeps until the gap has passed. */
  g_assert_true (rd_limiter_acquire (a, rd_deadline_in_ms (2000), NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 50 * 1000);
  rd_limiter_release (a);
  rd_limiter_release (a);
  rd_limiter_configure (0, 0);
}

static gboolean
release_later (gpointer user_data)
{
  rd_limiter_release (user_data);
  return G_SOURCE_REMOVE;
}

static gpointer
release_thread (gpointer user_data)
{
  g_usleep (100 * 1000);
  release_later (user_data);
  return NULL;
}

static gpointer
cancel_thread (gpointer user_data)
{
  g_usleep (50 * 1000);
  g_cancellable_cancel (user_data);
  return NULL;
}

static void
test_wait (void)
{
  g_autoptr(GInetAddress) a = inet ("192.0.2.4");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GThread *thread;
  gint64 start;

  rd_limiter_configure (1, 0);
  g_assert_true (rd_limiter_try_acquire (a, NULL));

  /* A release in another thread wakes the waiter. */
  start = g_get_monotonic_time ();
  thread = g_thread_new ("release", release_thread, a);
  g_assert_true (rd_limiter_acquire (a, rd_deadline_in_ms (5000), NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 90 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2000 * 1000);
  g_thread_join (thread);

  /* Nobody releases: the deadline ends the wait. */
  start = g_get_monotonic_time ();
  g_assert_false (rd_limiter_acquire (a, rd_deadline_in_ms (100), NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);

  /* ... or a cancellation, long before it. */
  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_thread, cancellable);
  g_assert_false (rd_limiter_acquire (a, rd_deadline_in_ms (5000), cancellable));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2000 * 1000);
  g_thread_join (thread);

  rd_limiter_release (a);
  g_assert_cmpuint (rd_limiter_get_in_use (a), ==, 0);
  rd_limiter_configure (0, 0);
}

/* A listener on 127.0.0.1 that never accepts: the kernel completes the
 * handshakes into its backlog. Returns its port; *fd to close. */
static guint16
listen_loopback (int *fd)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof address;

  *fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (*fd, >=, 0);
  g_assert_cmpint (bind (*fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (*fd, 128), ==, 0);
  g_assert_cmpint (getsockname (*fd, (struct sockaddr *) &address, &length), ==, 0);
  return ntohs (address.sin_port);
}

typedef struct
{
  GSocketAddress *address;
  guint           n_ok;
} ConnectJob;

#define ATTEMPTS 6

static gpointer
connect_thread (gpointer user_data)
{
  ConnectJob *job = user_data;
  RdConnectAttempt attempts[ATTEMPTS] = { 0 };

  for (guint i = 0; i < ATTEMPTS; i++)
    attempts[i].address = G_INET_SOCKET_ADDRESS (job->address);
  rd_net_connect_many (attempts, ATTEMPTS, rd_deadline_in_ms (5000), NULL);
  for (guint i = 0; i < ATTEMPTS; i++)
    {
      if (attempts[i].state == RD_CONNECT_OK)
        {
          job->n_ok++;
          close (attempts[i].fd);
        }
    }
  return NULL;
}

static void
test_connect_many (void)
{
  g_autoptr(GInetAddress) loopback = inet ("127.0.0.1");
  g_autoptr(GSocketAddress) address = NULL;
  ConnectJob jobs[4] = { 0 };
  GThread *threads[G_N_ELEMENTS (jobs)];
  int listener;
  guint16 port = listen_loopback (&listener);

  address = g_inet_socket_address_new (loopback, port);
  rd_limiter_configure (2, 1);
  for (guint t = 0; t < G_N_ELEMENTS (jobs); t++)
    {
      jobs[t].address = address;
      threads[t] = g_thread_new ("connect", connect_thread, &jobs[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (jobs); t++)
    {
      g_thread_join (threads[t]);
      /* Each waited its turn, and then had its own time: all connected. */
      g_assert_cmpuint (jobs[t].n_ok, ==, ATTEMPTS);
    }
  /* Loopback answers at once: often one at a time is all it takes. */
  g_assert_cmpuint (rd_limiter_get_peak (loopback), >=, 1);
  g_assert_cmpuint (rd_limiter_get_peak (loopback), <=, 2);
  g_assert_cmpuint (rd_limiter_get_in_use (loopback), ==, 0);
  close (listener);
  rd_limiter_configure (0, 0);
}

/* Connects that stay unanswered hold their slots: a listener whose backlog
 * is full drops the SYNs. Four attempts, two at a time, each its own 300 ms:
 * two turns, never more than two in flight. */
static void
test_connect_in_flight (void)
{
  g_autoptr(GInetAddress) loopback = inet ("127.0.0.3");
  g_autoptr(GSocketAddress) address = NULL;
  struct sockaddr_in native = { .sin_family = AF_INET };
  socklen_t length = sizeof native;
  RdConnectAttempt fill[8] = { 0 }, attempts[4] = { 0 };
  int listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gint64 start;

  native.sin_addr.s_addr = htonl (0x7f000003);
  g_assert_cmpint (bind (listener, (struct sockaddr *) &native, sizeof native), ==, 0);
  g_assert_cmpint (listen (listener, 0), ==, 0);
  g_assert_cmpint (getsockname (listener, (struct sockaddr *) &native, &length), ==, 0);
  address = g_inet_socket_address_new (loopback, ntohs (native.sin_port));

  /* Fill the backlog (no bound yet). */
  rd_limiter_configure (0, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fill); i++)
    fill[i].address = G_INET_SOCKET_ADDRESS (address);
  rd_net_connect_many (fill, G_N_ELEMENTS (fill), rd_deadline_in_ms (300), NULL);

  rd_limiter_configure (2, 0);
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    attempts[i].address = G_INET_SOCKET_ADDRESS (address);
  start = g_get_monotonic_time ();
  rd_net_connect_many (attempts, G_N_ELEMENTS (attempts), rd_deadline_in_ms (300), NULL);
  g_assert_cmpuint (rd_limiter_get_peak (loopback), ==, 2);
  g_assert_cmpuint (rd_limiter_get_in_use (loopback), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 590 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3000 * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_assert_cmpint (attempts[i].state, ==, RD_CONNECT_TIMEOUT);
      g_assert_cmpint (attempts[i].fd, ==, -1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fill); i++)
    if (fill[i].fd >= 0)
      close (fill[i].fd);
  close (listener);
  rd_limiter_configure (0, 0);
}

static void
test_connect_no_turn (void)
{
  g_autoptr(GInetAddress) a = inet ("127.0.0.9");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (a, 9);
  RdConnectAttempt attempt = { .address = G_INET_SOCKET_ADDRESS (address) };
  gint64 start;

  /* The slot is taken and never given back: after twice its time the
   * attempt counts as unanswered, without a socket. */
  rd_limiter_configure (1, 0);
  g_assert_true (rd_limiter_try_acquire (a, NULL));
  start = g_get_monotonic_time ();
  rd_net_connect_many (&attempt, 1, rd_deadline_in_ms (100), NULL);
  g_assert_cmpint (attempt.state, ==, RD_CONNECT_TIMEOUT);
  g_assert_cmpint (attempt.fd, ==, -1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 190 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2000 * 1000);
  rd_limiter_release (a);
  rd_limiter_configure (0, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limiter/slots", test_slots);
  g_test_add_func ("/limiter/gap", test_gap);
  g_test_add_func ("/limiter/wait", test_wait);
  g_test_add_func ("/limiter/connect-many", test_connect_many);
  g_test_add_func ("/limiter/connect-in-flight", test_connect_in_flight);
  g_test_add_func ("/limiter/connect-no-turn", test_connect_no_turn);
  return g_test_run ();
}
