"""A page dressed as a news site's (menus, scripts, adverts, related stories, comments, footer)
imports to the same title, text and quotes as the bare article: the furniture is stripped.
The pages are the import benchmark's (bench/pages.py), built around the team's own articles."""

from bench.pages import minimal_pages, news_pages
from claims.importing.pipeline import extract, prepare_bytes


def _imported(html: str, name: str):
    prepared = prepare_bytes(html.encode(), input_kind="upload", url=f"https://bench.example/{name}", content_type="text/html")
    return prepared, [(quote.speaker, quote.text, quote.start, quote.end, quote.polarity) for quote in extract(prepared)]


def test_news_site_furniture_changes_nothing_the_import_finds():
    bare, dressed = minimal_pages(), news_pages()
    assert [name for name, _html in bare] == [name for name, _html in dressed]
    for (name, bare_html), (_name, dressed_html) in zip(bare, dressed):
        assert len(dressed_html) > 20 * len(bare_html)
        bare_prepared, bare_quotes = _imported(bare_html, name)
        dressed_prepared, dressed_quotes = _imported(dressed_html, name)
        assert dressed_prepared.title == bare_prepared.title, name
        assert dressed_prepared.text == bare_prepared.text, name
        assert dressed_quotes == bare_quotes and bare_quotes, name


def test_news_pages_are_the_same_on_every_run():
    assert news_pages() == news_pages()
