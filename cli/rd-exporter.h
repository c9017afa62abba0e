/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_EXPORTER_DEFAULT_MAX_PROBES 16
#define RD_EXPORTER_MAX_MAX_PROBES 256
/* The probe's time when Prometheus sends no scrape timeout. */
#define RD_EXPORTER_DEFAULT_TIMEOUT_MS 10000

/* `rdp-doctor --exporter ADDR:PORT --allow PATTERN…`: a Prometheus
 * exporter in the blackbox exporter's multi-target pattern. Returns the
 * exit code. The only part of the program that links libsoup. */
int rd_exporter_main (int    argc,
                      char **argv);

G_END_DECLS
