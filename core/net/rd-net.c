/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-limiter.h"
#include "rd-net.h"

gint64
rd_deadline_in_ms (guint ms)
{
  return g_get_monotonic_time () + (gint64) ms * 1000;
}

gint64
rd_ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000;
}

static int
poll_timeout_ms (gint64 deadline)
{
  gint64 left = deadline - g_get_monotonic_time ();

  if (left <= 0)
    return 0;
  /* Round up so we never wake just before the deadline and spin. */
  return (int) MIN ((left + 999) / 1000, G_MAXINT);
}

static RdConnectState
classify_errno (int error)
{
  switch (error)
    {
    case ECONNREFUSED:
      return RD_CONNECT_REFUSED;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
    case EPERM:
    case EACCES:
      return RD_CONNECT_UNREACHABLE;
    case ETIMEDOUT:
      return RD_CONNECT_TIMEOUT;
    default:
      return RD_CONNECT_ERROR;
    }
}

int
rd_net_socket_for (GSocketAddress          *address,
                   int                      type,
                   int                      protocol,
                   struct sockaddr_storage *native,
                   socklen_t               *native_length)
{
  gssize size = g_socket_address_get_native_size (address);

  if (size <= 0 || (gsize) size > sizeof *native ||
      !g_socket_address_to_native (address, native, sizeof *native, NULL))
    {
      errno = EAFNOSUPPORT;
      return -1;
    }

  *native_length = (socklen_t) size;
  return socket (native->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
}

static void
start_attempt (RdConnectAttempt *attempt)
{
  struct sockaddr_storage native;
  socklen_t native_length = 0;
  int one = 1;
  int fd;

  attempt->fd = -1;
  attempt->error = 0;
  attempt->rtt_us = 0;

  fd = rd_net_socket_for (G_SOCKET_ADDRESS (attempt->address), SOCK_STREAM, IPPROTO_TCP,
                          &native, &native_length);
  if (fd < 0)
    {
      attempt->error = errno;
      attempt->state = classify_errno (errno);
      if (attempt->state == RD_CONNECT_REFUSED || attempt->state == RD_CONNECT_TIMEOUT)
        attempt->state = RD_CONNECT_ERROR;
      return;
    }

  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (attempt->mss > 0)
    setsockopt (fd, IPPROTO_TCP, TCP_MAXSEG, &attempt->mss, sizeof attempt->mss);

  attempt->rtt_us = g_get_monotonic_time ();
  if (connect (fd, (struct sockaddr *) &native, native_length) == 0)
    {
      attempt->state = RD_CONNECT_OK;
      attempt->fd = fd;
      attempt->rtt_us = g_get_monotonic_time () - attempt->rtt_us;
      return;
    }
  if (errno != EINPROGRESS)
    {
      attempt->error = errno;
      attempt->state = classify_errno (errno);
      close (fd);
      return;
    }

  attempt->fd = fd;
  attempt->state = RD_CONNECT_TIMEOUT;   /* pending; stays so if the deadline passes */
}

static void
finish_attempt (RdConnectAttempt *attempt)
{
  int error = 0;
  socklen_t len = sizeof error;

  if (getsockopt (attempt->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0)
    error = errno;

  /* A reset here came after the host completed the handshake (a refused SYN
   * is ECONNREFUSED): it accepted the connection, then dropped it. Whoever
   * uses the socket next sees that, as after a reset a moment later. */
  if (error == 0 || error == ECONNRESET)
    {
      attempt->state = RD_CONNECT_OK;
      attempt->rtt_us = g_get_monotonic_time () - attempt->rtt_us;
      return;
    }

  attempt->error = error;
  attempt->state = classify_errno (error);
  close (attempt->fd);
  attempt->fd = -1;
}

gint64
rd_net_resend_after_us (gint64 rtt_us)
{
  if (rtt_us < 0)
    return 0;
  return MAX ((gint64) RD_NET_RESEND_MIN_MS * 1000, RD_NET_RESEND_RTTS * rtt_us);
}

/* An attempt of rd_net_connect_many() not started yet: it waits for a slot
 * of its address (rd-limiter.h). */
#define RD_CONNECT_WAITING ((RdConnectState) -1)

static GInetAddress *
attempt_inet (RdConnectAttempt *attempt)
{
  return g_inet_socket_address_get_address (attempt->address);
}

/* Gives the slot back once an attempt has its outcome. */
static void
attempt_settled (RdConnectAttempt *attempt,
                 gboolean         *holding)
{
  if (*holding)
    rd_limiter_release (attempt_inet (attempt));
  *holding = FALSE;
}

/**
 * rd_net_connect_many:
 * @attempts: (array length=n_attempts): addresses in, outcomes out
 * @n_attempts: how many
 * @deadline: monotonic time at which pending connects count as filtered
 * @cancellable: (nullable): stops every attempt
 *
 * Connects to all addresses in parallel, as far as the bound on connects to
 * one address allows (rd-limiter.h); an attempt that waited for its turn
 * gets the whole time to @deadline from when it starts. One that never got
 * a turn within twice that time counts as filtered. Connected sockets are
 * left open in each attempt's fd for the caller to use or close.
 */
void
rd_net_connect_many (RdConnectAttempt *attempts,
                     guint             n_attempts,
                     gint64            deadline,
                     GCancellable     *cancellable)
{
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, n_attempts + 2);
  g_autofree guint *index = g_new0 (guint, n_attempts);
  g_autofree gint64 *ends = g_new0 (gint64, n_attempts);
  g_autofree gboolean *holding = g_new0 (gboolean, n_attempts);
  g_autoptr(RdLimiterWaiter) waiter = NULL;
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &cancel_fd);
  gint64 call_start = g_get_monotonic_time ();
  gint64 span = MAX (deadline - call_start, 0);
  gint64 wait_end = call_start + 2 * span;
  gboolean waiter_tried = FALSE;

  for (guint i = 0; i < n_attempts; i++)
    {
      attempts[i].state = RD_CONNECT_WAITING;
      attempts[i].fd = -1;
      attempts[i].error = 0;
      attempts[i].rtt_us = 0;
    }

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake = G_MAXINT64;
      guint n = 0, n_waiting = 0, n_fds;
      int ret;

      /* Start what may start; an attempt's own time runs from then. */
      for (guint i = 0; i < n_attempts; i++)
        {
          gint64 retry_at = G_MAXINT64;

          if (attempts[i].state != RD_CONNECT_WAITING)
            continue;
          if (!rd_limiter_try_acquire (attempt_inet (&attempts[i]), &retry_at))
            {
              if (now >= wait_end)
                {
                  /* No turn in twice its time: as if its SYNs went unanswered. */
                  attempts[i].state = RD_CONNECT_TIMEOUT;
                  attempts[i].error = ETIMEDOUT;
                  continue;
                }
              n_waiting++;
              wake = MIN (wake, MIN (retry_at, wait_end));
              continue;
            }
          holding[i] = TRUE;
          ends[i] = deadline + (now - call_start);
          start_attempt (&attempts[i]);
          if (attempts[i].state != RD_CONNECT_TIMEOUT || attempts[i].fd < 0)
            attempt_settled (&attempts[i], &holding[i]);
        }

      for (guint i = 0; i < n_attempts; i++)
        {
          if (attempts[i].fd >= 0 && attempts[i].state == RD_CONNECT_TIMEOUT)
            {
              fds[n].fd = attempts[i].fd;
              fds[n].events = POLLOUT;
              fds[n].revents = 0;
              index[n] = i;
              wake = MIN (wake, ends[i]);
              n++;
            }
        }
      if (n == 0 && n_waiting == 0)
        break;

      if (n_waiting > 0 && !waiter_tried)
        {
          /* Registered before polling, so a release from now on wakes us;
           * one before it was seen by the try above: try again. */
          waiter = rd_limiter_waiter_new ();
          waiter_tried = TRUE;
          continue;
        }

      n_fds = n;
      if (have_cancel_fd)
        {
          fds[n_fds].fd = cancel_fd.fd;
          fds[n_fds].events = POLLIN;
          fds[n_fds].revents = 0;
          n_fds++;
        }
      if (n_waiting > 0 && waiter != NULL)
        {
          fds[n_fds].fd = rd_limiter_waiter_get_fd (waiter);
          fds[n_fds].events = POLLIN;
          fds[n_fds].revents = 0;
          n_fds++;
        }
      else if (n_waiting > 0)
        /* No descriptor to wake us (out of them): look again shortly. */
        wake = MIN (wake, g_get_monotonic_time () + 10 * 1000);
      ret = poll (fds, n_fds, poll_timeout_ms (wake));
      if (ret < 0 && errno == EINTR)
        continue;
      if (ret < 0)
        {
          /* poll() itself failed (out of memory): nothing more to learn. */
          int error = errno;

          for (guint i = 0; i < n_attempts; i++)
            {
              if (attempts[i].state == RD_CONNECT_WAITING ||
                  (attempts[i].state == RD_CONNECT_TIMEOUT && attempts[i].fd >= 0))
                {
                  if (attempts[i].fd >= 0)
                    close (attempts[i].fd);
                  attempts[i].fd = -1;
                  attempts[i].state = RD_CONNECT_ERROR;
                  attempts[i].error = error;
                }
              attempt_settled (&attempts[i], &holding[i]);
            }
          break;
        }
      if (waiter != NULL)
        rd_limiter_waiter_clear (waiter);

      if (g_cancellable_is_cancelled (cancellable))
        {
          for (guint i = 0; i < n_attempts; i++)
            {
              if (attempts[i].state == RD_CONNECT_WAITING)
                attempts[i].state = RD_CONNECT_CANCELLED;
              else if (attempts[i].state == RD_CONNECT_TIMEOUT && attempts[i].fd >= 0)
                {
                  close (attempts[i].fd);
                  attempts[i].fd = -1;
                  attempts[i].state = RD_CONNECT_CANCELLED;
                }
              attempt_settled (&attempts[i], &holding[i]);
            }
          break;
        }

      now = g_get_monotonic_time ();
      for (guint k = 0; k < n; k++)
        {
          RdConnectAttempt *attempt = &attempts[index[k]];

          if (ret > 0 && fds[k].revents != 0)
            finish_attempt (attempt);
          else if (now >= ends[index[k]])
            {
              /* Its deadline: still pending, so filtered. */
              close (attempt->fd);
              attempt->fd = -1;
              attempt->error = ETIMEDOUT;
            }
          else
            continue;
          attempt_settled (attempt, &holding[index[k]]);
        }
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
}

static gboolean
set_cancelled_or_timeout (gint64         deadline,
                          GCancellable  *cancellable,
                          GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TRUE;
  if (g_get_monotonic_time () >= deadline)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");
      return TRUE;
    }
  return FALSE;
}

/**
 * rd_net_wait:
 *
 * Waits until @fd has one of @events (POLLIN, POLLOUT), an error or a hang-up.
 * Returns: %TRUE when the socket is ready, %FALSE on timeout or cancellation.
 */
gboolean
rd_net_wait (int            fd,
             short          events,
             gint64         deadline,
             GCancellable  *cancellable,
             GError       **error)
{
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &cancel_fd);
  gboolean ready = FALSE;

  for (;;)
    {
      struct pollfd fds[2] = {
        { fd, events, 0 },
        { cancel_fd.fd, POLLIN, 0 },
      };
      int ret;

      if (set_cancelled_or_timeout (deadline, cancellable, error))
        break;

      ret = poll (fds, have_cancel_fd ? 2 : 1, poll_timeout_ms (deadline));
      if (ret < 0 && errno != EINTR)
        {
          int saved = errno;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
          break;
        }
      if (ret > 0 && fds[0].revents != 0)
        {
          ready = TRUE;
          break;
        }
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);

  return ready;
}

gboolean
rd_net_send_all (int            fd,
                 const guint8  *data,
                 gsize          length,
                 gint64         deadline,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = send (fd, data + sent, length - sent, MSG_NOSIGNAL);

      if (n > 0)
        {
          sent += n;
          continue;
        }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        {
          if (!rd_net_wait (fd, POLLOUT, deadline, cancellable, error))
            return FALSE;
          continue;
        }

      {
        int saved = errno;
        g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      }
      return FALSE;
    }

  return TRUE;
}

gssize
rd_net_recv (int            fd,
             guint8        *buffer,
             gsize          size,
             gint64         deadline,
             GCancellable  *cancellable,
             GError       **error)
{
  for (;;)
    {
      gssize n = recv (fd, buffer, size, 0);

      if (n >= 0)
        return n;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        {
          if (!rd_net_wait (fd, POLLIN, deadline, cancellable, error))
            return -1;
          continue;
        }

      {
        int saved = errno;
        g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      }
      return -1;
    }
}

RdConnection *
rd_connection_new (int fd)
{
  RdConnection *connection = g_new0 (RdConnection, 1);

  connection->fd = fd;
  return connection;
}

void
rd_connection_free (RdConnection *connection)
{
  if (connection == NULL)
    return;
  if (connection->ssl != NULL)
    SSL_free (connection->ssl);
  if (connection->fd >= 0)
    close (connection->fd);
  g_free (connection);
}

const char *
rd_connect_state_to_string (RdConnectState state)
{
  switch (state)
    {
    case RD_CONNECT_OK:
      return "connected";
    case RD_CONNECT_REFUSED:
      return "refused";
    case RD_CONNECT_TIMEOUT:
      return "filtered";
    case RD_CONNECT_UNREACHABLE:
      return "unreachable";
    case RD_CONNECT_CANCELLED:
      return "cancelled";
    case RD_CONNECT_ERROR:
    default:
      return "error";
    }
}

char *
rd_inet_address_to_string (GInetSocketAddress *address)
{
  g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (address));

  return g_strdup (ip);
}

/**
 * rd_net_connect_resending:
 * @attempt: the address in, the outcome out
 * @resend_after_us: how long to wait for the SYN's answer before starting
 *   over on a new socket; 0 waits for the kernel's own retransmissions
 * @deadline: monotonic time at which a pending connect counts as filtered
 * @cancellable: (nullable): stops the attempt
 */
void
rd_net_connect_resending (RdConnectAttempt *attempt,
                          gint64            resend_after_us,
                          gint64            deadline,
                          GCancellable     *cancellable)
{
  if (resend_after_us > 0)
    {
      gint64 first = MIN (deadline, g_get_monotonic_time () + resend_after_us);

      rd_net_connect_many (attempt, 1, first, cancellable);
      if (attempt->state != RD_CONNECT_TIMEOUT || g_get_monotonic_time () >= deadline)
        return;
    }
  rd_net_connect_many (attempt, 1, deadline, cancellable);
}

void
rd_finding_set_connection (RdFinding    *finding,
                           RdConnection *connection)
{
  rd_finding_set_handoff (finding, connection, (GDestroyNotify) rd_connection_free);
}

RdConnection *
rd_finding_steal_connection (RdFinding *finding)
{
  return rd_finding_steal_handoff (finding);
}
