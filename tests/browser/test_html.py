"""Valid HTML: the Nu Html Checker finds no error on any public page."""

import json
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.pages import PUBLIC_PAGES
from tests.browser.support import VNU_JAR


@pytest.mark.browser
def test_public_pages_are_valid_html(page, audit_figures, tmp_path):
    # The checker refuses loopback URLs, so it reads the served HTML from files instead.
    for public_page in PUBLIC_PAGES:
        html = public_page.open(page).text()
        (tmp_path / f"{public_page.slug}.html").write_text(html)

    # One run for every page: starting the JVM is the slow part.
    checker = subprocess.run(
        ["java", "-jar", VNU_JAR, "--format", "json", "--stdout", *sorted(tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checker.stdout, f"The Nu Html Checker did not run: {checker.stderr}"

    errors = [
        message
        for message in json.loads(checker.stdout)["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]
    per_page = Counter(page_slug(error) for error in errors)
    for public_page in PUBLIC_PAGES:
        audit_figures.record(public_page.name, "Nu errors", per_page[public_page.slug])
    assert not errors, "\n".join(
        f"{page_slug(error)}, line {error.get('lastLine', '?')}: {error['message']}"
        for error in errors
    )


def page_slug(message: dict) -> str:
    return Path(urlparse(message.get("url", "")).path).stem
