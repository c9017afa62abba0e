/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Reading JSON that may come from a file written by another version, or
 * damaged on the way: a member that is missing, or of another type, counts
 * as absent. @object may be NULL (a missing parent object).
 */

/* Whether @node (nullable) is a value (not null) of @type: an array's
 * elements are checked with it. */
gboolean    rd_json_node_holds (JsonNode   *node,
                                GType       type);
/* The member if it is a value (not null) of @type, else NULL. */
JsonNode   *rd_json_get_value  (JsonObject *object,
                                const char *name,
                                GType       type);
const char *rd_json_get_string (JsonObject *object,
                                const char *name);
gint64      rd_json_get_int    (JsonObject *object,
                                const char *name,
                                gint64      fallback);
/* A number, written with a fraction or not. */
double      rd_json_get_double (JsonObject *object,
                                const char *name,
                                double      fallback);
gboolean    rd_json_get_bool   (JsonObject *object,
                                const char *name,
                                gboolean    fallback);
JsonObject *rd_json_get_object (JsonObject *object,
                                const char *name);
JsonArray  *rd_json_get_array  (JsonObject *object,
                                const char *name);

/* Writing: a member of the object @builder is in, its name and its value
 * in one call. @node is taken (transfer full). */
void rd_json_add_string (JsonBuilder *builder,
                         const char  *name,
                         const char  *value);
void rd_json_add_node   (JsonBuilder *builder,
                         const char  *name,
                         JsonNode    *node);

/* Gives an item of an array as JSON (transfer full). */
typedef JsonNode *(*RdJsonWriter) (gconstpointer item);

/* Writes @items as the array member @name, each as @to_json gives it. */
void rd_json_add_array  (JsonBuilder  *builder,
                         const char   *name,
                         GPtrArray    *items,
                         RdJsonWriter  to_json);

G_END_DECLS
