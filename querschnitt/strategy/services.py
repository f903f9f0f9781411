"""Writes of the integration concept. Validate, then act: permission first, then `full_clean()`, then save —
all in one transaction, with the actor recorded in the change history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.core.uploads import DOCUMENT_AND_IMAGE_TYPES, check_upload, safe_upload_name
from querschnitt.network.models import Actor, FundingApplication
from querschnitt.tenancy.models import Body

from .access import BODY_PATH
from .actor_links import match_actors
from .models import (
    AnnualGoal,
    Concept,
    ConceptStatus,
    Evaluation,
    EvidenceFile,
    FieldOfAction,
    FundingCategory,
    GuidingGoal,
    Indicator,
    IndicatorTarget,
    Measure,
    MeasureBudget,
    Milestone,
    Observation,
    ObservationImport,
    SelfAssessment,
)


def body_of(instance: models.Model) -> Body:
    """The body an object of the concept belongs to, following BODY_PATH."""
    current: Any = instance
    for step in BODY_PATH[type(instance)].split("__"):
        current = getattr(current, step)
    return current


EDIT = "strategy.edit_concept"
DRAFT = "strategy.draft_concept"
SET_PRIORITIES = "strategy.set_priorities"

# What a workshop group drafts, and the parts of a draft that belong to it (targets of a draft indicator, budget
# lines and milestones of a draft measure), each with the foreign key to its draft.
DraftObject = GuidingGoal | AnnualGoal | Indicator | Measure
DRAFT_MODELS = (GuidingGoal, AnnualGoal, Indicator, Measure)
DRAFT_PARTS: dict[type[models.Model], tuple[str, type[models.Model]]] = {
    IndicatorTarget: ("indicator", Indicator),
    MeasureBudget: ("measure", Measure),
    Milestone: ("measure", Measure),
}


def _check_may_edit(actor: Any, body: Body) -> None:
    if actor is not None and not actor.has_perm(EDIT, body):
        raise ApplicationError(_("You may not change the integration concept of this body."))


def _stored_draft_ids(model: type[models.Model], ids: Iterable[int | None]) -> set[int]:
    """The ids among `ids` whose row in the database is a draft (one query; never trusts the object in memory)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    rows = model._default_manager.filter(pk__in=wanted, draft=True)
    if transaction.get_connection().in_atomic_block:
        # An editor confirming the draft meanwhile waits, or makes us wait. No ordering: a model's default
        # ordering may join nullable relations, and PostgreSQL cannot lock the nullable side of an outer join.
        rows = rows.order_by().select_for_update(of=("self",))
    return set(rows.values_list("pk", flat=True))


def _stored_value(instance: models.Model, attname: str) -> Any:
    return type(instance)._default_manager.filter(pk=instance.pk).values_list(attname, flat=True).first()


def _is_stored_draft_part(instance: models.Model) -> bool:
    """True if `instance` is a part (target, budget line, milestone) of a draft, both as it is now and as stored."""
    relation, parent_model = DRAFT_PARTS[type(instance)]
    attname = f"{relation}_id"
    parents = {getattr(instance, attname)}
    if not instance._state.adding:
        parents.add(_stored_value(instance, attname))  # a part may not be moved out of a confirmed object either
    return None not in parents and _stored_draft_ids(parent_model, parents) == parents


def _refuse_confirmed(*, deleting: bool = False) -> ApplicationError:
    if deleting:
        return ApplicationError(_("This has been confirmed by the concept's editors; only they can delete it."))
    return ApplicationError(_("This has been confirmed by the concept's editors; only they can change it."))


def _check_may_write(actor: Any, instance: models.Model, *, permission: str = EDIT) -> None:
    """May `actor` save `instance`? Editors of the concept may; so may whoever has `permission` (a service passes
    a narrower permission for the one change it makes, e.g. the priority points of a field).

    With only `strategy.draft_concept` (workshop moderators) an actor may save a draft that is new or stored as a
    draft, and the parts of a stored draft; never a confirmed object, and never turn one into a draft."""
    if actor is None:
        return
    body = body_of(instance)
    if actor.has_perm(EDIT, body) or (permission != EDIT and actor.has_perm(permission, body)):
        return
    if not actor.has_perm(DRAFT, body) or not isinstance(instance, (*DRAFT_MODELS, *DRAFT_PARTS)):
        raise ApplicationError(_("You may not change the integration concept of this body."))
    if isinstance(instance, DRAFT_MODELS):
        if not instance._state.adding and not _stored_draft_ids(type(instance), [instance.pk]):
            raise _refuse_confirmed()
        if not instance.draft:
            raise ApplicationError(
                _("You may add and change drafts only; the concept's editors confirm them."), field="draft"
            )
    elif not _is_stored_draft_part(instance):
        raise _refuse_confirmed()


def _confirmed_dependants(instance: models.Model) -> bool:
    """Would deleting this draft take with it (by cascade) something of the editors: an annual goal they confirmed,
    an evaluation, imported data, evidence, or the link to a paper of the committee?"""
    if isinstance(instance, GuidingGoal):
        return (
            instance.annual_goals.filter(draft=False).exists()
            or instance.evaluations.exists()
            or instance.papers.exists()
        )
    if isinstance(instance, AnnualGoal):
        return instance.evaluations.exists() or instance.papers.exists()
    if isinstance(instance, Indicator):
        return instance.observations.exists()
    if isinstance(instance, Measure):
        return instance.evaluations.exists() or instance.evidence_files.exists() or instance.papers.exists()
    return False


def _check_may_delete(actor: Any, instance: models.Model) -> None:
    """Editors delete anything; with only `strategy.draft_concept` an actor deletes a stored draft (or a part of
    one), unless it holds something of the editors' (see `_confirmed_dependants`)."""
    if actor is None:
        return
    body = body_of(instance)
    if actor.has_perm(EDIT, body):
        return
    if not actor.has_perm(DRAFT, body) or not isinstance(instance, (*DRAFT_MODELS, *DRAFT_PARTS)):
        raise ApplicationError(_("You may not change the integration concept of this body."))
    if isinstance(instance, DRAFT_MODELS):
        if not _stored_draft_ids(type(instance), [instance.pk]):
            raise _refuse_confirmed(deleting=True)
        if _confirmed_dependants(instance):
            raise ApplicationError(
                _(
                    "This draft already holds confirmed goals, evaluations, data, evidence or links to papers; "
                    "only the concept's editors can delete it."
                )
            )
    elif not _is_stored_draft_part(instance):
        raise _refuse_confirmed(deleting=True)


def _validated_save(actor: Any, instance: models.Model, *, exclude: Iterable[str] = (), permission: str = EDIT) -> None:
    """Check the permission, validate and save; a validation error becomes an ApplicationError at its field."""
    _check_may_write(actor, instance, permission=permission)
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    record_actor(instance, actor)
    instance.save()


def _apply(instance: models.Model, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if name.startswith("_") or name in {"id", "pk"}:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(instance, name, value)


def _set_links(instance: Any, links: dict[str, Iterable[Any] | None]) -> None:
    """Set many-to-many links, refusing goals of another body (and, for measures, of another concept)."""
    body = body_of(instance)
    for name, objects in links.items():
        if objects is None:
            continue
        objects = list(objects)
        if any(body_of(obj) != body for obj in objects):
            raise ApplicationError(_("Links can only point to goals of the same body."), field=name)
        # A measure belongs to one concept version; an indicator (the body's) may serve goals of every version.
        concept_id = getattr(instance, "concept_id", None)
        if concept_id is not None and any(obj.field.concept_id != concept_id for obj in objects):
            raise ApplicationError(_("A measure can only be linked to goals of its own concept."), field=name)
        getattr(instance, name).set(objects)


def _delete(actor: Any, instance: models.Model) -> None:
    with transaction.atomic():
        _check_may_delete(actor, instance)
        record_actor(instance, actor)
        instance.delete()


# --- Concept -----------------------------------------------------------------------------------------------------


def _supersede_others_if_adopted(actor: Any, concept: Concept) -> None:
    """A body has one adopted concept: adopting a version supersedes the previously adopted ones."""
    if concept.status == ConceptStatus.ADOPTED:
        for older in Concept.objects.filter(body=concept.body, status=ConceptStatus.ADOPTED).exclude(pk=concept.pk):
            older.status = ConceptStatus.SUPERSEDED
            _validated_save(actor, older)


def concept_create(*, actor: Any, body: Body, title: str, **fields: Any) -> Concept:
    version = (Concept.objects.filter(body=body).aggregate(models.Max("version"))["version__max"] or 0) + 1
    concept = Concept(body=body, title=title, version=version)
    _apply(concept, fields)
    with transaction.atomic():
        _validated_save(actor, concept)
        _supersede_others_if_adopted(actor, concept)
    return concept


def concept_update(*, actor: Any, concept: Concept, **changes: Any) -> Concept:
    """Change a concept. Adopting it supersedes the body's previously adopted versions."""
    _apply(concept, changes)
    with transaction.atomic():
        _validated_save(actor, concept)
        _supersede_others_if_adopted(actor, concept)
    return concept


def concept_new_version(*, actor: Any, concept: Concept) -> Concept:
    """Copy a concept with its fields, goals and measures into a new draft version. Indicators (and their data)
    belong to the body and are linked to the copied goals, so nothing is typed again."""
    _check_may_edit(actor, concept.body)
    with transaction.atomic():
        new = concept_create(
            actor=actor,
            body=concept.body,
            title=concept.title,
            mission_statement=concept.mission_statement,
            cycle_phase=concept.cycle_phase,
            period_start=concept.period_start,
            period_end=concept.period_end,
            predecessor=concept,
        )
        field_map: dict[int, FieldOfAction] = {}
        for field in concept.fields.order_by("parent_id", "order", "pk"):  # areas (no parent) first
            field_copy = FieldOfAction(
                concept=new,
                parent=field_map[field.parent_id] if field.parent_id else None,
                title=field.title,
                description=field.description,
                order=field.order,
                priority_points=field.priority_points,
            )
            _validated_save(actor, field_copy)
            field_copy.actors.add(*field.actors.all())
            field_map[field.pk] = field_copy
        guiding_map: dict[int, GuidingGoal] = {}
        for goal in GuidingGoal.objects.filter(field__concept=concept).prefetch_related("indicators", "papers"):
            goal_copy = GuidingGoal(
                field=field_map[goal.field_id],
                text=goal.text,
                order=goal.order,
                minimum_statement=goal.minimum_statement,
                rationale=goal.rationale,
                draft=goal.draft,  # a draft waiting for confirmation stays one in the new version
            )
            _validated_save(actor, goal_copy)
            goal_copy.indicators.set(goal.indicators.all())
            goal_copy.papers.add(*goal.papers.all())  # the motions behind a goal stay with it in every version
            guiding_map[goal.pk] = goal_copy
        annual_map: dict[int, AnnualGoal] = {}
        for annual in AnnualGoal.objects.filter(field__concept=concept).prefetch_related("indicators", "papers"):
            annual_copy = AnnualGoal(
                field=field_map[annual.field_id],
                guiding_goal=guiding_map[annual.guiding_goal_id] if annual.guiding_goal_id else None,
                text=annual.text,
                year_start=annual.year_start,
                year_end=annual.year_end,
                owner=annual.owner,
                order=annual.order,
                draft=annual.draft,
            )
            _validated_save(actor, annual_copy)
            annual_copy.indicators.set(annual.indicators.all())
            annual_copy.papers.add(*annual.papers.all())
            annual_map[annual.pk] = annual_copy
        for measure in concept.measures.prefetch_related(
            "guiding_goals", "annual_goals", "budget_lines", "milestones", "papers", "actors", "funding_applications"
        ):
            links = (
                [guiding_map[g.pk] for g in measure.guiding_goals.all()],
                [annual_map[a.pk] for a in measure.annual_goals.all()],
                list(measure.papers.all()),  # the motions behind a measure stay its origin in every version
                list(measure.actors.all()),
                list(measure.funding_applications.all()),  # the funded projects stay with the measure, too
            )
            budget_lines, milestones = list(measure.budget_lines.all()), list(measure.milestones.all())
            # The copy keeps every field of the measure, `draft` included.
            measure.pk = measure.id = None
            measure._state.adding = True
            measure.concept, measure.field = new, field_map[measure.field_id] if measure.field_id else None
            _validated_save(actor, measure)
            measure.guiding_goals.set(links[0])
            measure.annual_goals.set(links[1])
            measure.papers.add(*links[2])  # not set(): it would read the prefetched papers of the original
            measure.actors.add(*links[3])
            measure.funding_applications.add(*links[4])
            for line in budget_lines:
                _validated_save(
                    actor,
                    MeasureBudget(
                        measure=measure,
                        year=line.year,
                        amount=line.amount,
                        amount_max=line.amount_max,
                        basis=line.basis,
                        category=line.category,
                    ),
                )
            for milestone in milestones:
                _validated_save(
                    actor,
                    Milestone(
                        measure=measure, title=milestone.title, due_date=milestone.due_date, done_on=milestone.done_on
                    ),
                )
    return new


# --- Fields and goals --------------------------------------------------------------------------------------------


def _field_of_action_create(
    actor: Any, concept: Concept, title: str, fields: dict[str, Any], *, permission: str = EDIT
) -> FieldOfAction:
    if fields.get("order") is None:
        fields["order"] = concept.fields.count() + 1
    field = FieldOfAction(concept=concept, title=title)
    _apply(field, fields)
    if field.parent is not None and field.parent.concept_id != concept.pk:
        raise ApplicationError(_("The area must belong to the same concept."), field="parent")
    with transaction.atomic():
        _validated_save(actor, field, permission=permission)
    return field


def _field_of_action_update(
    actor: Any, field: FieldOfAction, changes: dict[str, Any], *, permission: str = EDIT
) -> FieldOfAction:
    _apply(field, changes)
    parent = field.parent
    if parent is not None and (parent.pk == field.pk or parent.concept_id != field.concept_id):
        raise ApplicationError(_("The area must be another field of the same concept."), field="parent")
    with transaction.atomic():
        _validated_save(actor, field, permission=permission)
    return field


def field_of_action_create(
    *, actor: Any, concept: Concept, title: str, actors: Iterable[Any] | None = None, **fields: Any
) -> FieldOfAction:
    actors = _check_actors(concept.body_id, None, actors)
    with transaction.atomic():
        field = _field_of_action_create(actor, concept, title, fields)
        if actors is not None:
            field.actors.set(actors)
    return field


def field_of_action_update(
    *, actor: Any, field: FieldOfAction, actors: Iterable[Any] | None = None, **changes: Any
) -> FieldOfAction:
    actors = _check_actors(field.concept.body_id, None, actors)
    with transaction.atomic():
        field = _field_of_action_update(actor, field, changes)
        if actors is not None:
            field.actors.set(actors)
    return field


def field_of_action_delete(*, actor: Any, field: FieldOfAction) -> None:
    _delete(actor, field)


def fields_set_priorities(*, actor: Any, concept: Concept, points: dict[str, int]) -> list[FieldOfAction]:
    """Give fields their priority points by title, creating missing fields (used to adopt a dot vote).

    Needs `strategy.set_priorities` (editors and workshop moderators), which allows exactly this: a new field with
    a title and its place in the ranking, and the priority points of an existing one; every other change to a
    field stays with the editors."""
    if actor is not None and not actor.has_perm(SET_PRIORITIES, concept.body):
        raise ApplicationError(_("You may not set the priorities of the fields of action of this body."))
    result = []
    with transaction.atomic():
        for order, (title, value) in enumerate(sorted(points.items(), key=lambda item: -item[1]), start=1):
            field = concept.fields.filter(title=title).first()
            if field is None:
                field = _field_of_action_create(
                    actor, concept, title, {"order": order, "priority_points": value}, permission=SET_PRIORITIES
                )
            elif field.priority_points != value:
                field = _field_of_action_update(actor, field, {"priority_points": value}, permission=SET_PRIORITIES)
            result.append(field)
    return result


def guiding_goal_create(*, actor: Any, field: FieldOfAction, text: str, **fields: Any) -> GuidingGoal:
    if fields.get("order") is None:
        fields["order"] = field.guiding_goals.count() + 1
    goal = GuidingGoal(field=field, text=text)
    _apply(goal, fields)
    with transaction.atomic():
        _validated_save(actor, goal)
    return goal


def guiding_goal_update(*, actor: Any, goal: GuidingGoal, **changes: Any) -> GuidingGoal:
    _apply(goal, changes)
    with transaction.atomic():
        _validated_save(actor, goal)
    return goal


def guiding_goal_delete(*, actor: Any, goal: GuidingGoal) -> None:
    _delete(actor, goal)


def annual_goal_create(
    *, actor: Any, field: FieldOfAction, text: str, guiding_goal: GuidingGoal | None = None, **fields: Any
) -> AnnualGoal:
    if guiding_goal is not None and guiding_goal.field_id != field.pk:
        raise ApplicationError(_("The guiding goal must belong to the same field of action."), field="guiding_goal")
    if fields.get("order") is None:
        fields["order"] = field.annual_goals.count() + 1
    goal = AnnualGoal(field=field, guiding_goal=guiding_goal, text=text)
    _apply(goal, fields)
    with transaction.atomic():
        _validated_save(actor, goal)
    return goal


def annual_goal_update(*, actor: Any, goal: AnnualGoal, **changes: Any) -> AnnualGoal:
    _apply(goal, changes)
    if goal.guiding_goal is not None and goal.guiding_goal.field_id != goal.field_id:
        raise ApplicationError(_("The guiding goal must belong to the same field of action."), field="guiding_goal")
    with transaction.atomic():
        _validated_save(actor, goal)
    return goal


def annual_goal_delete(*, actor: Any, goal: AnnualGoal) -> None:
    _delete(actor, goal)


def progress_override_set(*, actor: Any, obj: GuidingGoal | AnnualGoal | Indicator, status: str, reason: str) -> None:
    """Set (or with an empty status, clear) the progress by hand. A manual status needs a reason."""
    if status and not reason.strip():
        raise ApplicationError(
            _("Please give a reason for setting the progress by hand."), field="progress_override_reason"
        )
    obj.progress_override, obj.progress_override_reason = status, reason.strip() if status else ""
    with transaction.atomic():
        _validated_save(actor, obj)


def concept_draft_confirm(*, actor: Any, obj: DraftObject) -> DraftObject:
    """Confirm a draft from a workshop group (a guiding or annual goal, an indicator or a measure): from now on it is
    part of the concept like any other, and only the concept's editors change it. Needs `strategy.edit_concept`."""
    if not isinstance(obj, DRAFT_MODELS):
        raise ApplicationError(_("Only goals, indicators and measures can be drafts."))
    _check_may_edit(actor, body_of(obj))
    with transaction.atomic():
        if not _stored_draft_ids(type(obj), [obj.pk]):
            raise ApplicationError(_("This is not a draft (any more); there is nothing to confirm."))
        obj.refresh_from_db()  # confirm what is stored (the row is locked now), not a copy someone changed since
        obj.draft = False
        _validated_save(actor, obj)
    return obj


# --- Indicators --------------------------------------------------------------------------------------------------


def indicator_create(
    *,
    actor: Any,
    body: Body,
    name: str,
    guiding_goals: Iterable[GuidingGoal] | None = None,
    annual_goals: Iterable[AnnualGoal] | None = None,
    **fields: Any,
) -> Indicator:
    indicator = Indicator(body=body, name=name)
    entry = fields.get("catalogue_entry")
    if entry is not None:
        # Start from the catalogue's definition; what the caller gives wins.
        for attr, value in (
            ("definition", entry.definition),
            ("data_source", entry.source),
            ("levels", entry.levels),
            ("polarity", entry.polarity),
        ):
            fields.setdefault(attr, value)
    _apply(indicator, fields)
    with transaction.atomic():
        _validated_save(actor, indicator)
        _set_links(indicator, {"guiding_goals": guiding_goals, "annual_goals": annual_goals})
    return indicator


def indicator_update(
    *,
    actor: Any,
    indicator: Indicator,
    guiding_goals: Iterable[GuidingGoal] | None = None,
    annual_goals: Iterable[AnnualGoal] | None = None,
    **changes: Any,
) -> Indicator:
    _apply(indicator, changes)
    with transaction.atomic():
        _validated_save(actor, indicator)
        _set_links(indicator, {"guiding_goals": guiding_goals, "annual_goals": annual_goals})
    return indicator


def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    _delete(actor, indicator)


def indicator_target_create(*, actor: Any, indicator: Indicator, kind: str, **fields: Any) -> IndicatorTarget:
    if fields.get("order") is None:
        fields["order"] = indicator.targets.count() + 1
    target = IndicatorTarget(indicator=indicator, kind=kind)
    _apply(target, fields)
    if target.kind not in ("open", "done") and target.value is None:
        raise ApplicationError(_("Please enter a target value, or choose “open”."), field="value")
    with transaction.atomic():
        _validated_save(actor, target)
    return target


def indicator_target_update(*, actor: Any, target: IndicatorTarget, **changes: Any) -> IndicatorTarget:
    _apply(target, changes)
    if target.kind not in ("open", "done") and target.value is None:
        raise ApplicationError(_("Please enter a target value, or choose “open”."), field="value")
    with transaction.atomic():
        _validated_save(actor, target)
    return target


def indicator_target_delete(*, actor: Any, target: IndicatorTarget) -> None:
    _delete(actor, target)


# --- Measures ----------------------------------------------------------------------------------------------------


def measure_create(
    *,
    actor: Any,
    concept: Concept,
    title: str,
    guiding_goals: Iterable[GuidingGoal] | None = None,
    annual_goals: Iterable[AnnualGoal] | None = None,
    actors: Iterable[Any] | None = None,
    **fields: Any,
) -> Measure:
    if fields.get("order") is None:
        fields["order"] = concept.measures.count() + 1
    measure = Measure(concept=concept, title=title)
    _apply(measure, fields)
    if measure.field is not None and measure.field.concept_id != concept.pk:
        raise ApplicationError(_("The field of action must belong to the same concept."), field="field")
    actors = _check_actors(concept.body_id, measure.lead_actor, actors)
    with transaction.atomic():
        _validated_save(actor, measure)
        _set_links(measure, {"guiding_goals": guiding_goals, "annual_goals": annual_goals})
        if actors is not None:
            measure.actors.set(actors)
    return measure


def measure_update(
    *,
    actor: Any,
    measure: Measure,
    guiding_goals: Iterable[GuidingGoal] | None = None,
    annual_goals: Iterable[AnnualGoal] | None = None,
    actors: Iterable[Any] | None = None,
    **changes: Any,
) -> Measure:
    _apply(measure, changes)
    if measure.field is not None and measure.field.concept_id != measure.concept_id:
        raise ApplicationError(_("The field of action must belong to the same concept."), field="field")
    actors = _check_actors(measure.concept.body_id, measure.lead_actor, actors)
    with transaction.atomic():
        _validated_save(actor, measure)
        _set_links(measure, {"guiding_goals": guiding_goals, "annual_goals": annual_goals})
        if actors is not None:
            measure.actors.set(actors)
    return measure


def measure_link_actors_from_text(*, actor: Any, measure: Measure) -> list[str]:
    """Link the measure to the actor records its text names (lead and involved actors), keeping the text; returns
    the parts of the text that name no actor of the body yet, so the page can offer to create them."""
    known = list(Actor.objects.filter(body_id=measure.concept.body_id))
    lead, lead_rest = match_actors(measure.lead_owner, known)
    involved, rest = match_actors(measure.involved_actors, known)
    changes: dict[str, Any] = {}
    if lead and measure.lead_actor_id is None:
        changes["lead_actor"] = lead[0]
    current = list(measure.actors.all())
    measure_update(actor=actor, measure=measure, actors=current + [a for a in involved if a not in current], **changes)
    return lead_rest + rest


def _check_actors(body_id: int, lead: Any, actors: Iterable[Any] | None) -> list[Any] | None:
    """Actors are the body's own records: another body's actor is refused, never linked."""
    if lead is not None and lead.body_id != body_id:
        raise ApplicationError(_("The lead must be an actor of the same body."), field="lead_actor")
    if actors is None:
        return None
    actors = list(actors)
    if any(item.body_id != body_id for item in actors):
        raise ApplicationError(_("Only actors of the same body can be linked."), field="actors")
    return actors


def measure_delete(*, actor: Any, measure: Measure) -> None:
    _delete(actor, measure)


def _check_funding_link(actor: Any, measure: Measure, application: FundingApplication) -> None:
    _check_may_edit(actor, measure.concept.body)
    if application.call.guideline.body_id != measure.concept.body_id:
        raise ApplicationError(_("Only funded projects of the same body can be linked."), field="funding_application")


def measure_link_funding(*, actor: Any, measure: Measure, application: FundingApplication) -> Measure:
    """Name a funded project (a `network.FundingApplication` of the same body) as carrying out the measure."""
    _check_funding_link(actor, measure, application)
    with transaction.atomic():
        record_actor(measure, actor)
        measure.funding_applications.add(application)
    return measure


def measure_unlink_funding(*, actor: Any, measure: Measure, application: FundingApplication) -> Measure:
    _check_funding_link(actor, measure, application)
    with transaction.atomic():
        record_actor(measure, actor)
        measure.funding_applications.remove(application)
    return measure


def measure_budget_create(*, actor: Any, measure: Measure, amount: Any, **fields: Any) -> MeasureBudget:
    line = MeasureBudget(measure=measure, amount=amount)
    _apply(line, fields)
    with transaction.atomic():
        _validated_save(actor, line)
    return line


def measure_budget_delete(*, actor: Any, line: MeasureBudget) -> None:
    _delete(actor, line)


def milestone_create(*, actor: Any, measure: Measure, title: str, **fields: Any) -> Milestone:
    milestone = Milestone(measure=measure, title=title)
    _apply(milestone, fields)
    with transaction.atomic():
        _validated_save(actor, milestone)
    return milestone


def milestone_update(*, actor: Any, milestone: Milestone, **changes: Any) -> Milestone:
    _apply(milestone, changes)
    with transaction.atomic():
        _validated_save(actor, milestone)
    return milestone


def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    _delete(actor, milestone)


def evidence_file_create(*, actor: Any, measure: Measure, title: str, upload: Any) -> EvidenceFile:
    """Attach a file as evidence to a measure. Only known document and image types, checked by content (the shared
    upload check: size, type, safe name)."""
    _check_may_edit(actor, measure.concept.body)
    mime_type, suffix = check_upload(
        upload,
        types=DOCUMENT_AND_IMAGE_TYPES,
        refusal=_("Please upload a PDF, Word, Excel, OpenDocument or image file."),
    )
    upload.name = safe_upload_name(upload, mime_type, suffix)
    evidence = EvidenceFile(measure=measure, title=title.strip(), file=upload, uploaded_by=actor)
    with transaction.atomic():
        _validated_save(actor, evidence)
    return evidence


def funding_category_create(*, actor: Any, body: Body, code: str, name: str) -> FundingCategory:
    if FundingCategory.objects.filter(body=body, code__iexact=code.strip()).exists():
        raise ApplicationError(_("This code is already in use."), field="code")
    category = FundingCategory(body=body, code=code.strip(), name=name.strip())
    with transaction.atomic():
        _validated_save(actor, category)
    return category


# --- Evaluation and self-assessment --------------------------------------------------------------------------------


def evaluation_create(
    *, actor: Any, concept: Concept, subject: GuidingGoal | AnnualGoal | Measure, **fields: Any
) -> Evaluation:
    if actor is not None and not actor.has_perm("strategy.evaluate", concept.body):
        raise ApplicationError(_("You may not evaluate the integration concept of this body."))
    if body_of(subject) != concept.body:
        raise ApplicationError(_("Only goals and measures of this body can be evaluated here."))
    subject_field = {GuidingGoal: "guiding_goal", AnnualGoal: "annual_goal", Measure: "measure"}[type(subject)]
    evaluation = Evaluation(concept=concept, reviewer=actor, **{subject_field: subject})
    _apply(evaluation, fields)
    with transaction.atomic():
        _validated_save(actor, evaluation)
    return evaluation


def self_assessment_set(
    *, actor: Any, body: Body, year: int, recommendation: int, rating: int, note: str = ""
) -> SelfAssessment:
    """Rate one of the ten recommendations for a year (creating or changing the rating)."""
    assessment = SelfAssessment.objects.filter(body=body, year=year, recommendation=recommendation).first()
    if assessment is None:
        assessment = SelfAssessment(body=body, year=year, recommendation=recommendation, rating=rating)
    assessment.rating, assessment.note = rating, note
    with transaction.atomic():
        _validated_save(actor, assessment, exclude=[])
    return assessment


# --- Observations ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObservationRow:
    """One observation to write, already parsed. `breakdown` is {} for the total."""

    period_start: date
    period_end: date
    value: Decimal
    period_label: str = ""
    area_ags: str = ""
    breakdown: dict[str, str] = dc_field(default_factory=dict)
    unit: str = ""
    provisional: bool = False
    estimated: bool = False
    confidential: bool = False
    source: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[date, date, str, str]:
        return (self.period_start, self.period_end, self.area_ags, Observation.key_for(self.breakdown))


def observations_upsert(
    *, actor: Any, indicator: Indicator, rows: Sequence[ObservationRow], file_name: str = ""
) -> ObservationImport:
    """Write parsed rows all or nothing. A row with the key of an existing observation (period, area, breakdown)
    updates it, so importing the same file twice changes no value (the import log still records the attempt,
    with 0 new and 0 updated). Rows must be valid already; duplicates within the rows are refused."""
    body = indicator.body
    if actor is not None and not actor.has_perm("strategy.import_observations", body):
        raise ApplicationError(_("You may not import data for this body."))
    # The body's own AGS written out means the same as blank: one key for the own area.
    rows = [replace(row, area_ags="") if body.ags and row.area_ags == body.ags else row for row in rows]
    for number, row in enumerate(rows, start=1):
        texts = [str(part) for pair in row.breakdown.items() for part in pair]
        if any("=" in text or ";" in text for text in texts):
            raise ApplicationError(
                _("Value %(number)s: names and values of a breakdown must not contain “=” or “;”.") % {"number": number}
            )
        if len(Observation.key_for(row.breakdown)) > 200:
            raise ApplicationError(_("Value %(number)s: the breakdown is too long.") % {"number": number})
    keys = [row.key for row in rows]
    if len(set(keys)) != len(keys):
        raise ApplicationError(_("The data contains the same period, area and breakdown more than once."))
    if not rows:
        raise ApplicationError(_("The data contains no values."))
    existing = {
        (obs.period_start, obs.period_end, obs.area_ags, obs.breakdown_key): obs
        for obs in indicator.observations.filter(period_start__in={row.period_start for row in rows})
    }
    fields = [
        "period_label",
        "value",
        "unit",
        "provisional",
        "estimated",
        "confidential",
        "source",
        "note",
        "breakdown",
    ]
    with transaction.atomic():
        log = ObservationImport.objects.create(
            body=body, indicator=indicator, file_name=file_name[:300], imported_by=actor
        )
        new, changed = [], []
        for row in rows:
            obs = existing.get(row.key)
            values = {name: getattr(row, name) for name in fields}
            if obs is None:
                new.append(
                    Observation(
                        indicator=indicator,
                        period_start=row.period_start,
                        period_end=row.period_end,
                        area_ags=row.area_ags,
                        breakdown_key=Observation.key_for(row.breakdown),
                        imported_by=log,
                        **values,
                    )
                )
            elif any(getattr(obs, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(obs, name, value)
                obs.imported_by, obs.modified = log, timezone.now()
                changed.append(obs)
        for obs in new + changed:
            try:
                obs.full_clean(exclude=["indicator", "imported_by"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                raise ApplicationError("; ".join(error.messages)) from error
        Observation.objects.bulk_create(new, batch_size=1000)
        Observation.objects.bulk_update(changed, [*fields, "imported_by", "modified"], batch_size=1000)
        log.created_rows, log.updated_rows = len(new), len(changed)
        log.save(update_fields=["created_rows", "updated_rows", "modified"])
    return log
