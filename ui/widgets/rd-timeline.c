/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-timeline-private.h"
#include "rd-ui.h"

/*
 * The handshake as a ladder: this computer on the left, the remote one on
 * the right, each message an arrow between them, grouped by phase; the
 * phase where the link died in the error colour, with its time. Built only
 * from the core's timeline of the findings (rd_timeline_steps_new()), so it
 * shows what was measured, nothing more.
 */

typedef enum
{
  ROW_PHASE,
  ROW_MESSAGE,
  ROW_DEATH,
} RowKind;

typedef struct
{
  RowKind   kind;
  gboolean  to_host;
  gboolean  failed;
  char     *text;
} Row;

struct _RdTimeline
{
  GtkWidget  parent_instance;

  GPtrArray *rows;          /* Row* */
  GString   *description;
  const char *failed_phase;  /* static */
  guint      n_messages;
};

G_DEFINE_FINAL_TYPE (RdTimeline, rd_timeline, GTK_TYPE_WIDGET)

#define ROW_GAP     6
#define ARROW_SPACE 10
#define HEAD_SIZE   7.0

static void
row_free (Row *row)
{
  g_free (row->text);
  g_free (row);
}

static Row *
add_row (RdTimeline *self,
         RowKind     kind,
         gboolean    to_host,
         const char *text)
{
  Row *row = g_new0 (Row, 1);

  row->kind = kind;
  row->to_host = to_host;
  row->text = g_strdup (text);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
add_message (RdTimeline *self,
             gboolean    to_host,
             const char *text)
{
  add_row (self, ROW_MESSAGE, to_host, text);
  if (self->n_messages > 0)
    g_string_append (self->description, ", ");
  /* Translators: in the timeline's description: "→ TCP SYN" is sent,
   * "← SYN-ACK" received */
  g_string_append_printf (self->description, to_host ? _("sent %s") : _("received %s"), text);
  self->n_messages++;
}

static const char *
phase_title (RdPhase phase)
{
  switch (phase)
    {
    case RD_PHASE_TCP:
      return _("Connection (TCP)");
    case RD_PHASE_NEGOTIATE:
      return _("Negotiation (X.224)");
    case RD_PHASE_TLS:
      return _("Secure channel (TLS)");
    case RD_PHASE_NLA:
    default:
      return _("Sign-in check (NLA, CredSSP)");
    }
}

/* Words for how a phase ended badly. */
static const char *
end_words (const RdTimelineStep *step)
{
  switch (step->end)
    {
    case RD_PHASE_RESET:
      return _("Connection reset by the computer");
    case RD_PHASE_CLOSED:
      return _("Connection closed by the computer");
    case RD_PHASE_NO_ANSWER:
      return _("No answer");
    case RD_PHASE_REFUSED:
      return _("Refused (RST)");
    case RD_PHASE_UNREACHABLE:
      return _("Unreachable (ICMP)");
    case RD_PHASE_ALERT:
      return _("TLS alert from the computer");
    case RD_PHASE_SECURITY_REFUSED:
      return _("Refused the security it was asked for");
    case RD_PHASE_UNEXPECTED:
      return _("Unexpected answer");
    case RD_PHASE_PASSED:
    case RD_PHASE_OTHER:
    default:
      return step->outcome != NULL ? step->outcome : _("Stopped");
    }
}

static void
add_death (RdTimeline           *self,
           Row                  *phase_row,
           const RdTimelineStep *step)
{
  g_autofree char *text = NULL;

  phase_row->failed = TRUE;
  /* Translators: where the connection died in the timeline, e.g.
   * "Connection reset by the computer — after 3 ms" */
  text = g_strdup_printf (_("%s — after %d ms"), end_words (step), (int) CLAMP (step->ms, 0, G_MAXINT));
  add_row (self, ROW_DEATH, TRUE, text)->failed = TRUE;
  self->failed_phase = rd_phase_to_string (step->phase);

  g_string_append (self->description, ". ");
  /* Translators: in the timeline's description: %1$s is the phase, e.g.
   * "Secure channel (TLS)", %2$s how it ended */
  g_string_append_printf (self->description, _("The connection failed during %s: %s"),
                          phase_title (step->phase), text);
}

static void
rebuild (RdTimeline *self,
         GPtrArray  *steps)
{
  g_ptr_array_set_size (self->rows, 0);
  g_string_truncate (self->description, 0);
  self->failed_phase = NULL;
  self->n_messages = 0;

  g_string_append (self->description, _("Handshake between this computer and the remote computer: "));
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const RdTimelineStep *step = g_ptr_array_index (steps, i);
      Row *phase = add_row (self, ROW_PHASE, FALSE, phase_title (step->phase));

      for (guint m = 0; m < step->messages->len; m++)
        {
          const RdTimelineMessage *message = g_ptr_array_index (step->messages, m);

          add_message (self, message->to_host, message->text);
        }
      if (step->end != RD_PHASE_PASSED)
        add_death (self, phase, step);
    }

  if (self->n_messages == 0)
    g_string_append (self->description, _("nothing measured yet"));
  if (self->failed_phase == NULL && self->n_messages > 0)
    {
      g_string_append (self->description, ". ");
      g_string_append (self->description, _("No step failed."));
    }
  else if (self->failed_phase == NULL)
    g_string_append (self->description, ".");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description->str,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self), self->n_messages > 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Layout: the columns' x and each row's text, shared by measure and
 * snapshot so what is measured is what is drawn. */
typedef struct
{
  double       left;
  double       right;
  PangoLayout *client;
  PangoLayout *host;
  int          header_height;
} Frame;

static void
frame_init (RdTimeline *self,
            Frame      *frame,
            int         width)
{
  int cw, hw;

  frame->client = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("This computer"));
  frame->host = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Remote computer"));
  pango_layout_get_pixel_size (frame->client, &cw, &frame->header_height);
  pango_layout_get_pixel_size (frame->host, &hw, NULL);
  frame->left = MAX (width * 0.12, cw / 2.0 + 2);
  frame->right = MIN (width * 0.88, width - hw / 2.0 - 2);
  frame->header_height += ROW_GAP;
}

static void
frame_clear (Frame *frame)
{
  g_clear_object (&frame->client);
  g_clear_object (&frame->host);
}

static PangoLayout *
row_layout (RdTimeline  *self,
            const Row   *row,
            const Frame *frame,
            int          width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int text_width = row->kind == ROW_PHASE ? width : (int) (frame->right - frame->left) - 12;

  if (row->kind == ROW_PHASE)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<small><b>%s</b></small>", row->text);
      pango_layout_set_markup (layout, markup, -1);
    }
  else if (row->kind == ROW_DEATH)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>✕ %s</b>", row->text);
      pango_layout_set_markup (layout, markup, -1);
    }
  else
    pango_layout_set_text (layout, row->text, -1);
  pango_layout_set_width (layout, MAX (text_width, 40) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

static int
row_height (const Row   *row,
            PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  if (row->kind == ROW_MESSAGE)
    height += ARROW_SPACE;
  return height + ROW_GAP;
}

static int
total_height (RdTimeline *self,
              int         width)
{
  Frame frame;
  int height;

  if (self->rows->len == 0)
    return 0;
  frame_init (self, &frame, width);
  height = frame.header_height;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (self->rows, i);
      g_autoptr(PangoLayout) layout = row_layout (self, row, &frame, width);

      height += row_height (row, layout);
    }
  frame_clear (&frame);
  return height + ROW_GAP;
}

static void
rd_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  RdTimeline *self = RD_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    *minimum = *natural = total_height (self, for_size > 0 ? for_size : 480);
}

static void
draw_arrow (cairo_t       *cr,
            double         from,
            double         to,
            double         y,
            const GdkRGBA *color)
{
  double dir = to > from ? 1.0 : -1.0;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, from, y);
  cairo_line_to (cr, to - dir * HEAD_SIZE, y);
  cairo_stroke (cr);
  cairo_move_to (cr, to, y);
  cairo_line_to (cr, to - dir * HEAD_SIZE * 1.4, y - HEAD_SIZE * 0.7);
  cairo_line_to (cr, to - dir * HEAD_SIZE * 1.4, y + HEAD_SIZE * 0.7);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
rd_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  RdTimeline *self = RD_TIMELINE (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, dim, error;
  Frame frame;
  cairo_t *cr;
  double y;
  int w;

  if (self->rows->len == 0 || width <= 0)
    return;

  /* gtk_widget_get_color() is 4.10; the style context gives the same. */
  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "error_color", &error))
    gdk_rgba_parse (&error, "#c01c28");
  dim = fg;
  dim.alpha *= 0.35;

  frame_init (self, &frame, width);
  pango_layout_get_pixel_size (frame.client, &w, NULL);
  rd_ui_append_layout_at (snapshot, frame.client, frame.left - w / 2.0, 0, &fg);
  pango_layout_get_pixel_size (frame.host, &w, NULL);
  rd_ui_append_layout_at (snapshot, frame.host, frame.right - w / 2.0, 0, &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &dim);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, frame.left, frame.header_height);
  cairo_line_to (cr, frame.left, height - ROW_GAP);
  cairo_move_to (cr, frame.right, frame.header_height);
  cairo_line_to (cr, frame.right, height - ROW_GAP);
  cairo_stroke (cr);

  y = frame.header_height;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (self->rows, i);
      g_autoptr(PangoLayout) layout = row_layout (self, row, &frame, width);
      int text_height, text_width;
      double x;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      x = row->kind == ROW_PHASE ? 0 : frame.left + 6;
      /* Centred layouts are as wide as their width; place by that. */
      text_width = pango_layout_get_width (layout) / PANGO_SCALE;

      if (row->kind == ROW_PHASE)
        {
          GdkRGBA color = row->failed ? error : fg;

          rd_ui_append_layout_at (snapshot, layout, x, y, &color);
        }
      else if (row->kind == ROW_MESSAGE)
        {
          rd_ui_append_layout_at (snapshot, layout, x, y, &fg);
          if (row->to_host)
            draw_arrow (cr, frame.left, frame.right, y + text_height + ARROW_SPACE / 2.0, &fg);
          else
            draw_arrow (cr, frame.right, frame.left, y + text_height + ARROW_SPACE / 2.0, &fg);
        }
      else
        {
          double cy = y + text_height / 2.0;

          rd_ui_append_layout_at (snapshot, layout, x, y, &error);
          gdk_cairo_set_source_rgba (cr, &error);
          cairo_set_line_width (cr, 2.5);
          cairo_move_to (cr, frame.right - 6, cy - 6);
          cairo_line_to (cr, frame.right + 6, cy + 6);
          cairo_move_to (cr, frame.right + 6, cy - 6);
          cairo_line_to (cr, frame.right - 6, cy + 6);
          cairo_stroke (cr);
        }
      y += row_height (row, layout);
    }
  cairo_destroy (cr);
  frame_clear (&frame);
}

static void
rd_timeline_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (rd_timeline_parent_class)->css_changed (widget, change);
  /* Light to dark, or a new font: colours and sizes change. */
  gtk_widget_queue_resize (widget);
}

static GtkSizeRequestMode
rd_timeline_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rd_timeline_finalize (GObject *object)
{
  RdTimeline *self = RD_TIMELINE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_string_free (self->description, TRUE);
  G_OBJECT_CLASS (rd_timeline_parent_class)->finalize (object);
}

static void
rd_timeline_class_init (RdTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rd_timeline_finalize;
  widget_class->measure = rd_timeline_measure;
  widget_class->snapshot = rd_timeline_snapshot;
  widget_class->css_changed = rd_timeline_css_changed;
  widget_class->get_request_mode = rd_timeline_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rd_timeline_init (RdTimeline *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->description = g_string_new (NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Handshake timeline"),
                                  -1);
  rebuild (self, NULL);
}

/**
 * rd_timeline_set_findings:
 * @findings: (element-type RdFinding) (nullable): the findings so far
 */
void
rd_timeline_set_findings (RdTimeline *self,
                          GPtrArray  *findings)
{
  g_autoptr(GPtrArray) steps = NULL;

  g_return_if_fail (RD_IS_TIMELINE (self));
  steps = rd_timeline_steps_new (findings);
  rebuild (self, steps);
}

void
rd_timeline_set_report (RdTimeline     *self,
                        const RdReport *report)
{
  g_return_if_fail (RD_IS_TIMELINE (self));
  rebuild (self, report != NULL ? rd_facts_get_timeline (rd_report_get_facts (report)) : NULL);
}

const char *
rd_timeline_get_failed_phase (RdTimeline *self)
{
  g_return_val_if_fail (RD_IS_TIMELINE (self), NULL);
  return self->failed_phase;
}

const char *
rd_timeline_get_description (RdTimeline *self)
{
  g_return_val_if_fail (RD_IS_TIMELINE (self), NULL);
  return self->description->str;
}

guint
rd_timeline_get_n_messages (RdTimeline *self)
{
  g_return_val_if_fail (RD_IS_TIMELINE (self), 0);
  return self->n_messages;
}
