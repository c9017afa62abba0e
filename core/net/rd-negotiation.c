/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "rd-negotiation.h"
#include "rd-names.h"
#include "rd-net.h"

static const char * const outcome_names[] = {
  [RD_NEG_OUTCOME_RESPONSE] = "response",
  [RD_NEG_OUTCOME_FAILURE] = "failure",
  [RD_NEG_OUTCOME_LEGACY] = "legacy",
  [RD_NEG_OUTCOME_CLOSED] = "closed",
  [RD_NEG_OUTCOME_RESET] = "reset",
  [RD_NEG_OUTCOME_TIMEOUT] = "timeout",
  [RD_NEG_OUTCOME_TRUNCATED] = "truncated",
  [RD_NEG_OUTCOME_NOT_RDP] = "not-rdp",
  [RD_NEG_OUTCOME_CONNECT] = "connect-failed",
  [RD_NEG_OUTCOME_CANCELLED] = "cancelled",
};

/* What a Connection Confirm, complete or past any that could fit, says of
 * the host. */
static RdNegOutcome
confirm_outcome (RdConfirmKind kind)
{
  switch (kind)
    {
    case RD_CONFIRM_RESPONSE:
      return RD_NEG_OUTCOME_RESPONSE;
    case RD_CONFIRM_FAILURE:
      return RD_NEG_OUTCOME_FAILURE;
    case RD_CONFIRM_LEGACY:
      return RD_NEG_OUTCOME_LEGACY;
    case RD_CONFIRM_INCOMPLETE:
    case RD_CONFIRM_NOT_TPKT:
    case RD_CONFIRM_BAD_LENGTH:
    case RD_CONFIRM_MALFORMED:
    default:
      return RD_NEG_OUTCOME_NOT_RDP;
    }
}

/**
 * rd_neg_probe_run:
 *
 * Runs the probe; the outcome and what the host sent are in @probe.
 */
void
rd_neg_probe_run (RdNegProbe *probe)
{
  g_autoptr(GByteArray) request = rd_x224_build_connection_request (NULL, probe->requested);
  g_autoptr(GError) error = NULL;
  guint8 buffer[RD_TPKT_MAX_CONFIRM];
  gsize have = 0;
  gint64 sent_at;
  gboolean may_resend = probe->fd < 0 && probe->answer_resend_after_us > 0;

again:
  if (probe->fd < 0)
    {
      RdConnectAttempt attempt = { .address = probe->address, .mss = probe->mss };

      rd_net_connect_resending (&attempt, probe->resend_after_us, probe->deadline, probe->cancellable);
      if (attempt.state != RD_CONNECT_OK)
        {
          probe->outcome = attempt.state == RD_CONNECT_CANCELLED ? RD_NEG_OUTCOME_CANCELLED : RD_NEG_OUTCOME_CONNECT;
          probe->detail = g_strdup (rd_connect_state_to_string (attempt.state));
          return;
        }
      probe->fd = attempt.fd;
    }

  sent_at = g_get_monotonic_time ();
  if (!rd_net_send_all (probe->fd, request->data, request->len, probe->deadline,
                        probe->cancellable, &error))
    goto io_error;

  for (;;)
    {
      gint64 wait_until = probe->deadline;
      gssize n;

      if (may_resend && have == 0)
        wait_until = MIN (probe->deadline, sent_at + probe->answer_resend_after_us);
      n = rd_net_recv (probe->fd, buffer + have, sizeof buffer - have, wait_until,
                       probe->cancellable, &error);

      if (n < 0 && wait_until < probe->deadline &&
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_clear_error (&error);
          close (probe->fd);
          probe->fd = -1;
          may_resend = FALSE;
          goto again;
        }
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
          probe->outcome = have == 0 ? RD_NEG_OUTCOME_CLOSED : RD_NEG_OUTCOME_TRUNCATED;
          return;
        }

      rd_x224_parse_connection_confirm (buffer, have, &probe->confirm);
      if (probe->confirm.kind == RD_CONFIRM_INCOMPLETE && have < sizeof buffer)
        continue;
      probe->outcome = confirm_outcome (probe->confirm.kind);
      probe->detail = g_strdup (probe->confirm.problem);
      return;
    }

io_error:
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    probe->outcome = RD_NEG_OUTCOME_CANCELLED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    probe->outcome = RD_NEG_OUTCOME_TIMEOUT;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    probe->outcome = have == 0 ? RD_NEG_OUTCOME_RESET : RD_NEG_OUTCOME_TRUNCATED;
  else
    probe->outcome = RD_NEG_OUTCOME_RESET;
  probe->detail = g_strdup (error->message);
  return;
}

void
rd_neg_probe_clear (RdNegProbe *probe)
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
looks_like_http (const RdNegProbe *probe)
{
  return probe->answer_length >= 5 && memcmp (probe->answer, "HTTP/", 5) == 0;
}

JsonObject *
rd_neg_probe_to_json (const RdNegProbe *probe)
{
  JsonObject *object = json_object_new ();
  g_autofree char *requested = rd_protocols_to_string (probe->requested);

  json_object_set_string_member (object, "requested", requested);
  json_object_set_string_member (object, "outcome", rd_neg_outcome_to_string (probe->outcome));
  if (probe->outcome == RD_NEG_OUTCOME_RESPONSE)
    {
      g_autofree char *selected = rd_protocols_to_string (probe->confirm.selected_protocol);
      json_object_set_string_member (object, "selected_protocol", selected);
      json_object_set_int_member (object, "flags", probe->confirm.neg_flags);
    }
  if (probe->outcome == RD_NEG_OUTCOME_FAILURE)
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
  if (probe->outcome == RD_NEG_OUTCOME_NOT_RDP && looks_like_http (probe))
    json_object_set_string_member (object, "looks_like", "http");
  if (probe->detail != NULL)
    json_object_set_string_member (object, "detail", probe->detail);
  return object;
}

gboolean
rd_neg_probe_answered (const RdNegProbe *probe)
{
  return probe->outcome == RD_NEG_OUTCOME_RESPONSE || probe->outcome == RD_NEG_OUTCOME_FAILURE ||
         probe->outcome == RD_NEG_OUTCOME_LEGACY;
}

gboolean
rd_neg_probe_selected_tls (const RdNegProbe *probe)
{
  return probe->outcome == RD_NEG_OUTCOME_RESPONSE &&
         probe->confirm.selected_protocol != RD_PROTOCOL_RDP;
}

RD_DEFINE_ENUM_FROM_STRING (RdNegOutcome, rd_neg_outcome, outcome_names)
RD_DEFINE_ENUM_TO_STRING (RdNegOutcome, rd_neg_outcome, outcome_names, "error")
