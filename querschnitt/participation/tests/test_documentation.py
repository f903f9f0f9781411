"""The workshop documentation of the demo (seed 004): PDF and DOCX contain every field of action and every measure,
read as German, are tagged and set their language; only the workshop's people see it, only its moderators build it."""

import re
import time
from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from querschnitt.core.models import DocumentBuild, DocumentBuildStatus
from querschnitt.participation import documentation
from querschnitt.participation import models as m
from querschnitt.participation.demo import PROCESS_TITLE
from querschnitt.participation.tests.factories import WorkshopPhaseFactory, WorkshopProcessFactory
from querschnitt.strategy.models import FieldOfAction, Measure
from querschnitt.tenancy.models import Role


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def process(demo):
    return m.WorkshopProcess.objects.select_related("body", "concept").get(title=PROCESS_TITLE)


def workshop_builds():
    """Builds of the workshop documentation (the demo has others, such as its integration report)."""
    return DocumentBuild.objects.filter(kind=documentation.KIND)


def comparable(text: str) -> str:
    """Text without line breaks, spaces and hyphens: justified, hyphenated PDF text compares with the titles."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def docx_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def data_of_docx_tables(document) -> set[tuple[str, ...]]:
    return {tuple(cell.text for cell in row.cells) for table in document.tables for row in table.rows}


def start(client, process):
    url = reverse("workshop_documentation:start", kwargs={"body": process.body.slug, "workshopprocess": process.pk})
    return client.post(url)


def test_moderator_generates_the_demo_documentation_with_every_field_and_measure(client, process):
    moderator = process.body.role_assignments.get(role=Role.MODERATOR).user
    client.force_login(moderator)

    began = time.monotonic()
    response = start(client, process)
    seconds = time.monotonic() - began
    print(f"\nWorkshop documentation (PDF + DOCX) built in {seconds:.2f} s")

    assert response.status_code == 302
    build = DocumentBuild.objects.get(kind=documentation.KIND, target_id=process.pk)
    assert build.status == DocumentBuildStatus.DONE, build.error
    assert build.created_by == moderator and build.progress == 100
    assert seconds < 15
    fields = list(FieldOfAction.objects.filter(concept=process.concept).values_list("title", flat=True))
    measures = list(Measure.objects.filter(concept=process.concept).values_list("title", flat=True))
    assert len(fields) == 6 and len(measures) == 21

    # PDF: tagged, German, every field and measure, typography intact.
    pdf = client.get(reverse("core:document_pdf", kwargs={"documentbuild": build.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Workshopdokumentation" in pdf["Content-Disposition"] or "Workshop" in pdf["Content-Disposition"]
    reader = PdfReader(BytesIO(b"".join(pdf.streaming_content)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de-DE"
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = comparable(text)
    missing = [title for title in fields + measures if comparable(title) not in flat]
    assert missing == []
    assert "„Nische“" in text  # German quotation marks from the mission statement
    assert "Interkulturelle Öffnung" in text and "Übersicht über die Beratungsmöglichkeiten" in text
    assert comparable("600 – 1.200 €") in flat  # the budget range of seed 004
    assert comparable("Vorsitzende der Integrationsräte im Rhein-Kreis Neuss bzw. deren Vertreter") in flat
    for rank_row in ("1.Bildung30Punkte", "3.Sprache15Punkte", "3.Partizipation15Punkte"):
        assert comparable(rank_row) in flat  # shared ranks as in seed 004
    assert "20.09.2010" in text and "05.04.2011" in text
    # The process steering group's results (seed 004) and the table of work groups.
    for words in (
        "Nachhaltigkeit in der Integration",
        "Zu beteiligende Arbeitsbereiche",
        "Kösters",
        "Prozess-Steuerung",
    ):
        assert comparable(words) in flat

    # DOCX: headings, German, the same content.
    docx = client.get(reverse("core:document_docx", kwargs={"documentbuild": build.pk}))
    document = Document(BytesIO(b"".join(docx.streaming_content)))
    assert document.core_properties.language == "de-DE"
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    word = docx_text(document)
    assert [title for title in fields + measures if title not in word] == []
    assert "„Nische“" in word and "600 – 1.200 €" in word
    assert "Nachhaltigkeit in der Integration" in word and "Wie heißen die nächsten Meilensteine?" in word
    # The steering group: the work group's proposal (at least 35) and the Kreistag's 25 seats, without names.
    assert "mindestens 35" in word and "Amtsleiter 50 bzw. dessen Vertreter" in word
    group = data_of_docx_tables(document)
    assert ("Gesamt", "25") in group and ("Gesamt", "mindestens 35", "") in group
    assert document.tables[0].rows[0].cells[0].text  # header row of the dates table


def test_data_follows_the_seed(process):
    data = documentation.workshop_documentation_data(process)

    assert data["intro"].count("2010") == 3 and "05.04.2011" in data["intro"]
    ranking = [(row["rank"], row["label"]) for row in data["priorities"][0]["rows"]]
    assert ranking == [
        ("1.", "Bildung"),
        ("2.", "Arbeit"),
        ("3.", "Sprache"),
        ("3.", "Partizipation"),
        ("4.", "Interkulturelle Öffnung"),
        ("4.", "Willkommenskultur"),
    ]
    assert [phase["current"] for phase in data["cycle"]["phases"]].index(True) == 2  # analysis, as in the demo
    bildung = data["fields"][0]
    assert [goal["number"] for goal in bildung["guiding"]] == [1, 2, 3]
    school_event = bildung["guiding"][2]["measures"][0]
    assert len(school_event["considerations"]) == 13 and school_event["considerations"][0] == "„Info-Team“"
    assert len(data["recommendations"]["rows"]) == 10
    groups = data["work_groups"]
    assert [row["title"] for row in groups["rows"]][-1] == "Prozess-Steuerung"
    assert len(groups["rows"]) == 7  # one per field of action and the process steering
    assert sum(row["drafts"] for row in groups["rows"][:-1]) > 21  # every measure, goal and indicator has its group
    steering = groups["steering"]
    assert len(steering["questions"]) == 5 and len(steering["results"]) == 4
    headings = {section["heading"]: section["cards"] for section in steering["sections"]}
    assert len(headings["Warum Steuerung notwendig ist"]) == 13
    assert len(headings["Zu beteiligende Arbeitsbereiche und Funktionsträger/innen"]) == 13
    participants = data["participants"]
    if participants["recorded"]:
        assert participants["total"]["confirmed"] == sum(row["confirmed"] for row in participants["rows"])


def test_participants_are_counted_by_group(db):
    process = WorkshopProcessFactory()
    assert documentation.workshop_documentation_data(process)["participants"]["recorded"] is False
    phase = WorkshopPhaseFactory(process=process)
    day = m.WorkshopDay.objects.create(phase=phase, date=phase.start_date, title="Tag 1")
    for name, group, status in (
        ("A", "administration", "confirmed"),
        ("B", "administration", "declined"),
        ("C", "decision_makers", "invited"),
    ):
        participant = m.Participant.objects.create(
            process=process,
            name=name,
            target_group=group,
            status=status,
            consent_given_on=date(2010, 9, 1),
            consent_text_version="1",
        )
        if name == "A":
            m.Attendance.objects.create(participant=participant, day=day)

    participants = documentation.workshop_documentation_data(process)["participants"]

    assert participants["recorded"] is True
    counts = {row["group"]: (row["confirmed"], row["attended"]) for row in participants["rows"]}
    with translation.override("de"):
        assert counts[str(m.TargetGroup.ADMINISTRATION.label)] == (1, 1)
        assert counts[str(m.TargetGroup.DECISION_MAKERS.label)] == (1, 0)
    assert participants["total"] == {"confirmed": 2, "attended": 1}


def test_only_the_bodys_people_see_it_and_only_moderators_build_it(client, process, make_user, other_body):
    page_url = reverse(
        "workshop_documentation:documentation", kwargs={"body": process.body.slug, "workshopprocess": process.pk}
    )
    assert client.get(page_url).status_code == 302  # anonymous: to the login
    assert start(client, process).status_code == 302
    assert not workshop_builds().exists()

    client.force_login(make_user(other_body, Role.OFFICE))
    assert client.get(page_url).status_code == 404
    assert start(client, process).status_code == 404

    client.force_login(make_user(process.body, Role.MEMBER))
    page = client.get(page_url).content.decode()
    with translation.override("de"):
        assert gettext("Generate documentation") not in page
    assert start(client, process).status_code == 403
    assert not workshop_builds().exists()

    office = make_user(process.body, Role.OFFICE)
    client.force_login(office)
    start(client, process)
    build = workshop_builds().get()
    # Another body's office does not see the build nor its files.
    client.force_login(make_user(other_body, Role.OFFICE))
    for name in ("core:document_build", "core:document_pdf", "core:document_docx"):
        assert client.get(reverse(name, kwargs={"documentbuild": build.pk})).status_code == 404
    # A member of the body may read and download it.
    client.force_login(make_user(process.body, Role.MEMBER))
    assert client.get(reverse("core:document_pdf", kwargs={"documentbuild": build.pk})).status_code == 200
