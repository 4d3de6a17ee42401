"""Every write to the claim tracker: one transaction and one audit row per action.

Views, admin actions, management commands and tasks all call these functions; nothing
else changes editorial data.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Model, ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from claims.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    ClaimLink,
    Dispute,
    Outlet,
    PublicState,
    Source,
    SourceAlias,
    Verdict,
)
from claims.text import normalise_for_matching

from claims.public_cache import PUBLIC_CACHE_VERSION_KEY  # noqa: F401 (callers import it from here)


class ServiceError(Exception):
    """An action that cannot be done as asked; the message is fit to show the user."""


class SourceExists(ServiceError):
    """An active source already has that name (perhaps created a moment ago by someone else)."""


class StaleEdit(ServiceError):
    """Someone else changed the object first; `current` is the object as it now is."""

    def __init__(self, current: Model, message: str | None = None):
        self.current = current
        super().__init__(message or f"{current._meta.verbose_name.capitalize()} was changed by someone else; reload and try again.")


# Audit and shared helpers


def _audit_event(*, actor, verb: str, target: Model, data: dict | None = None) -> AuditEvent:
    """One audit row, not yet saved (`audit_record` saves one, a bulk write saves many)."""
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        data=data or {},
    )


def audit_record(*, actor, verb: str, target: Model, data: dict | None = None) -> AuditEvent:
    """Append one audit row; the caller's transaction decides whether it stays."""
    event = _audit_event(actor=actor, verb=verb, target=target, data=data)
    event.save(force_insert=True)
    return event


def public_cache_bump() -> None:
    """Invalidate every cached public page by moving to a new version (claims/public_cache.py)."""
    from claims.public_cache import public_cache_bump as bump

    bump()


def _public_content_changed() -> None:
    # robust: the change is committed; a failure to move the version is logged, never a 500.
    transaction.on_commit(public_cache_bump, robust=True)


def _waits_for_review(actor) -> bool:
    """An addition by someone who is not a reviewer (an editor, an import) to material the
    public already sees waits for a reviewer before it shows there."""
    from claims.roles import MODERATOR, REVIEWER, has_role

    return actor is None or not getattr(actor, "is_authenticated", False) or not has_role(actor, REVIEWER, MODERATOR)


def _addition_state(*, public: bool, actor) -> str:
    return PublicState.PENDING if public and _waits_for_review(actor) else PublicState.SHOWN


def _unique_slug(model: type[Model], text: str, *, max_length: int = 80) -> str:
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug = base
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def _require_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"{field} must not be empty.")
    return value


# Sources and outlets


@transaction.atomic
def source_create(
    *,
    name: str,
    kind: str = Source.Kind.PERSON,
    aliases: Iterable[str] = (),
    affiliation: str = "",
    country: str = "",
    description: str = "",
    actor=None,
) -> Source:
    """Create a source with its aliases; a name already used by an active source is refused."""
    name = _require_text(name, "Name")
    if kind not in Source.Kind.values:
        raise ServiceError(f"Unknown source kind {kind!r}.")
    if Source.objects.active().filter(name__iexact=name).exists():
        raise SourceExists(f"A source named {name!r} already exists.")
    try:
        with transaction.atomic():
            source = Source.objects.create(
                name=name,
                slug=_unique_slug(Source, name),
                kind=kind,
                affiliation=affiliation,
                country=country,
                description=description,
            )
    except IntegrityError as error:  # created by someone else a moment ago
        raise SourceExists(f"A source named {name!r} already exists.") from error
    alias_names = sorted({alias.strip() for alias in aliases if alias.strip() and alias.strip().lower() != name.lower()}, key=str.lower)
    SourceAlias.objects.bulk_create([SourceAlias(source=source, name=alias) for alias in alias_names], ignore_conflicts=True)
    audit_record(actor=actor, verb="source-created", target=source, data={"name": name, "kind": kind, "aliases": alias_names})
    return source


@transaction.atomic
def source_alias_add(*, source: Source, alias: str, actor=None) -> SourceAlias:
    """Teach the tracker another name for a source (matching uses it at once). On the public
    page of a source with published claims it shows only once a reviewer agrees, unless a
    reviewer added it."""
    alias = _require_text(alias, "Alias")
    existing = source.aliases.filter(name__iexact=alias).first()
    if existing:
        return existing
    public = Claim.objects.published().filter(speaker=source).exists()
    state = _addition_state(public=public, actor=actor)
    try:
        with transaction.atomic():
            created = SourceAlias.objects.create(source=source, name=alias, public_state=state)
    except IntegrityError:  # added by someone else a moment ago
        return source.aliases.get(name__iexact=alias)
    audit_record(actor=actor, verb="source-alias-added", target=source, data={"alias": alias, "public_state": state})
    if state == PublicState.SHOWN:
        _public_content_changed()  # source pages list the aliases
    return created


@transaction.atomic
def source_alias_review(*, alias: SourceAlias, reviewer, show: bool) -> SourceAlias:
    """A reviewer shows an alias awaiting review on the public source page, or withholds it."""
    alias = SourceAlias.objects.select_for_update().select_related("source").get(pk=alias.pk)
    if alias.public_state != PublicState.PENDING:
        raise StaleEdit(alias, "Someone else decided on this alias first.")
    alias.public_state = PublicState.SHOWN if show else PublicState.WITHHELD
    alias.save(update_fields=["public_state"])
    audit_record(
        actor=reviewer, verb="source-alias-shown" if show else "source-alias-withheld", target=alias.source,
        data={"alias": alias.name, "alias_id": alias.pk, "before": {"public_state": "pending"}, "after": {"public_state": alias.public_state}},
    )
    if show:
        _public_content_changed()
    return alias


@transaction.atomic
def appearance_review(*, appearance: Appearance, reviewer, show: bool) -> Appearance:
    """A reviewer shows an appearance awaiting review on the claim's public page, or withholds it."""
    appearance = Appearance.objects.select_for_update().get(pk=appearance.pk)
    if appearance.public_state != PublicState.PENDING:
        raise StaleEdit(appearance, "Someone else decided on this appearance first.")
    appearance.public_state = PublicState.SHOWN if show else PublicState.WITHHELD
    appearance.save(update_fields=["public_state"])
    audit_record(
        actor=reviewer, verb="appearance-shown" if show else "appearance-withheld", target=appearance,
        data={"claim": appearance.claim_id, "before": {"public_state": "pending"}, "after": {"public_state": appearance.public_state}},
    )
    if show:
        _public_content_changed()
    return appearance


@transaction.atomic
def source_update(*, source: Source, actor, **changes) -> Source:
    """Change a source's descriptive fields; the slug stays so links keep working."""
    allowed = {"name", "kind", "affiliation", "country", "description"}
    unknown = set(changes) - allowed
    if unknown:
        raise ServiceError(f"Cannot change {', '.join(sorted(unknown))} on a source.")
    if "name" in changes:
        changes["name"] = _require_text(changes["name"], "Name")
        if Source.objects.active().filter(name__iexact=changes["name"]).exclude(pk=source.pk).exists():
            raise ServiceError(f"A source named {changes['name']!r} already exists.")
    if "kind" in changes and changes["kind"] not in Source.Kind.values:
        raise ServiceError(f"Unknown source kind {changes['kind']!r}.")
    before = {field: getattr(source, field) for field in changes}
    for field, value in changes.items():
        setattr(source, field, value)
    source.save()
    audit_record(actor=actor, verb="source-updated", target=source, data={"before": before, "after": changes})
    _public_content_changed()
    return source


@transaction.atomic
def source_merge(*, survivor: Source, merged: Source, actor) -> Source:
    """Fold `merged` into `survivor`: claims move, names become aliases, `merged` stays as a pointer."""
    if survivor.pk == merged.pk:
        raise ServiceError("A source cannot be merged into itself.")
    survivor = Source.objects.select_for_update().get(pk=survivor.pk)
    merged = Source.objects.select_for_update().get(pk=merged.pk)
    if merged.merged_into_id or survivor.merged_into_id:
        raise ServiceError("One of these sources was already merged; merge into the surviving source instead.")
    moved_claims = list(Claim.objects.filter(speaker=merged).values_list("pk", flat=True))
    Claim.objects.filter(pk__in=moved_claims).update(speaker=survivor, updated_at=timezone.now())
    names = [merged.name, *merged.aliases.values_list("name", flat=True)]
    known = {name.lower() for name in survivor.aliases.values_list("name", flat=True)} | {survivor.name.lower()}
    SourceAlias.objects.bulk_create(
        [SourceAlias(source=survivor, name=name) for name in dict.fromkeys(names) if name.lower() not in known],
        ignore_conflicts=True,
    )
    Source.objects.filter(pk=merged.pk).update(merged_into=survivor)
    audit_record(
        actor=actor,
        verb="source-merged",
        target=survivor,
        data={"merged_source": merged.pk, "merged_name": merged.name, "moved_claims": moved_claims},
    )
    audit_record(actor=actor, verb="source-merged-away", target=merged, data={"survivor": survivor.pk})
    _public_content_changed()
    return survivor


@transaction.atomic
def outlet_get_or_create(*, name: str, domain: str = "", actor=None) -> Outlet:
    """The outlet with this name (or domain), created on first sight."""
    name = _require_text(name, "Outlet name")
    domain = domain.strip().lower().removeprefix("www.")
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is None and domain:
        outlet = Outlet.objects.filter(domain=domain).first()
    if outlet:
        return outlet
    try:
        with transaction.atomic():
            outlet = Outlet.objects.create(name=name, slug=_unique_slug(Outlet, name), domain=domain)
    except IntegrityError:
        # Another import created it a moment ago (its INSERT committed while ours waited).
        outlet = Outlet.objects.filter(name__iexact=name).first() or (Outlet.objects.filter(domain=domain).first() if domain else None)
        if outlet is None:
            raise
        return outlet
    audit_record(actor=actor, verb="outlet-created", target=outlet, data={"name": name, "domain": domain})
    return outlet


# Claims


@transaction.atomic
def claim_create(
    *,
    speaker: Source,
    text: str,
    kind: str = Claim.Kind.DIRECT,
    polarity: str = Claim.Polarity.ASSERTS,
    stated_on: date | None = None,
    context: str = "",
    actor=None,
    language: str = "",
) -> Claim:
    """A new draft claim by `speaker`."""
    text = _require_text(text, "Claim text")
    if kind not in Claim.Kind.values:
        raise ServiceError(f"Unknown claim kind {kind!r}.")
    if polarity not in Claim.Polarity.values:
        raise ServiceError(f"Unknown polarity {polarity!r}.")
    if speaker.merged_into_id:
        speaker = speaker.merged_into
    claim = Claim.objects.create(
        speaker=speaker,
        text=text,
        normalised_text=normalise_for_matching(text),
        context=context,
        kind=kind,
        polarity=polarity,
        stated_on=stated_on,
        language=(language or "")[:12],
        slug=_unique_slug(Claim, f"{speaker.name} {' '.join(text.split()[:8])}"),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(actor=actor, verb="claim-created", target=claim, data={"text": text, "speaker": speaker.pk})
    return claim


def _lock_claim(claim: Claim, expected_version: int | None) -> Claim:
    current = Claim.objects.select_for_update().select_related("speaker").get(pk=claim.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current)
    return current


CLAIM_EDITABLE_FIELDS = {"text", "speaker", "kind", "polarity", "stated_on", "context", "assigned_to"}


@transaction.atomic
def claim_update(*, claim: Claim, actor, expected_version: int | None, **changes) -> Claim:
    """Edit a claim; a stale `expected_version` changes nothing and raises StaleEdit."""
    unknown = set(changes) - CLAIM_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Cannot change {', '.join(sorted(unknown))} on a claim.")
    current = _lock_claim(claim, expected_version)
    if "text" in changes:
        changes["text"] = _require_text(changes["text"], "Claim text")
        changes["normalised_text"] = normalise_for_matching(changes["text"])
    if "kind" in changes and changes["kind"] not in Claim.Kind.values:
        raise ServiceError(f"Unknown claim kind {changes['kind']!r}.")
    if "polarity" in changes and changes["polarity"] not in Claim.Polarity.values:
        raise ServiceError(f"Unknown polarity {changes['polarity']!r}.")
    before, after = {}, {}
    for field, value in changes.items():
        old = getattr(current, field)
        if old != value:
            before[field] = getattr(old, "pk", old)
            after[field] = getattr(value, "pk", value)
            setattr(current, field, value)
    if not after:
        return current
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    for field in ("stated_on",):
        if field in before:
            before[field], after[field] = str(before[field]), str(after[field])
    audit_record(actor=actor, verb="claim-updated", target=current, data={"before": before, "after": after})
    if current.is_published:
        _public_content_changed()
    return current


_CLAIM_TRANSITIONS = {
    Claim.Status.REVIEW: ({Claim.Status.DRAFT}, "claim-submitted"),
    Claim.Status.PUBLISHED: ({Claim.Status.DRAFT, Claim.Status.REVIEW}, "claim-published"),
    Claim.Status.DRAFT: ({Claim.Status.REVIEW, Claim.Status.PUBLISHED}, "claim-unpublished"),
    Claim.Status.ARCHIVED: ({Claim.Status.DRAFT, Claim.Status.REVIEW, Claim.Status.PUBLISHED}, "claim-archived"),
}


@transaction.atomic
def claim_set_status(*, claim: Claim, status: str, actor, expected_version: int | None = None) -> Claim:
    """Move a claim through draft -> review -> published -> archived (and back where allowed)."""
    current = _lock_claim(claim, expected_version)
    if status not in _CLAIM_TRANSITIONS:
        raise ServiceError(f"Unknown claim status {status!r}.")
    allowed_from, verb = _CLAIM_TRANSITIONS[status]
    if current.status == status:
        return current
    if current.merged_into_id:
        raise ServiceError("This claim was merged into another; change that one instead.")
    if current.status not in allowed_from:
        raise ServiceError(f"A {current.get_status_display().lower()} claim cannot become {Claim.Status(status).label.lower()}.")
    before = current.status
    current.status = status
    if status == Claim.Status.PUBLISHED:
        current.published_at = current.published_at or timezone.now()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_record(actor=actor, verb=verb, target=current, data={"before": {"status": before}, "after": {"status": status}})
    _public_content_changed()
    return current


def claim_submit(*, claim: Claim, actor, expected_version: int | None = None) -> Claim:
    """Send a draft to the reviewers."""
    return claim_set_status(claim=claim, status=Claim.Status.REVIEW, actor=actor, expected_version=expected_version)


def claim_publish(*, claim: Claim, actor, expected_version: int | None = None) -> Claim:
    """Make a claim visible to the public."""
    return claim_set_status(claim=claim, status=Claim.Status.PUBLISHED, actor=actor, expected_version=expected_version)


def claim_unpublish(*, claim: Claim, actor, expected_version: int | None = None) -> Claim:
    """Take a claim off the public site, back to draft."""
    return claim_set_status(claim=claim, status=Claim.Status.DRAFT, actor=actor, expected_version=expected_version)


def claim_archive(*, claim: Claim, actor, expected_version: int | None = None) -> Claim:
    """Retire a claim; nothing is deleted."""
    return claim_set_status(claim=claim, status=Claim.Status.ARCHIVED, actor=actor, expected_version=expected_version)


@transaction.atomic
def claim_restore(*, claim: Claim, actor, expected_version: int | None = None) -> Claim:
    """Bring an archived claim back as a draft."""
    current = _lock_claim(claim, expected_version)
    if current.status != Claim.Status.ARCHIVED:
        raise ServiceError("Only an archived claim can be restored.")
    current.status = Claim.Status.DRAFT
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_record(actor=actor, verb="claim-restored", target=current, data={"before": {"status": "archived"}, "after": {"status": "draft"}})
    return current


@transaction.atomic
def claim_assign(*, claim: Claim, assignee, actor, expected_version: int | None = None) -> Claim:
    """Give a claim to a reviewer (or to nobody with `assignee=None`)."""
    current = _lock_claim(claim, expected_version)
    before = current.assigned_to_id
    current.assigned_to = assignee
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_record(actor=actor, verb="claim-assigned", target=current, data={"before": {"assigned_to": before}, "after": {"assigned_to": getattr(assignee, "pk", None)}})
    return current


@transaction.atomic
def claim_merge(
    *,
    survivor: Claim,
    duplicate: Claim,
    actor,
    survivor_version: int | None = None,
    duplicate_version: int | None = None,
) -> Claim:
    """Fold `duplicate` into `survivor`: appearances and links move, the duplicate is archived as a pointer.

    The versions the user saw are checked (StaleEdit when either claim changed since). Both
    claims are locked in id order, so merges of the same pair in opposite directions queue
    up instead of deadlocking. Every link whose status the merge changes gets its audit row.
    """
    if survivor.pk == duplicate.pk:
        raise ServiceError("A claim cannot be merged into itself.")
    locked = {claim.pk: claim for claim in Claim.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk]).order_by("pk")}
    if len(locked) != 2:
        raise ServiceError("One of these claims no longer exists.")
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise ServiceError("One of these claims was already merged.")
    for current, expected in ((survivor, survivor_version), (duplicate, duplicate_version)):
        if expected is not None and current.version != expected:
            raise StaleEdit(current, f"Claim {current.pk} was changed by someone else since the merge was opened; check both claims and merge again.")
    moved_appearances = list(duplicate.appearances.values_list("pk", flat=True))
    Appearance.objects.filter(pk__in=moved_appearances).update(claim=survivor)
    moved_links, dropped_links, carried = [], [], []
    decision_verbs = {ClaimLink.Status.CONFIRMED: "link-confirmed", ClaimLink.Status.REJECTED: "link-rejected"}
    for link in ClaimLink.objects.select_for_update().involving(duplicate).order_by("pk"):
        new_from = survivor if link.from_claim_id == duplicate.pk else link.from_claim
        new_to = survivor if link.to_claim_id == duplicate.pk else link.to_claim
        clash = ClaimLink.objects.filter(from_claim=new_from, to_claim=new_to, relation=link.relation).exclude(pk=link.pk).exists()
        if clash and new_from.pk != new_to.pk and link.status != ClaimLink.Status.SUGGESTED:
            # The survivor's own link for this pair is still open: the reviewer's decision carries over.
            for open_link in ClaimLink.objects.select_for_update().filter(
                from_claim=new_from, to_claim=new_to, relation=link.relation, status=ClaimLink.Status.SUGGESTED
            ):
                ClaimLink.objects.filter(pk=open_link.pk).update(
                    status=link.status, reviewed_by=link.reviewed_by_id, reviewed_at=link.reviewed_at, version=F("version") + 1, updated_at=timezone.now()
                )
                open_link.refresh_from_db()
                audit_record(
                    actor=actor,
                    verb=decision_verbs[link.status],
                    target=open_link,
                    data={
                        "before": {"status": ClaimLink.Status.SUGGESTED},
                        "after": {"status": link.status},
                        "carried_over_from_link": link.pk,
                        "original_reviewer": link.reviewed_by_id,
                        "merge": {"survivor": survivor.pk, "duplicate": duplicate.pk},
                    },
                )
                carried.append(open_link.pk)
        if new_from.pk == new_to.pk or clash:
            # The pair would link the survivor to itself or repeat a link it has.
            if link.status != ClaimLink.Status.REJECTED:
                before = link.status
                link.status = ClaimLink.Status.REJECTED
                link.note = (link.note + "\n" if link.note else "") + f"Closed when claim {duplicate.pk} was merged into {survivor.pk}."
                link.version = F("version") + 1
                link.save()
                link.refresh_from_db()
                audit_record(
                    actor=actor,
                    verb="link-rejected",
                    target=link,
                    data={"before": {"status": before}, "after": {"status": link.status}, "merge": {"survivor": survivor.pk, "duplicate": duplicate.pk}},
                )
            dropped_links.append(link.pk)
            continue
        ClaimLink.objects.filter(pk=link.pk).update(from_claim=new_from, to_claim=new_to, version=F("version") + 1)
        moved_links.append(link.pk)
    Dispute.objects.filter(claim=duplicate).update(claim=survivor)
    Verdict.objects.filter(claim=duplicate, status=Verdict.Status.DRAFT).update(claim=survivor)
    before_status = duplicate.status
    Claim.objects.filter(pk=duplicate.pk).update(
        merged_into=survivor, status=Claim.Status.ARCHIVED, version=F("version") + 1, updated_at=timezone.now()
    )
    Claim.objects.filter(pk=survivor.pk).update(version=F("version") + 1, updated_at=timezone.now())
    survivor.refresh_from_db()
    audit_record(
        actor=actor,
        verb="claim-merged",
        target=survivor,
        data={
            "duplicate": duplicate.pk,
            "duplicate_status": before_status,
            "moved_appearances": moved_appearances,
            "moved_links": moved_links,
            "closed_links": dropped_links,
            "carried_decisions": carried,
        },
    )
    _public_content_changed()
    return survivor


def _appearance_target(article: Article, start: int, end: int):
    """What the quote at article.text[start:end] answers (claims/matching/targets.py)."""
    from claims.matching.targets import claim_target

    return claim_target(text=article.text, title=article.title, start=start, end=end)


@transaction.atomic
def appearance_create(
    *,
    claim: Claim,
    article: Article,
    start: int,
    end: int,
    quote: str = "",
    context: str = "",
    attribution: str = "",
    speaker_as_written: str = "",
    reporting_verb: str = "",
    actor=None,
) -> Appearance:
    """Record that `claim` appears in `article` at text[start:end]."""
    if not (0 <= start < end <= len(article.text)):
        raise ServiceError(f"Offsets {start}:{end} fall outside the article text.")
    quote = quote or article.text[start:end]
    state = _addition_state(public=claim.is_published, actor=actor)
    target = _appearance_target(article, start, end)
    try:
        with transaction.atomic():
            appearance = Appearance.objects.create(
                claim=claim,
                article=article,
                start=start,
                end=end,
                quote=quote,
                context=context,
                attribution=attribution[:500],
                speaker_as_written=speaker_as_written[:200],
                reporting_verb=reporting_verb[:50],
                public_state=state,
                target=target.text,
                target_named=list(target.named),
            )
    except IntegrityError as error:
        raise ServiceError("This passage of the article is already recorded as a claim.") from error
    audit_record(actor=actor, verb="appearance-created", target=appearance,
                 data={"claim": claim.pk, "article": article.pk, "start": start, "end": end, "public_state": state})
    if claim.is_published and state == PublicState.SHOWN:
        _public_content_changed()
    return appearance


# Links between claims


def _lock_link(link: ClaimLink, expected_version: int | None) -> ClaimLink:
    current = ClaimLink.objects.select_for_update().get(pk=link.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current, "Someone else decided on this link first.")
    return current


@transaction.atomic
def link_suggest(
    *,
    from_claim: Claim,
    to_claim: Claim,
    relation: str,
    score: float = 0.0,
    reasons: list[str] | None = None,
    actor=None,
    note: str = "",
) -> ClaimLink:
    """Propose `from_claim` <relation> `to_claim`; a pair already decided keeps its decision."""
    if from_claim.pk == to_claim.pk:
        raise ServiceError("A claim cannot be linked to itself.")
    if relation not in ClaimLink.Relation.values:
        raise ServiceError(f"Unknown relation {relation!r}.")
    existing = (
        ClaimLink.objects.select_for_update()
        .filter(from_claim=from_claim, to_claim=to_claim, relation=relation)
        .first()
    )
    if existing is not None:
        if existing.status != ClaimLink.Status.SUGGESTED:
            return existing
        if existing.score == score and existing.reasons == (reasons or []):
            return existing
        existing.score, existing.reasons = score, reasons or []
        existing.version = F("version") + 1
        existing.save()
        existing.refresh_from_db()
        audit_record(actor=actor, verb="link-rescored", target=existing, data={"score": score})
        return existing
    try:
        with transaction.atomic():
            link = ClaimLink.objects.create(
                from_claim=from_claim,
                to_claim=to_claim,
                relation=relation,
                score=score,
                reasons=reasons or [],
                suggested_by=actor if actor is not None and actor.is_authenticated else None,
                note=note,
            )
    except IntegrityError:
        # Proposed by someone else at the same moment: theirs is the link.
        existing = ClaimLink.objects.select_for_update().filter(from_claim=from_claim, to_claim=to_claim, relation=relation).first()
        if existing is None:
            raise
        return existing
    audit_record(actor=actor, verb="link-suggested", target=link, data={"relation": relation, "score": score, "reasons": reasons or []})
    return link


def _decide(link: ClaimLink, *, status: str, reviewer, expected_version: int | None, relation: str | None, note: str | None, verb: str) -> ClaimLink:
    current = _lock_link(link, expected_version)
    before = {"status": current.status, "relation": current.relation, "note": current.note}
    if relation is not None and relation != current.relation:
        if relation not in ClaimLink.Relation.values:
            raise ServiceError(f"Unknown relation {relation!r}.")
        if ClaimLink.objects.filter(from_claim=current.from_claim_id, to_claim=current.to_claim_id, relation=relation).exists():
            raise ServiceError("These claims already have a link with that relation.")
        current.relation = relation
    if note is not None:
        current.note = note
    decided = status != ClaimLink.Status.SUGGESTED
    current.status = status
    current.reviewed_by = reviewer if decided else None
    current.reviewed_at = timezone.now() if decided else None
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    after = {"status": current.status, "relation": current.relation, "note": current.note}
    audit_record(actor=reviewer, verb=verb, target=current, data={"before": before, "after": after})
    _public_content_changed()
    return current


@transaction.atomic
def link_confirm(*, link: ClaimLink, reviewer, expected_version: int | None, relation: str | None = None, note: str | None = None) -> ClaimLink:
    """A reviewer agrees with the link (optionally relabelled); a stale version changes nothing."""
    return _decide(link, status=ClaimLink.Status.CONFIRMED, reviewer=reviewer, expected_version=expected_version, relation=relation, note=note, verb="link-confirmed")


@transaction.atomic
def link_reject(*, link: ClaimLink, reviewer, expected_version: int | None, note: str | None = None) -> ClaimLink:
    """A reviewer rejects the link; it is never suggested again."""
    return _decide(link, status=ClaimLink.Status.REJECTED, reviewer=reviewer, expected_version=expected_version, relation=None, note=note, verb="link-rejected")


@transaction.atomic
def link_relabel(*, link: ClaimLink, reviewer, expected_version: int | None, relation: str) -> ClaimLink:
    """Change a link's relation without deciding on it."""
    current = _lock_link(link, expected_version)
    return _decide(current, status=current.status, reviewer=reviewer, expected_version=expected_version, relation=relation, note=None, verb="link-relabelled")


@transaction.atomic
def link_reopen(*, link: ClaimLink, reviewer, expected_version: int | None) -> ClaimLink:
    """Undo a decision: the link goes back to the review queue."""
    return _decide(link, status=ClaimLink.Status.SUGGESTED, reviewer=reviewer, expected_version=expected_version, relation=None, note=None, verb="link-reopened")


@dataclass
class BulkDecision:
    """What `links_decide_bulk` did, link by link: decided ones, and the refused ones with why."""

    decided: list[ClaimLink] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (link id, message)


@transaction.atomic
def links_decide_bulk(*, selections: Iterable[tuple[int, int]], decision: str, reviewer, note: str | None = None) -> BulkDecision:
    """Confirm or reject several suggested links, each at the version the reviewer saw.

    Each link is decided on its own (one audit row each); a link someone else decided or
    changed first, or one already decided, is refused with its reason and the others go on.
    """
    if decision not in ("confirm", "reject"):
        raise ServiceError("Choose Confirm or Reject for the selected suggestions.")
    selections = list(dict(selections).items())
    if not selections:
        raise ServiceError("Select at least one suggestion.")
    result = BulkDecision()
    links = ClaimLink.objects.in_bulk([link_id for link_id, _ in selections])
    for link_id, version in selections:
        link = links.get(link_id)
        if link is None:
            result.refused.append((link_id, "This suggestion no longer exists."))
            continue
        try:
            with transaction.atomic():
                current = ClaimLink.objects.select_for_update().get(pk=link_id)
                if current.status != ClaimLink.Status.SUGGESTED:
                    raise StaleEdit(current, f"Already {current.get_status_display().lower()}.")
                if decision == "confirm":
                    decided = link_confirm(link=current, reviewer=reviewer, expected_version=version, note=note)
                else:
                    decided = link_reject(link=current, reviewer=reviewer, expected_version=version, note=note)
        except ServiceError as error:
            result.refused.append((link_id, str(error)))
            continue
        result.decided.append(decided)
    return result


# Disputes and verdicts


@transaction.atomic
def dispute_create(*, title: str, claim: Claim, links: Iterable[ClaimLink] = (), summary: str = "", actor) -> Dispute:
    """Group a claim and its counterclaims under a title."""
    title = _require_text(title, "Title")
    links = list(links)
    for link in links:
        if claim.pk not in (link.from_claim_id, link.to_claim_id):
            raise ServiceError(f"Link {link.pk} does not involve claim {claim.pk}.")
    dispute = Dispute.objects.create(title=title, slug=_unique_slug(Dispute, title), claim=claim, summary=summary, created_by=actor)
    dispute.links.set(links)
    audit_record(actor=actor, verb="dispute-created", target=dispute, data={"claim": claim.pk, "links": [link.pk for link in links]})
    return dispute


@transaction.atomic
def dispute_publish(*, dispute: Dispute, actor) -> Dispute:
    """Publish a dispute with its claim and the claims on its confirmed links."""
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    links = list(dispute.links.select_related("from_claim", "to_claim"))
    if not any(link.status == ClaimLink.Status.CONFIRMED for link in links):
        raise ServiceError("A dispute needs at least one confirmed link before it is published.")
    claims = {dispute.claim} | {claim for link in links if link.status == ClaimLink.Status.CONFIRMED for claim in (link.from_claim, link.to_claim)}
    for claim in claims:
        if claim.status != Claim.Status.PUBLISHED:
            claim_publish(claim=claim, actor=actor)
    before = dispute.status
    dispute.status = Dispute.Status.PUBLISHED
    dispute.published_at = dispute.published_at or timezone.now()
    dispute.save()
    audit_record(actor=actor, verb="dispute-published", target=dispute, data={"before": {"status": before}, "after": {"status": dispute.status}})
    _public_content_changed()
    return dispute


@transaction.atomic
def dispute_set_status(*, dispute: Dispute, status: str, actor) -> Dispute:
    """Unpublish (back to draft) or archive a dispute; publishing goes through dispute_publish."""
    if status not in (Dispute.Status.DRAFT, Dispute.Status.REVIEW, Dispute.Status.ARCHIVED):
        raise ServiceError(f"Use dispute_publish to publish; {status!r} is not a status to set here.")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    before = dispute.status
    if before == status:
        return dispute
    dispute.status = status
    dispute.save()
    audit_record(actor=actor, verb=f"dispute-{'archived' if status == Dispute.Status.ARCHIVED else 'unpublished'}", target=dispute, data={"before": {"status": before}, "after": {"status": status}})
    _public_content_changed()
    return dispute


@transaction.atomic
def verdict_create(*, claim: Claim, rating_value: int, rating_text: str, explanation: str = "", reviewer, publish: bool = False) -> Verdict:
    """Rate a claim (1 false ... 5 true); publishing replaces the verdict shown before."""
    if not 1 <= int(rating_value) <= 5:
        raise ServiceError("A rating is a whole number from 1 (false) to 5 (true).")
    rating_text = _require_text(rating_text, "Rating")
    if publish:
        for old in Verdict.objects.select_for_update().filter(claim=claim, status=Verdict.Status.PUBLISHED):
            old.status = Verdict.Status.ARCHIVED
            old.save(update_fields=["status"])
            audit_record(actor=reviewer, verb="verdict-archived", target=old, data={"replaced": True})
    verdict = Verdict.objects.create(
        claim=claim,
        rating_value=int(rating_value),
        rating_text=rating_text,
        explanation=explanation,
        reviewer=reviewer,
        status=Verdict.Status.PUBLISHED if publish else Verdict.Status.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    audit_record(actor=reviewer, verb="verdict-published" if publish else "verdict-created", target=verdict, data={"rating_value": verdict.rating_value, "rating_text": rating_text})
    _public_content_changed()
    return verdict


# Articles


@transaction.atomic
def article_archive(*, article: Article, actor) -> Article:
    """Retire an article; its appearances stay for the record."""
    if article.status == Article.Status.ARCHIVED:
        return article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)
    article.refresh_from_db()
    audit_record(actor=actor, verb="article-archived", target=article, data={"before": {"status": "active"}, "after": {"status": "archived"}})
    _public_content_changed()
    return article


# Import


@dataclass
class ImportedQuote:
    """One quote of an import: the claim it became (new or existing) and its appearance here."""

    claim: Claim
    appearance: Appearance
    claim_created: bool
    source_created: bool


@dataclass
class ArticleImportResult:
    """What `article_import` did; `duplicate` means the article was already there and nothing changed."""

    article: Article
    duplicate: bool
    quotes: list[ImportedQuote] = field(default_factory=list)


_NAME_PARTICLES = {"of", "the", "and", "for", "de", "da", "del", "der", "von", "van", "al", "bin", "la", "le", "du", "y"}
_NOT_NAMES = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "the", "a", "an", "this", "that", "officials", "sources"}
_TITLES = {
    "president", "prime", "minister", "secretary", "chancellor", "general", "gen", "gen.", "mr", "mr.", "mrs", "mrs.", "ms",
    "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "king", "queen", "senator", "sen.", "rep.", "governor", "mayor",
    "judge", "justice", "chief", "spokesman", "spokeswoman", "spokesperson", "defence", "defense", "foreign", "u.s.", "us",
    "u.k.", "uk", "former", "deputy", "vice", "colonel", "col.", "captain", "commander", "ambassador", "coach", "manager",
}


def _is_proper_alias(as_written: str, canonical: str) -> bool:
    """True when the name as written is another proper name for the source ("Putin", "Ukraine's General Staff")."""
    words = as_written.split()
    if not words or len(words) > 6 or as_written.casefold() == canonical.casefold():
        return False
    first = words[0].casefold()
    if first in _NOT_NAMES or first in _TITLES:
        return False
    for position, word in enumerate(words):
        bare = word.removesuffix("'s").removesuffix("\u2019s").strip(".,")
        if position and bare.casefold() in _NAME_PARTICLES:
            continue
        if not bare or not (bare[0].isupper() or bare[0].isdigit()):
            return False
    # "President Vladimir Putin" is the canonical name with a title; not worth remembering.
    return canonical.casefold() not in as_written.casefold() or len(words) <= len(canonical.split())


def _source_kind(kind: str) -> str:
    return kind if kind in Source.Kind.values else Source.Kind.OTHER


def _resolve_speaker(quote, *, actor, cache: dict) -> tuple[Source, bool]:
    """The Source for a quote's speaker: known by name or alias, similar enough, or created now."""
    from claims.selectors import source_find_by_name

    name = " ".join((quote.speaker or "").split())
    if not name:
        raise ServiceError(f"The quote \u201c{quote.text[:60]}\u201d has no speaker.")
    as_written = " ".join((getattr(quote, "speaker_as_written", "") or "").split())
    key = name.casefold()
    if key in cache:
        source, created = cache[key], False
    else:
        source, how = source_find_by_name(name=name)
        created = source is None
        if created:
            aliases = [as_written] if as_written and _is_proper_alias(as_written, name) else []
            try:
                source = source_create(name=name, kind=_source_kind(getattr(quote, "speaker_kind", "")), aliases=aliases, actor=actor)
            except SourceExists:
                # Another import created this speaker a moment ago: use theirs.
                source, created = Source.objects.active().get(name__iexact=name), False
        elif how == "similar" and _is_proper_alias(name, source.name):
            # A spelling the tracker had not seen: remember it so the next match is exact.
            source_alias_add(source=source, alias=name, actor=actor)
        cache[key] = source
    if not created and as_written and _is_proper_alias(as_written, source.name):
        if as_written.casefold() not in cache.setdefault(("aliases", source.pk), set()):
            source_alias_add(source=source, alias=as_written, actor=actor)
            cache[("aliases", source.pk)].add(as_written.casefold())
    return source, created


def _outlet_for(*, outlet_name: str, url: str, actor) -> Outlet | None:
    from urllib.parse import urlsplit

    domain = ""
    if url:
        try:
            domain = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        except ValueError:
            domain = ""
    name = " ".join((outlet_name or "").split())
    if not name and domain:
        existing = Outlet.objects.filter(domain=domain).first()
        if existing:
            return existing
        name = domain
    if not name:
        return None
    return outlet_get_or_create(name=name[:200], domain=domain, actor=actor)


@transaction.atomic
def article_import(
    *,
    prepared,
    quotes: Iterable,
    actor,
    outlet_name: str = "",
    published: date | None = None,
    url: str | None = None,
    title: str | None = None,
    language: str | None = None,
) -> ArticleImportResult:
    """Store a reviewed article, its speakers, draft claims and appearances; a known article changes nothing."""
    from claims.importing.pipeline import content_hash as hash_text
    from claims.selectors import article_find_duplicate, claim_find_same, claims_find_exact, sources_find_known

    text = prepared.text
    url = (url if url is not None else prepared.url or "").strip()
    if not text.strip():
        raise ServiceError("The article has no text.")
    digest = hash_text(text)
    existing = article_find_duplicate(url=url, content_hash=digest)
    if existing is not None:
        return _duplicate_result(existing)
    published = published or prepared.published
    quotes = list(quotes)
    for quote in quotes:
        if not (0 <= quote.start < quote.end <= len(text)) or text[quote.start:quote.end] != quote.text:
            raise ServiceError(f"The quote \u201c{quote.text[:60]}\u201d does not match the article text at {quote.start}:{quote.end}.")
    outlet = _outlet_for(outlet_name=outlet_name or prepared.site_name, url=url, actor=actor)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                outlet=outlet,
                url=url,
                title=(title if title is not None else prepared.title or "")[:500],
                published=published,
                language=(language if language is not None else getattr(prepared, "language", "") or "")[:12],
                input_kind=prepared.input_kind if prepared.input_kind in Article.InputKind.values else Article.InputKind.PASTE,
                raw_input=prepared.raw_input,
                text=text,
                content_hash=digest,
                imported_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        # Someone imported the same article a moment ago.
        existing = article_find_duplicate(url=url, content_hash=digest)
        if existing is None:
            raise
        return _duplicate_result(existing)
    result = ArticleImportResult(article=article, duplicate=False)
    speakers: dict = {}
    seen_spans = set()
    # Speakers created by this import have no claims until this import gives them one, so
    # looking for "the same claim" (two queries with trigram filters) cannot find anything.
    without_claims: set[int] = set()
    # Every speaker known by name or alias in two queries, instead of two per speaker.
    for name, (source, _how) in sources_find_known(names=[quote.speaker for quote in quotes]).items():
        speakers[name.casefold()] = source
    resolved = []
    for quote in sorted(quotes, key=lambda quote: (quote.start, quote.end)):
        if (quote.start, quote.end) in seen_spans:
            continue
        seen_spans.add((quote.start, quote.end))
        speaker, source_created = _resolve_speaker(quote, actor=actor, cache=speakers)
        if source_created:
            without_claims.add(speaker.pk)
        resolved.append((quote, speaker, source_created, normalise_for_matching(quote.text)))
    # claim_find_same's first step (the same normalised text) for every quote in one query.
    existing = claims_find_exact(
        pairs=[(speaker.pk, normalised) for _quote, speaker, _created, normalised in resolved if normalised and speaker.pk not in without_claims]
    )
    created_here: dict = {}
    pending = []
    for quote, speaker, source_created, normalised in resolved:
        claim = None
        if speaker.pk not in without_claims and normalised:
            claim = existing.get((speaker.pk, normalised)) or created_here.get((speaker.pk, normalised))
            if claim is None:
                claim = claim_find_same(speaker=speaker, text=quote.text, exact_checked=True)
        claim_created = claim is None
        if claim_created:
            claim = claim_create(
                speaker=speaker,
                text=quote.text,
                kind=quote.kind or Claim.Kind.DIRECT,
                polarity=quote.polarity or Claim.Polarity.ASSERTS,
                stated_on=published,
                context=getattr(quote, "context", "") or "",
                actor=actor,
                language=article.language,
            )
            without_claims.discard(speaker.pk)
            created_here.setdefault((speaker.pk, claim.normalised_text), claim)
        pending.append((quote, claim, claim_created, source_created))
    for (quote, claim, claim_created, source_created), appearance in zip(pending, _appearances_bulk_create(article=article, pending=pending, actor=actor)):
        result.quotes.append(ImportedQuote(claim=claim, appearance=appearance, claim_created=claim_created, source_created=source_created))
    audit_record(
        actor=actor,
        verb="article-imported",
        target=article,
        data={
            "input_kind": article.input_kind,
            "url": url,
            "content_hash": digest,
            "claims_created": [item.claim.pk for item in result.quotes if item.claim_created],
            "appearances_added_to": [item.claim.pk for item in result.quotes if not item.claim_created],
            "removed_lines": len(getattr(prepared, "removed", []) or []),
        },
    )
    transaction.on_commit(lambda: _suggestions_enqueue(article.pk))
    return result


def _appearances_bulk_create(*, article: Article, pending: list, actor) -> list[Appearance]:
    """The import's appearances in one INSERT, with one `appearance-created` audit row each
    (also one INSERT), exactly as `appearance_create` records them one by one."""
    targets = [_appearance_target(article, quote.start, quote.end) for quote, *_ in pending]
    appearances = [
        Appearance(
            claim=claim,
            article=article,
            start=quote.start,
            end=quote.end,
            quote=quote.text or article.text[quote.start:quote.end],
            context=getattr(quote, "context", "") or "",
            attribution=(getattr(quote, "attribution", "") or "")[:500],
            speaker_as_written=(getattr(quote, "speaker_as_written", "") or "")[:200],
            reporting_verb=(getattr(quote, "reporting_verb", "") or "")[:50],
            # A new appearance of a published claim waits for a reviewer (unless one imports it).
            public_state=_addition_state(public=claim.is_published, actor=actor),
            target=target.text,
            target_named=list(target.named),
        )
        for (quote, claim, _claim_created, _source_created), target in zip(pending, targets)
    ]
    if not appearances:
        return []
    try:
        with transaction.atomic():
            Appearance.objects.bulk_create(appearances)
    except IntegrityError as error:
        raise ServiceError("This passage of the article is already recorded as a claim.") from error
    AuditEvent.objects.bulk_create(
        _audit_event(
            actor=actor,
            verb="appearance-created",
            target=appearance,
            data={"claim": appearance.claim_id, "article": article.pk, "start": appearance.start, "end": appearance.end,
                  "public_state": appearance.public_state},
        )
        for appearance in appearances
    )
    if any(appearance.public_state == PublicState.SHOWN and appearance.claim.is_published for appearance in appearances):
        _public_content_changed()
    return appearances


def _suggestions_enqueue(article_id: int) -> None:
    from claims.tasks import suggestions_recompute_enqueue

    suggestions_recompute_enqueue(article_id=article_id)


def _duplicate_result(article: Article) -> ArticleImportResult:
    appearances = article.appearances.select_related("claim__speaker").order_by("start")
    return ArticleImportResult(
        article=article,
        duplicate=True,
        quotes=[ImportedQuote(claim=item.claim, appearance=item, claim_created=False, source_created=False) for item in appearances],
    )


# Matching

SUGGESTION_LIMIT = 10
_SYMMETRIC_RELATIONS = {ClaimLink.Relation.CONTRADICTS, ClaimLink.Relation.DUPLICATE}


@transaction.atomic
def claim_suggestions_recompute(*, claim: Claim, limit: int = SUGGESTION_LIMIT, actor=None) -> list[tuple[object, ClaimLink]]:
    """Store the best suggestions for `claim` as suggested links; reviewers' decisions stay as they are.

    Returns (suggestion, link) pairs best first, leaving out pairs a reviewer rejected.
    Running it again on unchanged data changes nothing.
    """
    from claims.matching.candidates import suggestions_for

    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.merged_into_id or claim.status == Claim.Status.ARCHIVED:
        return []
    ranked, found = suggestions_for(claim, limit=limit)
    others = [suggestion.other(claim.pk) for suggestion in ranked]
    existing: dict[int, list[ClaimLink]] = {}
    for link in ClaimLink.objects.select_for_update().filter(
        Q(from_claim=claim, to_claim__in=others) | Q(to_claim=claim, from_claim__in=others)
    ):
        existing.setdefault(link.from_claim_id if link.to_claim_id == claim.pk else link.to_claim_id, []).append(link)
    claims_by_id = Claim.objects.in_bulk([claim.pk, *others])
    kept, created, changed = [], [], []
    for suggestion in ranked:
        pair = existing.get(suggestion.other(claim.pk), [])
        decided = [link for link in pair if link.status != ClaimLink.Status.SUGGESTED]
        if decided:
            if all(link.status == ClaimLink.Status.CONFIRMED for link in decided):
                kept.append((suggestion, decided[0]))
            continue
        from_id, to_id = suggestion.from_id, suggestion.to_id
        same = [link for link in pair if link.relation == suggestion.relation]
        if same and suggestion.relation in _SYMMETRIC_RELATIONS:
            # Keep the direction the pair already has; never store both.
            from_id, to_id = same[0].from_claim_id, same[0].to_claim_id
        stale = [link for link in pair if link.relation != suggestion.relation or (link.from_claim_id, link.to_claim_id) != (from_id, to_id)]
        if stale and not same:
            link = stale[0]
            ClaimLink.objects.filter(pk=link.pk).update(
                from_claim_id=from_id, to_claim_id=to_id, relation=suggestion.relation,
                score=suggestion.score, reasons=list(suggestion.reasons), version=F("version") + 1, updated_at=timezone.now(),
            )
            link.refresh_from_db()
            changed.append(link.pk)
            kept.append((suggestion, link))
            continue
        before = same[0] if same else None
        link = link_suggest(
            from_claim=claims_by_id[from_id], to_claim=claims_by_id[to_id], relation=suggestion.relation,
            score=suggestion.score, reasons=list(suggestion.reasons), actor=actor,
        )
        if before is None:
            created.append(link.pk)
        elif before.version != link.version:
            changed.append(link.pk)
        kept.append((suggestion, link))
    if created or changed:
        audit_record(
            actor=actor, verb="suggestions-recomputed", target=claim,
            data={"created": created, "changed": changed, "candidates": len(found) - 1},
        )
    return kept

# Admin moderation


@transaction.atomic
def source_alias_remove(*, alias: SourceAlias, actor) -> None:
    """Forget a wrong name for a source; the audit row keeps what it was."""
    source = alias.source
    name = alias.name
    SourceAlias.objects.filter(pk=alias.pk).delete()
    audit_record(actor=actor, verb="source-alias-removed", target=source, data={"alias": name})


OUTLET_EDITABLE_FIELDS = {"name", "domain", "country", "language"}


def _clean_outlet_changes(outlet_pk, changes: dict) -> dict:
    unknown = set(changes) - OUTLET_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Cannot change {', '.join(sorted(unknown))} on an outlet.")
    if "name" in changes:
        changes["name"] = _require_text(changes["name"], "Outlet name")
        if Outlet.objects.filter(name__iexact=changes["name"]).exclude(pk=outlet_pk).exists():
            raise ServiceError(f"An outlet named {changes['name']!r} already exists.")
    if "domain" in changes:
        changes["domain"] = (changes["domain"] or "").strip().lower().removeprefix("www.")
        if changes["domain"] and Outlet.objects.filter(domain=changes["domain"]).exclude(pk=outlet_pk).exists():
            raise ServiceError(f"Another outlet already uses the domain {changes['domain']!r}.")
    return changes


@transaction.atomic
def outlet_create(*, name: str, actor, domain: str = "", country: str = "", language: str = "") -> Outlet:
    """A new outlet; a name or domain another outlet has is refused (unlike outlet_get_or_create)."""
    changes = _clean_outlet_changes(None, {"name": name, "domain": domain, "country": country, "language": language})
    outlet = Outlet.objects.create(slug=_unique_slug(Outlet, changes["name"]), **changes)
    audit_record(actor=actor, verb="outlet-created", target=outlet, data={"after": changes})
    return outlet


@transaction.atomic
def outlet_update(*, outlet: Outlet, actor, **changes) -> Outlet:
    """Change an outlet's name, domain, country or language; the slug stays."""
    changes = _clean_outlet_changes(outlet.pk, changes)
    outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    before, after = {}, {}
    for field, value in changes.items():
        if getattr(outlet, field) != value:
            before[field], after[field] = getattr(outlet, field), value
            setattr(outlet, field, value)
    if not after:
        return outlet
    outlet.save()
    audit_record(actor=actor, verb="outlet-updated", target=outlet, data={"before": before, "after": after})
    _public_content_changed()
    return outlet


ARTICLE_EDITABLE_FIELDS = {"title", "published", "language", "outlet", "url"}


@transaction.atomic
def article_update(*, article: Article, actor, **changes) -> Article:
    """Correct an article's metadata; its text stays, because quote offsets point into it."""
    unknown = set(changes) - ARTICLE_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Cannot change {', '.join(sorted(unknown))} on an article.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if changes.get("url") and Article.objects.filter(url=changes["url"]).exclude(pk=article.pk).exists():
        raise ServiceError("Another article already has this URL.")
    before, after = {}, {}
    for field, value in changes.items():
        old = getattr(article, field)
        if old != value:
            before[field] = getattr(old, "pk", old)
            after[field] = getattr(value, "pk", value)
            setattr(article, field, value)
    if not after:
        return article
    article.save()
    if "published" in after:
        before["published"], after["published"] = (str(value) if value else None for value in (before["published"], after["published"]))
    audit_record(actor=actor, verb="article-updated", target=article, data={"before": before, "after": after})
    _public_content_changed()
    return article


@transaction.atomic
def article_restore(*, article: Article, actor) -> Article:
    """Bring an archived article back."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.ARCHIVED:
        raise ServiceError("Only an archived article can be restored.")
    article.status = Article.Status.ACTIVE
    article.save(update_fields=["status"])
    audit_record(actor=actor, verb="article-restored", target=article, data={"before": {"status": "archived"}, "after": {"status": "active"}})
    _public_content_changed()
    return article


@contextmanager
def _purge_guard(target: Model):
    """Turn a row that still points at `target` (PROTECT) into a ServiceError; the caller's transaction rolls back."""
    try:
        with transaction.atomic():
            yield
    except (ProtectedError, RestrictedError, IntegrityError) as error:
        raise ServiceError(f"{target._meta.verbose_name.capitalize()} {target.pk} is still referenced elsewhere, so it stays.") from error


def _require_superuser(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_superuser", False):
        raise ServiceError(f"Only a superuser may purge {what}.")


@transaction.atomic
def claim_purge(*, claim: Claim, actor) -> dict:
    """Remove an archived claim that was never public, with its appearances, links and draft verdicts.

    The audit row is written first and keeps a snapshot; audit rows are never removed.
    """
    _require_superuser(actor, "claims")
    claim = Claim.objects.select_for_update().select_related("speaker").get(pk=claim.pk)
    if claim.status != Claim.Status.ARCHIVED:
        raise ServiceError(f"Claim {claim.pk} is not archived; archive it before purging.")
    if claim.published_at is not None:
        raise ServiceError(f"Claim {claim.pk} was published once; it stays for the record.")
    if claim.merged_claims.exists():
        raise ServiceError(f"Claim {claim.pk} is the survivor of a merge; other claims point to it.")
    if claim.disputes.exists():
        raise ServiceError(f"Claim {claim.pk} heads a dispute.")
    if claim.verdicts.filter(published_at__isnull=False).exists():
        raise ServiceError(f"Claim {claim.pk} has a verdict that was published.")
    links = list(ClaimLink.objects.select_for_update().involving(claim))
    if Dispute.links.through.objects.filter(claimlink__in=links).exists():
        raise ServiceError(f"A link of claim {claim.pk} is shown in a dispute.")
    appearances = list(claim.appearances.all())
    verdicts = list(claim.verdicts.all())
    snapshot = {
        "slug": claim.slug,
        "speaker": claim.speaker_id,
        "speaker_name": claim.speaker.name,
        "text": claim.text,
        "status": claim.status,
        "merged_into": claim.merged_into_id,
        "appearances": [{"id": a.pk, "article": a.article_id, "start": a.start, "end": a.end} for a in appearances],
        "links": [{"id": link.pk, "from": link.from_claim_id, "to": link.to_claim_id, "relation": link.relation, "status": link.status} for link in links],
        "verdicts": [verdict.pk for verdict in verdicts],
    }
    audit_record(actor=actor, verb="claim-purged", target=claim, data={"before": snapshot})
    with _purge_guard(claim):
        Verdict.objects.filter(pk__in=[verdict.pk for verdict in verdicts]).delete()
        ClaimLink.objects.filter(pk__in=[link.pk for link in links]).delete()
        Appearance.objects.filter(pk__in=[a.pk for a in appearances]).delete()
        Claim.objects.filter(pk=claim.pk).delete()
    return snapshot


@transaction.atomic
def article_purge(*, article: Article, actor) -> dict:
    """Remove an archived article none of whose claims was ever public, with its appearances.

    The audit row is written first and keeps a snapshot; audit rows are never removed.
    """
    _require_superuser(actor, "articles")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.ARCHIVED:
        raise ServiceError(f"Article {article.pk} is not archived; archive it before purging.")
    appearances = list(article.appearances.select_related("claim"))
    public = sorted({a.claim_id for a in appearances if a.claim.published_at is not None or a.claim.status == Claim.Status.PUBLISHED})
    if public:
        raise ServiceError(f"Article {article.pk} is the source of published claims ({', '.join(map(str, public))}); it stays for the record.")
    snapshot = {
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet_id,
        "published": str(article.published) if article.published else None,
        "content_hash": article.content_hash,
        "appearances": [{"id": a.pk, "claim": a.claim_id, "start": a.start, "end": a.end} for a in appearances],
    }
    audit_record(actor=actor, verb="article-purged", target=article, data={"before": snapshot})
    with _purge_guard(article):
        Appearance.objects.filter(pk__in=[a.pk for a in appearances]).delete()
        Article.objects.filter(pk=article.pk).delete()
    return snapshot


DISPUTE_EDITABLE_FIELDS = {"title", "summary"}


@transaction.atomic
def dispute_update(*, dispute: Dispute, actor, **changes) -> Dispute:
    """Change a dispute's title or summary; the slug stays so links keep working."""
    unknown = set(changes) - DISPUTE_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Cannot change {', '.join(sorted(unknown))} on a dispute.")
    if "title" in changes:
        changes["title"] = _require_text(changes["title"], "Title")
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    before, after = {}, {}
    for field, value in changes.items():
        if getattr(dispute, field) != value:
            before[field], after[field] = getattr(dispute, field), value
            setattr(dispute, field, value)
    if not after:
        return dispute
    dispute.save()
    audit_record(actor=actor, verb="dispute-updated", target=dispute, data={"before": before, "after": after})
    if dispute.status == Dispute.Status.PUBLISHED:
        _public_content_changed()
    return dispute


@transaction.atomic
def dispute_unpublish(*, dispute: Dispute, actor) -> Dispute:
    """Take a published dispute off the public site, back to draft."""
    current = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if current.status == Dispute.Status.ARCHIVED:
        raise ServiceError("An archived dispute cannot be unpublished; restore it instead.")
    return dispute_set_status(dispute=current, status=Dispute.Status.DRAFT, actor=actor)


def dispute_archive(*, dispute: Dispute, actor) -> Dispute:
    """Retire a dispute; nothing is deleted."""
    return dispute_set_status(dispute=dispute, status=Dispute.Status.ARCHIVED, actor=actor)


@transaction.atomic
def dispute_restore(*, dispute: Dispute, actor) -> Dispute:
    """Bring an archived dispute back as a draft."""
    current = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if current.status != Dispute.Status.ARCHIVED:
        raise ServiceError("Only an archived dispute can be restored.")
    current.status = Dispute.Status.DRAFT
    current.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb="dispute-restored", target=current, data={"before": {"status": "archived"}, "after": {"status": "draft"}})
    return current


@transaction.atomic
def verdict_publish(*, verdict: Verdict, actor) -> Verdict:
    """Publish a draft verdict; the verdict shown before on the claim is archived."""
    current = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if current.status != Verdict.Status.DRAFT:
        raise ServiceError(f"Only a draft verdict can be published (verdict {current.pk} is {current.get_status_display().lower()}).")
    for old in Verdict.objects.select_for_update().filter(claim_id=current.claim_id, status=Verdict.Status.PUBLISHED):
        old.status = Verdict.Status.ARCHIVED
        old.save(update_fields=["status"])
        audit_record(actor=actor, verb="verdict-archived", target=old, data={"replaced": True, "before": {"status": "published"}, "after": {"status": "archived"}})
    current.status = Verdict.Status.PUBLISHED
    current.published_at = current.published_at or timezone.now()
    current.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, verb="verdict-published", target=current, data={"before": {"status": "draft"}, "after": {"status": "published"}})
    _public_content_changed()
    return current


@transaction.atomic
def verdict_archive(*, verdict: Verdict, actor) -> Verdict:
    """Withdraw a verdict; it stays for the record."""
    current = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if current.status == Verdict.Status.ARCHIVED:
        return current
    before = current.status
    current.status = Verdict.Status.ARCHIVED
    current.save(update_fields=["status"])
    audit_record(actor=actor, verb="verdict-archived", target=current, data={"before": {"status": before}, "after": {"status": "archived"}})
    _public_content_changed()
    return current


@transaction.atomic
def claim_export_record(*, claims: Iterable[Claim], actor, export_format: str = "csv") -> int:
    """Note in each claim's history that a moderator exported it (who took what, when)."""
    count = 0
    for claim in claims:
        audit_record(actor=actor, verb="claim-exported", target=claim, data={"format": export_format})
        count += 1
    return count
