/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result page's QR code, read back by a real scanner: the PNG of the
 * summary's QR code, through zbarimg (Debian's zbar-tools), must give the
 * summary to the byte, also for long summaries (trimmed to fit) and text
 * beyond ASCII. Needs no display. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-qr.h"
#include "rd-qr-private.h"
#include "rd-report.h"

static char *zbarimg;
static char *tmp_dir;

static RdReport *
make_report (const char *summary,
             guint       n_failed)
{
  g_autoptr(RdTarget) target = rd_target_parse ("pc-042.corp.example.com:3390", NULL);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_finding_unref);
  RdFinding *negotiate = rd_finding_new ("negotiate");

  json_object_set_string_member (rd_finding_get_evidence (negotiate), "outcome", "failure");
  json_object_set_int_member (rd_finding_get_evidence (negotiate), "failure_code", 3);
  rd_finding_set_result (negotiate, RD_STATUS_FAIL, "%s", summary);
  g_ptr_array_add (findings, negotiate);
  for (guint i = 0; i < n_failed; i++)
    {
      g_autofree char *id = g_strdup_printf ("check%u", i);
      RdFinding *finding = rd_finding_new (id);

      rd_finding_set_result (finding, RD_STATUS_WARN, "Something else that was not quite right, number %u", i);
      g_ptr_array_add (findings, finding);
    }
  return rd_report_new (target, findings);
}

/* What zbarimg reads in the PNG of @text's QR code. */
static char *
scan (const char *text,
      guint       module_px)
{
  g_autofree char *path = g_build_filename (tmp_dir, "qr.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { zbarimg, "--raw", "-q", path, NULL };
  int status;

  g_assert_true (rd_qr_save_png (text, module_px, path));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("zbarimg failed: %s", err);
  /* zbarimg ends what it read with a newline. */
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  return g_steal_pointer (&out);
}

static gboolean
ready (void)
{
  if (!rd_qr_available ())
    g_test_skip ("built without libqrencode");
  else if (zbarimg == NULL)
    g_test_skip ("zbarimg is missing (apt-get install zbar-tools)");
  else
    return TRUE;
  return FALSE;
}

static void
test_summary (void)
{
  g_autoptr(RdReport) report = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *read = NULL;

  if (!ready ())
    return;
  report = make_report ("Refused: “SSL_CERT_NOT_ON_SERVER”", 0);
  summary = rd_report_to_summary (report, RD_REPORT_SUMMARY_QR_MAX);
  g_assert_nonnull (strstr (summary, rd_report_get_code (report)));
  read = scan (summary, 4);
  g_assert_cmpstr (read, ==, summary);
}

/* Past the limit: the QR code holds the trimmed summary, which is still
 * read back exactly, and stays small enough for a phone on a screen. */
static void
test_limit (void)
{
  g_autoptr(RdReport) report = NULL;
  g_autofree char *full = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *read = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (!ready ())
    return;
  report = make_report ("Refused: “SSL_CERT_NOT_ON_SERVER”", 40);
  full = rd_report_to_summary (report, 0);
  trimmed = rd_report_to_summary (report, RD_REPORT_SUMMARY_QR_MAX);
  g_assert_cmpuint (strlen (full), >, RD_REPORT_SUMMARY_QR_MAX);
  g_assert_cmpuint (strlen (trimmed), <=, RD_REPORT_SUMMARY_QR_MAX);
  g_assert_true (g_str_has_prefix (full, trimmed));
  read = scan (trimmed, 3);
  g_assert_cmpstr (read, ==, trimmed);

  /* Version 13 or so: at most 73 modules and the quiet zone. */
  texture = rd_qr_texture_new (trimmed, 1);
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 100);

  /* The longest a QR code holds at level M is 2331 bytes; more: none. */
  {
    g_autofree char *huge = g_strnfill (4000, 'x');

    g_assert_null (rd_qr_texture_new (huge, 1));
  }
}

/* Beyond ASCII (quotes, dashes, other languages), with the UTF-8 ECI:
 * without it zbar reads "é" as Shift JIS. */
static void
test_utf8 (void)
{
  const char *texts[] = {
    "Problème : le pare-feu bloque le port 3389 — “réseau”",
    "Über Größe: Zertifikat abgelaufen",
    "Ошибка: сертификат просрочен",
    "证书已过期",
    "é",
  };

  if (!ready ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *read = scan (texts[i], 4);

      g_assert_cmpstr (read, ==, texts[i]);
    }
}

/* Whole pixels a module, black on white, quiet zone of 4 modules. */
static void
test_texture (void)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  int side;

  if (!rd_qr_available ())
    {
      g_test_skip ("built without libqrencode");
      return;
    }
  texture = rd_qr_texture_new ("ABCD-EFGH", 5);
  side = gdk_texture_get_width (texture);
  g_assert_cmpint (side, ==, gdk_texture_get_height (texture));
  g_assert_cmpint (side % 5, ==, 0);
  /* Version 1: 21 modules and 2 × 4 of quiet zone. */
  g_assert_cmpint (side, ==, (21 + 2 * RD_QR_QUIET_ZONE) * 5);

  pixels = g_malloc (side * side * 4);
  gdk_texture_download (texture, pixels, side * 4);
  for (int y = 0; y < RD_QR_QUIET_ZONE * 5; y++)
    for (int x = 0; x < side; x++)
      g_assert_cmpuint (pixels[(y * side + x) * 4], ==, 0xff);
  /* The finder pattern's corner, just inside the quiet zone: dark. */
  g_assert_cmpuint (pixels[((RD_QR_QUIET_ZONE * 5) * side + RD_QR_QUIET_ZONE * 5) * 4], ==, 0x00);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  zbarimg = g_find_program_in_path ("zbarimg");
  tmp_dir = g_dir_make_tmp ("rd-qr-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/qr/summary", test_summary);
  g_test_add_func ("/qr/limit", test_limit);
  g_test_add_func ("/qr/utf8", test_utf8);
  g_test_add_func ("/qr/texture", test_texture);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  g_free (zbarimg);
  return status;
}
