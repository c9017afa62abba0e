/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A parsed .rdp connection file: lines of "name:type:value" where type is
 * "s" (string), "i" (integer) or "b" (binary). Windows writes these files as
 * UTF-16LE with a byte order mark; other tools write UTF-8. Lines end in
 * CR LF, LF or CR alone. Every line is kept
 * in order, including ones we do not understand, so a file can be written
 * back with only the settings we changed.
 */

#define RD_RDP_FILE_ERROR (rd_rdp_file_error_quark ())

typedef enum
{
  RD_RDP_FILE_ERROR_ENCODING,
  RD_RDP_FILE_ERROR_TOO_LARGE,
  RD_RDP_FILE_ERROR_BINARY,
  RD_RDP_FILE_ERROR_BIG_ENDIAN,
} RdRdpFileError;

typedef enum
{
  RD_RDP_FILE_ENCODING_UTF8,
  RD_RDP_FILE_ENCODING_UTF8_BOM,
  RD_RDP_FILE_ENCODING_UTF16LE,
} RdRdpFileEncoding;

/* Files larger than this are refused: real ones are a few kilobytes. */
#define RD_RDP_FILE_MAX_SIZE (1024 * 1024)

typedef struct _RdRdpFile RdRdpFile;

GQuark             rd_rdp_file_error_quark   (void);

RdRdpFile         *rd_rdp_file_parse         (const guint8 *data,
                                              gsize         length,
                                              GError      **error);
void               rd_rdp_file_free          (RdRdpFile    *self);

RdRdpFileEncoding  rd_rdp_file_get_encoding  (const RdRdpFile *self);
/* Returns the value of the last line named @key (case-insensitive), or NULL. */
const char        *rd_rdp_file_get_string    (const RdRdpFile *self,
                                              const char      *key);
/* Every value of lines named @key, in file order (transfer container). */
GPtrArray         *rd_rdp_file_get_strings   (const RdRdpFile *self,
                                              const char      *key);
gboolean           rd_rdp_file_get_int       (const RdRdpFile *self,
                                              const char      *key,
                                              gint64          *value);
/* Number of lines, in file order, and each line's parts. Lines that are not
 * "name:type:value" are kept with type '\0' and the raw text as value. */
guint              rd_rdp_file_get_n_lines   (const RdRdpFile *self);
void               rd_rdp_file_get_line      (const RdRdpFile *self,
                                              guint            index,
                                              const char     **key,
                                              char            *type,
                                              const char     **value);

/* Writing: set settings, then serialize. Lines not set are written back
 * exactly as they were read. */
RdRdpFile         *rd_rdp_file_new           (RdRdpFileEncoding encoding);
void               rd_rdp_file_set           (RdRdpFile       *self,
                                              const char      *key,
                                              char             type,
                                              const char      *value);
GBytes            *rd_rdp_file_serialize     (const RdRdpFile *self,
                                              RdRdpFileEncoding encoding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRdpFile, rd_rdp_file_free)

G_END_DECLS
