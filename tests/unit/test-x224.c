/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "rd-x224.h"

static void
test_request_layout (void)
{
  g_autoptr(GByteArray) request = rd_x224_build_connection_request (NULL, RD_PROTOCOL_SSL | RD_PROTOCOL_HYBRID);
  static const guint8 expected[] = {
    0x03, 0x00, 0x00, 0x13,             /* TPKT, 19 bytes */
    0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00,
  };

  g_assert_cmpmem (request->data, request->len, expected, sizeof expected);
}

static void
test_request_cookie (void)
{
  g_autoptr(GByteArray) request = rd_x224_build_connection_request ("bad\r\nname", RD_PROTOCOL_RDP);
  const char *cookie = "Cookie: mstshash=bad__name\r\n";
  gsize total = 11 + strlen (cookie) + 8;

  g_assert_cmpuint (request->len, ==, total);
  g_assert_cmpuint (request->data[3], ==, total);
  g_assert_cmpuint (request->data[4], ==, total - 5);
  g_assert_cmpmem (request->data + 11, strlen (cookie), cookie, strlen (cookie));
  /* The request is at least 11 bytes, or servers drop it (MS-RDPBCGR 3.3.5.3.1). */
  g_assert_cmpuint (request->len, >=, 11);
}

static void
parse (const guint8 *data,
       gsize         length,
       RdConfirm    *confirm)
{
  /* Copy to a buffer of exactly that size so ASan sees any over-read. */
  g_autofree guint8 *copy = g_memdup2 (data, length);

  rd_x224_parse_connection_confirm (copy, length, confirm);
}

static void
test_confirm_response (void)
{
  static const guint8 data[] = {
    0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00,
    0x02, 0x1f, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00,
  };
  RdConfirm confirm;

  parse (data, sizeof data, &confirm);
  g_assert_cmpint (confirm.kind, ==, RD_CONFIRM_RESPONSE);
  g_assert_cmphex (confirm.selected_protocol, ==, RD_PROTOCOL_HYBRID);
  g_assert_cmphex (confirm.neg_flags, ==, 0x1f);

  /* Every prefix is incomplete, never anything else. */
  for (gsize i = 0; i < sizeof data; i++)
    {
      parse (data, i, &confirm);
      g_assert_cmpint (confirm.kind, ==, RD_CONFIRM_INCOMPLETE);
    }
}

static void
test_confirm_failure_codes (void)
{
  for (guint32 code = 1; code <= 6; code++)
    {
      guint8 data[] = {
        0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00,
        0x03, 0x00, 0x08, 0x00, code, 0x00, 0x00, 0x00,
      };
      RdConfirm confirm;

      parse (data, sizeof data, &confirm);
      g_assert_cmpint (confirm.kind, ==, RD_CONFIRM_FAILURE);
      g_assert_cmpuint (confirm.failure_code, ==, code);
      g_assert_cmpstr (rd_neg_failure_to_string (code), !=, "UNKNOWN");
    }
  g_assert_cmpstr (rd_neg_failure_to_string (3), ==, "SSL_CERT_NOT_ON_SERVER");
  g_assert_cmpstr (rd_neg_failure_to_string (99), ==, "UNKNOWN");
}

static void
test_confirm_legacy (void)
{
  static const guint8 data[] = { 0x03, 0x00, 0x00, 0x0b, 0x06, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00 };
  RdConfirm confirm;

  parse (data, sizeof data, &confirm);
  g_assert_cmpint (confirm.kind, ==, RD_CONFIRM_LEGACY);
}

static void
test_confirm_bad (void)
{
  static const struct {
    const char   *name;
    guint8        data[24];
    gsize         length;
    RdConfirmKind kind;
  } cases[] = {
    { "http", "HTTP/1.1 400 Bad", 16, RD_CONFIRM_NOT_TPKT },
    { "zero length", { 0x03, 0x00, 0x00, 0x00 }, 4, RD_CONFIRM_BAD_LENGTH },
    { "length 3", { 0x03, 0x00, 0x00, 0x03 }, 4, RD_CONFIRM_BAD_LENGTH },
    { "length 65535", { 0x03, 0x00, 0xff, 0xff, 0x00 }, 5, RD_CONFIRM_BAD_LENGTH },
    { "wrong LI", { 0x03, 0x00, 0x00, 0x0b, 0x07, 0xd0, 0, 0, 0, 0, 0 }, 11, RD_CONFIRM_MALFORMED },
    { "not a CC", { 0x03, 0x00, 0x00, 0x0b, 0x06, 0xe0, 0, 0, 0, 0, 0 }, 11, RD_CONFIRM_MALFORMED },
    { "odd size", { 0x03, 0x00, 0x00, 0x0c, 0x07, 0xd0, 0, 0, 0, 0, 0, 0 }, 12, RD_CONFIRM_MALFORMED },
    { "neg length", { 0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0, 0, 0, 0, 0, 0x02, 0, 0x09, 0, 1, 0, 0, 0 }, 19, RD_CONFIRM_MALFORMED },
    { "neg type", { 0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0, 0, 0, 0, 0, 0x07, 0, 0x08, 0, 1, 0, 0, 0 }, 19, RD_CONFIRM_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RdConfirm confirm;

      parse (cases[i].data, cases[i].length, &confirm);
      if (confirm.kind != cases[i].kind)
        g_error ("%s: got kind %d, expected %d", cases[i].name, confirm.kind, cases[i].kind);
      if (confirm.kind != RD_CONFIRM_INCOMPLETE)
        g_assert_nonnull (confirm.problem);
    }
}

/* MS-RDPBCGR 2.2.1.2.1: the flags a server sets beside its choice come
 * through as sent, and each has its name. */
static void
test_response_flags (void)
{
  static const struct
  {
    guint8      flags;
    guint32     protocol;
    const char *names;
  } cases[] = {
    { 0x00, RD_PROTOCOL_SSL, "none" },
    { 0x01, RD_PROTOCOL_SSL, "EXTENDED_CLIENT_DATA_SUPPORTED" },
    { 0x03, RD_PROTOCOL_HYBRID, "EXTENDED_CLIENT_DATA_SUPPORTED|DYNVC_GFX_PROTOCOL_SUPPORTED" },
    /* What Windows Server 2022 sends: all but Remote Credential Guard. */
    { 0x0f, RD_PROTOCOL_HYBRID_EX,
      "EXTENDED_CLIENT_DATA_SUPPORTED|DYNVC_GFX_PROTOCOL_SUPPORTED|NEGRSP_FLAG_RESERVED|"
      "RESTRICTED_ADMIN_MODE_SUPPORTED" },
    { 0x18, RD_PROTOCOL_HYBRID, "RESTRICTED_ADMIN_MODE_SUPPORTED|REDIRECTED_AUTHENTICATION_MODE_SUPPORTED" },
    { 0x1f, RD_PROTOCOL_HYBRID,
      "EXTENDED_CLIENT_DATA_SUPPORTED|DYNVC_GFX_PROTOCOL_SUPPORTED|NEGRSP_FLAG_RESERVED|"
      "RESTRICTED_ADMIN_MODE_SUPPORTED|REDIRECTED_AUTHENTICATION_MODE_SUPPORTED" },
    /* Bits the specification does not define stay visible. */
    { 0xe8, RD_PROTOCOL_HYBRID, "RESTRICTED_ADMIN_MODE_SUPPORTED|0xe0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 data[] = {
        0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00,
        0x02, cases[i].flags, 0x08, 0x00, cases[i].protocol & 0xff, 0x00, 0x00, 0x00,
      };
      g_autofree char *names = rd_neg_rsp_flags_to_string (cases[i].flags);
      RdConfirm confirm;

      parse (data, sizeof data, &confirm);
      g_assert_cmpint (confirm.kind, ==, RD_CONFIRM_RESPONSE);
      g_assert_cmphex (confirm.neg_flags, ==, cases[i].flags);
      g_assert_cmphex (confirm.selected_protocol, ==, cases[i].protocol);
      g_assert_cmpstr (names, ==, cases[i].names);
    }
  g_assert_cmphex (RD_NEG_RSP_RESTRICTED_ADMIN_MODE_SUPPORTED, ==, 0x08);
  g_assert_cmphex (RD_NEG_RSP_REDIRECTED_AUTHENTICATION_MODE_SUPPORTED, ==, 0x10);
}

static void
test_protocol_names (void)
{
  g_autofree char *none = rd_protocols_to_string (0);
  g_autofree char *full = rd_protocols_to_string (RD_PROTOCOL_SSL | RD_PROTOCOL_HYBRID | RD_PROTOCOL_HYBRID_EX);
  g_autofree char *odd = rd_protocols_to_string (RD_PROTOCOL_SSL | 0x100);

  g_assert_cmpstr (none, ==, "RDP");
  g_assert_cmpstr (full, ==, "SSL|HYBRID|HYBRID_EX");
  g_assert_cmpstr (odd, ==, "SSL|0x100");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x224/request/layout", test_request_layout);
  g_test_add_func ("/x224/request/cookie", test_request_cookie);
  g_test_add_func ("/x224/confirm/response", test_confirm_response);
  g_test_add_func ("/x224/confirm/failure-codes", test_confirm_failure_codes);
  g_test_add_func ("/x224/confirm/legacy", test_confirm_legacy);
  g_test_add_func ("/x224/confirm/bad", test_confirm_bad);
  g_test_add_func ("/x224/confirm/response-flags", test_response_flags);
  g_test_add_func ("/x224/protocol-names", test_protocol_names);

  return g_test_run ();
}
