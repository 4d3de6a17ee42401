"""Bytes or text as given -> a PreparedArticle: the cleaned body that quote offsets point into.

Decoding tries, in order: a byte-order mark, the charset the server declared, the
page's own <meta charset>, strict UTF-8, then charset-normalizer's best guess. Binary
input (NUL bytes, image or archive signatures, text full of control characters) is
refused with a message that says so. HTML goes through trafilatura and then the
extractor's `clean_text`; plain text goes straight to `clean_text`. The stored text is
the cleaned text with its characters as written; normalisation is only for matching and
for the content hash.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

import charset_normalizer
from django.conf import settings

from claims.extraction import KnownSource, Quote, clean_text, extract_quotes, normalise_for_matching
from claims.importing.errors import ImportInputError
from claims.extraction.lexicon_data import lexicon_languages
from claims.extraction.multilingual import extract_quotes_multilingual
from claims.importing.html import extract_html, looks_like_html, meta_charset
from claims.importing.language import detect_language

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP, WAV or AVI) file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_ALLOWED_CONTROL = set("\t\n\r\f\v")
_MAX_CONTROL_SHARE = 0.01
_MIN_COHERENCE = 0.01
_MIN_SPACE_SHARE = 0.01


@dataclass
class PreparedArticle:
    """An article ready for extraction and review; nothing of it is in the database yet."""

    text: str
    title: str = ""
    raw_input: str = ""
    input_kind: str = "paste"
    url: str = ""
    site_name: str = ""
    published: date | None = None
    removed: list[str] = field(default_factory=list)
    is_html: bool = False
    language: str = ""

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict:
        """JSON-safe form, for the session and for task results."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> PreparedArticle:
        data = dict(data)
        data["published"] = date.fromisoformat(data["published"]) if data.get("published") else None
        return cls(**data)


def content_hash(text: str) -> str:
    """sha256 of the normalised text: the same article with other quote marks or spacing hashes the same."""
    return hashlib.sha256(normalise_for_matching(text).encode("utf-8")).hexdigest()


def _too_large_message() -> str:
    return f"The article is larger than the {settings.IMPORT_MAX_BYTES // 1024:,} KiB import limit."


# Codecs Python finds by name that are no document encoding: "undefined" always raises,
# punycode and idna are for host names, the escape codecs rewrite backslashes, UTF-7 is a
# classic script-smuggling trick no browser honours any more.
_NOT_DOCUMENT_ENCODINGS = {"undefined", "punycode", "idna", "unicode_escape", "raw_unicode_escape", "utf_7"}


def text_encoding(name: str | None) -> str | None:
    """The codec a page or server declared, if it is a real text encoding; None otherwise
    (unknown names, bytes-to-bytes codecs like base64, and the pseudo-encodings above)."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, TypeError, ValueError):
        return None
    if not info._is_text_encoding or info.name.replace("-", "_") in _NOT_DOCUMENT_ENCODINGS:
        return None
    return info.name


def _try_decode(data: bytes, encoding: str | None) -> str | None:
    encoding = text_encoding(encoding)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeError, ValueError):
        return None


def _refuse_binary_text(text: str) -> str:
    if "\x00" in text:
        raise ImportInputError("That file looks binary (it contains NUL bytes), not text or HTML.")
    sample = text[:20000]
    controls = sum(1 for character in sample if ord(character) < 32 and character not in _ALLOWED_CONTROL)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise ImportInputError("That file looks binary (full of control characters), not text or HTML.")
    return text


def decode_bytes(data: bytes, *, declared_charset: str | None = None) -> str:
    """Bytes of a text or HTML document -> str; ImportInputError for binary or undecodable input."""
    if not data or not data.strip():
        raise ImportInputError("The file is empty.")
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportInputError(_too_large_message())
    for signature, description in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ImportInputError(f"That file is {description}, not text or HTML.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            decoded = _try_decode(data, encoding)
            if decoded is None:
                raise ImportInputError(f"The file starts with a {encoding} byte-order mark but is not valid {encoding}.")
            return _refuse_binary_text(decoded)
    if b"\x00" in data:
        raise ImportInputError("That file looks binary (it contains NUL bytes), not text or HTML.")
    for encoding in (declared_charset, meta_charset(data), "utf-8"):
        decoded = _try_decode(data, encoding)
        if decoded is not None:
            return _refuse_binary_text(decoded)
    best = charset_normalizer.from_bytes(data).best()
    # A guess in which no language can be recognised is noise read through some code page.
    guessed = str(best) if best is not None else ""
    # Any bytes are valid in some code page: a guess with no recognisable language, or with
    # no spaces or line breaks at all, is noise rather than an article.
    spaces = sum(character.isspace() for character in guessed[:20000])
    if best is None or best.coherence < _MIN_COHERENCE or spaces < len(guessed[:20000]) * _MIN_SPACE_SHARE:
        raise ImportInputError(
            "Could not work out the text encoding of that file; save it as UTF-8 and try again."
        )
    return _refuse_binary_text(guessed)


def prepare_text(raw: str, *, input_kind: str = "paste", url: str = "", force_html: bool | None = None) -> PreparedArticle:
    """A decoded page or text -> cleaned article; HTML is recognised by its shape unless `force_html` says."""
    if not raw or not raw.strip():
        raise ImportInputError("There is no text to import.")
    if len(raw.encode("utf-8")) > settings.IMPORT_MAX_BYTES:
        raise ImportInputError(_too_large_message())
    _refuse_binary_text(raw)
    is_html = looks_like_html(raw) if force_html is None else force_html
    # One newline convention: browsers turn CR LF into LF, and offsets must survive the round trip.
    body = raw.replace("\r\n", "\n").replace("\r", "\n")
    title, published, site_name = "", None, ""
    if is_html:
        extracted = extract_html(body, url=url)
        title, published, site_name, body = extracted.title, extracted.published, extracted.site_name, extracted.text
    cleaned = clean_text(body, title=title or None)
    text = cleaned.text.strip("\n")
    if not text.strip():
        raise ImportInputError("Nothing was left after removing the page furniture; is this an article?")
    return PreparedArticle(
        text=text,
        title=(cleaned.title or title or "").strip()[:500],
        raw_input=raw,
        input_kind=input_kind,
        url=url,
        site_name=site_name,
        published=published,
        removed=list(cleaned.removed),
        is_html=is_html,
        language=detect_language(text),
    )


def prepare_bytes(
    data: bytes,
    *,
    input_kind: str,
    url: str = "",
    declared_charset: str | None = None,
    content_type: str | None = None,
    filename: str = "",
) -> PreparedArticle:
    """An uploaded file or fetched page -> cleaned article."""
    text = decode_bytes(data, declared_charset=declared_charset)
    force_html = None
    lowered = filename.lower()
    if content_type in ("text/html", "application/xhtml+xml") or lowered.endswith((".html", ".htm")):
        force_html = True
    elif content_type == "text/plain" or lowered.endswith(".txt"):
        force_html = looks_like_html(text) or False
    return prepare_text(text, input_kind=input_kind, url=url, force_html=force_html)


def extract(prepared: PreparedArticle, known_sources: list[KnownSource] | tuple = ()) -> list[Quote]:
    """The attributed quotes in the article, offsets into `prepared.text`: English (or an
    unknown language) by the English extractor, a language with a lexicon by the multilingual one."""
    language = prepared.language or ""
    if language != "en" and language in lexicon_languages():
        return extract_quotes_multilingual(prepared.text, language=language, known_sources=tuple(known_sources))
    return extract_quotes(prepared.text, known_sources=tuple(known_sources))


def quote_to_dict(quote: Quote) -> dict:
    return asdict(quote)


def quote_from_dict(data: dict) -> Quote:
    return Quote(**{name: data.get(name, "") for name in Quote.__dataclass_fields__})
