"""Writes of papers (Drucksachen) with their Beratungsfolge, their files, the body's statutes and the checklist of
the committee's rights — and the reads that belong to them (the derived status of a paper, the papers list).

Validate, then act: the permission (`committees.manage`, the Geschäftsstelle) and the invariants first, then
`full_clean()` and save in one transaction with the actor in the change history; a refusal is an `ApplicationError`
with German text and nothing is written.

Rules kept here:
- A paper's number follows the body's `paper_number_format` and `paper_number_prefix` (e.g. ACI/2026/007); the
  number counts per year when the format holds `{year}`; numbers are unique per body and never reused.
- A paper's status is not stored but derived from its Beratungsfolge (`paper_status`).
- A planned meeting of a consultation must be a meeting of the consulting committee.
- A file is checked by its content (PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG, TXT; at most 20 MB), stored under a
  sanitised name with its SHA-512 checksum. Publishing it needs the confirmation that it contains no personal data
  of third parties (domain rules 6); the main document of a public paper is public and needs it, too.
- The link between a measure and a paper lives in the higher app (`Measure.papers`); this module links them
  without importing it, and pages read the reverse relation `paper.measures`.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core import uploads
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor

# The shared upload check (also used by strategy, network, statewide and participation); importable from here, too.
from querschnitt.core.uploads import DOCX as DOCX
from querschnitt.core.uploads import FILE_MAX_BYTES as FILE_MAX_BYTES
from querschnitt.core.uploads import FILE_TYPES as FILE_TYPES
from querschnitt.core.uploads import ODS as ODS
from querschnitt.core.uploads import ODT as ODT
from querschnitt.core.uploads import XLSX as XLSX
from querschnitt.core.uploads import detect_mime_type as detect_mime_type
from querschnitt.core.uploads import sanitise_file_name as sanitise_file_name
from querschnitt.tenancy.models import Body

from .models import (
    AgendaItem,
    CommitteeSettings,
    Consultation,
    ConsultationRole,
    File,
    FileAccess,
    Meeting,
    Organization,
    Paper,
    PaperType,
    Person,
)
from .selectors import confidential_organization_ids, is_visible, settings_of, visible_papers
from .services_composition import (
    INTEGRATION_KINDS,
    apply_changes,
    check_may_manage,
    require_same_body,
    validated_save,
)

# --- Status of a paper (derived from its Beratungsfolge) -----------------------------------------------------------


class PaperStatus(models.TextChoices):
    PREPARATION = "vorbereitung", gettext_lazy("in preparation")
    DELIBERATION = "beratung", gettext_lazy("in deliberation")
    ADOPTED = "beschlossen", gettext_lazy("adopted")
    REJECTED = "abgelehnt", gettext_lazy("rejected")
    NOTED = "kenntnis", gettext_lazy("taken note of")
    WITHDRAWN = "zurueckgezogen", gettext_lazy("withdrawn")


class ConsultationResult(models.TextChoices):
    """The usual results of a consultation. `Consultation.result` is text (as in OParl): the German words are
    stored as they are shown, and results written elsewhere (minutes) are read by `result_outcome`."""

    ADOPTED = "beschlossen", gettext_lazy("adopted")
    ADOPTED_CHANGED = "geändert beschlossen", gettext_lazy("adopted with changes")
    REJECTED = "abgelehnt", gettext_lazy("rejected")
    NOTED = "zur Kenntnis genommen", gettext_lazy("taken note of")
    RECOMMENDED = "empfohlen", gettext_lazy("recommended")
    RECOMMENDED_CHANGED = "geändert empfohlen", gettext_lazy("recommended with changes")
    DEFERRED = "vertagt", gettext_lazy("deferred")
    REFERRED = "verwiesen", gettext_lazy("referred")
    WITHDRAWN = "zurückgezogen", gettext_lazy("withdrawn")


FINAL_STATUSES = {PaperStatus.ADOPTED, PaperStatus.REJECTED, PaperStatus.NOTED, PaperStatus.WITHDRAWN}
STATUS_LEVEL = {
    PaperStatus.PREPARATION: "info",
    PaperStatus.DELIBERATION: "warning",
    PaperStatus.ADOPTED: "success",
    PaperStatus.REJECTED: "danger",
    PaperStatus.NOTED: "info",
    PaperStatus.WITHDRAWN: "info",
}


@dataclass(frozen=True)
class StatusInfo:
    code: str
    label: str
    level: str  # the KERN badge colour
    deciding: Consultation | None = None


def result_outcome(result: str) -> str | None:
    """What a result text means for the paper: adopted, rejected, noted, withdrawn — or None (deferred,
    recommended, referred: the Beratungsfolge goes on)."""
    text = result.strip().lower()
    if not text:
        return None
    if text.startswith("zurückgezogen") or text.startswith("zurueckgezogen"):
        return PaperStatus.WITHDRAWN
    if "abgelehnt" in text:
        return PaperStatus.REJECTED
    if "kenntnis" in text:
        return PaperStatus.NOTED
    if any(word in text for word in ("beschlossen", "zugestimmt", "angenommen")):
        return PaperStatus.ADOPTED
    return None


def consultations_of(paper: Paper, user: Any = None) -> list[Consultation]:
    """The paper's Beratungsfolge in order; uses prefetched consultations when the caller prefetched them.
    With `user`, results the user may not see yet are blanked (see `hide_unpublished_results`)."""
    steps = sorted((c for c in paper.consultations.all() if not c.deleted), key=lambda c: (c.order, c.pk))
    if user is not None:
        hide_unpublished_results(user, paper.body, steps)
    return steps


def hide_unpublished_results(user: Any, body: Body, steps: Sequence[Consultation]) -> None:
    """A result that a vote in one of our meetings wrote into the Beratungsfolge is public only as the meeting's
    results are: once the minutes are signed (before, for those who work in the body), and for a non-public item
    only for the committee's members and the Geschäftsstelle. Results entered by hand (the council's decision)
    are as public as the paper. Blanks `result` on the given (not saved) objects, so the paper's status follows."""
    internal = user.has_perm("committees.view_internal", body)
    confidential: set[int] | None = None
    for step in steps:
        item = getattr(step, "agenda_item", None)
        if not step.result or item is None or item.deleted:
            continue
        visible = internal or item.meeting.minutes_signed
        if visible and not item.public:
            if confidential is None:
                confidential = confidential_organization_ids(user, body)
            visible = step.organization_id in confidential
        if not visible:
            step.result = ""


def deciding_consultation(consultations: Sequence[Consultation]) -> Consultation | None:
    """The step that decides: the last authoritative one or the last with role Entscheidung, else the last step."""
    deciding = [c for c in consultations if c.authoritative or c.role == ConsultationRole.DECISION]
    if deciding:
        return deciding[-1]
    return consultations[-1] if consultations else None


def paper_status(paper: Paper, consultations: Sequence[Consultation] | None = None) -> StatusInfo:
    """in Vorbereitung (no consultation), in Beratung, or — once the deciding consultation has its result —
    beschlossen / abgelehnt / zur Kenntnis genommen; zurückgezogen when any step records the withdrawal."""
    steps = list(consultations) if consultations is not None else consultations_of(paper)
    deciding = deciding_consultation(steps)
    if deciding is None:
        status = PaperStatus.PREPARATION
    elif any(result_outcome(step.result) == PaperStatus.WITHDRAWN for step in steps):
        status = PaperStatus.WITHDRAWN
    else:
        outcome = result_outcome(deciding.result)
        status = PaperStatus(outcome) if outcome in FINAL_STATUSES else PaperStatus.DELIBERATION
    return StatusInfo(status.value, str(status.label), STATUS_LEVEL[status], deciding)


def lacks_integration_committee(body: Body, consultations: Sequence[Consultation]) -> bool:
    """The hint on a paper page: the body has an integration committee (ACI) but it is not in the Beratungsfolge.
    A hint only — the ACI is consulted where a matter affects people with international family history."""
    if any(c.organization.kind in INTEGRATION_KINDS for c in consultations):
        return False
    return Organization.objects.filter(body=body, deleted=False, kind__in=INTEGRATION_KINDS).exists()


def _consultation_prefetch() -> Prefetch:
    return Prefetch(
        "consultations",
        queryset=Consultation.objects.filter(deleted=False)
        .select_related("organization", "meeting", "agenda_item__meeting")
        .order_by("order"),
    )


def paper_list(user: Any, body: Body, *, paper_type: str = "", status: str = "", query: str = "") -> list:
    """The papers the user may see (public ones for everyone; non-public ones for the committee's members and the
    Geschäftsstelle), newest first, as (paper, status) rows — in three queries whatever the number of papers."""
    # Papers imported from the council's system appear at the paper they continue, not in our list.
    papers = visible_papers(user, body).filter(external_id="").prefetch_related(_consultation_prefetch())
    if paper_type:
        papers = papers.filter(paper_type=paper_type)
    if query:
        papers = papers.filter(Q(name__icontains=query) | Q(reference__icontains=query) | Q(text__icontains=query))
    rows = []
    for paper in papers.order_by("-date", "-pk"):
        steps = consultations_of(paper)
        hide_unpublished_results(user, body, steps)
        rows.append((paper, paper_status(paper, steps)))
    if status:
        rows = [row for row in rows if row[1].code == status]
    return rows


def paper_detail_queryset() -> models.QuerySet[Paper]:
    """Everything a paper page shows, prefetched: originators, Beratungsfolge, files, measures and their goals."""
    return Paper.objects.select_related("main_file", "body").prefetch_related(
        "originator_persons",
        "originator_organizations",
        _consultation_prefetch(),
        Prefetch("auxiliary_files", queryset=File.objects.filter(deleted=False).order_by("created")),
        "measures__concept",
        "measures__guiding_goals",
        "measures__annual_goals",
    )


# --- Numbering ---------------------------------------------------------------------------------------------------


def _reference_pattern(number_format: str, prefix: str, year: int) -> re.Pattern[str]:
    parts, has_number = [], False
    try:
        for literal, name, spec, _conversion in string.Formatter().parse(number_format):
            parts.append(re.escape(literal))
            if name is None:
                continue
            if name == "prefix":
                parts.append(re.escape(format(prefix, spec or "")))
            elif name == "year":
                parts.append(re.escape(format(year, spec or "")))
            elif name == "number":
                parts.append(r"(\d+)")
                has_number = True
            else:
                raise ValueError(name)
        number_format.format(prefix=prefix, year=year, number=1)  # a bad format spec shows only here
    except (ValueError, KeyError, IndexError) as error:
        raise ApplicationError(
            _("The numbering of papers in the settings is not valid. Allowed: {prefix}, {year}, {number}."),
            field="paper_number_format",
        ) from error
    if not has_number:
        raise ApplicationError(
            _("The numbering of papers in the settings needs the placeholder {number}."), field="paper_number_format"
        )
    return re.compile("^" + "".join(parts) + "$")


def paper_reference_next(body: Body, year: int) -> str:
    """The next free number of the body (e.g. ACI/2026/007): one more than the highest number of the same pattern,
    deleted papers included, so that a number is never given twice."""
    rules = settings_of(body)
    pattern = _reference_pattern(rules.paper_number_format, rules.paper_number_prefix, year)
    highest = 0
    for reference in Paper.objects.filter(body=body).exclude(reference="").values_list("reference", flat=True):
        match = pattern.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return rules.paper_number_format.format(prefix=rules.paper_number_prefix, year=year, number=highest + 1)


SETTINGS_FIELDS = {
    "paper_number_prefix",
    "paper_number_format",
    "warn_on_ratio",
    "target_ratio",
    "notice_days",
    "urgent_notice_days",
    "notice_mode",
    "legal_basis",
}


def committee_settings_update(*, actor: Any, body: Body, **changes: Any) -> CommitteeSettings:
    """Change the body's local rules (numbering of papers, composition warnings, notice periods). The numbering is
    tried out before it is saved, so that a broken format never stops the creation of papers."""
    check_may_manage(actor, body)
    rules = CommitteeSettings.objects.filter(body=body).first() or CommitteeSettings(body=body)
    apply_changes(rules, changes, SETTINGS_FIELDS)
    _reference_pattern(rules.paper_number_format, rules.paper_number_prefix, timezone.localdate().year)
    if rules.target_ratio is not None and rules.target_ratio < 0:
        raise ApplicationError(_("The ratio cannot be negative."), field="target_ratio")
    with transaction.atomic():
        validated_save(actor, rules, body=body)
    return rules


# --- Papers ------------------------------------------------------------------------------------------------------

PAPER_FIELDS = {
    "name",
    "paper_type",
    "date",
    "reference",
    "addressee",
    "text",
    "resolution_proposal",
    "answer",
    "public",
}


def _check_paper(paper: Paper, persons: Iterable[Person] | None, organizations: Iterable[Organization] | None) -> None:
    if persons is not None:
        require_same_body(paper.body, persons, field_name="originator_persons")
    if organizations is not None:
        require_same_body(paper.body, organizations, field_name="originator_organizations")
    if paper.answer.strip() and paper.paper_type != PaperType.QUESTION:
        raise ApplicationError(_("Only a question (Anfrage) has an answer."), field="answer")
    if paper.reference:
        taken = Paper.objects.filter(body=paper.body, reference=paper.reference).exclude(pk=paper.pk)
        if taken.exists():
            raise ApplicationError(
                _("The number %(reference)s is already taken.") % {"reference": paper.reference}, field="reference"
            )
    if paper.public and paper.main_file_id and not paper.main_file.public:
        raise ApplicationError(
            _(
                "The main document of a public paper is public, too: publish it first and confirm that it contains "
                "no personal data of third parties."
            ),
            field="public",
        )
    if not paper.public and paper.pk:
        published = paper.auxiliary_files.filter(deleted=False, public=True).exists() or (
            paper.main_file_id and paper.main_file.public
        )
        if published:
            raise ApplicationError(
                _("The paper has published files. Withdraw their publication before the paper becomes non-public."),
                field="public",
            )


def _set_originators(actor: Any, paper: Paper, persons: Any, organizations: Any) -> None:
    record_actor(paper, actor)
    if persons is not None:
        paper.originator_persons.set(list(persons))
    if organizations is not None:
        paper.originator_organizations.set(list(organizations))


def paper_create(
    *,
    actor: Any,
    body: Body,
    name: str,
    paper_type: str,
    originator_persons: Iterable[Person] | None = None,
    originator_organizations: Iterable[Organization] | None = None,
    **fields: Any,
) -> Paper:
    """A new paper. Without `reference` it gets the body's next number for the year of its date."""
    check_may_manage(actor, body)
    paper = Paper(body=body, name=name.strip(), paper_type=paper_type)
    apply_changes(paper, fields, PAPER_FIELDS)
    persons = list(originator_persons or [])
    organizations = list(originator_organizations or [])
    automatic = not paper.reference.strip()
    paper.reference = paper.reference.strip()
    for _attempt in range(3):
        if automatic:
            paper.reference = paper_reference_next(body, (paper.date or timezone.localdate()).year)
        _check_paper(paper, persons, organizations)
        try:
            with transaction.atomic():
                validated_save(actor, paper)
                _set_originators(actor, paper, persons, organizations)
        except IntegrityError:
            # Another paper took the same number in the meantime: count again.
            paper.pk = paper.id = None
            paper._state.adding = True
            if not automatic:
                break
            continue
        return paper
    raise ApplicationError(_("The number %(reference)s is already taken.") % {"reference": paper.reference})


def paper_update(
    *,
    actor: Any,
    paper: Paper,
    originator_persons: Iterable[Person] | None = None,
    originator_organizations: Iterable[Organization] | None = None,
    **changes: Any,
) -> Paper:
    """Change a paper. An emptied number is given anew (a paper always has one)."""
    check_may_manage(actor, paper.body)
    apply_changes(paper, changes, PAPER_FIELDS)
    paper.reference = paper.reference.strip() or paper_reference_next(paper.body, paper.date.year)
    persons = list(originator_persons) if originator_persons is not None else None
    organizations = list(originator_organizations) if originator_organizations is not None else None
    _check_paper(paper, persons, organizations)
    with transaction.atomic():
        validated_save(actor, paper)
        _set_originators(actor, paper, persons, organizations)
    return paper


# --- Beratungsfolge ----------------------------------------------------------------------------------------------

CONSULTATION_FIELDS = {"organization", "role", "meeting", "authoritative", "result"}


def _check_consultation(consultation: Consultation) -> None:
    paper = consultation.paper
    organization = consultation.organization
    if organization.body_id != paper.body_id or organization.deleted:
        raise ApplicationError(_("Only a committee of the same body can consult the paper."), field="organization")
    meeting: Meeting | None = consultation.meeting
    if meeting is not None:
        if meeting.body_id != paper.body_id or meeting.deleted:
            raise ApplicationError(_("Only a meeting of the same body can be chosen."), field="meeting")
        if not meeting.organizations.filter(pk=organization.pk).exists():
            raise ApplicationError(
                _("The meeting “%(meeting)s” is not a meeting of %(committee)s.")
                % {"meeting": meeting, "committee": organization},
                field="meeting",
            )


def _renumber(actor: Any, steps: list[Consultation]) -> None:
    for number, step in enumerate(steps, start=1):
        if step.order != number:
            step.order = number
            validated_save(actor, step, check=False)


def consultation_add(
    *,
    actor: Any,
    paper: Paper,
    organization: Organization,
    role: str,
    meeting: Meeting | None = None,
    authoritative: bool = False,
    result: str = "",
) -> Consultation:
    """Add a step at the end of the paper's Beratungsfolge."""
    check_may_manage(actor, paper.body)
    steps = list(paper.consultations.filter(deleted=False).order_by("order", "pk"))
    consultation = Consultation(
        paper=paper,
        organization=organization,
        role=role,
        meeting=meeting,
        authoritative=authoritative,
        result=result.strip(),
        order=len(steps) + 1,
    )
    _check_consultation(consultation)
    with transaction.atomic():
        _renumber(actor, steps)
        validated_save(actor, consultation)
    return consultation


def consultation_update(*, actor: Any, consultation: Consultation, **changes: Any) -> Consultation:
    check_may_manage(actor, consultation.paper.body)
    apply_changes(consultation, changes, CONSULTATION_FIELDS)
    consultation.result = consultation.result.strip()
    _check_consultation(consultation)
    with transaction.atomic():
        validated_save(actor, consultation)
    return consultation


def consultation_record_result(*, actor: Any, consultation: Consultation, result: str) -> Consultation:
    """Record what the committee did with the paper; the result of the deciding step settles the paper's status."""
    return consultation_update(actor=actor, consultation=consultation, result=result)


def consultation_move(*, actor: Any, consultation: Consultation, direction: str) -> Consultation:
    """Move a step one place up or down in the Beratungsfolge (`direction`: "up" or "down")."""
    check_may_manage(actor, consultation.paper.body)
    if direction not in {"up", "down"}:
        raise ApplicationError(_("Please choose up or down."))
    steps = list(consultation.paper.consultations.filter(deleted=False).order_by("order", "pk"))
    index = next(i for i, step in enumerate(steps) if step.pk == consultation.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(steps):
        raise ApplicationError(
            _("The consultation is already the first step.")
            if direction == "up"
            else _("The consultation is already the last step.")
        )
    steps[index], steps[target] = steps[target], steps[index]
    with transaction.atomic():
        _renumber(actor, steps)
    consultation.order = target + 1
    return consultation


def consultation_delete(*, actor: Any, consultation: Consultation) -> None:
    """Take a step out of the Beratungsfolge. A step with a result or on a meeting's agenda is part of the record
    and stays. The step is marked deleted (OParl shows deleted objects as such)."""
    check_may_manage(actor, consultation.paper.body)
    if consultation.result.strip():
        raise ApplicationError(_("A consultation with a result cannot be removed."))
    if AgendaItem.objects.filter(consultation=consultation, deleted=False).exists():
        raise ApplicationError(_("The consultation is on the agenda of a meeting. Take it off the agenda there first."))
    with transaction.atomic():
        consultation.deleted = True
        validated_save(actor, consultation, check=False)
        steps = list(consultation.paper.consultations.filter(deleted=False).order_by("order", "pk"))
        _renumber(actor, steps)


# --- Files -------------------------------------------------------------------------------------------------------


def check_upload(upload: Any) -> tuple[str, str]:
    """The shared upload check (`querschnitt.core.uploads.check_upload`: size, type by content, ending) with this
    module's size limit; returns the content type and the file's ending."""
    return uploads.check_upload(upload, max_bytes=FILE_MAX_BYTES)


def _check_publication(file: File, papers: Iterable[Paper]) -> None:
    if file.public and not file.no_third_party_personal_data:
        raise ApplicationError(
            _(
                "A file can only be published once you confirm that it contains no personal data of third parties. "
                "Remove or black out such data first."
            ),
            field="no_third_party_personal_data",
        )
    if file.public and any(not paper.public for paper in papers):
        raise ApplicationError(_("A file of a non-public paper cannot be published."), field="public")
    if not file.public and any(paper.public and paper.main_file_id == file.pk for paper in papers if file.pk):
        raise ApplicationError(_("This file is the main document of a public paper and stays public."), field="public")


def file_create(
    *,
    actor: Any,
    paper: Paper,
    title: str,
    upload: Any,
    public: bool = False,
    no_third_party_personal_data: bool = False,
    main: bool = False,
    date: date | None = None,
) -> File:
    """Attach an uploaded file to a paper (as its main document or as an attachment). Files are members-only until
    published; the main document of a public paper is public and needs the confirmation."""
    body = paper.body
    check_may_manage(actor, body)
    mime_type, suffix = check_upload(upload)
    name = str(upload.name or "")
    if main and paper.public and not public:
        raise ApplicationError(
            _("The main document of a public paper is public, too: please publish it."), field="public"
        )
    digest = hashlib.sha512()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    file_name = sanitise_file_name(name, suffix or FILE_TYPES[mime_type][0])
    upload.name = file_name
    file = File(
        body=body,
        name=(title or "").strip() or file_name,
        file=upload,
        file_name=file_name,
        mime_type=mime_type,
        size=upload.size,
        sha512_checksum=digest.hexdigest(),
        public=public,
        no_third_party_personal_data=no_third_party_personal_data,
        date=date or timezone.localdate(),
    )
    _check_publication(file, [paper])
    with transaction.atomic():
        validated_save(actor, file)
        if main:
            if paper.main_file_id:
                paper.auxiliary_files.add(paper.main_file_id)  # the former main document stays an attachment
            paper.main_file = file
            validated_save(actor, paper)
        else:
            paper.auxiliary_files.add(file)
    return file


def papers_of_file(file: File) -> list[Paper]:
    return list(Paper.objects.filter(Q(main_file=file) | Q(auxiliary_files=file), deleted=False).distinct())


def file_update(*, actor: Any, file: File, **changes: Any) -> File:
    """Change a file's title or date, or publish it (only with the confirmation) or withdraw its publication."""
    check_may_manage(actor, file.body)
    apply_changes(file, changes, {"name", "date", "public", "no_third_party_personal_data"})
    _check_publication(file, papers_of_file(file))
    with transaction.atomic():
        validated_save(actor, file)
    return file


def file_delete(*, actor: Any, file: File) -> None:
    """Remove a file (say, uploaded with personal data by mistake): its content is erased from the storage, the
    record stays marked deleted (OParl) and is taken off its papers."""
    check_may_manage(actor, file.body)
    with transaction.atomic():
        for paper in papers_of_file(file):
            if paper.main_file_id == file.pk:
                if paper.public:
                    raise ApplicationError(
                        _("This file is the main document of a public paper. Upload a new main document first.")
                    )
                paper.main_file = None
                validated_save(actor, paper)
            paper.auxiliary_files.remove(file)
        file.file.delete(save=False)
        file.deleted, file.public = True, False
        record_actor(file, actor)
        file.save()


def file_access_record(*, user: Any, file: File) -> FileAccess:
    """Log a read of a non-public file (who and when). The caller has checked that the user may read it."""
    return FileAccess.objects.create(file=file, user=user if getattr(user, "is_authenticated", False) else None)


# --- Measures and goals of the concept citing a paper (the links live in the strategy app) -----------------------

# The relations from Paper to the concept's elements, named as on Paper (reverse accessors of the strategy models).
CONCEPT_RELATIONS = ("measures", "guiding_goals", "annual_goals")


def concept_relation_of(element: Any) -> str:
    """The name of the relation on Paper that links `element` (a measure, guiding goal or annual goal)."""
    for name in CONCEPT_RELATIONS:
        if isinstance(element, Paper._meta.get_field(name).related_model):
            return name
    raise ApplicationError(_("Only measures and goals of the integration concept can be linked to a paper."))


def _concept_body_id(element: Any) -> int:
    concept = element.concept if concept_relation_of(element) == "measures" else element.field.concept
    return concept.body_id


def _check_may_link(actor: Any, element: Any, paper: Paper) -> None:
    body = paper.body
    if actor is not None and not (
        actor.has_perm("committees.manage", body) or actor.has_perm("strategy.edit_concept", body)
    ):
        raise ApplicationError(_("You may not link the concept and the papers of this body."))
    if _concept_body_id(element) != paper.body_id or paper.deleted:
        raise ApplicationError(_("Only the concept and a paper of the same body can be linked."))
    if actor is not None and not is_visible(actor, paper):
        raise ApplicationError(_("Only the concept and a paper of the same body can be linked."))


def concept_link_paper(*, actor: Any, element: Any, paper: Paper) -> None:
    """Record that a measure or goal goes back to (or was decided by) a paper; its history notes the change."""
    _check_may_link(actor, element, paper)
    record_actor(element, actor)
    with transaction.atomic():
        element.papers.add(paper)


def concept_unlink_paper(*, actor: Any, element: Any, paper: Paper) -> None:
    _check_may_link(actor, element, paper)
    record_actor(element, actor)
    with transaction.atomic():
        element.papers.remove(paper)


def concept_elements_of_body(body: Body) -> dict[str, models.QuerySet]:
    """The body's measures, guiding goals and annual goals to link a paper to, reached through the relations so
    that committees need not import the higher app. Newest concept first."""
    measure = Paper._meta.get_field("measures").related_model
    guiding = Paper._meta.get_field("guiding_goals").related_model
    annual = Paper._meta.get_field("annual_goals").related_model
    return {
        "measures": measure.objects.filter(concept__body=body)
        .select_related("concept")
        .order_by("-concept__version", "title"),
        "guiding_goals": guiding.objects.filter(field__concept__body=body)
        .select_related("field__concept")
        .order_by("-field__concept__version", "field__order", "order", "pk"),
        "annual_goals": annual.objects.filter(field__concept__body=body)
        .select_related("field__concept")
        .order_by("-field__concept__version", "field__order", "order", "pk"),
    }
