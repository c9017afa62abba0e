/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "rd-rdp-file.h"
#include "rd-target.h"
#include "rd-target-private.h"

typedef struct
{
  const char *input;
  const char *host;
  const char *display_host;
  guint16 port;
  gboolean port_explicit;
  RdTargetKind kind;
  const char *string;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "pc01", "pc01", "pc01", 3389, FALSE, RD_TARGET_KIND_NAME, "pc01:3389" },
  { "pc01.example.com", "pc01.example.com", "pc01.example.com", 3389, FALSE,
    RD_TARGET_KIND_NAME, "pc01.example.com:3389" },
  { "pc01.example.com:3390", "pc01.example.com", "pc01.example.com", 3390, TRUE,
    RD_TARGET_KIND_NAME, "pc01.example.com:3390" },
  { "  pc01.example.com \t\n", "pc01.example.com", "pc01.example.com", 3389, FALSE,
    RD_TARGET_KIND_NAME, "pc01.example.com:3389" },
  { "\u00A0pc01\u200B", "pc01", "pc01", 3389, FALSE, RD_TARGET_KIND_NAME, "pc01:3389" },
  { "pc01.example.com.", "pc01.example.com", "pc01.example.com", 3389, FALSE,
    RD_TARGET_KIND_NAME, "pc01.example.com:3389" },
  { "pc01.example.com.:443", "pc01.example.com", "pc01.example.com", 443, TRUE,
    RD_TARGET_KIND_NAME, "pc01.example.com:443" },
  { "WIN_SERVER-01", "WIN_SERVER-01", "WIN_SERVER-01", 3389, FALSE, RD_TARGET_KIND_NAME,
    "WIN_SERVER-01:3389" },
  { "pc01:1", "pc01", "pc01", 1, TRUE, RD_TARGET_KIND_NAME, "pc01:1" },
  { "pc01:65535", "pc01", "pc01", 65535, TRUE, RD_TARGET_KIND_NAME, "pc01:65535" },
  { "pc01:03389", "pc01", "pc01", 3389, TRUE, RD_TARGET_KIND_NAME, "pc01:3389" },
  { "192.0.2.10", "192.0.2.10", "192.0.2.10", 3389, FALSE, RD_TARGET_KIND_IPV4,
    "192.0.2.10:3389" },
  { "192.0.2.10:3390", "192.0.2.10", "192.0.2.10", 3390, TRUE, RD_TARGET_KIND_IPV4,
    "192.0.2.10:3390" },
  { "::1", "::1", "::1", 3389, FALSE, RD_TARGET_KIND_IPV6, "[::1]:3389" },
  { "fe80::1", "fe80::1", "fe80::1", 3389, FALSE, RD_TARGET_KIND_IPV6, "[fe80::1]:3389" },
  { "2001:DB8::1", "2001:db8::1", "2001:db8::1", 3389, FALSE, RD_TARGET_KIND_IPV6,
    "[2001:db8::1]:3389" },
  { "[2001:db8::1]", "2001:db8::1", "2001:db8::1", 3389, FALSE, RD_TARGET_KIND_IPV6,
    "[2001:db8::1]:3389" },
  { "[2001:db8::1]:3390", "2001:db8::1", "2001:db8::1", 3390, TRUE, RD_TARGET_KIND_IPV6,
    "[2001:db8::1]:3390" },
  { "::ffff:192.0.2.10", "::ffff:192.0.2.10", "::ffff:192.0.2.10", 3389, FALSE,
    RD_TARGET_KIND_IPV6, "[::ffff:192.0.2.10]:3389" },
  { "bücher.example", "xn--bcher-kva.example", "bücher.example", 3389, FALSE,
    RD_TARGET_KIND_NAME, "xn--bcher-kva.example:3389" },
  { "bücher.example:3390", "xn--bcher-kva.example", "bücher.example", 3390, TRUE,
    RD_TARGET_KIND_NAME, "xn--bcher-kva.example:3390" },
  { "xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example", 3389, FALSE,
    RD_TARGET_KIND_NAME, "xn--bcher-kva.example:3389" },
  { "rdp://pc01.example.com", "pc01.example.com", "pc01.example.com", 3389, FALSE,
    RD_TARGET_KIND_NAME, "pc01.example.com:3389" },
  { "RDP://pc01.example.com:3390/", "pc01.example.com", "pc01.example.com", 3390, TRUE,
    RD_TARGET_KIND_NAME, "pc01.example.com:3390" },
  { "rdp://[2001:db8::1]:3390", "2001:db8::1", "2001:db8::1", 3390, TRUE,
    RD_TARGET_KIND_IPV6, "[2001:db8::1]:3390" },
  { "rdp://full%20address=s:pc01.example.com:3390&username=s:alice", "pc01.example.com",
    "pc01.example.com", 3390, TRUE, RD_TARGET_KIND_NAME, "pc01.example.com:3390" },
  { "rdp://username=s:EXAMPLE%5Calice&full%20address=s:192.0.2.10&audiomode=i:2",
    "192.0.2.10", "192.0.2.10", 3389, FALSE, RD_TARGET_KIND_IPV4, "192.0.2.10:3389" },
  { "rdp://username=s:a%26b&full%20address=s:pc01&x", "pc01", "pc01", 3389, FALSE,
    RD_TARGET_KIND_NAME, "pc01:3389" },
  { "rdp://full address=s:pc01", "pc01", "pc01", 3389, FALSE, RD_TARGET_KIND_NAME,
    "pc01:3389" },
  { "rdp://full%20address=s:%5B2001:db8::1%5D:3390", "2001:db8::1", "2001:db8::1", 3390, TRUE,
    RD_TARGET_KIND_IPV6, "[2001:db8::1]:3390" },
  { "rdp://pc%30%31", "pc01", "pc01", 3389, FALSE, RD_TARGET_KIND_NAME, "pc01:3389" },
  /* A user name as a parameter of Microsoft's form is not in the address. */
  { "rdp://full%20address=s:pc01&username=s:alice@example.com", "pc01", "pc01", 3389, FALSE,
    RD_TARGET_KIND_NAME, "pc01:3389" },
};

static void
test_parse_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = NULL;
      g_autofree char *string = NULL;

      g_test_message ("input: %s", c->input);
      target = rd_target_parse (c->input, &error);
      g_assert_no_error (error);
      g_assert_nonnull (target);

      string = rd_target_to_string (target);
      g_assert_cmpstr (rd_target_get_input (target), ==, c->input);
      g_assert_cmpstr (rd_target_get_host (target), ==, c->host);
      g_assert_cmpstr (rd_target_get_display_host (target), ==, c->display_host);
      g_assert_cmpuint (rd_target_get_port (target), ==, c->port);
      g_assert_cmpint (rd_target_get_port_explicit (target), ==, c->port_explicit);
      g_assert_cmpint (rd_target_get_kind (target), ==, c->kind);
      g_assert_null (rd_target_get_source_file (target));
      g_assert_cmpstr (string, ==, c->string);
    }
}

typedef struct
{
  const char *input;
  RdTargetError code;
  const char *in_message;  /* a part the message must quote, or NULL */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", RD_TARGET_ERROR_EMPTY, NULL },
  { "   \t\r\n ", RD_TARGET_ERROR_EMPTY, NULL },
  { "\u00A0", RD_TARGET_ERROR_EMPTY, NULL },
  { "my pc", RD_TARGET_ERROR_SPACES, "my pc" },
  { "pc01\t.example.com", RD_TARGET_ERROR_SPACES, NULL },
  { "rdp://my%20pc", RD_TARGET_ERROR_SPACES, "my pc" },
  { "pc01:0", RD_TARGET_ERROR_BAD_PORT, "0" },
  { "pc01:65536", RD_TARGET_ERROR_BAD_PORT, "65536" },
  { "pc01:99999999999999999999999", RD_TARGET_ERROR_BAD_PORT, NULL },
  { "pc01:rdp", RD_TARGET_ERROR_BAD_PORT, "rdp" },
  { "pc01:", RD_TARGET_ERROR_BAD_PORT, NULL },
  { "pc01:-1", RD_TARGET_ERROR_BAD_PORT, "-1" },
  { "pc01:+1", RD_TARGET_ERROR_BAD_PORT, "+1" },
  { "pc01:0x10", RD_TARGET_ERROR_BAD_PORT, "0x10" },
  { "[::1]:", RD_TARGET_ERROR_BAD_PORT, NULL },
  { "[::1]:70000", RD_TARGET_ERROR_BAD_PORT, "70000" },
  { "[::1", RD_TARGET_ERROR_BAD_BRACKETS, "[::1" },
  { "::1]", RD_TARGET_ERROR_BAD_BRACKETS, NULL },
  { "[::1]x", RD_TARGET_ERROR_BAD_BRACKETS, "x" },
  { "[::1]]", RD_TARGET_ERROR_BAD_BRACKETS, NULL },
  { "[pc01]", RD_TARGET_ERROR_BAD_BRACKETS, "pc01" },
  { "[192.0.2.10]:3389", RD_TARGET_ERROR_BAD_BRACKETS, NULL },
  { "[]", RD_TARGET_ERROR_BAD_BRACKETS, NULL },
  { "pc[1]", RD_TARGET_ERROR_BAD_BRACKETS, NULL },
  { "a..b", RD_TARGET_ERROR_BAD_NAME, "a..b" },
  { ".example.com", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "pc01..", RD_TARGET_ERROR_BAD_NAME, NULL },
  { ".", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "-pc01", RD_TARGET_ERROR_BAD_NAME, "-pc01" },
  { "pc01-.example.com", RD_TARGET_ERROR_BAD_NAME, "pc01-" },
  { "alice@pc01", RD_TARGET_ERROR_USER_INFO, "“alice@pc01” has a user name" },
  { "alice:secret@pc01", RD_TARGET_ERROR_USER_INFO, "“alice:•••@pc01” has a user name and password" },
  { "[fe80::1%lo]:3389", RD_TARGET_ERROR_ZONE_ID, "“fe80::1%lo” has a zone id" },
  { "[fe80::1%lo]", RD_TARGET_ERROR_ZONE_ID, "zone id" },
  { "fe80::1%eth0", RD_TARGET_ERROR_ZONE_ID, "zone id" },
  { "rdp://[fe80::1%25lo]:3389", RD_TARGET_ERROR_ZONE_ID, "zone id" },
  { "[pc01%lo]", RD_TARGET_ERROR_BAD_BRACKETS, NULL },
  { "pc%01", RD_TARGET_ERROR_BAD_NAME, "%" },
  { "pc01/share", RD_TARGET_ERROR_BAD_NAME, "/" },
  { "\\\\pc01", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "pc\x01" "01", RD_TARGET_ERROR_BAD_NAME, "U+0001" },
  { "pc*01", RD_TARGET_ERROR_BAD_NAME, "*" },
  { "pc01=1", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "pc\xFF" "01", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "999.1.1.1", RD_TARGET_ERROR_BAD_NAME, "999.1.1.1" },
  { "10.1", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "3389", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "a:b:c", RD_TARGET_ERROR_BAD_NAME, "a:b:c" },
  { ":3389", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "xn--zz.example", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "xn--909998c", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "\uFE00", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "\u00AD.example", RD_TARGET_ERROR_BAD_NAME, NULL },
  { "http://pc01.example.com", RD_TARGET_ERROR_BAD_URI, "http://pc01.example.com" },
  { "rdp:/pc01", RD_TARGET_ERROR_BAD_URI, NULL },
  { "rdp://pc%zz", RD_TARGET_ERROR_BAD_URI, NULL },
  { "rdp://pc%00", RD_TARGET_ERROR_BAD_URI, NULL },
  { "rdp://pc%FF", RD_TARGET_ERROR_BAD_URI, NULL },
  { "rdp://pc01/path", RD_TARGET_ERROR_BAD_URI, NULL },
  { "rdp://pc01?x=1", RD_TARGET_ERROR_URI_NO_HOST, NULL },
  { "rdp://", RD_TARGET_ERROR_URI_NO_HOST, NULL },
  { "rdp:///", RD_TARGET_ERROR_URI_NO_HOST, NULL },
  { "rdp://username=s:alice", RD_TARGET_ERROR_URI_NO_HOST, NULL },
  { "rdp://full%20address=s:", RD_TARGET_ERROR_URI_NO_HOST, NULL },
  { "rdp://full%20address=i:pc01", RD_TARGET_ERROR_URI_NO_HOST, NULL },
  { "rdp://full%20address=s:pc01:0", RD_TARGET_ERROR_BAD_PORT, NULL },
  { "rdp://full%20address=s:pc01%26x=1", RD_TARGET_ERROR_BAD_NAME, "&" },
};

static void
check_message (const GError *error,
               const char   *in_message)
{
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 20);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_parse_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = NULL;
      g_autofree char *shown = g_strescape (c->input, NULL);

      g_test_message ("input: %s", shown);
      target = rd_target_parse (c->input, &error);
      g_assert_null (target);
      g_assert_error (error, RD_TARGET_ERROR, (gint) c->code);
      check_message (error, c->in_message);
    }
}

/* A password typed before the computer is never quoted back, whatever
 * form the input takes and whatever else is wrong with it. */
static void
test_user_info (void)
{
  static const struct
  {
    const char *input;
    RdTargetError code;
    const char *quoted;
  } cases[] = {
    { "alice:secret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "alice:secret@pc01.example.com:3390", RD_TARGET_ERROR_USER_INFO,
      "“alice:•••@pc01.example.com:3390”" },
    { "  alice:secret@host  ", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "alice:se:cret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "alice:sec@ret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "alice:sec ret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "alice:secret\x1b@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "alice:secret@", RD_TARGET_ERROR_USER_INFO, "“alice:•••@”" },
    { "rdp://alice:secret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "rdp://alice:secret@host:3390/", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host:3390”" },
    { "rdp://alice:se/cret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "rdp://alice:se=cret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "rdp://alice%3Asecret@host", RD_TARGET_ERROR_USER_INFO, "“alice:•••@host”" },
    { "rdp://full%20address=s:alice:secret@host", RD_TARGET_ERROR_USER_INFO,
      "“alice:•••@host”" },
    { "rdp://alice:secret%zz@host", RD_TARGET_ERROR_BAD_URI, "“rdp://alice:•••@host”" },
    { "rdp://alice%3asecret%zz@host", RD_TARGET_ERROR_BAD_URI, "“rdp://alice%3a•••@host”" },
    { "http://alice:secret@host", RD_TARGET_ERROR_BAD_URI, "“http://alice:•••@host”" },
    { "ssh://alice:secret@host/x", RD_TARGET_ERROR_BAD_URI, "“ssh://alice:•••@host/x”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = NULL;

      g_test_message ("input: %s", cases[i].input);
      target = rd_target_parse (cases[i].input, &error);
      g_assert_null (target);
      g_assert_error (error, RD_TARGET_ERROR, (gint) cases[i].code);
      check_message (error, cases[i].quoted);
      g_assert_null (strstr (error->message, "secret"));
      g_assert_null (strstr (error->message, "cret"));
    }

  {
    g_autofree char *plain = rd_target_redact_input ("pc01:3389");
    g_autofree char *user = rd_target_redact_input ("alice@pc01");
    g_autofree char *both = rd_target_redact_input ("alice:pw@pc01");
    g_autofree char *none = rd_target_redact_input (NULL);

    g_assert_cmpstr (plain, ==, "pc01:3389");
    g_assert_cmpstr (user, ==, "alice@pc01");
    g_assert_cmpstr (both, ==, "alice:•••@pc01");
    g_assert_cmpstr (none, ==, "");
  }
}

typedef struct
{
  const char *input;
  const char *host;
  gboolean warning;
  const char *in_note[3];  /* parts the note must have */
} NoteCase;

/* International names work, and say how they are looked up; one that could
 * pass for a Latin name says which letters are not what they seem. */
static void
test_name_notes (void)
{
  static const NoteCase cases[] = {
    { "mi\u0441rosoft.com", "xn--mirosoft-gch.com", TRUE,
      { "Cyrillic letter “\u0441” (U+0441), which looks like the Latin “c”",
        "xn--mirosoft-gch.com", NULL } },
    { "xn--mirosoft-gch.com", "xn--mirosoft-gch.com", TRUE, { "U+0441", NULL } },
    { "g\u03BF\u03BFgle.example:3390", "xn--ggle-0nda.example", TRUE,
      { "Greek letter “\u03BF” (U+03BF), which looks like the Latin “o”", NULL } },
    { "\u0441\u043E\u0441\u043E.example", "xn--n1aahb.example", TRUE,
      { "U+0441", "U+043E", NULL } },
    { "b\u0436x.example", "xn--bx-qlc.example", TRUE,
      { "the Cyrillic letter “\u0436” (U+0436)", NULL } },
    { "\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444", "xn--e1afmkfd.xn--p1ai", FALSE,
      { "international name", "xn--e1afmkfd.xn--p1ai", NULL } },
    { "\u0441\u043E\u0441\u043E.\u0440\u0444", "xn--n1aahb.xn--p1ai", FALSE,
      { "international name", NULL } },
    { "b\u00FCcher.example", "xn--bcher-kva.example", FALSE,
      { "“b\u00FCcher.example”", "“xn--bcher-kva.example”", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = rd_target_parse (cases[i].input, &error);
      g_autoptr(RdTarget) copy = NULL;
      gboolean warning = !cases[i].warning;
      const char *note;

      g_test_message ("input: %s", cases[i].input);
      g_assert_no_error (error);
      g_assert_cmpstr (rd_target_get_host (target), ==, cases[i].host);
      g_assert_cmpuint (rd_target_get_n_notes (target), ==, 1);
      note = rd_target_get_note (target, 0, &warning);
      g_test_message ("note: %s", note);
      g_assert_cmpint (warning, ==, cases[i].warning);
      for (guint j = 0; cases[i].in_note[j] != NULL; j++)
        g_assert_nonnull (strstr (note, cases[i].in_note[j]));

      copy = rd_target_copy_with_port (target, 3391);
      g_assert_cmpuint (rd_target_get_n_notes (copy), ==, 1);
      g_assert_cmpstr (rd_target_get_note (copy, 0, NULL), ==, note);
    }

  /* Plain names and addresses have nothing to say. */
  {
    static const char *plain[] = { "pc01.example.com", "192.0.2.10", "[2001:db8::1]:3390" };

    for (gsize i = 0; i < G_N_ELEMENTS (plain); i++)
      {
        g_autoptr(RdTarget) target = rd_target_parse (plain[i], NULL);

        g_assert_nonnull (target);
        g_assert_cmpuint (rd_target_get_n_notes (target), ==, 0);
      }
  }
}

static void
test_parse_null (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = rd_target_parse (NULL, &error);

  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "Enter the name or address of the computer you connect to.");
}

static void
test_lengths (void)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *unicode_label = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;

  /* 63 characters is the most a label may have. */
  target = rd_target_parse (label63, &error);
  g_assert_no_error (error);
  g_clear_pointer (&target, rd_target_unref);

  target = rd_target_parse (label64, &error);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_LABEL_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);

  /* 4 × 63 + 3 dots = 255; cut to 253 with a trailing dot allowed on top. */
  for (guint i = 0; i < 4; i++)
    {
      if (i > 0)
        g_string_append_c (name, '.');
      g_string_append (name, label63);
    }
  target = rd_target_parse (name->str, &error);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_NAME_TOO_LONG);
  g_clear_error (&error);

  g_string_truncate (name, 253);
  target = rd_target_parse (name->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (rd_target_get_host (target)), ==, 253);
  g_clear_pointer (&target, rd_target_unref);

  g_string_append_c (name, '.');
  target = rd_target_parse (name->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (rd_target_get_host (target)), ==, 253);
  g_clear_pointer (&target, rd_target_unref);

  g_string_truncate (name, 253);
  g_string_append (name, "a");
  target = rd_target_parse (name->str, &error);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_NAME_TOO_LONG);
  g_clear_error (&error);

  /* A Unicode label whose punycode form is too long. */
  unicode_label = g_strjoin (NULL, "ü", label63, NULL);
  target = rd_target_parse (unicode_label, &error);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_LABEL_TOO_LONG);
  g_clear_error (&error);
}

static void
test_long_input_quoted_short (void)
{
  g_autofree char *junk = g_strnfill (100000, '*');
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = rd_target_parse (junk, &error);

  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME);
  g_assert_cmpuint (strlen (error->message), <, 400);
}

static void
test_parse_port (void)
{
  static const char *good[] = { "1", "3389", "65535", "00080" };
  static const guint16 good_values[] = { 1, 3389, 65535, 80 };
  static const char *bad[] = { "", "0", "65536", "-1", "+1", " 1", "1 ", "12a", "0x10",
                               "1e3", "٣٣٨٩", "99999999999999999999" };
  guint16 port = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (rd_target_parse_port (good[i], &port, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (port, ==, good_values[i]);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      port = 7;
      g_assert_false (rd_target_parse_port (bad[i], &port, &error));
      g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_PORT);
      g_assert_cmpuint (port, ==, 7);
    }

  g_assert_false (rd_target_parse_port (NULL, NULL, NULL));
  g_assert_true (rd_target_parse_port ("22", NULL, NULL));
}

static RdTarget *
from_rdp_text (const char  *text,
               GError     **error)
{
  return rd_target_new_from_rdp_data (text, strlen (text), error);
}

static void
test_rdp_data (void)
{
  static const guint8 utf16[] = {
    0xFF, 0xFE,
    'f', 0, 'u', 0, 'l', 0, 'l', 0, ' ', 0, 'a', 0, 'd', 0, 'd', 0, 'r', 0, 'e', 0, 's', 0,
    's', 0, ':', 0, 's', 0, ':', 0, 'p', 0, 'c', 0, '0', 0, '1', 0, '\r', 0, '\n', 0,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;

  target = from_rdp_text ("screen mode id:i:2\r\nfull address:s:pc01.example.com\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc01.example.com");
  g_assert_cmpuint (rd_target_get_port (target), ==, 3389);
  g_assert_false (rd_target_get_port_explicit (target));
  g_assert_null (rd_target_get_source_file (target));
  g_clear_pointer (&target, rd_target_unref);

  /* The port in the address wins over "server port". */
  target = from_rdp_text ("server port:i:4000\nfull address:s:pc01:3390\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_clear_pointer (&target, rd_target_unref);

  target = from_rdp_text ("full address:s:pc01\nserver port:i:4000\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_target_get_port (target), ==, 4000);
  g_assert_true (rd_target_get_port_explicit (target));
  g_clear_pointer (&target, rd_target_unref);

  target = from_rdp_text ("full address:s:[2001:db8::1]:3390\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_target_get_kind (target), ==, RD_TARGET_KIND_IPV6);
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_clear_pointer (&target, rd_target_unref);

  target = rd_target_new_from_rdp_data ((const char *) utf16, sizeof utf16, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc01");
  g_clear_pointer (&target, rd_target_unref);

  /* Lines ended by CR alone, as old Macs write them. */
  target = from_rdp_text ("screen mode id:i:2\rfull address:s:pc01\rserver port:i:3390\r", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc01");
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_clear_pointer (&target, rd_target_unref);

  /* The same setting twice with the same value is no conflict; a second
   * "server port" does not matter when the address has its port. */
  target = from_rdp_text ("full address:s:\nfull address:s:pc01\nFull Address:s: PC01 \n"
                          "server port:i:3390\nserver port:i:3390\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_clear_pointer (&target, rd_target_unref);

  target = from_rdp_text ("full address:s:pc01:4000\nserver port:i:3390\nserver port:i:3391\n",
                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_target_get_port (target), ==, 4000);
}

/* Two lines of one setting that disagree: refused, naming both. */
static void
test_rdp_data_conflicts (void)
{
  static const struct
  {
    const char *text;
    const char *in_message[3];
  } cases[] = {
    { "full address:s:pc01\r\nscreen mode id:i:2\r\nfull address:s:pc02\r\n",
      { "two “full address” lines", "“pc01” and “pc02”", NULL } },
    { "full address:s:pc01\nfull address:s:pc01\nfull address:s:192.0.2.10\n",
      { "“pc01” and “192.0.2.10”", NULL } },
    { "full address:s:pc01\nserver port:i:3390\nserver port:i:3391\n",
      { "two “server port” lines", "“3390” and “3391”", NULL } },
    { "full address:s:alice:secret@pc01\nfull address:s:pc02\n",
      { "“alice:•••@pc01” and “pc02”", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = from_rdp_text (cases[i].text, &error);

      g_assert_null (target);
      g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_CONFLICT);
      for (guint j = 0; cases[i].in_message[j] != NULL; j++)
        check_message (error, cases[i].in_message[j]);
      g_assert_null (strstr (error->message, "secret"));
    }
}

typedef struct
{
  const char *text;
  RdTargetError code;
} RdpErrorCase;

static void
test_rdp_data_errors (void)
{
  static const RdpErrorCase cases[] = {
    { "", RD_TARGET_ERROR_FILE_NO_ADDRESS },
    { "screen mode id:i:2\n", RD_TARGET_ERROR_FILE_NO_ADDRESS },
    { "full address:s:\n", RD_TARGET_ERROR_FILE_NO_ADDRESS },
    { "full address:s:   \n", RD_TARGET_ERROR_FILE_NO_ADDRESS },
    { "full address pc01\n", RD_TARGET_ERROR_FILE_NO_ADDRESS },
    { "full address:s:b\xFC" "cher\n", RD_TARGET_ERROR_FILE_INVALID },
    { "full address:s:a..b\n", RD_TARGET_ERROR_BAD_NAME },
    { "full address:s:pc01:0\n", RD_TARGET_ERROR_BAD_PORT },
    { "full address:s:pc01\nserver port:i:0\n", RD_TARGET_ERROR_BAD_PORT },
    { "full address:s:pc01\nserver port:i:70000\n", RD_TARGET_ERROR_BAD_PORT },
    { "full address:s:pc01\nserver port:i:abc\n", RD_TARGET_ERROR_BAD_PORT },
    { "full address:s:rdp://pc01\n", RD_TARGET_ERROR_BAD_URI },
  };
  static const guint8 binary[] = { 'f', 0, 0xFF, 0x00, 0x13 };
  static const guint8 odd_utf16[] = { 0xFF, 0xFE, 'a' };
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTarget) target = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("data: %s", shown);
      target = from_rdp_text (cases[i].text, &error);
      g_assert_null (target);
      g_assert_error (error, RD_TARGET_ERROR, (gint) cases[i].code);
      check_message (error, NULL);
      g_clear_error (&error);
    }

  target = rd_target_new_from_rdp_data ((const char *) binary, sizeof binary, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID);
  g_clear_error (&error);

  target = rd_target_new_from_rdp_data ((const char *) odd_utf16, sizeof odd_utf16, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID);
  g_clear_error (&error);

  target = rd_target_new_from_rdp_data (NULL, 0, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  {
    static const guint8 bom_only[] = { 0xFF, 0xFE };
    static const guint8 big_endian[] = { 0xFE, 0xFF, 0, 'f', 0, 'u' };

    target = rd_target_new_from_rdp_data ((const char *) bom_only, sizeof bom_only, &error);
    g_assert_null (target);
    g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS);
    g_assert_nonnull (strstr (error->message, "empty"));
    g_clear_error (&error);

    target = rd_target_new_from_rdp_data ((const char *) big_endian, sizeof big_endian, &error);
    g_assert_null (target);
    g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID);
    g_assert_nonnull (strstr (error->message, "big-endian"));
    g_clear_error (&error);
  }

  /* A line that is there but empty is not the same as no line. */
  target = from_rdp_text ("full address:s:\r\n", &error);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS);
  g_assert_nonnull (strstr (error->message, "is empty"));
}

typedef struct
{
  const char *text;
  RdTargetError code;   /* or -1 for a valid profile */
  const char *host;     /* of a valid profile; for an error, a word of the message */
  guint16 port;
} RemminaCase;

static void
test_remmina_data (void)
{
  static const RemminaCase cases[] = {
    { "[remmina]\nprotocol=RDP\nserver=pc01.example.com\n", -1, "pc01.example.com", 3389 },
    { "[remmina]\nname=Work\nprotocol=RDP\nserver=192.0.2.10:3390\nusername=alice\n",
      -1, "192.0.2.10", 3390 },
    { "# written by Remmina\n[remmina]\nprotocol=rdp\nserver=[2001:db8::1]:3391\n",
      -1, "2001:db8::1", 3391 },
    { "\xEF\xBB\xBF[remmina]\nserver=pc01\n", -1, "pc01", 3389 },
    { "", RD_TARGET_ERROR_FILE_NO_ADDRESS, "empty" },
    { "\xEF\xBB\xBF \r\n\n", RD_TARGET_ERROR_FILE_NO_ADDRESS, "empty" },
    { "# only a comment\n", RD_TARGET_ERROR_FILE_INVALID, "[remmina]" },
    { "hello\n", RD_TARGET_ERROR_FILE_INVALID, "name=value" },
    { "[other]\nserver=pc01\n", RD_TARGET_ERROR_FILE_INVALID, "[remmina]" },
    { "[remmina]\nprotocol=VNC\nserver=pc01\n", RD_TARGET_ERROR_FILE_INVALID, "VNC" },
    { "[remmina]\nprotocol=RDP\n", RD_TARGET_ERROR_FILE_NO_ADDRESS, "server" },
    { "[remmina]\nprotocol=RDP\nserver=\n", RD_TARGET_ERROR_FILE_NO_ADDRESS, "server" },
    { "[remmina]\nprotocol=RDP\nserver=   \n", RD_TARGET_ERROR_FILE_NO_ADDRESS, "server" },
    { "[remmina]\nprotocol=RDP\nserver=pc01:70000\n", RD_TARGET_ERROR_BAD_PORT, "70000" },
    { "[remmina]\nprotocol=RDP\nserver=a..b\n", RD_TARGET_ERROR_BAD_NAME, "a..b" },
    { "[remmina]\nprotocol=RDP\nserver=pc\\x01\n", RD_TARGET_ERROR_BAD_NAME, "\\" },
    { "[remmina]\nprotocol=RDP\nserver=b\xFC" "cher\n", RD_TARGET_ERROR_FILE_INVALID, "UTF-8" },
    { "[remmina]\nprotocol=RDP\nserver=pc\x01" "01\n", RD_TARGET_ERROR_BAD_NAME, "U+0001" },
  };
  static const char with_nul[] = "[remmina]\nprotocol=RDP\nserver=pc\0" "01\n";

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].text, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = NULL;

      g_test_message ("profile: %s", shown);
      target = rd_target_new_from_remmina_data (cases[i].text, strlen (cases[i].text), &error);
      if ((gint) cases[i].code == -1)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (rd_target_get_host (target), ==, cases[i].host);
          g_assert_cmpuint (rd_target_get_port (target), ==, cases[i].port);
        }
      else
        {
          g_assert_null (target);
          g_assert_error (error, RD_TARGET_ERROR, (gint) cases[i].code);
          check_message (error, NULL);
          g_assert_nonnull (strstr (error->message, cases[i].host));
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdTarget) target = NULL;

    target = rd_target_new_from_remmina_data (with_nul, sizeof with_nul - 1, &error);
    g_assert_null (target);
    g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID);
    g_assert_nonnull (strstr (error->message, "not a text file"));
  }
}

static char *
write_temp (const char  *dir,
            const char  *name,
            const char  *data,
            gssize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-target-XXXXXX", &error);
  g_autofree char *good = NULL;
  g_autofree char *no_address = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *large = NULL;
  g_autofree char *big_data = NULL;
  g_autoptr(RdTarget) target = NULL;
  gsize big_length = RD_RDP_FILE_MAX_SIZE + 1;

  g_assert_no_error (error);

  good = write_temp (dir, "good.rdp", "full address:s:pc01.example.com:3390\r\n", -1);
  target = rd_target_new_from_file (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_source_file (target), ==, good);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc01.example.com");
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_clear_pointer (&target, rd_target_unref);

  no_address = write_temp (dir, "no-address.rdp", "username:s:alice\r\n", -1);
  target = rd_target_new_from_file (no_address, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_NO_ADDRESS);
  g_assert_nonnull (strstr (error->message, "no-address.rdp"));
  g_clear_error (&error);

  missing = g_build_filename (dir, "missing.rdp", NULL);
  target = rd_target_new_from_file (missing, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  target = rd_target_new_from_file (dir, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  /* A device that never ends must not be read. */
  target = rd_target_new_from_file ("/dev/zero", &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE);
  g_clear_error (&error);

  big_data = g_strnfill (big_length, '\n');
  large = write_temp (dir, "large.rdp", big_data, big_length);
  target = rd_target_new_from_file (large, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID);
  g_clear_error (&error);

  g_assert_no_errno (g_unlink (good));
  g_assert_no_errno (g_unlink (no_address));
  g_assert_no_errno (g_unlink (large));
  g_assert_no_errno (g_rmdir (dir));
}

/* Files that are not files: none may be read, none may block. */
static void
test_file_special (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-target-XXXXXX", &error);
  g_autofree char *fifo = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *remmina = NULL;
  g_autofree char *sniffed = NULL;
  g_autofree char *vnc = NULL;
  g_autoptr(RdTarget) target = NULL;

  g_assert_no_error (error);

  /* Opening a pipe without a writer would wait for one forever. */
  fifo = g_build_filename (dir, "pipe.rdp", NULL);
  g_assert_no_errno (mkfifo (fifo, 0600));
  target = rd_target_new_from_file (fifo, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_clear_error (&error);

  zero = g_build_filename (dir, "zero.rdp", NULL);
  g_assert_no_errno (symlink ("/dev/zero", zero));
  target = rd_target_new_from_file (zero, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "device"));
  g_clear_error (&error);

  remmina = write_temp (dir, "work.remmina", "[remmina]\nprotocol=RDP\nserver=pc01:3390\n", -1);
  target = rd_target_new_from_file (remmina, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc01");
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_assert_cmpstr (rd_target_get_source_file (target), ==, remmina);
  g_clear_pointer (&target, rd_target_unref);

  /* Known by its contents when the name does not tell. */
  sniffed = write_temp (dir, "work.profile", "[remmina]\nserver=pc02\n", -1);
  target = rd_target_new_from_file (sniffed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc02");
  g_clear_pointer (&target, rd_target_unref);

  vnc = write_temp (dir, "vnc.remmina", "[remmina]\nprotocol=VNC\nserver=pc01\n", -1);
  target = rd_target_new_from_file (vnc, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_INVALID);
  g_assert_nonnull (strstr (error->message, "vnc.remmina"));
  g_assert_nonnull (strstr (error->message, "VNC"));
  g_clear_error (&error);

  g_assert_no_errno (g_unlink (fifo));
  g_assert_no_errno (g_unlink (zero));
  g_assert_no_errno (g_unlink (remmina));
  g_assert_no_errno (g_unlink (sniffed));
  g_assert_no_errno (g_unlink (vnc));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_file_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RdTarget) target = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root reads files without read permission");
      return;
    }

  dir = g_dir_make_tmp ("rd-target-XXXXXX", &error);
  g_assert_no_error (error);
  path = write_temp (dir, "secret.rdp", "full address:s:pc01\n", -1);
  g_assert_no_errno (g_chmod (path, 0));

  target = rd_target_new_from_file (path, &error);
  g_assert_null (target);
  g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, g_strerror (EACCES)));

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_copy_with_port (void)
{
  g_autoptr(RdTarget) target = rd_target_parse ("bücher.example", NULL);
  g_autoptr(RdTarget) copy = rd_target_copy_with_port (target, 3390);

  g_assert_true (copy != target);
  g_assert_cmpuint (rd_target_get_port (target), ==, 3389);
  g_assert_false (rd_target_get_port_explicit (target));
  g_assert_cmpuint (rd_target_get_port (copy), ==, 3390);
  g_assert_true (rd_target_get_port_explicit (copy));
  g_assert_cmpstr (rd_target_get_host (copy), ==, rd_target_get_host (target));
  g_assert_cmpstr (rd_target_get_display_host (copy), ==, "bücher.example");
  g_assert_cmpstr (rd_target_get_input (copy), ==, "bücher.example");
  g_assert_cmpint (rd_target_get_kind (copy), ==, RD_TARGET_KIND_NAME);
}

static void
test_boxed (void)
{
  g_autoptr(RdTarget) target = rd_target_parse ("pc01", NULL);
  RdTarget *copy;

  g_assert_true (G_TYPE_IS_BOXED (RD_TYPE_TARGET));
  copy = g_boxed_copy (RD_TYPE_TARGET, target);
  g_assert_true (copy == target);
  g_boxed_free (RD_TYPE_TARGET, copy);

  g_assert_true (rd_target_ref (target) == target);
  rd_target_unref (target);
  rd_target_unref (NULL);
  g_assert_cmpstr (rd_target_get_host (target), ==, "pc01");
}

static char *
json_to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
test_json_round_trip (void)
{
  static const char *inputs[] = {
    "pc01", "bücher.example:3390", "192.0.2.10", "[2001:db8::1]:3390", "rdp://pc01:4000",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = rd_target_parse (inputs[i], &error);
      g_autoptr(RdTarget) back = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;

      g_assert_no_error (error);
      node = rd_target_to_json (target);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_false (json_object_has_member (json_node_get_object (node), "source_file"));

      back = rd_target_new_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rd_target_get_input (back), ==, rd_target_get_input (target));
      g_assert_cmpstr (rd_target_get_host (back), ==, rd_target_get_host (target));
      g_assert_cmpstr (rd_target_get_display_host (back), ==,
                       rd_target_get_display_host (target));
      g_assert_cmpuint (rd_target_get_port (back), ==, rd_target_get_port (target));
      g_assert_cmpint (rd_target_get_port_explicit (back), ==,
                       rd_target_get_port_explicit (target));
      g_assert_cmpint (rd_target_get_kind (back), ==, rd_target_get_kind (target));

      again = rd_target_to_json (back);
      text = json_to_text (node);
      text_again = json_to_text (again);
      g_assert_cmpstr (text, ==, text_again);
    }
}

static void
test_json_fields (void)
{
  g_autoptr(RdTarget) target = from_rdp_text ("full address:s:[::1]\n", NULL);
  g_autoptr(RdTarget) with_file = NULL;
  g_autoptr(RdTarget) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-target-XXXXXX", NULL);
  g_autofree char *path = write_temp (dir, "v6.rdp", "full address:s:[::1]\n", -1);
  JsonObject *object;

  node = rd_target_to_json (target);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "input"), ==, "[::1]");
  g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, "::1");
  g_assert_cmpstr (json_object_get_string_member (object, "display_host"), ==, "::1");
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==, 3389);
  g_assert_false (json_object_get_boolean_member (object, "port_explicit"));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "ipv6");
  g_clear_pointer (&node, json_node_unref);

  with_file = rd_target_new_from_file (path, &error);
  g_assert_no_error (error);
  node = rd_target_to_json (with_file);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "source_file"), ==, path);
  back = rd_target_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_source_file (back), ==, path);

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_json_invalid (void)
{
  static const char *documents[] = {
    "null",
    "[]",
    "\"pc01\"",
    "42",
    "{}",
    "{\"host\": 42, \"port\": 3389}",
    "{\"host\": null, \"port\": 3389}",
    "{\"host\": \"\", \"port\": 3389}",
    "{\"host\": [\"pc01\"], \"port\": 3389}",
    "{\"host\": \"pc01\"}",
    "{\"host\": \"pc01\", \"port\": \"3389\"}",
    "{\"host\": \"pc01\", \"port\": 3389.5}",
    "{\"host\": \"pc01\", \"port\": 0}",
    "{\"host\": \"pc01\", \"port\": 65536}",
    "{\"host\": \"pc01\", \"port\": -1}",
    "{\"host\": \"pc01\", \"port\": {}}",
    "{\"host\": \"a..b\", \"port\": 3389}",
    "{\"host\": \"pc 01\", \"port\": 3389}",
    "{\"host\": \"pc01:3390\", \"port\": 3389}",
    "{\"host\": \"[::1]\", \"port\": 3389}",
    "{\"host\": \"alice@pc01\", \"port\": 3389}",
    "{\"host\": \"pc01\", \"port\": 3389, \"kind\": \"ipv4\"}",
    "{\"host\": \"::1\", \"port\": 3389, \"kind\": \"name\"}",
    "{\"host\": \"pc01\", \"port\": 3389, \"port_explicit\": \"yes\"}",
    "{\"host\": \"pc01\", \"port\": 3389, \"source_file\": 7}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (documents[i], &error);
      g_autoptr(RdTarget) target = NULL;

      g_test_message ("json: %s", documents[i]);
      g_assert_no_error (error);
      target = rd_target_new_from_json (node, &error);
      g_assert_null (target);
      g_assert_nonnull (error);
      g_assert_true (error->domain == RD_TARGET_ERROR);
      check_message (error, NULL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdTarget) target = rd_target_new_from_json (NULL, &error);

    g_assert_null (target);
    g_assert_error (error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME);
  }
}

/* Notes go into the report as they were shown, and come back as they were
 * saved (in the language of the person who saw them). */
static void
test_json_notes (void)
{
  g_autoptr(RdTarget) target = rd_target_parse ("mi\u0441rosoft.com", NULL);
  g_autoptr(JsonNode) node = rd_target_to_json (target);
  g_autoptr(RdTarget) back = NULL;
  g_autoptr(RdTarget) saved = NULL;
  g_autoptr(JsonNode) saved_node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *notes;
  gboolean warning = FALSE;
  static const char *invalid[] = {
    "{\"host\": \"pc01\", \"port\": 3389, \"notes\": 5}",
    "{\"host\": \"pc01\", \"port\": 3389, \"notes\": [5]}",
    "{\"host\": \"pc01\", \"port\": 3389, \"notes\": [{\"text\": \"x\"}]}",
    "{\"host\": \"pc01\", \"port\": 3389, \"notes\": [{\"level\": \"info\"}]}",
    "{\"host\": \"pc01\", \"port\": 3389, \"notes\": [{\"level\": \"loud\", \"text\": \"x\"}]}",
    "{\"host\": \"pc01\", \"port\": 3389, \"notes\": [{},{},{},{},{},{},{},{},{}]}",
  };

  notes = json_object_get_array_member (json_node_get_object (node), "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 0), "level"),
                   ==, "warning");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (notes, 0),
                                                           "text"), "U+0441"));

  back = rd_target_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_target_get_n_notes (back), ==, 1);
  g_assert_cmpstr (rd_target_get_note (back, 0, &warning), ==, rd_target_get_note (target, 0, NULL));
  g_assert_true (warning);

  saved_node = json_from_string ("{\"host\": \"xn--mirosoft-gch.com\", \"port\": 3389, "
                                 "\"notes\": [{\"level\": \"info\", \"text\": \"Saved.\"}]}",
                                 &error);
  g_assert_no_error (error);
  saved = rd_target_new_from_json (saved_node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_target_get_n_notes (saved), ==, 1);
  g_assert_cmpstr (rd_target_get_note (saved, 0, &warning), ==, "Saved.");
  g_assert_false (warning);

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(JsonNode) bad = json_from_string (invalid[i], NULL);
      g_autoptr(RdTarget) none = NULL;
      g_autoptr(GError) bad_error = NULL;

      g_test_message ("json: %s", invalid[i]);
      none = rd_target_new_from_json (bad, &bad_error);
      g_assert_null (none);
      g_assert_error (bad_error, RD_TARGET_ERROR, RD_TARGET_ERROR_BAD_NAME);
    }
}

static void
test_json_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("{\"host\": \"xn--bcher-kva.example\", "
                                               "\"port\": 3390, \"source_file\": null, "
                                               "\"input\": 5}", &error);
  g_autoptr(RdTarget) target = NULL;

  g_assert_no_error (error);
  target = rd_target_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_target_get_host (target), ==, "xn--bcher-kva.example");
  g_assert_cmpstr (rd_target_get_display_host (target), ==, "bücher.example");
  g_assert_cmpuint (rd_target_get_port (target), ==, 3390);
  g_assert_false (rd_target_get_port_explicit (target));
  g_assert_cmpstr (rd_target_get_input (target), ==, "xn--bcher-kva.example");
  g_assert_null (rd_target_get_source_file (target));
}

/* What a saved connection tells its app to use, read, kept and saved. */
static void
test_app_security (void)
{
  static const struct
  {
    const char    *text;
    gboolean       remmina;
    RdAppSecurity  expected;
  } cases[] = {
    { "[remmina]\nprotocol=RDP\nserver=pc01\n", TRUE, RD_APP_SECURITY_NEGOTIATE },
    { "[remmina]\nprotocol=RDP\nserver=pc01\nsecurity=\n", TRUE, RD_APP_SECURITY_NEGOTIATE },
    { "[remmina]\nprotocol=RDP\nserver=pc01\nsecurity=nla\n", TRUE, RD_APP_SECURITY_NLA },
    { "[remmina]\nprotocol=RDP\nserver=pc01\nsecurity= TLS \n", TRUE, RD_APP_SECURITY_TLS },
    { "[remmina]\nprotocol=RDP\nserver=pc01\nsecurity=rdp\n", TRUE, RD_APP_SECURITY_RDP },
    { "[remmina]\nprotocol=RDP\nserver=pc01\nsecurity=ext\n", TRUE, RD_APP_SECURITY_NLA_EXT },
    { "[remmina]\nprotocol=RDP\nserver=pc01\nsecurity=something\n", TRUE, RD_APP_SECURITY_NEGOTIATE },
    { "full address:s:pc01\r\n", FALSE, RD_APP_SECURITY_NEGOTIATE },
    { "full address:s:pc01\r\nenablecredsspsupport:i:1\r\n", FALSE, RD_APP_SECURITY_NEGOTIATE },
    { "full address:s:pc01\r\nenablecredsspsupport:i:0\r\n", FALSE, RD_APP_SECURITY_TLS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdTarget) target = NULL;
      g_autoptr(RdTarget) back = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_test_message ("case %u", i);
      target = cases[i].remmina ? rd_target_new_from_remmina_data (cases[i].text, strlen (cases[i].text), &error)
                                : rd_target_new_from_rdp_data (cases[i].text, strlen (cases[i].text), &error);
      g_assert_no_error (error);
      g_assert_cmpint (rd_target_get_app_security (target), ==, cases[i].expected);

      node = rd_target_to_json (target);
      back = rd_target_new_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rd_target_get_app_security (back), ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/target/app-security", test_app_security);
  g_test_add_func ("/target/parse/valid", test_parse_valid);
  g_test_add_func ("/target/parse/invalid", test_parse_invalid);
  g_test_add_func ("/target/parse/null", test_parse_null);
  g_test_add_func ("/target/parse/user-info", test_user_info);
  g_test_add_func ("/target/parse/name-notes", test_name_notes);
  g_test_add_func ("/target/parse/lengths", test_lengths);
  g_test_add_func ("/target/parse/long-input-quoted-short", test_long_input_quoted_short);
  g_test_add_func ("/target/parse-port", test_parse_port);
  g_test_add_func ("/target/rdp-data", test_rdp_data);
  g_test_add_func ("/target/rdp-data-errors", test_rdp_data_errors);
  g_test_add_func ("/target/rdp-data-conflicts", test_rdp_data_conflicts);
  g_test_add_func ("/target/remmina-data", test_remmina_data);
  g_test_add_func ("/target/file", test_file);
  g_test_add_func ("/target/file-special", test_file_special);
  g_test_add_func ("/target/file-unreadable", test_file_unreadable);
  g_test_add_func ("/target/copy-with-port", test_copy_with_port);
  g_test_add_func ("/target/boxed", test_boxed);
  g_test_add_func ("/target/json/round-trip", test_json_round_trip);
  g_test_add_func ("/target/json/fields", test_json_fields);
  g_test_add_func ("/target/json/invalid", test_json_invalid);
  g_test_add_func ("/target/json/minimal", test_json_minimal);
  g_test_add_func ("/target/json/notes", test_json_notes);

  return g_test_run ();
}
