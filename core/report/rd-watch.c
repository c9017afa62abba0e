/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-watch.h"

struct _RdWatch
{
  RdWatchRound *ring;          /* RD_WATCH_MAX_ROUNDS, oldest at first */
  guint         first;
  guint         kept;
  guint         added;
  guint         failures;
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
  entry->cause_name = name;
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
  self->ring[slot] = *round;
  self->added++;

  if (failed)
    {
      self->failures++;
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
      round.cause_name = rd_cause_info (main_cause->id)->name;
      round.severity = main_cause->severity;
    }

  /* Every cause the round named above info, not only the main one. */
  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      const RdCause *cause = g_ptr_array_index (causes, i);
      RdWatchCause *entry;

      if (cause->severity == RD_SEVERITY_INFO)
        continue;
      entry = cause_entry (self, rd_cause_info (cause->id)->name);
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

char *
rd_watch_round_to_text (const RdWatchRound *round)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (round->start_us / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (when, "%H:%M:%S");
  const char *name = round->error ? "error" : round->cause_name != NULL ? round->cause_name : "healthy";

  /* TRANSLATORS: one round of --watch: the time, what was found, how long
   * the diagnosis took in seconds. */
  return g_strdup_printf (_("%s  %s  (%.1f s)"), clock, name, round->duration_ms / 1000.0);
}

char *
rd_watch_summary_to_text (const RdWatch *self)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u round, %u failed",
                                             "%u rounds, %u failed", self->added),
                          self->added, self->failures);
  g_string_append_c (text, '\n');
  if (self->failures > 0)
    {
      g_string_append_printf (text, _("Longest outage: %.1f s"),
                              rd_watch_get_longest_outage_ms (self) / 1000.0);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < self->causes->len; i++)
    {
      const RdWatchCause *entry = g_ptr_array_index (self->causes, i);

      g_string_append_printf (text, _("%s: %u of %u rounds%s"), entry->cause_name, entry->rounds,
                              self->added, entry->intermittent ? _(" (intermittent)") : "");
      g_string_append_c (text, '\n');
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
  json_builder_set_member_name (builder, "longest_outage_ms");
  json_builder_add_int_value (builder, rd_watch_get_longest_outage_ms (self));
  json_builder_set_member_name (builder, "causes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->causes->len; i++)
    {
      const RdWatchCause *entry = g_ptr_array_index (self->causes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, entry->cause_name);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, rd_severity_to_string (entry->severity));
      json_builder_set_member_name (builder, "rounds");
      json_builder_add_int_value (builder, entry->rounds);
      json_builder_set_member_name (builder, "intermittent");
      json_builder_add_boolean_value (builder, entry->intermittent);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
