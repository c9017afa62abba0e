/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_DEFAULT_PORT 3389

#define RD_TARGET_ERROR (rd_target_error_quark ())

/**
 * RdTargetError:
 *
 * Why an input could not be turned into a target. Every code comes with a
 * translated message meant for the person who typed the input.
 */
typedef enum
{
  RD_TARGET_ERROR_EMPTY,
  RD_TARGET_ERROR_SPACES,
  RD_TARGET_ERROR_BAD_PORT,
  RD_TARGET_ERROR_NAME_TOO_LONG,
  RD_TARGET_ERROR_LABEL_TOO_LONG,
  RD_TARGET_ERROR_BAD_BRACKETS,
  RD_TARGET_ERROR_BAD_NAME,
  RD_TARGET_ERROR_BAD_URI,
  RD_TARGET_ERROR_URI_NO_HOST,
  RD_TARGET_ERROR_FILE_UNREADABLE,
  RD_TARGET_ERROR_FILE_INVALID,
  RD_TARGET_ERROR_FILE_NO_ADDRESS,
  RD_TARGET_ERROR_USER_INFO,
  RD_TARGET_ERROR_ZONE_ID,
  RD_TARGET_ERROR_CONFLICT,
} RdTargetError;

typedef enum
{
  RD_TARGET_KIND_NAME,
  RD_TARGET_KIND_IPV4,
  RD_TARGET_KIND_IPV6,
} RdTargetKind;

/**
 * RdRdGatewayUsage:
 *
 * When the user's app goes through a Remote Desktop Gateway (RD Gateway,
 * MS-TSGU), as the .rdp setting "gatewayusagemethod" numbers it.
 */
typedef enum
{
  RD_RDGATEWAY_USAGE_UNKNOWN = -1,     /* not given */
  RD_RDGATEWAY_USAGE_NEVER = 0,        /* don't use a gateway */
  RD_RDGATEWAY_USAGE_ALWAYS = 1,       /* always use it */
  RD_RDGATEWAY_USAGE_DETECT = 2,       /* use it when the computer cannot be reached directly */
  RD_RDGATEWAY_USAGE_DEFAULT = 3,      /* the settings the administrator's policy gives */
  RD_RDGATEWAY_USAGE_BYPASS_LOCAL = 4, /* don't use it, and bypass it for local addresses */
} RdRdGatewayUsage;

#define RD_RDGATEWAY_DEFAULT_PORT 443

/**
 * RdAppSecurity:
 *
 * The security a saved connection tells its app to use: Remmina's
 * "security" key, or a .rdp file without CredSSP. The diagnosis asks for
 * what the app would ask for.
 */
typedef enum
{
  RD_APP_SECURITY_NEGOTIATE,   /* not set: a modern client's choice */
  RD_APP_SECURITY_NLA,
  RD_APP_SECURITY_TLS,
  RD_APP_SECURITY_RDP,
  RD_APP_SECURITY_NLA_EXT,
} RdAppSecurity;

typedef struct _RdTarget RdTarget;

#define RD_TYPE_TARGET (rd_target_get_type ())

GType        rd_target_get_type            (void) G_GNUC_CONST;
GQuark       rd_target_error_quark         (void);

RdTarget    *rd_target_parse               (const char  *input,
                                            GError     **error);
RdTarget    *rd_target_new_from_file       (const char  *path,
                                            GError     **error);
gboolean     rd_target_read_file           (const char  *path,
                                            gsize        max_size,
                                            char       **data,
                                            gsize       *length,
                                            GError     **error);
RdTarget    *rd_target_new_from_file_data  (const char  *path,
                                            const char  *data,
                                            gsize        length,
                                            GError     **error);
RdTarget    *rd_target_new_from_rdp_data   (const char  *data,
                                            gsize        length,
                                            GError     **error);
gboolean     rd_target_parse_port          (const char  *text,
                                            guint16     *port,
                                            GError     **error);
RdTarget    *rd_target_copy_with_port      (const RdTarget *self,
                                            guint16      port);

RdTarget    *rd_target_ref                 (RdTarget    *self);
void         rd_target_unref               (RdTarget    *self);

const char  *rd_target_get_host            (const RdTarget *self);
const char  *rd_target_get_display_host    (const RdTarget *self);
guint16      rd_target_get_port            (const RdTarget *self);
gboolean     rd_target_get_port_explicit   (const RdTarget *self);
RdTargetKind rd_target_get_kind            (const RdTarget *self);
const char  *rd_target_get_source_file     (const RdTarget *self);
RdAppSecurity rd_target_get_app_security   (const RdTarget *self);
const char  *rd_target_get_app             (const RdTarget *self);
const char  *rd_app_security_to_string     (RdAppSecurity  security);
char        *rd_target_to_string           (const RdTarget *self);
guint        rd_target_get_n_notes         (const RdTarget *self);
const char  *rd_target_get_note            (const RdTarget *self,
                                            guint        index,
                                            gboolean    *warning);
char        *rd_target_redact_input        (const char  *text);

/* The Remote Desktop Gateway the connection names, if any. */
gboolean     rd_target_uses_rdgateway      (const RdTarget *self);
const char  *rd_target_get_rdgateway_host  (const RdTarget *self);
const char  *rd_target_get_rdgateway_display_host (const RdTarget *self);
guint16      rd_target_get_rdgateway_port  (const RdTarget *self);
RdTargetKind rd_target_get_rdgateway_kind  (const RdTarget *self);
RdRdGatewayUsage rd_target_get_rdgateway_usage (const RdTarget *self);
/* "gatewayprofileusagemethod" and "gatewaycredentialssource", -1 when not given. */
gint         rd_target_get_rdgateway_profile_usage (const RdTarget *self);
gint         rd_target_get_rdgateway_credentials_source (const RdTarget *self);
const char  *rd_rdgateway_usage_to_string  (RdRdGatewayUsage usage);

JsonNode    *rd_target_to_json             (const RdTarget *self);
RdTarget    *rd_target_new_from_json       (JsonNode    *node,
                                            GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTarget, rd_target_unref)

G_END_DECLS
