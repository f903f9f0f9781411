"""Writes of the group work: work groups, their members and cards, and the drafts they put into the concept.

A draft is created by the concept's own services (`strategy.services`, with `draft=True`), so the concept's rules,
validation and change history apply; `strategy.draft_concept` lets the moderators do that, and only the concept's
editors confirm a draft. The group remembers what it drafted (`WorkGroup.guiding_goals` …), and so every draft
knows its group and, through it, its workshop."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.strategy import services as concept_services
from querschnitt.strategy.models import AnnualGoal, Concept, FieldOfAction, GuidingGoal, Indicator, Measure

from .models import (
    CardKind,
    GroupCard,
    Participant,
    WorkGroup,
    WorkGroupKind,
    WorkGroupMember,
    WorkshopProcess,
)
from .services import _may_manage, _validated_save

Draft = GuidingGoal | AnnualGoal | Indicator | Measure

# What a group can draft, by the name used in forms and URLs, with the group's relation that remembers it.
DRAFT_KINDS: dict[str, str] = {
    "guiding_goal": "guiding_goals",
    "annual_goal": "annual_goals",
    "indicator": "indicators",
    "measure": "measures",
}


def _check_field(process: WorkshopProcess, field: FieldOfAction | None) -> None:
    if field is None:
        return
    if field.concept.body_id != process.body_id:
        raise ApplicationError(_("The field of action must belong to the same body."), field="field")
    if process.concept_id is not None and field.concept_id != process.concept_id:
        raise ApplicationError(_("The field of action must belong to the workshop's concept."), field="field")


def _save_group(actor: Any, group: WorkGroup) -> WorkGroup:
    if not group.title.strip():
        raise ApplicationError(_("Please give the group a title."), field="title")
    if group.kind == WorkGroupKind.FIELD and group.field is None:
        raise ApplicationError(_("Please choose the field of action the group works on."), field="field")
    _check_field(group.process, group.field)
    try:
        with transaction.atomic():
            _validated_save(actor, group, exclude=["process"])
    except IntegrityError as error:
        if group.kind == WorkGroupKind.PROCESS_STEERING and (
            WorkGroup.objects.filter(process=group.process, kind=WorkGroupKind.PROCESS_STEERING)
            .exclude(pk=group.pk)
            .exists()
        ):
            raise ApplicationError(_("The workshop already has a process steering group."), field="kind") from error
        raise ApplicationError(
            _("The workshop already has a group called “%(title)s”.") % {"title": group.title}, field="title"
        ) from error
    return group


def work_group_create(
    *,
    actor: Any,
    process: WorkshopProcess,
    title: str,
    kind: str = WorkGroupKind.FIELD,
    field: FieldOfAction | None = None,
    facilitator: str = "",
    guiding_questions: str = "",
    summary: str = "",
) -> WorkGroup:
    _may_manage(actor, process.body)
    order = process.work_groups.count() + 1
    group = WorkGroup(
        process=process,
        kind=kind,
        field=field,
        title=title.strip(),
        facilitator=facilitator,
        guiding_questions=guiding_questions,
        summary=summary,
        order=order,
    )
    return _save_group(actor, group)


def work_group_update(*, actor: Any, group: WorkGroup, **changes: Any) -> WorkGroup:
    _may_manage(actor, group.process.body)
    allowed = {"title", "kind", "field", "facilitator", "guiding_questions", "summary", "order"}
    for name, value in changes.items():
        if name not in allowed:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(group, name, value.strip() if name == "title" else value)
    return _save_group(actor, group)


def work_group_delete(*, actor: Any, group: WorkGroup) -> None:
    """A group that drafted something keeps it: its drafts would lose where they came from."""
    _may_manage(actor, group.process.body)
    if any(getattr(group, relation).exists() for relation in DRAFT_KINDS.values()):
        raise ApplicationError(
            _("The group has drafts in the concept. Remove or confirm them first; the group stays their origin.")
        )
    with transaction.atomic():
        group.delete()


def work_groups_create_for_fields(*, actor: Any, process: WorkshopProcess) -> list[WorkGroup]:
    """One group for every field of action of the workshop's concept that has none yet, and the process steering
    group if it is missing — the usual start of the second workshop day."""
    _may_manage(actor, process.body)
    if process.concept_id is None:
        raise ApplicationError(_("Please link the workshop to an integration concept first."))
    concept: Concept = process.concept  # type: ignore[assignment]
    taken = set(process.work_groups.exclude(field=None).values_list("field_id", flat=True))
    titles = set(process.work_groups.values_list("title", flat=True))
    created = []
    with transaction.atomic():
        for field in concept.fields.filter(parent=None).order_by("order", "pk"):
            if field.pk in taken:
                continue
            title = field.title if field.title not in titles else f"{field.title} ({_('work group')})"
            created.append(work_group_create(actor=actor, process=process, title=title, field=field))
        if not process.work_groups.filter(kind=WorkGroupKind.PROCESS_STEERING).exists():
            created.append(
                work_group_create(
                    actor=actor, process=process, title=_("Process steering"), kind=WorkGroupKind.PROCESS_STEERING
                )
            )
    return created


# --- Members --------------------------------------------------------------------------------------------------------


def work_group_member_add(*, actor: Any, group: WorkGroup, participant: Participant) -> WorkGroupMember:
    _may_manage(actor, group.process.body)
    if participant.process_id != group.process_id:
        raise ApplicationError(_("Only participants of this workshop can join its groups."), field="participant")
    if group.members.filter(participant=participant).exists():
        raise ApplicationError(
            _("%(name)s is already a member of the group.") % {"name": participant.name}, field="participant"
        )
    with transaction.atomic():
        return WorkGroupMember.objects.create(group=group, participant=participant)


def work_group_member_remove(*, actor: Any, member: WorkGroupMember) -> None:
    _may_manage(actor, member.group.process.body)
    with transaction.atomic():
        member.delete()


# --- Cards ----------------------------------------------------------------------------------------------------------


def group_card_create(
    *, actor: Any, group: WorkGroup, text: str, kind: str = CardKind.IDEA, cluster: str = ""
) -> GroupCard:
    _may_manage(actor, group.process.body)
    if not text.strip():
        raise ApplicationError(_("Please write something on the card."), field="text")
    card = GroupCard(
        group=group,
        kind=kind,
        cluster=cluster.strip(),
        text=text.strip(),
        order=group.cards.count() + 1,
        written_by=actor,
    )
    with transaction.atomic():
        _validated_save(actor, card)
    return card


def group_card_delete(*, actor: Any, card: GroupCard) -> None:
    _may_manage(actor, card.group.process.body)
    with transaction.atomic():
        card.delete()


# --- Drafts in the concept ------------------------------------------------------------------------------------------


def _concept_of(group: WorkGroup) -> Concept:
    concept = group.process.concept
    if concept is None:
        raise ApplicationError(_("Please link the workshop to an integration concept first."))
    return concept


def _field_for(group: WorkGroup, field: FieldOfAction | None, *, required: bool) -> FieldOfAction | None:
    field = field or group.field
    if field is not None and field.concept_id != _concept_of(group).pk:
        raise ApplicationError(_("The field of action must belong to the workshop's concept."), field="field")
    if field is None and required:
        raise ApplicationError(_("Please choose the field of action of the draft."), field="field")
    return field


def group_draft_create(
    *,
    actor: Any,
    group: WorkGroup,
    kind: str,
    text: str,
    field: FieldOfAction | None = None,
    guiding_goal: GuidingGoal | None = None,
    details: str = "",
) -> Draft:
    """Put the group's draft into the concept as a draft object and remember the group as its origin.

    `text` is the goal's text, the indicator's name or the measure's title; `details` the goal's rationale, the
    indicator's definition or the measure's description. A goal or an annual goal needs a field of action (the
    group's own by default); an annual goal may name the guiding goal it serves; an indicator is the body's."""
    _may_manage(actor, group.process.body)
    if kind not in DRAFT_KINDS:
        raise ApplicationError(_("Unknown kind of draft."), field="kind")
    if not text.strip():
        raise ApplicationError(_("Please write the draft."), field="text")
    concept = _concept_of(group)
    text, details = text.strip(), details.strip()
    with transaction.atomic():
        draft: Draft
        if kind == "guiding_goal":
            draft = concept_services.guiding_goal_create(
                actor=actor, field=_field_for(group, field, required=True), text=text, rationale=details, draft=True
            )
        elif kind == "annual_goal":
            target_field = _field_for(group, guiding_goal.field if guiding_goal else field, required=True)
            draft = concept_services.annual_goal_create(
                actor=actor, field=target_field, guiding_goal=guiding_goal, text=text, draft=True
            )
        elif kind == "indicator":
            links = [guiding_goal] if guiding_goal is not None else None
            draft = concept_services.indicator_create(
                actor=actor, body=concept.body, name=text, definition=details, guiding_goals=links, draft=True
            )
        else:
            draft = concept_services.measure_create(
                actor=actor,
                concept=concept,
                title=text,
                description=details,
                field=_field_for(group, field, required=False),
                guiding_goals=[guiding_goal] if guiding_goal is not None else None,
                draft=True,
            )
        getattr(group, DRAFT_KINDS[kind]).add(draft)
    return draft


def group_draft_remove(*, actor: Any, group: WorkGroup, draft: Draft) -> None:
    """Take a draft back out of the concept while it is still a draft (a confirmed object belongs to the concept's
    editors). The concept's service checks that the actor may delete drafts."""
    _may_manage(actor, group.process.body)
    relation = getattr(group, DRAFT_KINDS[_kind_of(draft)])
    if not relation.filter(pk=draft.pk).exists():
        raise ApplicationError(_("The group did not draft this."))
    if not draft.draft:
        raise ApplicationError(_("The draft has been confirmed and belongs to the concept now."))
    with transaction.atomic():
        if isinstance(draft, GuidingGoal):
            concept_services.guiding_goal_delete(actor=actor, goal=draft)
        elif isinstance(draft, AnnualGoal):
            concept_services.annual_goal_delete(actor=actor, goal=draft)
        elif isinstance(draft, Indicator):
            concept_services.indicator_delete(actor=actor, indicator=draft)
        else:
            concept_services.measure_delete(actor=actor, measure=draft)


def _kind_of(draft: Draft) -> str:
    return {GuidingGoal: "guiding_goal", AnnualGoal: "annual_goal", Indicator: "indicator", Measure: "measure"}[
        type(draft)
    ]
