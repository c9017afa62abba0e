/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-check.h"
#include "rd-net.h"
#include "rd-rdpeudp.h"

#define SYN_COUNT          3
#define RECEIVE_WINDOW     64
#define WRONG_REPLY_HEX    32     /* bytes of the first wrong reply kept as evidence */
/* Larger than any SYN+ACK (1232 bytes); longer datagrams are cut, which is
 * fine: they are wrong replies anyway. */
#define RECEIVE_BUFFER     2048

typedef enum
{
  OUTCOME_SILENT,
  OUTCOME_SYN_ACK,
  OUTCOME_CLOSED,
  OUTCOME_UNREACHABLE,
  OUTCOME_ERROR,
  OUTCOME_CANCELLED,
} Outcome;

typedef struct
{
  Outcome          outcome;
  int              error;            /* errno behind CLOSED, UNREACHABLE, ERROR */
  guint            syns_sent;
  guint            wrong_replies;
  char            *first_wrong_hex;
  char            *first_wrong_problem;
  gint64           rtt_us;
  RdRdpeudpSynAck  syn_ack;
  char            *icmp;             /* "type 3 code 3 from 192.0.2.1" */
} Probe;

static const char *
outcome_to_string (Outcome outcome)
{
  switch (outcome)
    {
    case OUTCOME_SYN_ACK:
      return "syn-ack";
    case OUTCOME_CLOSED:
      return "closed";
    case OUTCOME_UNREACHABLE:
      return "unreachable";
    case OUTCOME_SILENT:
      return "silent";
    case OUTCOME_CANCELLED:
      return "cancelled";
    case OUTCOME_ERROR:
    default:
      return "error";
    }
}

/* The address to try: the name's first IPv4 address, else its first one.
 * (Not the one TCP connected to: waiting for TCP would make a host that
 * drops everything cost two timeouts instead of one.) */
static char *
pick_address (RdCheckContext *ctx)
{
  RdFinding *dns = rd_check_context_get_dep (ctx, "dns");
  JsonNode *node;
  JsonArray *addresses;

  if (dns == NULL)
    return NULL;
  node = json_object_get_member (rd_finding_get_evidence (dns), "addresses");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return NULL;
  addresses = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (addresses); i++)
    {
      const char *text = json_array_get_string_element (addresses, i);
      if (text != NULL && strchr (text, ':') == NULL)
        return g_strdup (text);
    }
  return g_strdup (json_array_get_string_element (addresses, 0));
}

static char *
hex_prefix (const guint8 *data,
            gsize         length)
{
  GString *hex = g_string_sized_new (WRONG_REPLY_HEX * 2 + 1);

  for (gsize i = 0; i < MIN (length, WRONG_REPLY_HEX); i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

/* With IP_RECVERR every ICMP error is queued; read the first one for the
 * evidence and drop the rest, so poll() stops reporting POLLERR. Returns the
 * errno of the first entry, 0 when the queue was empty. */
static int
drain_error_queue (int    fd,
                   Probe *probe)
{
  int first = 0;

  for (guint i = 0; i < 64; i++)
    {
      guint8 control[512];
      guint8 ignored[64];
      struct iovec iov = { ignored, sizeof ignored };
      struct msghdr message = { 0 };

      message.msg_iov = &iov;
      message.msg_iovlen = 1;
      message.msg_control = control;
      message.msg_controllen = sizeof control;

      if (recvmsg (fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
        return first;

      for (struct cmsghdr *c = CMSG_FIRSTHDR (&message); c != NULL && probe->icmp == NULL;
           c = CMSG_NXTHDR (&message, c))
        {
          struct sock_extended_err ee;
          struct sockaddr_storage offender = { 0 };
          gsize data_length;
          g_autoptr(GSocketAddress) address = NULL;
          char from[64] = "";

          if (!((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
                (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR)))
            continue;
          data_length = c->cmsg_len - CMSG_LEN (0);
          if (data_length < sizeof ee)
            continue;

          /* Copied out: control data need not be aligned for these types. */
          memcpy (&ee, CMSG_DATA (c), sizeof ee);
          if (first == 0)
            first = (int) ee.ee_errno;
          if (ee.ee_origin != SO_EE_ORIGIN_ICMP && ee.ee_origin != SO_EE_ORIGIN_ICMP6)
            continue;
          memcpy (&offender, CMSG_DATA (c) + sizeof ee, MIN (data_length - sizeof ee, sizeof offender));

          if (offender.ss_family == AF_INET)
            address = g_socket_address_new_from_native (&offender, sizeof (struct sockaddr_in));
          else if (offender.ss_family == AF_INET6)
            address = g_socket_address_new_from_native (&offender, sizeof (struct sockaddr_in6));
          if (address != NULL && G_IS_INET_SOCKET_ADDRESS (address))
            {
              g_autofree char *text = rd_inet_address_to_string (G_INET_SOCKET_ADDRESS (address));

              g_snprintf (from, sizeof from, " from %s", text);
            }
          probe->icmp = g_strdup_printf ("%s type %u code %u%s",
                                         ee.ee_origin == SO_EE_ORIGIN_ICMP6 ? "icmpv6" : "icmp",
                                         ee.ee_type, ee.ee_code, from);
        }
    }
  return first;
}

/* TRUE when the error ends the probe (the network gave a definite answer). */
static gboolean
classify_error (int    error,
                Probe *probe)
{
  probe->error = error;
  switch (error)
    {
    case ECONNREFUSED:
      probe->outcome = OUTCOME_CLOSED;
      return TRUE;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
      probe->outcome = OUTCOME_UNREACHABLE;
      return TRUE;
    case EMSGSIZE:
      /* "Fragmentation needed": the kernel lowered the path MTU; the next
       * SYN goes out in fragments. Not an answer about UDP itself. */
      probe->error = 0;
      return FALSE;
    default:
      probe->outcome = OUTCOME_ERROR;
      return TRUE;
    }
}

static void
handle_datagram (const guint8 *data,
                 gsize         length,
                 guint32       isn,
                 gint64        last_send,
                 Probe        *probe)
{
  RdRdpeudpSynAck syn_ack;
  g_autoptr(GError) error = NULL;

  if (rd_rdpeudp_parse_syn_ack (data, length, isn, &syn_ack, &error))
    {
      probe->outcome = OUTCOME_SYN_ACK;
      probe->syn_ack = syn_ack;
      /* From the latest SYN: with retransmissions the answer may belong to
       * an earlier one, so this errs on the short side. */
      probe->rtt_us = g_get_monotonic_time () - last_send;
      return;
    }

  /* Only a count and the first one: a flood must not grow memory. */
  if (probe->wrong_replies++ == 0)
    {
      probe->first_wrong_hex = hex_prefix (data, length);
      probe->first_wrong_problem = g_strdup (error->message);
    }
}

static void
probe_udp (GInetSocketAddress *address,
           guint               timeout_ms,
           GCancellable       *cancellable,
           Probe              *probe)
{
  struct sockaddr_storage native;
  socklen_t native_length = 0;
  gboolean ipv6 = g_inet_address_get_family (g_inet_socket_address_get_address (address)) == G_SOCKET_FAMILY_IPV6;
  guint32 isn = g_random_int ();
  g_autoptr(GByteArray) syn = rd_rdpeudp_build_syn (isn, RECEIVE_WINDOW, RD_RDPUDP_MTU_MAX, FALSE);
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd = FALSE;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) timeout_ms * 1000;
  gint64 send_at[SYN_COUNT];
  gint64 last_send = start;
  guint next_syn = 0;
  guint8 buffer[RECEIVE_BUFFER];
  int one = 1;
  int fd;

  /* Retransmit as a client would, all within the one timeout. */
  for (guint i = 0; i < SYN_COUNT; i++)
    send_at[i] = start + (gint64) timeout_ms * 1000 * i / 4;

  probe->outcome = OUTCOME_SILENT;

  fd = rd_net_socket_for (G_SOCKET_ADDRESS (address), SOCK_DGRAM, IPPROTO_UDP, &native, &native_length);
  if (fd < 0)
    {
      probe->outcome = OUTCOME_ERROR;
      probe->error = errno;
      return;
    }

  /* Connected, so ICMP errors come back as errno on this socket; RECVERR so
   * that host and network unreachable do too, not only port unreachable. */
  setsockopt (fd, ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_RECVERR : IP_RECVERR, &one, sizeof one);
  if (connect (fd, (struct sockaddr *) &native, native_length) < 0)
    {
      classify_error (errno, probe);
      if (probe->outcome == OUTCOME_SILENT)
        probe->outcome = OUTCOME_ERROR;
      close (fd);
      return;
    }

  have_cancel_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &cancel_fd);

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake;
      gssize n;

      if (g_cancellable_is_cancelled (cancellable))
        {
          probe->outcome = OUTCOME_CANCELLED;
          break;
        }

      if (next_syn < SYN_COUNT && now >= send_at[next_syn])
        {
          next_syn++;
          last_send = g_get_monotonic_time ();
          if (send (fd, syn->data, syn->len, MSG_NOSIGNAL) >= 0)
            probe->syns_sent++;
          else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            {
              int saved = errno;

              /* Often the ICMP answer to the previous SYN, reported here. */
              drain_error_queue (fd, probe);
              if (classify_error (saved, probe))
                break;
            }
          continue;
        }

      if (now >= deadline)
        break;

      n = recv (fd, buffer, sizeof buffer, MSG_TRUNC);
      if (n >= 0)
        {
          handle_datagram (buffer, MIN ((gsize) n, sizeof buffer), isn, last_send, probe);
          if (probe->outcome == OUTCOME_SYN_ACK)
            break;
          continue;
        }

      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        {
          struct pollfd fds[2] = {
            { fd, POLLIN, 0 },
            { cancel_fd.fd, POLLIN, 0 },
          };
          gint64 left;

          wake = next_syn < SYN_COUNT ? MIN (deadline, send_at[next_syn]) : deadline;
          left = wake - g_get_monotonic_time ();
          if (left > 0 &&
              poll (fds, have_cancel_fd ? 2 : 1, (int) MIN ((left + 999) / 1000, G_MAXINT)) > 0 &&
              (fds[0].revents & POLLERR))
            {
              /* An ICMP error only in the queue (its errno already taken):
               * read it from there, or poll() would not block again. */
              int queued = drain_error_queue (fd, probe);

              if (queued != 0 && classify_error (queued, probe))
                break;
            }
          continue;
        }

      {
        int saved = errno;

        drain_error_queue (fd, probe);
        if (classify_error (saved, probe))
          break;
      }
    }

  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
  close (fd);
}

/**
 * rd_check_udp:
 *
 * Sends an MS-RDPEUDP SYN to the Remote Desktop port over UDP (resent twice
 * within the timeout) and classifies the answer: a SYN+ACK for our SYN, ICMP
 * port unreachable (nothing offers UDP: fine, TCP is used), ICMP host or
 * network unreachable, or silence. Any other datagram is counted and
 * otherwise ignored.
 */
RdFinding *
rd_check_udp (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("udp");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  guint16 port = rd_target_get_port (ctx->target);
  g_autofree char *text = pick_address (ctx);
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  Probe probe = { 0 };
  gint64 start = g_get_monotonic_time ();

  json_object_set_int_member (evidence, "port", port);

  if (text != NULL)
    inet_address = g_inet_address_new_from_string (text);
  if (inet_address == NULL)
    {
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("Not tried: there is no address to send to."));
      return finding;
    }
  address = g_inet_socket_address_new (inet_address, port);
  json_object_set_string_member (evidence, "address", text);

  probe_udp (G_INET_SOCKET_ADDRESS (address), ctx->timeout_ms, ctx->cancellable, &probe);

  json_object_set_string_member (evidence, "outcome", outcome_to_string (probe.outcome));
  if (probe.outcome == OUTCOME_SYN_ACK)
    {
      g_autofree char *flags = rd_rdpeudp_flags_to_string (probe.syn_ack.flags);

      json_object_set_int_member (evidence, "rtt_us", probe.rtt_us);
      json_object_set_string_member (evidence, "syn_ack_flags", flags);
      json_object_set_int_member (evidence, "server_receive_window", probe.syn_ack.receive_window);
      json_object_set_int_member (evidence, "server_up_mtu", probe.syn_ack.up_stream_mtu);
      json_object_set_int_member (evidence, "server_down_mtu", probe.syn_ack.down_stream_mtu);
      if (probe.syn_ack.has_synex)
        json_object_set_int_member (evidence, "server_udp_version", probe.syn_ack.udp_version);
    }
  else
    json_object_set_null_member (evidence, "rtt_us");
  json_object_set_int_member (evidence, "syns_sent", probe.syns_sent);
  json_object_set_int_member (evidence, "wrong_replies", probe.wrong_replies);
  if (probe.first_wrong_hex != NULL)
    {
      json_object_set_string_member (evidence, "first_wrong_reply_hex", probe.first_wrong_hex);
      json_object_set_string_member (evidence, "first_wrong_reply_problem", probe.first_wrong_problem);
    }
  else
    json_object_set_null_member (evidence, "first_wrong_reply_hex");
  if (probe.icmp != NULL)
    json_object_set_string_member (evidence, "icmp", probe.icmp);
  if (probe.error != 0)
    json_object_set_string_member (evidence, "error", g_strerror (probe.error));

  switch (probe.outcome)
    {
    case OUTCOME_SYN_ACK:
      rd_finding_set_result (finding, RD_STATUS_PASS, _("Remote Desktop over UDP works."));
      break;
    case OUTCOME_CLOSED:
      rd_finding_set_result (finding, RD_STATUS_PASS,
                             _("The computer does not offer Remote Desktop over UDP; TCP is used, which is fine."));
      break;
    case OUTCOME_UNREACHABLE:
      rd_finding_set_result (finding, RD_STATUS_WARN,
                             _("The network says UDP packets cannot reach the computer."));
      break;
    case OUTCOME_SILENT:
      if (probe.wrong_replies > 0)
        rd_finding_set_result (finding, RD_STATUS_WARN,
                               _("Something answers UDP packets to the computer, but not as Remote Desktop does."));
      else
        rd_finding_set_result (finding, RD_STATUS_WARN,
                               _("UDP packets to the computer get no answer: something on the way may drop them."));
      break;
    case OUTCOME_CANCELLED:
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before UDP was tried."));
      break;
    case OUTCOME_ERROR:
    default:
      rd_finding_set_result (finding, RD_STATUS_ERROR, _("Could not send UDP packets from this computer."));
      break;
    }

  g_free (probe.first_wrong_hex);
  g_free (probe.first_wrong_problem);
  g_free (probe.icmp);

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
