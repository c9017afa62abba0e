/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Contrast measured as a person sees it: from the window's pixels, so that
 * what CSS alone does not say (a dimmed label's opacity, a background
 * drawn by a parent) counts. */
#include "config.h"

#include <math.h>

#include "rd-contrast.h"

static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel (c->red) + 0.7152 * channel (c->green) + 0.0722 * channel (c->blue);
}

double
rd_contrast_ratio (const GdkRGBA *a,
                   const GdkRGBA *b)
{
  double la = luminance (a);
  double lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

typedef struct
{
  guchar *pixels;   /* premultiplied ARGB32, as cairo has it */
  int     width;
  int     height;
  gsize   stride;
} Picture;

static void
picture_rgba (const Picture *picture,
              int            x,
              int            y,
              GdkRGBA       *out)
{
  guint32 p = *(guint32 *) (picture->pixels + (gsize) y * picture->stride + (gsize) x * 4);
  double a = ((p >> 24) & 0xff) / 255.0;
  double r = ((p >> 16) & 0xff) / 255.0;
  double g = ((p >> 8) & 0xff) / 255.0;
  double b = (p & 0xff) / 255.0;

  /* Over white where the window is not opaque (its rounded corners). */
  out->red = r + (1 - a);
  out->green = g + (1 - a);
  out->blue = b + (1 - a);
  out->alpha = 1;
}

static guint32
picture_key (const Picture *picture,
             int            x,
             int            y)
{
  return *(guint32 *) (picture->pixels + (gsize) y * picture->stride + (gsize) x * 4);
}

/* @widget as drawn, in its own coordinates; a label alone is its text on
 * nothing (transparent). */
static void
render (GtkWidget *widget,
        Picture   *out)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  out->width = gtk_widget_get_width (widget);
  out->height = gtk_widget_get_height (widget);
  /* Nothing to draw while a change waits for the next frame's layout. */
  for (int i = 0; i < 100 && node == NULL; i++)
    {
      if (i > 0)
        {
          g_usleep (10000);
          while (g_main_context_iteration (NULL, FALSE))
            ;
          snapshot = gtk_snapshot_new ();
        }
      gdk_paintable_snapshot (paintable, snapshot, out->width, out->height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      /* Draws nothing at all. */
      out->pixels = NULL;
      out->width = out->height = 0;
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, out->width, out->height));
  out->width = gdk_texture_get_width (texture);
  out->height = gdk_texture_get_height (texture);
  out->stride = (gsize) out->width * 4;
  out->pixels = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, out->pixels, out->stride);
}

static void
collect_labels (GtkWidget *root,
                GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (out, root);
}

/* Where @label is seen in @window: its box, less what a scrolled view or
 * anything else that clips around it hides. */
static gboolean
visible_box (GtkWidget       *label,
             GtkWidget       *window,
             graphene_rect_t *box)
{
  if (!gtk_widget_compute_bounds (label, window, box))
    return FALSE;
  for (GtkWidget *parent = gtk_widget_get_parent (label); parent != NULL && parent != window;
       parent = gtk_widget_get_parent (parent))
    {
      graphene_rect_t clip;

      if (gtk_widget_get_overflow (parent) != GTK_OVERFLOW_HIDDEN)
        continue;
      if (!gtk_widget_compute_bounds (parent, window, &clip) ||
          !graphene_rect_intersection (box, &clip, box))
        return FALSE;
    }
  return TRUE;
}

/* Large text in the sense of WCAG: 18 pt (24 px), or 14 pt (18.66 px) bold. */
static gboolean
is_large (GtkWidget *label,
          double    *px_out)
{
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (label));
  double px = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  if (!pango_font_description_get_size_is_absolute (font))
    px = px * 96.0 / 72.0;
  *px_out = px;
  return px >= 24 || (px >= 18.66 && pango_font_description_get_weight (font) >= PANGO_WEIGHT_BOLD);
}

guint
rd_contrast_check_window (GtkWidget  *window,
                          const char *what,
                          double     *lowest)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  Picture picture;
  guint failed = 0;
  guint measured = 0;
  double min = 21;

  render (window, &picture);
  g_assert_nonnull (picture.pixels);
  collect_labels (window, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));
      g_autoptr(GHashTable) counts = NULL;
      graphene_rect_t box;
      int x0, y0, x1, y1;
      guint32 bg_key = 0;
      guint best = 0;
      GdkRGBA bg, fg = { 0 }, pixel;
      double ratio = 1, needed, px;
      graphene_rect_t own_box;
      Picture own;
      guint max_alpha = 0;
      GHashTableIter iter;
      gpointer key, value;

      /* Not seen, or an inactive control's (WCAG asks nothing of those). */
      if (*text == '\0' || !gtk_widget_is_drawable (label) || !gtk_widget_is_sensitive (label) ||
          !visible_box (label, window, &box))
        continue;
      x0 = MAX (0, (int) ceil (box.origin.x));
      y0 = MAX (0, (int) ceil (box.origin.y));
      x1 = MIN (picture.width, (int) floor (box.origin.x + box.size.width));
      y1 = MIN (picture.height, (int) floor (box.origin.y + box.size.height));
      if (x1 - x0 < 4 || y1 - y0 < 4)
        continue;
      /* The label alone: which pixels are its own text, not the descenders
       * of the line above reaching into its box. */
      render (label, &own);
      if (own.pixels == NULL || !gtk_widget_compute_bounds (label, window, &own_box))
        {
          g_free (own.pixels);
          continue;
        }
      for (int y = 0; y < own.height; y++)
        for (int x = 0; x < own.width; x++)
          max_alpha = MAX (max_alpha, picture_key (&own, x, y) >> 24);
      if (max_alpha == 0)
        {
          g_free (own.pixels);
          continue;
        }

      counts = g_hash_table_new (NULL, NULL);
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            gpointer k = GUINT_TO_POINTER (picture_key (&picture, x, y));

            g_hash_table_insert (counts, k, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, k)) + 1));
          }
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (GPOINTER_TO_UINT (value) > best)
          {
            best = GPOINTER_TO_UINT (value);
            bg_key = GPOINTER_TO_UINT (key);
          }
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          if (picture_key (&picture, x, y) == bg_key)
            {
              picture_rgba (&picture, x, y, &bg);
              y = y1;
              break;
            }
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            int ox = x - (int) round (own_box.origin.x);
            int oy = y - (int) round (own_box.origin.y);
            double r;

            if (ox < 0 || oy < 0 || ox >= own.width || oy >= own.height ||
                (picture_key (&own, ox, oy) >> 24) * 2 < max_alpha)
              continue;
            picture_rgba (&picture, x, y, &pixel);
            r = rd_contrast_ratio (&pixel, &bg);
            if (r > ratio)
              {
                ratio = r;
                fg = pixel;
              }
          }

      g_free (own.pixels);
      needed = is_large (label, &px) ? 3.0 : 4.5;
      measured++;
      min = MIN (min, ratio);
      if (ratio < needed)
        {
          failed++;
          g_test_message ("%s: %.2f:1, needs %.1f:1 (%.1f px, text #%02x%02x%02x on #%02x%02x%02x): “%s”",
                          what, ratio, needed, px,
                          (int) round (fg.red * 255), (int) round (fg.green * 255), (int) round (fg.blue * 255),
                          (int) round (bg.red * 255), (int) round (bg.green * 255), (int) round (bg.blue * 255),
                          text);
        }
      else if (g_test_verbose ())
        g_test_message ("%s: %.2f:1 (%.1f px, %d,%d %d×%d): “%s”", what, ratio, px, x0, y0, x1 - x0, y1 - y0, text);
    }
  g_test_message ("%s: %u labels measured, lowest %.2f:1, %u below AA", what, measured, min, failed);
  g_free (picture.pixels);
  if (lowest != NULL)
    *lowest = min;
  return failed;
}
