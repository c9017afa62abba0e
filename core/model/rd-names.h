/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The stable names of an enum's values (in reports and on the command
 * line): a table indexed by value, and the two functions every such enum
 * has, defined once here.
 */

/* NAMES[VALUE], or @fallback for a value outside the table or without a name. */
const char *rd_enum_name  (const char * const *names,
                           guint               n_names,
                           guint               value,
                           const char         *fallback);
/* The value whose name is @text, or -1. */
int         rd_enum_index (const char * const *names,
                           guint               n_names,
                           const char         *text);

/* Defines `const char *PREFIX_to_string (TYPE value)`. */
#define RD_DEFINE_ENUM_TO_STRING(Type, prefix, names, fallback) \
  const char * \
  prefix##_to_string (Type value) \
  { \
    return rd_enum_name (names, G_N_ELEMENTS (names), value, fallback); \
  }

/* Defines `gboolean PREFIX_from_string (const char *text, TYPE *value)`:
 * FALSE, @value untouched, for text that names no value. */
#define RD_DEFINE_ENUM_FROM_STRING(Type, prefix, names) \
  gboolean \
  prefix##_from_string (const char *text, \
                        Type       *value) \
  { \
    int index = rd_enum_index (names, G_N_ELEMENTS (names), text); \
    if (index >= 0) \
      *value = (Type) index; \
    return index >= 0; \
  }

G_END_DECLS
