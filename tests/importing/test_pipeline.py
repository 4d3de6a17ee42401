"""Decoding, HTML extraction and clean-up before anything reaches the database."""

import pytest

from claims.extraction import normalise_for_matching
from claims.importing.errors import ImportInputError
from claims.importing.fetch import fetch_url
from claims.importing.pipeline import content_hash, decode_bytes, prepare_bytes, prepare_text
from tests.importing.conftest import ARTICLE_HTML


def test_html_page_keeps_the_article_and_drops_scripts_navigation_and_footer(local_server, allow_loopback):
    local_server.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    page = fetch_url(local_server.url("/story"))
    prepared = prepare_bytes(page.content, input_kind="url", url=page.url, declared_charset=page.charset, content_type=page.content_type)
    assert "The bridge will stay open throughout the repairs" in prepared.text
    for furniture in ("TRACKING-SCRIPT-TEXT", "NAVIGATION-MENU-TEXT", "FOOTER-COPYRIGHT-TEXT", "SCRIPT-BODY-TEXT", "color: red"):
        assert furniture not in prepared.text
    assert prepared.title == "Harbour authority denies bridge closure"
    assert prepared.site_name == "Coastline Courier"
    assert prepared.published.isoformat() == "2024-05-02"
    assert prepared.is_html
    assert prepared.raw_input == ARTICLE_HTML


def test_plain_text_is_cleaned_without_trafilatura():
    text = "Ferry fares to rise\n\nFerry fares to rise\n\nThe operator said on Monday that fares would rise by a tenth.\n\nShare on Facebook\n"
    prepared = prepare_text(text)
    assert not prepared.is_html
    assert prepared.text.count("Ferry fares to rise") <= 1
    assert "fares would rise by a tenth" in prepared.text


def test_offsets_point_into_the_stored_text_with_its_original_characters():
    text = "Mayor says \u201cno\u00a0tolls this year\u201d.\n\nThe mayor said \u201cthere will be no\u00a0tolls this year\u201d at the council."
    prepared = prepare_text(text)
    assert "\u00a0" in prepared.text  # stored as written; only matching normalises
    assert "\u201c" in prepared.text


def test_the_content_hash_ignores_quote_styles_and_spacing():
    assert content_hash("He said \u201cyes\u201d.\u00a0 Then left.") == content_hash('He said "yes". Then left.')
    assert content_hash("One text.") != content_hash("Another text.")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"Some text\x00with a NUL byte in it", "NUL bytes"),
    ],
)
def test_binary_or_empty_input_is_refused_with_a_clear_message(data, message):
    with pytest.raises(ImportInputError, match=message):
        decode_bytes(data)


def test_text_full_of_control_characters_is_refused():
    with pytest.raises(ImportInputError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 40)


def test_undecodable_bytes_are_refused():
    import random

    noise = bytes(random.Random(7).randrange(128, 256) for _ in range(3000))
    with pytest.raises(ImportInputError, match="text encoding"):
        prepare_bytes(noise, input_kind="upload", filename="noise.txt")


def test_encodings_are_detected_from_bom_header_meta_and_content():
    assert decode_bytes("\ufeffCaf\u00e9 au lait".encode("utf-8")) == "Caf\u00e9 au lait"
    assert decode_bytes("Caf\u00e9 au lait, sagte er.".encode("utf-16")) == "Caf\u00e9 au lait, sagte er."
    assert decode_bytes("Caf\u00e9".encode("latin-1"), declared_charset="iso-8859-1") == "Caf\u00e9"
    page = '<html><head><meta charset="windows-1251"></head><body><p>\u041f\u0440\u0438\u0432\u0435\u0442</p></body></html>'
    assert "\u041f\u0440\u0438\u0432\u0435\u0442" in decode_bytes(page.encode("windows-1251"))
    russian = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u043c\u043e\u0441\u0442 \u0431\u0443\u0434\u0435\u0442 \u043e\u0442\u043a\u0440\u044b\u0442. " * 4
    assert decode_bytes(russian.encode("koi8-r")) == russian
    german = "Der Minister sagte, die Stra\u00dfe bleibe ge\u00f6ffnet und die Gr\u00fcnen seien \u00fcberrascht. " * 5
    assert decode_bytes(german.encode("cp1252")) == german


def test_input_larger_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportInputError, match="larger than"):
        prepare_text("word " * 100)


def test_a_page_that_is_only_scripts_is_refused():
    page = "<html><head><script>var a = 1;</script></head><body>" + "<script>alert('x')</script>" * 50 + "</body></html>"
    with pytest.raises(ImportInputError, match="No article text"):
        prepare_bytes(page.encode(), input_kind="upload", filename="page.html")


def test_html_uploaded_as_txt_is_still_read_as_html():
    prepared = prepare_bytes(ARTICLE_HTML.encode(), input_kind="upload", filename="story.txt")
    assert prepared.is_html
    assert "<p>" not in prepared.text


def test_normalisation_is_for_matching_only():
    prepared = prepare_text("The minister said \u201cwe will\u00a0not resign\u201d on Friday, adding more later.")
    assert normalise_for_matching(prepared.text) != prepared.text
