/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include "rd-cause-private.h"
#include "rd-json.h"
#include "rd-names.h"

/* The one table of causes; see RdCauseId. */
static const RdCauseInfo cause_table[] = {
  { RD_CAUSE_LOCAL_NETWORK_DOWN, "local-network-down", RD_SEVERITY_ERROR, RD_SIDE_NETWORK, RD_AREA_HOME_NETWORK },
  { RD_CAUSE_GATEWAY_UNREACHABLE, "gateway-unreachable", RD_SEVERITY_ERROR, RD_SIDE_NETWORK, RD_AREA_HOME_NETWORK },
  { RD_CAUSE_DNS_RESOLUTION_FAILED, "dns-resolution-failed", RD_SEVERITY_ERROR, RD_SIDE_NETWORK, RD_AREA_ADDRESS },
  { RD_CAUSE_DNS_MISMATCH, "dns-mismatch", RD_SEVERITY_WARNING, RD_SIDE_NETWORK, RD_AREA_ADDRESS },
  { RD_CAUSE_IPV6_PATH_BROKEN, "ipv6-path-broken", RD_SEVERITY_WARNING, RD_SIDE_NETWORK, RD_AREA_ADDRESS },
  { RD_CAUSE_HOST_UNREACHABLE, "host-unreachable", RD_SEVERITY_ERROR, RD_SIDE_NETWORK, RD_AREA_FIREWALL },
  { RD_CAUSE_PORT_FILTERED, "port-filtered", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_FIREWALL },
  { RD_CAUSE_PORT_REFUSED, "port-refused", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_FIREWALL },
  { RD_CAUSE_LISTENER_DROPS_CONNECTIONS, "listener-drops-connections", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_FIREWALL },
  { RD_CAUSE_NOT_RDP, "not-rdp", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_NONE },
  { RD_CAUSE_HANDSHAKE_TIMEOUT, "handshake-timeout", RD_SEVERITY_ERROR, RD_SIDE_NETWORK, RD_AREA_NONE },
  { RD_CAUSE_NEGOTIATION_SSL_REQUIRED, "negotiation-ssl-required", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_SECURITY },
  { RD_CAUSE_NEGOTIATION_SSL_NOT_ALLOWED, "negotiation-ssl-not-allowed", RD_SEVERITY_WARNING, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_NEGOTIATION_CERT_MISSING, "negotiation-cert-missing", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_NEGOTIATION_HYBRID_REQUIRED, "negotiation-hybrid-required", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_SECURITY },
  { RD_CAUSE_NEGOTIATION_USER_AUTH_REQUIRED, "negotiation-user-auth-required", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_HANDSHAKE_TERMINATED, "tls-handshake-terminated", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_PROTOCOL_MISMATCH, "tls-protocol-mismatch", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_CERT_EXPIRED, "tls-cert-expired", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_CERT_NOT_YET_VALID, "tls-cert-not-yet-valid", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_CERT_NAME_MISMATCH, "tls-cert-name-mismatch", RD_SEVERITY_WARNING, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_CERT_SELF_SIGNED, "tls-cert-self-signed", RD_SEVERITY_INFO, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_TLS_CERT_WEAK, "tls-cert-weak", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_NLA_FAILED, "nla-failed", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_NLA_NTLM_REFUSED, "nla-ntlm-refused", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_SECURITY },
  { RD_CAUSE_CREDSSP_OUTDATED, "credssp-outdated", RD_SEVERITY_WARNING, RD_SIDE_HOST, RD_AREA_SECURITY },
  { RD_CAUSE_CLOCK_SKEW, "clock-skew", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_SECURITY },
  { RD_CAUSE_UDP_BLOCKED, "udp-blocked", RD_SEVERITY_WARNING, RD_SIDE_NETWORK, RD_AREA_TRANSPORT },
  { RD_CAUSE_MTU_BLACKHOLE, "mtu-blackhole", RD_SEVERITY_ERROR, RD_SIDE_NETWORK, RD_AREA_TRANSPORT },
  { RD_CAUSE_HIGH_LATENCY, "high-latency", RD_SEVERITY_WARNING, RD_SIDE_NETWORK, RD_AREA_TRANSPORT },
  { RD_CAUSE_VPN_PATH, "vpn-path", RD_SEVERITY_WARNING, RD_SIDE_NETWORK, RD_AREA_TRANSPORT },
  { RD_CAUSE_HANDSHAKE_INTERMITTENT, "handshake-intermittent", RD_SEVERITY_WARNING, RD_SIDE_HOST, RD_AREA_NONE },
  { RD_CAUSE_SERVER_SLOW, "server-slow", RD_SEVERITY_WARNING, RD_SIDE_HOST, RD_AREA_TRANSPORT },
  { RD_CAUSE_TLS_CLIENT_POLICY_STRICTER, "tls-client-policy-stricter", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_SECURITY },
  { RD_CAUSE_RDGATEWAY_RESOLUTION_FAILED, "rdgateway-resolution-failed", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_PORT_CLOSED, "rdgateway-port-closed", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_TLS_FAILED, "rdgateway-tls-failed", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_CERT_EXPIRED, "rdgateway-cert-expired", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_CERT_NAME_MISMATCH, "rdgateway-cert-name-mismatch", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_CERT_SELF_SIGNED, "rdgateway-cert-self-signed", RD_SEVERITY_WARNING, RD_SIDE_HOST, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_HTTP_DISABLED, "rdgateway-http-disabled", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_REFUSED, "rdgateway-refused", RD_SEVERITY_ERROR, RD_SIDE_HOST, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_NOT_A_GATEWAY, "rdgateway-not-a-gateway", RD_SEVERITY_ERROR, RD_SIDE_CLIENT, RD_AREA_RDGATEWAY },
  { RD_CAUSE_RDGATEWAY_KERBEROS_ONLY, "rdgateway-kerberos-only", RD_SEVERITY_INFO, RD_SIDE_CLIENT, RD_AREA_RDGATEWAY },
  { RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE, "client-remembers-old-certificate", RD_SEVERITY_WARNING, RD_SIDE_CLIENT, RD_AREA_SECURITY },
};

G_STATIC_ASSERT (G_N_ELEMENTS (cause_table) == RD_N_CAUSES - 1);

const RdCauseInfo *
rd_cause_info (RdCauseId id)
{
  if (id <= RD_CAUSE_OTHER || id >= RD_N_CAUSES)
    return NULL;
  return &cause_table[id - 1];
}

RdCauseId
rd_cause_id_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (cause_table); i++)
    if (g_strcmp0 (name, cause_table[i].name) == 0)
      return cause_table[i].id;
  return RD_CAUSE_OTHER;
}

const char *
rd_cause_id_to_string (RdCauseId id)
{
  const RdCauseInfo *info = rd_cause_info (id);

  return info != NULL ? info->name : "other";
}

RdArea
rd_cause_get_area (const RdCause *cause)
{
  const RdCauseInfo *info = rd_cause_info (cause->id);

  return info != NULL ? info->area : RD_AREA_NONE;
}

RdCause *
rd_causes_find (GPtrArray *causes,
                RdCauseId  id)
{
  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      RdCause *cause = g_ptr_array_index (causes, i);

      if (cause->id == id)
        return cause;
    }
  return NULL;
}


RdCause *
rd_cause_new (RdCauseId  id,
              RdSeverity severity,
              double     confidence)
{
  RdCause *cause = g_new0 (RdCause, 1);

  g_return_val_if_fail (rd_cause_info (id) != NULL, NULL);
  cause->id = id;
  cause->name = g_strdup (rd_cause_id_to_string (id));
  cause->severity = severity;
  cause->confidence = CLAMP (confidence, 0.0, 1.0);
  cause->remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_remedy_free);
  return cause;
}

void
rd_cause_free (RdCause *cause)
{
  if (cause == NULL)
    return;
  g_free (cause->name);
  g_free (cause->title);
  g_free (cause->explanation);
  g_ptr_array_unref (cause->remedies);
  g_free (cause);
}

static void
rd_command_free (RdCommand *command)
{
  g_free (command->shell);
  g_free (command->text);
  g_free (command);
}

RdRemedy *
rd_remedy_new (const char *id,
               RdSide      side,
               const char *title)
{
  RdRemedy *remedy = g_new0 (RdRemedy, 1);

  remedy->id = g_strdup (id);
  remedy->side = side;
  remedy->title = g_strdup (title);
  remedy->steps = g_ptr_array_new_with_free_func (g_free);
  remedy->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_command_free);
  return remedy;
}

void
rd_remedy_free (RdRemedy *remedy)
{
  if (remedy == NULL)
    return;
  g_free (remedy->id);
  g_free (remedy->title);
  g_free (remedy->action);
  g_ptr_array_unref (remedy->steps);
  g_ptr_array_unref (remedy->commands);
  g_free (remedy);
}

void
rd_remedy_add_step (RdRemedy   *remedy,
                    const char *step)
{
  g_ptr_array_add (remedy->steps, g_strdup (step));
}

void
rd_remedy_add_command (RdRemedy   *remedy,
                       const char *shell,
                       const char *text)
{
  RdCommand *command = g_new0 (RdCommand, 1);

  command->shell = g_strdup (shell);
  command->text = g_strdup (text);
  g_ptr_array_add (remedy->commands, command);
}

static const char * const severity_names[] = { "error", "warning", "info" };
static const char * const side_names[] = { "client", "host", "network" };

RD_DEFINE_ENUM_TO_STRING (RdSeverity, rd_severity, severity_names, "error")
RD_DEFINE_ENUM_FROM_STRING (RdSeverity, rd_severity, severity_names)
RD_DEFINE_ENUM_TO_STRING (RdSide, rd_side, side_names, "client")
RD_DEFINE_ENUM_FROM_STRING (RdSide, rd_side, side_names)

static JsonNode *
remedy_to_json (const RdRemedy *remedy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  rd_json_add_string (builder, "id", remedy->id);
  rd_json_add_string (builder, "side", rd_side_to_string (remedy->side));
  rd_json_add_string (builder, "title", remedy->title);
  json_builder_set_member_name (builder, "lowers_security");
  json_builder_add_boolean_value (builder, remedy->lowers_security);
  if (remedy->action != NULL)
    rd_json_add_string (builder, "action", remedy->action);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < remedy->steps->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (remedy->steps, i));
  json_builder_end_array (builder);
  /* An object keyed by shell, as the report contract says; a shell that has
   * several lines gets them joined by newlines, in order. */
  json_builder_set_member_name (builder, "commands");
  json_builder_begin_object (builder);
  {
    g_autoptr(GPtrArray) shells = g_ptr_array_new ();

    for (guint i = 0; i < remedy->commands->len; i++)
      {
        RdCommand *command = g_ptr_array_index (remedy->commands, i);
        g_autoptr(GString) text = NULL;

        if (g_ptr_array_find_with_equal_func (shells, command->shell, g_str_equal, NULL))
          continue;
        g_ptr_array_add (shells, command->shell);
        text = g_string_new (NULL);
        for (guint j = i; j < remedy->commands->len; j++)
          {
            RdCommand *other = g_ptr_array_index (remedy->commands, j);
            if (!g_str_equal (other->shell, command->shell))
              continue;
            if (text->len > 0)
              g_string_append_c (text, '\n');
            g_string_append (text, other->text);
          }
        rd_json_add_string (builder, command->shell, text->str);
      }
  }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rd_cause_to_json (const RdCause *cause)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  rd_json_add_string (builder, "id", cause->name);
  rd_json_add_string (builder, "severity", rd_severity_to_string (cause->severity));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, cause->confidence);
  rd_json_add_string (builder, "title", cause->title != NULL ? cause->title : "");
  rd_json_add_string (builder, "explanation", cause->explanation != NULL ? cause->explanation : "");
  rd_json_add_array (builder, "remedies", cause->remedies, (RdJsonWriter) remedy_to_json);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static RdRemedy *
remedy_new_from_json (JsonNode *node)
{
  JsonObject *object;
  JsonNode *member;
  RdSide side;
  const char *id;
  RdRemedy *remedy;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL ||
      !rd_side_from_string (json_object_get_string_member_with_default (object, "side", NULL), &side))
    return NULL;

  remedy = rd_remedy_new (id, side, json_object_get_string_member_with_default (object, "title", ""));
  remedy->lowers_security = json_object_get_boolean_member_with_default (object, "lowers_security", FALSE);
  remedy->action = g_strdup (json_object_get_string_member_with_default (object, "action", NULL));

  member = json_object_get_member (object, "steps");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *steps = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (steps); i++)
        {
          JsonNode *step = json_array_get_element (steps, i);
          if (JSON_NODE_HOLDS_VALUE (step) && json_node_get_value_type (step) == G_TYPE_STRING)
            rd_remedy_add_step (remedy, json_node_get_string (step));
        }
    }

  member = json_object_get_member (object, "commands");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *commands = json_node_get_object (member);
      GList *shells = json_object_get_members (commands);

      for (GList *l = shells; l != NULL; l = l->next)
        {
          JsonNode *text = json_object_get_member (commands, l->data);
          if (JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
            rd_remedy_add_command (remedy, l->data, json_node_get_string (text));
        }
      g_list_free (shells);
    }

  return remedy;
}

/**
 * rd_cause_new_from_json:
 *
 * Loads a cause from a saved report, as it was written (its texts are not
 * translated again).
 */
RdCause *
rd_cause_new_from_json (JsonNode  *node,
                        GError   **error)
{
  JsonObject *object;
  JsonNode *member;
  RdSeverity severity;
  const char *id;
  RdCause *cause;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);
  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL || *id == '\0' ||
      !rd_severity_from_string (json_object_get_string_member_with_default (object, "severity", NULL),
                                &severity))
    goto invalid;

  cause = g_new0 (RdCause, 1);
  cause->id = rd_cause_id_from_string (id);
  cause->name = g_strdup (id);
  cause->severity = severity;
  cause->confidence = CLAMP (json_object_get_double_member_with_default (object, "confidence", 0.5), 0.0, 1.0);
  cause->remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_remedy_free);
  cause->title = g_strdup (json_object_get_string_member_with_default (object, "title", ""));
  cause->explanation = g_strdup (json_object_get_string_member_with_default (object, "explanation", ""));

  member = json_object_get_member (object, "remedies");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *remedies = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (remedies); i++)
        {
          RdRemedy *remedy = remedy_new_from_json (json_array_get_element (remedies, i));
          if (remedy != NULL)
            g_ptr_array_add (cause->remedies, remedy);
        }
    }
  return cause;

invalid:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A cause in the report is incomplete or damaged."));
  return NULL;
}
