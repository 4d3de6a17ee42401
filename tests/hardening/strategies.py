"""Hypothesis strategies for hostile input: binary, broken encodings, HTML with scripts, odd Unicode."""

from hypothesis import strategies as st

XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<iframe src=javascript:alert(1)></iframe>",
    "{{ csp_nonce }}{% debug %}",
]
ODD_UNICODE = [
    "\u202e\u0644\u0627 \u05e9\u05dc\u05d5\u05dd",  # right-to-left override, Arabic, Hebrew
    "Z\u0351\u0359\u0332a\u0344\u0347l\u0308\u035ag\u030co",       # combining marks
    "\ufeff\u200b\u200d\u2060",                           # BOM and zero-widths
    "\U0001f600\U0001f1fa\U0001f1e6 \u00e9\u0301",              # emoji, flags, decomposed accents
    "\u201cquoted\u201d \u00abguillemets\u00bb \u201elow\u201c",
    "line\u2028separator\u2029paragraph\r\n\r",
    "\x00\x01\x1b[31m",                                  # NUL and control characters
]

binary_as_text = st.binary(max_size=400).map(lambda data: data.decode("latin-1"))
broken_utf8 = st.binary(max_size=400).map(lambda data: data.decode("utf-8", errors="replace"))
surrogates = st.binary(max_size=200).map(lambda data: data.decode("utf-8", errors="surrogateescape"))
html_with_scripts = st.lists(
    st.sampled_from(XSS + ['<p>The minister said "we will win".</p>', "<div>", "</div>", "<!--", "<![CDATA[", "&amp;&#0;&#x110000;"]),
    max_size=12,
).map("".join)
odd_unicode = st.lists(st.sampled_from(ODD_UNICODE), min_size=1, max_size=6).map(" ".join)

hostile_text = st.one_of(
    st.text(max_size=300),
    binary_as_text,
    broken_utf8,
    surrogates,
    html_with_scripts,
    odd_unicode,
    st.builds(lambda text: f'{text} said "{text}", according to officials.', st.text(max_size=80)),
)

# What a client can really send: bytes, which may not be UTF-8 at all.
hostile_bytes = st.one_of(
    hostile_text.map(lambda text: text.encode("utf-8", errors="surrogateescape")),
    st.binary(max_size=300),
)


def form_body(**fields: bytes) -> bytes:
    """An x-www-form-urlencoded body from raw bytes (percent-encoded, any byte allowed)."""
    from urllib.parse import quote_from_bytes

    return b"&".join(name.encode() + b"=" + quote_from_bytes(value).encode() for name, value in fields.items())
