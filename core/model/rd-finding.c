/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-finding-private.h"
#include "rd-json.h"
#include "rd-names.h"

struct _RdFinding
{
  char       *check_id;
  RdStatus    status;
  char       *summary;
  gint64      duration_ms;
  JsonObject *evidence;
  gpointer    handoff;
  GDestroyNotify handoff_free;
};

G_DEFINE_BOXED_TYPE (RdFinding, rd_finding, rd_finding_ref, rd_finding_unref)

static const char * const status_names[] = {
  [RD_STATUS_PASS] = "pass",
  [RD_STATUS_WARN] = "warn",
  [RD_STATUS_FAIL] = "fail",
  [RD_STATUS_SKIP] = "skip",
  [RD_STATUS_ERROR] = "error",
};

static void
rd_finding_clear (RdFinding *self)
{
  g_free (self->check_id);
  g_free (self->summary);
  g_clear_pointer (&self->evidence, json_object_unref);
  rd_finding_set_handoff (self, NULL, NULL);
}

/**
 * rd_finding_new:
 * @check_id: the id of the check that made it
 *
 * Returns: (transfer full): an empty finding with status "skip".
 */
RdFinding *
rd_finding_new (const char *check_id)
{
  RdFinding *self = g_atomic_rc_box_new0 (RdFinding);

  self->check_id = g_strdup (check_id);
  self->status = RD_STATUS_SKIP;
  self->evidence = json_object_new ();

  return self;
}

RdFinding *
rd_finding_ref (RdFinding *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
rd_finding_unref (RdFinding *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) rd_finding_clear);
}

const char *
rd_finding_get_check_id (const RdFinding *self)
{
  return self->check_id;
}

RdStatus
rd_finding_get_status (const RdFinding *self)
{
  return self->status;
}

void
rd_finding_set_status (RdFinding *self,
                       RdStatus   status)
{
  self->status = status;
}

const char *
rd_finding_get_summary (const RdFinding *self)
{
  return self->summary != NULL ? self->summary : "";
}

void
rd_finding_set_result (RdFinding  *self,
                       RdStatus    status,
                       const char *format,
                       ...)
{
  va_list args;

  self->status = status;
  va_start (args, format);
  g_free (self->summary);
  self->summary = g_strdup_vprintf (format, args);
  va_end (args);
}

gint64
rd_finding_get_duration_ms (const RdFinding *self)
{
  return self->duration_ms;
}

void
rd_finding_set_duration_ms (RdFinding *self,
                            gint64     duration_ms)
{
  self->duration_ms = duration_ms;
}

/**
 * rd_finding_get_evidence:
 *
 * Returns: (transfer none): the evidence object, to read or fill in.
 */
JsonObject *
rd_finding_get_evidence (const RdFinding *self)
{
  return self->evidence;
}

RdFinding *
rd_findings_lookup (GPtrArray  *findings,
                    const char *check_id)
{
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      RdFinding *finding = g_ptr_array_index (findings, i);

      if (g_strcmp0 (finding->check_id, check_id) == 0)
        return finding;
    }
  return NULL;
}

const char *
rd_finding_get_string (const RdFinding *self,
                       const char      *member)
{
  return rd_json_get_string (self->evidence, member);
}

gint64
rd_finding_get_int (const RdFinding *self,
                    const char      *member,
                    gint64           fallback)
{
  return rd_json_get_int (self->evidence, member, fallback);
}

gboolean
rd_finding_get_bool (const RdFinding *self,
                     const char      *member,
                     gboolean         fallback)
{
  return rd_json_get_bool (self->evidence, member, fallback);
}

/**
 * rd_finding_set_handoff:
 * @data: (transfer full) (nullable): what the check leaves open
 * @free_func: how to close it when nobody takes it
 *
 * Keeps something open for a dependent check (net/'s RdConnection); the
 * finding only frees it.
 */
void
rd_finding_set_handoff (RdFinding      *self,
                        gpointer        data,
                        GDestroyNotify  free_func)
{
  if (self->handoff != NULL && self->handoff_free != NULL)
    self->handoff_free (self->handoff);
  self->handoff = data;
  self->handoff_free = free_func;
}

/**
 * rd_finding_steal_handoff:
 *
 * Returns: (transfer full) (nullable): what the check left, or %NULL when
 *   there is none (or another check took it already).
 */
gpointer
rd_finding_steal_handoff (RdFinding *self)
{
  self->handoff_free = NULL;
  return g_steal_pointer (&self->handoff);
}

RD_DEFINE_ENUM_TO_STRING (RdStatus, rd_status, status_names, "error")
RD_DEFINE_ENUM_FROM_STRING (RdStatus, rd_status, status_names)

JsonNode *
rd_finding_to_json (const RdFinding *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *evidence = json_node_alloc ();

  json_node_init_object (evidence, self->evidence);

  json_builder_begin_object (builder);
  rd_json_add_string (builder, "id", self->check_id);
  rd_json_add_string (builder, "status", rd_status_to_string (self->status));
  rd_json_add_string (builder, "summary", rd_finding_get_summary (self));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);
  rd_json_add_node (builder, "evidence", evidence);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * rd_finding_new_from_json:
 *
 * Loads a finding from a saved report. The evidence is kept as it was.
 */
RdFinding *
rd_finding_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(RdFinding) self = NULL;
  JsonObject *object;
  JsonNode *evidence;
  const char *id;
  RdStatus status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;

  object = json_node_get_object (node);
  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL || *id == '\0')
    goto invalid;
  if (!rd_status_from_string (json_object_get_string_member_with_default (object, "status", NULL),
                              &status))
    goto invalid;

  self = rd_finding_new (id);
  self->status = status;
  self->summary = g_strdup (json_object_get_string_member_with_default (object, "summary", ""));
  self->duration_ms = json_object_get_int_member_with_default (object, "duration_ms", 0);

  evidence = json_object_get_member (object, "evidence");
  if (evidence != NULL && JSON_NODE_HOLDS_OBJECT (evidence))
    {
      json_object_unref (self->evidence);
      self->evidence = json_node_dup_object (evidence);
    }

  return g_steal_pointer (&self);

invalid:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A check in the report is incomplete or damaged."));
  return NULL;
}
