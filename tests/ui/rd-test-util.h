/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-application.h"
#include "rd-window.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  GHashTable  *ports;     /* mode -> GUINT_TO_POINTER (port) */
  char        *ready_dir;
} RdFaultHost;

RdFaultHost  *rd_fault_host_start      (const char * const *modes);
RdFaultHost  *rd_fault_host_start_with_cert (const char * const *modes,
                                             const char         *cert,
                                             const char         *key);
guint         rd_fault_host_port       (RdFaultHost        *host,
                                        const char         *mode);
char         *rd_fault_host_target     (RdFaultHost        *host,
                                        const char         *mode);
void          rd_fault_host_stop       (RdFaultHost        *host);

/* An RdApplication registered (not run), so windows get its style sheet and
 * actions as in the real program. */
GApplication *rd_test_application      (void);

typedef gboolean (*RdTestPredicate) (gpointer data);
/* Iterates the default main context until @predicate holds; FALSE on
 * timeout. */
gboolean      rd_test_wait_until       (RdTestPredicate     predicate,
                                        gpointer            data,
                                        guint               timeout_ms);
void          rd_test_wait_ms          (guint               ms);
/* A lobby kiosk as an administrator sets one up (without turning kiosk mode
 * on): the presets, given as label and computer in turn, the helpdesk, no
 * typed computer, no fixes here, no reset when idle. */
void          rd_test_set_up_kiosk     (const char * const *presets);
/* Destroys a window that may refuse to close (a kiosk's) and waits for its
 * checks to end. */
void          rd_test_destroy_window   (RdWindow           *window);
/* A predicate: @window's checks ended on a page after them. */
gboolean      rd_test_run_finished     (gpointer            window);

/* Depth first, including hidden widgets. */
GtkWidget    *rd_test_find_button      (GtkWidget          *root,
                                        const char         *action_name);
GtkWidget    *rd_test_find_by_type     (GtkWidget          *root,
                                        GType               type);
GtkWidget    *rd_test_find_label       (GtkWidget          *root,
                                        const char         *text);
void          rd_test_save_png         (GtkWidget          *window,
                                        const char         *path);
void          rd_test_expand_all       (GtkWidget          *root);
void          rd_test_collect          (GtkWidget          *root,
                                        GType               type,
                                        GPtrArray          *out);

/* A loopback TCP port nothing listens on (bound, then closed). */
guint         rd_test_closed_port      (void);
guint         rd_test_filtered_port    (void);

typedef void (*RdTestEditFunc) (JsonObject *root,
                                gpointer    data);
/* @base as saved and loaded again, with @cause_ids put first (described by
 * the core from @base's findings, as a real run would) and @edit applied
 * to the JSON first: the reports a lab cannot produce (a router down). */
RdReport     *rd_test_report_with     (RdReport           *base,
                                       const char * const *cause_ids,
                                       RdTestEditFunc      edit,
                                       gpointer            data);

/* A window of the test application, shown; closing one waits (at most
 * 5 s) for its checks' workers to end. */
RdWindow     *rd_test_new_window       (void);
void          rd_test_close_window     (RdWindow           *window);

/* An RdTestEditFunc: as a host that offers NLA but would take TLS alone. */
void          rd_test_accept_tls_only  (JsonObject         *root,
                                        gpointer            data);
/* An RdTestEditFunc: the report is about 127.0.0.1 on the port in @data
 * (GUINT_TO_POINTER), e.g. a caller's report of a computer a test runs. */
void          rd_test_move_target      (JsonObject         *root,
                                        gpointer            data);
/* The side by side of a window has its run from here. */
gboolean      rd_test_compare_done     (gpointer            window);

G_END_DECLS
