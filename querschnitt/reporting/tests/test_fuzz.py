"""Fuzzing with hypothesis: the Markdown subset of report texts (no markup beyond the allowed set in HTML, no code in
Typst, no broken DOCX), the GeoJSON layer parser and the statistics import (German refusals, nothing written)."""

import io
import json
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pypdf import PdfReader

from querschnitt.core.exceptions import ApplicationError
from querschnitt.reporting import geojson
from querschnitt.reporting import services_statistics as statistics
from querschnitt.reporting.models import Report, ReportText, ReportVersion, StatisticsImport
from querschnitt.reporting.report_data import report_data, text_payload
from querschnitt.reporting.report_documents import docx_bytes, pdf_bytes
from querschnitt.strategy.models import Observation
from querschnitt.strategy.tests.factories import ConceptFactory, IndicatorFactory
from querschnitt.tenancy.models import Body, Role

FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- Markdown → HTML ---------------------------------------------------------------------------------------------

ALLOWED = {"p": {"class"}, "strong": set(), "em": set(), "ul": {"class"}, "ol": {"class"}, "li": set()}
ALLOWED_CLASSES = {"kern-body", "kern-list"}
ATTACKS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '"><img src=x onerror=alert(1)>',
    "**<b onmouseover=alert(1)>**",
    "*<a href='javascript:x'>*",
    "<svg/onload=alert(1)>",
    "&lt;script&gt;",
    "<!-- -->",
    "<![CDATA[x]]>",
    "**a *b** c*",
    "<p class=\"x\" style='x'>",
    "`<iframe>`",
    "\x00<script>",
]
MARKDOWN = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(ATTACKS),
        st.sampled_from(["**", "*", "\n", "\n\n", "- ", "1. ", "# ", "<", ">", "&", '"', "'", "=", "#"]),
    ),
    max_size=14,
).map("".join)


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.other = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.other.append(("comment", data))

    def handle_decl(self, decl):
        self.other.append(("decl", decl))

    def handle_pi(self, data):
        self.other.append(("pi", data))

    def unknown_decl(self, data):
        self.other.append(("unknown", data))


def check_html(markup):
    parser = TagCollector()
    parser.feed(markup)
    parser.close()
    assert not parser.other, parser.other
    for tag, attrs in parser.tags:
        assert tag in ALLOWED, f"<{tag}> in {markup!r}"
        for name, value in attrs:
            assert name in ALLOWED[tag], f"{name}= on <{tag}> in {markup!r}"
            assert value in ALLOWED_CLASSES, f"class {value!r} in {markup!r}"


@FUZZ
@given(text=MARKDOWN)
@example(text='<script>alert(1)</script>\n\n- "><img onerror=alert(1)>\n- **<b>**')
def test_markdown_html_holds_only_the_allowed_elements(text):
    payload = text_payload(text)

    check_html(payload["html"])
    assert "<script" not in payload["html"].lower()
    for block in payload["blocks"]:
        for item in block.get("items", [block.get("text", "")]):
            assert isinstance(item, str)


@FUZZ
@given(text=MARKDOWN)
def test_every_angle_bracket_of_the_text_is_escaped(text):
    html = text_payload(text)["html"]
    parser = TagCollector()
    parser.feed(html)
    assert html.count("<") == 2 * len(parser.tags)  # every "<" opens or closes one of our own tags


# --- Markdown → Typst and DOCX -----------------------------------------------------------------------------------

INJECTIONS = [
    '#panic("typst code was run")',
    "#import sys: *",
    '#read("/etc/passwd")',
    "]#panic(2)[",
    "$ x^2 $ @fig <label> `raw` = Heading",
    '\\ #{1 / 0} #eval("1")',
    "Steuer\x0bzeichen\x01 und \ufffe",
    "Emoji 😀👍🏽 und 中文 한국어 ｱ",
]


@pytest.fixture
def injected_version(body):
    concept = ConceptFactory(body=body, title="Konzept #panic(3)")
    report = Report.objects.create(
        body=body,
        concept=concept,
        title='Bericht #import "x": *',
        period_start="2025-01-01",
        period_end="2025-12-31",
        sections=["introduction"],
    )
    text = "\n\n".join(["# #panic(4)", "- " + "\n- ".join(INJECTIONS), " ".join(INJECTIONS)])
    ReportText.objects.create(report=report, section="introduction", text=text)
    return ReportVersion(report=report, number=1, data=report_data(report))


@pytest.mark.django_db
def test_report_texts_reach_typst_as_text_not_code(injected_version):
    pdf = pdf_bytes(injected_version)  # Typst would stop at the first #panic if it ran the text as code

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    assert "#panic(" in flat and "#importsys:*" in flat and "#read(" in flat and "#eval(" in flat
    assert "Steuerzeichenund" in flat and "Emoji" in flat


@pytest.mark.django_db
def test_report_texts_with_control_characters_make_a_valid_docx(injected_version):
    document = Document(io.BytesIO(docx_bytes(injected_version)))

    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Steuerzeichen und" in text and "#panic(" in text and "中文" in text


# --- GeoJSON layers ------------------------------------------------------------------------------------------------

COORDINATE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(min_value=-180, max_value=180),
    st.just(True),
    st.text(max_size=3),
)
POSITION = st.lists(COORDINATE, max_size=3)
RING = st.one_of(st.lists(POSITION, max_size=6), st.just([[7, 51], [7.1, 51], [7.1, 51.1], [7, 51]]))
GEOMETRY = st.one_of(
    st.fixed_dictionaries({"type": st.just("Polygon"), "coordinates": st.lists(RING, max_size=3)}),
    st.fixed_dictionaries(
        {"type": st.just("MultiPolygon"), "coordinates": st.lists(st.lists(RING, max_size=2), max_size=2)}
    ),
    st.fixed_dictionaries({"type": st.sampled_from(["Point", "LineString", "", None]), "coordinates": POSITION}),
    st.none(),
    st.text(max_size=5),
)
PROPERTIES = st.one_of(
    st.dictionaries(st.sampled_from(["AGS", "GEN", "x"]), st.one_of(st.text(max_size=8), st.integers(), st.none())),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
FEATURE = st.one_of(
    st.fixed_dictionaries({"type": st.just("Feature"), "properties": PROPERTIES, "geometry": GEOMETRY}),
    st.text(max_size=5),
    st.none(),
)
LAYER = st.one_of(
    st.fixed_dictionaries({"type": st.just("FeatureCollection"), "features": st.lists(FEATURE, max_size=4)}),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5), st.lists, max_leaves=8),
)


def _json_bytes(value):
    return json.dumps(value, allow_nan=True).encode()


@FUZZ
@given(
    raw=st.one_of(
        LAYER.map(_json_bytes),
        st.binary(max_size=200),
        st.integers(min_value=1, max_value=200_000).map(lambda depth: b"[" * depth + b"]" * depth),
        st.sampled_from([b"\xef\xbb\xbf{}", b'{"type": "FeatureCollection", "features": [1e999]}', b"NaN", b""]),
    )
)
@example(raw=b"[" * 100_000)
@example(raw=_json_bytes({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"AGS": 1},
    "geometry": {"type": "Polygon", "coordinates": [[[10**400, 1], [1, 1], [1, 2], [10**400, 1]]]}}]}))  # fmt: skip
def test_geojson_layers_are_cleaned_or_refused_in_german(raw):
    with translation.override("de"):
        try:
            cleaned = geojson.clean_geojson(geojson.parse(raw), key_property="AGS", name_property="GEN")
        except ValidationError as refusal:
            assert refusal.messages and all(message.strip() for message in refusal.messages)
            return
    assert cleaned["type"] == "FeatureCollection" and cleaned["features"]
    for feature in cleaned["features"]:
        assert set(feature["properties"]) <= {"AGS", "GEN"}
        rings = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            rings = [rings]
        for polygon in rings:
            for ring in polygon:
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)


# --- Statistics import ---------------------------------------------------------------------------------------------

STAT_HEADERS = ["Year", "Series", "Units", "GeoCode", "GeoName", "Staatsangehörigkeit", "Value", "Observation status"]
STAT_CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["2022", "2012-2014", "Einbürgerungsquote", "05162024", "5162024", "Neuss", "Dormagen", "%"]),
    st.sampled_from(["1.234,5", "1,234.5", "1e400", "NaN", "9" * 30, "-0", ".", "x", "=cmd|' /C calc'!A0", "@A1"]),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


@st.composite
def statistics_files(draw):
    header = draw(st.lists(st.sampled_from(STAT_HEADERS), max_size=8))
    if draw(st.booleans()):
        header = ["Year", "Series", "GeoCode", "Value", *header]
    rows = [header, *draw(st.lists(st.lists(STAT_CELLS, max_size=len(header) + 1), max_size=5))]
    if draw(st.booleans()):
        workbook = Workbook()
        for row in rows:
            workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return "statistik.xlsx", buffer.getvalue()
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    data = "\n".join(delimiter.join(row) for row in rows).encode(draw(st.sampled_from(["utf-8", "cp1252"])), "replace")
    if draw(st.booleans()):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=3)) + data[position:]
    return draw(st.sampled_from(["statistik.csv", "statistik.xlsx", "statistik.pdf"])), data


@pytest.mark.django_db
def test_statistics_files_import_or_are_refused_in_german_writing_nothing(make_user):
    kreis = Body.objects.get(ags="05162")
    ki = make_user(kreis, Role.INTEGRATION_CENTRE)
    IndicatorFactory(body=kreis, name="Einbürgerungsquote", unit="%")

    @settings(FUZZ, max_examples=50)  # each example reads the body's areas and indicators
    @given(file=statistics_files())
    def run(file):
        name, data = file
        before = (Observation.objects.count(), StatisticsImport.objects.count())
        try:
            with translation.override("de"):
                statistics.statistics_import(actor=ki, body=kreis, data=data, file_name=name)
        except ApplicationError as refusal:
            assert str(refusal).strip()
            assert (Observation.objects.count(), StatisticsImport.objects.count()) == before

    run()
