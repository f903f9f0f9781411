"""The Content-Security-Policy in a real browser: public pages, sign-in, htmx filtering, charts, the TOTP page of
allauth, the pages that used to carry style attributes (shell, dashboard, meeting, concept, dot vote and projector,
integration centre, state-wide map) and Django's admin run without a single violation. The policy refuses inline
style attributes (style-src-attr 'none'), so a style attribute left in a template is reported here too. The browser
context here enforces the policy (bypass_csp=False), and every violation is caught twice: as a console message and
as a securitypolicyviolation event."""

import pytest

from .conftest import DEMO_PASSWORD, follow, login

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
    follow(page.locator("a[href*='/auswertung/indikator/']").first)
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


def visit_first_link(page, listing: str, pattern: str) -> None:
    visit(page, listing)
    href = page.locator(f"main a[href*='{pattern}']").first.get_attribute("href")
    visit(page, href)


def test_pages_that_had_inline_styles_run_without_a_csp_violation(strict_page):
    from querschnitt.participation.models import DotVote

    page = strict_page
    login(page, "geschaeftsstelle@querschnitt.example")
    body = "/k/rhein-kreis-neuss/"
    for path in (body, body + "integrationszentrum/", body + "gremien/", "/daten/rhein-kreis-neuss/"):
        visit(page, path)
    visit_first_link(page, body + "sitzungen/", "/sitzung/")
    visit_first_link(page, body + "konzept/", "/konzept/")
    vote = DotVote.objects.filter(body__slug="rhein-kreis-neuss").first()
    visit(page, f"{body}punktabfrage/{vote.pk}/")
    visit(page, f"{body}punktabfrage/{vote.pk}/projektion/")
    page.wait_for_timeout(2500)  # one htmx poll of the projector swaps the board in again
    assert page.locator(".q-projector__bar").count() > 0
    assert page.evaluate("() => document.querySelectorAll('[style]').length") == 0
    assert violations(page) == []


def test_statewide_map_runs_without_a_csp_violation(strict_page):
    page = strict_page
    login(page, "lir@querschnitt.example")
    visit(page, "/k/landesintegrationsrat-nrw/landesweit/")
    tile = page.locator("[data-testid=karte] li").first
    assert page.evaluate("(li) => getComputedStyle(li).gridRowStart", tile.element_handle()) == tile.get_attribute(
        "data-row"
    )
    assert page.evaluate("() => document.querySelectorAll('[style]').length") == 0


def test_django_admin_runs_without_a_csp_violation(strict_page):
    from querschnitt.accounts.models import User

    User.objects.create_superuser(email="admin@querschnitt.example", password=DEMO_PASSWORD)
    page = strict_page
    visit(page, "/admin/login/")
    page.locator("#id_username").fill("admin@querschnitt.example")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    follow(page.locator("input[type=submit]"))
    page.wait_for_load_state("networkidle")
    assert "/admin/login/" not in page.url
    visit(page, "/admin/")
    visit(page, "/admin/accounts/user/")
    follow(page.locator("#result_list tbody a").first)  # a change form: admin's own scripts and widgets
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


def test_a_style_attribute_would_be_caught(strict_page):
    """The policy refuses inline style attributes: a page served with one (as if a template still had it) reports a
    style-src-attr violation, and the style is not applied."""
    page = strict_page

    def with_style_attribute(route):
        response = route.fetch()
        body = response.text().replace("<main", '<main style="outline: 7px solid red"', 1)
        route.fulfill(response=response, body=body)

    page.route("**/barrierefreiheit/", with_style_attribute)
    response = page.goto("/barrierefreiheit/")
    assert "style-src-attr 'none'" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert any("style-src-attr" in item for item in violations(page)), violations(page)
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).outlineWidth") != "7px"
