/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/* Prometheus' text exposition format, version 0.0.4. */
#define RD_EXPOSITION_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"
/* The file node_exporter's textfile collector reads in --textfile's DIR. */
#define RD_EXPOSITION_TEXTFILE_NAME "rdp_doctor.prom"

/* One diagnosis for the exposition. @report is NULL when the checks could
 * not run (or ran out of time): the probe then failed. */
typedef struct
{
  const char     *target;       /* the "target" label, or NULL for none */
  const RdReport *report;
  double          duration_s;
} RdExpositionProbe;

/* Whether a probe succeeded: no cause of severity error, so OK and
 * WARNING of --plugin are 1, CRITICAL is 0. */
gboolean  rd_exposition_probe_success  (const RdReport *report);

/* The metric families of @probes, each family's series together:
 * rdp_doctor_probe_success, _probe_duration_seconds,
 * _check_duration_seconds{check}, _cause{id,severity},
 * _tls_cert_not_after_seconds, _rtt_seconds. */
char     *rd_exposition_format         (const RdExpositionProbe *probes,
                                        guint                    n_probes);

/* "# HELP name help\n# TYPE name type\n". */
void      rd_exposition_append_family  (GString    *out,
                                        const char *name,
                                        const char *type,
                                        const char *help);
/* A label value as the format escapes it: \\, \" and \n. */
void      rd_exposition_append_label_value (GString    *out,
                                            const char *value);

/* Checks that --textfile's @dir is a folder this process can write in. */
gboolean  rd_exposition_check_textfile_dir (const char  *dir,
                                            GError     **error);
/* Writes @text as DIR/rdp_doctor.prom through a temporary file and a
 * rename, so that the collector never reads half of it. */
gboolean  rd_exposition_write_textfile (const char  *dir,
                                        const char  *text,
                                        GError     **error);

G_END_DECLS
