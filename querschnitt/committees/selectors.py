"""Reads of committee work, above all: who may see what is not public."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from querschnitt.tenancy.models import Body
from querschnitt.tenancy.selectors import roles_in_body

from .models import AgendaItem, CommitteeSettings, Consultation, File, Meeting, Membership, Organization, Paper


def settings_of(body: Body) -> CommitteeSettings:
    """The body's committee settings; NRW defaults until the Geschäftsstelle changes them."""
    found = CommitteeSettings.objects.filter(body=body).first()
    return found or CommitteeSettings(body=body)


def confidential_organization_ids(user: Any, body: Body) -> set[int]:
    """Committees of `body` whose non-public matters the user may see: all for the Geschäftsstelle, else those
    where a person linked to the user is an active member or deputy."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache_attr = f"_confidential_orgs_{body.pk}"
    cached = getattr(user, cache_attr, None)
    if cached is not None:
        return cached
    if "office" in roles_in_body(user, body):
        ids = set(Organization.objects.filter(body=body).values_list("pk", flat=True))
    else:
        today = timezone.localdate()
        ids = set(
            Membership.objects.filter(person__user=user, organization__body=body, deleted=False)
            .exclude(start_date__gt=today)
            .exclude(end_date__lt=today)
            .values_list("organization_id", flat=True)
        )
    setattr(user, cache_attr, ids)
    return ids


def visible_agenda_items(user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    items = meeting.agenda_items.filter(deleted=False)
    org_ids = set(meeting.organizations.values_list("pk", flat=True))
    if org_ids & confidential_organization_ids(user, meeting.body):
        return items
    return items.filter(public=True)


def visible_papers(user: Any, body: Body) -> QuerySet[Paper]:
    papers = Paper.objects.filter(body=body, deleted=False)
    org_ids = confidential_organization_ids(user, body)
    if not org_ids:
        return papers.filter(public=True)
    # EXISTS rather than joins and DISTINCT: with DISTINCT the list of papers counted and sorted every paper's whole
    # row (a page of a member's or the office's list at state-wide size: count and page 6 → 2 ms each).
    return papers.filter(
        Q(public=True)
        | Exists(Consultation.objects.filter(paper=OuterRef("pk"), organization_id__in=org_ids))
        | Exists(
            Paper.originator_organizations.through.objects.filter(paper=OuterRef("pk"), organization_id__in=org_ids)
        )
    )


def visible_files(user: Any, body: Body) -> QuerySet[File]:
    files = File.objects.filter(body=body, deleted=False)
    if "office" in roles_in_body(user, body):
        return files
    org_ids = confidential_organization_ids(user, body)
    if not org_ids:
        return files.filter(public=True)
    return files.filter(  # EXISTS rather than joins and DISTINCT, as in `visible_papers`
        Q(public=True)
        | Exists(
            Paper.auxiliary_files.through.objects.filter(
                file=OuterRef("pk"), paper__consultations__organization_id__in=org_ids
            )
        )
        | Exists(
            Meeting.auxiliary_files.through.objects.filter(file=OuterRef("pk"), meeting__organizations__in=org_ids)
        )
        | Exists(
            AgendaItem.auxiliary_files.through.objects.filter(
                file=OuterRef("pk"), agendaitem__meeting__organizations__in=org_ids
            )
        )
    )


def is_visible(user: Any, obj: Any) -> bool:
    """Whether the user may see this agenda item, paper or file: public (and not deleted), or entitled to a
    committee it belongs to. A non-public file is never visible through a public paper: publishing a file needs
    the confirmation that it contains no personal data of third parties."""
    if getattr(obj, "deleted", False):
        return False
    if isinstance(obj, AgendaItem):
        return obj.public or visible_agenda_items(user, obj.meeting).filter(pk=obj.pk).exists()
    if isinstance(obj, Paper):
        return obj.public or visible_papers(user, obj.body).filter(pk=obj.pk).exists()
    if isinstance(obj, File):
        if obj.public or visible_files(user, obj.body).filter(pk=obj.pk).exists():
            return True
        org_ids = confidential_organization_ids(user, obj.body)
        if not org_ids:
            return False
        papers = Paper.objects.filter(main_file=obj, deleted=False)
        items = AgendaItem.objects.filter(resolution_file=obj, deleted=False)
        return (
            papers.filter(
                Q(consultations__organization_id__in=org_ids) | Q(originator_organizations__in=org_ids)
            ).exists()
            or items.filter(meeting__organizations__in=org_ids).exists()
        )
    return True
