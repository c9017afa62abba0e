/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-details.h"
#include "rd-json.h"
#include "rd-names.h"
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
  char      *origin_computer;  /* the host name of the computer that ran the checks */
  char      *code;             /* as read from a file, or worked out on demand */
  RdFacts   *facts;            /* worked out on demand */
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
  g_free (self->origin_computer);
  g_free (self->code);
  g_clear_pointer (&self->facts, rd_facts_free);
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
  self->origin_computer = g_strdup (g_get_host_name ());
  return self;
}

/**
 * rd_report_new_from_run:
 *
 * Returns: (transfer full): the report of the run, or %NULL with @error set.
 */
RdReport *
rd_report_new_from_run (RdRunner      *runner,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(GPtrArray) findings = NULL;
  gint64 duration_ms = 0;
  RdReport *report;

  findings = rd_runner_run_finish (runner, result, &duration_ms, error);
  if (findings == NULL)
    return NULL;
  report = rd_report_new (rd_runner_get_target (runner), findings);
  report->duration_ms = duration_ms;
  return report;
}

gboolean
rd_report_has_cause (const RdReport *self,
                     RdCauseId       id)
{
  return rd_causes_find (self->causes, id) != NULL;
}

gboolean
rd_report_has_area (const RdReport *self,
                    RdArea          area)
{
  for (guint i = 0; i < self->causes->len; i++)
    if (rd_cause_get_area (g_ptr_array_index (self->causes, i)) == area)
      return TRUE;
  return FALSE;
}

GPtrArray *
rd_report_get_area_causes (const RdReport *self,
                           RdArea          area)
{
  GPtrArray *causes = g_ptr_array_new ();

  for (guint i = 0; i < self->causes->len; i++)
    if (rd_cause_get_area (g_ptr_array_index (self->causes, i)) == area)
      g_ptr_array_add (causes, g_ptr_array_index (self->causes, i));
  return causes;
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
  return rd_findings_lookup (self->findings, check_id);
}

RdVerdict
rd_report_get_verdict (const RdReport *self)
{
  return self->verdict;
}

/**
 * rd_report_get_main_cause:
 *
 * Returns: (transfer none) (nullable): the most likely cause, or %NULL
 *   when no problem was found
 */
const RdCause *
rd_report_get_main_cause (const RdReport *self)
{
  if (self->verdict == RD_VERDICT_HEALTHY || self->causes->len == 0)
    return NULL;
  return g_ptr_array_index (self->causes, 0);
}

GDateTime *
rd_report_get_created (const RdReport *self)
{
  return self->created;
}

void
rd_report_set_duration_ms (RdReport *self,
                           gint64    duration_ms)
{
  self->duration_ms = duration_ms;
  /* The code covers the duration too. */
  g_clear_pointer (&self->code, g_free);
}

gint64
rd_report_get_duration_ms (const RdReport *self)
{
  return self->duration_ms;
}

RD_DEFINE_ENUM_TO_STRING (RdVerdict, rd_verdict, verdict_names, "broken")

/**
 * rd_report_get_facts:
 *
 * The findings' evidence read once into typed facts, for a front end to
 * show: the same for a report opened from a file, which has the same
 * findings. A certificate's dates are judged against the time the report
 * was made, as the diagnosis judged them.
 *
 * Returns: (transfer none): the facts, kept as long as the report
 */
const RdFacts *
rd_report_get_facts (const RdReport *self)
{
  RdReport *mutable = (RdReport *) self;

  if (mutable->facts == NULL)
    mutable->facts = rd_facts_new (self->findings, self->causes, self->created);
  return mutable->facts;
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
  const RdNegotiationFacts *negotiation = rd_facts_get_negotiation (rd_report_get_facts (self));

  if (negotiation == NULL)
    return RD_NLA_UNKNOWN;
  if (negotiation->nla_required)
    return RD_NLA_REQUIRED;
  if (negotiation->security == RD_SECURITY_RDP && negotiation->standard_rdp_accepted)
    return RD_NLA_NOT_OFFERED;
  if (negotiation->tls_only_accepted)
    return negotiation->security == RD_SECURITY_TLS || negotiation->security == RD_SECURITY_RDP ?
           RD_NLA_NOT_OFFERED : RD_NLA_ACCEPTS_TLS_ONLY;
  return RD_NLA_UNKNOWN;
}

static const char * const nla_verdict_names[] = { "unknown", "accepts-tls-only", "required", "not-offered" };

RD_DEFINE_ENUM_TO_STRING (RdNlaVerdict, rd_nla_verdict, nla_verdict_names, "unknown")

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

static JsonNode *
build_json (const RdReport *self,
            gboolean        with_code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = g_date_time_format_iso8601 (self->created);

  json_builder_begin_object (builder);
  rd_json_add_string (builder, "schema", RD_REPORT_SCHEMA);
  json_builder_set_member_name (builder, "generator");
  json_builder_begin_object (builder);
  rd_json_add_string (builder, "name", "rdp-doctor");
  rd_json_add_string (builder, "version", self->generator_version);
  json_builder_end_object (builder);
  if (self->origin_computer != NULL)
    {
      json_builder_set_member_name (builder, "origin");
      json_builder_begin_object (builder);
      rd_json_add_string (builder, "computer", self->origin_computer);
      json_builder_end_object (builder);
    }
  rd_json_add_string (builder, "created", created);
  if (with_code)
    rd_json_add_string (builder, "code", rd_report_get_code (self));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);
  rd_json_add_node (builder, "target", rd_target_to_json (self->target));
  rd_json_add_string (builder, "verdict", rd_verdict_to_string (self->verdict));
  rd_json_add_string (builder, "nla", rd_nla_verdict_to_string (rd_report_get_nla_verdict (self)));
  rd_json_add_array (builder, "checks", self->findings, (RdJsonWriter) rd_finding_to_json);
  rd_json_add_array (builder, "causes", self->causes, (RdJsonWriter) rd_cause_to_json);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rd_report_to_json (const RdReport *self)
{
  return build_json (self, TRUE);
}

/* Crockford's base 32: digits and letters without I, L, O and U, so a code
 * read out on the phone cannot be misheard as another. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * rd_report_compute_code:
 *
 * Works the code out from the report's content (everything the JSON holds
 * but the code itself): the first 40 bits of its SHA-256, in base 32.
 *
 * Returns: (transfer full): "XXXX-XXXX"
 */
char *
rd_report_compute_code (const RdReport *self)
{
  g_autoptr(JsonNode) root = build_json (self, FALSE);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *canonical = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  guint64 bits = 0;
  char code[10];

  json_generator_set_root (generator, root);
  canonical = json_generator_to_data (generator, NULL);
  g_checksum_update (checksum, (const guchar *) canonical, strlen (canonical));
  g_checksum_get_digest (checksum, digest, &digest_len);

  for (guint i = 0; i < 5; i++)
    bits = (bits << 8) | digest[i];
  for (guint i = 0, j = 0; i < 8; i++, j++)
    {
      if (i == 4)
        code[j++] = '-';
      code[j] = code_alphabet[(bits >> (35 - 5 * i)) & 0x1f];
    }
  code[9] = '\0';
  return g_strdup (code);
}

/**
 * rd_report_code_is_valid:
 *
 * Returns: whether @code has the form of a report code ("XXXX-XXXX" in
 *   the code's alphabet)
 */
gboolean
rd_report_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 9 || code[4] != '-')
    return FALSE;
  for (guint i = 0; i < 9; i++)
    if (i != 4 && strchr (code_alphabet, code[i]) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * rd_report_get_code:
 *
 * A short reference a person can read out on the phone ("7K2M-QX9D"):
 * the same for the same report, also once saved and opened again (the
 * file's code is kept), and different for another run.
 *
 * Returns: (transfer none): the code
 */
const char *
rd_report_get_code (const RdReport *self)
{
  RdReport *mutable = (RdReport *) self;

  if (mutable->code == NULL)
    mutable->code = rd_report_compute_code (self);
  return mutable->code;
}

/**
 * rd_report_get_origin_computer:
 *
 * Returns: (nullable): the name of the computer the checks ran on, or
 *   %NULL when the report does not say (older reports)
 */
const char *
rd_report_get_origin_computer (const RdReport *self)
{
  return self->origin_computer;
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

/* Every way a file can fail to be one of our reports says so first, then
 * why in plain words (@reason: the end of the sentence, after the colon). */
static void
set_not_a_report (GError     **error,
                  const char  *reason)
{
  /* Translators: %s says why, e.g. "its text is cut short or damaged." */
  g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
               _("This file is not a Remote Desktop Doctor report: %s"), reason);
}

static gboolean
load_array (JsonObject  *object,
            const char  *member,
            GPtrArray   *into,
            gpointer   (*load) (JsonNode *, GError **),
            const char  *damaged,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_not_a_report (error, damaged);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = load (json_array_get_element (array, i), NULL);

      if (item == NULL)
        {
          set_not_a_report (error, damaged);
          return FALSE;
        }
      g_ptr_array_add (into, item);
    }
  return TRUE;
}

/* Not text at all: a picture, a document, an archive. */
static gboolean
is_binary (const char *data,
           gsize       len)
{
  return memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL);
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
  gsize len = length < 0 ? strlen (data) : (gsize) length;
  JsonNode *root;
  JsonObject *object;
  const char *created;
  const char *schema;
  JsonNode *generator;

  if (is_binary (data, len))
    {
      set_not_a_report (error, _("it is not a text file."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, NULL))
    {
      set_not_a_report (error, _("its text is cut short or damaged."));
      return NULL;
    }

  /* Nothing but blanks parses, to no value. */
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      set_not_a_report (error, _("it is empty."));
      return NULL;
    }
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  schema = object != NULL ? json_object_get_string_member_with_default (object, "schema", NULL) : NULL;
  if (schema != NULL && g_str_has_prefix (schema, "rdp-doctor/report/") && !g_str_equal (schema, RD_REPORT_SCHEMA))
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_SCHEMA,
                   _("This report was saved by a newer Remote Desktop Doctor (format %s), which this version cannot read."),
                   schema);
      return NULL;
    }
  if (g_strcmp0 (schema, RD_REPORT_SCHEMA) != 0)
    {
      set_not_a_report (error, _("it holds other data, not the results of a check."));
      return NULL;
    }

  if (json_object_get_member (object, "target") == NULL ||
      (target = rd_target_new_from_json (json_object_get_member (object, "target"), NULL)) == NULL)
    {
      set_not_a_report (error, _("it does not say which computer was checked."));
      return NULL;
    }

  self = report_alloc (target);
  self->causes = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_cause_free);

  if (!load_array (object, "checks", self->findings, (gpointer) rd_finding_new_from_json,
                   _("its list of checks is missing or damaged."), error) ||
      !load_array (object, "causes", self->causes, (gpointer) rd_cause_new_from_json,
                   _("its list of causes is missing or damaged."), error))
    return NULL;

  self->verdict = verdict_from_causes (self->causes);
  self->duration_ms = json_object_get_int_member_with_default (object, "duration_ms", 0);

  created = json_object_get_string_member_with_default (object, "created", NULL);
  if (created != NULL)
    self->created = g_date_time_new_from_iso8601 (created, NULL);
  if (self->created == NULL)
    self->created = g_date_time_new_from_unix_utc (0);

  {
    JsonNode *origin = json_object_get_member (object, "origin");
    const char *code = json_object_get_string_member_with_default (object, "code", NULL);

    if (origin != NULL && JSON_NODE_HOLDS_OBJECT (origin))
      self->origin_computer = g_strdup (json_object_get_string_member_with_default (json_node_get_object (origin),
                                                                                 "computer", NULL));
    /* What the person read out on the phone, even if a later version
     * would write the same report a little differently. */
    if (rd_report_code_is_valid (code))
      self->code = g_strdup (code);
  }

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

/* Where a remedy is carried out; the host of a gateway's cause is the
 * gateway server, not the computer behind it. */
static const char *
side_heading (RdSide   side,
              gboolean rdgateway)
{
  switch (side)
    {
    case RD_SIDE_CLIENT:
      return _("On this computer");
    case RD_SIDE_HOST:
      return rdgateway ? _("On the Remote Desktop Gateway server (for its administrator)")
                       : _("On the computer you connect to (for its administrator)");
    case RD_SIDE_NETWORK:
    default:
      return _("On the network");
    }
}

static void
append_remedy (GString        *out,
               const RdCause  *cause,
               const RdRemedy *remedy)
{
  g_string_append_printf (out, "  • %s — %s\n",
                          side_heading (remedy->side, rd_cause_get_area (cause) == RD_AREA_RDGATEWAY),
                          remedy->title);
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

/* The evidence as the wizard's technical details show it. */
static void
append_evidence (GString         *out,
                 const RdFinding *finding)
{
  g_autoptr(RdFindingDetails) details = rd_finding_details_new (finding);

  for (guint i = 0; i < details->rows->len; i++)
    {
      RdDetailRow *row = g_ptr_array_index (details->rows, i);
      g_autofree char *line = NULL;

      if (row->label == NULL)
        line = g_strdup_printf ("- %s", row->value);
      else
        /* Translators: a label and its value in the technical details, e.g. "Port: 3389" */
        line = g_strchomp (g_strdup_printf (_("%s: %s"), row->label, row->value));
      g_string_append_printf (out, "      %*s%s\n", (int) row->depth * 2, "", line);
    }
}

/* The gateway the connection goes through, and what that means for the
 * direct tests below. */
static void
append_rdgateway_line (GString        *out,
                       const RdTarget *target)
{
  g_autofree char *line = NULL;

  /* Translators: %s is the gateway's name, %u its port */
  line = g_strdup_printf (_("Through the Remote Desktop Gateway %s (port %u): the direct tests of the "
                            "computer below are for information only, as your app reaches it through "
                            "the gateway."),
                          rd_target_get_rdgateway_display_host (target), (guint) rd_target_get_rdgateway_port (target));
  append_wrapped (out, "", line);
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
  g_string_append_c (out, '\n');
  /* Translators: %s is a short code such as 7K2M-QX9D, to read out on the phone */
  g_string_append_printf (out, _("Report code: %s"), rd_report_get_code (self));
  g_string_append (out, "\n");
  if (rd_target_uses_rdgateway (self->target))
    append_rdgateway_line (out, self->target);
  g_string_append_c (out, '\n');

  /* What to know about the computer's name before anything else: a name
   * that could pass for another one makes every result below suspect. */
  for (guint i = 0; i < rd_target_get_n_notes (self->target); i++)
    {
      gboolean warning = FALSE;
      const char *note = rd_target_get_note (self->target, i, &warning);
      g_autofree char *line = g_strdup_printf ("%s %s", warning ? _("Warning:") : _("Note:"), note);

      append_wrapped_hanging (out, "", "  ", line);
    }
  if (rd_target_get_n_notes (self->target) > 0)
    g_string_append_c (out, '\n');

  if (main_cause == NULL || self->verdict == RD_VERDICT_HEALTHY)
    {
      g_string_append (out, _("No problem found."));
      g_string_append_c (out, '\n');
      /* Through a gateway, what this computer can test ends at the gateway. */
      if (rd_target_uses_rdgateway (self->target))
        append_wrapped (out, "", _("The Remote Desktop Gateway answers and asks for a sign-in, as it should. "
                                   "What lies behind it (your sign-in, the gateway's policies, the computer "
                                   "itself) only your Remote Desktop app can test: if it still fails, show "
                                   "this report to the gateway's administrator."));
      else
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
        append_remedy (out, main_cause, g_ptr_array_index (main_cause->remedies, i));
    }

  if (self->causes->len > (main_cause != NULL && self->verdict != RD_VERDICT_HEALTHY ? 1u : 0u))
    {
      g_string_append_printf (out, "\n%s\n", _("Also found:"));
      for (guint i = self->verdict != RD_VERDICT_HEALTHY ? 1 : 0; i < self->causes->len; i++)
        {
          RdCause *cause = g_ptr_array_index (self->causes, i);
          g_string_append_printf (out, "  • %s (%s)\n", cause->title, cause->name);
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
      append_evidence (out, finding);
    }

  g_string_append_printf (out, "\n%s %s", _("Verdict:"), rd_verdict_to_string (self->verdict));
  if (main_cause != NULL)
    g_string_append_printf (out, " (%s)", main_cause->name);
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/* Cuts @text to at most @max bytes on a character boundary, with "…". */
static void
truncate_utf8 (GString *text,
               gsize    max)
{
  const char *ellipsis = "…";
  const char *end;

  if (text->len <= max)
    return;
  end = text->str + (max > strlen (ellipsis) ? max - strlen (ellipsis) : 0);
  end = g_utf8_find_prev_char (text->str, end + 1);
  if (end == NULL)
    end = text->str;
  g_string_truncate (text, end - text->str);
  g_string_append (text, ellipsis);
}

/**
 * rd_report_to_summary:
 * @max_bytes: the longest the text may be, in bytes; 0 for no limit
 *
 * Returns: (transfer full): a few lines for a ticket or a QR code
 */
char *
rd_report_to_summary (const RdReport *self,
                      gsize           max_bytes)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = rd_target_to_string (self->target);
  g_autofree char *when = g_date_time_format (self->created, "%Y-%m-%d %H:%M UTC");
  const RdCause *main_cause = rd_report_get_main_cause (self);
  GString *out;

  /* Translators: the first line of a summary; %s is the report code */
  g_string_append_printf (head, _("Remote Desktop Doctor report %s"), rd_report_get_code (self));
  g_string_append_c (head, '\n');
  /* Translators: %s is the computer checked, e.g. pc.example.com:3389 */
  g_string_append_printf (head, _("Computer: %s"), where);
  g_string_append_c (head, '\n');
  if (main_cause != NULL)
    /* Translators: the cause's stable id, then its title */
    g_string_append_printf (head, _("Problem: %s — %s"), main_cause->name, main_cause->title);
  else
    g_string_append_printf (head, _("Problem: %s — %s"), "healthy", _("No problem found"));
  g_string_append_c (head, '\n');
  if (self->origin_computer != NULL)
    /* Translators: when the report was made, then on which computer */
    g_string_append_printf (head, _("Made: %s on %s"), when, self->origin_computer);
  else
    g_string_append_printf (head, _("Made: %s"), when);
  g_string_append_c (head, '\n');

  for (guint i = 0; i < self->findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (self->findings, i);
      RdStatus status = rd_finding_get_status (finding);

      if (status == RD_STATUS_FAIL || status == RD_STATUS_WARN || status == RD_STATUS_ERROR)
        g_ptr_array_add (checks, g_strdup_printf ("[%s] %s: %s\n", rd_status_to_string (status),
                                                  rd_finding_get_check_id (finding),
                                                  rd_finding_get_summary (finding)));
    }

  out = g_string_new (head->str);
  for (guint i = 0; i < checks->len; i++)
    {
      const char *line = g_ptr_array_index (checks, i);

      /* The checks that fit, in order: a phone shows nothing of a QR code
       * that holds too much. */
      if (max_bytes > 0 && out->len + strlen (line) > max_bytes)
        break;
      g_string_append (out, line);
    }
  /* No trailing newline: what a scanner shows is exactly these lines. */
  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  if (max_bytes > 0)
    truncate_utf8 (out, max_bytes);
  return g_string_free (out, FALSE);
}
