/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-cause.h"
#include "rd-target.h"

G_BEGIN_DECLS

/*
 * The remedy catalogue: for each cause, what it means for a person and the
 * remedies that fix it, as data (the table is in rd-remedies.c). Everything
 * else is a rendering of it: rd_remedies_describe() makes a cause's title,
 * explanation, steps and commands by shell; the host script
 * (rd-host-script.c) renders the same actions with a look at the current
 * state before each change, and their undo.
 *
 * What depends on the measurement (the host's name, the port, an address,
 * a packet size) is a parameter (RdParam), filled in from the target and
 * the findings (RdRemedyParams).
 */

typedef enum
{
  RD_PARAM_NONE,
  RD_PARAM_HOST,        /* the name as typed, Unicode: for people */
  RD_PARAM_ADDRESS,     /* the name or address for commands */
  RD_PARAM_TARGET,      /* "name:port" */
  RD_PARAM_PORT,
  RD_PARAM_IPV4,        /* the first IPv4 address of the name; may be unknown */
  RD_PARAM_MTU,         /* the packet size that gets through */
  RD_PARAM_DEVICE,      /* the network interface towards the host, for sh */
  RD_PARAM_RTT,         /* the round trip to the host, in ms */
  RD_PARAM_ANSWER_MS,   /* the time the host took to answer, in ms */
  RD_PARAM_RDGATEWAY_HOST,     /* the Remote Desktop Gateway's name, Unicode: for people */
  RD_PARAM_RDGATEWAY_ADDRESS,  /* its name or address for commands */
  RD_PARAM_RDGATEWAY_TARGET,   /* "name:port" */
  RD_PARAM_RDGATEWAY_PORT,
  RD_N_PARAMS
} RdParam;

/* When an optional row applies. */
typedef enum
{
  RD_WHEN_ALWAYS,
  RD_WHEN_TLS_ONLY_ACCEPTED,   /* the host took a connection without NLA */
  RD_WHEN_SLOW_GATEWAY,        /* even the router answers slowly */
  RD_WHEN_HOST_TLS_OLD,        /* the host's best is TLS 1.0 or 1.1 */
  RD_WHEN_CERT_WEAK,           /* the host's certificate has a short key or SHA-1 */
  RD_N_WHENS
} RdWhen;

/**
 * RdTemplate:
 * @format: printf-like (%s, %u, %d, %.Nf, also as %N$s): a message marked
 *   with N_() where a person reads it, a command otherwise
 * @args: the parameters for the conversions, in order
 * @otherwise: (nullable): the text to use when a parameter is unknown;
 *   without it the row is left out
 */
typedef struct
{
  const char *format;
  RdParam     args[2];
  const char *otherwise;
} RdTemplate;

typedef enum
{
  RD_SHELL_POWERSHELL,  /* Windows PowerShell, as administrator */
  RD_SHELL_CMD,         /* cmd.exe: programs such as reg.exe, w32tm, icacls */
  RD_SHELL_SH,          /* a shell on this (Linux) computer */
} RdShell;

typedef enum
{
  RD_ACTION_NONE,             /* ends a list */
  RD_ACTION_SHOW,             /* a command that only reads the state */
  RD_ACTION_RUN,              /* a command that changes what no kind below covers */
  RD_ACTION_REGISTRY_SET,     /* a registry value */
  RD_ACTION_REGISTRY_REMOVE,
  RD_ACTION_REGISTRY_KEY,     /* creates a registry key */
  RD_ACTION_FIREWALL,         /* turns firewall rules on or off */
  RD_ACTION_SERVICE,
  RD_ACTION_CERTIFICATES_REMOVE, /* empties a certificate store */
  RD_ACTION_RENAME,           /* renames a file or folder */
  RD_ACTION_RESTART_COMPUTER,
  RD_ACTION_PROFILE,          /* a line of the connection profile (.rdp) */
} RdActionKind;

typedef enum
{
  RD_REGISTRY_KEEP_TYPE,      /* the value exists: Set-ItemProperty keeps its type */
  RD_REGISTRY_DWORD,
} RdRegistryType;

/* How a change is undone. */
typedef enum
{
  RD_UNDO_NONE,               /* a repair: the state before it was the fault */
  RD_UNDO_REMOVE,             /* remove the value again */
  RD_UNDO_PREVIOUS,           /* set the previous data again */
} RdUndo;

typedef enum
{
  RD_SERVICE_START,
  RD_SERVICE_RESTART,
  RD_SERVICE_START_STOPPED,   /* start those of the services that are not running */
} RdServiceVerb;

typedef enum
{
  RD_FIREWALL_DISPLAY_GROUP,
  RD_FIREWALL_DISPLAY_NAME,
} RdFirewallSelector;

/**
 * RdAction:
 *
 * One thing a remedy does, in one shell. The member of the union that
 * @kind names holds its details.
 */
typedef struct
{
  RdActionKind kind;
  RdShell      shell;
  /* Undo it after a test; it then needs an undo. */
  gboolean     lowers_security;
  union
  {
    /* RD_ACTION_SHOW, RD_ACTION_RUN */
    RdTemplate command;
    /* RD_ACTION_REGISTRY_* */
    struct
    {
      const char     *key;       /* as PowerShell writes it: "HKLM:\\SYSTEM\\..." */
      const char     *name;      /* the value; unused for RD_ACTION_REGISTRY_KEY */
      const char     *data;
      RdRegistryType  type;
      RdUndo          undo;
      const char     *previous;  /* the data for RD_UNDO_PREVIOUS */
    } registry;
    /* RD_ACTION_FIREWALL */
    struct
    {
      RdFirewallSelector  selector;
      const char         *rules;
      gboolean            enable;
    } firewall;
    /* RD_ACTION_SERVICE */
    struct
    {
      RdServiceVerb  verb;
      const char    *names;      /* "SessionEnv, CertPropSvc" */
    } service;
    /* RD_ACTION_CERTIFICATES_REMOVE: Windows makes a new certificate */
    struct
    {
      const char *store;         /* "Cert:\\LocalMachine\\Remote Desktop" */
    } certificates;
    /* RD_ACTION_RENAME */
    struct
    {
      const char *path;
      const char *new_name;
    } rename;
    /* RD_ACTION_RESTART_COMPUTER */
    struct
    {
      gboolean force;
    } restart;
    /* RD_ACTION_PROFILE: written by the app or by hand as the steps say */
    struct
    {
      const char *setting;       /* "enablecredsspsupport:i:0" */
      const char *previous;
    } profile;
  };
} RdAction;

#define RD_REMEDY_MAX_STEPS 5
#define RD_REMEDY_MAX_ACTIONS 6

/**
 * RdRemedyInfo:
 *
 * A remedy of the catalogue. The same remedy may serve several causes; two
 * causes may also word a remedy of the same id their own way.
 */
typedef struct
{
  const char  *id;
  RdSide       side;
  const char  *title;         /* N_() */
  RdWhen       when;
  /* What the app can do for it itself (RdRemedy.action), or NULL. */
  const char  *app_action;
  RdTemplate   steps[RD_REMEDY_MAX_STEPS];          /* N_(); to the first NULL format */
  RdAction     actions[RD_REMEDY_MAX_ACTIONS];      /* to the first RD_ACTION_NONE */
} RdRemedyInfo;

#define RD_CAUSE_MAX_REMEDIES 5

/**
 * RdCauseRemedies:
 *
 * A row of the catalogue: the words for a cause and its remedies, most
 * fitting first.
 */
typedef struct
{
  RdCauseId            id;
  const char          *title;            /* N_() */
  RdTemplate           explanation;      /* N_() */
  /* A sentence added to the explanation when @addendum_when holds. */
  const char          *addendum;         /* N_() */
  RdWhen               addendum_when;
  const RdRemedyInfo  *remedies[RD_CAUSE_MAX_REMEDIES];  /* to the first NULL */
} RdCauseRemedies;

/* The row of @id; NULL for causes without one (RD_CAUSE_OTHER). */
const RdCauseRemedies *rd_remedy_catalogue_lookup_cause (RdCauseId   id);
/* The remedy @remedy_id as @cause words it, or NULL. */
const RdRemedyInfo    *rd_remedy_catalogue_lookup       (RdCauseId   cause,
                                                         const char *remedy_id);
const RdCauseRemedies *rd_remedy_catalogue_get_all      (guint      *n_rows);

/**
 * RdRemedyParams:
 *
 * The values of the parameters for one target and its findings.
 */
typedef struct _RdRemedyParams RdRemedyParams;

/* @findings: check id -> RdFinding */
RdRemedyParams *rd_remedy_params_new       (const RdTarget       *target,
                                            GHashTable           *findings);
void            rd_remedy_params_free      (RdRemedyParams       *params);
gboolean        rd_remedy_params_holds     (const RdRemedyParams *params,
                                            RdWhen                when);

/* @tmpl filled in, its texts translated first when @translate is TRUE;
 * NULL when a parameter is unknown and there is no @otherwise. */
char       *rd_template_render           (const RdTemplate     *tmpl,
                                          gboolean              translate,
                                          const RdRemedyParams *params);

const char *rd_shell_to_string           (RdShell               shell);
const char *rd_firewall_selector_to_string (RdFirewallSelector  selector);
/* A remedy for a person (translated) with its commands; see
 * rd_remedies_describe() for a whole cause. */
RdRemedy   *rd_remedy_info_render        (const RdRemedyInfo   *info,
                                          const RdRemedyParams *params);

/* The command line that does @action; NULL for RD_ACTION_PROFILE. */
char       *rd_action_render_command     (const RdAction       *action,
                                          const RdRemedyParams *params);
/* The command line that undoes it, or NULL. */
char       *rd_action_render_undo        (const RdAction       *action);
/* For actions that work on what a listing finds (a certificate store,
 * services that are not running): the listing part of the command, or NULL. */
char       *rd_action_render_listing     (const RdAction       *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRemedyParams, rd_remedy_params_free)

G_END_DECLS
