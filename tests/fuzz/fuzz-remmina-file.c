/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds untrusted bytes to the Remmina profile reader, alone and through the
 * target parser, checking what the headers promise. */
#include <string.h>
#include <glib.h>

#include "rd-remmina-file.h"
#include "rd-target.h"
#include "rd-target-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *protocol = NULL;
    g_autofree char *server = NULL;

    rd_remmina_file_looks_like (data, size);

    {
      gint64 usage = 0;
      g_autofree char *gateway = rd_remmina_file_parse_gateway (data, size, &usage);

      g_assert_true (gateway == NULL || (gateway[0] != '\0' && g_utf8_validate (gateway, -1, NULL)));
      g_assert_cmpint (usage, >=, -1);
    }

    server = rd_remmina_file_parse_server (data, size, &protocol, &error);
    if (server == NULL)
      {
        g_assert_nonnull (error);
        g_assert_true (error->domain == RD_REMMINA_FILE_ERROR);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        if (g_error_matches (error, RD_REMMINA_FILE_ERROR, RD_REMMINA_FILE_ERROR_NOT_RDP))
          g_assert_nonnull (protocol);
      }
    else
      {
        g_assert_no_error (error);
        g_assert_cmpstr (server, !=, "");
        g_assert_true (g_utf8_validate (server, -1, NULL));
        g_assert_true (protocol == NULL || g_ascii_strcasecmp (protocol, "RDP") == 0);
      }
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdTarget) target = NULL;

    target = rd_target_new_from_remmina_data ((const char *) data, size, &error);
    if (target == NULL)
      {
        g_assert_nonnull (error);
        g_assert_true (error->domain == RD_TARGET_ERROR);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
      }
    else
      {
        g_assert_no_error (error);
        g_assert_cmpuint (rd_target_get_port (target), !=, 0);
        g_assert_cmpuint (strlen (rd_target_get_host (target)), <=, 253);
      }
  }

  return 0;
}
