/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-cause-private.h"
#include "rd-json.h"
#include "rd-remedy-catalogue.h"
#include "rd-watch.h"

struct _RdWatch
{
  RdWatchRound *ring;          /* RD_WATCH_MAX_ROUNDS, oldest at first */
  guint         first;
  guint         kept;
  guint         added;
  guint         failures;
  guint         errors;
  /* The run of failed rounds going on, and the longest one ended. */
  gint64        outage_start_us;
  gboolean      in_outage;
  gint64        longest_outage_ms;
  gint64        last_end_us;
  GPtrArray    *causes;         /* RdWatchCause* */
};

RdWatch *
rd_watch_new (void)
{
  RdWatch *self = g_new0 (RdWatch, 1);

  self->ring = g_new0 (RdWatchRound, RD_WATCH_MAX_ROUNDS);
  self->causes = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
rd_watch_free (RdWatch *self)
{
  if (self == NULL)
    return;
  g_free (self->ring);
  g_ptr_array_unref (self->causes);
  g_free (self);
}

static RdWatchCause *
cause_entry (RdWatch    *self,
             const char *name)
{
  RdWatchCause *entry;

  for (guint i = 0; i < self->causes->len; i++)
    {
      entry = g_ptr_array_index (self->causes, i);
      if (g_str_equal (entry->cause_name, name))
        return entry;
    }
  entry = g_new0 (RdWatchCause, 1);
  /* Kept for as long as the watch: the name of a cause only a newer
   * version knows lives in its report, which is not kept. */
  entry->cause_name = g_intern_string (name);
  g_ptr_array_add (self->causes, entry);
  return entry;
}

static int
compare_causes (gconstpointer a,
                gconstpointer b)
{
  const RdWatchCause *ca = *(RdWatchCause * const *) a;
  const RdWatchCause *cb = *(RdWatchCause * const *) b;

  if (ca->rounds != cb->rounds)
    return ca->rounds > cb->rounds ? -1 : 1;
  if (ca->severity != cb->severity)
    return ca->severity > cb->severity ? -1 : 1;
  return strcmp (ca->cause_name, cb->cause_name);
}

static const RdWatchRound *
add_round (RdWatch      *self,
           RdWatchRound *round)
{
  guint slot;
  gboolean failed = round->verdict == RD_VERDICT_BROKEN || round->error;

  if (self->kept < RD_WATCH_MAX_ROUNDS)
    slot = (self->first + self->kept++) % RD_WATCH_MAX_ROUNDS;
  else
    {
      slot = self->first;
      self->first = (self->first + 1) % RD_WATCH_MAX_ROUNDS;
    }
  self->added++;
  round->number = self->added;
  self->ring[slot] = *round;

  if (round->error)
    self->errors++;
  if (failed)
    {
      self->failures++;
      if (round->cause_name != NULL)
        cause_entry (self, round->cause_name)->failures++;
      if (!self->in_outage)
        {
          self->in_outage = TRUE;
          self->outage_start_us = round->start_us;
        }
    }
  else if (self->in_outage)
    {
      /* Over when a round works again: it lasted until this round began. */
      self->in_outage = FALSE;
      self->longest_outage_ms = MAX (self->longest_outage_ms,
                                     (round->start_us - self->outage_start_us) / 1000);
    }
  self->last_end_us = round->start_us + round->duration_ms * 1000;

  for (guint i = 0; i < self->causes->len; i++)
    {
      RdWatchCause *entry = g_ptr_array_index (self->causes, i);

      entry->intermittent = entry->rounds < self->added;
    }
  g_ptr_array_sort (self->causes, compare_causes);
  return &self->ring[slot];
}

const RdWatchRound *
rd_watch_add_report (RdWatch        *self,
                     const RdReport *report,
                     gint64          start_us)
{
  RdWatchRound round = { 0 };
  const RdCause *main_cause = rd_report_get_main_cause (report);
  GPtrArray *causes = rd_report_get_causes (report);

  g_return_val_if_fail (self != NULL && report != NULL, NULL);

  round.start_us = start_us;
  round.duration_ms = rd_report_get_duration_ms (report);
  round.verdict = rd_report_get_verdict (report);
  round.cause = RD_CAUSE_OTHER;
  if (main_cause != NULL)
    {
      round.cause = main_cause->id;
      round.cause_name = g_intern_string (main_cause->name);
      round.severity = main_cause->severity;
    }

  /* Every cause the round named above info, not only the main one. */
  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      const RdCause *cause = g_ptr_array_index (causes, i);
      RdWatchCause *entry;

      if (cause->severity == RD_SEVERITY_INFO)
        continue;
      entry = cause_entry (self, cause->name);
      entry->rounds++;
      entry->severity = MAX (entry->severity, cause->severity);
    }
  return add_round (self, &round);
}

const RdWatchRound *
rd_watch_add_error (RdWatch *self,
                    gint64   start_us,
                    gint64   duration_ms)
{
  RdWatchRound round = { 0 };

  g_return_val_if_fail (self != NULL, NULL);

  round.start_us = start_us;
  round.duration_ms = duration_ms;
  round.verdict = RD_VERDICT_BROKEN;
  round.cause = RD_CAUSE_OTHER;
  round.error = TRUE;
  return add_round (self, &round);
}

guint
rd_watch_get_n_rounds (const RdWatch *self)
{
  return self->added;
}

guint
rd_watch_get_n_kept (const RdWatch *self)
{
  return self->kept;
}

const RdWatchRound *
rd_watch_get_round (const RdWatch *self,
                    guint          index)
{
  g_return_val_if_fail (index < self->kept, NULL);

  return &self->ring[(self->first + index) % RD_WATCH_MAX_ROUNDS];
}

guint
rd_watch_get_n_failures (const RdWatch *self)
{
  return self->failures;
}

guint
rd_watch_get_n_errors (const RdWatch *self)
{
  return self->errors;
}

gint64
rd_watch_get_longest_outage_ms (const RdWatch *self)
{
  gint64 longest = self->longest_outage_ms;

  /* An outage still going on lasts until the end of the last round. */
  if (self->in_outage)
    longest = MAX (longest, (self->last_end_us - self->outage_start_us) / 1000);
  return longest;
}

GPtrArray *
rd_watch_get_causes (const RdWatch *self)
{
  return self->causes;
}

RdWatchFamily
rd_watch_cause_family (const char *cause_name)
{
  switch (cause_name != NULL ? rd_cause_id_from_string (cause_name) : RD_CAUSE_OTHER)
    {
    /* Accepted, then closed before or during the handshake: what Windows
     * does with connections beyond MaxOutstandingConnections. */
    case RD_CAUSE_LISTENER_DROPS_CONNECTIONS:
    case RD_CAUSE_HANDSHAKE_INTERMITTENT:
    case RD_CAUSE_TLS_HANDSHAKE_TERMINATED:
      return RD_WATCH_FAMILY_DROPPED;
    case RD_CAUSE_PORT_REFUSED:
      return RD_WATCH_FAMILY_REFUSED;
    case RD_CAUSE_HANDSHAKE_TIMEOUT:
    case RD_CAUSE_PORT_FILTERED:
    case RD_CAUSE_HOST_UNREACHABLE:
    case RD_CAUSE_SERVER_SLOW:
    case RD_CAUSE_HIGH_LATENCY:
      return RD_WATCH_FAMILY_TIMEOUT;
    default:
      return RD_WATCH_FAMILY_OTHER;
    }
}

static const char *
family_to_string (RdWatchFamily family)
{
  static const char *const names[] = { "other", "dropped", "refused", "timeout" };

  return names[family];
}

/* The administrator's lines for a busy listener: raise the limit, restart
 * the service, each with its undo, from the remedy catalogue. */
static void
append_busy_host_commands (GString *out)
{
  static const char *const remedies[] = { "host-max-outstanding", "host-restart-termservice" };

  for (guint r = 0; r < G_N_ELEMENTS (remedies); r++)
    {
      const RdRemedyInfo *info = rd_remedy_catalogue_lookup (RD_CAUSE_LISTENER_DROPS_CONNECTIONS, remedies[r]);

      for (guint i = 0; info != NULL && i < RD_REMEDY_MAX_ACTIONS && info->actions[i].kind != RD_ACTION_NONE; i++)
        {
          const RdAction *action = &info->actions[i];
          g_autofree char *command = NULL;
          g_autofree char *undo = NULL;

          /* The setting and the restart; not the listings around them. */
          if (action->kind != RD_ACTION_REGISTRY_SET &&
              !(action->kind == RD_ACTION_SERVICE && action->service.verb == RD_SERVICE_RESTART))
            continue;
          command = rd_action_render_command (action, NULL);
          undo = rd_action_render_undo (action);
          if (command != NULL)
            g_string_append_printf (out, "\n    %s", command);
          if (undo != NULL)
            {
              g_string_append (out, "\n      ");
              /* TRANSLATORS: before the command that undoes the one above */
              g_string_append_printf (out, _("to undo: %s"), undo);
            }
        }
    }
}

char *
rd_watch_cause_explain (const RdWatch      *self,
                        const RdWatchCause *cause)
{
  GString *out = g_string_new (NULL);
  guint n = cause->rounds, total = self->added;

  if (!cause->intermittent)
    {
      g_string_append_printf (out, _("Named in every round: %u of %u."), n, total);
      return g_string_free (out, FALSE);
    }

  switch (rd_watch_cause_family (cause->cause_name))
    {
    case RD_WATCH_FAMILY_DROPPED:
      /* TRANSLATORS: "1 of 5 connections was dropped: …" */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "%u of %u connections was dropped: the computer refuses new "
                                                "connections when it is busy with too many pending ones "
                                                "(MaxOutstandingConnections). A VPN that drops out now and then "
                                                "looks the same. On the computer, its administrator can raise "
                                                "the limit and restart the Remote Desktop service:",
                                                "%u of %u connections were dropped: the computer refuses new "
                                                "connections when it is busy with too many pending ones "
                                                "(MaxOutstandingConnections). A VPN that drops out now and then "
                                                "looks the same. On the computer, its administrator can raise "
                                                "the limit and restart the Remote Desktop service:", n),
                              n, total);
      append_busy_host_commands (out);
      break;
    case RD_WATCH_FAMILY_REFUSED:
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "%u of %u connections was refused: the Remote Desktop service was "
                                                "not always there to take it. It may be restarting, or the computer "
                                                "is too busy (MaxOutstandingConnections).",
                                                "%u of %u connections were refused: the Remote Desktop service was "
                                                "not always there to take them. It may be restarting, or the "
                                                "computer is too busy (MaxOutstandingConnections).", n),
                              n, total);
      break;
    case RD_WATCH_FAMILY_TIMEOUT:
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "%u of %u connections got no answer in time: a VPN that drops out "
                                                "now and then, or a computer too busy to answer "
                                                "(MaxOutstandingConnections). On the computer, its administrator "
                                                "can raise the limit and restart the Remote Desktop service:",
                                                "%u of %u connections got no answer in time: a VPN that drops out "
                                                "now and then, or a computer too busy to answer "
                                                "(MaxOutstandingConnections). On the computer, its administrator "
                                                "can raise the limit and restart the Remote Desktop service:", n),
                              n, total);
      append_busy_host_commands (out);
      break;
    case RD_WATCH_FAMILY_OTHER:
    default:
      g_string_append_printf (out, _("It came and went: named in %u of %u rounds."), n, total);
      break;
    }
  return g_string_free (out, FALSE);
}

const char *
rd_watch_round_get_title (const RdWatchRound *round)
{
  const RdCauseRemedies *row;

  if (round->error)
    return _("The checks could not run");
  row = round->cause_name != NULL ? rd_remedy_catalogue_lookup_cause (rd_cause_id_from_string (round->cause_name)) : NULL;
  if (row != NULL)
    return _(row->title);
  if (round->cause_name != NULL)
    return _("A problem this version does not know");
  return _("No problem found");
}

static const char *
round_name (const RdWatchRound *round)
{
  if (round->error)
    return "error";
  return round->cause_name != NULL ? round->cause_name : "healthy";
}

JsonNode *
rd_watch_round_to_json (const RdWatchRound *round,
                        const RdReport     *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (round->start_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (when, round->start_us % G_USEC_PER_SEC);
  g_autofree char *start = g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");
  GPtrArray *causes = report != NULL ? rd_report_get_causes (report) : NULL;

  /* Milliseconds are enough: "…T20:14:03.123Z". */
  if (strlen (start) > 24)
    {
      start[23] = 'Z';
      start[24] = '\0';
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "round");
  json_builder_add_int_value (builder, round->number);
  rd_json_add_string (builder, "start", start);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, round->duration_ms);
  rd_json_add_string (builder, "verdict", round->error ? "error" : rd_verdict_to_string (round->verdict));
  rd_json_add_string (builder, "cause", round_name (round));
  rd_json_add_string (builder, "title", rd_watch_round_get_title (round));
  if (round->error)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "causes");
  json_builder_begin_array (builder);
  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      const RdCause *cause = g_ptr_array_index (causes, i);

      json_builder_begin_object (builder);
      rd_json_add_string (builder, "id", cause->name);
      rd_json_add_string (builder, "severity", rd_severity_to_string (cause->severity));
      json_builder_end_object (builder);
    }
  if (report == NULL && round->cause_name != NULL)
    {
      json_builder_begin_object (builder);
      rd_json_add_string (builder, "id", round->cause_name);
      rd_json_add_string (builder, "severity", rd_severity_to_string (round->severity));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
rd_watch_round_to_text (const RdWatchRound *round)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (round->start_us / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (when, "%H:%M:%S");

  /* TRANSLATORS: one round of --watch: its number, the time, the cause id
   * (or "healthy"), its title, how long the diagnosis took in seconds:
   * "#3  20:14:03  healthy  No problem found  (0.4 s)" */
  return g_strdup_printf (_("#%u  %s  %s  %s  (%.1f s)"), round->number, clock, round_name (round),
                          rd_watch_round_get_title (round), round->duration_ms / 1000.0);
}

char *
rd_watch_summary_to_text (const RdWatch *self)
{
  GString *text = g_string_new (NULL);
  gboolean any_failure_cause = FALSE;

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u round, %u failed",
                                             "%u rounds, %u failed", self->added),
                          self->added, self->failures);
  g_string_append_c (text, '\n');
  if (self->errors > 0)
    {
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u round could not run the checks",
                                                 "%u rounds could not run the checks", self->errors),
                              self->errors);
      g_string_append_c (text, '\n');
    }
  if (self->failures > 0)
    {
      g_string_append_printf (text, _("Longest outage: %.1f s"),
                              rd_watch_get_longest_outage_ms (self) / 1000.0);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < self->causes->len; i++)
    {
      const RdWatchCause *entry = g_ptr_array_index (self->causes, i);

      if (entry->failures == 0)
        continue;
      if (!any_failure_cause)
        {
          g_string_append_printf (text, "%s\n", _("Failures by cause:"));
          any_failure_cause = TRUE;
        }
      g_string_append_printf (text, "  %s: %u\n", entry->cause_name, entry->failures);
    }
  for (guint i = 0; i < self->causes->len; i++)
    {
      const RdWatchCause *entry = g_ptr_array_index (self->causes, i);
      g_autofree char *explanation = rd_watch_cause_explain (self, entry);

      g_string_append_printf (text, _("%s: %u of %u rounds%s"), entry->cause_name, entry->rounds,
                              self->added, entry->intermittent ? _(" (intermittent)") : "");
      g_string_append_printf (text, "\n  %s\n", explanation);
    }
  return g_string_free (text, FALSE);
}

JsonNode *
rd_watch_summary_to_json (const RdWatch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rounds");
  json_builder_add_int_value (builder, self->added);
  json_builder_set_member_name (builder, "failures");
  json_builder_add_int_value (builder, self->failures);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, self->errors);
  json_builder_set_member_name (builder, "longest_outage_ms");
  json_builder_add_int_value (builder, rd_watch_get_longest_outage_ms (self));
  json_builder_set_member_name (builder, "causes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->causes->len; i++)
    {
      const RdWatchCause *entry = g_ptr_array_index (self->causes, i);
      g_autofree char *explanation = rd_watch_cause_explain (self, entry);

      json_builder_begin_object (builder);
      rd_json_add_string (builder, "id", entry->cause_name);
      rd_json_add_string (builder, "severity", rd_severity_to_string (entry->severity));
      json_builder_set_member_name (builder, "rounds");
      json_builder_add_int_value (builder, entry->rounds);
      json_builder_set_member_name (builder, "failures");
      json_builder_add_int_value (builder, entry->failures);
      json_builder_set_member_name (builder, "intermittent");
      json_builder_add_boolean_value (builder, entry->intermittent);
      rd_json_add_string (builder, "family", family_to_string (rd_watch_cause_family (entry->cause_name)));
      rd_json_add_string (builder, "explanation", explanation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
