"""The generated files of a report leave the storage with it: deleting a report deletes its versions' document builds
and, once the deletion has committed, their PDF and DOCX files — never those of another report or another body, and
nothing at all when the deletion is rolled back. A version whose files are ready is not built a second time (which
would leave the first files behind, unused)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.models import DocumentBuild, DocumentBuildStatus
from querschnitt.reporting import services_reports as services
from querschnitt.reporting.models import Report, ReportVersion
from querschnitt.reporting.report_documents import KIND
from querschnitt.reporting.tests.factories import ReportFactory, ReportVersionFactory
from querschnitt.tenancy.models import Role


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def built(version: ReportVersion) -> DocumentBuild:
    """A finished build of the version with a PDF and a Word file in the storage (as `core.documents` stores them)."""
    build = DocumentBuild.objects.create(
        kind=KIND,
        body=version.report.body,
        target_type=ContentType.objects.get_for_model(ReportVersion),
        target_id=version.pk,
        title=f"Bericht {version.pk}",
        status=DocumentBuildStatus.RUNNING,
    )
    build.pdf.save(f"report-{build.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    build.docx.save(f"report-{build.pk}.docx", ContentFile(b"PK test"), save=False)
    build.status, build.progress = DocumentBuildStatus.DONE, 100
    build.save()
    return build


def names(*builds: DocumentBuild) -> list[str]:
    return [field_file.name for build in builds for field_file in (build.pdf, build.docx)]


@pytest.mark.django_db
def test_deleting_a_report_deletes_its_files_after_the_commit(
    make_user, body, other_body, django_capture_on_commit_callbacks
):
    report = ReportFactory(body=body)
    first, second = ReportVersionFactory(report=report), ReportVersionFactory(report=report)
    own = [built(first), built(second), built(second)]
    other_report = built(ReportVersionFactory(report=ReportFactory(body=body)))
    other_body_build = built(ReportVersionFactory(report=ReportFactory(body=other_body)))
    assert all(default_storage.exists(name) for name in names(*own, other_report, other_body_build))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_delete(actor=make_user(body, Role.OFFICE), report=report)

    assert callbacks, "the files are removed only once the deletion has committed"
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not DocumentBuild.objects.filter(pk__in=[build.pk for build in own]).exists()
    assert not any(default_storage.exists(name) for name in names(*own))
    assert all(default_storage.exists(name) for name in names(other_report, other_body_build))
    assert DocumentBuild.objects.filter(pk__in=[other_report.pk, other_body_build.pk]).count() == 2


@pytest.mark.django_db
def test_a_rolled_back_deletion_keeps_the_files(make_user, body, django_capture_on_commit_callbacks):
    report = ReportFactory(body=body)
    build = built(ReportVersionFactory(report=report))
    office = make_user(body, Role.OFFICE)
    report_pk = report.pk

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.report_delete(actor=office, report=report)
        raise RuntimeError("rolled back")

    assert callbacks == []
    assert Report.objects.filter(pk=report_pk).exists()
    assert DocumentBuild.objects.filter(pk=build.pk).exists()
    assert all(default_storage.exists(name) for name in names(build))


@pytest.mark.django_db
def test_the_delete_view_removes_the_files(client, make_user, body, django_capture_on_commit_callbacks):
    report = ReportFactory(body=body)
    build = built(ReportVersionFactory(report=report))
    client.force_login(make_user(body, Role.OFFICE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:delete", kwargs={"body": body.slug, "report": report.pk}))
    assert response.status_code == 302
    assert not any(default_storage.exists(name) for name in names(build))


@pytest.mark.django_db
def test_a_version_whose_files_are_ready_is_not_built_again(make_user, body):
    office = make_user(body, Role.OFFICE)
    version = ReportVersionFactory(report=ReportFactory(body=body))
    build = built(version)
    with pytest.raises(ApplicationError):
        services.report_version_rebuild(actor=office, version=version)
    assert list(DocumentBuild.objects.filter(kind=KIND, target_id=version.pk)) == [build]
    assert all(default_storage.exists(name) for name in names(build))


@pytest.mark.django_db
def test_a_failed_build_is_built_again(make_user, body, monkeypatch):
    office = make_user(body, Role.OFFICE)
    version = ReportVersionFactory(report=ReportFactory(body=body))
    DocumentBuild.objects.create(
        kind=KIND,
        body=body,
        target_type=ContentType.objects.get_for_model(ReportVersion),
        target_id=version.pk,
        title="Bericht",
        status=DocumentBuildStatus.FAILED,
        error="Testfehler",
    )
    started = []
    monkeypatch.setattr(services, "document_build_start", lambda **kwargs: started.append(kwargs) or "new build")
    assert services.report_version_rebuild(actor=office, version=version) == "new build"
    assert started and started[0]["target"] == version
