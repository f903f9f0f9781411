"""The statistics import in the browser's terms: upload → validation report or mapping → preview → import → log;
who may do what; the uploaded file kept on the server between the steps; the log list's queries; the demo."""

import re
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from querschnitt.reporting import services_statistics as services
from querschnitt.reporting.models import AreaAlias, StatisticsImport
from querschnitt.reporting.tests.factories import StatisticsImportFactory
from querschnitt.strategy.models import Indicator, Observation
from querschnitt.strategy.tests.factories import IndicatorFactory
from querschnitt.tenancy.models import Body, Role


def logged(**kwargs) -> StatisticsImport:
    return cast(StatisticsImport, StatisticsImportFactory(**kwargs))


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(name, body, **kwargs):
    return reverse(f"statistics:{name}", kwargs={"body": body.slug, **kwargs})


def upload(content: str, name="statistik.csv", **fields):
    return {"file": SimpleUploadedFile(name, content.encode("utf-8")), "source": "", **fields}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kreis(db):
    return Body.objects.get(ags="05162")


@pytest.fixture
def quote(kreis):
    return IndicatorFactory(body=kreis, name="Einbürgerungsquote", unit="%")


@pytest.fixture
def ki_client(client, make_user, kreis):
    client.force_login(make_user(kreis, Role.INTEGRATION_CENTRE))
    return client


GOOD = (
    "Year,Series,GeoCode,GeoName,Value\n"
    "2011,Einbürgerungsquote,05162024,,2.1\n"
    "2012,Einbürgerungsquote,,Stadt Neuss,2.4\n"
)


# --- The flow ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_file_shows_the_grouped_report_and_nothing_is_written_or_kept(ki_client, kreis, quote, tmp_path):
    bad = 'Year,Series,Value\n2011,Einbürgerungsquote,"12,3,4"\nx,Einbürgerungsquote,1\n2012,Einbürgerungsquote,abc\n'

    response = ki_client.post(url("imports", kreis), upload(bad), HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    page = text(response)
    assert "Zeile 2, Spalte „Value“: „12,3,4“ ist keine Zahl." in page
    assert "Spalte „Value“: 2 Probleme" in page
    assert "Spalte „Year“: 1 Problem" in page
    assert Observation.objects.count() == 0
    assert StatisticsImport.objects.count() == 0
    assert not list(tmp_path.rglob("*.csv"))
    assert "statistics_pending" not in ki_client.session


@pytest.mark.django_db
def test_upload_map_preview_import_and_the_log(ki_client, kreis, quote, tmp_path):
    response = ki_client.post(url("imports", kreis), upload(GOOD))
    assert response.status_code == 302
    assert response["Location"] == url("review", kreis)
    assert len(list(tmp_path.rglob("*.csv"))) == 1

    # The mapping step: the unknown name with its suggestions, the best one preselected.
    review = ki_client.get(url("review", kreis), HTTP_ACCEPT_LANGUAGE="de")
    page = review.content.decode()
    assert "Stadt Neuss" in page
    assert re.search(r'value="05162024" id="[^"]+" checked', page)
    assert Observation.objects.count() == 0

    response = ki_client.post(url("review", kreis), {"action": "map", "area_0": "05162024", "key_0": ""})
    assert response.status_code == 302
    assert AreaAlias.objects.get(body=kreis, normalized="stadt neuss").area_key == "05162024"

    preview = ki_client.get(url("review", kreis), HTTP_ACCEPT_LANGUAGE="de")
    assert "Die Datei enthält 2 Werte: 2 neu, 0 geändert, 0 unverändert." in text(preview)
    assert Observation.objects.count() == 0

    response = ki_client.post(url("review", kreis), {"action": "import"})
    record = StatisticsImport.objects.get()
    assert response["Location"] == url("import", kreis, statisticsimport=record.pk)
    assert (record.created_rows, record.updated_rows, record.unchanged_rows) == (2, 0, 0)
    assert Observation.objects.filter(indicator=quote, area_ags="05162024").count() == 2
    assert not list(tmp_path.rglob("*.csv")), "the kept file is deleted after the import"

    log = ki_client.get(url("imports", kreis), HTTP_ACCEPT_LANGUAGE="de")
    assert "statistik.csv" in text(log)
    assert "Einbürgerungsquote" in text(log)

    # The same file again: the remembered name needs no mapping; nothing new, nothing changed.
    ki_client.post(url("imports", kreis), upload(GOOD))
    assert "2 unverändert" in text(ki_client.get(url("review", kreis), HTTP_ACCEPT_LANGUAGE="de"))
    ki_client.post(url("review", kreis), {"action": "import"})
    again = StatisticsImport.objects.order_by("-pk")[0]
    assert (again.created_rows, again.updated_rows, again.unchanged_rows) == (0, 0, 2)
    detail = ki_client.get(url("import", kreis, statisticsimport=again.pk), HTTP_ACCEPT_LANGUAGE="de")
    assert "kein Wert war neu oder geändert" in text(detail)


@pytest.mark.django_db
def test_a_key_typed_in_is_checked(ki_client, kreis, quote):
    ki_client.post(url("imports", kreis), upload(GOOD))

    response = ki_client.post(url("review", kreis), {"action": "map", "area_0": "other", "key_0": "05999999"})
    assert response.status_code == 200
    assert not AreaAlias.objects.exists()

    response = ki_client.post(url("review", kreis), {"action": "map", "area_0": "other", "key_0": "5162004"})
    assert response.status_code == 302
    assert AreaAlias.objects.get().area_key == "05162004"


@pytest.mark.django_db
def test_cancel_deletes_the_kept_file(ki_client, kreis, quote, tmp_path):
    ki_client.post(url("imports", kreis), upload(GOOD))

    response = ki_client.post(url("review", kreis), {"action": "cancel"})

    assert response["Location"] == url("imports", kreis)
    assert not list(tmp_path.rglob("*.csv"))
    assert ki_client.get(url("review", kreis))["Location"] == url("imports", kreis)


@pytest.mark.django_db
def test_the_kept_file_is_the_users_own(client, make_user, kreis, quote):
    first = make_user(kreis, Role.INTEGRATION_CENTRE)
    client.force_login(first)
    client.post(url("imports", kreis), upload(GOOD))
    entry = client.session["statistics_pending"][str(kreis.pk)]

    other = make_user(kreis, Role.OFFICE)
    assert services.pending_read(user=other, token=entry["token"], suffix=".csv") is None
    assert services.pending_read(user=first, token=entry["token"], suffix=".csv") is not None
    assert services.pending_read(user=first, token="../../etc/passwd", suffix=".csv") is None


@pytest.mark.django_db
def test_other_file_types_are_refused_at_the_upload(ki_client, kreis, quote):
    response = ki_client.post(url("imports", kreis), upload("Year,Value\n2011,1\n", name="statistik.ods"))

    assert response.status_code == 200
    assert not StatisticsImport.objects.exists()
    assert "statistics_pending" not in ki_client.session


# --- Who may do what -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "log", "upload_status", "review"),
    [
        (Role.OFFICE, 200, 302, 302),
        (Role.INTEGRATION_CENTRE, 200, 302, 302),
        (Role.MEMBER, 200, 403, 403),
        (Role.READER, 200, 403, 403),
        (Role.STATE_STAFF, 200, 403, 403),
    ],
)
def test_permission_matrix(client, make_user, kreis, quote, state_council, role, log, upload_status, review):
    record = logged(body=kreis)
    user = make_user(state_council if role == Role.STATE_STAFF else kreis, role)
    client.force_login(user)

    assert client.get(url("imports", kreis)).status_code == log
    assert client.get(url("import", kreis, statisticsimport=record.pk)).status_code == log
    assert client.get(url("review", kreis)).status_code == review
    assert client.post(url("imports", kreis), upload(GOOD)).status_code == upload_status
    # The file's name "Stadt Neuss" is not mapped yet: the import answers with the mapping step, writes nothing.
    assert client.post(url("review", kreis), {"action": "import"}).status_code == (200 if review == 302 else 403)
    assert Observation.objects.count() == 0
    page = client.get(url("imports", kreis)).content.decode()
    assert ('enctype="multipart/form-data"' in page) == (upload_status == 302)


@pytest.mark.django_db
def test_the_office_of_another_body_reaches_nothing(client, make_user, kreis, other_body, quote):
    record = logged(body=kreis)
    client.force_login(make_user(other_body, Role.OFFICE))

    assert client.get(url("imports", kreis)).status_code == 403
    assert client.post(url("imports", kreis), upload(GOOD)).status_code == 403
    assert client.get(url("review", kreis)).status_code == 403
    assert client.get(url("import", kreis, statisticsimport=record.pk)).status_code == 404
    # The body's log entry under the other body's address is a 404 too.
    assert client.get(url("import", other_body, statisticsimport=record.pk)).status_code == 404
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client, kreis):
    record = logged(body=kreis)
    for address in (url("imports", kreis), url("review", kreis), url("import", kreis, statisticsimport=record.pk)):
        assert client.get(address).status_code == 302
        assert "/konto/login/" in client.get(address)["Location"]
    assert client.post(url("imports", kreis), upload(GOOD)).status_code == 302
    assert not Observation.objects.exists()


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_log_list_needs_a_fixed_number_of_queries(client, make_user, kreis, django_assert_max_num_queries):
    user = make_user(kreis, Role.INTEGRATION_CENTRE)
    indicators = [cast(Indicator, IndicatorFactory(body=kreis)) for _ in range(3)]
    for _ in range(3):
        logged(body=kreis, imported_by=user).indicators.set(indicators)
    client.force_login(user)
    client.get(url("imports", kreis))
    with django_assert_max_num_queries(20) as few:
        client.get(url("imports", kreis))
    for _ in range(20):
        logged(body=kreis, imported_by=user).indicators.set(indicators)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("imports", kreis))
    assert response.status_code == 200


# --- The demo ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_statistics_load_once(kreis, make_user):
    from querschnitt.reporting import demo_statistics
    from querschnitt.strategy import demo as strategy_demo

    context = {"kreis": kreis, "users": {"ki": make_user(kreis, Role.INTEGRATION_CENTRE)}}
    for name in demo_statistics.DEMO_INDICATORS:
        IndicatorFactory(body=kreis, name=name)
    assert set(demo_statistics.DEMO_INDICATORS) <= {
        strategy_demo.ALTENPFLEGE_INDICATOR,
        strategy_demo.REFUGEE_INDICATOR,
        strategy_demo.MOTHERS_INDICATOR,
        strategy_demo.TRAINED_INDICATOR,
    }

    demo_statistics.load(context)
    count = Observation.objects.count()
    demo_statistics.load(context)

    assert StatisticsImport.objects.count() == 1
    assert Observation.objects.count() == count
    areas = set(Observation.objects.values_list("area_ags", flat=True))
    assert areas == {body.ags for body in kreis.children.all()}
    assert len(areas) == 8
    assert Observation.objects.filter(breakdown={"Staatsangehörigkeit": "nichtdeutsch"}).exists()
    assert set(Observation.objects.values_list("source", flat=True)) == {demo_statistics.DEMO_SOURCE}
    years = set(Observation.objects.values_list("period_start__year", flat=True))
    assert years == set(range(2011, 2017))  # the years of the Kreis totals in the strategy demo


@pytest.mark.django_db
def test_kept_files_older_than_a_day_are_gone_and_swept_at_the_next_upload(
    client, make_user, kreis, settings, tmp_path
):
    import os
    import time

    user = make_user(kreis, Role.INTEGRATION_CENTRE)
    old = services.pending_store(user=user, data=b"Jahr;Wert\n", suffix=".csv")
    stale = services.pending_store(user=user, data=b"Jahr;Wert\n", suffix=".csv")
    for token in (old, stale):
        path = tmp_path / services.PENDING_DIR / str(user.pk) / f"{token}.csv"
        os.utime(path, (time.time() - 2 * 86400,) * 2)
    assert services.pending_read(user=user, token=old, suffix=".csv") is None  # too old: read as gone, deleted
    fresh = services.pending_store(user=user, data=b"Jahr;Wert\n", suffix=".csv")  # sweeps the stale one
    assert sorted(path.name for path in tmp_path.rglob("*.csv")) == [f"{fresh}.csv"]
    assert services.pending_read(user=user, token=fresh, suffix=".csv") == b"Jahr;Wert\n"


@pytest.mark.parametrize("left_out", [1, 2])
def test_the_validation_report_counts_the_problems_left_out_in_singular_and_plural(left_out):
    """„1 weiteres Problem ist nicht aufgeführt.“, „2 weitere Probleme sind nicht aufgeführt.“"""
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.translation import ngettext

    group = {"column": "Wert", "count": 3 + left_out, "problems": [], "left_out": left_out}
    with translation.override("de"):
        html = render_to_string(
            "reporting/statistics/_report.html", {"summary": "–", "groups": [group], "problem_count": group["count"]}
        )
        expected = ngettext(
            "%(count)s further problem is not listed.", "%(count)s further problems are not listed.", left_out
        ) % {"count": left_out}
        other = ngettext(
            "%(count)s further problem is not listed.", "%(count)s further problems are not listed.", 3 - left_out
        ) % {"count": left_out}
    assert expected in html and other not in html


# --- The remembered names of areas -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_names_of_areas_are_listed_added_with_a_checked_key_and_forgotten(ki_client, kreis, quote):
    services.area_aliases_save(actor=_ki(kreis), body=kreis, mappings={"Neuss, Stadt": "05162024"})
    imports = text(ki_client.get(url("imports", kreis)))
    assert "1 gemerkter Gebietsname" in imports

    page = text(ki_client.get(url("area_aliases", kreis)))
    assert "Neuss, Stadt" in page and "05162024" in page

    # An unknown key is refused at its field, and nothing is remembered.
    response = ki_client.post(url("area_aliases", kreis), {"name": "Dormagen, Stadt", "area_key": "99999999"})
    assert response.status_code == 200
    assert "„99999999“ ist kein bekannter Gebietsschlüssel" in text(response)
    assert not AreaAlias.objects.filter(name="Dormagen, Stadt").exists()

    response = ki_client.post(url("area_aliases", kreis), {"name": "Dormagen, Stadt", "area_key": "5162008"})
    assert response.status_code == 302
    added = AreaAlias.objects.get(body=kreis, name="Dormagen, Stadt")
    assert added.area_key == "05162008"  # the leading zero restored
    assert "2 gemerkte Gebietsnamen" in text(ki_client.get(url("imports", kreis)))

    response = ki_client.post(url("area_alias_delete", kreis, areaalias=added.pk), follow=True)
    assert "„Dormagen, Stadt“ ist vergessen" in text(response)
    assert list(AreaAlias.objects.filter(body=kreis).values_list("name", flat=True)) == ["Neuss, Stadt"]


def _ki(body):
    from querschnitt.accounts.tests.factories import UserFactory
    from querschnitt.tenancy.services import role_assignment_create

    user = UserFactory()
    role_assignment_create(actor=None, user=user, body=body, role=Role.INTEGRATION_CENTRE)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "may_read", "may_change"), [(Role.OFFICE, True, True), (Role.READER, True, False)])
def test_who_reads_and_who_changes_the_names_of_areas(client, make_user, kreis, role, may_read, may_change):
    (alias,) = services.area_aliases_save(actor=_ki(kreis), body=kreis, mappings={"Neuss, Stadt": "05162024"})
    client.force_login(make_user(kreis, role))
    page = client.get(url("area_aliases", kreis))
    assert page.status_code == (200 if may_read else 403)
    assert ("Namen merken" in text(page)) == may_change
    assert client.post(url("area_aliases", kreis), {"name": "X", "area_key": "05162024"}).status_code == (
        302 if may_change else 403
    )
    assert client.post(url("area_alias_delete", kreis, areaalias=alias.pk)).status_code == (302 if may_change else 403)
    assert AreaAlias.objects.filter(pk=alias.pk).exists() != may_change


@pytest.mark.django_db
def test_another_bodys_office_reaches_no_name_of_areas(client, make_user, kreis, other_body):
    (alias,) = services.area_aliases_save(actor=_ki(kreis), body=kreis, mappings={"Neuss, Stadt": "05162024"})
    client.force_login(make_user(other_body, Role.OFFICE))
    assert client.get(url("area_aliases", kreis)).status_code == 403
    assert client.post(url("area_alias_delete", kreis, areaalias=alias.pk)).status_code == 404
    assert client.post(url("area_alias_delete", other_body, areaalias=alias.pk)).status_code == 404
    assert AreaAlias.objects.filter(pk=alias.pk).exists()
