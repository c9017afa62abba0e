/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-json.h"

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

gboolean
rd_json_node_holds (JsonNode *node,
                    GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

JsonNode *
rd_json_get_value (JsonObject *object,
                   const char *name,
                   GType       type)
{
  JsonNode *node = member (object, name);

  return rd_json_node_holds (node, type) ? node : NULL;
}

const char *
rd_json_get_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = rd_json_get_value (object, name, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

gint64
rd_json_get_int (JsonObject *object,
                 const char *name,
                 gint64      fallback)
{
  JsonNode *node = rd_json_get_value (object, name, G_TYPE_INT64);

  return node != NULL ? json_node_get_int (node) : fallback;
}

double
rd_json_get_double (JsonObject *object,
                    const char *name,
                    double      fallback)
{
  JsonNode *node = rd_json_get_value (object, name, G_TYPE_DOUBLE);

  if (node != NULL)
    return json_node_get_double (node);
  return rd_json_get_int (object, name, fallback);
}

gboolean
rd_json_get_bool (JsonObject *object,
                  const char *name,
                  gboolean    fallback)
{
  JsonNode *node = rd_json_get_value (object, name, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : fallback;
}

JsonObject *
rd_json_get_object (JsonObject *object,
                    const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
rd_json_get_array (JsonObject *object,
                   const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

void
rd_json_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
rd_json_add_node (JsonBuilder *builder,
                  const char  *name,
                  JsonNode    *node)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, node);
}

void
rd_json_add_array (JsonBuilder  *builder,
                   const char   *name,
                   GPtrArray    *items,
                   RdJsonWriter  to_json)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_value (builder, to_json (g_ptr_array_index (items, i)));
  json_builder_end_array (builder);
}
