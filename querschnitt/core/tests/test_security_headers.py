"""Security headers on every page (CSP, Permissions-Policy, COOP, nosniff, framing) and a scan of every template for
what the Content-Security-Policy would block: inline scripts, event handler attributes, javascript: URLs, style
elements and style attributes (also in HTML built in Python), htmx's eval features. docs/security.md explains the
policy."""

import base64
import hashlib
import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_the_other_headers(client):
    for response in (client.get(reverse("core:home")), client.get("/gibt-es-nicht/"), client.get("/konto/login/")):
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], response["Content-Security-Policy"]
        assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(policy["script-src"] + policy["default-src"])
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["style-src-attr"] == ["'none'"], "style attributes must be refused"
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    assert client.get(reverse("core:home"))["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_htmx_is_configured_without_eval_scripts_or_injected_styles(client):
    page = client.get(reverse("core:home")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page).group(1)
    assert '"allowEval": false' in config and '"allowScriptTags": false' in config
    assert '"includeIndicatorStyles": false' in config


def test_the_allowed_admin_style_hash_is_the_one_of_the_installed_django():
    """The change list of Django's admin has one fixed <style> element; the policy allows exactly it by hash. After
    an upgrade of Django this fails if the rule changed (then update the hash in settings/base.py)."""
    template = Path(django.__file__).parent / "contrib/admin/templates/admin/change_list.html"
    styles = re.findall(r"<style>(.*?)</style>", template.read_text(), re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in styles}
    assert hashes and hashes <= set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"])


COMMENT = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", re.S)
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "htmx eval (hx-on, js:)": re.compile(r"\shx-on[:\-]|\shx-on=|\"js:|'js:|\bhx-vars=", re.I),
}


def test_no_template_has_what_the_content_security_policy_blocks():
    templates = [p for p in PACKAGE.rglob("*.html") if "static" not in p.parts]
    assert len(templates) > 100
    found = []
    for path in templates:
        text = COMMENT.sub("", path.read_text(encoding="utf-8"))
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(PACKAGE)}: {what}: {match.group(0)[:60]}")
    assert not found, "\n".join(found)


def test_the_template_scan_would_catch_each_forbidden_pattern():
    samples = {
        "inline script": "<script>alert(1)</script>",
        "event handler attribute": '<button class="x" onclick="go()">',
        "javascript: URL": '<a href="javascript:void(0)">',
        "style element": "<style>p{}</style>",
        "style attribute": '<p class="x"\n   style="margin:0">',
        "htmx eval (hx-on, js:)": '<div hx-on:click="x()">',
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    assert not FORBIDDEN["inline script"].search('<script src="/static/x.js" defer></script>')
    assert not FORBIDDEN["event handler attribute"].search('<input name="ongoing" data-once="1">')
    assert not FORBIDDEN["style attribute"].search('<p class="q-list-style">')
    assert PYTHON_STYLE_ATTRIBUTE.search("""format_html('<span style="color:{}">', c)""")
    assert not PYTHON_STYLE_ATTRIBUTE.search('doc.paragraph(text, style="Caption")')


# HTML built in Python (format_html, mark_safe, widget attrs): a style attribute in a tag, or "style" as a key of a
# widget's attrs. The tests and the Word/Typst documents (python-docx's style= argument) are not HTML.
PYTHON_STYLE_ATTRIBUTE = re.compile(r"<[a-z][\w-]*\s[^<>]*\bstyle\s*=|[\"']style[\"']\s*:", re.I)


def test_no_python_module_builds_html_with_a_style_attribute():
    modules = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    assert len(modules) > 50
    found = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)[:60]}"
        for path in modules
        for match in PYTHON_STYLE_ATTRIBUTE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_the_map_of_the_state_fits_its_classes():
    """The tile-grid map places its tiles by class (q-grid-cols-N, q-row-N, q-col-N in site.css, N up to 12)."""
    from querschnitt.statewide.tiles import COLUMNS, ROWS

    css = (PACKAGE / "static/querschnitt/site.css").read_text()
    assert ROWS <= 12 and COLUMNS <= 12
    assert f".q-grid-cols-{COLUMNS} " in css and ".q-row-12 " in css and ".q-col-12 " in css
