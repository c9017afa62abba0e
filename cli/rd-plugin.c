/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `rdp-doctor --plugin`: the report as one line of a monitoring plugin,
 * "RDP WARNING - <cause title> (<cause id>) | time=2.1s;5;10;0 ...", and
 * the convention's exit code. The status words and the labels of the
 * performance data stay English: monitoring systems read them. */
#include "rd-i18n.h"

#include <math.h>
#include <string.h>

#include "rd-facts.h"
#include "rd-plugin.h"

static const char *const state_words[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

/* A number as the guidelines write one: an optional minus, digits, maybe a
 * point and more digits; no exponent, hex, "inf" or spaces. */
static gboolean
parse_number (const char *text,
              gsize       length,
              double     *value)
{
  g_autofree char *copy = g_strndup (text, length);
  guint n_digits = 0;
  gboolean point = FALSE;
  char *end = NULL;

  for (gsize i = 0; i < length; i++)
    {
      if (i == 0 && copy[i] == '-')
        continue;
      if (copy[i] == '.' && !point)
        point = TRUE;
      else if (g_ascii_isdigit (copy[i]) && n_digits < 15)
        n_digits++;
      else
        return FALSE;
    }
  if (n_digits == 0)
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/**
 * rd_plugin_range_parse:
 *
 * Reads a threshold: a plain number of seconds or the guidelines' range
 * syntax. FALSE with @error set for anything else.
 */
gboolean
rd_plugin_range_parse (const char     *text,
                       RdPluginRange  *range,
                       GError        **error)
{
  const char *p = text != NULL ? text : "";
  const char *colon;
  RdPluginRange parsed = { 0 };

  if (*p == '@')
    {
      parsed.inside = TRUE;
      p++;
    }
  colon = strchr (p, ':');
  if (colon == NULL)
    {
      /* "10" is "0:10". */
      if (!parse_number (p, strlen (p), &parsed.end))
        goto bad;
    }
  else
    {
      if (colon - p == 1 && *p == '~')
        parsed.start_infinite = TRUE;
      else if (!parse_number (p, colon - p, &parsed.start))
        goto bad;
      if (colon[1] == '\0')
        parsed.end_infinite = TRUE;
      else if (!parse_number (colon + 1, strlen (colon + 1), &parsed.end))
        goto bad;
    }
  if (!parsed.start_infinite && !parsed.end_infinite && parsed.start > parsed.end)
    goto bad;

  parsed.text = g_strdup (text);
  *range = parsed;
  return TRUE;

bad:
  {
    g_autofree char *shown = g_strescape (text != NULL ? text : "", NULL);

    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("The threshold “%s” is not a number of seconds (for example 5 or 2.5) or a range such as 5:10, ~:10 or @5:10."),
                 shown);
  }
  return FALSE;
}

void
rd_plugin_range_clear (RdPluginRange *range)
{
  g_clear_pointer (&range->text, g_free);
}

/* Whether @value raises the state: outside the range, or inside with '@'. */
gboolean
rd_plugin_range_alerts (const RdPluginRange *range,
                        double               value)
{
  gboolean within = (range->start_infinite || value >= range->start) &&
                    (range->end_infinite || value <= range->end);

  return range->inside ? within : !within;
}

/* Text for the part before '|': one line, no '|' (it would start the
 * performance data). */
static void
append_plain (GString    *out,
              const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '|')
        g_string_append_c (out, '/');
      else if (*p == '\n' || *p == '\r' || *p == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
}

/* One item of performance data, 'label'=value[UOM];[warn];[crit];[min];[max],
 * with a point as the decimal separator whatever the locale. */
static void
append_perfdata (GString             *out,
                 const char          *label,
                 double               value,
                 const char          *unit,
                 const RdPluginRange *warning,
                 const RdPluginRange *critical)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.3f", value);
  g_string_append_printf (out, " %s=%s%s;%s;%s;0;", label, number, unit,
                          warning != NULL ? warning->text : "",
                          critical != NULL ? critical->text : "");
}

/* How long @check_id took in seconds; FALSE when it did not run. */
static gboolean
check_seconds (const RdReport *report,
               const char     *check_id,
               double         *seconds)
{
  RdFinding *finding = rd_report_lookup_finding (report, check_id);

  if (finding == NULL || rd_finding_get_status (finding) == RD_STATUS_SKIP)
    return FALSE;
  *seconds = rd_finding_get_duration_ms (finding) / 1000.0;
  return TRUE;
}

/* The round trip the latency check measured, in milliseconds (the
 * report's facts, as the exporter reads it). */
static gboolean
latency_rtt_ms (const RdReport *report,
                double         *rtt_ms)
{
  const RdLatencyFacts *latency = rd_facts_get_latency (rd_report_get_facts (report));

  if (latency == NULL || !isfinite (latency->rtt_ms) || latency->rtt_ms < 0)
    return FALSE;
  *rtt_ms = latency->rtt_ms;
  return TRUE;
}

/**
 * rd_plugin_format:
 *
 * Returns: (transfer full): the plugin's line, ending in a newline.
 */
char *
rd_plugin_format (const RdReport      *report,
                  const RdPluginRange *warning,
                  const RdPluginRange *critical,
                  RdPluginState       *state)
{
  const RdCause *cause = rd_report_get_main_cause (report);
  double total = rd_report_get_duration_ms (report) / 1000.0;
  double value;
  GString *out = g_string_new ("RDP ");

  switch (rd_report_get_verdict (report))
    {
    case RD_VERDICT_HEALTHY:
      *state = RD_PLUGIN_OK;
      break;
    case RD_VERDICT_DEGRADED:
      *state = RD_PLUGIN_WARNING;
      break;
    case RD_VERDICT_BROKEN:
    default:
      *state = RD_PLUGIN_CRITICAL;
      break;
    }
  /* A slow run raises the state, never lowers it. */
  if (critical != NULL && rd_plugin_range_alerts (critical, total))
    *state = RD_PLUGIN_CRITICAL;
  else if (warning != NULL && rd_plugin_range_alerts (warning, total) && *state < RD_PLUGIN_WARNING)
    *state = RD_PLUGIN_WARNING;

  g_string_append_printf (out, "%s - ", state_words[*state]);
  append_plain (out, cause != NULL ? cause->title : _("No problem found"));
  g_string_append (out, " (");
  append_plain (out, cause != NULL ? cause->name : "healthy");
  g_string_append (out, ") |");

  append_perfdata (out, "time", total, "s", warning, critical);
  if (check_seconds (report, "tcp", &value))
    append_perfdata (out, "tcp", value, "s", NULL, NULL);
  if (check_seconds (report, "tls", &value))
    append_perfdata (out, "tls", value, "s", NULL, NULL);
  if (latency_rtt_ms (report, &value))
    append_perfdata (out, "rtt", value, "ms", NULL, NULL);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

int
rd_plugin_print_unknown (const char *message)
{
  g_autoptr(GString) out = g_string_new ("RDP UNKNOWN - ");

  append_plain (out, message);
  g_print ("%s\n", out->str);
  return RD_PLUGIN_UNKNOWN;
}
