"""File access (accessUrl) and download (downloadUrl): content, headers, conditional requests, what is not served."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

from querschnitt.committees.models import File

from .conftest import url_of


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_public_file_is_served_with_type_length_etag_and_last_modified(client, get_json, data):
    meta = get_json(url_of("file", data.motion_file.pk))
    expected = b"%PDF-1.4 oeffentlich"

    for url, disposition in ((meta["accessUrl"], "inline"), (meta["downloadUrl"], "attachment")):
        response = client.get(url)
        assert response.status_code == 200
        assert _content(response) == expected
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Length"] == str(len(expected)) == str(meta["size"])
        assert response["ETag"] == f'"{File.checksum(expected)}"' == f'"{meta["sha512Checksum"]}"'
        assert response["Last-Modified"] == http_date(File.objects.get(pk=data.motion_file.pk).modified.timestamp())
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Security-Policy"] == "sandbox"
        # OParl: the download URL sends "attachment" with the file name, the access URL must not.
        assert response["Content-Disposition"].startswith(disposition)
        assert 'filename="Antrag Sprachkurse.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_if_none_match_with_the_checksum_answers_304(client, get_json, data):
    meta = get_json(url_of("file", data.motion_file.pk))
    etag = f'"{meta["sha512Checksum"]}"'

    not_modified = client.get(meta["accessUrl"], HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert not_modified["Access-Control-Allow-Origin"] == "*"
    assert client.get(meta["downloadUrl"], HTTP_IF_NONE_MATCH='"anders"').status_code == 200
    assert client.get(meta["accessUrl"], HTTP_IF_MODIFIED_SINCE=not_modified["Last-Modified"]).status_code == 304


@pytest.mark.django_db
def test_non_public_deleted_and_other_bodies_files_are_not_served(client, data):
    for file in (data.meeting_secret_annex, data.paper_secret_annex, data.d_secret_file, data.question.main_file):
        for route in ("", "access/", "download/"):
            response = client.get(url_of("file", file.pk) + route)
            assert response.status_code == 404, (file, route)
            assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"
    assert client.get(url_of("file", data.deleted_file.pk)).json()["deleted"] is True
    gone = client.get(url_of("file", data.deleted_file.pk) + "access/")
    assert gone.status_code == 410
    assert gone.json()["message"] == "Die Datei wurde gelöscht."


@pytest.mark.django_db
def test_a_file_whose_content_is_missing_answers_404_not_500(client, data):
    data.loose_file.file.delete(save=False)
    response = client.get(url_of("file", data.loose_file.pk) + "download/")
    assert response.status_code == 404
    assert response.json()["message"] == "Die Datei ist auf dem Server nicht zu finden."
