/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Reading the computer out of a Remmina connection profile: a GLib key file
 * whose [remmina] group has protocol=RDP and server=HOST[:PORT]. Remmina
 * writes these as UTF-8 without a byte order mark.
 */

#define RD_REMMINA_FILE_ERROR (rd_remmina_file_error_quark ())

typedef enum
{
  RD_REMMINA_FILE_ERROR_TOO_LARGE,
  RD_REMMINA_FILE_ERROR_BINARY,
  RD_REMMINA_FILE_ERROR_ENCODING,
  RD_REMMINA_FILE_ERROR_SYNTAX,
  RD_REMMINA_FILE_ERROR_NO_GROUP,
  RD_REMMINA_FILE_ERROR_NOT_RDP,
  RD_REMMINA_FILE_ERROR_NO_SERVER,
} RdRemminaFileError;

/* Real profiles are a few kilobytes; the same limit as for .rdp files. */
#define RD_REMMINA_FILE_MAX_SIZE (1024 * 1024)

GQuark    rd_remmina_file_error_quark  (void);

GKeyFile *rd_key_file_new_from_untrusted (const guint8 *data,
                                          gsize         length,
                                          GError      **error);

gboolean  rd_remmina_file_looks_like   (const guint8  *data,
                                        gsize          length);
char     *rd_remmina_file_parse_server (const guint8  *data,
                                        gsize          length,
                                        char         **protocol,
                                        GError       **error);
char     *rd_remmina_file_parse_gateway (const guint8 *data,
                                         gsize         length,
                                         gint64       *usage);
char     *rd_remmina_file_parse_setting (const guint8 *data,
                                         gsize         length,
                                         const char   *key);

G_END_DECLS
