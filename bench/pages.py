"""The pages the import benchmark feeds to bare trafilatura and to the whole import.

The text is the team's own test articles (tests/data/articles). Each is dressed twice:

- `minimal_pages`: the article in a 3 KB page with a five-link menu and a one-line footer.
  No news site serves pages like this; they show what the import costs beyond trafilatura
  when trafilatura has almost nothing to do.
- `news_pages`: the article in a page built like a news site's article page (about 100 KB,
  950 elements): metadata, JSON-LD, inline styles and scripts, a JSON state blob, a menu of
  sections, a cookie banner, a ticker, share buttons, a figure, an advert slot and a "read
  more" box inside the body, tags, an author box, related stories, a most-read list, a
  newsletter form, reader comments and a footer of links. Real article pages of large
  outlets are 150-600 KB; this stays at the small end.

Every piece of furniture is generated here from a fixed seed, so the pages are the same on
every run and contain no published text.
"""

from __future__ import annotations

import json
import random
from html import escape
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
ARTICLES = REPOSITORY / "tests" / "data" / "articles"
SITE = "The Bench Courier"
SECTIONS = ["World", "Politics", "Business", "Climate", "Science", "Health", "Technology", "Culture", "Sport",
            "Opinion", "Investigations", "Local"]
WORDS = ("council budget river harbour election ministry court rail bridge school hospital farmers market storm "
         "energy grid museum festival league inquiry report union talks border trade drought flood port tower "
         "library transit housing water audit vote plan summit treaty strike harvest reform survey record").split()


def _articles() -> list[tuple[str, str, list[str]]]:
    """(file stem, title, paragraphs) for each of the team's test articles."""
    found = []
    for path in sorted(ARTICLES.glob("*.txt")):
        lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
        found.append((path.stem, lines[0], lines[1:]))
    return found


def minimal_pages() -> list[tuple[str, str]]:
    """(name, HTML) for each article in a bare 3 KB page."""
    pages = []
    for stem, title, paragraphs in _articles():
        body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
        pages.append((stem, f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {SITE}</title>
<meta property="og:site_name" content="{SITE}"><meta name="date" content="2026-03-02"></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{escape(title)}</h1><p class="byline">By a staff reporter</p>
{body}
</article><aside><h2>Most read</h2><ul><li><a href="/a">Another story</a></li><li><a href="/b">A third story</a></li></ul></aside></main>
<footer><p>Copyright {SITE}. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>"""))
    return pages


def news_pages() -> list[tuple[str, str]]:
    """(name, HTML) for each article in a page built like a news site's article page."""
    return [(stem, _news_page(stem, title, paragraphs, random.Random(stem))) for stem, title, paragraphs in _articles()]


def _headline(rng: random.Random) -> str:
    words = rng.sample(WORDS, 6)
    return f"{words[0].capitalize()} {words[1]} {words[2]} as {words[3]} {words[4]} meets {words[5]}"


def _sentence(rng: random.Random, length: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def _slug(text: str) -> str:
    return "-".join(text.lower().split())[:60]


def _card(rng: random.Random, number: int) -> str:
    headline = _headline(rng)
    return (f'<div class="card card--story" data-position="{number}"><a class="card__link" href="/{rng.choice(SECTIONS).lower()}/'
            f'{_slug(headline)}"><picture class="card__media"><source srcset="/img/{number}-400.webp 400w, /img/{number}-800.webp 800w" '
            f'type="image/webp"><img src="/img/{number}-400.jpg" alt="{escape(headline)}" loading="lazy" width="400" height="225">'
            f'</picture><h3 class="card__headline">{escape(headline)}</h3></a><p class="card__teaser">{_sentence(rng)}</p>'
            f'<span class="card__meta"><time datetime="2026-03-0{number % 9 + 1}">{number % 23 + 1} hours ago</time></span></div>')


def _menu(rng: random.Random) -> str:
    columns = []
    for section in SECTIONS:
        links = "".join(f'<li class="menu__item"><a class="menu__link" href="/{section.lower()}/{_slug(word)}">{word.capitalize()}</a></li>'
                        for word in rng.sample(WORDS, 10))
        columns.append(f'<li class="menu__section"><a class="menu__heading" href="/{section.lower()}">{section}</a>'
                       f'<ul class="menu__list">{links}</ul></li>')
    return f'<nav class="menu" aria-label="Sections"><ul class="menu__sections">{"".join(columns)}</ul></nav>'


def _style(rng: random.Random) -> str:
    rules = []
    for number in range(180):
        block = rng.choice(["card", "menu", "article", "footer", "ticker", "share", "comments", "newsletter"])
        rules.append(f".{block}__part-{number}{{margin:{number % 7}px {number % 5}px;padding:{number % 3}rem;"
                     f"color:#{rng.randrange(0x1000000):06x};font-size:{0.8 + number % 6 / 10:.1f}rem}}")
    return "<style>" + "".join(rules) + "</style>"


def _state_blob(rng: random.Random, title: str, paragraphs: list[str]) -> str:
    state = {
        "page": {"type": "article", "section": rng.choice(SECTIONS), "title": title, "paywall": False,
                 "body": [{"type": "paragraph", "text": paragraph} for paragraph in paragraphs]},
        "navigation": [{"title": section, "href": f"/{section.lower()}", "children": [{"title": word, "href": f"/{word}"} for word in WORDS]}
                       for section in SECTIONS],
        "related": [{"headline": _headline(rng), "teaser": _sentence(rng), "image": f"/img/{number}.jpg"} for number in range(40)],
        "ads": {"slots": [{"id": f"slot-{number}", "sizes": [[300, 250], [728, 90]]} for number in range(12)]},
    }
    return f'<script id="__STATE__" type="application/json">{json.dumps(state)}</script>'


def _comments(rng: random.Random) -> str:
    items = "".join(
        f'<li class="comment"><div class="comment__author">reader{rng.randrange(10_000)}</div>'
        f'<div class="comment__body"><p>{_sentence(rng, 22)}</p></div><div class="comment__actions">'
        f'<button type="button">Reply</button><button type="button">Report</button><span>{rng.randrange(90)} likes</span></div></li>'
        for _ in range(12)
    )
    return f'<section class="comments" id="comments"><h2>Comments (12)</h2><ol class="comments__list">{items}</ol></section>'


def _footer(rng: random.Random) -> str:
    columns = "".join(
        f'<div class="footer__column"><h4>{section}</h4><ul>'
        + "".join(f'<li><a href="/{section.lower()}/{word}">{word.capitalize()}</a></li>' for word in rng.sample(WORDS, 12))
        + "</ul></div>"
        for section in SECTIONS[:6]
    )
    return (f'<footer class="footer"><div class="footer__columns">{columns}</div><div class="footer__social">'
            + "".join(f'<a href="https://social.example/{name}" aria-label="{name}"><svg viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg></a>'
                      for name in ("video", "photos", "chat", "audio", "mail"))
            + f'</div><p class="footer__legal">{_sentence(rng, 40)}</p><p>Copyright 2026 {SITE}. All rights reserved.</p>'
            '<ul class="footer__legal-links"><li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li>'
            '<li><a href="/terms">Terms</a></li><li><a href="/accessibility">Accessibility</a></li><li><a href="/contact">Contact us</a></li></ul></footer>')


def _news_page(stem: str, title: str, paragraphs: list[str], rng: random.Random) -> str:
    section = rng.choice(SECTIONS)
    url = f"https://bench.example/{section.lower()}/{stem}"
    body = []
    for number, paragraph in enumerate(paragraphs, start=1):
        body.append(f'<p class="article__paragraph">{escape(paragraph)}</p>')
        if number == 3:
            body.append('<div class="ad ad--inline" data-slot="slot-3" aria-hidden="true"><span class="ad__label">Advertisement</span></div>')
        if number == 6:
            related = _headline(rng)
            body.append(f'<aside class="read-more"><span class="read-more__label">Read more</span><a href="/{section.lower()}/{_slug(related)}">'
                        f'{escape(related)}</a></aside>')
    share = "".join(f'<li><a class="share__link share__link--{name}" href="https://share.example/{name}?u={url}">Share on {name}</a></li>'
                    for name in ("mail", "chat", "video", "photos", "audio", "print"))
    ticker = "".join(f'<li class="ticker__item"><a href="/live/{number}">{escape(_headline(rng))}</a></li>' for number in range(6))
    most_read = "".join(f'<li class="most-read__item"><span class="most-read__rank">{number}</span><a href="/story/{number}">{escape(_headline(rng))}</a></li>'
                        for number in range(1, 11))
    cards = "".join(_card(rng, number) for number in range(24))
    tags = "".join(f'<li><a class="tag" href="/topic/{word}">{word.capitalize()}</a></li>' for word in rng.sample(WORDS, 8))
    json_ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": "2026-03-02T09:00:00Z",
                          "author": {"@type": "Person", "name": "A staff reporter"}, "publisher": {"@type": "Organization", "name": SITE},
                          "mainEntityOfPage": url})
    analytics = "".join(f"window.dataLayer.push({{event:'slot_{number}',section:'{section}',value:{number * 7 % 13}}});" for number in range(60))
    scripts = "".join(f'<script src="/static/js/chunk-{number}.{rng.randrange(16 ** 8):08x}.js" defer></script>' for number in range(14))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {SITE}</title><meta name="description" content="{escape(paragraphs[0][:150])}">
<link rel="canonical" href="{url}"><meta property="og:type" content="article"><meta property="og:site_name" content="{SITE}">
<meta property="og:title" content="{escape(title)}"><meta property="og:url" content="{url}"><meta property="og:image" content="https://bench.example/img/{stem}.jpg">
<meta property="article:published_time" content="2026-03-02T09:00:00Z"><meta property="article:section" content="{section}">
<meta name="twitter:card" content="summary_large_image"><meta name="date" content="2026-03-02">
{"".join(f'<link rel="preload" href="/static/fonts/face-{number}.woff2" as="font" crossorigin>' for number in range(6))}
<link rel="stylesheet" href="/static/css/site.css"><script type="application/ld+json">{json_ld}</script>
{_style(rng)}<script>window.dataLayer=window.dataLayer||[];{analytics}</script></head>
<body class="page page--article"><a class="skip-link" href="#main">Skip to content</a>
<div class="cookie-banner" role="dialog" aria-label="Cookies"><p>{_sentence(rng, 30)}</p><button type="button">Accept all</button><button type="button">Manage choices</button></div>
<div class="top-bar"><span class="top-bar__date">Monday 2 March 2026</span><a href="/subscribe">Subscribe</a><a href="/login">Sign in</a></div>
<header class="masthead"><a class="masthead__logo" href="/">{SITE}</a>{_menu(rng)}</header>
<div class="ticker"><span class="ticker__label">Latest</span><ul>{ticker}</ul></div>
<nav class="breadcrumb"><a href="/">Home</a> / <a href="/{section.lower()}">{section}</a></nav>
<main id="main" class="layout"><article class="article">
<header class="article__header"><h1 class="article__title">{escape(title)}</h1>
<p class="article__byline">By <a href="/staff/reporter">A staff reporter</a> <time datetime="2026-03-02T09:00:00Z">2 March 2026</time></p>
<ul class="share">{share}</ul></header>
<figure class="article__figure"><img src="/img/{stem}.jpg" alt="" width="1200" height="675"><figcaption>{_sentence(rng)} Photograph: staff.</figcaption></figure>
<div class="article__body">
{chr(10).join(body)}
</div>
<ul class="article__tags">{tags}</ul>
<div class="author-box"><img src="/img/staff.jpg" alt=""><p>{_sentence(rng, 24)}</p></div>
</article>
<aside class="rail"><section class="most-read"><h2>Most read</h2><ol>{most_read}</ol></section>
<form class="newsletter" action="/newsletter" method="post"><h2>The morning briefing</h2><p>{_sentence(rng)}</p>
<label>Email address<input type="email" name="email"></label><button type="submit">Sign up</button><p class="newsletter__legal">{_sentence(rng, 30)}</p></form></aside>
<section class="related"><h2>More from {section}</h2>{cards}</section>
{_comments(rng)}</main>
{_footer(rng)}
{_state_blob(rng, title, paragraphs)}{scripts}</body></html>"""
