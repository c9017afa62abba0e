/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/* The states and exit codes of a monitoring plugin (Nagios, Icinga, the
 * Monitoring Plugins' development guidelines). */
typedef enum
{
  RD_PLUGIN_OK = 0,
  RD_PLUGIN_WARNING = 1,
  RD_PLUGIN_CRITICAL = 2,
  RD_PLUGIN_UNKNOWN = 3,
} RdPluginState;

/* A threshold in the guidelines' range syntax, [@][START:][END]: "10"
 * alerts outside 0..10, "10:" below 10, "~:10" above 10, "10:20" outside
 * 10..20, "@10:20" inside it. */
typedef struct
{
  char    *text;    /* as given, for the performance data */
  double   start;
  double   end;
  gboolean start_infinite;
  gboolean end_infinite;
  gboolean inside;  /* '@': alert inside the range */
} RdPluginRange;

gboolean  rd_plugin_range_parse  (const char     *text,
                                  RdPluginRange  *range,
                                  GError        **error);
void      rd_plugin_range_clear  (RdPluginRange  *range);
gboolean  rd_plugin_range_alerts (const RdPluginRange *range,
                                  double               value);

/* The one line of the plugin for @report (with its newline), and the state
 * in @state; @warning and @critical may be NULL. */
char     *rd_plugin_format       (const RdReport      *report,
                                  const RdPluginRange *warning,
                                  const RdPluginRange *critical,
                                  RdPluginState       *state);

/* Prints "RDP UNKNOWN - @message" on one line; returns RD_PLUGIN_UNKNOWN. */
int       rd_plugin_print_unknown (const char *message);

G_END_DECLS
