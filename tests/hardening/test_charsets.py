"""Finding 13: a declared charset that is no text encoding is ignored, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.importing.errors import ImportInputError
from claims.importing.pipeline import decode_bytes

BODY = "<p>The harbour master said the new quay would open in spring, two months late.</p>"


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "unicode_escape", "utf-7", "base64", "no-such-thing"])
def test_a_page_declaring_a_non_text_charset_is_read_as_utf8(charset):
    page = f'<html><head><meta charset="{charset}"><title>Quay</title></head><body>{BODY}</body></html>'.encode()
    assert "harbour master" in decode_bytes(page)
    assert "harbour master" in decode_bytes(page, declared_charset=charset)


@pytest.mark.parametrize("charset", ["undefined", "punycode"])
def test_an_undecodable_page_with_such_a_charset_gets_the_encoding_message(charset):
    noise = f'<meta charset="{charset}">'.encode() + bytes(__import__("random").Random(2).randrange(128, 256) for _ in range(3000))
    with pytest.raises(ImportInputError, match="text encoding"):
        decode_bytes(noise, declared_charset=charset)


def test_real_text_encodings_are_kept():
    from claims.importing.pipeline import text_encoding

    assert text_encoding("windows-1251") == "cp1251"
    assert text_encoding("UTF-8") == "utf-8"
    assert text_encoding("punycode") is None


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["undefined", "punycode"])
def test_upload_declaring_such_a_charset_is_no_server_error(client, editor, charset):
    client.force_login(editor)
    page = f'<html><head><meta charset="{charset}"><title>Quay</title></head><body>{BODY * 3}</body></html>'.encode()
    response = client.post(reverse("claims:import"), {"file": SimpleUploadedFile("quay.html", page, content_type="text/html")})
    assert response.status_code in (200, 302)
