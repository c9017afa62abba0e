/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#if HAVE_QRENCODE
#include <qrencode.h>
#endif

#include "rd-qr-private.h"

/* The ECI assignment number of UTF-8: without it scanners guess the
 * encoding of byte mode, and zbar, for one, reads "é" as Shift JIS. */
#define ECI_UTF8 26

/* The modules, one byte each (1 dark), quiet zone included; *size a side. */
static guint8 *
encode (const char *text,
        guint      *size)
{
#if HAVE_QRENCODE
  QRinput *input;
  QRcode *code = NULL;
  guint8 *modules;
  guint width;

  *size = 0;
  if (text == NULL || *text == '\0')
    return NULL;
  input = QRinput_new2 (0, QR_ECLEVEL_M);
  if (input == NULL)
    return NULL;
  if (QRinput_appendECIheader (input, ECI_UTF8) == 0 &&
      QRinput_append (input, QR_MODE_8, strlen (text), (const unsigned char *) text) == 0)
    code = QRcode_encodeInput (input);
  QRinput_free (input);
  if (code == NULL)
    return NULL;

  width = code->width;
  *size = width + 2 * RD_QR_QUIET_ZONE;
  modules = g_malloc0 ((gsize) *size * *size);
  for (guint y = 0; y < width; y++)
    for (guint x = 0; x < width; x++)
      modules[(y + RD_QR_QUIET_ZONE) * *size + x + RD_QR_QUIET_ZONE] = code->data[y * width + x] & 1;
  QRcode_free (code);
  return modules;
#else
  *size = 0;
  return NULL;
#endif
}

gboolean
rd_qr_available (void)
{
  return HAVE_QRENCODE;
}

/**
 * rd_qr_texture_new:
 * @module_px: the width of a module in pixels (an integer scale keeps the
 *   edges sharp)
 *
 * Returns: (transfer full) (nullable): the QR code of @text
 */
GdkTexture *
rd_qr_texture_new (const char *text,
                   guint       module_px)
{
  guint size;
  g_autofree guint8 *modules = encode (text, &size);
  g_autoptr(GBytes) bytes = NULL;
  guint8 *pixels;
  gsize side, stride;

  g_return_val_if_fail (module_px > 0 && module_px <= 64, NULL);
  if (modules == NULL)
    return NULL;

  side = (gsize) size * module_px;
  stride = side * 3;
  pixels = g_malloc (stride * side);
  for (gsize y = 0; y < side; y++)
    for (gsize x = 0; x < side; x++)
      memset (pixels + y * stride + x * 3,
              modules[(y / module_px) * size + x / module_px] ? 0x00 : 0xff, 3);
  bytes = g_bytes_new_take (pixels, stride * side);
  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, stride);
}

/**
 * rd_qr_save_png:
 *
 * Writes the QR code of @text as a PNG file (for the tests, and anyone who
 * wants to print it).
 */
gboolean
rd_qr_save_png (const char *text,
                guint       module_px,
                const char *path)
{
  g_autoptr(GdkTexture) texture = rd_qr_texture_new (text, module_px);

  return texture != NULL && gdk_texture_save_to_png (texture, path);
}

/* The view: draws the modules as rectangles of a whole number of pixels,
 * so the code stays sharp at any size (no filtering of a scaled image). */

struct _RdQrView
{
  GtkWidget  parent_instance;

  char      *text;
  guint8    *modules;
  guint      size;
};

G_DEFINE_FINAL_TYPE (RdQrView, rd_qr_view, GTK_TYPE_WIDGET)

/* Pixels a module when the view is shown at its natural size. */
#define NATURAL_MODULE_PX 4
#define MINIMUM_MODULE_PX 2

static void
rd_qr_view_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  RdQrView *self = RD_QR_VIEW (widget);

  *minimum = self->size * MINIMUM_MODULE_PX;
  *natural = self->size * NATURAL_MODULE_PX;
}

static void
rd_qr_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  RdQrView *self = RD_QR_VIEW (widget);
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA black = { 0, 0, 0, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int module, side, x0, y0;

  if (self->modules == NULL)
    return;
  module = MAX (1, MIN (width, height) / (int) self->size);
  side = module * self->size;
  x0 = (width - side) / 2;
  y0 = (height - side) / 2;

  /* White behind it even in the dark style: scanners want dark on light. */
  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (x0, y0, side, side));
  for (guint y = 0; y < self->size; y++)
    for (guint x = 0; x < self->size; x++)
      {
        guint run = 0;

        /* One rectangle per run of dark modules on a row. */
        while (x + run < self->size && self->modules[y * self->size + x + run])
          run++;
        if (run == 0)
          continue;
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (x0 + x * module, y0 + y * module,
                                                        run * module, module));
        x += run;
      }
}

static void
rd_qr_view_finalize (GObject *object)
{
  RdQrView *self = RD_QR_VIEW (object);

  g_free (self->text);
  g_free (self->modules);
  G_OBJECT_CLASS (rd_qr_view_parent_class)->finalize (object);
}

static void
rd_qr_view_class_init (RdQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rd_qr_view_finalize;
  widget_class->measure = rd_qr_view_measure;
  widget_class->snapshot = rd_qr_view_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "qrcode");
}

static void
rd_qr_view_init (RdQrView *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("QR code of the summary: scan it with a phone"),
                                  -1);
}

gboolean
rd_qr_view_set_text (RdQrView   *self,
                     const char *text)
{
  g_return_val_if_fail (RD_IS_QR_VIEW (self), FALSE);

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->modules, g_free);
  self->modules = encode (text, &self->size);
  /* What it holds, for a screen reader too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "",
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return self->modules != NULL;
}

const char *
rd_qr_view_get_text (RdQrView *self)
{
  g_return_val_if_fail (RD_IS_QR_VIEW (self), NULL);
  return self->text;
}

