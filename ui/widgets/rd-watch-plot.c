/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-ui.h"
#include "rd-watch-plot-private.h"

/* Room around the plotting area: half the largest mark, and the labels. */
#define PAD 7.0
#define MAX_MARK 6.0
#define MIN_MARK 1.5
/* A failure stays big enough to tell its shape. */
#define MIN_FAILED_MARK 3.0
#define LABEL_GAP 4.0

struct _RdWatchPlot
{
  GtkWidget      parent_instance;

  const RdWatch *watch;          /* borrowed */
  char          *description;
};

G_DEFINE_FINAL_TYPE (RdWatchPlot, rd_watch_plot, GTK_TYPE_WIDGET)

RdWatchMark
rd_watch_plot_mark_kind (const RdWatchRound *round)
{
  if (round->error || round->verdict == RD_VERDICT_BROKEN)
    return RD_WATCH_MARK_FAILED;
  if (round->verdict == RD_VERDICT_DEGRADED)
    return RD_WATCH_MARK_WARNING;
  return RD_WATCH_MARK_HEALTHY;
}

/* The top of the scale: the slowest round, rounded up to a figure a
 * person reads at a glance (at least a second). */
static gint64
nice_scale (gint64 slowest_ms)
{
  static const gint64 steps[] = { 1000, 2000, 5000, 10000, 20000, 30000, 60000, 120000, 300000, 600000 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (slowest_ms <= steps[i])
      return steps[i];
  /* Whole minutes beyond. */
  return (slowest_ms + 59999) / 60000 * 60000;
}

void
rd_watch_plot_frame_init (RdWatchPlotFrame *frame,
                          const RdWatch    *watch,
                          double            width,
                          double            height,
                          double            inset_left,
                          double            inset_bottom)
{
  guint n = watch != NULL ? rd_watch_get_n_kept (watch) : 0;
  gint64 slowest = 0;

  frame->left = inset_left + PAD;
  frame->right = MAX (frame->left, width - PAD);
  frame->top = PAD;
  frame->bottom = MAX (frame->top, height - inset_bottom - PAD);
  frame->from_us = frame->to_us = 0;
  for (guint i = 0; i < n; i++)
    {
      const RdWatchRound *round = rd_watch_get_round (watch, i);

      slowest = MAX (slowest, round->duration_ms);
      if (i == 0)
        frame->from_us = round->start_us;
      frame->to_us = MAX (frame->to_us, round->start_us);
    }
  frame->scale_ms = nice_scale (slowest);
}

void
rd_watch_plot_mark (const RdWatchPlotFrame *frame,
                    const RdWatch          *watch,
                    guint                   index,
                    RdWatchPlotMark        *mark)
{
  const RdWatchRound *round = rd_watch_get_round (watch, index);
  double span = frame->right - frame->left;
  double share;

  g_return_if_fail (round != NULL);

  /* One round alone stands in the middle. */
  if (frame->to_us > frame->from_us)
    share = (double) (round->start_us - frame->from_us) / (double) (frame->to_us - frame->from_us);
  else
    share = 0.5;
  mark->x = frame->left + CLAMP (share, 0.0, 1.0) * span;
  share = (double) MAX (round->duration_ms, 0) / (double) frame->scale_ms;
  mark->y = frame->bottom - CLAMP (share, 0.0, 1.0) * (frame->bottom - frame->top);
  /* Marks shrink as rounds crowd, never below a dot a person can see. */
  mark->kind = rd_watch_plot_mark_kind (round);
  mark->size = CLAMP (span / MAX (rd_watch_get_n_kept (watch), 1) * 0.4,
                      mark->kind == RD_WATCH_MARK_FAILED ? MIN_FAILED_MARK : MIN_MARK, MAX_MARK);
}

static char *
clock_text (gint64 us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return g_date_time_format (when, "%H:%M:%S");
}

/* The axis' times: with the day once the rounds span more than half of
 * one ("Wed 20:14"), so a day's two ends do not read the same. */
static char *
axis_text (gint64 us,
           gint64 span_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  if (span_us > (gint64) 12 * 3600 * G_USEC_PER_SEC)
    return g_date_time_format (when, "%a %H:%M");
  return g_date_time_format (when, "%H:%M:%S");
}

/* "40 seconds", "2 minutes", "3 hours": how long the rounds span. */
static char *
span_text (gint64 us)
{
  guint64 s = (guint64) MAX (us, 0) / G_USEC_PER_SEC;

  if (s < 120)
    return g_strdup_printf (ngettext ("%u second", "%u seconds", (gulong) s), (guint) s);
  if (s < 2 * 3600)
    {
      guint minutes = (guint) ((s + 30) / 60);

      return g_strdup_printf (ngettext ("%u minute", "%u minutes", minutes), minutes);
    }
  else
    {
      guint hours = (guint) ((s + 1800) / 3600);

      return g_strdup_printf (ngettext ("%u hour", "%u hours", hours), hours);
    }
}

char *
rd_watch_plot_describe (const RdWatch *watch)
{
  GString *text;
  guint n, kept, failures, warnings = 0;
  const RdWatchRound *last_failed = NULL;
  gint64 slowest = 0;
  g_autofree char *rounds = NULL;

  n = watch != NULL ? rd_watch_get_n_rounds (watch) : 0;
  if (n == 0)
    return g_strdup (_("No rounds yet."));

  kept = rd_watch_get_n_kept (watch);
  failures = rd_watch_get_n_failures (watch);
  for (guint i = 0; i < kept; i++)
    {
      const RdWatchRound *round = rd_watch_get_round (watch, i);
      RdWatchMark kind = rd_watch_plot_mark_kind (round);

      if (kind == RD_WATCH_MARK_FAILED)
        last_failed = round;
      else if (kind == RD_WATCH_MARK_WARNING)
        warnings++;
      slowest = MAX (slowest, round->duration_ms);
    }

  text = g_string_new (NULL);
  /* Translators: how many rounds of checks the plot shows */
  rounds = g_strdup_printf (ngettext ("%u round", "%u rounds", n), n);
  if (kept >= 2)
    {
      const RdWatchRound *first = rd_watch_get_round (watch, 0);
      const RdWatchRound *last = rd_watch_get_round (watch, kept - 1);
      g_autofree char *span = span_text (last->start_us - first->start_us);

      /* Translators: "5 rounds in 2 minutes" */
      g_string_append_printf (text, _("%s in %s"), rounds, span);
    }
  else
    g_string_append (text, rounds);

  g_string_append (text, ", ");
  if (failures == 0)
    /* Translators: after "5 rounds in 2 minutes, " */
    g_string_append (text, _("none failed"));
  else if (last_failed == NULL)
    g_string_append_printf (text, ngettext ("%u failed", "%u failed", failures), failures);
  else
    {
      g_autofree char *clock = clock_text (last_failed->start_us);

      if (failures == 1)
        /* Translators: after "5 rounds in 2 minutes, "; %s is a time, 20:14:03 */
        g_string_append_printf (text, _("1 failed at %s"), clock);
      else
        /* Translators: after "5 rounds in 2 minutes, "; %s is a time, 20:14:03 */
        g_string_append_printf (text, ngettext ("%u failed, the last at %s", "%u failed, the last at %s",
                                                failures), failures, clock);
    }
  if (warnings > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, ngettext ("%u with a warning", "%u with a warning", warnings), warnings);
    }
  g_string_append (text, "; ");
  /* Translators: the longest a round of checks took, in seconds */
  g_string_append_printf (text, _("the slowest took %.1f s."), slowest / 1000.0);
  return g_string_free (text, FALSE);
}

static void
update_description (RdWatchPlot *self)
{
  g_free (self->description);
  self->description = rd_watch_plot_describe (self->watch);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
rd_watch_plot_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 160;
    }
}

static void
path_mark (cairo_t               *cr,
           const RdWatchPlotMark *mark)
{
  double s = mark->size;

  switch (mark->kind)
    {
    case RD_WATCH_MARK_HEALTHY:
      cairo_new_sub_path (cr);
      cairo_arc (cr, mark->x, mark->y, s, 0, 2 * G_PI);
      break;
    case RD_WATCH_MARK_WARNING:
      cairo_move_to (cr, mark->x, mark->y - s * 1.2);
      cairo_line_to (cr, mark->x + s * 1.1, mark->y + s * 0.8);
      cairo_line_to (cr, mark->x - s * 1.1, mark->y + s * 0.8);
      cairo_close_path (cr);
      break;
    case RD_WATCH_MARK_FAILED:
    default:
      cairo_move_to (cr, mark->x - s, mark->y - s);
      cairo_line_to (cr, mark->x + s, mark->y + s);
      cairo_move_to (cr, mark->x + s, mark->y - s);
      cairo_line_to (cr, mark->x - s, mark->y + s);
      break;
    }
}

static void
draw_mark (cairo_t               *cr,
           const RdWatchPlotMark *mark,
           const GdkRGBA         *colors,
           const GdkRGBA         *outline)
{
  gdk_cairo_set_source_rgba (cr, &colors[mark->kind]);
  path_mark (cr, mark);
  if (mark->kind == RD_WATCH_MARK_FAILED)
    {
      /* A cross is lines: thick enough to read, outlined first when asked. */
      if (outline != NULL)
        {
          gdk_cairo_set_source_rgba (cr, outline);
          cairo_set_line_width (cr, MAX (mark->size * 0.6, 1.0) + 2);
          cairo_stroke_preserve (cr);
          gdk_cairo_set_source_rgba (cr, &colors[mark->kind]);
        }
      cairo_set_line_width (cr, MAX (mark->size * 0.6, 1.0));
      cairo_stroke (cr);
      return;
    }
  if (outline == NULL)
    {
      cairo_fill (cr);
      return;
    }
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, outline);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* The theme's colours for the marks (light, dark, high contrast) and the
 * text's; in high contrast the marks are outlined in the text's colour. */
static gboolean
mark_colors (GtkWidget *widget,
             GdkRGBA   *fg,
             GdkRGBA    colors[3])
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* gtk_widget_get_color() is 4.10; the style context gives the same. */
  gtk_style_context_get_color (context, fg);
  lookup_color (context, "success_color", "#1b8553", &colors[RD_WATCH_MARK_HEALTHY]);
  lookup_color (context, "warning_color", "#9c6e03", &colors[RD_WATCH_MARK_WARNING]);
  lookup_color (context, "error_color", "#c01c28", &colors[RD_WATCH_MARK_FAILED]);
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
}

static void
rd_watch_plot_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  RdWatchPlot *self = RD_WATCH_PLOT (widget);
  gboolean high_contrast;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) top_label = NULL;
  g_autoptr(PangoLayout) zero_label = NULL;
  g_autofree char *top_text = NULL;
  RdWatchPlotFrame frame;
  GdkRGBA fg, dim, colors[3];
  guint n;
  int label_w, label_h, zero_w;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  high_contrast = mark_colors (widget, &fg, colors);
  dim = fg;
  dim.alpha *= high_contrast ? 0.6 : 0.25;

  n = self->watch != NULL ? rd_watch_get_n_kept (self->watch) : 0;
  rd_watch_plot_frame_init (&frame, self->watch, width, height, 0, 0);

  /* The scale: its top and zero, left; the times of the first and last
   * rounds, under the axis. */
  /* Translators: the top of the plot's scale, in seconds */
  top_text = g_strdup_printf (_("%u s"), (guint) (frame.scale_ms / 1000));
  top_label = gtk_widget_create_pango_layout (widget, top_text);
  zero_label = gtk_widget_create_pango_layout (widget, _("0 s"));
  pango_layout_get_pixel_size (top_label, &label_w, &label_h);
  pango_layout_get_pixel_size (zero_label, &zero_w, NULL);
  label_w = MAX (label_w, zero_w);
  rd_watch_plot_frame_init (&frame, self->watch, width, height, label_w + LABEL_GAP, label_h + LABEL_GAP);

  rd_ui_append_layout_at (snapshot, top_label, 0, frame.top - label_h / 2.0, &fg);
  rd_ui_append_layout_at (snapshot, zero_label, 0, frame.bottom - label_h / 2.0, &fg);
  if (n > 0)
    {
      g_autofree char *from = axis_text (frame.from_us, frame.to_us - frame.from_us);
      g_autoptr(PangoLayout) from_label = gtk_widget_create_pango_layout (widget, from);
      double y = frame.bottom + PAD;
      int w;

      pango_layout_get_pixel_size (from_label, &w, NULL);
      if (n == 1)
        rd_ui_append_layout_at (snapshot, from_label, (frame.left + frame.right - w) / 2.0, y, &fg);
      else
        {
          g_autofree char *to = axis_text (frame.to_us, frame.to_us - frame.from_us);
          g_autoptr(PangoLayout) to_label = gtk_widget_create_pango_layout (widget, to);
          int to_w;

          pango_layout_get_pixel_size (to_label, &to_w, NULL);
          rd_ui_append_layout_at (snapshot, from_label, MAX (frame.left - w / 2.0, 0), y, &fg);
          /* Two times that would touch: the last alone. */
          if (frame.right - to_w / 2.0 > MAX (frame.left - w / 2.0, 0) + w + 12)
            rd_ui_append_layout_at (snapshot, to_label, MIN (frame.right - to_w / 2.0, width - to_w), y, &fg);
        }
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &dim);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, frame.left - PAD, frame.bottom + 0.5);
  cairo_line_to (cr, frame.right + PAD, frame.bottom + 0.5);
  cairo_stroke (cr);
  {
    const double dashes[] = { 3, 3 };

    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    cairo_move_to (cr, frame.left - PAD, frame.top + 0.5);
    cairo_line_to (cr, frame.right + PAD, frame.top + 0.5);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }

  /* A stem from the axis to each mark while there is room for one: the
   * height reads as a duration. */
  if (n > 0 && (frame.right - frame.left) / n >= 4)
    {
      gdk_cairo_set_source_rgba (cr, &dim);
      for (guint i = 0; i < n; i++)
        {
          RdWatchPlotMark mark;

          rd_watch_plot_mark (&frame, self->watch, i, &mark);
          cairo_move_to (cr, mark.x, frame.bottom);
          cairo_line_to (cr, mark.x, mark.y);
        }
      cairo_stroke (cr);
    }
  /* The rounds in time order, then the failures again on top: where
   * rounds crowd, an outage is never hidden under rounds that went on. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        RdWatchPlotMark mark;

        rd_watch_plot_mark (&frame, self->watch, i, &mark);
        if (pass == 1 && mark.kind != RD_WATCH_MARK_FAILED)
          continue;
        draw_mark (cr, &mark, colors, high_contrast ? &fg : NULL);
      }
  cairo_destroy (cr);
}

static void
rd_watch_plot_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (rd_watch_plot_parent_class)->css_changed (widget, change);
  /* Light to dark, or a new font: colours and labels change. */
  gtk_widget_queue_draw (widget);
}

static void
rd_watch_plot_finalize (GObject *object)
{
  RdWatchPlot *self = RD_WATCH_PLOT (object);

  g_free (self->description);
  G_OBJECT_CLASS (rd_watch_plot_parent_class)->finalize (object);
}

static void
rd_watch_plot_class_init (RdWatchPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rd_watch_plot_finalize;
  widget_class->measure = rd_watch_plot_measure;
  widget_class->snapshot = rd_watch_plot_snapshot;
  widget_class->css_changed = rd_watch_plot_css_changed;

  gtk_widget_class_set_css_name (widget_class, "watchplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
on_high_contrast (RdWatchPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rd_watch_plot_init (RdWatchPlot *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rounds over time"),
                                  -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (on_high_contrast), self, G_CONNECT_SWAPPED);
  update_description (self);
}

GtkWidget *
rd_watch_plot_new (void)
{
  return g_object_new (RD_TYPE_WATCH_PLOT, NULL);
}

void
rd_watch_plot_set_watch (RdWatchPlot   *self,
                         const RdWatch *watch)
{
  g_return_if_fail (RD_IS_WATCH_PLOT (self));
  self->watch = watch;
  rd_watch_plot_update (self);
}

void
rd_watch_plot_update (RdWatchPlot *self)
{
  g_return_if_fail (RD_IS_WATCH_PLOT (self));
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rd_watch_plot_get_description:
 *
 * Returns: the same as the picture, in words: the accessible description
 */
const char *
rd_watch_plot_get_description (RdWatchPlot *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PLOT (self), NULL);
  return self->description;
}

/**
 * rd_watch_plot_get_n_marks:
 *
 * Returns: how many rounds the plot draws
 */
guint
rd_watch_plot_get_n_marks (RdWatchPlot *self)
{
  g_return_val_if_fail (RD_IS_WATCH_PLOT (self), 0);
  return self->watch != NULL ? rd_watch_get_n_kept (self->watch) : 0;
}

static void
draw_legend_mark (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        user_data)
{
  RdWatchPlotMark mark = { width / 2.0, height / 2.0, MAX_MARK - 1, GPOINTER_TO_INT (user_data) };
  GdkRGBA fg, colors[3];
  gboolean high_contrast = mark_colors (GTK_WIDGET (area), &fg, colors);

  draw_mark (cr, &mark, colors, high_contrast ? &fg : NULL);
}

static void
redraw (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
}

/**
 * rd_watch_plot_legend_new:
 *
 * Returns: (transfer floating): the three marks in a row, each with its
 *   word ("No problem", "Warning", "Failed"), which wraps where the row
 *   is narrow
 */
GtkWidget *
rd_watch_plot_legend_new (void)
{
  const char *words[] = {
    [RD_WATCH_MARK_HEALTHY] = N_("No problem"),
    [RD_WATCH_MARK_WARNING] = N_("Warning"),
    [RD_WATCH_MARK_FAILED] = N_("Failed"),
  };
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *area = gtk_drawing_area_new ();
      GtkWidget *label;

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 2 * MAX_MARK + 2);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 2 * MAX_MARK + 2);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_legend_mark, GINT_TO_POINTER (i), NULL);
      gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
      /* The word says it; the shape is for the eye. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                               G_CALLBACK (redraw), area, G_CONNECT_SWAPPED);
      label = gtk_label_new (_(words[i]));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (item), area);
      gtk_box_append (GTK_BOX (item), label);
      gtk_box_append (GTK_BOX (row), item);
    }
  return row;
}
