"""Fuzzing every form with hypothesis: hostile bytes get a clear message, never a 500 or half a write.

Each example runs in a savepoint that is rolled back afterwards, so every example meets the
same world. A refusal leaves the editorial tables exactly as they were and says why; input
that happens to be valid is written completely, with one audit row per write.
"""

import html
import socket
import traceback
from collections import Counter
from contextlib import contextmanager

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claims.models import Appearance, Article, AuditEvent, Claim, ClaimLink, Outlet, Source, SourceAlias
from claims.views.importing import SESSION_KEY
from tests import factories
from tests.hardening.strategies import form_body, hostile_bytes, hostile_text, multipart_body

FORMS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

pytestmark = pytest.mark.django_db

EDITORIAL = (Claim, Article, Appearance, ClaimLink, Source, SourceAlias, Outlet, AuditEvent)

STORY = (
    "Water board denies drought rationing\n\n"
    '"There will be no rationing this summer," said Ingrid Solberg, the water board\'s director.\n\n'
    "Farmers disagreed. \"We have already been told to cut our use by a third,\" said Jonas Lund, who chairs the growers' association.\n\n"
    "The board will publish its reservoir figures on Friday."
)
STORY_BYTES = STORY.encode()

# What Django's own fields say about bad values, shared by every form.
FIELD_ERRORS = (
    "This field is required.",
    "Enter a whole number.",
    "Select a valid choice.",
    "Ensure this value is greater than or equal to",
    "Ensure this value has at most",
    "Null characters are not allowed.",
    "Enter a valid date.",
)


# Helpers


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in EDITORIAL}


def _row(instance) -> dict:
    """Every column of `instance` as the database holds it now."""
    return type(instance).objects.filter(pk=instance.pk).values().get()


def _last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _new_verbs(last_event: int) -> Counter:
    return Counter(AuditEvent.objects.filter(pk__gt=last_event).values_list("verb", flat=True))


@contextmanager
def _undone():
    """Run one example in a savepoint that is rolled back, so the next example meets the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _post(client, path: str, fields: dict[str, bytes], *, htmx: bool = False):
    return client.post(path, form_body(**fields), content_type="application/x-www-form-urlencoded",
                       headers={"HX-Request": "true"} if htmx else {})


def _answered(response, *codes: int) -> str:
    """Check the status is one the view really gives; return all the user is told (page and queued messages)."""
    if response.status_code == 500:
        pytest.fail("".join(traceback.format_exception(*response.exc_info)) if response.exc_info else response.content.decode()[:2000])
    assert response.status_code in codes, (response.status_code, response.content.decode(errors="replace")[:1000])
    page = html.unescape(response.content.decode("utf-8", errors="replace"))
    return " ".join([page, *(str(message) for message in get_messages(response.wsgi_request))])


def _says_one_of(said: str, messages) -> None:
    assert any(message in said for message in messages), f"none of {messages!r} in:\n{said[-3000:]}"


@pytest.fixture
def no_network(monkeypatch):
    """Every DNS lookup fails and every connection is refused and recorded: fuzzing never leaves this machine."""
    attempts = []

    def lookup(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def connect(address, *args, **kwargs):
        attempts.append(address)
        raise ConnectionRefusedError("no network in the fuzz tests")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "create_connection", connect)
    monkeypatch.setattr("urllib3.util.connection.create_connection", connect)
    return attempts


@pytest.fixture
def world(editor, reviewer, outsider):
    """A claim to work on, another claim to link or merge it with, a suggested and a decided link."""
    speaker = factories.SourceFactory(name="Ingrid Solberg", slug="ingrid-solberg")
    factories.SourceAliasFactory(source=speaker, name="Director Solberg")
    factories.SourceFactory(name="Jonas Lund", slug="jonas-lund")
    claim = factories.ClaimFactory(speaker=speaker)
    other = factories.ClaimFactory()
    factories.AppearanceFactory(claim=claim)
    suggested = factories.ClaimLinkFactory(from_claim=other, to_claim=claim, relation=ClaimLink.Relation.DENIES)
    decided = factories.ClaimLinkFactory(from_claim=claim, to_claim=other, relation=ClaimLink.Relation.SUPPORTS,
                                         status=ClaimLink.Status.CONFIRMED, reviewed_by=reviewer)
    return {"claim": claim, "other": other, "suggested": suggested, "decided": decided,
            "editor": editor, "reviewer": reviewer, "outsider": outsider}


def _either(*plausible: bytes):
    """Hostile bytes, or one of the values a real browser would send (so valid input happens too)."""
    return st.one_of(hostile_bytes, st.sampled_from(plausible))


def _form(valid: dict[str, bytes], **plausible: tuple[bytes, ...]):
    """The form as the page sends it, with up to three fields left out, made hostile or given another plausible value."""
    names = sorted(valid.keys() | plausible.keys())
    change = st.sampled_from(names).flatmap(
        lambda name: st.tuples(st.just(name), st.one_of(st.none(), _either(*plausible.get(name, (b"",)))))
    )

    def tampered(changes) -> dict[str, bytes]:
        fields = dict(valid)
        for name, value in changes:
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value
        return fields

    return st.lists(change, max_size=3).map(tampered)


VERSIONS = (b"1", b"2", b"0", b"-1", b"1.0", b"99999999999999999999999", b"")


# The import screen: paste, upload or fetch


FUZZ_IMPORT_LIMIT = 8 * 1024
SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"GIF89a", b"\xff\xd8\xff\xe0", b"\x1f\x8b\x08", b"\x7fELF")
BROKEN_UTF8 = (b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf")

upload_content = st.one_of(
    hostile_bytes,
    st.tuples(st.sampled_from(SIGNATURES), hostile_bytes).map(b"".join),
    hostile_text.map(lambda text: text.encode("utf-16-le", errors="surrogatepass")),  # UTF-16 without a byte-order mark
    st.just(STORY.encode("utf-16-le")),
    st.integers(0, len(STORY_BYTES)).map(lambda at: STORY_BYTES[:at] + b"\x00" + STORY_BYTES[at:]),
    st.tuples(st.integers(0, len(STORY_BYTES)), st.sampled_from(BROKEN_UTF8)).map(
        lambda cut: STORY_BYTES[:cut[0]] + cut[1] + STORY_BYTES[cut[0]:]
    ),
    st.integers(FUZZ_IMPORT_LIMIT + 1, 3 * FUZZ_IMPORT_LIMIT).map(lambda size: (STORY_BYTES * (size // len(STORY_BYTES) + 1))[:size]),
    st.sampled_from([b"", b" \n\t ", STORY_BYTES, b"<html><body><script>alert(1)</script><p>Hi</p></body></html>"]),
)
upload_name = _either(b"story.txt", b"story.html", b"story.htm", b"STORY.TXT", b"story.pdf", b"story.png", b"story", b"../../story.txt", b".txt")
fetch_address = st.one_of(
    hostile_bytes,
    st.builds(
        lambda scheme, host, path: scheme + host + path,
        st.sampled_from([b"http://", b"https://", b"ftp://", b"javascript:", b"file://", b"", b"//", b"HTTP://"]),
        st.sampled_from([b"127.0.0.1", b"localhost", b"169.254.169.254", b"[::1]", b"[::ffff:10.0.0.1]", b"10.0.0.1", b"8.8.8.8",
                         b"news.example", b"xn--", b"\xe2\x98\x83.example", b"", b"news.example:99999", b"[", b"0x7f.1"]),
        hostile_bytes,
    ),
)
article_text = st.one_of(
    st.just(STORY_BYTES),
    hostile_text.map(lambda text: (STORY + text).encode("utf-8", errors="surrogateescape")),
    _either(b"   ", b"<p>Only markup</p>", b"<script>alert(1)</script>"),
)
about_fields = _form(
    {"outlet": b"Valley Post", "published": b"2024-06-01", "url": b"https://valley.example/drought"},
    published=(b"", b"2024-02-30", b"01/06/2024", b"99999-01-01"),
    url=(b"", b"valley.example/x", b"javascript:alert(1)", b"http://[::1"),
)

IMPORT_REFUSALS = (
    *FIELD_ERRORS,
    "Paste the article, upload a file or give a web address.",
    "Give the article one way only",
    "Only .txt, .html and .htm files can be imported.",
    "KiB import limit.",
    "The file is empty.",
    "The submitted file is empty.",
    "not text or HTML.",
    "byte-order mark but is not valid",
    "Could not work out the text encoding of that file",
    "There is no text to import.",
    "Nothing was left after removing the page furniture",
    "No article text was found on that page",
    "The page could not be read as HTML.",
    "Only http:// and https:// addresses can be fetched",
    "That is not a valid URL",
    "That URL has no host name.",
    "is not a valid host name.",
    "Refused to fetch",
    "Could not find the server",
    "Enter a valid URL.",
    "Enter the date as YYYY-MM-DD.",
)


@override_settings(IMPORT_MAX_BYTES=FUZZ_IMPORT_LIMIT)
@settings(FORMS, max_examples=80)
@given(ways=st.lists(st.sampled_from(["text", "file", "fetch_url"]), min_size=1, max_size=3, unique=True) | st.just([]),
       data=st.data(), about=about_fields)
def test_import_start_answers_any_input_with_a_clear_message_and_writes_nothing(editor, no_network, ways, data, about):
    fields, files = dict(about), {}
    if "text" in ways:
        fields["text"] = data.draw(article_text, label="text")
    if "fetch_url" in ways:
        fields["fetch_url"] = data.draw(fetch_address, label="fetch_url")
    if "file" in ways:
        files["file"] = data.draw(st.tuples(upload_name, upload_content), label="file")
    with _undone():
        before = _counts()
        client = _client(editor)
        body, content_type = multipart_body(fields, files)
        response = client.post(reverse("claims:import"), body, content_type=content_type)
        said = _answered(response, 200, 302)
        assert _counts() == before, "nothing is written before Save"
        if response.status_code == 302:
            token = response["Location"].rstrip("/").rsplit("/", 1)[1]
            assert response["Location"] == reverse("claims:import-review", kwargs={"token": token})
            assert client.session[SESSION_KEY][token]["state"] == "ready"
        else:
            _says_one_of(said, IMPORT_REFUSALS)
    assert not no_network, "a URL was fetched from the network"


# The import review: quotes, speakers and offsets edited before Save


REVIEW_ROW_FIELDS = ("origin", "speaker", "kind", "polarity", "text", "start", "end", "drop")
REVIEW_FIELDS = (
    *(f"quote-{index}-{name}" for index in range(3) for name in REVIEW_ROW_FIELDS),
    "quote-TOTAL_FORMS", "quote-INITIAL_FORMS", "title", "outlet", "published", "url", "action",
)
review_edits = st.dictionaries(
    st.sampled_from(REVIEW_FIELDS),
    _either(b"", b"-1", b"0", b"2", b"40", b"99999999999999999999999", b"on", b"save", b"update", b"denies", b"paraphrase",
            b"There will be no rationing this summer", b"publish its reservoir figures", b"Ingrid Solberg", b"Jonas Lund",
            b"2024-06-01", b"https://valley.example/drought"),
    max_size=3,
)
REVIEW_REFUSALS = (
    *FIELD_ERRORS,
    "This quote is not in the article text.",
    "Who said this? Give a speaker, or tick Drop.",
    "Give the quote text, or tick Drop.",
    "This row of the form was damaged; reload the page and review the quotes again.",
    "ManagementForm data is missing or has been tampered with",
    "Please submit at most",
    "Enter a valid URL.",
    "Enter the date as YYYY-MM-DD.",
    "does not match the article text",
    "has no speaker.",
)


def _review_as_loaded(client, token: str) -> dict[str, bytes]:
    """The review form's fields as the browser first sends them: the quotes found, and one empty row."""
    quotes = client.session[SESSION_KEY][token]["quotes"]
    data = {"quote-TOTAL_FORMS": len(quotes) + 1, "quote-INITIAL_FORMS": len(quotes), "quote-MIN_NUM_FORMS": 0, "quote-MAX_NUM_FORMS": 200}
    rows = [{"origin": index, **{name: quote[name] for name in ("speaker", "kind", "polarity", "text", "start", "end")}}
            for index, quote in enumerate(quotes)]
    rows.append({"origin": -1, "kind": "direct", "polarity": "asserts"})
    for index, row in enumerate(rows):
        data.update({f"quote-{index}-{name}": value for name, value in row.items()})
    return {name: str(value).encode() for name, value in data.items()}


@settings(FORMS, max_examples=80)
@given(action=st.sampled_from([b"save", b"update"]), edits=review_edits)
def test_import_review_saves_all_or_nothing_and_explains_every_refusal(editor, action, edits):
    with _undone():
        client = _client(editor)
        location = client.post(reverse("claims:import"), {"text": STORY})["Location"]
        token = location.rstrip("/").rsplit("/", 1)[1]
        before, last_event = _counts(), _last_event()
        fields = {**_review_as_loaded(client, token), "action": action, **edits}
        response = _post(client, location, fields)
        said = _answered(response, 200, 302)
        if response.status_code == 302 and response["Location"] != location:
            article = Article.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
            event("valid input, written")
            added = {name: count - before[name] for name, count in _counts().items()}
            verbs = _new_verbs(last_event)
            assert set(verbs) <= {"article-imported", "outlet-created", "source-created", "source-alias-added", "claim-created", "appearance-created"}
            assert added["Article"] == verbs["article-imported"] == 1
            assert added["Outlet"] == verbs["outlet-created"] and added["Source"] == verbs["source-created"]
            assert added["Claim"] == verbs["claim-created"] and added["Appearance"] == verbs["appearance-created"]
            assert added["AuditEvent"] == sum(verbs.values()) and added["ClaimLink"] == 0
            for appearance in article.appearances.all():
                assert article.text[appearance.start:appearance.end] == appearance.quote
            assert f"Saved the article with {added['Appearance']} quotes: {added['Claim']} new draft claims" in said
        else:
            assert _counts() == before
            if response.status_code == 302:
                assert "Preview updated; nothing is saved until you press Save." in said
            else:
                _says_one_of(said, REVIEW_REFUSALS)


# The claim workspace: edit, status, assign, link, merge


EDIT_REFUSALS = (
    *FIELD_ERRORS,
    "The claim text must not be empty.",
    "No known source is called",
    "The claim was not saved: check the marked fields.",
    "Someone else changed this claim while you were editing.",
    "This form is out of date or damaged; reload the claim and edit it again.",
)
edit_fields = _form(
    {"version": b"1", "text": b"The bridge will open in June", "speaker": b"Ingrid Solberg", "stated_on": b"2024-06-01"},
    version=VERSIONS,
    text=(b"The bridge will open in May, statement number 1", b"   ", b'<script>alert("x")</script>'),
    speaker=(b" ingrid solberg ", b"Director Solberg", b"Jonas Lund", b"Nobody Known"),
    stated_on=(b"", b"2024-02-30", b"01/06/2024"),
)


@FORMS
@given(role=st.sampled_from(["editor", "reviewer"]), htmx=st.booleans(), fields=edit_fields)
def test_claim_edit_saves_once_or_explains_why_not(world, role, htmx, fields):
    claim = world["claim"]
    with _undone():
        before, row, last_event = _counts(), _row(claim), _last_event()
        response = _post(_client(world[role]), reverse("claims:claim-edit", args=[claim.pk]), fields, htmx=htmx)
        said = _answered(response, 200, 302, 409, 422)
        if _row(claim) != row:
            event("valid input, written")
            assert "Claim saved." in said
            assert _row(claim)["version"] == row["version"] + 1
            assert _new_verbs(last_event) == Counter({"claim-updated": 1})
            assert _counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}
        else:
            assert _counts() == before
            _says_one_of(said, (*EDIT_REFUSALS, "Nothing changed."))


STATUS_VERBS = {"claim-submitted", "claim-published", "claim-unpublished", "claim-archived", "claim-restored"}
ACTION_REFUSALS = (
    "That status change was not understood; pick one of the buttons.",
    "Your role does not allow this change of status.",
    "Someone else changed this claim first; its current state is shown.",
    "claim cannot become",
    "Only an archived claim can be restored.",
    "Pick a reviewer from the list.",
)
NEXT_ADDRESSES = (b"/review/", b"https://evil.example/", b"//evil.example/", b"javascript:alert(1)", b"0", b"claims:review", b"/\r\nSet-Cookie: x=1")


def _assert_one_write_or_none(target, row, before, last_event, said, *, verbs, done, refusals):
    """Either `target` moved on one version with one audit row and said so, or nothing changed and the page says why."""
    if _row(target) != row:
        event("valid input, written")
        assert _row(target)["version"] == row["version"] + 1
        new = _new_verbs(last_event)
        assert sum(new.values()) == 1 and set(new) <= verbs, new
        assert _counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}
        _says_one_of(said, done)
    else:
        assert _counts() == before
        _says_one_of(said, refusals)


def _assert_one_claim_write_or_none(claim, row, before, last_event, said, *, verbs, done):
    _assert_one_write_or_none(claim, row, before, last_event, said, verbs=verbs, done=done, refusals=(*ACTION_REFUSALS, *done))


@FORMS
@given(role=st.sampled_from(["editor", "reviewer"]), htmx=st.booleans(), fields=_form(
    {"version": b"1", "status": b"review"},
    version=VERSIONS, status=(b"draft", b"published", b"archived", b"restore", b"DRAFT", b""), next=NEXT_ADDRESSES,
))
def test_claim_status_changes_once_or_explains_why_not(world, role, htmx, fields):
    claim = world["claim"]
    with _undone():
        before, row, last_event = _counts(), _row(claim), _last_event()
        response = _post(_client(world[role]), reverse("claims:claim-status", args=[claim.pk]), fields, htmx=htmx)
        said = _answered(response, 200, 302, 403, 409, 422)
        _assert_one_claim_write_or_none(claim, row, before, last_event, said, verbs=STATUS_VERBS, done=("Claim is now",))


@FORMS
@given(role=st.sampled_from(["editor", "reviewer"]), htmx=st.booleans(), data=st.data())
def test_claim_assign_assigns_once_or_explains_why_not(world, role, htmx, data):
    claim = world["claim"]
    fields = data.draw(_form(
        {"version": b"1", "assignee": str(world["reviewer"].pk).encode()},
        version=VERSIONS, assignee=(b"", str(world["editor"].pk).encode(), str(world["outsider"].pk).encode(), b"0", b"999999999"),
    ))
    with _undone():
        before, row, last_event = _counts(), _row(claim), _last_event()
        response = _post(_client(world[role]), reverse("claims:claim-assign", args=[claim.pk]), fields, htmx=htmx)
        said = _answered(response, 200, 302, 409, 422)
        _assert_one_claim_write_or_none(claim, row, before, last_event, said, verbs={"claim-assigned"},
                                        done=("Assigned to", "Nobody is assigned now."))


LINK_REFUSALS = (
    *FIELD_ERRORS,
    "That claim does not exist (or was merged into another).",
    "Only reviewers confirm links.",
    "A claim cannot be linked to itself.",
    "These claims already have a link with that relation.",
)


@FORMS
@given(role=st.sampled_from(["editor", "reviewer"]), htmx=st.booleans(), data=st.data())
def test_claim_link_writes_the_link_and_its_audit_rows_or_explains_why_not(world, role, htmx, data):
    claim = world["claim"]
    fields = data.draw(_form(
        {"other": str(world["other"].pk).encode(), "relation": b"contradicts", "direction": b"from", "note": b"Same bridge, other date."},
        other=(str(claim.pk).encode(), b"0", b"-1", b"99999999999999999999999"),
        relation=(b"denies", b"supports", b"qualifies", b"duplicate", b"DENIES"),
        direction=(b"to", b"sideways"), confirm=(b"on", b"false"),
    ))
    with _undone():
        before, row, last_event = _counts(), _row(claim), _last_event()
        response = _post(_client(world[role]), reverse("claims:claim-link", args=[claim.pk]), fields, htmx=htmx)
        said = _answered(response, 200, 302, 403, 422)
        assert _row(claim) == row
        verbs = _new_verbs(last_event)
        if verbs:
            event("valid input, written")
            assert set(verbs) <= {"link-suggested", "link-rescored", "link-confirmed"}, verbs
            assert _counts() == {**before, "ClaimLink": before["ClaimLink"] + verbs["link-suggested"],
                                 "AuditEvent": before["AuditEvent"] + sum(verbs.values())}
            _says_one_of(said, ("Link proposed:", "Link confirmed:"))
        else:
            assert _counts() == before
            _says_one_of(said, (*LINK_REFUSALS, "Link confirmed:", "Link rejected:"))


MERGE_REFUSALS = (
    *FIELD_ERRORS,
    "That claim does not exist (or was merged into another).",
    "Pick the duplicate to merge from the search in the workspace.",
    "A claim cannot be merged into itself.",
)


@FORMS
@given(data=st.data())
def test_claim_merge_folds_one_claim_in_or_explains_why_not(world, data):
    claim, duplicate_candidates = world["claim"], (world["claim"], world["other"])
    fields = data.draw(_form(
        {"other": str(world["other"].pk).encode(), "keep": b"this", "confirmed": b"on",
         "this_version": str(claim.version).encode(), "other_version": str(world["other"].version).encode()},
        other=(str(claim.pk).encode(), b"0", b"-1", b"99999999999999999999999"), keep=(b"other", b"THIS"), confirmed=(b"", b"false"),
    ))
    with _undone():
        before, rows, last_event = _counts(), [_row(candidate) for candidate in duplicate_candidates], _last_event()
        response = _post(_client(world["reviewer"]), reverse("claims:claim-merge", args=[claim.pk]), fields)
        said = _answered(response, 200, 302, 422)
        verbs = _new_verbs(last_event)
        if verbs:
            event("valid input, written")
            # One merge row, and one row for each link the merge closed (finding 9).
            assert verbs["claim-merged"] == 1 and set(verbs) <= {"claim-merged", "link-rejected"}
            assert _counts() == {**before, "AuditEvent": before["AuditEvent"] + sum(verbs.values())}
            merged = [candidate for candidate in duplicate_candidates if _row(candidate)["merged_into_id"]]
            assert len(merged) == 1
            assert "was merged into this one; its appearances and links moved here." in said
        else:
            assert _counts() == before and [_row(candidate) for candidate in duplicate_candidates] == rows
            _says_one_of(said, MERGE_REFUSALS)


# The review queue: decide and undo


DECISION_REFUSALS = (
    "Choose Confirm or Reject; the form was incomplete.",
    "Someone else decided on this link first.",
    "These claims already have a link with that relation.",
    "The undo form was incomplete; reload and try again.",
    "This link is already back in the queue.",
)


def _assert_one_link_write_or_none(link, row, before, last_event, said, *, verbs, done):
    _assert_one_write_or_none(link, row, before, last_event, said, verbs=verbs, done=done, refusals=DECISION_REFUSALS)


@FORMS
@given(which=st.sampled_from(["suggested", "decided"]), htmx=st.booleans(), fields=_form(
    {"version": b"1", "decision": b"confirm", "relation": b"", "note": b"", "next": b"/review/"},
    version=VERSIONS, decision=(b"reject", b"CONFIRM", b""), relation=(b"denies", b"contradicts", b"supports", b"qualifies", b"duplicate"),
    note=(b"Checked against the minutes.",), next=NEXT_ADDRESSES,
))
def test_link_decide_decides_once_or_explains_why_not(world, which, htmx, fields):
    link = world[which]
    with _undone():
        before, row, last_event = _counts(), _row(link), _last_event()
        response = _post(_client(world["reviewer"]), reverse("claims:link-decide", args=[link.pk]), fields, htmx=htmx)
        said = _answered(response, 200, 302, 409, 422)
        _assert_one_link_write_or_none(link, row, before, last_event, said, verbs={"link-confirmed", "link-rejected"},
                                       done=("Confirmed:", "Rejected:"))


@FORMS
@given(which=st.sampled_from(["suggested", "decided"]), htmx=st.booleans(),
       fields=_form({"version": b"1", "next": b"/review/"}, version=VERSIONS, next=NEXT_ADDRESSES))
def test_link_undo_reopens_once_or_explains_why_not(world, which, htmx, fields):
    link = world[which]
    with _undone():
        before, row, last_event = _counts(), _row(link), _last_event()
        response = _post(_client(world["reviewer"]), reverse("claims:link-undo", args=[link.pk]), fields, htmx=htmx)
        said = _answered(response, 200, 302, 409)
        _assert_one_link_write_or_none(link, row, before, last_event, said, verbs={"link-reopened"}, done=("Undone:",))


# Search boxes and filters (GET forms): any query is answered, and nothing is written


GET_FORMS = [
    ("claims:search", (), None, ("q", "speaker", "outlet", "date_from", "date_to", "page")),
    ("claims:source-options", (), "editor", ("speaker",)),
    ("claims:import-source-options", (), "editor", ("q", "quote-0-speaker")),
    ("claims:claim-workspace", ("claim",), "editor", ("q",)),
    ("claims:workspace-claims", (), "reviewer", ("status", "assignee", "speaker", "q", "page")),
    ("claims:review", (), "reviewer", ("relation", "min_score", "speaker", "outlet", "date_from", "date_to", "page", "decided")),
    ("claims:activity", (), "reviewer", ("verb", "page")),
]


@pytest.mark.parametrize("name, arguments, role, parameters", GET_FORMS, ids=[form[0] for form in GET_FORMS])
@settings(FORMS, max_examples=40)
@given(data=st.data(), htmx=st.booleans())
def test_search_boxes_and_filters_answer_any_query(world, name, arguments, role, parameters, data, htmx):
    values = data.draw(st.dictionaries(st.sampled_from(parameters), hostile_bytes, min_size=1))
    path = reverse(name, args=[world[argument].pk for argument in arguments])
    with _undone():
        before = _counts()
        client = _client(world[role] if role else None)
        response = client.get(f"{path}?{form_body(**values).decode()}", headers={"HX-Request": "true"} if htmx else {})
        _answered(response, 200)
        assert _counts() == before


# What the fuzzing found, pinned down (each was a 500 or a refusal that said nothing)


def _big_article(size: int) -> bytes:
    return (STORY_BYTES * (size // len(STORY_BYTES) + 1))[:size]


@pytest.mark.parametrize(
    "way, share_of_limit, status, message",
    [
        ("text", 0.6, 302, ""),  # over Django's default 2.5 MB for a form field, inside the import limit
        ("file", 0.6, 302, ""),
        ("text", 1.01, 200, "The article is larger than the {kib:,} KiB import limit."),
        ("file", 1.01, 200, "The file is larger than the {kib:,} KiB import limit."),
        ("text", 3, 400, "What your browser sent was too large or damaged, so nothing was saved."),
    ],
)
def test_a_huge_article_at_the_real_limit_is_imported_or_refused_with_a_message(editor, way, share_of_limit, status, message):
    from django.conf import settings as django_settings

    limit = django_settings.IMPORT_MAX_BYTES
    article = _big_article(int(limit * share_of_limit))
    body, content_type = multipart_body({"text": article} if way == "text" else {}, {"file": (b"big.txt", article)} if way == "file" else {})
    said = _answered(_client(editor).post(reverse("claims:import"), body, content_type=content_type), status)
    assert message.format(kib=limit // 1024) in said
    assert Article.objects.count() == 0


def test_a_review_row_with_a_damaged_origin_kind_or_offset_says_what_is_wrong(editor):
    client = _client(editor)
    location = client.post(reverse("claims:import"), {"text": STORY})["Location"]
    fields = {**_review_as_loaded(client, location.rstrip("/").rsplit("/", 1)[1]), "action": b"save",
              "quote-0-origin": b"", "quote-0-kind": b"rumour", "quote-1-start": b"x"}
    said = _answered(_post(client, location, fields), 200)
    assert "This row of the form was damaged; reload the page and review the quotes again." in said
    assert "Select a valid choice. rumour is not one of the available choices." in said
    assert "Enter a whole number." in said
    assert Article.objects.count() == 0


def test_a_nul_character_in_a_reviewed_speaker_or_url_is_refused_with_a_message(editor):
    client = _client(editor)
    location = client.post(reverse("claims:import"), {"text": STORY})["Location"]
    fields = {**_review_as_loaded(client, location.rstrip("/").rsplit("/", 1)[1]), "action": b"save",
              "quote-0-speaker": b"Ingrid\x00Solberg", "url": b"https://valley.example/\x00"}
    said = _answered(_post(client, location, fields), 200)
    assert said.count("Null characters are not allowed.") == 2
    assert Article.objects.count() == 0


@pytest.mark.parametrize("name, arguments, role, parameter", [
    ("claims:source-options", (), "editor", "speaker"),
    ("claims:import-source-options", (), "editor", "quote-0-speaker"),
    ("claims:claim-workspace", ("claim",), "reviewer", "q"),
    ("claims:activity", (), "reviewer", "verb"),
])
def test_a_nul_character_in_a_search_box_is_answered(world, name, arguments, role, parameter):
    path = reverse(name, args=[world[argument].pk for argument in arguments])
    response = _client(world[role]).get(f"{path}?{parameter}=Ingrid%00Solberg", headers={"HX-Request": "true"})
    _answered(response, 200)


@pytest.mark.parametrize("name, which, fields", [
    ("claims:link-decide", "suggested", {"decision": b"confirm"}),
    ("claims:link-undo", "decided", {}),
    ("claims:claim-status", "claim", {"status": b"bogus"}),
])
def test_a_next_address_that_is_not_a_path_goes_back_to_the_default_page(world, name, which, fields):
    response = _post(_client(world["reviewer"]), reverse(name, args=[world[which].pk]), {"version": b"", "next": b"0", **fields})
    _answered(response, 302)
    assert response["Location"] in (reverse("claims:review"), reverse("claims:claim-workspace", args=[world[which].pk]))


def test_a_damaged_claim_edit_version_says_to_reload_the_claim(world):
    claim = world["claim"]
    fields = {"version": b"", "text": b"The bridge will open in June", "speaker": b"Ingrid Solberg"}
    said = _answered(_post(_client(world["editor"]), reverse("claims:claim-edit", args=[claim.pk]), fields), 422)
    assert "This form is out of date or damaged; reload the claim and edit it again." in said
    assert _row(claim)["version"] == 1
