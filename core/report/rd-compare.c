/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The helpdesk's side by side: a caller's saved report and the same
 * checks run from the helpdesk's computer. What differs says which side
 * the problem is on. Pure logic, no GTK. */
#include "rd-i18n.h"

#include "rd-compare.h"

void
rd_compare_row_free (RdCompareRow *row)
{
  if (row == NULL)
    return;
  g_free (row->check_id);
  g_free (row->name);
  g_free (row->caller_summary);
  g_free (row->here_summary);
  g_free (row->sentence);
  g_free (row);
}

/* Short names, as a column heading would say them. */
static const char *
check_name (const char *id)
{
  static const struct
  {
    const char *id;
    const char *name;
  } names[] = {
    { "local", N_("This computer’s network") },
    { "dns", N_("Finding the address") },
    { "tcp", N_("Remote Desktop port") },
    { "ports", N_("Other ports") },
    { "negotiate", N_("Security negotiation") },
    { "udp", N_("Remote Desktop over UDP") },
    { "tls", N_("Secure connection (TLS)") },
    { "nla", N_("Network Level Authentication") },
    { "clock", N_("Clocks") },
    { "mtu", N_("Packet size on the way") },
    { "latency", N_("Speed and lost packets") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].id, id))
      return _(names[i].name);
  return id;
}

typedef enum
{
  OUTCOME_OK,
  OUTCOME_PROBLEM,
  OUTCOME_NONE,
} Outcome;

static Outcome
outcome (RdStatus status)
{
  switch (status)
    {
    case RD_STATUS_PASS:
      return OUTCOME_OK;
    case RD_STATUS_SKIP:
      return OUTCOME_NONE;
    case RD_STATUS_WARN:
    case RD_STATUS_FAIL:
    case RD_STATUS_ERROR:
    default:
      return OUTCOME_PROBLEM;
    }
}

/* What a check that fails for the caller but passes here means. */
static char *
caller_side_sentence (const char     *id,
                      const RdReport *caller)
{
  guint port = rd_target_get_port (rd_report_get_target (caller));

  if (g_str_equal (id, "udp"))
    /* Translators: %u is the Remote Desktop port, e.g. 3389 */
    return g_strdup_printf (_("On the caller’s network UDP %u is dropped; here it is not: the caller’s network or firewall blocks UDP."),
                            port);
  if (g_str_equal (id, "tcp"))
    /* Translators: %u is the Remote Desktop port, e.g. 3389 */
    return g_strdup_printf (_("Port %u does not answer from the caller’s network; here it does: a firewall or VPN on the caller’s side blocks it."),
                            port);
  if (g_str_equal (id, "local"))
    return g_strdup (_("The caller’s computer has a network problem of its own (its connection or its router); this one does not."));
  if (g_str_equal (id, "dns"))
    return g_strdup (_("The caller’s computer cannot find the address; this one can: the caller’s name server (DNS) or VPN is the difference."));
  if (g_str_equal (id, "negotiate") || g_str_equal (id, "tls") || g_str_equal (id, "nla"))
    return g_strdup (_("The secure connection fails from the caller’s computer but not from here: something on the caller’s side (security software, a proxy or an old Remote Desktop app) gets in the way."));
  if (g_str_equal (id, "mtu"))
    return g_strdup (_("Large packets are lost on the caller’s way but not on this one: the caller’s network needs a smaller packet size (MTU)."));
  if (g_str_equal (id, "latency"))
    return g_strdup (_("The caller’s connection is slow or loses packets; this one does not."));
  if (g_str_equal (id, "clock"))
    return g_strdup (_("The caller’s clock or the remote computer’s disagrees with the other; from here the clocks agree."));
  /* Translators: %s is a check's short name, e.g. "Other ports" */
  return g_strdup_printf (_("%s: a problem from the caller’s computer, none from here: the difference is on the caller’s side."),
                          check_name (id));
}

/**
 * rd_compare_reports:
 * @caller: the saved report
 * @here: the same computer checked from here
 *
 * Returns: (transfer full) (element-type RdCompareRow): one row per check
 */
GPtrArray *
rd_compare_reports (const RdReport *caller,
                    const RdReport *here)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_compare_row_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const RdReport *both[] = { caller, here };

  for (guint side = 0; side < G_N_ELEMENTS (both); side++)
    {
      GPtrArray *findings = rd_report_get_findings (both[side]);

      for (guint i = 0; i < findings->len; i++)
        {
          const char *id = rd_finding_get_check_id (g_ptr_array_index (findings, i));

          if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
            g_ptr_array_add (ids, (gpointer) id);
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      RdFinding *a = rd_report_lookup_finding (caller, id);
      RdFinding *b = rd_report_lookup_finding (here, id);
      RdCompareRow *row = g_new0 (RdCompareRow, 1);
      Outcome oa, ob;

      row->check_id = g_strdup (id);
      row->name = g_strdup (check_name (id));
      row->caller = a != NULL ? rd_finding_get_status (a) : RD_STATUS_SKIP;
      row->here = b != NULL ? rd_finding_get_status (b) : RD_STATUS_SKIP;
      row->caller_summary = g_strdup (a != NULL ? rd_finding_get_summary (a) : "");
      row->here_summary = g_strdup (b != NULL ? rd_finding_get_summary (b) : "");
      oa = outcome (row->caller);
      ob = outcome (row->here);
      row->differs = oa != ob;

      /* A check skipped on one side (an earlier one failed) is a
       * consequence, not a finding of its own. */
      if (oa == OUTCOME_PROBLEM && ob == OUTCOME_OK)
        row->sentence = caller_side_sentence (id, caller);
      else if (oa == OUTCOME_OK && ob == OUTCOME_PROBLEM)
        /* Translators: %s is a check's short name, e.g. "Remote Desktop over UDP" */
        row->sentence = g_strdup_printf (_("%s: fine from the caller’s computer, a problem from here: the difference is on this side, not the caller’s."),
                                         row->name);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/**
 * rd_compare_conclusion:
 *
 * Returns: (transfer full): one sentence for the helpdesk: where the
 *   problem is, judging by the two reports' causes
 */
char *
rd_compare_conclusion (const RdReport *caller,
                       const RdReport *here)
{
  const RdCause *a = rd_report_get_main_cause (caller);
  const RdCause *b = rd_report_get_main_cause (here);

  if (a == NULL && b == NULL)
    return g_strdup (_("Both computers reach it without a problem."));
  if (a != NULL && b != NULL && g_str_equal (a->name, b->name))
    /* Translators: %s is the cause's title */
    return g_strdup_printf (_("Both computers find the same problem: “%s”. It is on the computer they connect to or on the way to it, not on the caller’s computer alone."),
                            a->title);
  if (b == NULL)
    /* Translators: %s is the cause's title */
    return g_strdup_printf (_("From here it works. The caller’s problem, “%s”, is on the caller’s side: their computer, their network or their VPN."),
                            a->title);
  if (a == NULL)
    /* Translators: %s is the cause's title */
    return g_strdup_printf (_("It works for the caller but not from here (“%s”): the problem is on this side."),
                            b->title);
  /* Translators: the two causes' titles: the caller's, then this computer's */
  return g_strdup_printf (_("The two computers find different problems: the caller’s is “%s”, from here it is “%s”."),
                          a->title, b->title);
}
