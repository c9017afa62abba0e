/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Keep watching": the result's checks again every so often, for a
 * problem that comes and goes; each round drawn, counted and summed up
 * (RdWatch) until the person stops or leaves. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-ui.h"
#include "rd-watch-page-private.h"
#include "rd-watch-plot.h"

/* The choices of "Check every", in the order of the list. */
static const guint interval_choices_s[] = { 10, 30, 60, 300 };
/* How often the countdown is said again (and a running round pulses). */
#define TICK_MS 250

struct _RdWatchPage
{
  RdPage        parent_instance;

  GtkLabel     *title_label;
  GtkLabel     *status_label;
  GtkProgressBar *progress;
  GtkWidget    *stop_button;
  RdWatchPlot  *plot;
  GtkWidget    *legend_box;
  GtkListBox   *counts_list;
  AdwComboRow  *interval_row;
  GSettings    *settings;          /* the interval chosen last time */
  GtkLabel     *causes_heading;
  GtkWidget    *causes_box;
  char         *causes_text;       /* what causes_box shows, to rebuild it only on a change */
  GtkLabel     *rounds_value;
  GtkLabel     *failures_value;
  GtkLabel     *outage_value;

  RdTarget     *target;
  guint         timeout_ms;
  guint         interval_ms;       /* the tests' hook; 0: as chosen */
  RdWatch      *watch;
  gboolean      watching;          /* not stopped */
  GCancellable *cancellable;       /* the round running, or NULL */
  guint         n_pending;         /* rounds whose workers have not ended */
  gint64        round_start_us;    /* wall clock, for the plot's times */
  gint64        round_start_mono;
  gint64        next_mono;         /* when the next round starts; 0: none planned */
  guint         tick_id;
};

G_DEFINE_FINAL_TYPE (RdWatchPage, rd_watch_page, RD_TYPE_PAGE)

typedef struct
{
  RdWatchPage  *self;
  GCancellable *cancellable;
} RoundData;

static void start_round (RdWatchPage *self);

static gint64
interval_us (RdWatchPage *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);

  if (self->interval_ms > 0)
    return (gint64) self->interval_ms * 1000;
  if (selected >= G_N_ELEMENTS (interval_choices_s))
    selected = 1;
  return (gint64) interval_choices_s[selected] * G_USEC_PER_SEC;
}

/* Only when it changes: a screen reader hears a label that changes. */
static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

/* "25 s", "4 min 30 s": how long until the next round. */
static char *
countdown_text (gint64 us)
{
  guint s = (guint) ((MAX (us, 0) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  if (s < 60)
    /* Translators: a countdown in seconds */
    return g_strdup_printf (_("%u s"), s);
  /* Translators: a countdown in minutes and seconds */
  return g_strdup_printf (_("%u min %u s"), s / 60, s % 60);
}

static void
update_status (RdWatchPage *self)
{
  guint n = self->watch != NULL ? rd_watch_get_n_rounds (self->watch) : 0;
  g_autofree char *text = NULL;

  if (self->cancellable != NULL)
    /* Translators: %u counts the rounds of checks, from 1 */
    text = g_strdup_printf (_("Round %u — checking…"), n + 1);
  else if (self->watching && self->next_mono > 0)
    {
      g_autofree char *left = countdown_text (self->next_mono - g_get_monotonic_time ());

      /* Translators: "Round 3 — next in 25 s"; %u is the last round, %s the time left */
      text = g_strdup_printf (_("Round %u — next in %s"), n, left);
    }
  else if (n == 0)
    text = g_strdup (_("Stopped"));
  else
    text = g_strdup_printf (ngettext ("Stopped after %u round", "Stopped after %u rounds", n), n);
  set_label (self->status_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->cancellable != NULL);
  /* Each tick says the countdown; the button changes with the state only. */
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (self->stop_button)),
                 self->watching ? _("_Stop") : _("_Resume")) != 0)
    rd_ui_set_button_label (self->stop_button, self->watching ? _("_Stop") : _("_Resume"));
}

/* A cause's title as the result page says it, as RdWatch names a round's. */
static const char *
cause_title (const char *name)
{
  RdWatchRound round = { .cause_name = name };

  return rd_watch_round_get_title (&round);
}

static GtkWidget *
causes_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Each cause the rounds named, by its title, with what its rounds say
 * (RdWatch's words: "1 of 5 connections was dropped: …", and for the
 * administrator the lines to run, which can be selected and copied). */
static void
show_causes (RdWatchPage *self)
{
  GPtrArray *causes = rd_watch_get_causes (self->watch);
  guint n = rd_watch_get_n_rounds (self->watch);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) all = g_string_new (NULL);
  gboolean intermittent = FALSE;
  GtkWidget *child;

  for (guint i = 0; i < causes->len; i++)
    {
      const RdWatchCause *cause = g_ptr_array_index (causes, i);
      char *text = rd_watch_cause_explain (self->watch, cause);

      g_ptr_array_add (texts, text);
      g_string_append_printf (all, "%s\n%s\n", cause->cause_name, text);
      intermittent |= cause->intermittent;
    }
  if (causes->len == 0)
    g_string_append (all, n == 0 ? _("The first round is under way.") : _("No round found a problem."));

  set_label (self->causes_heading, intermittent ? _("Problems that come and go")
                                   : causes->len > 0 ? _("Problems found") : _("What the rounds found"));
  if (g_strcmp0 (self->causes_text, all->str) == 0)
    return;
  g_free (self->causes_text);
  self->causes_text = g_strdup (all->str);

  while ((child = gtk_widget_get_first_child (self->causes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->causes_box), child);
  if (causes->len == 0)
    gtk_box_append (GTK_BOX (self->causes_box), causes_label (all->str, NULL));
  for (guint i = 0; i < causes->len; i++)
    {
      const RdWatchCause *cause = g_ptr_array_index (causes, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *explanation = causes_label (g_ptr_array_index (texts, i), NULL);

      gtk_label_set_selectable (GTK_LABEL (explanation), TRUE);
      gtk_box_append (GTK_BOX (box), causes_label (cause_title (cause->cause_name), "heading"));
      gtk_box_append (GTK_BOX (box), explanation);
      gtk_box_append (GTK_BOX (self->causes_box), box);
    }
}

static void
show_counts (RdWatchPage *self)
{
  g_autofree char *rounds = g_strdup_printf ("%u", rd_watch_get_n_rounds (self->watch));
  g_autofree char *failures = g_strdup_printf ("%u", rd_watch_get_n_failures (self->watch));
  g_autofree char *outage = NULL;
  gint64 longest = rd_watch_get_longest_outage_ms (self->watch);

  if (rd_watch_get_n_failures (self->watch) == 0)
    outage = g_strdup (_("None"));
  else if (longest < 60000)
    /* Translators: a duration in seconds, "12.5 s" */
    outage = g_strdup_printf (_("%.1f s"), longest / 1000.0);
  else
    outage = countdown_text (longest * 1000);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "watch.copy-summary", rd_watch_get_n_rounds (self->watch) > 0);
  set_label (self->rounds_value, rounds);
  set_label (self->failures_value, failures);
  set_label (self->outage_value, outage);
  show_causes (self);
  rd_watch_plot_update (self->plot);
}

static gboolean
on_tick (gpointer user_data)
{
  RdWatchPage *self = user_data;

  if (self->cancellable == NULL && self->watching && self->next_mono > 0 &&
      g_get_monotonic_time () >= self->next_mono)
    start_round (self);
  if (self->cancellable != NULL)
    gtk_progress_bar_pulse (self->progress);
  update_status (self);
  return G_SOURCE_CONTINUE;
}

static void
on_round_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RoundData *data = user_data;
  RdWatchPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReport) report = rd_report_new_from_run (RD_RUNNER (source), result, &error);

  self->n_pending--;
  /* A round stopped, or one of an earlier watch: nothing to count. */
  if (!g_cancellable_is_cancelled (data->cancellable) && data->cancellable == self->cancellable)
    {
      gint64 duration_ms = (g_get_monotonic_time () - self->round_start_mono) / 1000;

      g_clear_object (&self->cancellable);
      if (report != NULL)
        rd_watch_add_report (self->watch, report, self->round_start_us);
      else
        rd_watch_add_error (self->watch, self->round_start_us, duration_ms);
      /* From the start of one round to the start of the next; at once
       * when a round took longer. */
      if (self->watching)
        self->next_mono = self->round_start_mono + interval_us (self);
      show_counts (self);
      update_status (self);
    }
  g_object_unref (source);
  g_object_unref (data->cancellable);
  g_object_unref (data->self);
  g_free (data);
}

static void
start_round (RdWatchPage *self)
{
  RdRunner *runner = rd_ui_new_runner (self->target, self->timeout_ms);
  RoundData *data = g_new0 (RoundData, 1);

  self->cancellable = g_cancellable_new ();
  self->round_start_us = g_get_real_time ();
  self->round_start_mono = g_get_monotonic_time ();
  self->next_mono = 0;
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  self->n_pending++;
  rd_runner_run_async (runner, self->cancellable, on_round_done, data);
  update_status (self);
}

static void
stop_tick (RdWatchPage *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
resume (RdWatchPage *self)
{
  if (self->watching || self->target == NULL)
    return;
  self->watching = TRUE;
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  start_round (self);
}

void
rd_watch_page_stop (RdWatchPage *self)
{
  g_return_if_fail (RD_IS_WATCH_PAGE (self));

  self->watching = FALSE;
  self->next_mono = 0;
  stop_tick (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  update_status (self);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdWatchPage *self = RD_WATCH_PAGE (widget);

  if (self->watching)
    rd_watch_page_stop (self);
  else
    resume (self);
}

/* The summary for a ticket: the computer, then what RdWatch sums up. */
static void
copy_summary_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RdWatchPage *self = RD_WATCH_PAGE (widget);
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;

  if (self->watch == NULL || rd_watch_get_n_rounds (self->watch) == 0)
    return;
  summary = rd_watch_summary_to_text (self->watch);
  text = g_strdup_printf ("%s\n%s", gtk_label_get_text (self->title_label), summary);
  rd_page_copy (RD_PAGE (self), text, _("Summary copied: paste it in a message to your helpdesk"));
}

/* A new interval counts from the last round's start. */
static void
on_interval_changed (RdWatchPage *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);

  /* Chosen: the next watch starts with it too. */
  if (selected < G_N_ELEMENTS (interval_choices_s))
    g_settings_set_uint (self->settings, "watch-interval-seconds", interval_choices_s[selected]);
  if (self->watching && self->next_mono > 0)
    self->next_mono = self->round_start_mono + interval_us (self);
  update_status (self);
}

/**
 * rd_watch_page_start:
 * @target: the computer of the result shown
 * @timeout_ms: each network step's deadline, as the wizard's own checks
 *
 * A new watch: the first round at once, the next ones every interval.
 */
void
rd_watch_page_start (RdWatchPage *self,
                     RdTarget    *target,
                     guint        timeout_ms)
{
  g_autofree char *where = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (RD_IS_WATCH_PAGE (self));
  g_return_if_fail (target != NULL);

  rd_watch_page_stop (self);
  rd_target_ref (target);
  g_clear_pointer (&self->target, rd_target_unref);
  self->target = target;
  self->timeout_ms = timeout_ms;

  rd_watch_plot_set_watch (self->plot, NULL);
  g_clear_pointer (&self->watch, rd_watch_free);
  self->watch = rd_watch_new ();
  rd_watch_plot_set_watch (self->plot, self->watch);

  where = rd_target_to_string (target);
  /* Translators: the watching view's heading; %s is the computer, pc.example.com */
  title = g_strdup_printf (_("Watching %s"), where);
  gtk_label_set_text (self->title_label, title);
  show_counts (self);
  resume (self);
}

gboolean
rd_watch_page_is_running (RdWatchPage *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PAGE (self), FALSE);
  return self->n_pending > 0;
}

void
rd_watch_page_set_interval_ms (RdWatchPage *self,
                               guint        interval_ms)
{
  g_return_if_fail (RD_IS_WATCH_PAGE (self));
  self->interval_ms = interval_ms;
  on_interval_changed (self);
}

const RdWatch *
rd_watch_page_get_watch (RdWatchPage *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PAGE (self), NULL);
  return self->watch;
}

RdWatchPlot *
rd_watch_page_get_plot (RdWatchPage *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PAGE (self), NULL);
  return self->plot;
}

AdwComboRow *
rd_watch_page_get_interval_row (RdWatchPage *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PAGE (self), NULL);
  return self->interval_row;
}

const char *
rd_watch_page_get_status (RdWatchPage *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PAGE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

gboolean
rd_watch_page_get_watching (RdWatchPage *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PAGE (self), FALSE);
  return self->watching;
}

static void
rd_watch_page_dispose (GObject *object)
{
  RdWatchPage *self = RD_WATCH_PAGE (object);

  self->watching = FALSE;
  stop_tick (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->plot != NULL)
    rd_watch_plot_set_watch (self->plot, NULL);
  G_OBJECT_CLASS (rd_watch_page_parent_class)->dispose (object);
}

static void
rd_watch_page_finalize (GObject *object)
{
  RdWatchPage *self = RD_WATCH_PAGE (object);

  g_clear_pointer (&self->watch, rd_watch_free);
  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_object (&self->settings);
  g_free (self->causes_text);
  G_OBJECT_CLASS (rd_watch_page_parent_class)->finalize (object);
}

static void
rd_watch_page_class_init (RdWatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RdPageClass *page_class = RD_PAGE_CLASS (klass);

  g_type_ensure (RD_TYPE_WATCH_PLOT);
  rd_page_class_set_page (page_class, RD_PAGE_WATCH, RD_AREA_NONE);

  object_class->dispose = rd_watch_page_dispose;
  object_class->finalize = rd_watch_page_finalize;

  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, progress);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, plot);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, counts_list);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, interval_row);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, causes_heading);
  gtk_widget_class_bind_template_child (widget_class, RdWatchPage, causes_box);
  gtk_widget_class_install_action (widget_class, "watch.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "watch.copy-summary", NULL, copy_summary_action);
}

/* A row of the counts: its title, and its value on the right. */
static GtkLabel *
add_count_row (RdWatchPage *self,
               const char  *title,
               int          position)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  gtk_list_box_insert (self->counts_list, row, position);
  /* Said together with its title. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, value, NULL, -1);
  return GTK_LABEL (value);
}

static void
rd_watch_page_init (RdWatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rounds_value = add_count_row (self, _("Rounds"), 0);
  self->failures_value = add_count_row (self, _("Failed"), 1);
  self->outage_value = add_count_row (self, _("Longest outage"), 2);
  gtk_box_append (GTK_BOX (self->legend_box), rd_watch_plot_legend_new ());
  self->settings = g_settings_new (APP_ID);
  {
    guint seconds = g_settings_get_uint (self->settings, "watch-interval-seconds");

    for (guint i = 0; i < G_N_ELEMENTS (interval_choices_s); i++)
      if (interval_choices_s[i] == seconds)
        adw_combo_row_set_selected (self->interval_row, i);
  }
  g_signal_connect_object (self->interval_row, "notify::selected", G_CALLBACK (on_interval_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "watch.copy-summary", FALSE);
  update_status (self);
}
