/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>
#include <unistd.h>

#include "rd-check.h"
#include "rd-net.h"
#include "rd-negotiation.h"

/* What a client like mstsc asks for first; then TLS alone and classic RDP
 * security alone, to learn what the host insists on. */
/* The side probes wait for the main probe's answer, but no longer than this:
 * by then a listener has taken the connections made before them. xrdp's
 * backlog is 2, so the tcp and ports checks' connects and both side probes
 * arriving together lose a SYN when xrdp is slow to accept (a busy host). */
#define SIDE_PROBES_AFTER_MS 20

/* Once the main probe has its answer, the side probes wait at least this
 * long, and this many of its answer times. */
#define SIDE_PROBES_MIN_WAIT_MS 500
#define SIDE_PROBES_ANSWER_TIMES 3

/* Offered NLA and chose TLS alone: the host takes TLS without NLA. (One that
 * chose the old security takes neither, see implies_standard_rdp().) */
static gboolean
implies_tls_only (const RdNegProbe *main_probe,
                  guint32           requested)
{
  return main_probe->outcome == RD_NEG_OUTCOME_RESPONSE &&
         (requested & (RD_PROTOCOL_HYBRID | RD_PROTOCOL_HYBRID_EX)) != 0 &&
         main_probe->confirm.selected_protocol == RD_PROTOCOL_SSL;
}

/* Offered TLS and chose the old security: that is all the host speaks. */
static gboolean
implies_standard_rdp (const RdNegProbe *main_probe,
                      guint32           requested)
{
  return main_probe->outcome == RD_NEG_OUTCOME_RESPONSE && (requested & RD_PROTOCOL_SSL) != 0 &&
         main_probe->confirm.selected_protocol == RD_PROTOCOL_RDP;
}

/* Which side probes can still tell something new after the main answer. */
static void
side_needed_after (const RdNegProbe *main_probe,
                   guint32           requested,
                   gboolean         *side_needed)
{
  side_needed[1] = side_needed[1] && !implies_tls_only (main_probe, requested) &&
                   !implies_standard_rdp (main_probe, requested);
  side_needed[2] = side_needed[2] && !implies_standard_rdp (main_probe, requested);
}

static JsonObject *
not_needed_json (guint32 requested)
{
  JsonObject *object = json_object_new ();
  g_autofree char *text = rd_protocols_to_string (requested);

  json_object_set_string_member (object, "requested", text);
  json_object_set_string_member (object, "outcome", "not-needed");
  return object;
}

/* The three probes, each in a thread of its own; every thread that ends
 * signals the one condition. */
typedef struct _ProbeSet ProbeSet;
typedef struct
{
  ProbeSet     *set;
  RdNegProbe   *probe;
  GCancellable *cancellable;   /* its own, so it can be stopped alone */
  gulong        parent_handler;
  GThread      *thread;
  gboolean      done;
} ProbeRun;

struct _ProbeSet
{
  GMutex   lock;
  GCond    cond;
  ProbeRun runs[3];        /* the main probe, TLS alone, RDP alone */
};

static gpointer
run_probe_thread (gpointer user_data)
{
  ProbeRun *run = user_data;

  rd_neg_probe_run (run->probe);
  g_mutex_lock (&run->set->lock);
  run->done = TRUE;
  g_cond_broadcast (&run->set->cond);
  g_mutex_unlock (&run->set->lock);
  return NULL;
}

static void
cancel_probe (GCancellable *parent,
              GCancellable *probe)
{
  g_cancellable_cancel (probe);
}

static void
probe_run_start (ProbeRun     *run,
                 GCancellable *parent)
{
  run->cancellable = g_cancellable_new ();
  run->probe->cancellable = run->cancellable;
  if (parent != NULL)
    run->parent_handler = g_cancellable_connect (parent, G_CALLBACK (cancel_probe),
                                                 g_object_ref (run->cancellable), g_object_unref);
  run->thread = g_thread_new ("rd-negotiate", run_probe_thread, run);
}

static void
probe_run_finish (ProbeRun     *run,
                  GCancellable *parent)
{
  if (run->thread == NULL)
    return;
  g_thread_join (run->thread);
  if (parent != NULL)
    g_cancellable_disconnect (parent, run->parent_handler);
  run->probe->cancellable = NULL;
  g_clear_object (&run->cancellable);
}

/* Under the lock: waits until run is done or the deadline passes. */
static void
probe_run_wait (ProbeRun *run,
                gint64    until)
{
  while (run->thread != NULL && !run->done && g_cond_wait_until (&run->set->cond, &run->set->lock, until))
    ;
}

static void
summarize (RdFinding   *finding,
           const RdNegProbe *main_probe,
           guint16      port)
{
  switch (main_probe->outcome)
    {
    case RD_NEG_OUTCOME_RESPONSE:
      if (main_probe->confirm.selected_protocol == RD_PROTOCOL_RDP)
        rd_finding_set_result (finding, RD_STATUS_WARN,
                               _("The computer only offers the old Remote Desktop security, without TLS."));
      else
        rd_finding_set_result (finding, RD_STATUS_PASS,
                               _("The computer speaks Remote Desktop and agreed on a secure connection."));
      break;
    case RD_NEG_OUTCOME_FAILURE:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer refused the security settings we asked for (%s)."),
                             rd_neg_failure_to_string (main_probe->confirm.failure_code));
      break;
    case RD_NEG_OUTCOME_LEGACY:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer answered like a very old Remote Desktop server that cannot use TLS."));
      break;
    case RD_NEG_OUTCOME_CLOSED:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer closed the connection without answering."));
      break;
    case RD_NEG_OUTCOME_RESET:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer cut the connection off without answering."));
      break;
    case RD_NEG_OUTCOME_TIMEOUT:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("The computer accepted the connection but never answered."));
      break;
    case RD_NEG_OUTCOME_TRUNCATED:
    case RD_NEG_OUTCOME_NOT_RDP:
      rd_finding_set_result (finding, RD_STATUS_FAIL,
                             _("Something answers on port %u, but it is not Remote Desktop."), port);
      break;
    case RD_NEG_OUTCOME_CONNECT:
      rd_finding_set_result (finding, RD_STATUS_ERROR,
                             _("Could not connect again to ask about security."));
      break;
    case RD_NEG_OUTCOME_CANCELLED:
    default:
      rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the computer answered."));
      break;
    }
}

/* What the host's RDP_NEG_RSP says it supports besides the protocol it
 * chose, and whether it chose NLA with early user authorization when asked
 * for it. */
static void
add_response_flags (JsonObject       *evidence,
                    const RdNegProbe *probe)
{
  guint8 flags = probe->confirm.neg_flags;
  g_autofree char *names = NULL;

  if (probe->outcome != RD_NEG_OUTCOME_RESPONSE)
    return;
  names = rd_neg_rsp_flags_to_string (flags);
  json_object_set_string_member (evidence, "flag_names", names);
  json_object_set_boolean_member (evidence, "extended_client_data_supported",
                                  (flags & RD_NEG_RSP_EXTENDED_CLIENT_DATA_SUPPORTED) != 0);
  json_object_set_boolean_member (evidence, "gfx_supported",
                                  (flags & RD_NEG_RSP_DYNVC_GFX_PROTOCOL_SUPPORTED) != 0);
  json_object_set_boolean_member (evidence, "restricted_admin_supported",
                                  (flags & RD_NEG_RSP_RESTRICTED_ADMIN_MODE_SUPPORTED) != 0);
  json_object_set_boolean_member (evidence, "remote_credential_guard_supported",
                                  (flags & RD_NEG_RSP_REDIRECTED_AUTHENTICATION_MODE_SUPPORTED) != 0);
  if ((probe->requested & RD_PROTOCOL_HYBRID_EX) != 0)
    json_object_set_boolean_member (evidence, "hybrid_ex_selected",
                                    probe->confirm.selected_protocol == RD_PROTOCOL_HYBRID_EX);
}

/* The quickest connect the tcp check made to @address, or -1. */
static gint64
connect_rtt_us (RdFinding  *tcp,
                const char *address)
{
  JsonNode *node = tcp != NULL ? json_object_get_member (rd_finding_get_evidence (tcp), "addresses") : NULL;
  JsonArray *addresses = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  gint64 best = -1;

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonNode *element = json_array_get_element (addresses, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *rtts = entry != NULL ? json_object_get_member (entry, "rtt_us") : NULL;

      if (rtts == NULL || !JSON_NODE_HOLDS_ARRAY (rtts) ||
          g_strcmp0 (json_object_get_string_member_with_default (entry, "address", NULL), address) != 0)
        continue;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (rtts)); k++)
        {
          gint64 rtt = json_array_get_int_element (json_node_get_array (rtts), k);

          if (rtt >= 0 && (best < 0 || rtt < best))
            best = rtt;
        }
    }
  return best;
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
  const guint32 requests[] = { ctx->requested_protocols, RD_PROTOCOL_SSL, RD_PROTOCOL_RDP };
  RdFinding *finding = rd_finding_new ("negotiate");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  RdFinding *tcp = rd_check_context_get_dep (ctx, "tcp");
  const char *address_text = tcp != NULL ? rd_finding_get_string (tcp, "connected_address") : NULL;
  g_autoptr(GInetAddress) inet = address_text != NULL ? g_inet_address_new_from_string (address_text) : NULL;
  g_autoptr(GSocketAddress) address = NULL;
  RdNegProbe probes[G_N_ELEMENTS (requests)] = { 0 };
  JsonArray *probe_results = json_array_new ();
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = rd_deadline_in_ms (ctx->timeout_ms);
  g_autofree char *requested = rd_protocols_to_string (ctx->requested_protocols);
  RdNegProbe *main_probe = &probes[0];
  gboolean side_needed[G_N_ELEMENTS (requests)] = { TRUE, TRUE, TRUE };
  gboolean cut_short[G_N_ELEMENTS (requests)] = { FALSE };
  gint64 resend_after = rd_net_resend_after_us (connect_rtt_us (tcp, address_text));

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
      probes[i].fd = -1;
      probes[i].deadline = deadline;
      probes[i].cancellable = ctx->cancellable;
      probes[i].resend_after_us = resend_after;
    }

  {
    g_autoptr(RdConnection) connection = rd_finding_steal_connection (tcp);

    if (connection != NULL)
      {
        probes[0].fd = connection->fd;
        connection->fd = -1;
      }
  }

  /* The main probe first; the two others beside it once it has its answer
   * or SIDE_PROBES_AFTER_MS have passed. */
  {
    ProbeSet set;
    gint64 side_start = g_get_monotonic_time () + SIDE_PROBES_AFTER_MS * 1000;

    memset (&set, 0, sizeof set);
    g_mutex_init (&set.lock);
    g_cond_init (&set.cond);
    for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
      {
        set.runs[i].set = &set;
        set.runs[i].probe = &probes[i];
      }
    probe_run_start (&set.runs[0], ctx->cancellable);
    g_mutex_lock (&set.lock);
    probe_run_wait (&set.runs[0], side_start);
    /* The side probes' answers only complete the picture: one lost on the
     * way (the main probe's came quickly) must not hold the check to its
     * deadline. The main probe's answer time is a round trip of the data
     * itself, which a proxy in front of the host may make much longer than
     * the connect's; a host slower than SIDE_PROBES_AFTER_MS gets no
     * second try. */
    if (set.runs[0].done && rd_neg_probe_answered (main_probe))
      for (guint i = 1; i < G_N_ELEMENTS (requests); i++)
        probes[i].answer_resend_after_us = rd_net_resend_after_us (MAX (connect_rtt_us (tcp, address_text),
                                                                        main_probe->answer_ms * 1000));
    if (set.runs[0].done)
      side_needed_after (main_probe, ctx->requested_protocols, side_needed);
    g_mutex_unlock (&set.lock);
    for (guint i = 1; i < G_N_ELEMENTS (requests); i++)
      if (side_needed[i])
        probe_run_start (&set.runs[i], ctx->cancellable);

    /* Once the main probe has its answer, a side probe it makes needless
     * stops, and the others get a few of its answer times, not the whole
     * timeout: a host that serves one connection at a time (weston) only
     * takes them once the TLS check is done with the main connection. */
    g_mutex_lock (&set.lock);
    probe_run_wait (&set.runs[0], G_MAXINT64);
    if (rd_neg_probe_answered (main_probe))
      {
        gint64 side_deadline = g_get_monotonic_time () +
                               MAX (SIDE_PROBES_MIN_WAIT_MS, SIDE_PROBES_ANSWER_TIMES * main_probe->answer_ms) * 1000;

        side_needed_after (main_probe, ctx->requested_protocols, side_needed);
        for (guint i = 1; i < G_N_ELEMENTS (requests); i++)
          {
            if (!side_needed[i] && set.runs[i].cancellable != NULL)
              g_cancellable_cancel (set.runs[i].cancellable);
            probe_run_wait (&set.runs[i], side_deadline);
            if (!set.runs[i].done && set.runs[i].cancellable != NULL)
              {
                g_cancellable_cancel (set.runs[i].cancellable);
                cut_short[i] = TRUE;
              }
          }
      }
    g_mutex_unlock (&set.lock);
    for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
      probe_run_finish (&set.runs[i], ctx->cancellable);
    g_cond_clear (&set.cond);
    g_mutex_clear (&set.lock);
  }

  json_object_set_string_member (evidence, "requested", requested);
  json_object_set_string_member (evidence, "outcome", rd_neg_outcome_to_string (main_probe->outcome));
  {
    JsonObject *main_json = rd_neg_probe_to_json (main_probe);
    GList *members = json_object_get_members (main_json);

    for (GList *l = members; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "requested") && !g_str_equal (l->data, "outcome"))
        json_object_set_member (evidence, l->data,
                                json_node_copy (json_object_get_member (main_json, l->data)));
    g_list_free (members);
    json_object_unref (main_json);
  }
  add_response_flags (evidence, main_probe);

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      JsonObject *result = side_needed[i] ? rd_neg_probe_to_json (&probes[i]) : not_needed_json (requests[i]);

      /* Stopped by us, not by the person: it had no answer in time. */
      if (cut_short[i] && probes[i].outcome == RD_NEG_OUTCOME_CANCELLED && !g_cancellable_is_cancelled (ctx->cancellable))
        {
          json_object_set_string_member (result, "outcome", rd_neg_outcome_to_string (RD_NEG_OUTCOME_TIMEOUT));
          json_object_set_string_member (result, "detail", "no answer soon after the main one");
        }
      json_array_add_object_element (probe_results, result);
    }
  json_object_set_array_member (evidence, "probes", probe_results);

  /* What the host insists on: told by the main answer, else by the
   * single-protocol probes. */
  if (!side_needed[1] || !side_needed[2])
    {
      gboolean tls = implies_tls_only (main_probe, ctx->requested_protocols);

      json_object_set_boolean_member (evidence, "tls_only_accepted", tls);
      json_object_set_boolean_member (evidence, "nla_required", FALSE);
      if (!side_needed[2])
        json_object_set_boolean_member (evidence, "standard_rdp_accepted", TRUE);
    }
  else if (rd_neg_probe_answered (&probes[1]))
    {
      json_object_set_boolean_member (evidence, "tls_only_accepted",
                                      probes[1].outcome == RD_NEG_OUTCOME_RESPONSE &&
                                      probes[1].confirm.selected_protocol == RD_PROTOCOL_SSL);
      json_object_set_boolean_member (evidence, "nla_required",
                                      probes[1].outcome == RD_NEG_OUTCOME_FAILURE &&
                                      probes[1].confirm.failure_code == RD_NEG_FAILURE_HYBRID_REQUIRED_BY_SERVER);
    }
  if (side_needed[2] && rd_neg_probe_answered (&probes[2]))
    json_object_set_boolean_member (evidence, "standard_rdp_accepted",
                                    probes[2].outcome == RD_NEG_OUTCOME_RESPONSE &&
                                    probes[2].confirm.selected_protocol == RD_PROTOCOL_RDP);

  summarize (finding, main_probe, rd_target_get_port (ctx->target));

  /* The TLS check continues on the connection where TLS was agreed. */
  if (rd_neg_probe_selected_tls (main_probe))
    {
      rd_finding_set_connection (finding, rd_connection_new (main_probe->fd));
      main_probe->fd = -1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    rd_neg_probe_clear (&probes[i]);

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
