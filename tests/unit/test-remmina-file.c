/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib.h>

#include "rd-remmina-file.h"

static char *
parse (const char  *text,
       char       **protocol,
       GError     **error)
{
  return rd_remmina_file_parse_server ((const guint8 *) text, strlen (text), protocol, error);
}

static void
test_looks_like (void)
{
  static const struct { const char *text; gboolean remmina; } cases[] = {
    { "[remmina]\nserver=pc01\n", TRUE },
    { "\n\n  [remmina]\n", TRUE },
    { "# a comment\n\r\n[remmina]\n", TRUE },
    { "\xEF\xBB\xBF[remmina]\n", TRUE },
    { "", FALSE },
    { "   \n", FALSE },
    { "# only a comment", FALSE },
    { "[remmin", FALSE },
    { "[other]\n[remmina]\n", FALSE },
    { "full address:s:pc01\r\n", FALSE },
    { "\xFF\xFE[\0r\0", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("%" G_GSIZE_FORMAT ": %s", i, shown);
      g_assert_cmpint (rd_remmina_file_looks_like ((const guint8 *) cases[i].text,
                                                   strlen (cases[i].text)),
                       ==, cases[i].remmina);
    }
  g_assert_false (rd_remmina_file_looks_like (NULL, 0));
}

static void
test_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *protocol = NULL;
  g_autofree char *server = NULL;

  server = parse ("[remmina]\nname=Work\nprotocol=RDP\nserver=pc01:3390\n", &protocol, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server, ==, "pc01:3390");
  g_assert_cmpstr (protocol, ==, "RDP");
  g_clear_pointer (&server, g_free);
  g_clear_pointer (&protocol, g_free);

  /* No protocol: Remmina's default, RDP. */
  server = parse ("[remmina]\nserver=[2001:db8::1]:3389\n", &protocol, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server, ==, "[2001:db8::1]:3389");
  g_assert_null (protocol);
  g_clear_pointer (&server, g_free);

  /* The protocol is told even when it is the reason for the error. */
  server = parse ("[remmina]\nprotocol=SPICE\nserver=pc01\n", &protocol, &error);
  g_assert_null (server);
  g_assert_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NOT_RDP);
  g_assert_cmpstr (protocol, ==, "SPICE");
  g_clear_error (&error);
  g_clear_pointer (&protocol, g_free);

  /* Without a place for the protocol. */
  server = parse ("[remmina]\nprotocol=rdp\nserver=pc01\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server, ==, "pc01");
}

static void
test_errors (void)
{
  static const struct { const char *text; gsize length; RdRemminaFileError code; } cases[] = {
    { "[remmina]\nserver=pc\0" "01\n", 20, RD_REMMINA_FILE_ERROR_BINARY },
    { "[remmina]\nserver=b\xFC" "cher\n", 0, RD_REMMINA_FILE_ERROR_ENCODING },
    { "no key file\n", 0, RD_REMMINA_FILE_ERROR_SYNTAX },
    { "[remmina\nserver=pc01\n", 0, RD_REMMINA_FILE_ERROR_SYNTAX },
    { "", 0, RD_REMMINA_FILE_ERROR_NO_GROUP },
    { "[Remmina]\nserver=pc01\n", 0, RD_REMMINA_FILE_ERROR_NO_GROUP },
    { "[remmina]\nprotocol=VNC\nserver=pc01\n", 0, RD_REMMINA_FILE_ERROR_NOT_RDP },
    { "[remmina]\nprotocol=RDP\n", 0, RD_REMMINA_FILE_ERROR_NO_SERVER },
    { "[remmina]\nserver=\n", 0, RD_REMMINA_FILE_ERROR_NO_SERVER },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *protocol = NULL;
      g_autofree char *server = NULL;
      gsize length = cases[i].length != 0 ? cases[i].length : strlen (cases[i].text);
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("%" G_GSIZE_FORMAT ": %s", i, shown);
      server = rd_remmina_file_parse_server ((const guint8 *) cases[i].text, length,
                                             &protocol, &error);
      g_assert_null (server);
      g_assert_error (error, RD_REMMINA_FILE_ERROR, (gint) cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  gsize length = RD_REMMINA_FILE_MAX_SIZE + 1;
  g_autofree char *data = g_strnfill (length, '\n');
  g_autofree char *server = NULL;

  memcpy (data, "[remmina]\nserver=pc01\n", 22);
  server = rd_remmina_file_parse_server ((const guint8 *) data, length, NULL, &error);
  g_assert_null (server);
  g_assert_error (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/remmina-file/looks-like", test_looks_like);
  g_test_add_func ("/remmina-file/server", test_server);
  g_test_add_func ("/remmina-file/errors", test_errors);
  g_test_add_func ("/remmina-file/too-large", test_too_large);

  return g_test_run ();
}
