/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RD_TYPE_KIOSK (rd_kiosk_get_type ())
G_DECLARE_FINAL_TYPE (RdKiosk, rd_kiosk, RD, KIOSK, GObject)

/*
 * What the administrator allows, read from the GSettings keys (lockable
 * with dconf) each time it is asked, so a changed or locked key holds at
 * once. Kiosk mode (the key, or --kiosk for one run) adds what a public
 * machine needs on top of the allow-* keys: no file dialogs, no other app
 * started, nothing remembered.
 */

RdKiosk     *rd_kiosk_get_default          (void);

void         rd_kiosk_set_forced           (RdKiosk     *self,
                                            gboolean     forced);
gboolean     rd_kiosk_is_active            (RdKiosk     *self);

gboolean     rd_kiosk_allows_custom_host   (RdKiosk     *self);
gboolean     rd_kiosk_allows_apply_fixes   (RdKiosk     *self);
gboolean     rd_kiosk_allows_save_report   (RdKiosk     *self);
gboolean     rd_kiosk_allows_file_dialogs  (RdKiosk     *self);
gboolean     rd_kiosk_allows_other_apps    (RdKiosk     *self);
gboolean     rd_kiosk_remembers_hosts      (RdKiosk     *self);

typedef void (*RdKioskPresetFunc) (gpointer    data,
                                   const char *target);

/* The preset computers as big buttons; NULL when there are none. */
GtkWidget   *rd_kiosk_presets_new          (RdKiosk           *self,
                                            RdKioskPresetFunc  func,
                                            gpointer           data);
/* The helpdesk's contact along the bottom of a kiosk; NULL when none is set. */
GtkWidget   *rd_kiosk_helpdesk_bar_new     (RdKiosk     *self);
/* "Ask your helpdesk" with the contact, where a fix would have been. */
GtkWidget   *rd_kiosk_helpdesk_card_new    (RdKiosk     *self,
                                            const char  *text);

typedef void (*RdKioskIdleFunc) (gpointer data);
/* @seconds_left before the reset, out of @seconds_total; 0 when any input
 * stopped the countdown (or the reset came). */
typedef void (*RdKioskCountdownFunc) (gpointer data,
                                      guint    seconds_left,
                                      guint    seconds_total);

/* Full screen, no close, no quit, no inspector, no menu of the app's. */
void         rd_kiosk_lock_window          (RdKiosk     *self,
                                            GtkWindow   *window);
/* Calls @func once after the idle-reset-seconds without input that follow
 * input or a poke; @countdown (nullable) each second of the last ones
 * (rd_kiosk_get_countdown_seconds()), so that the person still there can
 * stay. */
void         rd_kiosk_watch_idle           (RdKiosk              *self,
                                            GtkWindow            *window,
                                            RdKioskIdleFunc       func,
                                            RdKioskCountdownFunc  countdown,
                                            gpointer              data);
guint        rd_kiosk_get_countdown_seconds (RdKiosk    *self);
void         rd_kiosk_poke_idle            (GtkWindow   *window);
/* Empties the clipboard and the primary selection: text the last person
 * copied must not be pasted by the next. */
void         rd_kiosk_forget_clipboards    (GtkWidget   *widget);

G_END_DECLS
