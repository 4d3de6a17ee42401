"""Django admin for moderators: lists, filters and search over everything, bulk actions
with a confirmation page, and each object's audit history.

Nothing here changes data by itself: every save and every action calls a service in
claims/services.py, so the admin writes the same audit rows as the editorial screens.
Editorial data is never hard-deleted; only superusers may purge archived claims and
articles that never reached the public.
"""

import csv
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from claims import selectors, services
from claims.admin_site import editorial_url
from claims.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    ClaimLink,
    Dispute,
    Outlet,
    Source,
    SourceAlias,
    Verdict,
)
from claims.roles import ROLES
from claims.services import ServiceError, StaleEdit

BOTH_LOCATIONS = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
CONFIRMATION_TEMPLATE = "admin/claims/action_confirmation.html"
CHANGE_FORM_ACTION_FIELD = f"{ActionLocation.CHANGE_FORM.value}-action"


# Helpers shared by the model admins


def _short(text: str, length: int = 90) -> str:
    return Truncator(text or "").chars(length)


def _admin_link(obj, label=None):
    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label if label is not None else obj)


def _count_of(model, field: str):
    """A correlated COUNT subquery: one number per row without multiplying joined rows."""
    counted = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _adopt(obj, saved) -> None:
    """Copy what a service saved onto the instance the admin holds, so redirects and log entries use it."""
    for field in obj._meta.concrete_fields:
        if not getattr(field, "generated", False):
            setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False


def _changes(form, editable) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in editable}


def _format_values(values) -> str:
    if not values:
        return ""
    if isinstance(values, dict):
        return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}" for key, value in values.items())
    return json.dumps(values, ensure_ascii=False, default=str)


def audit_rows(events) -> list[dict]:
    """Audit events laid out for the history table: who, what, when, before, after, anything else."""
    rows = []
    for event in events:
        data = dict(event.data or {})
        before, after = data.pop("before", None), data.pop("after", None)
        rows.append({"event": event, "before": _format_values(before), "after": _format_values(after), "details": _format_values(data)})
    return rows


class _DryRun(Exception):
    """Raised to roll back a trial run of an action."""


def _trial_problems(apply, objects) -> dict:
    """Run `apply` on each object inside a transaction that is always rolled back; report what the services refuse."""
    problems = {}
    try:
        with transaction.atomic():
            for obj in objects:
                try:
                    with transaction.atomic():
                        apply(obj)
                except ServiceError as error:
                    problems[obj.pk] = str(error)
            raise _DryRun
    except _DryRun:
        pass
    return problems


def _action_field(request) -> str:
    return CHANGE_FORM_ACTION_FIELD if CHANGE_FORM_ACTION_FIELD in request.POST else "action"


def _confirmation_page(modeladmin, request, queryset, *, action, title, question, button, objects=None, problems=None, extra=None, template=CONFIRMATION_TEMPLATE):
    opts = modeladmin.model._meta
    objects = list(queryset) if objects is None else objects
    problems = problems or {}
    rows = [{"object": obj, "link": _admin_link(obj), "status": getattr(obj, "get_status_display", lambda: "")(), "problem": problems.get(obj.pk, "")} for obj in objects]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "question": question,
        "button": button,
        "rows": rows,
        "objects": objects,
        "problems": problems,
        "action": action,
        "action_field": _action_field(request),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": opts,
        "media": modeladmin.media,
        **(extra or {}),
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, template, context)


def confirmed_action(modeladmin, request, queryset, *, action, apply, title, question, button, done, unchanged):
    """The shape of every status action: a confirmation page first, then one transaction.

    `apply(obj)` calls one service for one object. On the confirmation page the services
    are tried in a rolled-back transaction so that the page can say which objects they
    would refuse; on "yes" they run for real, all or nothing.
    """
    if request.POST.get("post") != "yes":
        problems = _trial_problems(apply, list(queryset.all()))
        return _confirmation_page(modeladmin, request, queryset, action=action, title=title, question=question, button=button, problems=problems)
    changed = same = 0
    obj = None
    try:
        with transaction.atomic():
            for obj in queryset:
                before = getattr(obj, "status", None)
                result = apply(obj)
                if getattr(result, "status", None) == before:
                    same += 1
                else:
                    changed += 1
    except ServiceError as error:
        modeladmin.message_user(request, f"Nothing was changed. {obj}: {error}", messages.ERROR)
        return None
    opts = modeladmin.model._meta
    noun = opts.verbose_name if changed == 1 else opts.verbose_name_plural
    if changed:
        modeladmin.message_user(request, f"{done.capitalize()} {changed} {noun}.", messages.SUCCESS)
    if same:
        modeladmin.message_user(request, f"{same} {opts.verbose_name if same == 1 else opts.verbose_name_plural} {unchanged}; left as {'it was' if same == 1 else 'they were'}.", messages.INFO)
    return None


def _shown_versions(request, objects) -> dict | None:
    """{pk: version} as the confirmation page showed them (hidden `version-<pk>` fields); None if any is missing."""
    versions = {}
    for obj in objects:
        value = request.POST.get(f"version-{obj.pk}", "")
        if not value.isdigit():
            return None
        versions[obj.pk] = int(value)
    return versions


def merge_action(modeladmin, request, queryset, *, action, merge, title, question, noun, versioned=False):
    """Merge the selected objects into the one the moderator picks on the confirmation page.

    `versioned`: the objects carry a version; the page sends the versions it showed, and a
    merge of anything changed since is refused (409) with the page shown again.
    """
    objects = list(queryset)
    if len(objects) < 2:
        modeladmin.message_user(request, f"Select at least two {noun} to merge.", messages.WARNING)
        return None
    survivor_pk = request.POST.get("survivor", "")
    stale = False
    if request.POST.get("post") == "yes":
        survivor = next((obj for obj in objects if str(obj.pk) == survivor_pk), None)
        versions = _shown_versions(request, objects) if versioned else {}
        if survivor is None:
            modeladmin.message_user(request, "Choose which one survives the merge.", messages.ERROR)
        elif versions is None:
            modeladmin.message_user(request, "The merge page was out of date; check the claims below and merge again.", messages.ERROR)
            stale = True
        else:
            merged = None
            try:
                with transaction.atomic():
                    expected = versions.get(survivor.pk)
                    for merged in objects:
                        if merged.pk != survivor.pk:
                            result = merge(survivor, merged, expected, versions.get(merged.pk))
                            expected = getattr(result, "version", None) if versioned else None
            except StaleEdit as error:
                modeladmin.message_user(request, f"Nothing was merged. {error}", messages.ERROR)
                stale = True
            except ServiceError as error:
                modeladmin.message_user(request, f"Nothing was merged. {merged}: {error}", messages.ERROR)
                return None
            else:
                modeladmin.message_user(request, f"Merged {len(objects) - 1} {noun} into “{survivor}”.", messages.SUCCESS)
                return None
    if stale:
        objects = list(queryset.model.objects.filter(pk__in=[obj.pk for obj in objects]))
    page = _confirmation_page(
        modeladmin, request, queryset, action=action, title=title, question=question, button="Merge", objects=objects,
        extra={"choose_survivor": True, "survivor": survivor_pk, "versioned": versioned},
    )
    if stale:
        page.status_code = 409
    return page


def purge_action(modeladmin, request, queryset, *, action, purge, noun):
    """Superusers only: remove archived objects that never reached the public, after an explicit confirmation."""
    objects = list(queryset)
    if request.POST.get("post") == "yes":
        if request.POST.get("understood") != "yes":
            modeladmin.message_user(request, "Tick the box to confirm that purged data cannot be brought back.", messages.ERROR)
        else:
            obj = None
            try:
                with transaction.atomic():
                    for obj in objects:
                        purge(obj)
            except ServiceError as error:
                modeladmin.message_user(request, f"Nothing was purged. {obj}: {error}", messages.ERROR)
                return None
            modeladmin.message_user(request, f"Purged {len(objects)} {noun}. Their audit history is kept.", messages.SUCCESS)
            return None
    problems = _trial_problems(purge, list(queryset.all()))
    return _confirmation_page(
        modeladmin, request, queryset, action=action, objects=objects, problems=problems,
        title=f"Purge {noun}",
        question=(
            f"Purging removes these {noun} from the database for good, with their appearances and suggested links. "
            "An audit row with a snapshot is written first; audit rows are never removed."
        ),
        button="Purge for good",
        extra={"purge": True},
    )


def _titled(base, title: str):
    """A list filter class that shows `title` instead of the (ambiguous) field name."""

    class Titled(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    Titled.__name__ = f"{base.__name__}{title.title().replace(' ', '')}"
    return Titled


SourceKindFilter = _titled(admin.ChoicesFieldListFilter, "source kind")
OutletFilter = _titled(admin.RelatedOnlyFieldListFilter, "outlet")
LanguageFilter = _titled(admin.AllValuesFieldListFilter, "article language")


class ModerationAdmin(admin.ModelAdmin):
    """What every moderation admin shares: no deletes, service errors as messages, audit history."""

    list_per_page = 50

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def has_purge_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "editorial_links": self.editorial_links(object_id)}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as error:
            # The admin's transaction was rolled back when the error left it.
            self.message_user(request, f"Nothing was saved: {error}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def editorial_links(self, object_id) -> list[tuple[str, str]]:
        """(label, url) pairs to the editorial screens for this object, shown beside History."""
        return []

    HISTORY_LIMIT = 200

    def history_view(self, request, object_id, extra_context=None):
        content_type = ContentType.objects.get_for_model(self.model)
        target_id = str(unquote(object_id))
        events = AuditEvent.objects.filter(target_type=content_type, target_id=target_id).select_related("actor").order_by("-created_at", "-id")
        shown = list(events[: self.HISTORY_LIMIT + 1])
        context = {
            "audit_rows": audit_rows(shown[: self.HISTORY_LIMIT]),
            "audit_truncated": len(shown) > self.HISTORY_LIMIT,
            "audit_log_url": f"{reverse('admin:claims_auditevent_changelist')}?target_type={content_type.pk}&target_id__exact={target_id}",
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Sources and outlets


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["name"]
    verbose_name = "alias"
    verbose_name_plural = "aliases (other names this source goes by)"

    def has_delete_permission(self, request, obj=None):
        # Removing a wrong alias is a correction, done by source_alias_remove with an audit row.
        return self.has_change_permission(request, obj)


class MergedSourceInline(ReadOnlyInline):
    model = Source
    fk_name = "merged_into"
    fields = ["name", "kind", "updated_at"]
    readonly_fields = fields
    verbose_name = "source merged into this one"
    verbose_name_plural = "sources merged into this one"


class MergedFilter(admin.SimpleListFilter):
    title = "merge state"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Active"), ("yes", "Merged into another")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        return queryset


@admin.register(Source)
class SourceAdmin(ModerationAdmin):
    list_display = ["name", "kind", "affiliation", "country", "alias_list", "claim_count", "merged_into_link"]
    list_filter = ["kind", MergedFilter, "country"]
    list_select_related = ["merged_into"]
    search_fields = ["name", "aliases__name", "affiliation"]
    fields = ["name", "kind", "affiliation", "country", "description", "slug", "merged_into", "created_at", "updated_at"]
    readonly_fields = ["slug", "merged_into", "created_at", "updated_at"]
    inlines = [SourceAliasInline, MergedSourceInline]
    actions = ["merge_sources"]
    EDITABLE = {"name", "kind", "affiliation", "country", "description"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=_count_of(Claim, "speaker")).prefetch_related("aliases")

    @admin.display(description="aliases")
    def alias_list(self, source):
        return ", ".join(alias.name for alias in source.aliases.all()) or "—"

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, source):
        return source.claim_total

    @admin.display(description="merged into", ordering="merged_into__name")
    def merged_into_link(self, source):
        return _admin_link(source.merged_into) if source.merged_into_id else "—"

    def view_on_site(self, source):
        return None if source.merged_into_id else source.get_absolute_url()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if getattr(request.resolver_match, "url_name", "") == "autocomplete":
            # A claim's speaker must be a source that was not merged away.
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if change:
            changes = _changes(form, self.EDITABLE)
            if changes:
                services.source_update(source=Source.objects.get(pk=obj.pk), actor=request.user, **changes)
        else:
            created = services.source_create(actor=request.user, **{field: form.cleaned_data.get(field, "") for field in self.EDITABLE})
            _adopt(obj, created)

    def save_formset(self, request, form, formset, change):
        if formset.model is not SourceAlias:
            return super().save_formset(request, form, formset, change)
        source = form.instance
        for alias_form in formset.forms:
            if not alias_form.has_changed() and not formset._should_delete_form(alias_form):
                continue
            original = alias_form.instance if alias_form.instance.pk else None
            if formset._should_delete_form(alias_form):
                if original is not None:
                    services.source_alias_remove(alias=SourceAlias.objects.get(pk=original.pk), actor=request.user)
                continue
            name = (alias_form.cleaned_data.get("name") or "").strip()
            if original is not None:
                services.source_alias_remove(alias=SourceAlias.objects.get(pk=original.pk), actor=request.user)
            if name:
                services.source_alias_add(source=source, alias=name, actor=request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description="Merge selected sources…", permissions=["change"])
    def merge_sources(self, request, queryset):
        return merge_action(
            self, request, queryset, action="merge_sources", noun="sources",
            title="Merge sources",
            question="Choose the source that survives. The others' claims move to it and their names become its aliases; the merged sources stay as pointers.",
            merge=lambda survivor, merged, _survivor_version, _merged_version: services.source_merge(survivor=survivor, merged=merged, actor=request.user),
        )


@admin.register(Outlet)
class OutletAdmin(ModerationAdmin):
    list_display = ["name", "domain", "country", "language", "article_count"]
    list_filter = ["language", "country"]
    search_fields = ["name", "domain"]
    fields = ["name", "domain", "country", "language", "slug"]
    readonly_fields = ["slug"]
    EDITABLE = {"name", "domain", "country", "language"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=_count_of(Article, "outlet"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, outlet):
        return outlet.article_total

    def save_model(self, request, obj, form, change):
        if change:
            changes = _changes(form, self.EDITABLE)
            if changes:
                services.outlet_update(outlet=obj, actor=request.user, **changes)
        else:
            created = services.outlet_create(actor=request.user, **{field: form.cleaned_data.get(field, "") for field in self.EDITABLE})
            _adopt(obj, created)


# Articles


class ArticleAppearanceInline(ReadOnlyInline):
    model = Appearance
    fk_name = "article"
    fields = ["claim_link", "quote", "start", "end", "speaker_as_written"]
    readonly_fields = fields
    verbose_name_plural = "claims quoted in this article"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim__speaker")

    @admin.display(description="claim")
    def claim_link(self, appearance):
        return _admin_link(appearance.claim, _short(str(appearance.claim), 70))


@admin.register(Article)
class ArticleAdmin(ModerationAdmin):
    list_display = ["title_or_id", "outlet", "published", "language", "status", "input_kind", "appearance_count", "imported_at"]
    list_filter = ["status", "language", "input_kind", "outlet"]
    list_select_related = ["outlet"]
    date_hierarchy = "published"
    search_fields = ["title", "url", "=content_hash"]
    autocomplete_fields = ["outlet"]
    fieldsets = [
        (None, {"fields": ["title", "url", "outlet", "published", "language"]}),
        ("Import", {"fields": ["status", "input_kind", "imported_by", "imported_at", "content_hash"]}),
        ("Text", {"classes": ["collapse"], "fields": ["text", "raw_input"]}),
    ]
    readonly_fields = ["status", "input_kind", "imported_by", "imported_at", "content_hash", "text", "raw_input"]
    inlines = [ArticleAppearanceInline]
    actions = ["archive_articles", "restore_articles", "purge_articles"]
    EDITABLE = {"title", "url", "outlet", "published", "language"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=_count_of(Appearance, "article"))

    def has_add_permission(self, request):
        # Articles come in through the import screen, which extracts their claims.
        return False

    @admin.display(description="article", ordering="title")
    def title_or_id(self, article):
        return _short(str(article), 80)

    @admin.display(description="claims", ordering="appearance_total")
    def appearance_count(self, article):
        return article.appearance_total

    def save_model(self, request, obj, form, change):
        changes = _changes(form, self.EDITABLE)
        if changes:
            services.article_update(article=Article.objects.get(pk=obj.pk), actor=request.user, **changes)

    @admin.action(description="Archive selected articles…", permissions=["change"], location=BOTH_LOCATIONS)
    def archive_articles(self, request, queryset):
        return confirmed_action(
            self, request, queryset, action="archive_articles", title="Archive articles",
            question="Archived articles stay in the database with their appearances; nothing is deleted.",
            button="Archive", done="archived", unchanged="already archived",
            apply=lambda article: services.article_archive(article=article, actor=request.user),
        )

    @admin.action(description="Restore selected archived articles…", permissions=["change"], location=BOTH_LOCATIONS)
    def restore_articles(self, request, queryset):
        return confirmed_action(
            self, request, queryset, action="restore_articles", title="Restore articles",
            question="Restored articles become active again.",
            button="Restore", done="restored", unchanged="already active",
            apply=lambda article: services.article_restore(article=article, actor=request.user),
        )

    @admin.action(description="Purge selected archived articles (superusers)…", permissions=["purge"])
    def purge_articles(self, request, queryset):
        return purge_action(self, request, queryset, action="purge_articles", noun="articles", purge=lambda article: services.article_purge(article=article, actor=request.user))


# Claims


class ClaimAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class ClaimAppearanceInline(ReadOnlyInline):
    model = Appearance
    fk_name = "claim"
    fields = ["article_link", "outlet", "published", "quote", "attribution"]
    readonly_fields = fields
    verbose_name_plural = "appearances in articles"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__outlet")

    @admin.display(description="article")
    def article_link(self, appearance):
        return _admin_link(appearance.article, _short(str(appearance.article), 60))

    @admin.display(description="outlet")
    def outlet(self, appearance):
        return appearance.article.outlet or "—"

    @admin.display(description="published")
    def published(self, appearance):
        return appearance.article.published or "—"


class LinksFromInline(ReadOnlyInline):
    model = ClaimLink
    fk_name = "from_claim"
    fields = ["relation", "other_claim", "status", "score"]
    readonly_fields = fields
    verbose_name_plural = "links from this claim (this claim … the other)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("to_claim__speaker")

    @admin.display(description="other claim")
    def other_claim(self, link):
        return _admin_link(link.to_claim, _short(str(link.to_claim), 80))


class LinksToInline(LinksFromInline):
    fk_name = "to_claim"
    verbose_name_plural = "links to this claim (the other … this claim)"

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request).select_related("from_claim__speaker")

    @admin.display(description="other claim")
    def other_claim(self, link):
        return _admin_link(link.from_claim, _short(str(link.from_claim), 80))


@admin.register(Claim)
class ClaimAdmin(ModerationAdmin):
    form = ClaimAdminForm
    list_display = ["short_text", "speaker", "status", "appearance_count", "link_count", "stated_on"]
    list_filter = [
        "status", "kind", "polarity",
        ("speaker__kind", SourceKindFilter),
        ("appearances__article__outlet", OutletFilter),
        ("appearances__article__language", LanguageFilter),
    ]
    list_select_related = ["speaker"]
    date_hierarchy = "created_at"
    search_fields = ["slug"]
    search_help_text = "Full-text search over claim text (words, \"phrases\", -exclusions), a speaker's name or alias, or a claim's id or slug."
    autocomplete_fields = ["speaker"]
    fieldsets = [
        (None, {"fields": ["text", "speaker", "kind", "polarity", "stated_on", "context", "assigned_to", "expected_version"]}),
        ("State", {"fields": ["status", "published_at", "slug", "merged_into", "version", "created_by", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["status", "published_at", "slug", "merged_into", "version", "created_by", "created_at", "updated_at"]
    inlines = [ClaimAppearanceInline, LinksFromInline, LinksToInline]
    actions = ["publish_claims", "unpublish_claims", "archive_claims", "restore_claims", "merge_claims", "export_claims_csv", "purge_claims"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .annotate(
                appearance_total=_count_of(Appearance, "claim"),
                link_total=_count_of(ClaimLink, "from_claim") + _count_of(ClaimLink, "to_claim"),
            )
        )

    def has_add_permission(self, request):
        # Claims come from imported articles or the claim workspace, with their appearances.
        return False

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim):
        return _short(claim.text)

    @admin.display(description="appearances", ordering="appearance_total")
    def appearance_count(self, claim):
        return claim.appearance_total

    @admin.display(description="links", ordering="link_total")
    def link_count(self, claim):
        return claim.link_total

    def view_on_site(self, claim):
        return claim.get_absolute_url() if claim.is_published else None

    def editorial_links(self, object_id):
        if not object_id:
            return []
        claim_id = unquote(object_id)
        return [
            ("Open in workspace", editorial_url("claims:claim-workspace", f"/workspace/claims/{claim_id}/", claim_id)),
            ("Open in review", editorial_url("claims:review", "/review/")),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "speaker":
            kwargs["queryset"] = Source.objects.active()
        if db_field.name == "assigned_to":
            kwargs["queryset"] = get_user_model().objects.filter(Q(groups__name__in=ROLES) | Q(is_superuser=True), is_active=True).distinct().order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Full-text search on the claim's search vector (GIN index), or the speaker's name, the slug or the id.

        Every branch is an indexed condition on the claim table, so PostgreSQL can combine
        them with a BitmapOr instead of scanning claims.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = Q(search_vector=SearchQuery(term, config="english", search_type="websearch")) | Q(slug=term)
        # Speakers are looked up first (a small table): a sub-select inside the OR would
        # stop PostgreSQL from combining the claim indexes and make it scan every claim.
        speaker_ids = list(
            Source.objects.filter(Q(name__icontains=term) | Q(aliases__name__icontains=term)).order_by().values_list("pk", flat=True).distinct()[:200]
        )
        if speaker_ids:
            matches |= Q(speaker_id__in=speaker_ids)
        if term.isdigit() and int(term) < 2**63:
            matches |= Q(pk=int(term))
        return queryset.filter(matches), False

    def save_model(self, request, obj, form, change):
        changes = _changes(form, services.CLAIM_EDITABLE_FIELDS)
        if changes:
            saved = services.claim_update(claim=obj, actor=request.user, expected_version=form.cleaned_data.get("expected_version"), **changes)
            _adopt(obj, saved)

    def _status_action(self, request, queryset, *, action, title, question, button, done, unchanged, service):
        return confirmed_action(
            self, request, queryset, action=action, title=title, question=question, button=button, done=done, unchanged=unchanged,
            apply=lambda claim: service(claim=claim, actor=request.user),
        )

    @admin.action(description="Publish selected claims…", permissions=["change"], location=BOTH_LOCATIONS)
    def publish_claims(self, request, queryset):
        return self._status_action(
            request, queryset, action="publish_claims", title="Publish claims",
            question="Published claims appear on the public site, in search, the feed and the sitemap.",
            button="Publish", done="published", unchanged="already published", service=services.claim_publish,
        )

    @admin.action(description="Unpublish selected claims…", permissions=["change"], location=BOTH_LOCATIONS)
    def unpublish_claims(self, request, queryset):
        return self._status_action(
            request, queryset, action="unpublish_claims", title="Unpublish claims",
            question="Unpublished claims go back to draft and disappear from the public site.",
            button="Unpublish", done="unpublished", unchanged="already unpublished", service=services.claim_unpublish,
        )

    @admin.action(description="Archive selected claims…", permissions=["change"], location=BOTH_LOCATIONS)
    def archive_claims(self, request, queryset):
        return self._status_action(
            request, queryset, action="archive_claims", title="Archive claims",
            question="Archived claims leave the public site and the queues; nothing is deleted and they can be restored.",
            button="Archive", done="archived", unchanged="already archived", service=services.claim_archive,
        )

    @admin.action(description="Restore selected archived claims…", permissions=["change"], location=BOTH_LOCATIONS)
    def restore_claims(self, request, queryset):
        return self._status_action(
            request, queryset, action="restore_claims", title="Restore claims",
            question="Restored claims come back as drafts.",
            button="Restore", done="restored", unchanged="not archived", service=services.claim_restore,
        )

    @admin.action(description="Merge selected duplicate claims…", permissions=["change"])
    def merge_claims(self, request, queryset):
        return merge_action(
            self, request, queryset, action="merge_claims", noun="claims",
            title="Merge duplicate claims",
            question="Choose the claim that survives. The others' appearances, links and disputes move to it; they are archived as pointers to it.",
            merge=lambda survivor, duplicate, survivor_version, duplicate_version: services.claim_merge(
                survivor=survivor, duplicate=duplicate, actor=request.user,
                survivor_version=survivor_version, duplicate_version=duplicate_version,
            ),
            versioned=True,
        )

    @admin.action(description="Export selected claims as CSV…", permissions=["view"])
    def export_claims_csv(self, request, queryset):
        if request.POST.get("post") != "yes":
            return _confirmation_page(
                self, request, queryset, action="export_claims_csv", title="Export claims as CSV",
                question="The file is what `export_claims --format csv` writes for these claims: id, slug, speaker, text, status, appearances and links. The export is noted in each claim's history.",
                button="Download CSV",
            )
        rows = selectors.claim_export_rows(claims=Claim.objects.filter(pk__in=queryset.values("pk")))
        services.claim_export_record(claims=Claim.objects.filter(pk__in=[row["id"] for row in rows]), actor=request.user)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="claims-{timezone.now():%Y%m%d-%H%M%S}.csv"'
        writer = csv.writer(response, lineterminator="\n")
        writer.writerow(selectors.EXPORT_CSV_COLUMNS)
        writer.writerows(selectors.claim_export_csv_row(row) for row in rows)
        return response

    @admin.action(description="Purge selected archived claims (superusers)…", permissions=["purge"])
    def purge_claims(self, request, queryset):
        return purge_action(self, request, queryset, action="purge_claims", noun="claims", purge=lambda claim: services.claim_purge(claim=claim, actor=request.user))


@admin.register(Appearance)
class AppearanceAdmin(ModerationAdmin):
    """Read-only: an appearance's offsets point into the article text and are set by the import."""

    list_display = ["quote_short", "claim_speaker", "article", "outlet", "published", "start", "end"]
    list_filter = [("article__outlet", OutletFilter), ("article__language", LanguageFilter)]
    list_select_related = ["claim__speaker", "article__outlet"]
    date_hierarchy = "created_at"
    search_fields = ["quote", "speaker_as_written", "=claim__id"]
    readonly_fields = ["claim", "article", "start", "end", "quote", "context", "attribution", "speaker_as_written", "reporting_verb", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="quote")
    def quote_short(self, appearance):
        return _short(appearance.quote, 80)

    @admin.display(description="speaker", ordering="claim__speaker__name")
    def claim_speaker(self, appearance):
        return appearance.claim.speaker

    @admin.display(description="outlet", ordering="article__outlet__name")
    def outlet(self, appearance):
        return appearance.article.outlet or "—"

    @admin.display(description="published", ordering="article__published")
    def published(self, appearance):
        return appearance.article.published or "—"


# Links


class ClaimLinkAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ClaimLink
        fields = ["relation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


@admin.register(ClaimLink)
class ClaimLinkAdmin(ModerationAdmin):
    form = ClaimLinkAdminForm
    list_display = ["from_claim_short", "relation", "to_claim_short", "status", "score", "suggested_by_system"]
    list_filter = ["status", "relation", ("from_claim__speaker__kind", SourceKindFilter)]
    list_select_related = ["from_claim__speaker", "to_claim__speaker"]
    date_hierarchy = "created_at"
    search_fields = ["=id", "from_claim__slug", "to_claim__slug", "note"]
    fields = ["from_claim", "relation", "to_claim", "status", "score", "reasons", "note", "suggested_by", "reviewed_by", "reviewed_at", "version", "created_at", "expected_version"]
    readonly_fields = ["from_claim", "to_claim", "status", "score", "reasons", "note", "suggested_by", "reviewed_by", "reviewed_at", "version", "created_at"]
    actions = ["reject_suggested_links"]

    def has_add_permission(self, request):
        # Links are suggested by the matcher or proposed on the claim workspace.
        return False

    @admin.display(description="claim", ordering="from_claim__text")
    def from_claim_short(self, link):
        return _short(str(link.from_claim), 70)

    @admin.display(description="counterclaim", ordering="to_claim__text")
    def to_claim_short(self, link):
        return _short(str(link.to_claim), 70)

    @admin.display(description="machine", boolean=True)
    def suggested_by_system(self, link):
        return link.suggested_by_system

    def editorial_links(self, object_id):
        if not object_id:
            return []
        link = ClaimLink.objects.filter(pk=unquote(object_id)).only("from_claim_id", "to_claim_id").first()
        if link is None:
            return []
        return [
            ("Open in review", editorial_url("claims:review", "/review/")),
            ("Claim in workspace", editorial_url("claims:claim-workspace", f"/workspace/claims/{link.from_claim_id}/", link.from_claim_id)),
            ("Counterclaim in workspace", editorial_url("claims:claim-workspace", f"/workspace/claims/{link.to_claim_id}/", link.to_claim_id)),
        ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and not term.isdigit():
            query = SearchQuery(term, config="english", search_type="websearch")
            matching = self.model.objects.filter(Q(from_claim__search_vector=query) | Q(to_claim__search_vector=query))
            queryset |= self.get_queryset(request).filter(pk__in=matching.values("pk"))
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if "relation" in form.changed_data:
            saved = services.link_relabel(link=obj, reviewer=request.user, expected_version=form.cleaned_data.get("expected_version"), relation=form.cleaned_data["relation"])
            _adopt(obj, saved)

    @admin.action(description="Reject selected suggested links…", permissions=["change"], location=BOTH_LOCATIONS)
    def reject_suggested_links(self, request, queryset):
        suggested = queryset.filter(status=ClaimLink.Status.SUGGESTED)
        skipped = queryset.count() - suggested.count()
        if skipped and request.POST.get("post") == "yes":
            self.message_user(request, f"{skipped} selected link(s) were already decided and were left alone; reopen them on the review screen to change them.", messages.WARNING)
        if not suggested.exists():
            self.message_user(request, "None of the selected links is waiting for review.", messages.WARNING)
            return None
        return confirmed_action(
            self, request, suggested, action="reject_suggested_links", title="Reject suggested links",
            question="Rejected links leave the review queue and are never suggested again."
            + (f" {skipped} selected link(s) that were already decided are left out." if skipped else ""),
            button="Reject", done="rejected", unchanged="already rejected",
            apply=lambda link: services.link_reject(link=link, reviewer=request.user, expected_version=None),
        )


# Disputes and verdicts


@admin.register(Dispute)
class DisputeAdmin(ModerationAdmin):
    list_display = ["title", "claim_short", "status", "link_count", "published_at", "created_by", "created_at"]
    list_filter = ["status", ("claim__speaker__kind", SourceKindFilter)]
    list_select_related = ["claim__speaker", "created_by"]
    date_hierarchy = "created_at"
    search_fields = ["title", "slug", "summary"]
    fields = ["title", "summary", "slug", "claim", "link_list", "status", "published_at", "created_by", "created_at", "updated_at"]
    readonly_fields = ["slug", "claim", "link_list", "status", "published_at", "created_by", "created_at", "updated_at"]
    actions = ["publish_disputes", "unpublish_disputes", "archive_disputes", "restore_disputes"]
    EDITABLE = {"title", "summary"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_total=_count_of(Dispute.links.through, "dispute"))

    def has_add_permission(self, request):
        # Disputes are built from confirmed links on the review screens.
        return False

    @admin.display(description="claim", ordering="claim__text")
    def claim_short(self, dispute):
        return _short(str(dispute.claim), 70)

    @admin.display(description="links", ordering="link_total")
    def link_count(self, dispute):
        return dispute.link_total

    @admin.display(description="links shown")
    def link_list(self, dispute):
        links = dispute.links.select_related("from_claim__speaker", "to_claim__speaker")
        return format_html_join(
            "\n", '<p><a href="{}">{} {} {}</a> ({})</p>',
            ((reverse("admin:claims_claimlink_change", args=[link.pk]), _short(str(link.from_claim), 60), link.get_relation_display().lower(), _short(str(link.to_claim), 60), link.get_status_display().lower()) for link in links),
        ) or "—"

    def view_on_site(self, dispute):
        return dispute.get_absolute_url() if dispute.status == Dispute.Status.PUBLISHED else None

    def editorial_links(self, object_id):
        return [("Open in review", editorial_url("claims:review", "/review/"))] if object_id else []

    def save_model(self, request, obj, form, change):
        changes = _changes(form, self.EDITABLE)
        if changes:
            services.dispute_update(dispute=obj, actor=request.user, **changes)

    def _status_action(self, request, queryset, *, action, title, question, button, done, unchanged, service):
        return confirmed_action(
            self, request, queryset, action=action, title=title, question=question, button=button, done=done, unchanged=unchanged,
            apply=lambda dispute: service(dispute=dispute, actor=request.user),
        )

    @admin.action(description="Publish selected disputes…", permissions=["change"], location=BOTH_LOCATIONS)
    def publish_disputes(self, request, queryset):
        return self._status_action(
            request, queryset, action="publish_disputes", title="Publish disputes",
            question="A dispute is published with its claim and the claims on its confirmed links.",
            button="Publish", done="published", unchanged="already published", service=services.dispute_publish,
        )

    @admin.action(description="Unpublish selected disputes…", permissions=["change"], location=BOTH_LOCATIONS)
    def unpublish_disputes(self, request, queryset):
        return self._status_action(
            request, queryset, action="unpublish_disputes", title="Unpublish disputes",
            question="Unpublished disputes go back to draft; their claims stay as they are.",
            button="Unpublish", done="unpublished", unchanged="already unpublished", service=services.dispute_unpublish,
        )

    @admin.action(description="Archive selected disputes…", permissions=["change"], location=BOTH_LOCATIONS)
    def archive_disputes(self, request, queryset):
        return self._status_action(
            request, queryset, action="archive_disputes", title="Archive disputes",
            question="Archived disputes leave the public site; nothing is deleted.",
            button="Archive", done="archived", unchanged="already archived", service=services.dispute_archive,
        )

    @admin.action(description="Restore selected archived disputes…", permissions=["change"], location=BOTH_LOCATIONS)
    def restore_disputes(self, request, queryset):
        return self._status_action(
            request, queryset, action="restore_disputes", title="Restore disputes",
            question="Restored disputes come back as drafts.",
            button="Restore", done="restored", unchanged="not archived", service=services.dispute_restore,
        )


@admin.register(Verdict)
class VerdictAdmin(ModerationAdmin):
    list_display = ["claim_short", "rating_value", "rating_text", "status", "reviewer", "published_at", "created_at"]
    list_filter = ["status", "rating_value"]
    list_select_related = ["claim__speaker", "reviewer"]
    date_hierarchy = "created_at"
    search_fields = ["rating_text", "claim__slug", "=claim__id"]
    autocomplete_fields = ["claim"]
    fields = ["claim", "rating_value", "rating_text", "explanation", "status", "reviewer", "published_at", "created_at"]
    actions = ["publish_verdicts", "archive_verdicts"]

    def get_readonly_fields(self, request, obj=None):
        # A verdict is a record of a judgement: written once, then published or withdrawn.
        if obj is None:
            return ["status", "reviewer", "published_at", "created_at"]
        return self.fields

    @admin.display(description="claim", ordering="claim__text")
    def claim_short(self, verdict):
        return _short(str(verdict.claim), 70)

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.verdict_create(
                claim=form.cleaned_data["claim"], rating_value=form.cleaned_data["rating_value"],
                rating_text=form.cleaned_data["rating_text"], explanation=form.cleaned_data.get("explanation", ""),
                reviewer=request.user,
            )
            _adopt(obj, created)

    @admin.action(description="Publish selected draft verdicts…", permissions=["change"], location=BOTH_LOCATIONS)
    def publish_verdicts(self, request, queryset):
        return confirmed_action(
            self, request, queryset, action="publish_verdicts", title="Publish verdicts",
            question="A published verdict replaces the one shown before on its claim (that one is archived).",
            button="Publish", done="published", unchanged="already published",
            apply=lambda verdict: services.verdict_publish(verdict=verdict, actor=request.user),
        )

    @admin.action(description="Archive selected verdicts…", permissions=["change"], location=BOTH_LOCATIONS)
    def archive_verdicts(self, request, queryset):
        return confirmed_action(
            self, request, queryset, action="archive_verdicts", title="Archive verdicts",
            question="Archived verdicts are withdrawn from the public site; nothing is deleted.",
            button="Archive", done="archived", unchanged="already archived",
            apply=lambda verdict: services.verdict_archive(verdict=verdict, actor=request.user),
        )


# The audit log


class TargetTypeFilter(admin.SimpleListFilter):
    """The kinds of object the claim tracker audits (not every content type in the project)."""

    title = "kind of object"
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        return [(str(content_type.pk), content_type.name) for content_type in ContentType.objects.filter(app_label="claims").order_by("model")]

    def queryset(self, request, queryset):
        return queryset.filter(target_type_id=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ModerationAdmin):
    """The append-only audit log, readable by moderators and changeable by nobody."""

    show_full_result_count = False  # the log grows without end; one COUNT per page is enough

    list_display = ["when", "actor_name", "verb", "target_link", "summary"]
    list_filter = ["verb", TargetTypeFilter]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"
    search_fields = ["verb", "target_repr", "=target_id", "actor__username"]
    fields = ["created_at", "actor", "verb", "target_type", "target_id", "target_repr", "target_link", "before", "after", "details"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="when", ordering="created_at")
    def when(self, event):
        return format_html('<time datetime="{}">{}</time>', event.created_at.isoformat(), timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"))

    @admin.display(description="kind", ordering="target_type__model")
    def target_kind(self, event):
        return event.target_type.name

    @admin.display(description="who", ordering="actor__username")
    def actor_name(self, event):
        return event.actor.get_username() if event.actor_id else "system"

    @admin.display(description="object")
    def target_link(self, event):
        try:
            url = reverse(f"admin:{event.target_type.app_label}_{event.target_type.model}_change", args=[event.target_id])
        except NoReverseMatch:
            return event.target_repr or event.target_id
        return format_html('<a href="{}">{}</a>', url, _short(event.target_repr or event.target_id, 70))

    @admin.display(description="change")
    def summary(self, event):
        """Short values as "field: before → after", long ones just named; the full values are on the event's page."""
        data = event.data or {}
        before, after = data.get("before") or {}, data.get("after") or {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            return "—"
        parts = []
        for field in dict.fromkeys([*before, *after]):
            old, new = before.get(field, ""), after.get(field, "")
            if old == new:
                continue
            if len(str(old)) + len(str(new)) <= 40:
                parts.append(f"{field}: {old if old not in ('', None) else '∅'} → {new if new not in ('', None) else '∅'}")
            else:
                parts.append(f"{field} changed")
        return "; ".join(parts) or "—"

    @admin.display(description="before")
    def before(self, event):
        return audit_rows([event])[0]["before"] or "—"

    @admin.display(description="after")
    def after(self, event):
        return audit_rows([event])[0]["after"] or "—"

    @admin.display(description="other details")
    def details(self, event):
        return audit_rows([event])[0]["details"] or "—"


# Outlet feeds and "came back" alerts (docs/feeds.md)

from claims import feed_services  # noqa: E402
from claims.models import Alert, Feed, FeedItem, FeedPoll  # noqa: E402


@admin.register(Feed)
class FeedAdmin(ModerationAdmin):
    """Moderators add and tune feeds here; `watch_feeds` polls them. Saves go through claims.feed_services."""

    list_display = ["feed_name", "outlet", "kind", "is_active", "interval", "last_polled_at", "failures", "next_poll_at"]
    list_filter = ["is_active", "kind", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["url", "title", "outlet__name"]
    autocomplete_fields = ["outlet"]
    fields = ["outlet", "url", "kind", "title", "is_active", "interval", "next_poll_at", "last_polled_at", "failures", "last_error",
              "etag", "last_modified", "recent_polls", "created_by", "created_at"]
    readonly_fields = ["next_poll_at", "last_polled_at", "failures", "last_error", "etag", "last_modified", "recent_polls", "created_by", "created_at"]
    EDITABLE = {"outlet", "url", "kind", "title", "is_active", "interval"}
    actions = ["pause_feeds", "resume_feeds"]

    @admin.display(description="feed", ordering="url")
    def feed_name(self, feed):
        return feed.title or _short(feed.url, 70)

    @admin.display(description="latest polls")
    def recent_polls(self, feed):
        if feed.pk is None:
            return "—"
        polls = feed.polls.order_by("-started_at", "-id")[:10]
        return format_html_join(
            "\n", "<div>{} · {} · {} new, {} known · {}</div>",
            ((timezone.localtime(poll.started_at).strftime("%Y-%m-%d %H:%M:%S"), poll.get_status_display(), poll.new_articles,
              poll.duplicates, _short(poll.error, 120) or "") for poll in polls),
        ) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            changes = _changes(form, self.EDITABLE)
            if changes:
                _adopt(obj, feed_services.feed_update(feed=obj, actor=request.user, **changes))
        else:
            data = {field: form.cleaned_data.get(field) for field in self.EDITABLE}
            _adopt(obj, feed_services.feed_create(actor=request.user, **data))

    def _switch(self, request, queryset, active: bool):
        with transaction.atomic():
            changed = [feed_services.feed_update(feed=feed, actor=request.user, is_active=active) for feed in queryset if feed.is_active != active]
        self.message_user(request, f"{len(changed)} feed{'s' if len(changed) != 1 else ''} {'resumed' if active else 'paused'}.")

    @admin.action(description="Pause the selected feeds", permissions=["change"])
    def pause_feeds(self, request, queryset):
        self._switch(request, queryset, False)

    @admin.action(description="Resume the selected feeds (polled at once)", permissions=["change"])
    def resume_feeds(self, request, queryset):
        self._switch(request, queryset, True)


class _ReadOnlyAdmin(ModerationAdmin):
    """Written by `watch_feeds` and the alert services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedPoll)
class FeedPollAdmin(_ReadOnlyAdmin):
    show_full_result_count = False
    list_display = ["started_at", "feed", "status", "http_status", "items_seen", "new_articles", "duplicates", "item_errors", "alerts", "duration_ms", "error"]
    list_filter = ["status"]
    list_select_related = ["feed__outlet"]
    date_hierarchy = "started_at"
    search_fields = ["feed__url", "feed__outlet__name", "error"]


@admin.register(FeedItem)
class FeedItemAdmin(_ReadOnlyAdmin):
    show_full_result_count = False
    list_display = ["url", "feed", "status", "article", "attempts", "first_seen_at", "error"]
    list_filter = ["status"]
    list_select_related = ["feed__outlet", "article"]
    search_fields = ["url", "title", "feed__url"]
    raw_id_fields = ["article"]


@admin.register(Alert)
class AlertAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "claim", "article", "status", "similarity", "reason", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["claim__speaker", "article", "decided_by"]
    search_fields = ["claim__text", "article__title", "reason"]
    raw_id_fields = ["claim", "appearance", "article", "link"]
