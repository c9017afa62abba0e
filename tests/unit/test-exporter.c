/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Prometheus exporter's parts that need no network: the /probe query,
 * the --allow list, the exposition text and the --textfile file. */
#include <string.h>
#include <glib/gstdio.h>

#include "rd-allow.h"
#include "rd-exposition.h"
#include "rd-unit-util.h"

static void
test_query_good (void)
{
  const struct { const char *query; const char *host; guint16 port; } cases[] = {
    { "target=pc1.corp.example", "pc1.corp.example", 3389 },
    { "target=PC1.Corp.Example:3390", NULL, 3390 },
    { "target=10.0.0.1%3A3390", "10.0.0.1", 3390 },
    { "target=10.0.0.1%3a3390", "10.0.0.1", 3390 },
    { "target=%5B2001%3Adb8%3A%3A1%5D%3A3389", "2001:db8::1", 3389 },
    { "target=[2001:db8::1]:3391", "2001:db8::1", 3391 },
    { "module=rdp&target=rdp1.lab", "rdp1.lab", 3389 },
    { "target=xn--pple-43d.example", "xn--pple-43d.example", 3389 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = rd_probe_query_parse (cases[i].query, &error);

      g_test_message ("%s", cases[i].query);
      g_assert_no_error (error);
      g_assert_nonnull (target);
      if (cases[i].host != NULL)
        g_assert_cmpstr (rd_target_get_host (target), ==, cases[i].host);
      g_assert_cmpuint (rd_target_get_port (target), ==, cases[i].port);
    }
}

static void
test_query_bad (void)
{
  g_autofree char *long_target = g_strnfill (2048, 'a');
  g_autofree char *long_query = g_strconcat ("target=", long_target, NULL);
  const struct { const char *query; RdProbeQueryError code; } cases[] = {
    { NULL, RD_PROBE_QUERY_ERROR_MISSING },
    { "", RD_PROBE_QUERY_ERROR_MISSING },
    { "target=", RD_PROBE_QUERY_ERROR_MISSING },
    { "target", RD_PROBE_QUERY_ERROR_MISSING },
    { "host=pc1", RD_PROBE_QUERY_ERROR_MISSING },
    { "target=a&target=b", RD_PROBE_QUERY_ERROR_SEVERAL },
    { "target=a;target=b", RD_PROBE_QUERY_ERROR_SEVERAL },
    { "target=pc1%2ecorp.example", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=pc1%00.corp.example", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=zq9u%40pc1", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=pc1%", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=pc1%3", RD_PROBE_QUERY_ERROR_ENCODING },
    { "targ%65t=pc1", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=%D0%B0pple.example", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=\xD0\xB0pple.example", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=fe80::1%25eth0", RD_PROBE_QUERY_ERROR_ENCODING },
    { "target=zq9u@pc1", RD_PROBE_QUERY_ERROR_USER_INFO },
    { "target=pc1/admin", RD_PROBE_QUERY_ERROR_PATH },
    { "target=rdp://pc1", RD_PROBE_QUERY_ERROR_PATH },
    { "target=..", RD_PROBE_QUERY_ERROR_NOT_A_HOST },
    { "target=pc1+pc2", RD_PROBE_QUERY_ERROR_NOT_A_HOST },
    { "target=pc1,pc2", RD_PROBE_QUERY_ERROR_NOT_A_HOST },
    { "target=pc1:0", RD_PROBE_QUERY_ERROR_NOT_A_HOST },
    { "target=pc1:99999", RD_PROBE_QUERY_ERROR_NOT_A_HOST },
    { "target=a\nb", RD_PROBE_QUERY_ERROR_NOT_A_HOST },
    { long_query, RD_PROBE_QUERY_ERROR_TOO_LONG },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = rd_probe_query_parse (cases[i].query, &error);

      g_test_message ("%zu: %.40s", i, cases[i].query != NULL ? cases[i].query : "(null)");
      g_assert_null (target);
      g_assert_error (error, RD_PROBE_QUERY_ERROR, (gint) cases[i].code);
      /* One line, never the query itself. */
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (strstr (error->message, "pc1"));
      g_assert_null (strstr (error->message, "zq9u"));
    }
}

static void
test_allow_patterns (void)
{
  const char *good[] = { "*.corp.example", "rdp?.lab", "rdp?.lab:3390", "host.example:*",
                         "10.0.0.0/8", "10.1.2.3/8:*", "192.0.2.7", "192.0.2.7:3390",
                         "[2001:db8::]/32", "[2001:db8::1]:3389", "[2001:db8::]/32:*",
                         "bücher.example", " pc1.example " };
  const char *bad[] = { "", "  ", "2001:db8::/32", "[2001:db8::", "[2001:db8::1]x", "[10.0.0.1]",
                        "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "pc1:0", "pc1:70000", "pc1:",
                        "pc1:abc", "pc_1.example", "pc1/admin", "*.bücher.example", "a@b",
                        "[2001:db8::]/129", "fe80::1%eth0" };
  g_autoptr(RdAllowList) list = rd_allow_list_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", good[i]);
      g_assert_true (rd_allow_list_add (list, good[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (rd_allow_list_get_size (list), ==, G_N_ELEMENTS (good));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (rd_allow_list_add (list, bad[i], &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
  g_assert_cmpuint (rd_allow_list_get_size (list), ==, G_N_ELEMENTS (good));
}

static gboolean
allows (const char * const *patterns,
        const char         *target_text)
{
  g_autoptr(RdAllowList) list = rd_allow_list_new ();
  g_autoptr(RdTarget) target = rd_target_parse (target_text, NULL);

  g_assert_nonnull (target);
  for (guint i = 0; patterns[i] != NULL; i++)
    g_assert_true (rd_allow_list_add (list, patterns[i], NULL));
  return rd_allow_list_match (list, target);
}

static void
test_allow_match (void)
{
  const char *globs[] = { "*.corp.example", "rdp?.lab", "any.example:*", "*.idn.example", NULL };
  const char *ranges[] = { "10.0.0.0/8", "192.0.2.7:3390", "[2001:db8::]/32", NULL };
  const char *literal[] = { "192.0.2.9", "[2001:db8::9]:*", NULL };
  const char *spelled[] = { "xn--pple-43d.example", NULL };
  const char *everything[] = { "*:*", NULL };
  const struct { const char * const *patterns; const char *target; gboolean allowed; } cases[] = {
    { globs, "pc1.corp.example", TRUE },
    { globs, "PC1.CORP.EXAMPLE", TRUE },
    { globs, "a.b.corp.example", TRUE },
    { globs, "pc1.corp.example:3389", TRUE },
    { globs, "pc1.corp.example:3390", FALSE },      /* no port: 3389 only */
    { globs, "corp.example", FALSE },
    { globs, "pc1.corp.example.evil", FALSE },
    { globs, "evilcorp.example", FALSE },
    { globs, "rdp1.lab", TRUE },
    { globs, "rdp12.lab", FALSE },
    { globs, "rdp.lab", FALSE },
    { globs, "any.example:4000", TRUE },
    { globs, "10.1.2.3", FALSE },                   /* no range */
    /* A look-alike is matched by no wildcard: */
    { globs, "xn--pple-43d.idn.example", FALSE },
    { globs, "pc.xn--pple-43d.corp.example", FALSE },
    { spelled, "xn--pple-43d.example", TRUE },
    { spelled, "XN--PPLE-43D.example", TRUE },
    { ranges, "10.1.2.3", TRUE },
    { ranges, "10.255.255.255:3389", TRUE },
    { ranges, "11.0.0.1", FALSE },
    { ranges, "10.1.2.3:3390", FALSE },
    { ranges, "192.0.2.7:3390", TRUE },
    { ranges, "192.0.2.7", FALSE },
    { ranges, "[2001:db8::1]", TRUE },
    { ranges, "[2001:db9::1]", FALSE },
    { ranges, "[::ffff:10.0.0.1]", FALSE },
    { ranges, "ten.corp.example", FALSE },          /* a name by no range */
    { literal, "192.0.2.9", TRUE },
    { literal, "192.0.2.10", FALSE },
    { literal, "[2001:db8::9]:3390", TRUE },
    { literal, "[2001:DB8:0::9]", TRUE },
    { everything, "pc.example:1", TRUE },
    { everything, "192.0.2.1", FALSE },             /* a glob is no range */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].target);
      g_assert_cmpint (allows (cases[i].patterns, cases[i].target), ==, cases[i].allowed);
    }
}

/* A host that answered the negotiation with old RDP security only. */
static RdReport *
legacy_report (void)
{
  RdFinding *tcp = rd_test_finding_new ("tcp", RD_STATUS_PASS, "{}");

  rd_finding_set_duration_ms (tcp, 12);
  return rd_test_report_new ("rdp1.lab", tcp, rd_test_finding_new ("tls", RD_STATUS_SKIP, "{}"), NULL);
}

static void
test_exposition (void)
{
  g_autoptr(RdReport) report = legacy_report ();
  g_autoptr(GString) escaped = g_string_new (NULL);
  RdExpositionProbe probes[] = { { NULL, report, 1.5 }, { NULL, NULL, 0.25 } };
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  rd_exposition_append_label_value (escaped, "a\\b\"c\nd");
  g_assert_cmpstr (escaped->str, ==, "a\\\\b\\\"c\\nd");

  one = rd_exposition_format (probes, 1);
  g_test_message ("%s", one);
  g_assert_nonnull (strstr (one, "# TYPE rdp_doctor_probe_success gauge\nrdp_doctor_probe_success "));
  g_assert_nonnull (strstr (one, "\nrdp_doctor_probe_duration_seconds 1.500000\n"));
  g_assert_nonnull (strstr (one, "\nrdp_doctor_check_duration_seconds{check=\"tcp\"} 0.012000\n"));
  g_assert_null (strstr (one, "check=\"tls\""));
  g_assert_true (g_str_has_suffix (one, "\n"));

  /* Several: a target label on every series, each family together. */
  probes[0].target = "rdp1.lab:3389";
  probes[1].target = "we\"ird\n";
  two = rd_exposition_format (probes, 2);
  g_test_message ("%s", two);
  g_assert_nonnull (strstr (two, "rdp_doctor_probe_success{target=\"we\\\"ird\\n\"} 0\n"
                                 "# HELP rdp_doctor_probe_duration_seconds"));
  g_assert_nonnull (strstr (two, "rdp_doctor_check_duration_seconds{target=\"rdp1.lab:3389\",check=\"tcp\"} 0.012000\n"));
  {
    g_auto(GStrv) lines = g_strsplit (two, "\n", -1);
    guint n_types = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "# TYPE "))
          n_types++;
        /* Every sample: NAME{…} VALUE or NAME VALUE, nothing else. */
        if (lines[i][0] != '\0' && lines[i][0] != '#')
          g_assert_true (g_str_has_prefix (lines[i], "rdp_doctor_"));
      }
    g_assert_cmpuint (n_types, ==, 6);
  }
}

static void
test_textfile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-textfile-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (rd_exposition_check_textfile_dir (dir, &error));
  g_assert_true (rd_exposition_write_textfile (dir, "rdp_doctor_probe_success 1\n", &error));
  g_assert_true (rd_exposition_write_textfile (dir, "rdp_doctor_probe_success 0\n", &error));
  g_assert_no_error (error);
  path = g_build_filename (dir, RD_EXPOSITION_TEXTFILE_NAME, NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "rdp_doctor_probe_success 0\n");

  /* No temporary file stays behind. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_cmpstr (name, ==, RD_EXPOSITION_TEXTFILE_NAME);
      n++;
    }
  g_assert_cmpuint (n, ==, 1);

  /* A file is no folder. */
  g_assert_false (rd_exposition_check_textfile_dir (path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  file = g_build_filename (dir, "missing", NULL);
  g_assert_false (rd_exposition_check_textfile_dir (file, &error));
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exporter/query-good", test_query_good);
  g_test_add_func ("/exporter/query-bad", test_query_bad);
  g_test_add_func ("/exporter/allow-patterns", test_allow_patterns);
  g_test_add_func ("/exporter/allow-match", test_allow_match);
  g_test_add_func ("/exporter/exposition", test_exposition);
  g_test_add_func ("/exporter/textfile", test_textfile);
  return g_test_run ();
}
