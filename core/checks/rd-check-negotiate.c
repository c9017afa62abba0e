/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>
#include <unistd.h>

#include "rd-check.h"
#include "rd-net.h"
#include "rd-x224.h"

/* What a client like mstsc asks for first; then TLS alone and classic RDP
 * security alone, to learn what the host insists on. */
#define REQUEST_FULL (RD_PROTOCOL_SSL | RD_PROTOCOL_HYBRID | RD_PROTOCOL_HYBRID_EX)

typedef enum
{
  OUTCOME_RESPONSE,
  OUTCOME_FAILURE,
  OUTCOME_LEGACY,
  OUTCOME_CLOSED,      /* clean close, not a byte sent */
  OUTCOME_RESET,
  OUTCOME_TIMEOUT,     /* no answer (or a partial one) before the deadline */
  OUTCOME_TRUNCATED,   /* close in the middle of a confirm */
  OUTCOME_NOT_RDP,     /* bytes that are not a Connection Confirm */
  OUTCOME_CONNECT,     /* could not even connect */
  OUTCOME_CANCELLED,
} Outcome;

static const char * const outcome_names[] = {
  [OUTCOME_RESPONSE] = "response",
  [OUTCOME_FAILURE] = "failure",
  [OUTCOME_LEGACY] = "legacy",
  [OUTCOME_CLOSED] = "closed",
  [OUTCOME_RESET] = "reset",
  [OUTCOME_TIMEOUT] = "timeout",
  [OUTCOME_TRUNCATED] = "truncated",
  [OUTCOME_NOT_RDP] = "not-rdp",
  [OUTCOME_CONNECT] = "connect-failed",
  [OUTCOME_CANCELLED] = "cancelled",
};

typedef struct
{
  /* in */
  guint32             requested;
  GInetSocketAddress *address;
  int                 fd;          /* an open connection to use, or -1 */
  gint64              deadline;
  GCancellable       *cancellable;
  /* out */
  Outcome             outcome;
  RdConfirm           confirm;
  guint8              answer[64];
  gsize               answer_length;
  gint64              answer_ms;
  char               *detail;
} Probe;

static gpointer
run_probe (gpointer user_data)
{
  Probe *probe = user_data;
  g_autoptr(GByteArray) request = rd_x224_build_connection_request (NULL, probe->requested);
  g_autoptr(GError) error = NULL;
  guint8 buffer[RD_TPKT_MAX_CONFIRM];
  gsize have = 0;
  gint64 sent_at;

  if (probe->fd < 0)
    {
      RdConnectAttempt attempt = { .address = probe->address };

      rd_net_connect_many (&attempt, 1, probe->deadline, probe->cancellable);
      if (attempt.state != RD_CONNECT_OK)
        {
          probe->outcome = attempt.state == RD_CONNECT_CANCELLED ? OUTCOME_CANCELLED : OUTCOME_CONNECT;
          probe->detail = g_strdup (rd_connect_state_to_string (attempt.state));
          return NULL;
        }
      probe->fd = attempt.fd;
    }

  sent_at = g_get_monotonic_time ();
  if (!rd_net_send_all (probe->fd, request->data, request->len, probe->deadline,
                        probe->cancellable, &error))
    goto io_error;

  for (;;)
    {
      gssize n = rd_net_recv (probe->fd, buffer + have, sizeof buffer - have, probe->deadline,
                              probe->cancellable, &error);

      if (n < 0)
        goto io_error;

      if (have < sizeof probe->answer)
        {
          gsize keep = MIN ((gsize) n, sizeof probe->answer - have);
          memcpy (probe->answer + have, buffer + have, keep);
          probe->answer_length = have + keep;
        }
      have += n;
      probe->answer_ms = rd_ms_since (sent_at);

      if (n == 0)
        {
          probe->outcome = have == 0 ? OUTCOME_CLOSED : OUTCOME_TRUNCATED;
          return NULL;
        }

      rd_x224_parse_connection_confirm (buffer, have, &probe->confirm);
      switch (probe->confirm.kind)
        {
        case RD_CONFIRM_INCOMPLETE:
          if (have < sizeof buffer)
            continue;
          probe->outcome = OUTCOME_NOT_RDP;
          return NULL;
        case RD_CONFIRM_RESPONSE:
          probe->outcome = OUTCOME_RESPONSE;
          return NULL;
        case RD_CONFIRM_FAILURE:
          probe->outcome = OUTCOME_FAILURE;
          return NULL;
        case RD_CONFIRM_LEGACY:
          probe->outcome = OUTCOME_LEGACY;
          return NULL;
        case RD_CONFIRM_NOT_TPKT:
        case RD_CONFIRM_BAD_LENGTH:
        case RD_CONFIRM_MALFORMED:
        default:
          probe->outcome = OUTCOME_NOT_RDP;
          probe->detail = g_strdup (probe->confirm.problem);
          return NULL;
        }
    }

io_error:
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    probe->outcome = OUTCOME_CANCELLED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    probe->outcome = OUTCOME_TIMEOUT;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    probe->outcome = have == 0 ? OUTCOME_RESET : OUTCOME_TRUNCATED;
  else
    probe->outcome = OUTCOME_RESET;
  probe->detail = g_strdup (error->message);
  return NULL;
}

static void
probe_clear (Probe *probe)
{
  if (probe->fd >= 0)
    close (probe->fd);
  probe->fd = -1;
  g_clear_pointer (&probe->detail, g_free);
}

static char *
hex_dump (const guint8 *data,
          gsize         length)
{
  GString *out = g_string_sized_new (length * 3);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%s%02x", i > 0 ? " " : "", data[i]);
  return g_string_free (out, FALSE);
}

static gboolean
looks_like_http (const Probe *probe)
{
  return probe->answer_length >= 5 && memcmp (probe->answer, "HTTP/", 5) == 0;
}

static JsonObject *
probe_to_json (const Probe *probe)
{
  JsonObject *object = json_object_new ();
  g_autofree char *requested = rd_protocols_to_string (probe->requested);

  json_object_set_string_member (object, "requested", requested);
  json_object_set_string_member (object, "outcome", outcome_names[probe->outcome]);
  if (probe->outcome == OUTCOME_RESPONSE)
    {
      g_autofree char *selected = rd_protocols_to_string (probe->confirm.selected_protocol);
      json_object_set_string_member (object, "selected_protocol", selected);
      json_object_set_int_member (object, "flags", probe->confirm.neg_flags);
    }
  if (probe->outcome == OUTCOME_FAILURE)
    {
      json_object_set_int_member (object, "failure_code", probe->confirm.failure_code);
      json_object_set_string_member (object, "failure",
                                     rd_neg_failure_to_string (probe->confirm.failure_code));
    }
  if (probe->answer_length > 0)
    {
      g_autofree char *hex = hex_dump (probe->answer, probe->answer_length);
      json_object_set_string_member (object, "answer_hex", hex);
      json_object_set_int_member (object, "answer_ms", probe->answer_ms);
    }
  if (probe->confirm.tpkt_length > 0)
    json_object_set_int_member (object, "tpkt_length", probe->confirm.tpkt_length);
  if (probe->outcome == OUTCOME_NOT_RDP && looks_like_http (probe))
    json_object_set_string_member (object, "looks_like", "http");
  if (probe->detail != NULL)
    json_object_set_string_member (object, "detail", probe->detail);
  return object;
}

static gboolean
answered (const Probe *probe)
{
  return probe->outcome == OUTCOME_RESPONSE || probe->outcome == OUTCOME_FAILURE ||
         probe->outcome == OUTCOME_LEGACY;
}

static void
summarize (RdFinding   *finding,
           const Probe *main_probe,
           guint16      port)
{
  switch (main_probe->outcome)
    {
    case OUTCOME_RESPONSE:
      if (main_probe->confirm.selected_protocol == RD_PROTOCOL_RDP)
        rd_finding_set_result (finding, RD_STATUS_WARN,
                               _("The computer only offers the old Remote Desktop security, without TLS."));
      else
        rd_finding_set_result (finding, RD_STATUS_PASS,
                               _("The computer speaks Remote Desktop and agreed on a secure connection."));
      break;
    case OUTCOME_FAILURE:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer refused the security settings we asked for (%s)."),
                             rd_neg_failure_to_string (main_probe->confirm.failure_code));
      break;
    case OUTCOME_LEGACY:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer answered like a very old Remote Desktop server that cannot use TLS."));
      break;
    case OUTCOME_CLOSED:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer closed the connection without answering."));
      break;
    case OUTCOME_RESET:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer cut the connection off without answering."));
      break;
    case OUTCOME_TIMEOUT:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer accepted the connection but never answered."));
      break;
    case OUTCOME_TRUNCATED:
    case OUTCOME_NOT_RDP:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("Something answers on port %u, but it is not Remote Desktop."), port);
      break;
    case OUTCOME_CONNECT:
      rd_finding_set_result (finding, RD_STATUS_ERROR,
                             _("Could not connect again to ask about security."));
      break;
    case OUTCOME_CANCELLED:
    default:
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the computer answered."));
      break;
    }
}

/**
 * rd_check_negotiate:
 *
 * Sends X.224 Connection Requests with RDP_NEG_REQ and reads what the host
 * selects or why it refuses: the full set a modern client asks for on the
 * connection the TCP check left open, and TLS-only and RDP-only on two more,
 * all three at the same time so a silent host costs one timeout.
 */
RdFinding *
rd_check_negotiate (RdCheckContext *ctx)
{
  static const guint32 requests[] = { REQUEST_FULL, RD_PROTOCOL_SSL, RD_PROTOCOL_RDP };
  RdFinding *finding = rd_finding_new ("negotiate");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *tcp = rd_check_context_get_dep (ctx, "tcp");
  const char *address_text = tcp != NULL ? rd_finding_get_string (tcp, "connected_address") : NULL;
  g_autoptr(GInetAddress) inet = address_text != NULL ? g_inet_address_new_from_string (address_text) : NULL;
  g_autoptr(GSocketAddress) address = NULL;
  Probe probes[G_N_ELEMENTS (requests)] = { 0 };
  GThread *threads[G_N_ELEMENTS (requests)] = { NULL };
  JsonArray *probe_results = json_array_new ();
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = rd_deadline_in_ms (ctx->timeout_ms);
  g_autofree char *requested = rd_protocols_to_string (REQUEST_FULL);
  Probe *main_probe = &probes[0];

  if (inet == NULL)
    {
      json_array_unref (probe_results);
      rd_finding_set_result (finding, RD_STATUS_SKIP,
                             _("Not tried: the port did not accept a connection."));
      return finding;
    }

  address = g_inet_socket_address_new (inet, rd_target_get_port (ctx->target));
  json_object_set_string_member (evidence, "address", address_text);

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      probes[i].requested = requests[i];
      probes[i].address = G_INET_SOCKET_ADDRESS (address);
      probes[i].fd = i == 0 ? rd_finding_steal_handoff_fd (tcp) : -1;
      probes[i].deadline = deadline;
      probes[i].cancellable = ctx->cancellable;
    }

  /* The main probe runs here; the two others beside it. */
  for (guint i = 1; i < G_N_ELEMENTS (requests); i++)
    threads[i] = g_thread_new ("rd-negotiate", run_probe, &probes[i]);
  run_probe (&probes[0]);
  for (guint i = 1; i < G_N_ELEMENTS (requests); i++)
    g_thread_join (threads[i]);

  json_object_set_string_member (evidence, "requested", requested);
  json_object_set_string_member (evidence, "outcome", outcome_names[main_probe->outcome]);
  {
    JsonObject *main_json = probe_to_json (main_probe);
    GList *members = json_object_get_members (main_json);

    for (GList *l = members; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "requested") && !g_str_equal (l->data, "outcome"))
        json_object_set_member (evidence, l->data,
                                json_node_copy (json_object_get_member (main_json, l->data)));
    g_list_free (members);
    json_object_unref (main_json);
  }

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    json_array_add_object_element (probe_results, probe_to_json (&probes[i]));
  json_object_set_array_member (evidence, "probes", probe_results);

  /* What the host insists on, from the single-protocol probes. */
  if (answered (&probes[1]))
    {
      json_object_set_boolean_member (evidence, "tls_only_accepted",
                                      probes[1].outcome == OUTCOME_RESPONSE &&
                                      probes[1].confirm.selected_protocol == RD_PROTOCOL_SSL);
      json_object_set_boolean_member (evidence, "nla_required",
                                      probes[1].outcome == OUTCOME_FAILURE &&
                                      probes[1].confirm.failure_code == RD_NEG_FAILURE_HYBRID_REQUIRED_BY_SERVER);
    }
  if (answered (&probes[2]))
    json_object_set_boolean_member (evidence, "standard_rdp_accepted",
                                    probes[2].outcome == OUTCOME_RESPONSE &&
                                    probes[2].confirm.selected_protocol == RD_PROTOCOL_RDP);

  summarize (finding, main_probe, rd_target_get_port (ctx->target));

  /* The TLS check continues on the connection where TLS was agreed. */
  if (main_probe->outcome == OUTCOME_RESPONSE &&
      main_probe->confirm.selected_protocol != RD_PROTOCOL_RDP)
    {
      rd_finding_set_handoff_fd (finding, main_probe->fd);
      main_probe->fd = -1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    probe_clear (&probes[i]);

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
