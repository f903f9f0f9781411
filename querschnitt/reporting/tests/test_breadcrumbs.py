"""Every internal page of reporting leads back through its start page: the breadcrumbs go from the body's dashboard
to „Berichte und Daten“ (linked) and only then to the page itself."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from querschnitt.reporting.tests.factories import (
    GeoLayerFactory,
    ReportFactory,
    ReportVersionFactory,
    StatisticsImportFactory,
)
from querschnitt.strategy.tests.factories import IndicatorFactory
from querschnitt.tenancy.models import Body, Role

CSV = "Year,Series,GeoCode,GeoName,Value\n2011,Einbürgerungsquote,05162024,,2.1\n"


class Breadcrumbs(HTMLParser):
    """The links (href, label) and the current page's label in the page's breadcrumb navigation."""

    def __init__(self) -> None:
        super().__init__()
        self.navs = 0
        self.inside = False
        self.href: str | None = None
        self.current = False
        self.links: list[tuple[str, str]] = []
        self.here = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "nav" and "q-breadcrumbs" in (attributes.get("class") or "").split():
            self.navs += 1
            self.inside = True
        elif self.inside and tag == "a":
            self.href = attributes.get("href") or ""
            self.links.append((self.href, ""))
        elif self.inside and tag == "span" and attributes.get("aria-current") == "page":
            self.current = True

    def handle_endtag(self, tag):
        if tag == "nav":
            self.inside = False
        elif tag == "a":
            self.href = None
        elif tag == "span":
            self.current = False

    def handle_data(self, data):
        if self.inside and self.href is not None:
            href, label = self.links[-1]
            self.links[-1] = (href, label + data)
        elif self.inside and self.current:
            self.here += data


def breadcrumbs(html: str) -> Breadcrumbs:
    parser = Breadcrumbs()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_every_internal_reporting_page_has_the_hub_in_its_breadcrumbs(client, make_user):
    kreis = Body.objects.get(ags="05162")
    client.force_login(make_user(kreis, Role.OFFICE))
    report = ReportFactory(body=kreis)
    version = ReportVersionFactory(report=report)
    indicator = IndicatorFactory(body=kreis, name="Einbürgerungsquote", unit="%")
    layer = GeoLayerFactory(body=kreis)
    logged = StatisticsImportFactory(body=kreis)
    # The review page shows a file waiting for import: upload one first.
    upload = {"file": SimpleUploadedFile("statistik.csv", CSV.encode()), "source": ""}
    assert client.post(reverse("statistics:imports", kwargs={"body": kreis.slug}), upload).status_code == 302

    def at(name, **kwargs):
        return reverse(name, kwargs={"body": kreis.slug, **kwargs})

    pages = [
        at("reports:reports"),
        at("reports:create"),
        at("reports:report", report=report.pk),
        at("reports:edit", report=report.pk),
        at("reports:version", reportversion=version.pk),
        at("analysis:overview"),
        at("analysis:indicator", indicator=indicator.pk),
        at("analysis:layers"),
        at("analysis:layer_delete", geolayer=layer.pk),
        at("statistics:imports"),
        at("statistics:import", statisticsimport=logged.pk),
        at("statistics:review"),
        at("public:settings"),
    ]
    hub = at("reporting:hub")
    dashboard = reverse("tenancy:dashboard", kwargs={"body": kreis.slug})
    for page in pages:
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200, page
        crumbs = breadcrumbs(response.content.decode())
        assert crumbs.navs == 1, page
        hrefs = [href for href, _label in crumbs.links]
        assert hub in hrefs, f"{page}: {crumbs.links}"
        # The body, then the hub right after it, then the page's own trail.
        assert hrefs.index(hub) == hrefs.index(dashboard) + 1, f"{page}: {crumbs.links}"
        assert dict(crumbs.links)[hub].strip() == "Berichte und Daten", page
        assert crumbs.here.strip(), page

    # The hub itself is the current page of its own breadcrumbs, not a link.
    crumbs = breadcrumbs(client.get(hub, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert hub not in [href for href, _label in crumbs.links]
    assert crumbs.here.strip() == "Berichte und Daten"


@pytest.mark.django_db
def test_the_internal_comparison_of_the_state_has_the_hub_in_its_breadcrumbs(client, make_user):
    state = Body.objects.get(slug="landesintegrationsrat-nrw")
    client.force_login(make_user(state, Role.STATE_STAFF))
    response = client.get(reverse("public:compare_internal", kwargs={"body": state.slug}), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    hub = reverse("reporting:hub", kwargs={"body": state.slug})
    links = dict(breadcrumbs(response.content.decode()).links)
    assert links[hub].strip() == "Berichte und Daten"
    assert client.get(hub).status_code == 200  # the crumb leads somewhere the visitor may go
