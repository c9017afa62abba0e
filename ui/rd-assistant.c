/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-assistant.h"
#include "rd-plan.h"

struct _RdAssistant
{
  GtkBox     parent_instance;

  GtkLabel  *step_label;
  GtkStack  *stack;

  GPtrArray *flow;            /* RdPage*, owned by the stack: this run's pages */
  guint      current;
  RdPage    *extra;           /* shown after the run's pages, not a step of it */
  gboolean   read_only;
  gboolean   planned;         /* the pages follow a report: the count is final */
  gboolean   can_go_back;
  gboolean   can_go_forward;
  char      *step;
  char      *heading;
};

static void rd_assistant_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdAssistant, rd_assistant, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, rd_assistant_buildable_init))

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_STEP,
  PROP_HEADING,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

enum
{
  PAGE_CHANGED,
  SHOW_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static GtkBuildableIface *parent_buildable_iface;

static RdPage *
current_page (RdAssistant *self)
{
  return self->current < self->flow->len ? g_ptr_array_index (self->flow, self->current) : NULL;
}

static gboolean
page_is (RdPage     *page,
         const char *id)
{
  return g_strcmp0 (rd_page_get_id (page), id) == 0;
}

/* Where the run's own pages start: after the checks. */
static guint
first_step (RdAssistant *self)
{
  for (guint i = 0; i < self->flow->len; i++)
    if (page_is (g_ptr_array_index (self->flow, i), RD_PAGE_CHECKING))
      return i + 1;
  return 0;
}

/* The first page Back may reach: a saved report starts at its steps. */
static guint
first_page (RdAssistant *self)
{
  return self->read_only ? first_step (self) : 0;
}

static void
update_navigation (RdAssistant *self)
{
  RdPage *page = current_page (self);
  gboolean back = self->current > first_page (self);
  /* The checking page is a wait: the checks go on from it, not the person.
   * The welcome page's next is the checking page, so it may go forward. */
  gboolean forward = page != NULL && !page_is (page, RD_PAGE_CHECKING) &&
                     self->current + 1 < self->flow->len && rd_page_get_complete (page);

  if (back != self->can_go_back)
    {
      self->can_go_back = back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
    }
  if (forward != self->can_go_forward)
    {
      self->can_go_forward = forward;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
    }
}

/* The steps are the run's pages after the checks, counted once the
 * checks have planned them: the count never changes under the person.
 * The welcome and checking pages, and the helpdesk's side by side, are
 * none of them. */
static gboolean
n_steps (RdAssistant *self,
         guint       *position,
         guint       *total)
{
  guint first = first_step (self);
  guint last = self->flow->len - (self->extra != NULL ? 1 : 0);

  if (!self->planned || self->current < first || self->current >= last)
    return FALSE;
  *position = self->current - first + 1;
  *total = last - first;
  return TRUE;
}

static void
update_title (RdAssistant *self)
{
  RdPage *page = current_page (self);
  guint position, total;

  g_clear_pointer (&self->step, g_free);
  g_clear_pointer (&self->heading, g_free);
  if (page == NULL)
    ;
  else if (!n_steps (self, &position, &total))
    self->heading = g_strdup (rd_page_get_title (page));
  else
    {
      /* Translators: under the page's title, e.g. "Step 1 of 3" */
      self->step = g_strdup_printf (_("Step %u of %u"), position, total);
      /* Translators: the window's title, e.g. "Step 1 of 3: Security" */
      self->heading = g_strdup_printf (_("Step %u of %u: %s"), position, total,
                                       rd_page_get_title (page));
      /* Large, above the page: what a caller reads out to the helpdesk. */
      gtk_label_set_text (self->step_label, self->heading);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->step_label), self->step != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADING]);
}

/* Focus left on a page going away would land on whatever GTK finds first
 * (and select a label's text); the page shown decides in shown(). */
static void
drop_focus (RdAssistant *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL)
    gtk_root_set_focus (root, NULL);
}

static void
show (RdAssistant *self,
      guint        index)
{
  RdPage *page;

  g_return_if_fail (index < self->flow->len);

  self->current = index;
  page = current_page (self);
  drop_focus (self);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  /* A screen reader finds the page shown, and none of the others. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != GTK_WIDGET (page),
                                 -1);

  g_object_freeze_notify (G_OBJECT (self));
  update_title (self);
  update_navigation (self);
  g_object_thaw_notify (G_OBJECT (self));

  /* Before shown(): what the page does there may need the window's
   * actions up to date. */
  g_signal_emit (self, signals[PAGE_CHANGED], 0, page);
  rd_page_shown (page);
}

/* This run's pages: the welcome and checking pages, then those the plan
 * makes relevant for @report (before there is one, the result alone),
 * each given the report. Shows nothing. */
static void
plan (RdAssistant *self,
      RdReport    *report)
{
  const char *start[] = { RD_PAGE_WELCOME, RD_PAGE_CHECKING };
  g_autoptr(GPtrArray) ids = rd_plan_pages (report);

  g_ptr_array_set_size (self->flow, 0);
  self->extra = NULL;
  self->planned = report != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (start); i++)
    {
      RdPage *page = rd_assistant_get_page (self, start[i]);

      if (page != NULL)
        g_ptr_array_add (self->flow, page);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      RdPage *page = rd_assistant_get_page (self, g_ptr_array_index (ids, i));

      if (page == NULL)
        continue;
      if (report != NULL)
        rd_page_set_report (page, report);
      g_ptr_array_add (self->flow, page);
    }
}

static void
on_page_complete (RdAssistant *self,
                  GParamSpec  *pspec,
                  RdPage      *page)
{
  if (page == current_page (self))
    update_navigation (self);
}

static void
on_page_toast (RdAssistant *self,
               const char  *message,
               RdPage      *page)
{
  g_signal_emit (self, signals[SHOW_TOAST], 0, message);
}

static void
rd_assistant_add_child (GtkBuildable *buildable,
                        GtkBuilder   *builder,
                        GObject      *child,
                        const char   *type)
{
  if (RD_IS_PAGE (child))
    rd_assistant_add_page (RD_ASSISTANT (buildable), RD_PAGE (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

/* Pages may be given as children in a template: <child><object class="RdWelcomePage"/></child>. */
static void
rd_assistant_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = rd_assistant_add_child;
}

static void
rd_assistant_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RdAssistant *self = RD_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, rd_assistant_get_title (self));
      break;
    case PROP_STEP:
      g_value_set_string (value, self->step);
      break;
    case PROP_HEADING:
      g_value_set_string (value, self->heading);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;
    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, self->can_go_forward);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_assistant_dispose (GObject *object)
{
  RdAssistant *self = RD_ASSISTANT (object);

  /* Borrowed from the stack, which goes with the template. */
  g_ptr_array_set_size (self->flow, 0);
  self->extra = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_ASSISTANT);
  G_OBJECT_CLASS (rd_assistant_parent_class)->dispose (object);
}

static void
rd_assistant_finalize (GObject *object)
{
  RdAssistant *self = RD_ASSISTANT (object);

  g_clear_pointer (&self->flow, g_ptr_array_unref);
  g_clear_pointer (&self->step, g_free);
  g_clear_pointer (&self->heading, g_free);
  G_OBJECT_CLASS (rd_assistant_parent_class)->finalize (object);
}

/* The assistant's properties are read-only; it notifies their changes. */
static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
rd_assistant_class_init (RdAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_assistant_dispose;
  object_class->finalize = rd_assistant_finalize;
  object_class->get_property = rd_assistant_get_property;

  /**
   * RdAssistant:title:
   *
   * The current page's title.
   */
  properties[PROP_TITLE] = string_property ("title");
  /**
   * RdAssistant:step:
   *
   * "Step N of M", or %NULL on a page that is not one of the run's steps.
   */
  properties[PROP_STEP] = string_property ("step");
  /**
   * RdAssistant:heading:
   *
   * "Step N of M: Title" as the line above the page says it, or the title
   * alone where there is no step: the window's title.
   */
  properties[PROP_HEADING] = string_property ("heading");
  properties[PROP_CAN_GO_BACK] = boolean_property ("can-go-back");
  properties[PROP_CAN_GO_FORWARD] = boolean_property ("can-go-forward");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdAssistant::page-changed:
   * @page: the page now shown
   *
   * A page is shown (again), just before its RdPageClass.shown.
   */
  signals[PAGE_CHANGED] =
    g_signal_new ("page-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, RD_TYPE_PAGE);
  /**
   * RdAssistant::show-toast:
   * @message: a short translated notice
   *
   * A page asks for a notice (RdPage::show-toast).
   */
  signals[SHOW_TOAST] =
    g_signal_new ("show-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rdpdoctor/RdpDoctor/rd-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, RdAssistant, step_label);
  gtk_widget_class_bind_template_child (widget_class, RdAssistant, stack);
}

static void
rd_assistant_init (RdAssistant *self)
{
  self->flow = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rd_assistant_add_page:
 * @page: (transfer floating): a page whose class has an id
 *
 * Adds @page to those the assistant holds; rd_plan_pages() and the
 * callers decide when it is shown.
 */
void
rd_assistant_add_page (RdAssistant *self,
                       RdPage      *page)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));
  g_return_if_fail (RD_IS_PAGE (page));
  g_return_if_fail (rd_page_get_id (page) != NULL);

  gtk_stack_add_named (self->stack, GTK_WIDGET (page), rd_page_get_id (page));
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_complete), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "show-toast", G_CALLBACK (on_page_toast), self, G_CONNECT_SWAPPED);
}

/**
 * rd_assistant_get_page:
 * @id: a page's class id, RD_PAGE_*
 *
 * Returns: (transfer none) (nullable): the page of that class
 */
RdPage *
rd_assistant_get_page (RdAssistant *self,
                       const char  *id)
{
  GtkWidget *child;

  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);

  /* rd_assistant_add_page() names each page after its id. */
  child = gtk_stack_get_child_by_name (self->stack, id);
  return child != NULL ? RD_PAGE (child) : NULL;
}

/**
 * rd_assistant_get_current_page:
 *
 * Returns: (transfer none) (nullable): the page shown
 */
RdPage *
rd_assistant_get_current_page (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);
  return current_page (self);
}

/**
 * rd_assistant_restart:
 * @id: the page to show, e.g. RD_PAGE_WELCOME or RD_PAGE_CHECKING
 *
 * The pages of a run before its report: the welcome and checking pages,
 * then what rd_plan_pages() plans without a report. Shows @id.
 */
void
rd_assistant_restart (RdAssistant *self,
                      const char  *id)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));

  plan (self, NULL);
  rd_assistant_go_to_id (self, id);
}

/**
 * rd_assistant_show_report:
 * @report: a finished run
 *
 * The pages rd_plan_pages() plans for @report follow the checking page,
 * each given @report; shows the first of them.
 */
void
rd_assistant_show_report (RdAssistant *self,
                          RdReport    *report)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));
  g_return_if_fail (report != NULL);

  plan (self, report);
  show (self, first_step (self));
}

/**
 * rd_assistant_show_after:
 * @id: a page's class id
 *
 * Shows the page @id after the run's pages, once, as none of its steps
 * (the helpdesk's side by side): it has no "Step N of M", and Back returns
 * to the run's last page.
 */
void
rd_assistant_show_after (RdAssistant *self,
                         const char  *id)
{
  RdPage *page;

  g_return_if_fail (RD_IS_ASSISTANT (self));
  page = rd_assistant_get_page (self, id);
  g_return_if_fail (page != NULL);

  if (self->flow->len == 0 || g_ptr_array_index (self->flow, self->flow->len - 1) != page)
    g_ptr_array_add (self->flow, page);
  self->extra = page;
  show (self, self->flow->len - 1);
}

/**
 * rd_assistant_go_to:
 * @page: one of this run's pages
 *
 * Shows @page (again, if it is the current one).
 */
void
rd_assistant_go_to (RdAssistant *self,
                    RdPage      *page)
{
  guint index;

  g_return_if_fail (RD_IS_ASSISTANT (self));

  if (!g_ptr_array_find (self->flow, page, &index))
    {
      g_critical ("%s: the page is not one of this run's", G_STRFUNC);
      return;
    }
  show (self, index);
}

void
rd_assistant_go_to_id (RdAssistant *self,
                       const char  *id)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));
  rd_assistant_go_to (self, rd_assistant_get_page (self, id));
}

/**
 * rd_assistant_apply:
 *
 * The person leaves the current page forward: if it is complete, it keeps
 * what they entered (RdPageClass.apply).
 *
 * Returns: whether the page was complete
 */
gboolean
rd_assistant_apply (RdAssistant *self)
{
  RdPage *page;

  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);

  page = current_page (self);
  if (page == NULL || !rd_page_get_complete (page))
    return FALSE;
  rd_page_apply (page);
  return TRUE;
}

/**
 * rd_assistant_next:
 *
 * Applies the current page and shows the next one of the run.
 *
 * Returns: whether it went forward
 */
gboolean
rd_assistant_next (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);

  if (!self->can_go_forward || !rd_assistant_apply (self))
    return FALSE;
  show (self, self->current + 1);
  return TRUE;
}

/**
 * rd_assistant_back:
 *
 * Shows the page before, passing over the checking page: from a step,
 * Back returns to the computer, not to the finished checks.
 *
 * Returns: whether it went back
 */
gboolean
rd_assistant_back (RdAssistant *self)
{
  guint index;

  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);

  if (!self->can_go_back)
    return FALSE;
  index = self->current - 1;
  if (index > 0 && page_is (g_ptr_array_index (self->flow, index), RD_PAGE_CHECKING))
    index--;
  if (index < first_page (self))
    return FALSE;
  show (self, index);
  return TRUE;
}

/**
 * rd_assistant_get_at_end:
 *
 * Returns: whether the page shown is the last of a planned run (the
 *   result, or the side by side after it): forward from here is "Done"
 */
gboolean
rd_assistant_get_at_end (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);
  return self->planned && self->flow->len > 0 && self->current == self->flow->len - 1;
}

gboolean
rd_assistant_get_can_go_back (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);
  return self->can_go_back;
}

/**
 * rd_assistant_get_can_go_forward:
 *
 * Returns: whether the current page is complete and a page follows it
 *   that the person may go to (the checks leave their page by themselves)
 */
gboolean
rd_assistant_get_can_go_forward (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);
  return self->can_go_forward;
}

const char *
rd_assistant_get_title (RdAssistant *self)
{
  RdPage *page;

  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);
  page = current_page (self);
  return page != NULL ? rd_page_get_title (page) : NULL;
}

const char *
rd_assistant_get_step (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);
  return self->step;
}

const char *
rd_assistant_get_heading (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);
  return self->heading;
}

/**
 * rd_assistant_dup_steps:
 *
 * Returns: (transfer full): the ids of the run's pages after the checks,
 *   in order, as the step line counts them ("security", "result")
 */
char **
rd_assistant_dup_steps (RdAssistant *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);
  for (guint i = first_step (self); i < self->flow->len; i++)
    g_strv_builder_add (builder, rd_page_get_id (g_ptr_array_index (self->flow, i)));
  return g_strv_builder_end (builder);
}

/**
 * rd_assistant_set_read_only:
 *
 * A saved report, shown read-only: every page says so (RdPage:read-only),
 * and Back stays within the report's steps. Before the report is shown,
 * so that no page starts anything.
 */
void
rd_assistant_set_read_only (RdAssistant *self,
                            gboolean     read_only)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));

  self->read_only = !!read_only;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rd_page_set_read_only (RD_PAGE (child), self->read_only);
  update_navigation (self);
}

gboolean
rd_assistant_get_read_only (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);
  return self->read_only;
}

/**
 * rd_assistant_rebuild:
 *
 * Every page anew, of the same classes in the same order: the old ones go
 * with all they were given (report, typed text and its undo history,
 * evidence). Not read-only any more; shows the welcome page.
 */
void
rd_assistant_rebuild (RdAssistant *self)
{
  GtkStackTransitionType transition;
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (GType));
  GtkWidget *child;

  g_return_if_fail (RD_IS_ASSISTANT (self));

  drop_focus (self);
  transition = gtk_stack_get_transition_type (self->stack);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  g_ptr_array_set_size (self->flow, 0);
  self->extra = NULL;
  self->read_only = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stack))) != NULL)
    {
      GType type = G_OBJECT_TYPE (child);

      g_array_append_val (types, type);
      gtk_stack_remove (self->stack, child);
    }
  for (guint i = 0; i < types->len; i++)
    rd_assistant_add_page (self, g_object_new (g_array_index (types, GType, i), NULL));
  gtk_stack_set_transition_type (self->stack, transition);

  rd_assistant_restart (self, RD_PAGE_WELCOME);
}
