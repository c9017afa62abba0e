/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "rd-names.h"
#include "rd-net.h"
#include "rd-tls.h"

static const char * const outcome_names[] = {
  [RD_TLS_OK] = "ok",
  [RD_TLS_ALERT_RECEIVED] = "alert-received",
  [RD_TLS_ALERT_SENT] = "alert-sent",
  [RD_TLS_RESET] = "reset",
  [RD_TLS_CLOSED] = "closed",
  [RD_TLS_TIMEOUT] = "timeout",
  [RD_TLS_ERROR] = "error",
  [RD_TLS_CANCELLED] = "cancelled",
};

RD_DEFINE_ENUM_TO_STRING (RdTlsOutcome, rd_tls_outcome, outcome_names, "error")
RD_DEFINE_ENUM_FROM_STRING (RdTlsOutcome, rd_tls_outcome, outcome_names)

int
rd_tls_version_number (const char *version)
{
  static const struct { const char *name; int number; } versions[] = {
    { "SSLv3", 3 }, { "TLSv1", 10 }, { "TLSv1.1", 11 }, { "TLSv1.2", 12 }, { "TLSv1.3", 13 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    if (g_strcmp0 (version, versions[i].name) == 0)
      return versions[i].number;
  return 0;
}

static const char *
handshake_message_name (guint8 type)
{
  switch (type)
    {
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 4: return "NewSessionTicket";
    case 5: return "EndOfEarlyData";
    case 8: return "EncryptedExtensions";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    case 24: return "KeyUpdate";
    default: return "Unknown";
    }
}

/* Records the handshake as it goes; runs inside OpenSSL's calls. */
static void
on_message (int         write_p,
            int         version,
            int         content_type,
            const void *buf,
            size_t      len,
            SSL        *ssl,
            void       *arg)
{
  RdTlsHandshake *handshake = arg;
  const guint8 *bytes = buf;

  if (handshake->messages->len >= 64)
    return;

  if (content_type == SSL3_RT_HANDSHAKE && len >= 1)
    g_ptr_array_add (handshake->messages,
                     g_strdup_printf ("%s %s", write_p ? ">" : "<", handshake_message_name (bytes[0])));
  else if (content_type == SSL3_RT_ALERT && len >= 2)
    {
      g_ptr_array_add (handshake->messages,
                       g_strdup_printf ("%s Alert(%s)", write_p ? ">" : "<",
                                        SSL_alert_desc_string_long (bytes[1])));
      if (bytes[0] == SSL3_AL_FATAL || bytes[1] != SSL_AD_CLOSE_NOTIFY)
        {
          handshake->alert_code = bytes[1];
          handshake->outcome = write_p ? RD_TLS_ALERT_SENT : RD_TLS_ALERT_RECEIVED;
        }
    }
}

/* OpenSSL goes on reading for as long as records keep coming, so a host that
 * sends records it ignores (HelloRequest during the handshake) without end
 * would hold SSL_connect() or SSL_read() past any deadline. Past the
 * deadline this makes the socket look empty, and the caller's wait then
 * times out. */
static long
deadline_read_callback (BIO        *bio,
                        int         oper,
                        const char *argp,
                        size_t      len,
                        int         argi,
                        long        argl,
                        int         ret,
                        size_t     *processed)
{
  const gint64 *deadline = (const gint64 *) BIO_get_callback_arg (bio);

  if (oper == BIO_CB_READ && deadline != NULL && g_get_monotonic_time () >= *deadline)
    {
      BIO_clear_retry_flags (bio);
      BIO_set_retry_read (bio);
      return -1;
    }
  return ret;
}

/* @deadline must outlive the SSL's use with it; %NULL removes it. */
static void
set_read_deadline (SSL          *ssl,
                   const gint64 *deadline)
{
  BIO *bio = SSL_get_rbio (ssl);

  if (bio == NULL)
    return;
  BIO_set_callback_arg (bio, (char *) deadline);
  BIO_set_callback_ex (bio, deadline != NULL ? deadline_read_callback : NULL);
}

static SSL_CTX *
make_context (gboolean legacy)
{
  SSL_CTX *ctx = SSL_CTX_new (TLS_client_method ());

  if (ctx == NULL)
    return NULL;

  /* We look at the certificate ourselves and report on it; refusing it here
   * would hide everything after it. */
  SSL_CTX_set_verify (ctx, SSL_VERIFY_NONE, NULL);
  /* A Remote Desktop host has no reason to renegotiate; one that keeps
   * asking would cost a whole handshake each time. */
  SSL_CTX_set_options (ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  if (legacy)
    {
      SSL_CTX_set_security_level (ctx, 0);
      SSL_CTX_set_min_proto_version (ctx, TLS1_VERSION);
      SSL_CTX_set_cipher_list (ctx, "DEFAULT:@SECLEVEL=0");
    }
  return ctx;
}

static void
set_error_from_queue (RdTlsHandshake *handshake)
{
  unsigned long code = ERR_peek_error ();
  char text[256];

  if (code == 0)
    return;
  ERR_error_string_n (code, text, sizeof text);
  g_free (handshake->error);
  handshake->error = g_strdup (text);
}

/**
 * rd_tls_handshake_run:
 * @handshake: settings in, results out
 * @fd: a connected, non-blocking socket (not taken over: the caller closes it)
 */
void
rd_tls_handshake_run (RdTlsHandshake *handshake,
                      int             fd)
{
  SSL_CTX *ctx = make_context (handshake->legacy);
  SSL *ssl = NULL;
  gint64 start = g_get_monotonic_time ();

  handshake->messages = g_ptr_array_new_with_free_func (g_free);
  handshake->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  handshake->outcome = RD_TLS_ERROR;

  if (ctx == NULL || (ssl = SSL_new (ctx)) == NULL)
    {
      set_error_from_queue (handshake);
      goto out;
    }
  SSL_CTX_free (g_steal_pointer (&ctx));
  handshake->security_level = SSL_get_security_level (ssl);

  SSL_set_fd (ssl, fd);
  set_read_deadline (ssl, &handshake->deadline);
  SSL_set_msg_callback (ssl, on_message);
  SSL_set_msg_callback_arg (ssl, handshake);
  if (handshake->server_name != NULL)
    SSL_set_tlsext_host_name (ssl, handshake->server_name);

  handshake->outcome = RD_TLS_OK;
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      int ret, ssl_error, saved_errno;

      ERR_clear_error ();
      errno = 0;
      ret = SSL_connect (ssl);
      saved_errno = errno;
      if (ret == 1)
        break;

      ssl_error = SSL_get_error (ssl, ret);
      if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE)
        {
          if (rd_net_wait (fd, ssl_error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
                           handshake->deadline, handshake->cancellable, &error))
            continue;
          handshake->outcome = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                               ? RD_TLS_CANCELLED : RD_TLS_TIMEOUT;
          break;
        }

      set_error_from_queue (handshake);
      /* The host's own alert says more than the error that follows it. An
       * alert of ours after the host vanished only says it vanished. */
      if (handshake->outcome == RD_TLS_ALERT_RECEIVED)
        break;
      if (handshake->outcome == RD_TLS_ALERT_SENT &&
          ERR_GET_REASON (ERR_peek_error ()) != SSL_R_UNEXPECTED_EOF_WHILE_READING &&
          ssl_error != SSL_ERROR_SYSCALL)
        break;

      if (ssl_error == SSL_ERROR_ZERO_RETURN)
        handshake->outcome = RD_TLS_CLOSED;
      else if (ssl_error == SSL_ERROR_SYSCALL)
        {
          if (saved_errno == ECONNRESET || saved_errno == EPIPE)
            handshake->outcome = RD_TLS_RESET;
          else
            handshake->outcome = RD_TLS_CLOSED;
          if (handshake->error == NULL)
            handshake->error = g_strdup (saved_errno != 0 ? g_strerror (saved_errno) : "unexpected end of stream");
        }
      else if (ERR_GET_REASON (ERR_peek_error ()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        {
          /* OpenSSL 3 reports a bare close as an error; a reset looks the same
           * from here, so ask the socket. */
          int so_error = 0;
          socklen_t len = sizeof so_error;
          getsockopt (fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
          handshake->outcome = so_error == ECONNRESET ? RD_TLS_RESET : RD_TLS_CLOSED;
        }
      else
        handshake->outcome = RD_TLS_ERROR;
      break;
    }

  /* Whatever certificate the host showed, even when the handshake failed
   * after it. */
  {
    X509 *certificate = SSL_get0_peer_certificate (ssl);
    STACK_OF (X509) *chain = SSL_get_peer_cert_chain (ssl);

    if (certificate != NULL)
      handshake->certificate = X509_dup (certificate);
    for (int i = 0; chain != NULL && i < sk_X509_num (chain) && i < 16; i++)
      g_ptr_array_add (handshake->chain, X509_dup (sk_X509_value (chain, i)));
  }

  if (handshake->outcome == RD_TLS_OK)
    {
      handshake->version = g_strdup (SSL_get_version (ssl));
      handshake->cipher = g_strdup (SSL_get_cipher_name (ssl));
      SSL_set_msg_callback (ssl, NULL);
      set_read_deadline (ssl, NULL);
      handshake->ssl = g_steal_pointer (&ssl);
    }

out:
  handshake->handshake_ms = (g_get_monotonic_time () - start) / 1000;
  if (ssl != NULL)
    SSL_free (ssl);
  if (ctx != NULL)
    SSL_CTX_free (ctx);
  ERR_clear_error ();
}

void
rd_tls_handshake_clear (RdTlsHandshake *handshake)
{
  g_clear_pointer (&handshake->version, g_free);
  g_clear_pointer (&handshake->cipher, g_free);
  g_clear_pointer (&handshake->messages, g_ptr_array_unref);
  g_clear_pointer (&handshake->error, g_free);
  g_clear_pointer (&handshake->certificate, X509_free);
  g_clear_pointer (&handshake->chain, g_ptr_array_unref);
  g_clear_pointer (&handshake->ssl, SSL_free);
}

/**
 * rd_tls_handshake_to_json:
 *
 * Returns: (transfer full): outcome, version, cipher, the message ladder,
 *   where it stopped, the alert and the certificate.
 */
JsonObject *
rd_tls_handshake_to_json (const RdTlsHandshake *handshake)
{
  JsonObject *object = json_object_new ();
  JsonArray *messages = json_array_new ();

  json_object_set_string_member (object, "outcome", rd_tls_outcome_to_string (handshake->outcome));
  if (handshake->version != NULL)
    json_object_set_string_member (object, "version", handshake->version);
  if (handshake->cipher != NULL)
    json_object_set_string_member (object, "cipher", handshake->cipher);
  for (guint i = 0; handshake->messages != NULL && i < handshake->messages->len; i++)
    json_array_add_string_element (messages, g_ptr_array_index (handshake->messages, i));
  json_object_set_array_member (object, "messages", messages);
  if (handshake->outcome != RD_TLS_OK && handshake->messages != NULL && handshake->messages->len > 0)
    json_object_set_string_member (object, "died_after",
                                   g_ptr_array_index (handshake->messages, handshake->messages->len - 1));
  if (handshake->outcome == RD_TLS_ALERT_RECEIVED || handshake->outcome == RD_TLS_ALERT_SENT)
    {
      json_object_set_string_member (object, "alert", SSL_alert_desc_string_long (handshake->alert_code));
      json_object_set_int_member (object, "alert_code", handshake->alert_code);
      json_object_set_string_member (object, "alert_from",
                                     handshake->outcome == RD_TLS_ALERT_RECEIVED ? "host" : "us");
    }
  if (handshake->error != NULL)
    json_object_set_string_member (object, "error", handshake->error);
  json_object_set_int_member (object, "handshake_ms", handshake->handshake_ms);
  json_object_set_int_member (object, "security_level", handshake->security_level);
  if (handshake->certificate != NULL)
    json_object_set_object_member (object, "certificate", rd_tls_certificate_to_json (handshake->certificate));
  if (handshake->chain != NULL && handshake->chain->len > 0)
    json_object_set_int_member (object, "chain_length", handshake->chain->len);
  return object;
}

static const char *
key_type_name (EVP_PKEY *key)
{
  int id = EVP_PKEY_get_base_id (key);
  const char *type = id == EVP_PKEY_RSA ? "RSA" : id == EVP_PKEY_EC ? "EC" :
                     id == EVP_PKEY_DSA ? "DSA" : id == EVP_PKEY_ED25519 ? "Ed25519" : OBJ_nid2sn (id);

  return type != NULL ? type : "unknown";
}

/* Why a handshake failed, in OpenSSL's words or the host's alert. */
static char *
refusal_reason (const RdTlsHandshake *handshake)
{
  const char *colon;

  if (handshake->outcome == RD_TLS_ALERT_RECEIVED)
    return g_strdup_printf ("alert \"%s\" from the host", SSL_alert_desc_string_long (handshake->alert_code));
  /* "error:0A00014D:SSL routines::legacy sigalg disallowed or unsupported" */
  if (handshake->error != NULL && (colon = strrchr (handshake->error, ':')) != NULL && colon[1] != '\0')
    return g_strdup (colon + 1);
  if (handshake->error != NULL)
    return g_strdup (handshake->error);
  return g_strdup (rd_tls_outcome_to_string (handshake->outcome));
}

/**
 * rd_tls_handshake_describe:
 *
 * Returns: (transfer full): the outcome in one line of evidence: the
 *   version, signature and key agreed on, or why it was refused
 */
char *
rd_tls_handshake_describe (const RdTlsHandshake *handshake)
{
  g_autofree char *reason = NULL;
  GString *out;
  int version;

  /* Silence is no verdict on either side's settings. */
  if (handshake->outcome == RD_TLS_TIMEOUT)
    return g_strdup ("no answer in time");
  if (handshake->outcome == RD_TLS_CANCELLED)
    return g_strdup ("stopped");
  if (handshake->outcome != RD_TLS_OK)
    {
      reason = refusal_reason (handshake);
      return g_strdup_printf ("refused (%s)", reason);
    }

  out = g_string_new ("accepted: ");
  version = rd_tls_version_number (handshake->version);
  if (version >= 10)
    g_string_append_printf (out, "TLS %d.%d", version / 10, version % 10);
  else
    g_string_append (out, handshake->version != NULL ? handshake->version : "?");
  if (handshake->certificate != NULL)
    {
      EVP_PKEY *key = X509_get0_pubkey (handshake->certificate);

      g_string_append_printf (out, ", %s", OBJ_nid2ln (X509_get_signature_nid (handshake->certificate)));
      if (key != NULL)
        g_string_append_printf (out, ", %s %d", key_type_name (key), EVP_PKEY_get_bits (key));
    }
  return g_string_free (out, FALSE);
}

static char *
name_to_string (const X509_NAME *name)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long length;
  char *text;

  X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  length = BIO_get_mem_data (bio, &data);
  text = g_strndup (data, length);
  BIO_free (bio);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);
      g_free (text);
      text = valid;
    }
  return text;
}

static gboolean
asn1_time_to_unix (const ASN1_TIME *time,
                   gint64          *out)
{
  struct tm tm;

  if (time == NULL || !ASN1_TIME_to_tm (time, &tm))
    return FALSE;
  *out = (gint64) timegm (&tm);
  return TRUE;
}

static void
set_time (JsonObject      *object,
          const char      *member,
          const ASN1_TIME *time)
{
  gint64 unix_time;
  g_autofree char *unix_member = g_strconcat (member, "_unix", NULL);

  if (!asn1_time_to_unix (time, &unix_time))
    return;
  {
    g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_time);
    g_autofree char *iso = date != NULL ? g_date_time_format_iso8601 (date) : NULL;

    if (iso != NULL)
      json_object_set_string_member (object, member, iso);
  }
  json_object_set_int_member (object, unix_member, unix_time);
}

static char *
common_name (const X509_NAME *name)
{
  int index = X509_NAME_get_index_by_NID (name, NID_commonName, -1);
  const ASN1_STRING *data;
  unsigned char *utf8 = NULL;
  int length;
  char *text;

  if (index < 0)
    return NULL;
  data = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index));
  length = ASN1_STRING_to_UTF8 (&utf8, data);
  if (length < 0)
    return NULL;
  text = g_utf8_make_valid ((const char *) utf8, length);
  OPENSSL_free (utf8);
  return text;
}

/**
 * rd_tls_certificate_to_json:
 *
 * Returns: (transfer full): subject, issuer, names, validity, key and
 *   signature of a certificate, and its SHA-256 fingerprint.
 */
JsonObject *
rd_tls_certificate_to_json (X509 *certificate)
{
  JsonObject *object = json_object_new ();
  g_autofree char *subject = name_to_string (X509_get_subject_name (certificate));
  g_autofree char *issuer = name_to_string (X509_get_issuer_name (certificate));
  g_autofree char *cn = common_name (X509_get_subject_name (certificate));
  JsonArray *dns_names = json_array_new ();
  JsonArray *ip_names = json_array_new ();
  GENERAL_NAMES *names = X509_get_ext_d2i (certificate, NID_subject_alt_name, NULL, NULL);
  EVP_PKEY *key = X509_get0_pubkey (certificate);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  int md_nid = NID_undef, pk_nid = NID_undef, security_bits = 0;
  uint32_t flags = 0;

  json_object_set_string_member (object, "subject", subject);
  json_object_set_string_member (object, "issuer", issuer);
  if (cn != NULL)
    json_object_set_string_member (object, "common_name", cn);

  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names) && i < 64; i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);

      if (name->type == GEN_DNS)
        {
          const ASN1_IA5STRING *dns = name->d.dNSName;
          g_autofree char *text = g_utf8_make_valid ((const char *) ASN1_STRING_get0_data (dns),
                                                     ASN1_STRING_length (dns));
          json_array_add_string_element (dns_names, text);
        }
      else if (name->type == GEN_IPADD)
        {
          const ASN1_OCTET_STRING *ip = name->d.iPAddress;
          int length = ASN1_STRING_length (ip);
          g_autoptr(GInetAddress) address = NULL;

          if (length == 4 || length == 16)
            address = g_inet_address_new_from_bytes (ASN1_STRING_get0_data (ip),
                                                     length == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
          if (address != NULL)
            {
              g_autofree char *text = g_inet_address_to_string (address);
              json_array_add_string_element (ip_names, text);
            }
        }
    }
  GENERAL_NAMES_free (names);
  json_object_set_array_member (object, "san_dns", dns_names);
  json_object_set_array_member (object, "san_ip", ip_names);

  set_time (object, "not_before", X509_get0_notBefore (certificate));
  set_time (object, "not_after", X509_get0_notAfter (certificate));

  if (key != NULL)
    {
      json_object_set_string_member (object, "key_type", key_type_name (key));
      json_object_set_int_member (object, "key_bits", EVP_PKEY_get_bits (key));
    }

  json_object_set_string_member (object, "signature_algorithm",
                                 OBJ_nid2ln (X509_get_signature_nid (certificate)));
  if (X509_get_signature_info (certificate, &md_nid, &pk_nid, &security_bits, &flags) && md_nid != NID_undef)
    json_object_set_string_member (object, "signature_hash", OBJ_nid2sn (md_nid));
  json_object_set_int_member (object, "security_bits", security_bits);

  /* Signed by its own key. (X509_check_issued() would also demand a CA
   * certificate, and Windows' own Remote Desktop certificates are not.) */
  json_object_set_boolean_member (object, "self_signed",
                                  X509_NAME_cmp (X509_get_subject_name (certificate),
                                                 X509_get_issuer_name (certificate)) == 0 &&
                                  key != NULL && X509_verify (certificate, key) == 1);

  if (X509_digest (certificate, EVP_sha256 (), digest, &digest_length))
    {
      GString *hex = g_string_sized_new (digest_length * 3);

      for (unsigned int i = 0; i < digest_length; i++)
        g_string_append_printf (hex, "%s%02X", i > 0 ? ":" : "", digest[i]);
      json_object_set_string_member (object, "sha256", hex->str);
      g_string_free (hex, TRUE);
    }

  return object;
}

gboolean
rd_tls_write_all (SSL           *ssl,
                  int            fd,
                  const guint8  *data,
                  gsize          length,
                  gint64         deadline,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gsize written = 0;

  while (written < length)
    {
      int ret, ssl_error;

      ERR_clear_error ();
      ret = SSL_write (ssl, data + written, (int) MIN (length - written, G_MAXINT));
      if (ret > 0)
        {
          written += ret;
          continue;
        }
      ssl_error = SSL_get_error (ssl, ret);
      if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE)
        {
          if (!rd_net_wait (fd, ssl_error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, cancellable, error))
            return FALSE;
          continue;
        }
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "TLS write failed");
      ERR_clear_error ();
      return FALSE;
    }
  return TRUE;
}

/* Returns bytes read, 0 when the host closed (cleanly or not), -1 on error or
 * timeout with @error set. */
gssize
rd_tls_read (SSL           *ssl,
             int            fd,
             guint8        *buffer,
             gsize          size,
             gint64         deadline,
             GCancellable  *cancellable,
             GError       **error)
{
  gssize result;

  set_read_deadline (ssl, &deadline);
  for (;;)
    {
      int ret, ssl_error, saved_errno;

      ERR_clear_error ();
      errno = 0;
      ret = SSL_read (ssl, buffer, (int) MIN (size, G_MAXINT));
      saved_errno = errno;
      if (ret > 0)
        {
          result = ret;
          break;
        }

      ssl_error = SSL_get_error (ssl, ret);
      if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE)
        {
          if (rd_net_wait (fd, ssl_error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, cancellable, error))
            continue;
          result = -1;
          break;
        }
      ERR_clear_error ();
      if (ssl_error == SSL_ERROR_SYSCALL && (saved_errno == ECONNRESET || saved_errno == EPIPE))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, g_strerror (saved_errno));
          result = -1;
          break;
        }
      result = 0;
      break;
    }
  set_read_deadline (ssl, NULL);
  return result;
}

/**
 * rd_tls_certificate_validity:
 * @certificate: what rd_tls_certificate_to_json() made (or a saved copy)
 * @when: the moment to judge, in Unix seconds
 *
 * The one reading of a certificate's dates: the clock check, the diagnosis
 * and the report's facts all ask here.
 *
 * Returns: whether the certificate is valid at @when, or on which side of
 *   its dates @when lies
 */
RdCertValidity
rd_tls_certificate_validity (JsonObject *certificate,
                             gint64      when)
{
  gint64 not_before = json_object_get_int_member_with_default (certificate, "not_before_unix", G_MININT64);
  gint64 not_after = json_object_get_int_member_with_default (certificate, "not_after_unix", G_MAXINT64);

  if (when > not_after)
    return RD_CERT_EXPIRED;
  if (when < not_before)
    return RD_CERT_NOT_YET_VALID;
  return RD_CERT_VALID;
}

/**
 * rd_tls_certificate_is_weak:
 * @certificate: what rd_tls_certificate_to_json() made (or a saved copy)
 *
 * The one reading of a certificate's strength: the diagnosis, the remedies
 * and the report's facts all ask here.
 *
 * Returns: whether its key is short or its signature outdated
 */
gboolean
rd_tls_certificate_is_weak (JsonObject *certificate)
{
  const char *key_type = json_object_get_string_member_with_default (certificate, "key_type", "");
  gint64 key_bits = json_object_get_int_member_with_default (certificate, "key_bits", 0);
  const char *hash = json_object_get_string_member_with_default (certificate, "signature_hash", "");

  if ((g_str_equal (key_type, "RSA") || g_str_equal (key_type, "DSA")) && key_bits > 0 && key_bits < 2048)
    return TRUE;
  if (g_str_equal (key_type, "EC") && key_bits > 0 && key_bits < 224)
    return TRUE;
  return g_ascii_strcasecmp (hash, "SHA1") == 0 || g_ascii_strcasecmp (hash, "MD5") == 0;
}
