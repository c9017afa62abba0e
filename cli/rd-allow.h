/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-target.h"

G_BEGIN_DECLS

/* The longest query of a /probe request and the longest target in it. */
#define RD_PROBE_QUERY_MAX 2048
#define RD_PROBE_TARGET_MAX 300

#define RD_PROBE_QUERY_ERROR (rd_probe_query_error_quark ())

/* Why a /probe query names no computer to check; every one is a 400. The
 * messages never quote the query. */
typedef enum
{
  RD_PROBE_QUERY_ERROR_MISSING,    /* no target, or an empty one */
  RD_PROBE_QUERY_ERROR_SEVERAL,    /* target given more than once */
  RD_PROBE_QUERY_ERROR_TOO_LONG,
  RD_PROBE_QUERY_ERROR_ENCODING,   /* a %-escape other than %3A, %5B, %5D */
  RD_PROBE_QUERY_ERROR_USER_INFO,  /* user@host */
  RD_PROBE_QUERY_ERROR_PATH,       /* a "/": a path or a link */
  RD_PROBE_QUERY_ERROR_NOT_A_HOST,
} RdProbeQueryError;

GQuark       rd_probe_query_error_quark (void);

/* The computer a raw (still %-encoded) query string names in its one
 * "target" parameter, read with rd_target_parse(): a name or an address,
 * maybe with :PORT, nothing else. NULL with @error set. */
RdTarget    *rd_probe_query_parse       (const char  *raw_query,
                                         GError     **error);

/**
 * RdAllowList:
 *
 * Which computers the exporter may check: host globs ("*.corp.example",
 * "rdp?.lab") for names and CIDR ranges ("10.0.0.0/8", "[2001:db8::]/32")
 * for addresses, each with ":PORT" or ":*" (3389 without one).
 */
typedef struct _RdAllowList RdAllowList;

RdAllowList *rd_allow_list_new          (void);
void         rd_allow_list_free         (RdAllowList  *self);
/* Adds one --allow PATTERN; FALSE with @error (G_OPTION_ERROR) when it is
 * not one. */
gboolean     rd_allow_list_add          (RdAllowList  *self,
                                         const char   *pattern,
                                         GError      **error);
guint        rd_allow_list_get_size     (const RdAllowList *self);
/* Whether @target is allowed: a name by a glob only, an address by a
 * range only; a wildcard never stands for part of an international
 * ("xn--") label, so a look-alike name needs a pattern that spells it. */
gboolean     rd_allow_list_match        (const RdAllowList *self,
                                         const RdTarget    *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdAllowList, rd_allow_list_free)

G_END_DECLS
