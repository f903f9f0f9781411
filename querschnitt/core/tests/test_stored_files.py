"""Files go with their records (core.stored_files): after the commit of a deletion, however it came about."""

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from querschnitt.committees.tests.factories import FileFactory
from querschnitt.statewide.tests.factories import CoachingDocumentFactory
from querschnitt.strategy.tests.factories import EvidenceFileFactory
from querschnitt.tenancy.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_deleting_a_body_removes_the_files_of_everything_it_held(django_capture_on_commit_callbacks):
    body = BodyFactory()
    kept = FileFactory()  # another body's file
    stored = [
        FileFactory(body=body).file.name,
        EvidenceFileFactory(body=body).file.name,
        CoachingDocumentFactory(body=body).file.name,
    ]
    assert all(default_storage.exists(name) for name in stored)
    with django_capture_on_commit_callbacks(execute=True):
        body.delete()
    assert not any(default_storage.exists(name) for name in stored)
    assert default_storage.exists(kept.file.name)


def test_a_rolled_back_deletion_keeps_the_file(django_capture_on_commit_callbacks):
    record = FileFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                record.delete()
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert callbacks == []  # nothing was scheduled: the savepoint's callbacks went with it
    assert default_storage.exists(record.file.name)


def test_a_file_another_row_still_names_stays(django_capture_on_commit_callbacks):
    first = FileFactory()
    second = FileFactory(body=first.body, file=first.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert default_storage.exists(second.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert not default_storage.exists(second.file.name)
