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


def multipart_body(fields: dict[str, bytes], files: dict[str, tuple[bytes, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body from raw bytes, and its content type; `files` maps a field to (filename, content)."""
    import secrets

    parts = [*fields.values(), *(name + content for name, content in files.values())]
    boundary = secrets.token_hex(16).encode()
    while any(boundary in part for part in parts):
        boundary = secrets.token_hex(16).encode()
    lines = []
    for name, value in fields.items():
        lines += [b"--" + boundary, b'Content-Disposition: form-data; name="' + name.encode() + b'"', b"", value]
    for name, (filename, content) in files.items():
        # Quotes and line breaks would end the header early; everything else in a filename is the client's choice.
        filename = filename.replace(b'"', b"").replace(b"\r", b"").replace(b"\n", b"")
        lines += [
            b"--" + boundary,
            b'Content-Disposition: form-data; name="' + name.encode() + b'"; filename="' + filename + b'"',
            b"Content-Type: application/octet-stream",
            b"",
            content,
        ]
    lines += [b"--" + boundary + b"--", b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary.decode()}"
