/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-report.h"

struct _RdReport
{
  RdTarget  *target;
  GPtrArray *findings;   /* RdFinding* */
  GPtrArray *causes;     /* RdCause* */
  RdVerdict  verdict;
  GDateTime *created;
  gint64     duration_ms;
  char      *generator_version;
};

G_DEFINE_BOXED_TYPE (RdReport, rd_report, rd_report_ref, rd_report_unref)
G_DEFINE_QUARK (rd-report-error-quark, rd_report_error)

static const char * const verdict_names[] = { "healthy", "degraded", "broken" };

static void
rd_report_clear (RdReport *self)
{
  g_clear_pointer (&self->target, rd_target_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->causes, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->generator_version);
}

static RdVerdict
verdict_from_causes (GPtrArray *causes)
{
  RdVerdict verdict = RD_VERDICT_HEALTHY;

  for (guint i = 0; i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);

      if (cause->severity == RD_SEVERITY_ERROR)
        return RD_VERDICT_BROKEN;
      if (cause->severity == RD_SEVERITY_WARNING)
        verdict = RD_VERDICT_DEGRADED;
    }
  return verdict;
}

static RdReport *
report_alloc (RdTarget *target)
{
  RdReport *self = g_atomic_rc_box_new0 (RdReport);

  self->target = rd_target_ref (target);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  self->generator_version = g_strdup (PACKAGE_VERSION);
  return self;
}

/**
 * rd_report_new:
 * @target: what was checked
 * @findings: (element-type RdFinding): what the checks found
 *
 * Returns: (transfer full): a report with its diagnosis.
 */
RdReport *
rd_report_new (RdTarget  *target,
               GPtrArray *findings)
{
  RdReport *self = report_alloc (target);

  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (self->findings, rd_finding_ref (g_ptr_array_index (findings, i)));
  self->causes = rd_diagnose (target, self->findings);
  self->verdict = verdict_from_causes (self->causes);
  self->created = g_date_time_new_now_utc ();
  return self;
}

RdReport *
rd_report_ref (RdReport *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
rd_report_unref (RdReport *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) rd_report_clear);
}

RdTarget *
rd_report_get_target (const RdReport *self)
{
  return self->target;
}

GPtrArray *
rd_report_get_findings (const RdReport *self)
{
  return self->findings;
}

GPtrArray *
rd_report_get_causes (const RdReport *self)
{
  return self->causes;
}

RdFinding *
rd_report_lookup_finding (const RdReport *self,
                          const char     *check_id)
{
  for (guint i = 0; i < self->findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (self->findings, i);
      if (g_strcmp0 (rd_finding_get_check_id (finding), check_id) == 0)
        return finding;
    }
  return NULL;
}

RdVerdict
rd_report_get_verdict (const RdReport *self)
{
  return self->verdict;
}

GDateTime *
rd_report_get_created (const RdReport *self)
{
  return self->created;
}

gint64
rd_report_get_duration_ms (const RdReport *self)
{
  return self->duration_ms;
}

void
rd_report_set_duration_ms (RdReport *self,
                           gint64    duration_ms)
{
  self->duration_ms = duration_ms;
}

const char *
rd_verdict_to_string (RdVerdict verdict)
{
  return verdict <= RD_VERDICT_BROKEN ? verdict_names[verdict] : "broken";
}

/**
 * rd_report_get_nla_verdict:
 *
 * Returns: whether this host would take a connection without NLA, from
 *   the TLS-only negotiation probe (before anybody turns anything off).
 */
RdNlaVerdict
rd_report_get_nla_verdict (const RdReport *self)
{
  RdFinding *negotiate = rd_report_lookup_finding (self, "negotiate");
  const char *selected;

  if (negotiate == NULL)
    return RD_NLA_UNKNOWN;
  if (rd_finding_get_bool (negotiate, "nla_required", FALSE))
    return RD_NLA_REQUIRED;
  if (rd_finding_get_bool (negotiate, "tls_only_accepted", FALSE))
    {
      selected = rd_finding_get_string (negotiate, "selected_protocol");
      return selected != NULL && strstr (selected, "HYBRID") == NULL ? RD_NLA_NOT_OFFERED : RD_NLA_ACCEPTS_TLS_ONLY;
    }
  return RD_NLA_UNKNOWN;
}

const char *
rd_nla_verdict_to_string (RdNlaVerdict verdict)
{
  static const char * const names[] = { "unknown", "accepts-tls-only", "required", "not-offered" };

  return verdict <= RD_NLA_NOT_OFFERED ? names[verdict] : "unknown";
}

const char *
rd_nla_verdict_describe (RdNlaVerdict verdict)
{
  switch (verdict)
    {
    case RD_NLA_ACCEPTS_TLS_ONLY:
      return _("This computer would accept you without Network Level Authentication.");
    case RD_NLA_REQUIRED:
      return _("This computer requires Network Level Authentication, so turning it off on your side cannot work; "
               "only its administrator could change that.");
    case RD_NLA_NOT_OFFERED:
      return _("This computer does not use Network Level Authentication.");
    case RD_NLA_UNKNOWN:
    default:
      return _("It is not known whether this computer requires Network Level Authentication.");
    }
}

JsonNode *
rd_report_to_json (const RdReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = g_date_time_format_iso8601 (self->created);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, RD_REPORT_SCHEMA);
  json_builder_set_member_name (builder, "generator");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "rdp-doctor");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, self->generator_version);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);
  json_builder_set_member_name (builder, "target");
  json_builder_add_value (builder, rd_target_to_json (self->target));
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, rd_verdict_to_string (self->verdict));
  json_builder_set_member_name (builder, "nla");
  json_builder_add_string_value (builder, rd_nla_verdict_to_string (rd_report_get_nla_verdict (self)));
  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    json_builder_add_value (builder, rd_finding_to_json (g_ptr_array_index (self->findings, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "causes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->causes->len; i++)
    json_builder_add_value (builder, rd_cause_to_json (g_ptr_array_index (self->causes, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
rd_report_to_json_string (const RdReport *self)
{
  g_autoptr(JsonNode) root = rd_report_to_json (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
load_array (JsonObject  *object,
            const char  *member,
            GPtrArray   *into,
            gpointer   (*load) (JsonNode *, GError **),
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
                   _("The report has no “%s” list."), member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = load (json_array_get_element (array, i), error);

      if (item == NULL)
        return FALSE;
      g_ptr_array_add (into, item);
    }
  return TRUE;
}

/**
 * rd_report_new_from_json_data:
 *
 * Loads a saved report exactly as it was written (the causes are not worked
 * out again, so a helpdesk sees what the person saw).
 *
 * Returns: (transfer full): the report, or %NULL with @error set.
 */
RdReport *
rd_report_new_from_json_data (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RdReport) self = NULL;
  g_autoptr(RdTarget) target = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *created;
  const char *schema;
  JsonNode *generator;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
                   _("This is not a report file: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
                           _("This is not a report file."));
      return NULL;
    }
  object = json_node_get_object (root);

  schema = json_object_get_string_member_with_default (object, "schema", NULL);
  if (g_strcmp0 (schema, RD_REPORT_SCHEMA) != 0)
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_SCHEMA,
                   _("This report was written in a format this version does not know (%s)."),
                   schema != NULL ? schema : "?");
      return NULL;
    }

  if (json_object_get_member (object, "target") == NULL ||
      (target = rd_target_new_from_json (json_object_get_member (object, "target"), &local_error)) == NULL)
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
                   _("The report does not say which computer it is about: %s"),
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  self = report_alloc (target);
  self->causes = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_cause_free);

  if (!load_array (object, "checks", self->findings, (gpointer) rd_finding_new_from_json, error) ||
      !load_array (object, "causes", self->causes, (gpointer) rd_cause_new_from_json, error))
    return NULL;

  self->verdict = verdict_from_causes (self->causes);
  self->duration_ms = json_object_get_int_member_with_default (object, "duration_ms", 0);

  created = json_object_get_string_member_with_default (object, "created", NULL);
  if (created != NULL)
    self->created = g_date_time_new_from_iso8601 (created, NULL);
  if (self->created == NULL)
    self->created = g_date_time_new_from_unix_utc (0);

  generator = json_object_get_member (object, "generator");
  if (generator != NULL && JSON_NODE_HOLDS_OBJECT (generator))
    {
      g_free (self->generator_version);
      self->generator_version = g_strdup (json_object_get_string_member_with_default (json_node_get_object (generator),
                                                                                    "version", "?"));
    }

  return g_steal_pointer (&self);
}

/* Text output. */

static void
append_wrapped_hanging (GString    *out,
                        const char *indent,
                        const char *hanging,
                        const char *text)
{
  const guint width = 76;
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len = g_utf8_strlen (words[i], -1);

      if (*words[i] == '\0')
        continue;
      if (column == 0)
        {
          g_string_append (out, indent);
          column = strlen (indent);
        }
      else if (column + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, hanging);
          column = strlen (hanging);
        }
      else
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += len;
    }
  g_string_append_c (out, '\n');
}

static void
append_wrapped (GString    *out,
                const char *indent,
                const char *text)
{
  append_wrapped_hanging (out, indent, indent, text);
}

static const char *
side_heading (RdSide side)
{
  switch (side)
    {
    case RD_SIDE_CLIENT:
      return _("On this computer");
    case RD_SIDE_HOST:
      return _("On the computer you connect to (for its administrator)");
    case RD_SIDE_NETWORK:
    default:
      return _("On the network");
    }
}

static void
append_remedy (GString        *out,
               const RdRemedy *remedy)
{
  g_string_append_printf (out, "  • %s — %s\n", side_heading (remedy->side), remedy->title);
  for (guint i = 0; i < remedy->steps->len; i++)
    {
      g_autofree char *step = g_strdup_printf ("- %s", (char *) g_ptr_array_index (remedy->steps, i));
      append_wrapped_hanging (out, "      ", "        ", step);
    }
  for (guint i = 0; i < remedy->commands->len; i++)
    {
      RdCommand *command = g_ptr_array_index (remedy->commands, i);

      if (g_str_equal (command->shell, "undo"))
        g_string_append_printf (out, "      %s\n        %s\n", _("To undo:"), command->text);
      else
        g_string_append_printf (out, "      [%s] %s\n", command->shell, command->text);
    }
}

static void
append_evidence (GString    *out,
                 JsonObject *evidence)
{
  GList *members = json_object_get_members (evidence);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (evidence, l->data);
      g_autofree char *value = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (node));
      else
        {
          json_generator_set_root (generator, node);
          value = json_generator_to_data (generator, NULL);
        }
      g_string_append_printf (out, "      %s: %s\n", (char *) l->data, value);
    }
  g_list_free (members);
}

/**
 * rd_report_to_text:
 *
 * Returns: (transfer full): the report for a person to read: what is wrong,
 *   how to fix it, then what was measured.
 */
char *
rd_report_to_text (const RdReport *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *where = rd_target_to_string (self->target);
  RdCause *main_cause = self->causes->len > 0 ? g_ptr_array_index (self->causes, 0) : NULL;

  g_string_append_printf (out, _("Remote Desktop Doctor — %s"), where);
  g_string_append (out, "\n\n");

  if (main_cause == NULL || self->verdict == RD_VERDICT_HEALTHY)
    {
      g_string_append (out, _("No problem found."));
      g_string_append_c (out, '\n');
      append_wrapped (out, "", _("The computer answers and agreed on a secure Remote Desktop connection. "
                                 "If your Remote Desktop app still fails with “0x904, extended 0x7”, "
                                 "update Windows (Settings → Windows Update) on both computers and try "
                                 "another Remote Desktop app, such as Microsoft's “Windows App”."));
    }
  else
    {
      g_string_append_printf (out, "%s %s\n", _("Problem:"), main_cause->title);
      append_wrapped (out, "  ", main_cause->explanation);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\n", _("How to fix it:"));
      for (guint i = 0; i < main_cause->remedies->len; i++)
        append_remedy (out, g_ptr_array_index (main_cause->remedies, i));
    }

  if (self->causes->len > (main_cause != NULL && self->verdict != RD_VERDICT_HEALTHY ? 1u : 0u))
    {
      g_string_append_printf (out, "\n%s\n", _("Also found:"));
      for (guint i = self->verdict != RD_VERDICT_HEALTHY ? 1 : 0; i < self->causes->len; i++)
        {
          RdCause *cause = g_ptr_array_index (self->causes, i);
          g_string_append_printf (out, "  • %s (%s)\n", cause->title, cause->id);
        }
    }

  g_string_append_printf (out, "\n%s\n", _("What was measured:"));
  for (guint i = 0; i < self->findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (self->findings, i);

      g_string_append_printf (out, "  [%s] %s: %s (%" G_GINT64_FORMAT " ms)\n",
                              rd_status_to_string (rd_finding_get_status (finding)),
                              rd_finding_get_check_id (finding),
                              rd_finding_get_summary (finding),
                              rd_finding_get_duration_ms (finding));
      append_evidence (out, rd_finding_get_evidence (finding));
    }

  g_string_append_printf (out, "\n%s %s", _("Verdict:"), rd_verdict_to_string (self->verdict));
  if (main_cause != NULL)
    g_string_append_printf (out, " (%s)", main_cause->id);
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}
