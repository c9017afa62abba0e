/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* WCAG 2 contrast ratio of two opaque sRGB colours, 1 to 21. */
double rd_contrast_ratio        (const GdkRGBA *a,
                                 const GdkRGBA *b);

/* Renders @window as it is shown and measures, for every label drawn in it
 * (mapped, sensitive, not scrolled out of sight), the contrast of its text
 * against what is behind it, from the pixels: the background is the
 * colour most of the label's box has, the text the one of the pixels its
 * glyphs cover (the label drawn alone says which) that differs most from
 * it. Says each label below WCAG AA (4.5:1, 3:1 for
 * large text: 24 px, or 18.66 px bold) with g_test_message, @what first.
 *
 * Returns: the number of those; @lowest (nullable) the lowest ratio found */
guint  rd_contrast_check_window (GtkWidget     *window,
                                 const char    *what,
                                 double        *lowest);

G_END_DECLS
