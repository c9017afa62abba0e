/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to every way a target is read: as typed text, as a
 * port, as a .rdp file and as saved JSON. Whatever parses must print and
 * save in a form that parses back to the same target. */
#include <string.h>
#include <glib.h>

#include "rd-target.h"
#include "rd-target-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
assert_same (const RdTarget *a,
             const RdTarget *b)
{
  g_assert_cmpstr (rd_target_get_host (a), ==, rd_target_get_host (b));
  g_assert_cmpstr (rd_target_get_display_host (a), ==, rd_target_get_display_host (b));
  g_assert_cmpuint (rd_target_get_port (a), ==, rd_target_get_port (b));
  g_assert_cmpint (rd_target_get_kind (a), ==, rd_target_get_kind (b));
}

/* A Remote Desktop Gateway, when the input names one: an ASCII host and a
 * port, and the same after its JSON. */
static void
check_rdgateway (const RdTarget *target,
                 const RdTarget *from_json)
{
  const char *host = rd_target_get_rdgateway_host (target);

  g_assert_cmpstr (host, ==, rd_target_get_rdgateway_host (from_json));
  g_assert_cmpint (rd_target_get_rdgateway_usage (target), ==, rd_target_get_rdgateway_usage (from_json));
  g_assert_true (!rd_target_uses_rdgateway (target) || host != NULL);
  if (host == NULL)
    return;
  g_assert_cmpuint (rd_target_get_rdgateway_port (target), !=, 0);
  g_assert_cmpuint (rd_target_get_rdgateway_port (target), ==, rd_target_get_rdgateway_port (from_json));
  g_assert_true (g_utf8_validate (rd_target_get_rdgateway_display_host (target), -1, NULL));
  for (const char *p = host; *p != '\0'; p++)
    g_assert_true ((guchar) *p < 0x80 && g_ascii_isgraph (*p));
}

static void
check_target (RdTarget *target)
{
  g_autofree char *string = NULL;
  g_autoptr(RdTarget) again = NULL;
  g_autoptr(RdTarget) from_json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (rd_target_get_input (target));
  g_assert_true (g_utf8_validate (rd_target_get_display_host (target), -1, NULL));
  g_assert_cmpuint (rd_target_get_port (target), !=, 0);
  g_assert_cmpuint (strlen (rd_target_get_host (target)), <=, 253);

  /* The host is ASCII: it goes to the resolver and into reports. */
  for (const char *p = rd_target_get_host (target); *p != '\0'; p++)
    g_assert_true ((guchar) *p < 0x80 && g_ascii_isgraph (*p));

  string = rd_target_to_string (target);
  again = rd_target_parse (string, &error);
  g_assert_no_error (error);
  assert_same (target, again);
  g_assert_true (rd_target_get_port_explicit (again));

  node = rd_target_to_json (target);
  from_json = rd_target_new_from_json (node, &error);
  g_assert_no_error (error);
  assert_same (target, from_json);
  g_assert_cmpint (rd_target_get_port_explicit (target), ==,
                   rd_target_get_port_explicit (from_json));
  g_assert_cmpstr (rd_target_get_input (target), ==, rd_target_get_input (from_json));

  /* Notes are sentences for a person, and a saved report keeps them. */
  g_assert_cmpuint (rd_target_get_n_notes (target), ==, rd_target_get_n_notes (from_json));
  for (guint i = 0; i < rd_target_get_n_notes (target); i++)
    {
      g_assert_true (g_utf8_validate (rd_target_get_note (target, i, NULL), -1, NULL));
      g_assert_cmpstr (rd_target_get_note (target, i, NULL), ==,
                       rd_target_get_note (from_json, i, NULL));
    }

  check_rdgateway (target, from_json);
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == RD_TARGET_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");
}

/* A password before the computer ("user:PASSWORD@host") is never quoted:
 * checked with a marker no message has of its own. */
static void
check_no_password (const char *text)
{
  g_autofree char *typed = g_strdup_printf ("u:Zq9Xw%s@%s", text, text);
  g_autofree char *linked = g_strdup_printf ("rdp://u:Zq9Xw%s@%s", text, text);
  const char *inputs[] = { typed, linked };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = rd_target_parse (inputs[i], &error);
      g_autofree char *redacted = rd_target_redact_input (inputs[i]);

      g_assert_null (strstr (redacted, "Zq9Xw"));
      if (target == NULL)
        g_assert_null (strstr (error->message, "Zq9Xw"));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* Typed text ends at the first NUL, as on a command line. */
  g_autofree char *text = g_strndup ((const char *) data, size);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdTarget) target = rd_target_parse (text, &error);

    if (target != NULL)
      check_target (target);
    else
      check_error (error);
  }

  /* The fuzzer learns the marker; in the text itself it is no password. */
  if (strlen (text) < 256 && strstr (text, "Zq9Xw") == NULL)
    check_no_password (text);

  {
    g_autoptr(GError) error = NULL;
    guint16 port = 0;

    if (rd_target_parse_port (text, &port, &error))
      g_assert_cmpuint (port, !=, 0);
    else
      check_error (error);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdTarget) target = rd_target_new_from_rdp_data ((const char *) data, size, &error);

    if (target != NULL)
      check_target (target);
    else
      check_error (error);
  }

  /* Saved reports hold targets as JSON; a damaged one must not crash. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonNode *root;

    if (json_parser_load_from_data (parser, text, -1, NULL) &&
        (root = json_parser_get_root (parser)) != NULL)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(RdTarget) target = rd_target_new_from_json (root, &error);

        if (target != NULL)
          check_target (target);
        else
          check_error (error);
      }
  }

  return 0;
}
