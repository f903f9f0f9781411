"""Reads of participation: workshop processes, dot votes and the ranking of a vote with its ties."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from querschnitt.tenancy.models import Body

from .models import (
    Allocation,
    Ballot,
    ChecklistItem,
    DotVote,
    DotVoteOption,
    DotVoteStatus,
    PaperCount,
    PaperTally,
    ResultVisibility,
    TieBreak,
    Voter,
    WorkshopDay,
    WorkshopPhase,
    WorkshopProcess,
)

# --- Workshop processes ---------------------------------------------------------------------------------------------


def processes_of_body(body: Body) -> QuerySet[WorkshopProcess]:
    """The body's processes with their phases (for the dates) and concept; three queries however many there are."""
    return (
        WorkshopProcess.objects.filter(body=body)
        .select_related("concept")
        .prefetch_related(Prefetch("phases", queryset=WorkshopPhase.objects.order_by("order", "pk")))
        .order_by("-created", "-pk")
    )


def process_with_programme(process: WorkshopProcess) -> list[WorkshopPhase]:
    """The phases of a process with days, programme items, practice examples and checklist, in five queries.

    A day's practice examples (`practice_examples`) are pulled in from the state level's library of good practice
    (statewide.WorkshopPracticeExample); the relation is read by name, so this app does not import statewide."""
    return list(
        process.phases.order_by("order", "pk").prefetch_related(
            Prefetch(
                "days",
                queryset=WorkshopDay.objects.order_by("order", "pk").prefetch_related(
                    "items", "practice_examples__example__body"
                ),
            ),
            Prefetch("checklist", queryset=ChecklistItem.objects.select_related("done_by").order_by("order", "pk")),
        )
    )


# --- Dot votes ------------------------------------------------------------------------------------------------------


def dot_votes_of_body(body: Body) -> QuerySet[DotVote]:
    return (
        DotVote.objects.filter(body=body)
        .select_related("process", "run_off_of")
        .annotate(
            option_count=Count("options", distinct=True),
            voted_count=Count("ballots", filter=Q(ballots__cast_at__isnull=False), distinct=True),
        )
        .order_by("-created", "-pk")
    )


def results_visible(dot_vote: DotVote, *, ballot: Ballot | None = None) -> bool:
    """Whether the ranking may be shown. `ballot` is the viewer's own ballot, if the viewer is a voter; the moderator,
    the projector and the exports pass none and so see what the room may see."""
    if dot_vote.status == DotVoteStatus.CLOSED:
        return True
    if dot_vote.status == DotVoteStatus.DRAFT:
        return False
    if dot_vote.visibility == ResultVisibility.LIVE:
        return True
    if dot_vote.visibility == ResultVisibility.AFTER_OWN_VOTE:
        return ballot is not None and ballot.cast_at is not None
    return False


@dataclass
class OptionResult:
    option: DotVoteOption
    digital: int = 0
    paper: int = 0
    by_origin: dict[int, int] = field(default_factory=dict)  # tally pk -> points
    per_tally: list[int] = field(default_factory=list)  # points in the order of DotVoteResult.tallies

    @property
    def total(self) -> int:
        return self.digital + self.paper


@dataclass
class RankGroup:
    """The options that share a rank (dense ranking as in seed 004: 1, 2, 3, 3, 4, 4)."""

    rank: int
    total: int
    entries: list[OptionResult]
    tie_break: TieBreak | None = None

    @property
    def tied(self) -> bool:
        return len(self.entries) > 1

    @property
    def text(self) -> str:
        """ "3. Sprache 15 · Partizipation 15"."""
        return f"{self.rank}. " + " · ".join(f"{entry.option.label} {entry.total}" for entry in self.entries)

    @property
    def ordered_entries(self) -> list[OptionResult]:
        """The entries in the order of the tie-break, if one was recorded (else in the order of the options)."""
        if self.tie_break is None:
            return self.entries
        position = {option_id: index for index, option_id in enumerate(self.tie_break.option_order)}
        return sorted(self.entries, key=lambda entry: position.get(entry.option.pk, len(position)))


def rank(entries: Iterable[OptionResult]) -> list[RankGroup]:
    """Group results by total, highest first; equal totals share a rank; the next rank follows on (dense)."""
    groups: list[RankGroup] = []
    for entry in sorted(entries, key=lambda entry: -entry.total):  # stable: ties keep the order of the options
        if groups and groups[-1].total == entry.total:
            groups[-1].entries.append(entry)
        else:
            groups.append(RankGroup(rank=len(groups) + 1, total=entry.total, entries=[entry]))
    return groups


@dataclass
class DotVoteResult:
    dot_vote: DotVote
    options: list[OptionResult]
    groups: list[RankGroup]
    tallies: list[PaperTally]
    voter_count: int
    voted_count: int

    @property
    def digital_total(self) -> int:
        return sum(entry.digital for entry in self.options)

    @property
    def paper_total(self) -> int:
        return sum(entry.paper for entry in self.options)

    @property
    def total(self) -> int:
        return self.digital_total + self.paper_total

    @property
    def max_total(self) -> int:
        return max((entry.total for entry in self.options), default=0)

    @property
    def ordered(self) -> list[OptionResult]:
        """All options from first to last, ties in their tie-break order."""
        return [entry for group in self.groups for entry in group.ordered_entries]

    @property
    def open_ties(self) -> list[RankGroup]:
        return [group for group in self.groups if group.tied and group.tie_break is None]

    def group_of_rank(self, rank_number: int) -> RankGroup | None:
        return next((group for group in self.groups if group.rank == rank_number), None)


def dot_vote_result(dot_vote: DotVote) -> DotVoteResult:
    """Digital points and paper dots per option, summed (each flipchart once), ranked. Six queries, however many
    options, voters and flipcharts there are."""
    options = [OptionResult(option) for option in dot_vote.options.select_related("field").order_by("order", "pk")]
    by_id = {entry.option.pk: entry for entry in options}
    digital = Allocation.objects.filter(option__dot_vote=dot_vote).values("option_id").annotate(total=Sum("points"))
    for row in digital:
        by_id[row["option_id"]].digital = row["total"] or 0
    for option_id, tally_id, points in PaperCount.objects.filter(tally__dot_vote=dot_vote).values_list(
        "option_id", "tally_id", "points"
    ):
        by_id[option_id].paper += points
        by_id[option_id].by_origin[tally_id] = points
    tallies = list(dot_vote.paper_tallies.select_related("entered_by").order_by("origin", "pk"))
    for entry in options:
        entry.per_tally = [entry.by_origin.get(tally.pk, 0) for tally in tallies]
    for tally in tallies:
        tally.points_total = sum(entry.by_origin.get(tally.pk, 0) for entry in options)  # type: ignore[attr-defined]
    groups = rank(options)
    tie_breaks = {tie.rank: tie for tie in dot_vote.tie_breaks.all()}
    for group in groups:
        tie = tie_breaks.get(group.rank)
        # A tie-break counts only while it still names exactly the tied options.
        if group.tied and tie is not None and set(tie.option_order) == {e.option.pk for e in group.entries}:
            group.tie_break = tie
    root_id = dot_vote.run_off_of_id or dot_vote.pk
    return DotVoteResult(
        dot_vote=dot_vote,
        options=options,
        groups=groups,
        tallies=tallies,
        voter_count=Voter.objects.filter(dot_vote_id=root_id).count(),
        voted_count=Ballot.objects.filter(dot_vote=dot_vote, cast_at__isnull=False).count(),
    )


def voters_of(dot_vote: DotVote) -> QuerySet[Voter]:
    """The voters (codes) of a vote with whether they have cast their ballot in it."""
    root_id = dot_vote.run_off_of_id or dot_vote.pk
    return (
        Voter.objects.filter(dot_vote_id=root_id)
        .select_related("user")
        .annotate(has_voted=Count("ballots", filter=Q(ballots__dot_vote=dot_vote, ballots__cast_at__isnull=False)))
        .order_by("pk")
    )


def ballot_of(voter: Voter, dot_vote: DotVote) -> Ballot | None:
    return Ballot.objects.filter(voter=voter, dot_vote=dot_vote).prefetch_related("allocations").first()


def own_points(ballot: Ballot | None) -> dict[int, int]:
    if ballot is None:
        return {}
    return {allocation.option_id: allocation.points for allocation in ballot.allocations.all()}


def active_vote_for(voter: Voter) -> DotVote:
    """What a voter's code opens now: an open run-off of the vote if there is one, else the vote itself."""
    root = voter.dot_vote
    run_off = root.run_offs.filter(status=DotVoteStatus.OPEN).order_by("-created").first()
    return run_off or root


@dataclass
class VoterRow:
    name: str
    points: dict[int, int]


def named_ballots(dot_vote: DotVote) -> list[VoterRow]:
    """Who voted what, for votes that are not anonymous (never call it for anonymous ones)."""
    assert not dot_vote.anonymous, "anonymous votes never show who voted what"
    ballots = (
        Ballot.objects.filter(dot_vote=dot_vote, cast_at__isnull=False)
        .select_related("voter__user")
        .prefetch_related("allocations")
        .order_by("voter__label", "voter_id")
    )
    rows = []
    for ballot in ballots:
        voter = ballot.voter
        name = voter.label or (voter.user.display_name if voter.user else voter.display_code)
        rows.append(VoterRow(name=name, points={a.option_id: a.points for a in ballot.allocations.all()}))
    return rows


def dot_vote_tiles(body: Body) -> dict[str, Any]:
    counts = DotVote.objects.filter(body=body).aggregate(
        open=Count("pk", filter=Q(status=DotVoteStatus.OPEN)), total=Count("pk")
    )
    return {"open": counts["open"], "total": counts["total"]}
