"""Writes of participation. Validate, then act: permission and rules first, then `full_clean()`, then save — in one
transaction, with the actor recorded in the change history.

Integrity of the dot vote under parallel requests: every write of a vote's ballots, paper dots or status first locks
the vote's row (SELECT … FOR UPDATE on PostgreSQL; SQLite runs write transactions one at a time anyway, see
`transaction_mode` IMMEDIATE in the settings). So casting, closing and counting happen one after another per vote,
and the database itself refuses a ballot above its budget and a second row for the same ballot and option.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.strategy.models import Concept, FieldOfAction
from querschnitt.strategy.services import fields_set_priorities
from querschnitt.tenancy.models import Body

from . import process_template, selectors
from .access import BODY_PATH
from .models import (
    Allocation,
    Ballot,
    ChecklistItem,
    DotVote,
    DotVoteOption,
    DotVoteStatus,
    PaperCount,
    PaperTally,
    PhaseKind,
    ProgrammeItem,
    ResultVisibility,
    TieBreak,
    TieBreakMethod,
    Voter,
    WorkshopDay,
    WorkshopPhase,
    WorkshopProcess,
)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone without doubt
CODE_LENGTH = 8
MAX_VOTERS_AT_ONCE = 500


def body_of(instance: models.Model) -> Body:
    current: Any = instance
    for step in BODY_PATH[type(instance)].split("__"):
        current = getattr(current, step)
    return current


def _require(actor: Any, perm: str, body: Body, message: str) -> None:
    if actor is not None and not actor.has_perm(perm, body):
        raise ApplicationError(message)


def _may_manage(actor: Any, body: Body) -> None:
    _require(actor, "participation.manage_workshop", body, _("You may not plan the workshops of this body."))


def _may_run(actor: Any, body: Body) -> None:
    _require(actor, "participation.run_dot_vote", body, _("You may not run the dot votes of this body."))


def _validated_save(actor: Any, instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error
    record_actor(instance, actor)
    instance.save()


def _check_concept(concept: Concept | None, body: Body) -> None:
    if concept is not None and concept.body_id != body.pk:
        raise ApplicationError(_("The concept must belong to the same body."), field="concept")


# --- Workshop process -----------------------------------------------------------------------------------------------


def workshop_process_create(
    *,
    actor: Any,
    body: Body,
    title: str,
    start_date: date,
    workshop_date: date | None = None,
    concept: Concept | None = None,
    notes: str = "",
) -> WorkshopProcess:
    """A process from the standard template: four phases at their usual distance from `start_date` (the preparation
    workshop), the two workshop days with the guiding questions of seed 003, and a checklist for every phase.
    `workshop_date` moves the two-day workshop and the phases that count from it."""
    _may_manage(actor, body)
    _check_concept(concept, body)
    if not title.strip():
        raise ApplicationError(_("Please give the process a title."), field="title")
    dates = process_template.default_dates(start_date)
    if workshop_date is not None:
        if workshop_date < start_date:
            raise ApplicationError(_("The workshop cannot lie before the preparation workshop."), field="workshop_date")
        shift = workshop_date - dates[PhaseKind.WORKSHOP][0]
        for template in process_template.PHASES:
            if template.after is not None:
                first, last = dates[template.kind]
                dates[template.kind] = (first + shift, last + shift if last else None)
    process = WorkshopProcess(body=body, title=title.strip(), concept=concept, notes=notes)
    with transaction.atomic():
        _validated_save(actor, process)
        for order, template in enumerate(process_template.PHASES, start=1):
            first, last = dates[template.kind]
            phase = WorkshopPhase(
                process=process, kind=template.kind, order=order, title=template.title, start_date=first, end_date=last
            )
            _validated_save(actor, phase)
            for day_order, day_template in enumerate(template.days, start=1):
                day = WorkshopDay(
                    phase=phase,
                    order=day_order,
                    date=first + timedelta(days=day_template.offset_days),
                    title=day_template.title,
                    subtitle=day_template.subtitle,
                )
                _validated_save(actor, day)
                ProgrammeItem.objects.bulk_create(
                    ProgrammeItem(day=day, order=number, text=text)
                    for number, text in enumerate(day_template.programme, start=1)
                )
            for item_order, text in enumerate(template.checklist, start=1):
                item = ChecklistItem(phase=phase, order=item_order, text=text)
                _validated_save(actor, item)
    return process


def workshop_process_update(*, actor: Any, process: WorkshopProcess, **changes: Any) -> WorkshopProcess:
    _may_manage(actor, process.body)
    allowed = {"title", "concept", "notes"}
    for name, value in changes.items():
        if name not in allowed:
            raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
        setattr(process, name, value)
    _check_concept(process.concept, process.body)
    with transaction.atomic():
        _validated_save(actor, process)
    return process


def workshop_phase_update(
    *,
    actor: Any,
    phase: WorkshopPhase,
    title: str,
    start_date: date,
    end_date: date | None = None,
    location: str = "",
    notes: str = "",
) -> WorkshopPhase:
    """Change a phase. Moving its first day moves its days along, so that the programme stays on the phase."""
    _may_manage(actor, phase.process.body)
    if end_date is not None and end_date < start_date:
        raise ApplicationError(_("The end lies before the start."), field="end_date")
    # From the stored row: a model form may already have put the new date on the instance.
    shift = start_date - WorkshopPhase.objects.values_list("start_date", flat=True).get(pk=phase.pk)
    phase.title, phase.start_date, phase.end_date = title.strip(), start_date, end_date
    phase.location, phase.notes = location.strip(), notes
    with transaction.atomic():
        _validated_save(actor, phase)
        if shift:
            for day in phase.days.all():
                day.date += shift
                _validated_save(actor, day)
    return phase


def workshop_day_update(
    *, actor: Any, day: WorkshopDay, date: date, title: str, subtitle: str = "", programme: Sequence[str] = ()
) -> WorkshopDay:
    """Change a day and its programme (one item per entry; blank entries are dropped)."""
    _may_manage(actor, day.phase.process.body)
    day.date, day.title, day.subtitle = date, title.strip(), subtitle.strip()
    items = [text.strip() for text in programme if text.strip()]
    with transaction.atomic():
        _validated_save(actor, day)
        day.items.all().delete()
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(day=day, order=number, text=text) for number, text in enumerate(items, start=1)
        )
    return day


def checklist_item_create(*, actor: Any, phase: WorkshopPhase, text: str) -> ChecklistItem:
    _may_manage(actor, phase.process.body)
    if not text.strip():
        raise ApplicationError(_("Please describe the task."), field="text")
    item = ChecklistItem(phase=phase, text=text.strip(), order=phase.checklist.count() + 1)
    with transaction.atomic():
        _validated_save(actor, item)
    return item


def checklist_item_set_done(*, actor: Any, item: ChecklistItem, done: bool) -> ChecklistItem:
    _may_manage(actor, item.phase.process.body)
    item.done_at = timezone.now() if done else None
    item.done_by = actor if done else None
    with transaction.atomic():
        _validated_save(actor, item)
    return item


# --- Dot vote: setting up -------------------------------------------------------------------------------------------

SETTINGS_FIXED_WHEN_OPEN = {"points_per_voter", "max_points_per_option", "spend_all", "anonymous"}


def _check_rules(vote: DotVote, option_count: int | None = None) -> None:
    cap = vote.max_points_per_option
    if cap is not None and cap > vote.points_per_voter:
        raise ApplicationError(
            _("The limit per option cannot be higher than the points per voter."), field="max_points_per_option"
        )
    if vote.spend_all and cap is not None and option_count and cap * option_count < vote.points_per_voter:
        raise ApplicationError(
            _("With this limit per option nobody can spend all points."), field="max_points_per_option"
        )


def _clean_labels(labels: Iterable[str]) -> list[str]:
    result: list[str] = []
    for label in labels:
        label = " ".join(label.split())
        if not label:
            continue
        if label.lower() in {existing.lower() for existing in result}:
            raise ApplicationError(_("The option “%(label)s” is listed twice.") % {"label": label}, field="options")
        if len(label) > 200:
            raise ApplicationError(_("An option may have at most 200 characters."), field="options")
        result.append(label)
    return result


def _set_options(vote: DotVote, labels: list[str], fields: Mapping[str, FieldOfAction]) -> None:
    vote.options.all().delete()
    DotVoteOption.objects.bulk_create(
        DotVoteOption(dot_vote=vote, label=label, order=order, field=fields.get(label.lower()))
        for order, label in enumerate(labels, start=1)
    )


def _concept_fields(concept: Concept | None) -> dict[str, FieldOfAction]:
    if concept is None:
        return {}
    return {field.title.lower(): field for field in concept.fields.filter(parent__isnull=True).order_by("order", "pk")}


def dot_vote_create(
    *,
    actor: Any,
    body: Body,
    title: str,
    options: Sequence[str] = (),
    options_from_concept: bool = False,
    process: WorkshopProcess | None = None,
    concept: Concept | None = None,
    **settings: Any,
) -> DotVote:
    """A dot vote in preparation. Options are free text, or (`options_from_concept`) the fields of action of the
    concept; a free option with the title of a field of the concept is linked to that field."""
    _may_run(actor, body)
    if process is not None and process.body_id != body.pk:
        raise ApplicationError(_("The workshop process must belong to the same body."), field="process")
    if concept is None and process is not None:
        concept = process.concept
    _check_concept(concept, body)
    fields = _concept_fields(concept)
    if options_from_concept:
        if concept is None:
            raise ApplicationError(
                _("Please choose the concept whose fields of action are the options."), field="concept"
            )
        labels = [field.title for field in fields.values()]
    else:
        labels = _clean_labels(options)
    if len(labels) < 2:
        raise ApplicationError(_("A dot vote needs at least two options."), field="options")
    unknown = set(settings) - {"question", *SETTINGS_FIXED_WHEN_OPEN, "visibility"}
    if unknown:
        raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": sorted(unknown)[0]})
    vote = DotVote(body=body, title=title.strip(), process=process, concept=concept, **settings)
    _check_rules(vote, len(labels))
    with transaction.atomic():
        _validated_save(actor, vote)
        _set_options(vote, labels, fields)
    return vote


def dot_vote_update(*, actor: Any, dot_vote: DotVote, options: Sequence[str] | None = None, **changes: Any) -> DotVote:
    """Change a vote. Its rules (points, limit, spending all, anonymity) and options are fixed once voting has
    started; a result hidden until closing stays hidden until closing."""
    _may_run(actor, dot_vote.body)
    with transaction.atomic():
        vote = DotVote.objects.select_for_update().get(pk=dot_vote.pk)
        started = vote.status != DotVoteStatus.DRAFT
        for name, value in changes.items():
            if name not in {"title", "question", "visibility", *SETTINGS_FIXED_WHEN_OPEN}:
                raise ApplicationError(_("The field %(field)s cannot be changed.") % {"field": name})
            if started and name in SETTINGS_FIXED_WHEN_OPEN and getattr(vote, name) != value:
                raise ApplicationError(
                    _("The rules of the vote cannot be changed once voting has started."), field=name
                )
            if (
                started
                and name == "visibility"
                and vote.visibility == ResultVisibility.AFTER_CLOSE
                and value != ResultVisibility.AFTER_CLOSE
            ):
                raise ApplicationError(
                    _("The result was announced to stay hidden until closing; it cannot be revealed early."),
                    field="visibility",
                )
            setattr(vote, name, value)
        labels = None
        if options is not None:
            labels = _clean_labels(options)
            current = list(vote.options.order_by("order", "pk").values_list("label", flat=True))
            if labels != current:
                if started:
                    raise ApplicationError(_("The options cannot be changed once voting has started."), field="options")
                if len(labels) < 2:
                    raise ApplicationError(_("A dot vote needs at least two options."), field="options")
            else:
                labels = None
        _check_rules(vote, len(labels) if labels is not None else vote.options.count())
        _validated_save(actor, vote)
        if labels is not None:
            _set_options(vote, labels, _concept_fields(vote.concept))
    dot_vote.refresh_from_db()
    return dot_vote


def _locked(dot_vote: DotVote) -> DotVote:
    """The vote's row, locked until the end of the transaction (see the module's docstring)."""
    return DotVote.objects.select_for_update(of=("self",)).select_related("run_off_of").get(pk=dot_vote.pk)


def dot_vote_open(*, actor: Any, dot_vote: DotVote) -> DotVote:
    _may_run(actor, dot_vote.body)
    with transaction.atomic():
        vote = _locked(dot_vote)
        if vote.status != DotVoteStatus.DRAFT:
            raise ApplicationError(_("Only a vote in preparation can be opened."))
        if vote.options.count() < 2:
            raise ApplicationError(_("A dot vote needs at least two options."))
        vote.status, vote.opened_at = DotVoteStatus.OPEN, timezone.now()
        _validated_save(actor, vote)
    return vote


def dot_vote_close(*, actor: Any, dot_vote: DotVote) -> DotVote:
    """Close the vote. For an anonymous vote the points are then summed per option and every link between a voter
    and their points is deleted."""
    _may_run(actor, dot_vote.body)
    with transaction.atomic():
        vote = _locked(dot_vote)
        if vote.status != DotVoteStatus.OPEN:
            raise ApplicationError(_("Only an open vote can be closed."))
        vote.status, vote.closed_at = DotVoteStatus.CLOSED, timezone.now()
        _validated_save(actor, vote)
        if vote.anonymous:
            allocations = Allocation.objects.filter(option__dot_vote=vote)
            totals = list(allocations.values("option_id").annotate(total=Sum("points")).order_by("option_id"))
            allocations.delete()
            Allocation.objects.bulk_create(
                Allocation(ballot=None, option_id=row["option_id"], points=row["total"])
                for row in totals
                if row["total"]
            )
    return vote


# --- Dot vote: voters and ballots -----------------------------------------------------------------------------------


def _new_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = count - len(codes)
        candidates = {"".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(wanted)}
        taken = set(Voter.objects.filter(token__in=candidates).values_list("token", flat=True))
        codes |= candidates - taken
    return sorted(codes)[:count]


def voters_create(*, actor: Any, dot_vote: DotVote, count: int = 0, names: Sequence[str] = ()) -> list[Voter]:
    """Personal codes for the vote: `count` unnamed ones, or one per name (names only where the vote is not
    anonymous: an anonymous vote hands out cards without names)."""
    _may_run(actor, dot_vote.body)
    vote = dot_vote.root
    if vote.status == DotVoteStatus.CLOSED:
        raise ApplicationError(_("The vote is closed."))
    names = [" ".join(name.split())[:200] for name in names if name.strip()]
    if names and vote.anonymous:
        raise ApplicationError(_("An anonymous vote hands out codes without names."), field="names")
    total = len(names) or count
    if total < 1 or total > MAX_VOTERS_AT_ONCE:
        raise ApplicationError(
            _("Please ask for between 1 and %(max)s codes.") % {"max": MAX_VOTERS_AT_ONCE}, field="count"
        )
    labels = names or [""] * total
    with transaction.atomic():
        voters = Voter.objects.bulk_create(
            Voter(dot_vote=vote, token=code, label=label) for code, label in zip(_new_codes(total), labels, strict=True)
        )
    return voters


def voter_for_user(*, user: Any, dot_vote: DotVote) -> Voter:
    """The voter of a signed-in user in a vote (created on first use). Anyone who works in the body may vote."""
    vote = dot_vote.root
    if not user.has_perm("participation.vote", vote.body):
        raise ApplicationError(_("You may not vote in this body."))
    voter = Voter.objects.filter(dot_vote=vote, user=user).first()
    if voter is not None:
        return voter
    try:
        with transaction.atomic():
            return Voter.objects.create(dot_vote=vote, user=user, token=_new_codes(1)[0])
    except IntegrityError:  # the same user in a second tab at the same moment
        return Voter.objects.get(dot_vote=vote, user=user)


def dot_vote_cast(*, voter: Voter, dot_vote: DotVote, points: Mapping[int, int]) -> Ballot:
    """Cast or change the voter's ballot: `points` maps option ids to points. Replaces the voter's previous points.

    Checked under the vote's row lock: the vote is open, the code belongs to it, the points stay within the budget
    and the limit per option, and (if the vote says so) all points are spent."""
    with transaction.atomic():
        vote = _locked(dot_vote)
        if voter.dot_vote_id != (vote.run_off_of_id or vote.pk):
            raise ApplicationError(_("This code does not belong to this vote."))
        if vote.status == DotVoteStatus.DRAFT:
            raise ApplicationError(_("The vote has not been opened yet."))
        if vote.status == DotVoteStatus.CLOSED:
            raise ApplicationError(_("The vote is closed; your points can no longer be changed."))
        option_ids = set(vote.options.values_list("pk", flat=True))
        wanted: dict[int, int] = {}
        for option_id, value in points.items():
            if option_id not in option_ids:
                raise ApplicationError(_("This option does not belong to the vote."))
            if value < 0:
                raise ApplicationError(_("Points cannot be negative."))
            if value:
                wanted[option_id] = value
        total, budget, cap = sum(wanted.values()), vote.points_per_voter, vote.max_points_per_option
        if total == 0:
            raise ApplicationError(_("Please give at least one point."))
        if total > budget:
            raise ApplicationError(
                ngettext(
                    "You have %(budget)s point; you gave %(total)s.",
                    "You have %(budget)s points; you gave %(total)s.",
                    budget,
                )
                % {"budget": budget, "total": total}
            )
        if cap is not None and any(value > cap for value in wanted.values()):
            raise ApplicationError(
                ngettext("At most %(cap)s point per option.", "At most %(cap)s points per option.", cap) % {"cap": cap}
            )
        if vote.spend_all and total != budget:
            raise ApplicationError(
                # Spending not all points means a budget of at least 2; the verb follows what is left.
                ngettext(
                    "Please spend all %(budget)s points; %(left)s is left.",
                    "Please spend all %(budget)s points; %(left)s are left.",
                    budget - total,
                )
                % {"budget": budget, "left": budget - total}
            )
        ballot, _created = Ballot.objects.get_or_create(dot_vote=vote, voter=voter, defaults={"budget": budget})
        ballot.allocations.all().delete()
        Allocation.objects.bulk_create(
            Allocation(ballot=ballot, option_id=option_id, points=value) for option_id, value in wanted.items()
        )
        ballot.points, ballot.cast_at = total, timezone.now()
        ballot.save(update_fields=["points", "cast_at"])
    return ballot


# --- Dot vote: paper dots, ties, run-offs ---------------------------------------------------------------------------


def _check_countable(vote: DotVote) -> None:
    if vote.status == DotVoteStatus.DRAFT:
        raise ApplicationError(_("Paper dots can be entered once the vote has been opened."))
    if vote.adopted_at is not None:
        raise ApplicationError(_("The result has been adopted into the concept; it can no longer be changed."))


def _too_many_dots(people: int, points: int, total: int) -> str:
    """„2 Personen mit je 3 Punkten können nicht 7 Punkte geklebt haben.“: three counts, each with its own plural."""
    # Translators: after “with”, e.g. “2 people with 3 points each”; German: dative („mit je 3 Punkten“).
    each = ngettext("%(count)s point each", "%(count)s points each", points) % {"count": points}
    # Translators: the dots put on the paper, e.g. “cannot have put 7 dots”; German: accusative („7 Punkte“).
    dots = ngettext("%(count)s dot", "%(count)s dots", total) % {"count": total}
    # Translators: %(each)s is e.g. “3 points each”, %(dots)s e.g. “7 dots”.
    return ngettext(
        "%(people)s person with %(each)s cannot have put %(dots)s.",
        "%(people)s people with %(each)s cannot have put %(dots)s.",
        people,
    ) % {"people": people, "each": each, "dots": dots}


def paper_tally_set(
    *,
    actor: Any,
    dot_vote: DotVote,
    origin: str,
    counts: Mapping[int, int],
    participants: int | None = None,
) -> PaperTally:
    """Enter the counted dots of one station or flipchart. Entering an origin again replaces its counts: each origin
    is counted once. Changing paper dots drops recorded tie-breaks (the ties may have changed)."""
    _may_run(actor, dot_vote.body)
    origin = " ".join(origin.split())
    if not origin:
        raise ApplicationError(_("Please name the station or flipchart."), field="origin")
    with transaction.atomic():
        vote = _locked(dot_vote)
        _check_countable(vote)
        option_ids = set(vote.options.values_list("pk", flat=True))
        if any(option_id not in option_ids for option_id in counts):
            raise ApplicationError(_("This option does not belong to the vote."))
        if any(value < 0 for value in counts.values()):
            raise ApplicationError(_("Points cannot be negative."))
        total = sum(counts.values())
        if participants is not None:
            if total > participants * vote.points_per_voter:
                raise ApplicationError(_too_many_dots(participants, vote.points_per_voter, total), field="participants")
            cap = vote.max_points_per_option
            if cap is not None and any(value > participants * cap for value in counts.values()):
                raise ApplicationError(
                    ngettext(
                        "An option has more dots than %(people)s person may put on it.",
                        "An option has more dots than %(people)s people may put on it.",
                        participants,
                    )
                    % {"people": participants},
                    field="participants",
                )
        tally = PaperTally.objects.filter(dot_vote=vote, origin__iexact=origin).first()
        if tally is None:
            tally = PaperTally(dot_vote=vote, origin=origin)
        tally.origin, tally.participants, tally.entered_by = origin, participants, actor
        _validated_save(actor, tally, exclude=["dot_vote"])
        tally.counts.all().delete()
        PaperCount.objects.bulk_create(
            PaperCount(tally=tally, option_id=option_id, points=value) for option_id, value in counts.items() if value
        )
        vote.tie_breaks.all().delete()
    return tally


def paper_tally_delete(*, actor: Any, tally: PaperTally) -> None:
    _may_run(actor, tally.dot_vote.body)
    with transaction.atomic():
        vote = _locked(tally.dot_vote)
        _check_countable(vote)
        record_actor(tally, actor)
        tally.delete()
        vote.tie_breaks.all().delete()


def _tied_group(vote: DotVote, rank: int) -> selectors.RankGroup:
    if vote.status != DotVoteStatus.CLOSED:
        raise ApplicationError(_("Ties are broken after the vote has been closed."))
    if vote.adopted_at is not None:
        raise ApplicationError(_("The result has been adopted into the concept; it can no longer be changed."))
    group = selectors.dot_vote_result(vote).group_of_rank(rank)
    if group is None or not group.tied:
        raise ApplicationError(_("There is no tie at rank %(rank)s.") % {"rank": rank})
    return group


def tie_break_decide(*, actor: Any, dot_vote: DotVote, rank: int, option_order: Sequence[int], reason: str) -> TieBreak:
    """Record the moderation's decision on the order of tied options, with its reason."""
    _may_run(actor, dot_vote.body)
    if not reason.strip():
        raise ApplicationError(_("Please give the reason for the decision."), field="reason")
    with transaction.atomic():
        vote = _locked(dot_vote)
        group = _tied_group(vote, rank)
        tied = [entry.option.pk for entry in group.entries]
        if sorted(option_order) != sorted(tied):
            raise ApplicationError(_("Please give each tied option its own place."), field="option_order")
        vote.tie_breaks.filter(rank=rank).delete()
        tie = TieBreak(
            dot_vote=vote,
            rank=rank,
            method=TieBreakMethod.DECISION,
            option_order=list(option_order),
            reason=reason.strip(),
            decided_by=actor,
        )
        _validated_save(actor, tie)
    return tie


def run_off_create(*, actor: Any, dot_vote: DotVote, rank: int, points_per_voter: int = 1) -> DotVote:
    """A run-off among the options tied at `rank`: the same voters with their codes, one point each by default."""
    _may_run(actor, dot_vote.body)
    with transaction.atomic():
        vote = _locked(dot_vote)
        if vote.run_off_of_id:
            raise ApplicationError(_("A run-off cannot have a run-off of its own; please decide as moderation."))
        group = _tied_group(vote, rank)
        if vote.run_offs.exclude(status=DotVoteStatus.CLOSED).exists():
            raise ApplicationError(_("A run-off of this vote is still in progress."))
        run_off = DotVote(
            body=vote.body,
            process=vote.process,
            concept=vote.concept,
            run_off_of=vote,
            tied_rank=rank,
            title=_("Run-off: %(title)s, rank %(rank)s") % {"title": vote.title, "rank": rank},
            question=vote.question,
            points_per_voter=points_per_voter,
            anonymous=vote.anonymous,
            visibility=ResultVisibility.AFTER_CLOSE,
        )
        _validated_save(actor, run_off)
        DotVoteOption.objects.bulk_create(
            DotVoteOption(dot_vote=run_off, label=entry.option.label, field=entry.option.field, order=order)
            for order, entry in enumerate(group.entries, start=1)
        )
    return run_off


def tie_break_from_run_off(*, actor: Any, run_off: DotVote) -> TieBreak:
    """Take a closed run-off's order as the tie-break of its parent's rank."""
    _may_run(actor, run_off.body)
    parent = run_off.run_off_of
    if parent is None or run_off.tied_rank is None:
        raise ApplicationError(_("This vote is not a run-off."))
    if run_off.status != DotVoteStatus.CLOSED:
        raise ApplicationError(_("The run-off has not been closed yet."))
    result = selectors.dot_vote_result(run_off)
    if any(group.tied for group in result.groups):
        raise ApplicationError(_("The run-off is tied as well; please decide as moderation."))
    with transaction.atomic():
        vote = _locked(parent)
        group = _tied_group(vote, run_off.tied_rank)
        by_label = {entry.option.label.lower(): entry.option.pk for entry in group.entries}
        order = [by_label.get(entry.option.label.lower()) for entry in result.ordered]
        if sorted(pk for pk in order if pk) != sorted(by_label.values()):
            raise ApplicationError(_("The run-off no longer matches the tie of the vote."))
        vote.tie_breaks.filter(rank=run_off.tied_rank).delete()
        tie = TieBreak(
            dot_vote=vote,
            rank=run_off.tied_rank,
            method=TieBreakMethod.RUN_OFF,
            option_order=order,
            run_off=run_off,
            reason=" · ".join(f"{entry.option.label} {entry.total}" for entry in result.ordered),
            decided_by=actor,
        )
        _validated_save(actor, tie)
    return tie


# --- Dot vote: adopting the result ----------------------------------------------------------------------------------


def adoption_plan(dot_vote: DotVote, concept: Concept) -> list[tuple[str, int, FieldOfAction | None]]:
    """What adopting would write: (field title, priority points, existing field or None) from first to last rank.
    Free options without points are left out; every option that is a field of action gets its points, also 0."""
    existing = {field.title: field for field in concept.fields.all()}
    plan: list[tuple[str, int, FieldOfAction | None]] = []
    for entry in selectors.dot_vote_result(dot_vote).ordered:
        option = entry.option
        linked = option.field if option.field is not None and option.field.concept_id == concept.pk else None
        title = linked.title if linked is not None else option.label
        if entry.total == 0 and linked is None and title not in existing:
            continue
        if title in {row[0] for row in plan}:
            raise ApplicationError(_("Two options name the field of action “%(title)s”.") % {"title": title})
        plan.append((title, entry.total, existing.get(title)))
    return plan


def dot_vote_adopt(*, actor: Any, dot_vote: DotVote, concept: Concept | None = None) -> list[FieldOfAction]:
    """Turn the closed vote's ranking into the concept's fields of action and their priority points, through the
    concept's own service (missing fields are created in the order of the ranking, ties in their tie-break order).

    The moderators run the workshop and may hand its result over (`participation.adopt_dot_vote`); the concept's
    service lets them set priority points (`strategy.set_priorities`) and records them in the concept's history; the
    vote records who adopted it and when."""
    body = dot_vote.body
    _require(actor, "participation.adopt_dot_vote", body, _("You may not adopt the result of this vote."))
    concept = concept or dot_vote.concept or (dot_vote.process.concept if dot_vote.process else None)
    if concept is None:
        raise ApplicationError(_("Please choose the integration concept to adopt the result into."), field="concept")
    _check_concept(concept, body)
    with transaction.atomic():
        vote = _locked(dot_vote)
        if vote.run_off_of_id:
            raise ApplicationError(_("A run-off decides a tie; adopt the vote it belongs to."))
        if vote.status != DotVoteStatus.CLOSED:
            raise ApplicationError(_("Please close the vote before adopting its result."))
        if vote.adopted_at is not None:
            raise ApplicationError(
                _("The result was adopted on %(date)s.") % {"date": f"{timezone.localtime(vote.adopted_at):%d.%m.%Y}"}
            )
        plan = adoption_plan(vote, concept)
        if not plan:
            raise ApplicationError(_("No option has points yet."))
        fields = fields_set_priorities(
            actor=actor, concept=concept, points={title: points for title, points, _ in plan}
        )
        by_title = {field.title: field for field in fields}
        for option in vote.options.select_related("field"):
            linked = option.field if option.field is not None and option.field.concept_id == concept.pk else None
            field = by_title.get(linked.title if linked is not None else option.label)
            if field is not None and option.field_id != field.pk:
                option.field = field
                option.save(update_fields=["field"])
        vote.adopted_at, vote.adopted_by, vote.adopted_into = timezone.now(), actor, concept
        _validated_save(actor, vote)
    dot_vote.refresh_from_db()
    return fields
