/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <stdlib.h>
#include <string.h>

#include "rd-finding.h"
#include "rd-json.h"
#include "rd-remedy-catalogue.h"
#include "rd-tls.h"

/*
 * The parameters of the catalogue's templates, and the command lines of its
 * actions. The table itself is in rd-remedies.c.
 */

typedef enum
{
  PARAM_TEXT,
  PARAM_INTEGER,
  PARAM_REAL,
} ParamType;

static const ParamType param_types[RD_N_PARAMS] = {
  [RD_PARAM_NONE] = PARAM_TEXT,
  [RD_PARAM_HOST] = PARAM_TEXT,
  [RD_PARAM_ADDRESS] = PARAM_TEXT,
  [RD_PARAM_TARGET] = PARAM_TEXT,
  [RD_PARAM_PORT] = PARAM_INTEGER,
  [RD_PARAM_IPV4] = PARAM_TEXT,
  [RD_PARAM_MTU] = PARAM_INTEGER,
  [RD_PARAM_DEVICE] = PARAM_TEXT,
  [RD_PARAM_RTT] = PARAM_REAL,
  [RD_PARAM_ANSWER_MS] = PARAM_REAL,
  [RD_PARAM_RDGATEWAY_HOST] = PARAM_TEXT,
  [RD_PARAM_RDGATEWAY_ADDRESS] = PARAM_TEXT,
  [RD_PARAM_RDGATEWAY_TARGET] = PARAM_TEXT,
  [RD_PARAM_RDGATEWAY_PORT] = PARAM_INTEGER,
};

struct _RdRemedyParams
{
  char     *text[RD_N_PARAMS];     /* NULL: not known */
  gint64    integer[RD_N_PARAMS];
  double    real[RD_N_PARAMS];
  gboolean  holds[RD_N_WHENS];
};

static RdFinding *
lookup_finding (GHashTable *findings,
                const char *check_id)
{
  return findings != NULL ? g_hash_table_lookup (findings, check_id) : NULL;
}

static char *
first_ipv4 (GHashTable *findings)
{
  RdFinding *dns = lookup_finding (findings, "dns");
  JsonNode *node = dns != NULL ? json_object_get_member (rd_finding_get_evidence (dns), "ipv4") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return NULL;
  return g_strdup (json_array_get_string_element (json_node_get_array (node), 0));
}

/**
 * rd_remedy_params_new:
 * @target: what was checked
 * @findings: (nullable): check id -> RdFinding
 *
 * Returns: (transfer full): the parameters' values for @target
 */
RdRemedyParams *
rd_remedy_params_new (const RdTarget *target,
                      GHashTable     *findings)
{
  RdRemedyParams *params = g_new0 (RdRemedyParams, 1);
  RdFinding *mtu = lookup_finding (findings, "mtu");
  RdFinding *latency = lookup_finding (findings, "latency");
  RdFinding *negotiate = lookup_finding (findings, "negotiate");
  RdFinding *tls = lookup_finding (findings, "tls");
  JsonObject *evidence = latency != NULL ? rd_finding_get_evidence (latency) : NULL;
  const char *interface = mtu != NULL ? rd_finding_get_string (mtu, "interface") : NULL;

  params->text[RD_PARAM_HOST] = g_strdup (rd_target_get_display_host (target));
  params->text[RD_PARAM_ADDRESS] = g_strdup (rd_target_get_host (target));
  params->text[RD_PARAM_TARGET] = rd_target_to_string (target);
  params->integer[RD_PARAM_PORT] = rd_target_get_port (target);
  params->text[RD_PARAM_IPV4] = first_ipv4 (findings);
  params->integer[RD_PARAM_MTU] = mtu != NULL ? rd_finding_get_int (mtu, "suggested_mtu", 1400) : 1400;

  /* The interface the route to the host leaves by, when we know it. */
  if (interface != NULL)
    params->text[RD_PARAM_DEVICE] = g_shell_quote (interface);
  else
    params->text[RD_PARAM_DEVICE] =
      g_strdup_printf ("\"$(ip -o route get %s | awk '{for (i = 1; i < NF; i++) if ($i == \"dev\") print $(i + 1)}')\"",
                       rd_target_get_host (target));

  /* The Remote Desktop Gateway's, unknown when there is none. */
  if (rd_target_get_rdgateway_host (target) != NULL)
    {
      const char *gateway = rd_target_get_rdgateway_host (target);
      gboolean ipv6 = rd_target_get_rdgateway_kind (target) == RD_TARGET_KIND_IPV6;
      guint port = rd_target_get_rdgateway_port (target);

      params->text[RD_PARAM_RDGATEWAY_HOST] = g_strdup (rd_target_get_rdgateway_display_host (target));
      params->text[RD_PARAM_RDGATEWAY_ADDRESS] = g_strdup (gateway);
      params->text[RD_PARAM_RDGATEWAY_TARGET] = g_strdup_printf (ipv6 ? "[%s]:%u" : "%s:%u", gateway, port);
    }
  params->integer[RD_PARAM_RDGATEWAY_PORT] = rd_target_get_rdgateway_port (target);

  params->real[RD_PARAM_RTT] = evidence != NULL ? json_object_get_double_member_with_default (evidence, "rtt_ms", 0) : 0;
  params->real[RD_PARAM_ANSWER_MS] = evidence != NULL ? json_object_get_double_member_with_default (evidence, "answer_ms", 0) : 0;

  params->holds[RD_WHEN_ALWAYS] = TRUE;
  params->holds[RD_WHEN_SLOW_GATEWAY] =
    evidence != NULL && json_object_get_double_member_with_default (evidence, "gateway_rtt_ms", -1) > 100;
  params->holds[RD_WHEN_TLS_ONLY_ACCEPTED] =
    negotiate != NULL && rd_finding_get_bool (negotiate, "tls_only_accepted", FALSE);
  if (tls != NULL)
    {
      JsonObject *retry = rd_json_get_object (rd_finding_get_evidence (tls), "legacy_retry");
      JsonObject *certificate = rd_json_get_object (rd_finding_get_evidence (tls), "certificate");
      int version = retry != NULL ? rd_tls_version_number (json_object_get_string_member_with_default (retry, "version", NULL)) : 0;

      params->holds[RD_WHEN_HOST_TLS_OLD] = version > 0 && version < 12;
      params->holds[RD_WHEN_CERT_WEAK] = certificate != NULL && rd_tls_certificate_is_weak (certificate);
    }

  return params;
}

void
rd_remedy_params_free (RdRemedyParams *params)
{
  if (params == NULL)
    return;
  for (guint i = 0; i < RD_N_PARAMS; i++)
    g_free (params->text[i]);
  g_free (params);
}

gboolean
rd_remedy_params_holds (const RdRemedyParams *params,
                        RdWhen                when)
{
  g_return_val_if_fail (when < RD_N_WHENS, FALSE);
  return params->holds[when];
}

static gboolean
param_known (const RdRemedyParams *params,
             RdParam               param)
{
  return param == RD_PARAM_NONE || param_types[param] != PARAM_TEXT || params->text[param] != NULL;
}

/* One conversion of @format at @p ("%s", "%2$u", "%.0f"): appends the
 * parameter to @out and returns where the format goes on, or NULL when the
 * conversion does not fit the parameter. */
static const char *
append_conversion (GString              *out,
                   const char           *p,
                   const RdTemplate     *tmpl,
                   guint                *next,
                   const RdRemedyParams *params)
{
  guint index = (*next)++;
  int precision = 6;
  RdParam param;
  char *end;

  if (g_ascii_isdigit (*p))
    {
      guint64 position = g_ascii_strtoull (p, &end, 10);

      if (*end != '$' || position == 0 || position > G_N_ELEMENTS (tmpl->args))
        return NULL;
      index = position - 1;
      p = end + 1;
    }
  if (*p == '.')
    {
      precision = CLAMP (strtol (p + 1, &end, 10), 0, 9);
      p = end;
    }
  if (index >= G_N_ELEMENTS (tmpl->args) || tmpl->args[index] == RD_PARAM_NONE)
    return NULL;

  param = tmpl->args[index];
  switch (*p)
    {
    case 's':
      if (param_types[param] != PARAM_TEXT)
        return NULL;
      g_string_append (out, params->text[param]);
      break;
    case 'u':
    case 'd':
      if (param_types[param] != PARAM_INTEGER)
        return NULL;
      g_string_append_printf (out, "%" G_GINT64_FORMAT, params->integer[param]);
      break;
    case 'f':
      if (param_types[param] != PARAM_REAL)
        return NULL;
      g_string_append_printf (out, "%.*f", precision, params->real[param]);
      break;
    default:
      return NULL;
    }
  return p + 1;
}

static char *
render_format (const RdTemplate     *tmpl,
               const char           *format,
               const RdRemedyParams *params)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint next = 0;

  for (const char *p = format; *p != '\0'; )
    {
      if (p[0] != '%')
        g_string_append_c (out, *p++);
      else if (p[1] == '%')
        {
          g_string_append_c (out, '%');
          p += 2;
        }
      else if ((p = append_conversion (out, p + 1, tmpl, &next, params)) == NULL)
        {
          g_critical ("The template “%s” does not fit its parameters", format);
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rd_template_render:
 * @tmpl: a template of the catalogue
 * @translate: whether its texts are messages to translate
 * @params: the values
 *
 * A template without parameters is taken as it is: a "%" in it (or in its
 * translation) is no conversion.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when a parameter
 *   is unknown and the template has nothing for that case
 */
char *
rd_template_render (const RdTemplate     *tmpl,
                    gboolean              translate,
                    const RdRemedyParams *params)
{
  const char *format = translate ? _(tmpl->format) : tmpl->format;
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (tmpl->args); i++)
    {
      if (param_known (params, tmpl->args[i]))
        continue;
      if (tmpl->otherwise == NULL)
        return NULL;
      return g_strdup (translate ? _(tmpl->otherwise) : tmpl->otherwise);
    }

  if (tmpl->args[0] == RD_PARAM_NONE)
    return g_strdup (format);
  text = render_format (tmpl, format, params);
  /* A translation that does not fit: better the original than nothing. */
  if (text == NULL && format != tmpl->format)
    text = render_format (tmpl, tmpl->format, params);
  return text;
}

const char *
rd_shell_to_string (RdShell shell)
{
  switch (shell)
    {
    case RD_SHELL_CMD:
      return "cmd";
    case RD_SHELL_SH:
      return "sh";
    case RD_SHELL_POWERSHELL:
    default:
      return "powershell";
    }
}

const char *
rd_firewall_selector_to_string (RdFirewallSelector selector)
{
  return selector == RD_FIREWALL_DISPLAY_GROUP ? "DisplayGroup" : "DisplayName";
}

/* "HKLM:\\SYSTEM\\..." as reg.exe writes it: "HKLM\\SYSTEM\\...". */
static char *
reg_exe_key (const char *key)
{
  const char *colon = strstr (key, ":\\");

  if (colon == NULL)
    return g_strdup (key);
  return g_strdup_printf ("%.*s%s", (int) (colon - key), key, colon + 1);
}

/* A registry change (@kind) in the action's shell, with @data for a value
 * that is set. */
static char *
render_registry (const RdAction *action,
                 RdActionKind    kind,
                 const char     *data)
{
  const char *key = action->registry.key;
  const char *name = action->registry.name;
  gboolean dword = action->registry.type == RD_REGISTRY_DWORD;

  if (action->shell == RD_SHELL_CMD)
    {
      g_autofree char *reg_key = reg_exe_key (key);

      if (kind == RD_ACTION_REGISTRY_REMOVE)
        return g_strdup_printf ("REG DELETE \"%s\" /v %s /f", reg_key, name);
      if (kind == RD_ACTION_REGISTRY_KEY)
        return g_strdup_printf ("REG ADD \"%s\" /f", reg_key);
      return g_strdup_printf ("REG ADD \"%s\" /v %s%s /d %s /f", reg_key, name, dword ? " /t REG_DWORD" : "", data);
    }

  if (kind == RD_ACTION_REGISTRY_REMOVE)
    return g_strdup_printf ("Remove-ItemProperty -Path '%s' -Name %s -ErrorAction SilentlyContinue", key, name);
  if (kind == RD_ACTION_REGISTRY_KEY)
    return g_strdup_printf ("New-Item -Path '%s' -Force | Out-Null", key);
  return g_strdup_printf ("Set-ItemProperty -Path '%s' -Name %s -Value %s%s", key, name, data, dword ? " -Type DWord" : "");
}

/**
 * rd_action_render_listing:
 *
 * Returns: (transfer full) (nullable): the part of the action's command that
 *   lists what it works on, for a look before the change
 */
char *
rd_action_render_listing (const RdAction *action)
{
  if (action->kind == RD_ACTION_SERVICE && action->service.verb == RD_SERVICE_START_STOPPED)
    return g_strdup_printf ("Get-Service %s | Where-Object Status -ne Running", action->service.names);
  if (action->kind == RD_ACTION_CERTIFICATES_REMOVE)
    return g_strdup_printf ("Get-ChildItem '%s'", action->certificates.store);
  return NULL;
}

static char *
render_service (const RdAction *action)
{
  g_autofree char *listing = NULL;

  switch (action->service.verb)
    {
    case RD_SERVICE_START:
      return g_strdup_printf ("Start-Service %s", action->service.names);
    case RD_SERVICE_RESTART:
      return g_strdup_printf ("Restart-Service %s -Force", action->service.names);
    case RD_SERVICE_START_STOPPED:
    default:
      listing = rd_action_render_listing (action);
      return g_strdup_printf ("%s | Start-Service", listing);
    }
}

/**
 * rd_action_render_command:
 *
 * Returns: (transfer full) (nullable): the command line that carries out
 *   @action in its shell; NULL for a profile setting
 */
char *
rd_action_render_command (const RdAction       *action,
                          const RdRemedyParams *params)
{
  g_autofree char *listing = NULL;

  switch (action->kind)
    {
    case RD_ACTION_SHOW:
    case RD_ACTION_RUN:
      return rd_template_render (&action->command, FALSE, params);
    case RD_ACTION_REGISTRY_SET:
    case RD_ACTION_REGISTRY_REMOVE:
    case RD_ACTION_REGISTRY_KEY:
      return render_registry (action, action->kind, action->registry.data);
    case RD_ACTION_FIREWALL:
      return g_strdup_printf ("%s-NetFirewallRule -%s \"%s\"", action->firewall.enable ? "Enable" : "Disable",
                              rd_firewall_selector_to_string (action->firewall.selector), action->firewall.rules);
    case RD_ACTION_SERVICE:
      return render_service (action);
    case RD_ACTION_CERTIFICATES_REMOVE:
      listing = rd_action_render_listing (action);
      return g_strdup_printf ("%s | Remove-Item", listing);
    case RD_ACTION_RENAME:
      return g_strdup_printf ("Rename-Item -Path %s -NewName %s", action->rename.path, action->rename.new_name);
    case RD_ACTION_RESTART_COMPUTER:
      return g_strdup (action->restart.force ? "Restart-Computer -Force" : "Restart-Computer");
    case RD_ACTION_PROFILE:
    case RD_ACTION_NONE:
    default:
      return NULL;
    }
}

/**
 * rd_action_render_undo:
 *
 * Returns: (transfer full) (nullable): the command line that undoes
 *   @action, in its shell (a profile line for a profile setting), or NULL
 *   when it has no undo
 */
char *
rd_action_render_undo (const RdAction *action)
{
  switch (action->kind)
    {
    case RD_ACTION_REGISTRY_SET:
    case RD_ACTION_REGISTRY_REMOVE:
      if (action->registry.undo == RD_UNDO_REMOVE)
        return render_registry (action, RD_ACTION_REGISTRY_REMOVE, NULL);
      if (action->registry.undo == RD_UNDO_PREVIOUS)
        return render_registry (action, RD_ACTION_REGISTRY_SET, action->registry.previous);
      return NULL;
    case RD_ACTION_PROFILE:
      return g_strdup (action->profile.previous);
    default:
      return NULL;
    }
}
