"""Open data of a public page: the Open SDG tidy CSV per indicator and of all, the JSON, and the zip — with nothing
confidential, drafted or internal in them."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from querschnitt.reporting.tests.test_public_pages import DRAFT, INTERNAL, SECRET, build


def url(name, body, **kwargs):
    return reverse(f"public:{name}", kwargs={"body": body.slug, **kwargs})


def rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert not text.startswith("\ufeff")  # a plain header, as Open SDG expects
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_the_indicator_csv_is_open_sdg_tidy(client, body):
    setup = build(body)
    response = client.get(url("indicator_csv", body, indicator=setup.indicator.pk))
    assert response["Content-Type"].startswith("text/csv")
    table = rows(response.content)
    assert table[0] == ["Year", "Units", "GeoCode", "GeoName", "Geschlecht", "Observation status", "Value"]
    # One value per row; the totals have a blank breakdown cell; no confidential value (2025).
    assert table[1:] == [
        ["2023", "Kinder", "", "", "", "", "120"],
        ["2024", "Kinder", "", "", "", "", "150.5"],
        ["2024", "Kinder", "", "", "weiblich", "", "70"],
    ]


@pytest.mark.django_db
def test_the_csv_of_all_indicators_adds_series(client, body):
    setup = build(body)
    table = rows(client.get(url("open_sdg", body)).content)
    assert table[0] == ["Year", "Series", "Units", "GeoCode", "GeoName", "Geschlecht", "Observation status", "Value"]
    assert {row[1] for row in table[1:]} == {setup.indicator.name}
    assert len(table) == 4


@pytest.mark.django_db
def test_the_json_holds_metadata_and_observations(client, body):
    setup = build(body)
    data = json.loads(client.get(url("indicator_json", body, indicator=setup.indicator.pk)).content)
    assert data["indicator"]["name"] == "Kinder in Sprachkursen"
    assert data["indicator"]["targets"][0]["value"] == "200"
    assert data["body"]["name"] == body.name
    assert data["licence"] == "Datenlizenz Deutschland – Namensnennung – 2.0"
    values = [(obs["year"], obs["value"], obs["breakdown"]) for obs in data["observations"]]
    assert values == [("2023", "120", {}), ("2024", "150.5", {}), ("2024", "70", {"Geschlecht": "weiblich"})]
    assert all(isinstance(obs["value"], str) for obs in data["observations"])
    assert "note" not in data["observations"][0]


@pytest.mark.django_db
def test_the_zip_holds_every_file_and_nothing_secret(client, body):
    setup = build(body)
    response = client.get(url("zip", body))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    pk = setup.indicator.pk
    assert sorted(archive.namelist()) == sorted(
        ["README.txt", "metadata.json", "open-sdg.csv", f"indikator-{pk}.csv", f"indikator-{pk}.json"]
    )
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata["licence"] and metadata["generated"] and metadata["indicators"][0]["id"] == pk
    assert "Lizenz" in archive.read("README.txt").decode()
    for name in archive.namelist():
        content = archive.read(name).decode("utf-8")
        for marker in (SECRET, DRAFT, INTERNAL, "987654"):
            assert marker not in content, (name, marker)
