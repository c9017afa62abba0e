/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The README's dconf examples for a kiosk, against the compiled schema:
 *   test-readme-kiosk README.md SCHEMA_DIR
 * The keyfile's values are read as dconf compile reads them, without the
 * schema (so "120" would be an int32, which GSettings ignores for a "u"
 * key); each must name a key of the schema and have its type and range.
 * The locks file must name the same keys, by their full path, and every
 * kiosk key must be in both. Prints TAP. */
#include <stdio.h>
#include <string.h>
#include <gio/gio.h>

#define GROUP "io/github/rdpdoctor/RdpDoctor"
#define PATH "/io/github/rdpdoctor/RdpDoctor/"

static const char *kiosk_keys[] = {
  "kiosk-mode", "preset-hosts", "allow-custom-host", "allow-apply-fixes", "allow-save-report",
  "helpdesk-name", "helpdesk-phone", "helpdesk-url", "idle-reset-seconds", NULL,
};

static guint n_test;
static guint n_failed;

static void
ok (gboolean    good,
    const char *what,
    const char *why)
{
  n_test++;
  if (good)
    printf ("ok %u - %s\n", n_test, what);
  else
    {
      n_failed++;
      printf ("not ok %u - %s\n# %s\n", n_test, what, why != NULL ? why : "");
    }
}

/* The fenced blocks of a Markdown text, without their fences. */
static GPtrArray *
code_blocks (const char *text)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *block = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "```"))
        {
          if (block == NULL)
            block = g_string_new (NULL);
          else
            g_ptr_array_add (blocks, g_string_free (g_steal_pointer (&block), FALSE));
          continue;
        }
      if (block != NULL)
        g_string_append_printf (block, "%s\n", lines[i]);
    }
  if (block != NULL)
    g_string_free (block, TRUE);
  return blocks;
}

static void
check_keyfile (GSettingsSchema *schema,
               const char      *text)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;

  ok (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &error),
      "the values file is a keyfile", error != NULL ? error->message : NULL);
  if (error != NULL)
    return;
  keys = g_key_file_get_keys (keyfile, GROUP, NULL, NULL);
  ok (keys != NULL, "the values file has the group [" GROUP "]", NULL);
  if (keys == NULL)
    return;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *what = g_strdup_printf ("%s is a key of the schema, with its type and range", keys[i]);
      g_autofree char *value = g_key_file_get_value (keyfile, GROUP, keys[i], NULL);
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autoptr(GVariant) parsed = NULL;
      g_autoptr(GError) parse_error = NULL;
      g_autofree char *why = NULL;

      if (!g_settings_schema_has_key (schema, keys[i]))
        {
          ok (FALSE, what, "no such key");
          continue;
        }
      key = g_settings_schema_get_key (schema, keys[i]);
      parsed = g_variant_parse (NULL, value, NULL, NULL, &parse_error);
      if (parsed == NULL)
        why = g_strdup_printf ("“%s”: %s", value, parse_error->message);
      else if (!g_variant_is_of_type (parsed, g_settings_schema_key_get_value_type (key)))
        why = g_strdup_printf ("“%s” reads as %s, the key is %s", value,
                               g_variant_get_type_string (parsed),
                               g_variant_type_peek_string (g_settings_schema_key_get_value_type (key)));
      else if (!g_settings_schema_key_range_check (key, parsed))
        why = g_strdup_printf ("“%s” is out of the key's range", value);
      ok (why == NULL, what, why);
    }

  for (guint i = 0; kiosk_keys[i] != NULL; i++)
    {
      g_autofree char *what = g_strdup_printf ("the values file sets %s", kiosk_keys[i]);

      ok (g_key_file_has_key (keyfile, GROUP, kiosk_keys[i], NULL), what, NULL);
    }
}

static void
check_locks (GSettingsSchema *schema,
             const char      *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) locked = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *name;
      g_autofree char *what = NULL;

      if (*lines[i] == '\0')
        continue;
      what = g_strdup_printf ("the lock %s names a key of the schema", lines[i]);
      name = g_str_has_prefix (lines[i], PATH) ? lines[i] + strlen (PATH) : NULL;
      ok (name != NULL && g_settings_schema_has_key (schema, name), what, NULL);
      if (name != NULL)
        g_hash_table_add (locked, (gpointer) name);
    }
  for (guint i = 0; kiosk_keys[i] != NULL; i++)
    {
      g_autofree char *what = g_strdup_printf ("the locks file locks %s", kiosk_keys[i]);

      ok (g_hash_table_contains (locked, kiosk_keys[i]), what, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  const char *keyfile = NULL, *locks = NULL, *profile = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s README.md SCHEMA_DIR\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &readme, NULL, &error) ||
      (source = g_settings_schema_source_new_from_directory (argv[2], NULL, TRUE, &error)) == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      return 1;
    }
  schema = g_settings_schema_source_lookup (source, "io.github.rdpdoctor.RdpDoctor", FALSE);
  if (schema == NULL)
    {
      printf ("Bail out! no schema io.github.rdpdoctor.RdpDoctor in %s\n", argv[2]);
      return 1;
    }

  blocks = code_blocks (readme);
  for (guint i = 0; i < blocks->len; i++)
    {
      const char *block = g_ptr_array_index (blocks, i);

      if (g_str_has_prefix (block, "[" GROUP "]"))
        keyfile = block;
      else if (g_str_has_prefix (block, PATH))
        locks = block;
      else if (g_str_has_prefix (block, "user-db:user\n"))
        profile = block;
    }

  ok (profile != NULL && strstr (profile, "system-db:local\n") != NULL,
      "the README has a dconf profile with the user's and the local database", NULL);
  ok (keyfile != NULL, "the README has the values file", NULL);
  if (keyfile != NULL)
    check_keyfile (schema, keyfile);
  ok (locks != NULL, "the README has the locks file", NULL);
  if (locks != NULL)
    check_locks (schema, locks);

  printf ("1..%u\n", n_test);
  return n_failed > 0 ? 1 : 0;
}
