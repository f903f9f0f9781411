"""The Content-Security-Policy in a real browser: public pages, sign-in, htmx filtering, charts, the TOTP page of
allauth and Django's admin run without a single violation. The browser context here enforces the policy
(bypass_csp=False), and every violation is caught twice: as a console message and as a securitypolicyviolation event."""

import pytest

from .conftest import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def strict_page(browser, live_server, demo):
    # bypass_csp=False explicitly: the other browser tests bypass the policy, because axe-core (injected as an
    # inline script) compiles its templates with `new Function`.
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=False
    )
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.console_problems = []
    page.on(
        "console",
        lambda message: (
            page.console_problems.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: page.console_problems.append(f"page error: {error}"))
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.console_problems + page.evaluate("() => window.__cspViolations || []")


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 400, path
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], path


def test_pages_htmx_charts_and_the_totp_page_run_without_a_csp_violation(strict_page):
    page = strict_page
    for path in ("/", "/abstimmen/", "/barrierefreiheit/", "/daten/"):
        visit(page, path)

    # htmx: the body directory filters as you type (a GET swapped into the page).
    visit(page, "/k/")
    page.get_by_label("Name oder AGS").fill("Jüchen")
    page.get_by_text("1 Kommune gefunden.").wait_for()
    assert violations(page) == []

    # Sign-in (a form POST: form-action) and the internal pages with charts (server-rendered SVG).
    login(page, "geschaeftsstelle@querschnitt.example")
    assert violations(page) == []
    visit(page, "/k/rhein-kreis-neuss/auswertung/")
    page.locator("a[href*='/auswertung/indikator/']").first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('main figure img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    assert violations(page) == []

    # allauth's TOTP set-up shows its QR code as a data: image.
    visit(page, "/konto/2fa/totp/activate/")
    if "reauthenticate" in page.url:  # allauth asks for the password again before MFA changes
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url("**/2fa/totp/activate/")
        page.wait_for_load_state("networkidle")
    qr = page.locator("main img").first
    qr.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    assert violations(page) == []


def test_django_admin_runs_without_a_csp_violation(strict_page):
    from querschnitt.accounts.models import User

    User.objects.create_superuser(email="admin@querschnitt.example", password=DEMO_PASSWORD)
    page = strict_page
    visit(page, "/admin/login/")
    page.locator("#id_username").fill("admin@querschnitt.example")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/admin/login/" not in page.url
    visit(page, "/admin/")
    visit(page, "/admin/accounts/user/")
    page.locator("#result_list tbody a").first.click()  # a change form: admin's own scripts and widgets
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_a_violation_would_be_caught(strict_page):
    """The check itself: an inline script injected by the test is refused and reported."""
    page = strict_page
    visit(page, "/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("() => window.__ran === undefined")
    assert any("script-src" in item or "Refused" in item for item in violations(page))
