"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is ever downloaded."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core-4.11.0" / "axe.min.js"
CHROMIUM = os.environ.get("QUERSCHNITT_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "Demo-Querschnitt-2026"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; Django's ORM must still be usable here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"Chromium missing at {CHROMIUM}: apt-get install chromium"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        # axe-core is injected as an inline script and compiles code with `new Function`, both of which our CSP
        # refuses; contexts bypass the CSP unless a test asks otherwise (test_csp.py enforces it on the real pages).
        original_new_context = browser.new_context

        def new_context(**kwargs):
            kwargs.setdefault("bypass_csp", True)
            return original_new_context(**kwargs)

        browser.new_context = new_context
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: CI machines are slow under load
    yield page
    context.close()


def login(page, email: str) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Runs axe-core (vendored) on the page; returns violations of impact serious or critical."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
