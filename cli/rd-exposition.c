/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A diagnosis as Prometheus reads it (the text exposition format, 0.0.4):
 * what `--exporter` answers on /probe and `--headless --textfile` writes.
 * Metric names, label names and HELP texts stay English, as monitoring
 * systems read them; cause ids are the report's stable ids. */
#include "rd-i18n.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rd-exposition.h"
#include "rd-facts.h"

gboolean
rd_exposition_probe_success (const RdReport *report)
{
  return report != NULL && rd_report_get_verdict (report) != RD_VERDICT_BROKEN;
}

void
rd_exposition_append_family (GString    *out,
                             const char *name,
                             const char *type,
                             const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void
rd_exposition_append_label_value (GString    *out,
                                  const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

/* NAME{target="…",KEY="VALUE",…} VALUE: @labels is NULL-terminated pairs. */
static void
append_series (GString                 *out,
               const char              *name,
               const RdExpositionProbe *probe,
               const char * const      *labels,
               double                   value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean first = TRUE;

  g_string_append (out, name);
  if (probe->target != NULL)
    {
      g_string_append (out, "{target=\"");
      rd_exposition_append_label_value (out, probe->target);
      g_string_append_c (out, '"');
      first = FALSE;
    }
  for (guint i = 0; labels != NULL && labels[i] != NULL; i += 2)
    {
      g_string_append (out, first ? "{" : ",");
      g_string_append_printf (out, "%s=\"", labels[i]);
      rd_exposition_append_label_value (out, labels[i + 1]);
      g_string_append_c (out, '"');
      first = FALSE;
    }
  if (!first)
    g_string_append_c (out, '}');
  /* Whole numbers (timestamps) as they are; times to the microsecond. */
  if (value == floor (value) && fabs (value) < 1e15)
    g_ascii_formatd (number, sizeof number, "%.0f", value);
  else
    g_ascii_formatd (number, sizeof number, "%.6f", value);
  g_string_append_printf (out, " %s\n", number);
}

static void
append_check_durations (GString                 *out,
                        const RdExpositionProbe *probe)
{
  GPtrArray *findings;

  if (probe->report == NULL)
    return;
  findings = rd_report_get_findings (probe->report);
  for (guint i = 0; i < findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (findings, i);
      const char *labels[] = { "check", rd_finding_get_check_id (finding), NULL };

      if (rd_finding_get_status (finding) == RD_STATUS_SKIP)
        continue;
      append_series (out, "rdp_doctor_check_duration_seconds", probe, labels,
                     rd_finding_get_duration_ms (finding) / 1000.0);
    }
}

static void
append_causes (GString                 *out,
               const RdExpositionProbe *probe)
{
  GPtrArray *causes;

  if (probe->report == NULL)
    return;
  causes = rd_report_get_causes (probe->report);
  for (guint i = 0; i < causes->len; i++)
    {
      const RdCause *cause = g_ptr_array_index (causes, i);
      const char *labels[] = { "id", cause->name, "severity", rd_severity_to_string (cause->severity), NULL };

      append_series (out, "rdp_doctor_cause", probe, labels, 1);
    }
}

/* When the TLS check read a certificate that gives an end. */
static gboolean
cert_not_after (const RdReport *report,
                double         *seconds)
{
  const RdCertificateFacts *certificate;

  if (report == NULL)
    return FALSE;
  certificate = rd_facts_get_certificate (rd_report_get_facts (report));
  if (certificate == NULL || certificate->not_after == NULL)
    return FALSE;
  *seconds = (double) g_date_time_to_unix (certificate->not_after);
  return TRUE;
}

static gboolean
rtt_seconds (const RdReport *report,
             double         *seconds)
{
  const RdLatencyFacts *latency;

  if (report == NULL)
    return FALSE;
  latency = rd_facts_get_latency (rd_report_get_facts (report));
  if (latency == NULL || !isfinite (latency->rtt_ms) || latency->rtt_ms < 0)
    return FALSE;
  *seconds = latency->rtt_ms / 1000.0;
  return TRUE;
}

/**
 * rd_exposition_format:
 *
 * Returns: (transfer full): the exposition text.
 */
char *
rd_exposition_format (const RdExpositionProbe *probes,
                      guint                    n_probes)
{
  GString *out = g_string_new (NULL);
  double value;

  rd_exposition_append_family (out, "rdp_doctor_probe_success", "gauge",
                               "1 when the diagnosis found no cause of severity error (healthy or only warnings), else 0.");
  for (guint i = 0; i < n_probes; i++)
    append_series (out, "rdp_doctor_probe_success", &probes[i], NULL,
                   rd_exposition_probe_success (probes[i].report) ? 1 : 0);

  rd_exposition_append_family (out, "rdp_doctor_probe_duration_seconds", "gauge",
                               "How long the whole diagnosis took.");
  for (guint i = 0; i < n_probes; i++)
    append_series (out, "rdp_doctor_probe_duration_seconds", &probes[i], NULL, probes[i].duration_s);

  rd_exposition_append_family (out, "rdp_doctor_check_duration_seconds", "gauge",
                               "How long each check took (the checks that ran).");
  for (guint i = 0; i < n_probes; i++)
    append_check_durations (out, &probes[i]);

  rd_exposition_append_family (out, "rdp_doctor_cause", "gauge",
                               "1 for each cause the diagnosis named, by stable id and severity (error, warning, info).");
  for (guint i = 0; i < n_probes; i++)
    append_causes (out, &probes[i]);

  rd_exposition_append_family (out, "rdp_doctor_tls_cert_not_after_seconds", "gauge",
                               "When the certificate the TLS check read stops being valid, in seconds since the epoch.");
  for (guint i = 0; i < n_probes; i++)
    if (cert_not_after (probes[i].report, &value))
      append_series (out, "rdp_doctor_tls_cert_not_after_seconds", &probes[i], NULL, value);

  rd_exposition_append_family (out, "rdp_doctor_rtt_seconds", "gauge",
                               "The round trip time the latency check measured.");
  for (guint i = 0; i < n_probes; i++)
    if (rtt_seconds (probes[i].report, &value))
      append_series (out, "rdp_doctor_rtt_seconds", &probes[i], NULL, value);

  return g_string_free (out, FALSE);
}

gboolean
rd_exposition_check_textfile_dir (const char  *dir,
                                  GError     **error)
{
  g_autofree char *shown = g_filename_display_name (dir);
  int saved_errno;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                   _("--textfile needs a folder that exists: “%s” is none."), shown);
      return FALSE;
    }
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot write in the folder “%s”: %s."), shown, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_exposition_write_textfile (const char  *dir,
                              const char  *text,
                              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, RD_EXPOSITION_TEXTFILE_NAME, NULL);

  /* GLib writes "rdp_doctor.prom.XXXXXX" beside it and renames it: the
   * collector reads only names ending in .prom. */
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
