/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-admin-section.h"
#include "rd-connect-button.h"
#include "rd-forget-certificate-widget.h"
#include "rd-kiosk.h"
#include "rd-page-private.h"
#include "rd-profile-fix.h"
#include "rd-qr.h"
#include "rd-step-util.h"
#include "rd-timeline.h"
#include "rd-ui.h"

typedef struct
{
  char      *title;
  gboolean   complete;
  gboolean   read_only;
  char      *admin_text;
  RdReport  *report;
  GPtrArray *causes;     /* RdCause*, borrowed from report */
  GtkNativeDialog *chooser; /* a file dialog open */
  /* The template's, where it has them (rd_page_class_bind_*()): */
  GtkButton *retest_button;
  GtkLabel *heading_label;
  GtkLabel *summary_label;
  RdAdminSection *admin_section;
  GtkWidget *client_box;
  GtkWidget *evidence_box;
} RdPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (RdPage, rd_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_READ_ONLY,
  N_PROPS
};

enum
{
  SHOW_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Every page is built from a template of its own class. */
static void
rd_page_dispose (GObject *object)
{
  RdPagePrivate *priv = rd_page_get_instance_private (RD_PAGE (object));

  rd_ui_close_chooser (&priv->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), G_OBJECT_TYPE (object));
  G_OBJECT_CLASS (rd_page_parent_class)->dispose (object);
}

static void
rd_page_finalize (GObject *object)
{
  RdPagePrivate *priv = rd_page_get_instance_private (RD_PAGE (object));

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->admin_text, g_free);
  g_clear_pointer (&priv->causes, g_ptr_array_unref);
  g_clear_pointer (&priv->report, rd_report_unref);
  G_OBJECT_CLASS (rd_page_parent_class)->finalize (object);
}

static void
rd_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  RdPage *self = RD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, rd_page_get_title (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, rd_page_get_complete (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, rd_page_get_read_only (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  RdPage *self = RD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      rd_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      rd_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_READ_ONLY:
      rd_page_set_read_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Where nothing may be changed here (allow-apply-fixes off), the helpdesk
 * takes over: no commands for an administrator, no copy of them, no
 * technical details (every disclosure of a page is one of those). A saved
 * report: no profile to write on this computer. */
static void
adapt_template (RdPage    *self,
                GtkWidget *widget,
                gboolean   hide_details)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (hide_details && (GTK_IS_EXPANDER (child) || RD_IS_ADMIN_SECTION (child)))
        gtk_widget_set_visible (child, FALSE);
      else if (RD_IS_PROFILE_FIX (child))
        g_object_bind_property (self, "read-only", child, "visible",
                                G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      else
        adapt_template (self, child, hide_details);
    }
}

static void
rd_page_constructed (GObject *object)
{
  gboolean fixes = rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ());

  G_OBJECT_CLASS (rd_page_parent_class)->constructed (object);

  /* Every page's template is built by now. */
  rd_ui_fix_mnemonic_names (GTK_WIDGET (object));
  adapt_template (RD_PAGE (object), GTK_WIDGET (object), !fixes);
  if (!fixes)
    gtk_widget_action_set_enabled (GTK_WIDGET (object), "page.copy-admin", FALSE);
}

static void
copy_admin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RdPagePrivate *priv = rd_page_get_instance_private (RD_PAGE (widget));

  if (priv->admin_text != NULL)
    rd_page_copy (RD_PAGE (widget), priv->admin_text,
                  _("Copied: paste it in a message to the computer’s administrator"));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  rd_page_copy (RD_PAGE (widget), g_variant_get_string (parameter, NULL), _("Copied"));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  rd_page_show_toast (RD_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
rd_page_class_init (RdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  object_class->constructed = rd_page_constructed;
  object_class->dispose = rd_page_dispose;
  object_class->finalize = rd_page_finalize;
  object_class->get_property = rd_page_get_property;
  object_class->set_property = rd_page_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RdPage:read-only:
   *
   * The page shows a saved report: what would act on this computer hides
   * (pages bind their controls' visibility to it).
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdPage::show-toast:
   * @message: a short translated notice
   */
  signals[SHOW_TOAST] =
    g_signal_new ("show-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "page.copy-admin", NULL, copy_admin_action);
  gtk_widget_class_install_action (widget_class, "page.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "page.toast", "s", toast_action);
}

static void
rd_page_init (RdPage *self)
{
}

const char *
rd_page_get_title (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), NULL);
  return priv->title;
}

void
rd_page_set_title (RdPage     *self,
                   const char *title)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_if_fail (RD_IS_PAGE (self));
  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  /* A screen reader finds the page by its title. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
rd_page_get_complete (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), FALSE);
  return priv->complete;
}

/**
 * rd_page_set_complete:
 *
 * Says whether the person may go forward from this page now.
 */
void
rd_page_set_complete (RdPage   *self,
                      gboolean  complete)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_if_fail (RD_IS_PAGE (self));
  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
rd_page_get_read_only (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), FALSE);
  return priv->read_only;
}

/**
 * rd_page_set_read_only:
 *
 * Says the page shows a saved report (a helpdesk's view): it must start
 * nothing that acts on this computer or its network by itself, and hides
 * what would. Set before the report.
 */
void
rd_page_set_read_only (RdPage   *self,
                       gboolean  read_only)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_if_fail (RD_IS_PAGE (self));
  read_only = !!read_only;
  if (priv->read_only == read_only)
    return;
  priv->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

/**
 * rd_page_show_first_cause:
 * @summary: the page's sentence about a cause
 *
 * What most steps show of their causes: the page may go on, and when it
 * has causes, the first one's title heads it over @summary's sentence.
 *
 * Returns: (nullable) (transfer none): that first cause
 */
const RdCause *
rd_page_show_first_cause (RdPage            *self,
                          RdPageSummaryFunc  summary)
{
  GPtrArray *causes = rd_page_get_causes (self);
  const RdCause *cause;
  g_autofree char *text = NULL;

  rd_page_set_complete (self, TRUE);
  if (causes->len == 0)
    return NULL;

  cause = g_ptr_array_index (causes, 0);
  text = summary (self, cause);
  rd_page_set_heading (self, cause->title, text);
  return cause;
}

/**
 * rd_page_set_heading:
 * @heading: (nullable): what the page found, in a few words
 * @summary: (nullable): the sentence under it
 *
 * Shows them in the labels bound by rd_page_class_bind_heading(); %NULL
 * leaves one as it is.
 */
void
rd_page_set_heading (RdPage     *self,
                     const char *heading,
                     const char *summary)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_if_fail (RD_IS_PAGE (self));
  if (heading != NULL)
    gtk_label_set_text (priv->heading_label, heading);
  if (summary != NULL)
    gtk_label_set_text (priv->summary_label, summary);
}

void
rd_page_shown (RdPage *self)
{
  g_return_if_fail (RD_IS_PAGE (self));
  if (RD_PAGE_GET_CLASS (self)->shown != NULL)
    RD_PAGE_GET_CLASS (self)->shown (self);
}

void
rd_page_apply (RdPage *self)
{
  g_return_if_fail (RD_IS_PAGE (self));
  if (RD_PAGE_GET_CLASS (self)->apply != NULL)
    RD_PAGE_GET_CLASS (self)->apply (self);
}

/**
 * rd_page_set_report:
 * @report: the finished run
 *
 * Gives the page the report it explains. The page keeps it, and the causes
 * of its class's area (a page of no area: all of them), for
 * rd_page_get_report() and rd_page_get_causes(); then its @set_report
 * shows them. The administrator's section and technical details the
 * class bound are filled here, and the causes in the section are what
 * "page.copy-admin" copies.
 */
void
rd_page_set_report (RdPage   *self,
                    RdReport *report)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);
  RdArea area;

  g_return_if_fail (RD_IS_PAGE (self));
  g_return_if_fail (report != NULL);

  area = RD_PAGE_GET_CLASS (self)->area;
  rd_report_ref (report);
  g_clear_pointer (&priv->causes, g_ptr_array_unref);
  g_clear_pointer (&priv->report, rd_report_unref);
  priv->report = report;
  if (area != RD_AREA_NONE)
    priv->causes = rd_report_get_area_causes (report, area);
  else
    priv->causes = g_ptr_array_ref (rd_report_get_causes (report));

  /* What the person can do themselves ("check the port number", "turn
   * NLA on in your app") stands on the step, before the administrator's. */
  if (priv->client_box != NULL)
    {
      rd_step_clear (priv->client_box);
      gtk_widget_set_visible (priv->client_box,
                              rd_step_add_remedy_cards (GTK_BOX (priv->client_box), priv->causes, RD_SIDE_CLIENT));
      /* The one fix of this kind the app makes itself, with its Undo. */
      if (rd_causes_find (priv->causes, RD_CAUSE_CLIENT_REMEMBERS_OLD_CERTIFICATE) != NULL && !priv->read_only &&
          rd_kiosk_allows_apply_fixes (rd_kiosk_get_default ()))
        {
          GtkWidget *forget = rd_forget_certificate_widget_new (report);

          if (forget != NULL)
            gtk_box_append (GTK_BOX (priv->client_box), forget);
        }
      /* Filled while the page was hidden: measure it anew. */
      gtk_widget_queue_resize (priv->client_box);
    }
  if (RD_PAGE_GET_CLASS (self)->set_report != NULL)
    RD_PAGE_GET_CLASS (self)->set_report (self, report);
  /* The page's causes, for the administrator to act on. */
  if (priv->admin_section != NULL)
    {
      rd_page_set_admin_causes (self, report, priv->causes);
      rd_admin_section_set_causes (priv->admin_section, priv->causes);
    }
  if (priv->evidence_box != NULL)
    rd_step_fill_evidence (priv->evidence_box, report, RD_PAGE_GET_CLASS (self)->evidence_ids);
  /* What the page made for the report is named too. */
  rd_ui_fix_mnemonic_names (GTK_WIDGET (self));
  /* A saved report's "Test again" runs from this computer, not the caller's. */
  if (priv->read_only && priv->retest_button != NULL)
    rd_ui_set_button_label (GTK_WIDGET (priv->retest_button), _("_Test Again From Here"));
}

/**
 * rd_page_get_report:
 *
 * Returns: (transfer none) (nullable): the report shown, NULL before the
 *   first one
 */
RdReport *
rd_page_get_report (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), NULL);
  return priv->report;
}

/**
 * rd_page_get_causes:
 *
 * Returns: (transfer none) (element-type RdCause) (nullable): the causes
 *   this page explains, most likely first; NULL before the first report
 */
GPtrArray *
rd_page_get_causes (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), NULL);
  return priv->causes;
}

/**
 * rd_page_get_id:
 *
 * Returns: the page's name in the plan (RD_PAGE_ROUTER...), from its class
 */
const char *
rd_page_get_id (RdPage *self)
{
  g_return_val_if_fail (RD_IS_PAGE (self), NULL);
  return RD_PAGE_GET_CLASS (self)->id;
}

/**
 * rd_page_get_sibling:
 * @id: a page's class id, RD_PAGE_*
 *
 * Returns: (transfer none) (nullable): the page of that id beside this one
 *   in the wizard, as the result page links back to the steps
 */
RdPage *
rd_page_get_sibling (RdPage     *self,
                     const char *id)
{
  GtkWidget *parent;
  GtkWidget *page;

  g_return_val_if_fail (RD_IS_PAGE (self), NULL);

  /* The assistant's stack names each page after its id. */
  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (!GTK_IS_STACK (parent))
    return NULL;
  page = gtk_stack_get_child_by_name (GTK_STACK (parent), id);
  return RD_IS_PAGE (page) ? RD_PAGE (page) : NULL;
}

/**
 * rd_page_get_admin_section:
 *
 * Returns: (transfer none) (nullable): the administrator's section bound by
 *   rd_page_class_bind_admin_section()
 */
RdAdminSection *
rd_page_get_admin_section (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), NULL);
  return priv->admin_section;
}

void
rd_page_show_toast (RdPage     *self,
                    const char *message)
{
  g_return_if_fail (RD_IS_PAGE (self));
  g_signal_emit (self, signals[SHOW_TOAST], 0, message);
}

static void
rd_page_set_admin_text (RdPage     *self,
                        const char *text)
{
  RdPagePrivate *priv;

  g_return_if_fail (RD_IS_PAGE (self));
  priv = rd_page_get_instance_private (self);
  g_free (priv->admin_text);
  priv->admin_text = g_strdup (text);
}

/**
 * rd_page_dup_admin_text:
 *
 * Returns: (transfer full) (nullable): the steps and commands for the other
 *   computer's administrator, ready to paste in a message
 */
char *
rd_page_dup_admin_text (RdPage *self)
{
  RdPagePrivate *priv;

  g_return_val_if_fail (RD_IS_PAGE (self), NULL);
  priv = rd_page_get_instance_private (self);
  return g_strdup (priv->admin_text);
}

/**
 * rd_page_show_chooser:
 * @chooser: (transfer full): a new file dialog
 * @on_file: called with the page and the file, if one is chosen
 *
 * Shows @chooser, modal, in place of the page's previous one; the page
 * closes it when it goes.
 */
void
rd_page_show_chooser (RdPage         *self,
                      GtkFileChooser *chooser,
                      RdUiFileFunc    on_file)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_if_fail (RD_IS_PAGE (self));
  rd_ui_show_chooser (&priv->chooser, chooser, on_file, self);
}

/**
 * rd_page_copy:
 * @toast: (nullable): what to say once it is copied
 *
 * Puts @text on the clipboard and says so.
 */
void
rd_page_copy (RdPage     *self,
              const char *text,
              const char *toast)
{
  g_return_if_fail (RD_IS_PAGE (self));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  if (toast != NULL)
    rd_page_show_toast (self, toast);
}

/* @causes' steps for the other computer's administrator become what
 * "page.copy-admin" copies. */
void
rd_page_set_admin_causes (RdPage         *self,
                          const RdReport *report,
                          GPtrArray      *causes)
{
  g_autofree char *text = rd_step_remedies_text (report, causes, RD_SIDE_HOST);

  rd_page_set_admin_text (self, text);
}

/**
 * rd_page_class_bind_retest_button:
 * @name: the id of the page's "Test again" button in its template
 *
 * Lets the base class say where Test again runs when the page shows a saved
 * report.
 */
void
rd_page_class_bind_retest_button (RdPageClass *klass,
                                  const char  *name)
{
  gtk_widget_class_bind_template_child_full (GTK_WIDGET_CLASS (klass), name, FALSE,
                                             G_PRIVATE_OFFSET (RdPage, retest_button));
}

/**
 * rd_page_class_bind_admin_section:
 * @name: the id of the page's #RdAdminSection in its template
 *
 * Each report's causes of the page go in that section, and are what
 * "page.copy-admin" copies.
 */
void
rd_page_class_bind_admin_section (RdPageClass *klass,
                                  const char  *name)
{
  gtk_widget_class_bind_template_child_full (GTK_WIDGET_CLASS (klass), name, FALSE,
                                             G_PRIVATE_OFFSET (RdPage, admin_section));
}

/**
 * rd_page_class_bind_client_fixes:
 * @name: the id of a vertical #GtkBox in the page's template
 *
 * Each report's fixes of the page's causes that the person makes on this
 * computer go in that box as cards, before the page's own set_report; the
 * box hides itself when there is none.
 */
void
rd_page_class_bind_client_fixes (RdPageClass *klass,
                                 const char  *name)
{
  gtk_widget_class_bind_template_child_full (GTK_WIDGET_CLASS (klass), name, FALSE,
                                             G_PRIVATE_OFFSET (RdPage, client_box));
}

/**
 * rd_page_get_has_client_fixes:
 *
 * Returns: whether the page shows fixes the person makes on this computer
 */
gboolean
rd_page_get_has_client_fixes (RdPage *self)
{
  RdPagePrivate *priv = rd_page_get_instance_private (self);

  g_return_val_if_fail (RD_IS_PAGE (self), FALSE);
  return priv->client_box != NULL && gtk_widget_get_visible (priv->client_box);
}

/**
 * rd_page_class_bind_evidence:
 * @name: the id of the page's technical details box (vertical) in its
 *   template
 * @check_ids: (nullable): NULL-terminated, kept; %NULL for every check
 *
 * Each report's measurements of those checks go in that box.
 */
void
rd_page_class_bind_evidence (RdPageClass        *klass,
                             const char         *name,
                             const char * const *check_ids)
{
  klass->evidence_ids = check_ids;
  gtk_widget_class_bind_template_child_full (GTK_WIDGET_CLASS (klass), name, FALSE,
                                             G_PRIVATE_OFFSET (RdPage, evidence_box));
}

/**
 * rd_page_class_set_page:
 * @id: the page's name in the plan (RD_PAGE_*), also its folder:
 *   pages/ID/rd-ID-page.ui is its template
 * @area: the causes it explains (RD_AREA_NONE: all of the report's)
 *
 * What every page class says of itself in its class_init. The types of
 * our widgets its template may name are registered here.
 */
void
rd_page_class_set_page (RdPageClass *klass,
                        const char  *id,
                        RdArea       area)
{
  g_autofree char *resource = g_strdup_printf ("/io/github/rdpdoctor/RdpDoctor/pages/%s/rd-%s-page.ui", id, id);

  klass->id = id;
  klass->area = area;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), resource);
  /* The widgets of our own that pages' templates name. */
  g_type_ensure (RD_TYPE_ADMIN_SECTION);
  g_type_ensure (RD_TYPE_CONNECT_BUTTON);
  g_type_ensure (RD_TYPE_PROFILE_FIX);
  g_type_ensure (RD_TYPE_QR_VIEW);
  g_type_ensure (RD_TYPE_TIMELINE);
}

/* The labels rd_page_set_heading() sets. */
static void
rd_page_class_bind_heading (RdPageClass *klass,
                            const char  *heading,
                            const char  *summary)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child_full (widget_class, heading, FALSE,
                                             G_PRIVATE_OFFSET (RdPage, heading_label));
  gtk_widget_class_bind_template_child_full (widget_class, summary, FALSE,
                                             G_PRIVATE_OFFSET (RdPage, summary_label));
}

/**
 * rd_page_class_set_step:
 * @check_ids: (nullable): NULL-terminated, kept: the checks its technical
 *   details show
 *
 * What a step page's class says of itself, as rd_page_class_set_page().
 * Its template names the parts of every step: heading_label and
 * summary_label (rd_page_set_heading()), retest_button and evidence_box
 * (see rd_page_class_bind_retest_button() and
 * rd_page_class_bind_evidence()).
 */
void
rd_page_class_set_step (RdPageClass        *klass,
                        const char         *id,
                        RdArea              area,
                        const char * const *check_ids)
{
  rd_page_class_set_page (klass, id, area);
  rd_page_class_bind_heading (klass, "heading_label", "summary_label");
  rd_page_class_bind_retest_button (klass, "retest_button");
  rd_page_class_bind_evidence (klass, "evidence_box", check_ids);
}
