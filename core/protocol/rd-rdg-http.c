/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-rdg-http.h"

#include <string.h>

/* Longest reason phrase or Server value kept, in bytes. */
#define MAX_TEXT 256

/**
 * rd_rdg_http_new_connection_id:
 *
 * The RDG-Connection-Id of MS-TSGU 2.2.3.2.1: a GUID in curly braces.
 *
 * Returns: (transfer full): a new random identifier
 */
char *
rd_rdg_http_new_connection_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *upper = g_ascii_strup (uuid, -1);

  return g_strdup_printf ("{%s}", upper);
}

/**
 * rd_rdg_http_build_request:
 * @host: the gateway's name or address as the connection names it
 * @port: its port; the Host header names it unless it is 443
 * @connection_id: from rd_rdg_http_new_connection_id()
 * @authorization: (nullable): an Authorization value, "NTLM <base64>"
 *
 * The request that opens the OUT channel as Windows' client does (MS-TSGU
 * 4.2.1): method RDG_OUT_DATA on /remoteDesktopGateway/, HTTP/1.1, caching
 * disallowed, accept type "*" "/" "*", no body.
 *
 * Returns: (transfer full): the bytes to send
 */
/* "Host: name[:port]" with its line end; the port only when it is not 443. */
static void
append_host (GString    *text,
             const char *host,
             guint16     port)
{
  gboolean ipv6 = strchr (host, ':') != NULL;

  g_string_append_printf (text, "Host: %s%s%s", ipv6 ? "[" : "", host, ipv6 ? "]" : "");
  if (port != 443)
    g_string_append_printf (text, ":%u", (guint) port);
  g_string_append (text, "\r\n");
}

static GByteArray *
string_to_bytes (GString *text)
{
  gsize length = text->len;

  return g_byte_array_new_take ((guint8 *) g_string_free (text, FALSE), length);
}

GByteArray *
rd_rdg_http_build_request (const char *host,
                           guint16     port,
                           const char *connection_id,
                           const char *authorization)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (host != NULL && strpbrk (host, "\r\n") == NULL, NULL);
  g_return_val_if_fail (connection_id != NULL && strpbrk (connection_id, "\r\n") == NULL, NULL);
  g_return_val_if_fail (authorization == NULL || strpbrk (authorization, "\r\n") == NULL, NULL);

  g_string_append (text, "RDG_OUT_DATA " RD_RDG_HTTP_PATH " HTTP/1.1\r\n");
  append_host (text, host, port);
  g_string_append (text, "Accept: */*\r\n"
                         "Cache-Control: no-cache\r\n"
                         "Pragma: no-cache\r\n"
                         "Connection: Keep-Alive\r\n"
                         "User-Agent: MS-RDGateway/1.0\r\n");
  g_string_append_printf (text, "RDG-Connection-Id: %s\r\n", connection_id);
  g_string_append (text, "Content-Length: 0\r\n");
  if (authorization != NULL)
    g_string_append_printf (text, "Authorization: %s\r\n", authorization);
  g_string_append (text, "\r\n");

  return string_to_bytes (g_steal_pointer (&text));
}

/**
 * rd_rdg_http_build_rpc_request:
 * @host: the gateway's name or address as the connection names it
 * @port: its port
 *
 * The first request of the older transport, RPC over HTTP (MS-RPCH 2.1.2.1):
 * RPC_IN_DATA on the gateway's RPC proxy, without credentials, which an RD
 * Gateway that offers it answers with 401, as FreeRDP asks it.
 *
 * Returns: (transfer full): the bytes to send
 */
GByteArray *
rd_rdg_http_build_rpc_request (const char *host,
                               guint16     port)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (host != NULL && strpbrk (host, "\r\n") == NULL, NULL);

  g_string_append (text, "RPC_IN_DATA " RD_RDG_HTTP_RPC_PATH " HTTP/1.1\r\n");
  append_host (text, host, port);
  g_string_append (text, "Accept: application/rpc\r\n"
                         "Cache-Control: no-cache\r\n"
                         "Connection: Keep-Alive\r\n"
                         "User-Agent: MSRPC\r\n"
                         "Content-Length: 0\r\n"
                         "\r\n");
  return string_to_bytes (g_steal_pointer (&text));
}

void
rd_rdg_http_response_clear (RdRdgHttpResponse *response)
{
  g_clear_pointer (&response->version, g_free);
  g_clear_pointer (&response->reason, g_free);
  g_clear_pointer (&response->server, g_free);
  g_clear_pointer (&response->schemes, g_ptr_array_unref);
  g_clear_pointer (&response->ntlm_token, g_free);
  g_clear_pointer (&response->problem, g_free);
  response->status = 0;
  response->n_headers = 0;
  response->head_length = 0;
}

static RdRdgHttpParse
invalid (RdRdgHttpResponse *response,
         const char        *format,
         ...) G_GNUC_PRINTF (2, 3);

static RdRdgHttpParse
invalid (RdRdgHttpResponse *response,
         const char        *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_free (response->problem);
  response->problem = g_strdup_vprintf (format, args);
  va_end (args);
  return RD_RDG_HTTP_PARSE_INVALID;
}

/* RFC 9110 5.6.2 tchar */
static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Field values and reason phrases: HTAB, SP, visible ASCII and obs-text. */
static gboolean
is_text (const char *text,
         gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c != '\t' && (c < 0x20 || c == 0x7F))
        return FALSE;
    }
  return TRUE;
}

/* Text from the wire, fit for a report: valid UTF-8, at most MAX_TEXT bytes. */
static char *
keep_text (const char *text,
           gsize       length)
{
  return g_utf8_make_valid (text, MIN (length, MAX_TEXT));
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

static void
add_scheme (RdRdgHttpResponse *response,
            const char        *scheme,
            gsize              length)
{
  g_autofree char *name = g_strndup (scheme, length);

  if (rd_rdg_http_response_offers (response, name) || response->schemes->len >= RD_RDG_HTTP_MAX_SCHEMES)
    return;
  g_ptr_array_add (response->schemes, g_steal_pointer (&name));
}

/* One element of a WWW-Authenticate list: a new challenge ("Scheme",
 * "Scheme token68", "Scheme param=value") or an auth-param of the one
 * before it ("param=value"). */
static void
read_challenge (RdRdgHttpResponse *response,
                const char        *element,
                gsize              length)
{
  gsize token = 0;
  gsize rest;

  while (token < length && is_tchar (element[token]))
    token++;
  if (token == 0)
    return;

  rest = token;
  while (rest < length && is_space (element[rest]))
    rest++;
  if (rest < length && element[rest] == '=')
    return;

  add_scheme (response, element, token);
  if (g_ascii_strncasecmp (element, "NTLM", token) == 0 && token == 4 &&
      rest < length && response->ntlm_token == NULL && length - rest <= RD_RDG_HTTP_MAX_TOKEN)
    response->ntlm_token = g_strndup (element + rest, length - rest);
}

/* Splits a WWW-Authenticate value at the commas outside quoted strings. */
static void
read_challenges (RdRdgHttpResponse *response,
                 const char        *value,
                 gsize              length)
{
  gboolean quoted = FALSE;
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i < length && quoted && value[i] == '\\' && i + 1 < length)
        {
          i++;
          continue;
        }
      if (i < length && value[i] == '"')
        quoted = !quoted;
      if (i == length || (!quoted && value[i] == ','))
        {
          gsize begin = start, end = i;

          while (begin < end && is_space (value[begin]))
            begin++;
          while (end > begin && is_space (value[end - 1]))
            end--;
          if (end > begin)
            read_challenge (response, value + begin, end - begin);
          start = i + 1;
        }
    }
}

/* "HTTP/1.1 401 Unauthorized": the reason may be empty or missing. */
static RdRdgHttpParse
read_status_line (RdRdgHttpResponse *response,
                  const char        *line,
                  gsize              length)
{
  guint status;

  if (length < 12 || memcmp (line, "HTTP/", 5) != 0 || !g_ascii_isdigit (line[5]) ||
      line[6] != '.' || !g_ascii_isdigit (line[7]) || line[8] != ' ' ||
      !g_ascii_isdigit (line[9]) || !g_ascii_isdigit (line[10]) || !g_ascii_isdigit (line[11]) ||
      (length > 12 && line[12] != ' '))
    return invalid (response, "malformed status line");

  status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (status < 100 || status > 599)
    return invalid (response, "status code %u out of range", status);
  if (length > 13 && !is_text (line + 13, length - 13))
    return invalid (response, "control character in the reason phrase");

  response->status = status;
  response->version = g_strndup (line, 8);
  response->reason = length > 13 ? keep_text (line + 13, length - 13) : g_strdup ("");
  return RD_RDG_HTTP_PARSE_OK;
}

static RdRdgHttpParse
read_header (RdRdgHttpResponse *response,
             const char        *line,
             gsize              length)
{
  gsize name = 0, begin, end;

  if (length > 0 && is_space (line[0]))
    return invalid (response, "folded header line");
  while (name < length && is_tchar (line[name]))
    name++;
  if (name == 0 || name == length || line[name] != ':')
    return invalid (response, "malformed header line");

  begin = name + 1;
  end = length;
  while (begin < end && is_space (line[begin]))
    begin++;
  while (end > begin && is_space (line[end - 1]))
    end--;
  if (!is_text (line + begin, end - begin))
    return invalid (response, "control character in a header value");

  if (++response->n_headers > RD_RDG_HTTP_MAX_HEADERS)
    return invalid (response, "more than %d header lines", RD_RDG_HTTP_MAX_HEADERS);

  if (name == strlen ("WWW-Authenticate") && g_ascii_strncasecmp (line, "WWW-Authenticate", name) == 0)
    read_challenges (response, line + begin, end - begin);
  else if (name == strlen ("Server") && g_ascii_strncasecmp (line, "Server", name) == 0 &&
           response->server == NULL)
    response->server = keep_text (line + begin, end - begin);
  return RD_RDG_HTTP_PARSE_OK;
}

/* Where the empty line that ends the head ends, or 0 when it has not come
 * within @length bytes. */
static gsize
find_head_end (const guint8 *data,
               gsize         length)
{
  for (gsize i = 3; i < length; i++)
    if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r')
      return i + 1;
  return 0;
}

/**
 * rd_rdg_http_parse_response:
 * @data: (array length=length): the bytes received so far
 * @length: their number
 * @response: (out caller-allocates): filled in; zeroed or cleared before
 *
 * Reads the status line and header lines of the gateway's answer; whatever
 * follows the head is left alone. Lines end in CR LF; header lines may not
 * be folded; nothing longer than %RD_RDG_HTTP_MAX_HEAD bytes or with more
 * than %RD_RDG_HTTP_MAX_HEADERS header lines is accepted.
 *
 * Returns: how far the bytes go
 */
RdRdgHttpParse
rd_rdg_http_parse_response (const guint8      *data,
                            gsize              length,
                            RdRdgHttpResponse *response)
{
  static const char prefix[] = "HTTP/";
  const char *text = (const char *) data;
  gsize head_end;
  gsize line_start = 0;

  g_return_val_if_fail (data != NULL || length == 0, RD_RDG_HTTP_PARSE_INVALID);
  g_return_val_if_fail (response != NULL, RD_RDG_HTTP_PARSE_INVALID);

  rd_rdg_http_response_clear (response);
  response->schemes = g_ptr_array_new_with_free_func (g_free);

  if (memcmp (text != NULL ? text : "", prefix, MIN (length, sizeof prefix - 1)) != 0)
    return RD_RDG_HTTP_PARSE_NOT_HTTP;

  head_end = find_head_end (data, MIN (length, RD_RDG_HTTP_MAX_HEAD));
  if (head_end == 0)
    {
      if (length >= RD_RDG_HTTP_MAX_HEAD)
        return invalid (response, "head longer than %d bytes", RD_RDG_HTTP_MAX_HEAD);
      return RD_RDG_HTTP_PARSE_INCOMPLETE;
    }

  /* Every line, the status line first, up to the empty one. */
  while (line_start < head_end - 2)
    {
      const char *crlf = g_strstr_len (text + line_start, head_end - line_start, "\r\n");
      gsize line_length = crlf - (text + line_start);
      RdRdgHttpParse result;

      if (memchr (text + line_start, '\n', line_length) != NULL)
        return invalid (response, "line feed without carriage return");
      if (line_start == 0)
        result = read_status_line (response, text, line_length);
      else
        result = read_header (response, text + line_start, line_length);
      if (result != RD_RDG_HTTP_PARSE_OK)
        return result;
      line_start += line_length + 2;
    }

  response->head_length = head_end;
  return RD_RDG_HTTP_PARSE_OK;
}

/**
 * rd_rdg_http_response_offers:
 *
 * Returns: %TRUE if the answer's WWW-Authenticate headers name @scheme
 */
gboolean
rd_rdg_http_response_offers (const RdRdgHttpResponse *response,
                             const char              *scheme)
{
  for (guint i = 0; response->schemes != NULL && i < response->schemes->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (response->schemes, i), scheme) == 0)
      return TRUE;
  return FALSE;
}

/**
 * rd_rdg_http_decode_token:
 * @token: base64 text as an HTTP header carries it
 * @length: (out): the number of bytes decoded
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL for text that is
 *   not strict base64 (alphabet, padding, a multiple of four characters) or
 *   is longer than %RD_RDG_HTTP_MAX_TOKEN
 */
guint8 *
rd_rdg_http_decode_token (const char *token,
                          gsize      *length)
{
  gsize n;
  gsize padding = 0;

  *length = 0;
  if (token == NULL)
    return NULL;
  n = strnlen (token, RD_RDG_HTTP_MAX_TOKEN + 1);
  if (n == 0 || n > RD_RDG_HTTP_MAX_TOKEN || n % 4 != 0)
    return NULL;

  for (gsize i = 0; i < n; i++)
    {
      char c = token[i];

      if (c == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }
  if (padding > 2)
    return NULL;

  return g_base64_decode (token, length);
}
