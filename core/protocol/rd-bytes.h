/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Byte order helpers for the wire formats: RDP, NTLM and CredSSP are
 * little-endian, MS-RDPEUDP and TPKT big-endian. Callers check the length
 * first; these never do.
 */

static inline guint16
rd_get_u16_le (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
rd_get_u32_le (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint64
rd_get_u64_le (const guint8 *p)
{
  return (guint64) rd_get_u32_le (p) | ((guint64) rd_get_u32_le (p + 4) << 32);
}

static inline void
rd_put_u16_le (guint8  *p,
               guint16  value)
{
  p[0] = value & 0xff;
  p[1] = (value >> 8) & 0xff;
}

static inline void
rd_put_u32_le (guint8  *p,
               guint32  value)
{
  rd_put_u16_le (p, value & 0xffff);
  rd_put_u16_le (p + 2, value >> 16);
}

static inline guint16
rd_get_u16_be (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
rd_get_u32_be (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | (guint32) p[3];
}

static inline void
rd_put_u16_be (guint8  *p,
               guint16  value)
{
  p[0] = (value >> 8) & 0xff;
  p[1] = value & 0xff;
}

static inline void
rd_put_u32_be (guint8  *p,
               guint32  value)
{
  rd_put_u16_be (p, value >> 16);
  rd_put_u16_be (p + 2, value & 0xffff);
}

typedef struct
{
  guint32     flag;
  const char *name;
} RdFlagName;

/* "A|B|0x40" for the flags set, in table order, unknown bits in hex;
 * @none when no flag is set. */
char *rd_flags_to_string (guint32           flags,
                          const RdFlagName *names,
                          gsize             n_names,
                          const char       *none);

G_END_DECLS
