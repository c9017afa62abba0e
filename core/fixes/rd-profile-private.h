/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: each format's builder alone; the app writes profiles with
 * rd_profile_save(). */

#include "rd-profile.h"

G_BEGIN_DECLS

GBytes          *rd_profile_build_rdp                (const RdProfileSettings *settings,
                                                      GBytes                  *existing,
                                                      GError                 **error);
GBytes          *rd_profile_build_remmina            (const RdProfileSettings *settings,
                                                      GBytes                  *existing,
                                                      GError                 **error);
char            *rd_profile_build_xfreerdp_command   (const RdProfileSettings *settings);

/* A profile as lines, edited in place (rd-profile-edit.c). */
typedef struct _RdProfileText RdProfileText;

RdProfileText   *rd_profile_text_new                 (GBytes                  *data,
                                                      const char              *default_eol,
                                                      GError                 **error);
void             rd_profile_text_free                (RdProfileText           *self);
GBytes          *rd_profile_text_to_bytes            (const RdProfileText     *self);
char            *rd_profile_text_rdp_get             (const RdProfileText     *self,
                                                      const char              *key);
void             rd_profile_text_rdp_set             (RdProfileText           *self,
                                                      const char              *key,
                                                      char                     type,
                                                      const char              *value);
void             rd_profile_text_keyfile_set         (RdProfileText           *self,
                                                      const char              *group,
                                                      const char              *key,
                                                      const char              *value);

/* Reading and writing files (rd-profile-write.c). */
GBytes          *rd_profile_read_existing            (const char              *path,
                                                      GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdProfileText, rd_profile_text_free)

G_END_DECLS
