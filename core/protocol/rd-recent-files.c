/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-recent-files.h"

#include <string.h>

/* GLib's GBookmarkFile reads the same format, but warns (g_warn_if_reached)
 * on some damaged files, which a list written by any program may be; this
 * reader takes what it needs and fails with an error only. */

typedef struct
{
  GPtrArray    *files;
  RdRecentFile *current;   /* inside a <bookmark>, else NULL */
  guint         max_entries;
} Parser;

void
rd_recent_file_free (RdRecentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->uri);
  g_free (file->mime_type);
  g_free (file);
}

static const char *
local_name (const char *element)
{
  const char *colon = strrchr (element, ':');

  return colon != NULL ? colon + 1 : element;
}

static const char *
attribute (const char **names,
           const char **values,
           const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], wanted) == 0)
      return values[i];
  return NULL;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;

  if (strcmp (element, "bookmark") == 0)
    {
      const char *href = attribute (names, values, "href");

      rd_recent_file_free (parser->current);
      parser->current = NULL;
      if (href != NULL && href[0] != '\0' && parser->files->len < parser->max_entries)
        {
          parser->current = g_new0 (RdRecentFile, 1);
          parser->current->uri = g_strdup (href);
        }
    }
  else if (parser->current != NULL && parser->current->mime_type == NULL &&
           strcmp (local_name (element), "mime-type") == 0)
    {
      const char *type = attribute (names, values, "type");

      if (type != NULL)
        parser->current->mime_type = g_strdup (type);
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;

  if (strcmp (element, "bookmark") == 0 && parser->current != NULL)
    {
      g_ptr_array_add (parser->files, parser->current);
      parser->current = NULL;
    }
}

/**
 * rd_recent_files_parse:
 * @data: (array length=length): the bytes of recently-used.xbel
 * @length: the number of bytes in @data
 * @max_entries: the most entries to return
 * @error: return location for a #GMarkupError
 *
 * Reads the files of GTK's list of recently used files, in the file's
 * order (GTK adds new ones at the end). The data is not trusted.
 *
 * Returns: (transfer full) (element-type RdRecentFile): the entries, or
 *   %NULL with @error set when the list is not well-formed XML
 */
GPtrArray *
rd_recent_files_parse (const guint8  *data,
                       gsize          length,
                       guint          max_entries,
                       GError       **error)
{
  static const GMarkupParser callbacks = { start_element, end_element, NULL, NULL, NULL };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_recent_file_free);
  Parser parser = { files, NULL, max_entries };
  GMarkupParseContext *context;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;
  context = g_markup_parse_context_new (&callbacks, 0, &parser, NULL);
  ok = g_markup_parse_context_parse (context, data != NULL ? (const char *) data : "",
                                     (gssize) length, error) &&
       g_markup_parse_context_end_parse (context, error);
  g_markup_parse_context_free (context);
  rd_recent_file_free (parser.current);

  if (!ok)
    return NULL;
  return g_steal_pointer (&files);
}
