/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "rd-i18n.h"

#include <string.h>

#include "rd-check.h"
#include "rd-net.h"

/* Reverse names are evidence, not a verdict: never let them hold up the
 * checks that wait for the addresses. */
#define REVERSE_BUDGET_MS 1000

typedef struct _Lookup Lookup;

/* The answer for one address family. */
typedef struct
{
  Lookup *lookup;
  GList  *addresses;
  GError *error;
} Answer;

struct _Lookup
{
  GMainContext *context;
  guint         pending;
  Answer        ipv4;
  Answer        ipv6;
  GHashTable   *reverse;   /* address string -> name */
};

/* One lookup fewer to wait for. */
static void
lookup_done (Lookup *lookup)
{
  lookup->pending--;
  g_main_context_wakeup (lookup->context);
}

static void
on_forward_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Answer *answer = user_data;

  answer->addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (source), result,
                                                                   &answer->error);
  lookup_done (answer->lookup);
}

typedef struct
{
  Lookup *lookup;
  char   *address;
} ReverseData;

static void
on_reverse_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReverseData *data = user_data;
  g_autofree char *name = g_resolver_lookup_by_address_finish (G_RESOLVER (source), result, NULL);

  if (name != NULL)
    g_hash_table_insert (data->lookup->reverse, g_strdup (data->address), g_steal_pointer (&name));
  lookup_done (data->lookup);
  g_free (data->address);
  g_free (data);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the thread's own main context until nothing is pending or the
 * deadline passes; on expiry the lookups are cancelled (GIO's resolver
 * returns at once on cancellation, leaving the stuck getaddrinfo behind). */
static gboolean
iterate_until (Lookup       *lookup,
               gint64        deadline,
               GCancellable *cancellable)
{
  gboolean expired = FALSE;
  gint64 left_ms = MAX ((deadline - g_get_monotonic_time ()) / 1000, 0);
  g_autoptr(GSource) timeout = g_timeout_source_new ((guint) left_ms);
  gulong handler = 0;

  g_source_set_callback (timeout, on_deadline, &expired, NULL);
  g_source_attach (timeout, lookup->context);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (g_main_context_wakeup),
                                     lookup->context, NULL);

  while (lookup->pending > 0 && !expired && !g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (lookup->context, TRUE);

  g_source_destroy (timeout);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  return lookup->pending == 0;
}

static void
add_addresses (JsonArray *array,
               GList     *list)
{
  for (GList *l = list; l != NULL; l = l->next)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);
      json_array_add_string_element (array, text);
    }
}

static JsonArray *
read_resolvers (void)
{
  JsonArray *array = json_array_new ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/etc/resolv.conf", &contents, NULL, NULL))
    return array;

  lines = g_strsplit (contents, "\n", 0);
  for (guint i = 0; lines[i] != NULL && i < 256; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", 3);

      if (g_strv_length (words) >= 2 && g_str_equal (words[0], "nameserver"))
        json_array_add_string_element (array, words[1]);
    }
  return array;
}

static gboolean
name_in_hosts_file (const char *host)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/etc/hosts", &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *hash = strchr (lines[i], '#');
      g_auto(GStrv) words = NULL;
      gboolean address_seen = FALSE;

      if (hash != NULL)
        *hash = '\0';
      /* A blank or comment line splits into no words at all, and runs of
       * blanks into empty ones: the names are the words after the first
       * one that is not empty (the address). */
      words = g_strsplit_set (lines[i], " \t\r", 0);
      for (guint w = 0; words[w] != NULL; w++)
        {
          if (words[w][0] == '\0')
            continue;
          if (address_seen && g_ascii_strcasecmp (words[w], host) == 0)
            return TRUE;
          address_seen = TRUE;
        }
    }
  return FALSE;
}

static const char *
error_kind (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return "not-found";
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return "no-answer";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "timeout";
  return "error";
}

static void
lookup_clear (Lookup *lookup)
{
  g_list_free_full (lookup->ipv4.addresses, g_object_unref);
  g_list_free_full (lookup->ipv6.addresses, g_object_unref);
  g_clear_error (&lookup->ipv4.error);
  g_clear_error (&lookup->ipv6.error);
  g_clear_pointer (&lookup->reverse, g_hash_table_unref);
  g_main_context_unref (lookup->context);
}

/**
 * rd_check_dns:
 *
 * Every A and AAAA address of the name, asked separately so that a missing
 * family is visible; reverse names; the resolvers configured.
 */
RdFinding *
rd_check_dns (RdCheckContext *ctx)
{
  RdFinding *finding = rd_finding_new ("dns");
  JsonObject *evidence = rd_finding_get_evidence (finding);
  const char *host = rd_target_get_host (ctx->target);
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gulong handler = 0;
  Lookup lookup = { 0 };
  JsonArray *addresses = json_array_new ();
  JsonObject *reverse = json_object_new ();
  GList *all = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = rd_deadline_in_ms (ctx->timeout_ms);

  lookup.context = g_main_context_new ();
  lookup.reverse = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_main_context_push_thread_default (lookup.context);

  if (ctx->cancellable != NULL)
    handler = g_cancellable_connect (ctx->cancellable, G_CALLBACK (g_cancellable_cancel),
                                     cancellable, NULL);

  json_object_set_string_member (evidence, "name", host);
  json_object_set_array_member (evidence, "resolvers", read_resolvers ());

  if (rd_target_get_kind (ctx->target) != RD_TARGET_KIND_NAME)
    {
      json_object_set_boolean_member (evidence, "literal", TRUE);
      all = g_list_prepend (NULL, g_inet_address_new_from_string (host));
    }
  else
    {
      g_autoptr(JsonArray) v4 = json_array_new ();
      g_autoptr(JsonArray) v6 = json_array_new ();

      json_object_set_string_member (evidence, "source",
                                     name_in_hosts_file (host) ? "hosts-file" : "dns");

      lookup.pending = 2;
      lookup.ipv4.lookup = &lookup;
      lookup.ipv6.lookup = &lookup;
      g_resolver_lookup_by_name_with_flags_async (resolver, host,
                                                  G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY,
                                                  cancellable, on_forward_done, &lookup.ipv4);
      g_resolver_lookup_by_name_with_flags_async (resolver, host,
                                                  G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY,
                                                  cancellable, on_forward_done, &lookup.ipv6);
      if (!iterate_until (&lookup, deadline, ctx->cancellable))
        {
          g_cancellable_cancel (cancellable);
          /* The cancelled lookups report back at once; collect them. */
          iterate_until (&lookup, g_get_monotonic_time () + 200 * 1000, NULL);
          json_object_set_boolean_member (evidence, "timed_out", TRUE);
        }

      add_addresses (v4, lookup.ipv4.addresses);
      add_addresses (v6, lookup.ipv6.addresses);
      json_object_set_array_member (evidence, "ipv4", json_array_ref (v4));
      json_object_set_array_member (evidence, "ipv6", json_array_ref (v6));
      if (lookup.ipv4.error != NULL)
        json_object_set_string_member (evidence, "ipv4_error", error_kind (lookup.ipv4.error));
      if (lookup.ipv6.error != NULL)
        json_object_set_string_member (evidence, "ipv6_error", error_kind (lookup.ipv6.error));

      /* IPv6 first, as clients try it first. */
      for (GList *l = lookup.ipv6.addresses; l != NULL; l = l->next)
        all = g_list_append (all, g_object_ref (l->data));
      for (GList *l = lookup.ipv4.addresses; l != NULL; l = l->next)
        all = g_list_append (all, g_object_ref (l->data));
    }

  add_addresses (addresses, all);
  json_object_set_array_member (evidence, "addresses", addresses);

  /* Reverse names, all at once, within a small budget. */
  if (all != NULL && !g_cancellable_is_cancelled (ctx->cancellable))
    {
      g_autoptr(GCancellable) reverse_cancellable = g_cancellable_new ();
      guint count = 0;

      for (GList *l = all; l != NULL && count < 8; l = l->next, count++)
        {
          ReverseData *data;

          /* Loopback and link-local names say nothing about the host, and
           * asking for them would only send queries out for no answer. */
          if (g_inet_address_get_is_loopback (l->data) || g_inet_address_get_is_link_local (l->data))
            continue;
          data = g_new0 (ReverseData, 1);

          data->lookup = &lookup;
          data->address = g_inet_address_to_string (l->data);
          lookup.pending++;
          g_resolver_lookup_by_address_async (resolver, l->data, reverse_cancellable,
                                              on_reverse_done, data);
        }
      if (!iterate_until (&lookup, rd_deadline_in_ms (MIN (REVERSE_BUDGET_MS, ctx->timeout_ms)),
                          ctx->cancellable))
        {
          g_cancellable_cancel (reverse_cancellable);
          iterate_until (&lookup, g_get_monotonic_time () + 200 * 1000, NULL);
        }

      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, lookup.reverse);
        while (g_hash_table_iter_next (&iter, &key, &value))
          json_object_set_string_member (reverse, key, value);
      }
    }
  json_object_set_object_member (evidence, "reverse", reverse);

  if (g_cancellable_is_cancelled (ctx->cancellable))
    rd_finding_set_result (finding, RD_STATUS_SKIP, _("Stopped before the name was looked up."));
  else if (all == NULL)
    {
      const char *kind = error_kind (lookup.ipv4.error);

      if (json_object_get_boolean_member_with_default (evidence, "timed_out", FALSE))
        kind = "timeout";
      json_object_set_string_member (evidence, "error", kind != NULL ? kind : "not-found");
      if (g_strcmp0 (kind, "not-found") == 0)
        rd_finding_set_result (finding, RD_STATUS_FAIL,
                               _("The name “%s” does not exist for your network."),
                               rd_target_get_display_host (ctx->target));
      else
        rd_finding_set_result (finding, RD_STATUS_FAIL,
                               _("No name server answered for “%s”."),
                               rd_target_get_display_host (ctx->target));
    }
  else if (rd_target_get_kind (ctx->target) != RD_TARGET_KIND_NAME)
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           _("You gave an address, so no name lookup was needed."));
  else
    rd_finding_set_result (finding, RD_STATUS_PASS,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The name “%s” leads to %u address.",
                                        "The name “%s” leads to %u addresses.",
                                        g_list_length (all)),
                           rd_target_get_display_host (ctx->target), g_list_length (all));

  if (handler != 0)
    g_cancellable_disconnect (ctx->cancellable, handler);
  g_main_context_pop_thread_default (lookup.context);
  g_list_free_full (all, g_object_unref);
  /* Late callbacks of abandoned lookups run in a context nobody iterates, so
   * they can no longer touch the stack. */
  lookup_clear (&lookup);

  rd_finding_set_duration_ms (finding, rd_ms_since (start));
  return finding;
}
