"""The editor's import screen: give an article, review the quotes found in it, save.

Nothing is written to editorial tables before Save: the pending import (cleaned text,
metadata and the quotes as the editor has them so far) lives in the session. A URL is
fetched by a background task; the page polls for it with htmx, or with a "Check again"
link without JavaScript.
"""

from __future__ import annotations

import secrets
import time
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from claims import selectors, services
from claims.importing.errors import ImportInputError
from claims.importing.forms import (
    ImportStartForm,
    QuoteFormSet,
    ReviewArticleForm,
    extraction_size_error,
    quote_from_row,
    review_size_error,
)
from claims.importing.language import language_name
from claims.importing.pipeline import PreparedArticle, extract, prepare_bytes, prepare_text, quote_from_dict, quote_to_dict
from claims.importing.tasks import import_fetch_url
from claims.models import Article, Source
from claims.roles import EDITOR, role_required
from claims.ratelimit import rate_limit

SESSION_KEY = "pending-imports"
MAX_PENDING = 5
SOURCE_LIST_LIMIT = 200


# The pending import in the session


def _pending_all(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _pending_get(request, token: str) -> dict | None:
    return _pending_all(request).get(token)


def _pending_put(request, token: str, pending: dict) -> None:
    pending_imports = dict(_pending_all(request))
    pending["touched"] = time.time()
    pending_imports[token] = pending
    # Keep the session small: an editor rarely has more than a few imports open.
    for stale in sorted(pending_imports, key=lambda key: pending_imports[key].get("touched", 0))[:-MAX_PENDING]:
        del pending_imports[stale]
    request.session[SESSION_KEY] = pending_imports


def _pending_drop(request, token: str) -> None:
    pending_imports = dict(_pending_all(request))
    pending_imports.pop(token, None)
    request.session[SESSION_KEY] = pending_imports


def _ready(prepared: PreparedArticle, quotes, options: dict) -> dict:
    """A pending import ready for review; ImportInputError when the review form could not hold its quotes."""
    too_many = review_size_error(len(quotes))
    if too_many:
        raise ImportInputError(too_many)
    return {
        "state": "ready",
        "prepared": prepared.to_dict(),
        "quotes": [quote_to_dict(quote) for quote in quotes],
        "options": options,
    }


def _from_task_result(result, pending: dict) -> dict:
    """Turn a finished fetch task into a ready pending import, or raise ImportInputError with its message."""
    if result.status != "SUCCESSFUL":
        raise ImportInputError("Fetching the page failed unexpectedly; try again, or paste the text instead.")
    value = result.return_value
    if not value.get("ok"):
        raise ImportInputError(value.get("error") or "The page could not be imported.")
    options = dict(pending["options"])
    options["url"] = options.get("url") or pending.get("fetch_url", "")
    prepared = PreparedArticle.from_dict(value["prepared"])
    return _ready(prepared, [quote_from_dict(quote) for quote in value["quotes"]], options)


# Views


@role_required(EDITOR)
@require_http_methods(["GET", "POST"])
@rate_limit(scope="import", rate_setting="RATELIMIT_IMPORT", methods=("POST",))
def import_start(request):
    """Paste, upload or give a URL."""
    form = ImportStartForm(request.POST, request.FILES) if request.method == "POST" else ImportStartForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        options = {
            "outlet": data["outlet"],
            "published": data["published"].isoformat() if data["published"] else None,
            "url": data["url"],
        }
        token = secrets.token_urlsafe(12)
        mode = data["mode"]
        field = {"text": "text", "file": "file", "fetch_url": "fetch_url"}[mode]
        try:
            if mode == "fetch_url":
                result = import_fetch_url.enqueue(url=data["fetch_url"])
                pending = {"state": "fetching", "result_id": result.id, "fetch_url": data["fetch_url"], "options": options}
                if result.is_finished:
                    pending = _from_task_result(result, pending)
            else:
                if mode == "file":
                    upload = data["file"]
                    prepared = prepare_bytes(upload.read(), input_kind="upload", url=data["url"], filename=upload.name)
                else:
                    prepared = prepare_text(data["text"], input_kind="paste", url=data["url"])
                too_long = extraction_size_error(prepared.text)
                if too_long:
                    raise ImportInputError(too_long)
                pending = _ready(prepared, extract(prepared, selectors.extraction_known_sources()), options)
        except ImportInputError as error:
            form.add_error(field, str(error))
        else:
            _pending_put(request, token, pending)
            return redirect("claims:import-review", token=token)
    return render(request, "claims/importing/start.html", {"form": form})


def _refresh_fetch(request, token: str, pending: dict) -> dict:
    """Look at the fetch task once; a finished one becomes ready (or raises ImportInputError)."""
    try:
        result = import_fetch_url.get_result(pending["result_id"])
    except Exception:  # noqa: BLE001 - an unknown id or a backend without results: the fetch is lost
        raise ImportInputError("The fetch could not be found any more; please start the import again.") from None
    if not result.is_finished:
        pending["status"] = result.status
        return pending
    ready = _from_task_result(result, pending)
    _pending_put(request, token, ready)
    return ready


def _highlight(text: str, spans: list[tuple[int, int, int, str]]) -> list[dict]:
    """The article cut into plain and highlighted pieces; overlapping quotes keep the first one's mark."""
    pieces, position = [], 0
    for start, end, number, polarity in sorted(spans):
        if start < position or not (0 <= start < end <= len(text)):
            continue
        if start > position:
            pieces.append({"text": text[position:start]})
        pieces.append({"text": text[start:end], "number": number, "polarity": polarity})
        position = end
    if position < len(text):
        pieces.append({"text": text[position:]})
    return pieces


def _speaker_matches(names) -> dict:
    """For each speaker name, the existing source it will become (bounded by the number of distinct speakers)."""
    matches = {}
    for name in {" ".join(name.split()) for name in names if name and name.strip()}:
        source, how = selectors.source_find_by_name(name=name)
        matches[name.casefold()] = {"source": source, "how": how}
    return matches


def _review_context(request, token: str, pending: dict, formset, article_form, prepared: PreparedArticle, quotes) -> dict:
    rows = []
    for number, form in enumerate(formset.forms, start=1):
        speaker = (form["speaker"].value() or "").strip()
        try:
            origin = int(form["origin"].value())
        except (TypeError, ValueError):
            origin = -1
        original = quotes[origin] if 0 <= origin < len(quotes) else None
        rows.append({
            "form": form, "number": number, "speaker": speaker, "is_new": original is None,
            "context": original.context if original is not None and original.kind != "direct" else "",
            "as_written": original.speaker_as_written if original is not None else "",
        })
    matches = _speaker_matches(row["speaker"] for row in rows)
    for row in rows:
        row["match"] = matches.get(" ".join(row["speaker"].split()).casefold())
    spans = [(quote.start, quote.end, number, quote.polarity) for number, quote in enumerate(quotes, start=1)]
    return {
        "token": token,
        "prepared": prepared,
        "pieces": _highlight(prepared.text, spans),
        "formset": formset,
        "rows": rows,
        "article_form": article_form,
        "duplicate": selectors.article_find_duplicate(url=article_form["url"].value() or prepared.url, content_hash=prepared.content_hash),
        "source_names": list(Source.objects.active().order_by("name").values_list("name", flat=True)[:SOURCE_LIST_LIMIT]),
        "quote_count": len(quotes),
        "language_name": language_name(prepared.language) if prepared.language else "",
    }


def _fetching_response(request, token: str, pending: dict):
    response = render(
        request,
        "claims/importing/fetching.html#fetch-status" if request.htmx else "claims/importing/fetching.html",
        {"token": token, "pending": pending},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _go(request, url: str):
    """Redirect; an htmx poll is told to load the whole page instead of swapping a fragment."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        patch_vary_headers(response, ["HX-Request"])
        return response
    response = redirect(url)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(EDITOR)
@require_http_methods(["GET", "POST"])
def import_review(request, token):
    """Progress of a fetch, then the review of the quotes found; Save writes everything at once."""
    pending = _pending_get(request, token)
    if pending is None:
        messages.error(request, "That import is no longer open (it was saved, or your session ended). Start it again.")
        return _go(request, reverse("claims:import"))
    if pending["state"] == "fetching":
        try:
            pending = _refresh_fetch(request, token, pending)
        except ImportInputError as error:
            _pending_drop(request, token)
            messages.error(request, str(error))
            return _go(request, reverse("claims:import"))
        if pending["state"] == "fetching":
            return _fetching_response(request, token, pending)
        if request.htmx:
            return _go(request, reverse("claims:import-review", kwargs={"token": token}))

    prepared = PreparedArticle.from_dict(pending["prepared"])
    originals = [quote_from_dict(quote) for quote in pending["quotes"]]
    options = pending.get("options", {})
    article_initial = {
        "title": options.get("title", prepared.title),
        "outlet": options.get("outlet") or prepared.site_name,
        "published": options.get("published") or (prepared.published.isoformat() if prepared.published else None),
        "url": options.get("url") or prepared.url,
        "language": options.get("language", prepared.language),
    }
    row_initial = [
        {"origin": index, "speaker": quote.speaker, "kind": quote.kind, "polarity": quote.polarity, "text": quote.text, "start": quote.start, "end": quote.end}
        for index, quote in enumerate(originals)
    ]
    if request.method == "POST":
        formset = QuoteFormSet(request.POST, initial=row_initial, article_text=prepared.text, prefix="quote")
        article_form = ReviewArticleForm(request.POST, initial=article_initial)
        if formset.is_valid() and article_form.is_valid():
            rows = [row for row in formset.cleaned_data if row and not row.get("drop") and not row.get("empty")]
            quotes = [quote_from_row(row, originals) for row in rows]
            meta = article_form.cleaned_data
            if request.POST.get("action") == "save":
                try:
                    result = services.article_import(
                        prepared=prepared, quotes=quotes, actor=request.user, outlet_name=meta["outlet"],
                        published=meta["published"], url=meta["url"], title=meta["title"], language=meta["language"],
                    )
                except services.ServiceError as error:
                    article_form.add_error(None, str(error))
                else:
                    _pending_drop(request, token)
                    if result.duplicate:
                        messages.warning(request, "This article was imported before; nothing new was saved.")
                    else:
                        created = sum(item.claim_created for item in result.quotes)
                        messages.success(
                            request,
                            f"Saved the article with {len(result.quotes)} quotes: {created} new draft claims, "
                            f"{len(result.quotes) - created} new appearances of existing claims.",
                        )
                    return redirect("claims:import-result", pk=result.article.pk)
            else:
                pending["quotes"] = [quote_to_dict(quote) for quote in quotes]
                pending["options"] = {
                    **options, "title": meta["title"], "outlet": meta["outlet"], "url": meta["url"],
                    "published": meta["published"].isoformat() if meta["published"] else None,
                    "language": meta["language"],
                }
                if meta["language"] != prepared.language:
                    # Another language reads the quotes with another lexicon: find them again.
                    prepared.language = meta["language"]
                    pending["prepared"] = prepared.to_dict()
                    pending["quotes"] = [quote_to_dict(quote) for quote in extract(prepared, selectors.extraction_known_sources())]
                    messages.info(request, "The quotes were found again for the language you set.")
                _pending_put(request, token, pending)
                messages.info(request, "Preview updated; nothing is saved until you press Save.")
                return redirect("claims:import-review", token=token)
        shown = originals
    else:
        formset = QuoteFormSet(initial=row_initial, article_text=prepared.text, prefix="quote")
        article_form = ReviewArticleForm(initial=article_initial)
        shown = originals
    context = _review_context(request, token, pending, formset, article_form, prepared, shown)
    response = render(request, "claims/importing/review.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(EDITOR)
@require_GET
def source_options(request):
    """Autocomplete for speaker inputs: a <datalist> of the best-matching sources.

    Asked by a speaker input of the review form (`quote-N-speaker=...`), it also sends, out
    of band, the note under that input saying which source the name will become on Save.
    """
    field = next((key for key in request.GET if key.endswith("-speaker")), None)
    query = request.GET.get("q", request.GET.get(field, "") if field else "")
    names = [source.name for source in selectors.source_autocomplete(query=query, limit=15)]
    response = render(request, "claims/importing/review.html#source-names", {"source_names": names})
    if field and request.htmx:
        speaker = " ".join(query.split())
        source, how = selectors.source_find_by_name(name=speaker) if speaker else (None, "")
        note = render(
            request,
            "claims/importing/review.html#speaker-match",
            {"oob": True, "match_id": f"{field}-match", "speaker": speaker, "match": {"source": source, "how": how}},
        )
        response.content += note.content
    patch_vary_headers(response, ["HX-Request"])
    return response


def _claim_page_url(claim) -> str:
    try:
        return reverse("claims:claim-workspace", kwargs={"pk": claim.pk})
    except NoReverseMatch:
        return claim.get_absolute_url()


@role_required(EDITOR)
@require_GET
def import_result(request, pk):
    """An imported article and the claims it holds, each linked to where an editor works on it."""
    article = get_object_or_404(Article.objects.select_related("outlet", "imported_by"), pk=pk)
    appearances = list(article.appearances.select_related("claim__speaker").order_by("start"))
    for appearance in appearances:
        appearance.claim_url = _claim_page_url(appearance.claim)
    return render(request, "claims/importing/result.html", {"article": article, "appearances": appearances, "today": date.today()})
