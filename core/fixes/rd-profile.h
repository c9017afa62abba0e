/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-target.h"

G_BEGIN_DECLS

/*
 * Connection profiles with a fix applied: a Microsoft .rdp file, a Remmina
 * profile or an xfreerdp command line. Existing profiles are updated in place:
 * only the lines a workaround needs change, every other byte is kept (the
 * encoding, line ends, comments and order too); the old file is kept as
 * FILE.bak and rd_profile_undo() puts it back. A profile that is a symbolic
 * link is updated where the link points.
 * Nothing here ever writes a user name or password.
 */

#define RD_PROFILE_ERROR (rd_profile_error_quark ())

typedef enum
{
  RD_PROFILE_ERROR_UNKNOWN_FORMAT,
  RD_PROFILE_ERROR_NO_ADDRESS,
  RD_PROFILE_ERROR_EXISTING_UNREADABLE,
  RD_PROFILE_ERROR_EXISTING_INVALID,
  RD_PROFILE_ERROR_EXISTING_TOO_LARGE,
  RD_PROFILE_ERROR_BACKUP_FAILED,
  RD_PROFILE_ERROR_WRITE_FAILED,
  RD_PROFILE_ERROR_NOT_REGULAR,   /* a folder, a FIFO, a device: never written */
  RD_PROFILE_ERROR_NO_BACKUP,     /* nothing to undo */
} RdProfileError;

typedef enum
{
  RD_WORKAROUND_USE_ADDRESS = 1 << 0,
  RD_WORKAROUND_TLS_NOT_NLA = 1 << 1,
  /* Remmina and xfreerdp only: a .rdp file has no setting for it; Windows
   * clients turn UDP off with the "Turn Off UDP On Client" policy
   * (fClientDisableUDP), which the client-tcp-only remedy carries. */
  RD_WORKAROUND_TCP_ONLY    = 1 << 2,
  /* OpenSSL's security level 0 for this connection (TLS 1.0 and 1.1, SHA-1,
   * short keys): Remmina and xfreerdp only; Microsoft's apps use Windows'
   * own TLS settings and have no such line in a .rdp file. */
  RD_WORKAROUND_TLS_LEGACY  = 1 << 3,
  /* The saved connection is set to one security (Remmina's "security=tls",
   * a .rdp file without CredSSP) that the host refuses: let the app
   * negotiate, as it does by default. */
  RD_WORKAROUND_NEGOTIATE   = 1 << 4,
} RdWorkarounds;

typedef enum
{
  RD_PROFILE_FORMAT_UNKNOWN,
  RD_PROFILE_FORMAT_RDP,
  RD_PROFILE_FORMAT_REMMINA,
} RdProfileFormat;

typedef struct
{
  RdTarget      *target;
  const char    *address;     /* the IP to use instead of the name, with USE_ADDRESS */
  guint16        port;        /* 0: the target's port */
  RdWorkarounds  workarounds;
} RdProfileSettings;

GQuark           rd_profile_error_quark              (void);

RdProfileFormat  rd_profile_format_for_path          (const char              *path);
gboolean         rd_profile_write_file               (const char              *path,
                                                      GBytes                  *contents,
                                                      char                   **backup_path,
                                                      GError                 **error);
gboolean         rd_profile_check_destination        (const char              *path,
                                                      GError                 **error);
char            *rd_profile_find_backup              (const char              *path);
gboolean         rd_profile_restore                  (const char              *path,
                                                      const char              *backup,
                                                      GError                 **error);
gboolean         rd_profile_undo                     (const char              *path,
                                                      char                   **restored_from,
                                                      GError                 **error);
gboolean         rd_profile_save                     (const RdProfileSettings *settings,
                                                      const char              *path,
                                                      char                   **backup_path,
                                                      GError                 **error);

G_END_DECLS
