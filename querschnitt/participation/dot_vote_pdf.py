"""The result of a dot vote as a PDF: Typst (PDF/UA-1, German, embedded fonts) through `core.documents.render_pdf`.

`dot_vote_pdf_data` collects the content as plain data (strings and numbers); the Typst template
`templates/participation/documentation/dot_vote.typ` reads it as JSON, so no text of ours is parsed as markup.
The PDF obeys the vote's result visibility exactly as the detail page does (`selectors.results_visible` without a
ballot, i.e. what the room may see): while the result is hidden, the PDF names the options but shows no points and
no ranking. The ranking lines are the detail page's: equal points share a rank, tied options in the order of a
recorded tie-break („3. Sprache 15 · Partizipation 15“).

Rendering takes a fraction of a second, so the view renders in the request (no background build).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.documents import render_pdf, typographic
from querschnitt.core.templatetags.querschnitt import number_de

from . import models as m
from .selectors import DotVoteResult, RankGroup, results_visible

TEMPLATE = Path(__file__).resolve().parent / "templates" / "participation" / "documentation" / "dot_vote.typ"


def _when(value: Any) -> str:
    return date_format(timezone.localtime(value), "d.m.Y, H:i") if value else ""


def ranking_line(group: RankGroup) -> str:
    """One rank as the detail page and the projector show it: „3. Sprache 15 · Partizipation 15“."""
    entries = " · ".join(f"{entry.option.label} {number_de(entry.total)}" for entry in group.ordered_entries)
    return f"{group.rank}. {entries}"


def _labels() -> dict[str, str]:
    verbose = m.DotVote._meta
    return {
        "dot_vote": capfirst(str(verbose.verbose_name)),
        "question": capfirst(str(verbose.get_field("question").verbose_name)),
        "status": _("Status"),
        "opened": _("Opened"),
        "closed": _("Closed"),
        "visibility": _("Result visible"),
        "workshop": _("Workshop"),
        "generated": _("As of"),
        "page": _("Page"),
        "of": _("of"),
        "participation": _("Participation"),
        "result": _("Result"),
        "ranking": _("Ranking"),
        "points_table": _("Points by code and on paper"),
        "rank": _("Rank"),
        "option": _("Option"),
        "digital": _("By code"),
        "paper": _("Paper dots"),
        "total": _("Total"),
        "sum": _("Sum"),
        "shared_rank": _("Options with the same number of points share a rank."),
        "tie_breaks": _("Recorded tie-breaks"),
        "reason": capfirst(str(m.TieBreak._meta.get_field("reason").verbose_name)),
        "run_offs": _("Run-offs"),
        "options": _("Options"),
    }


def _tie_break(group: RankGroup) -> dict[str, Any]:
    tie = group.tie_break
    assert tie is not None
    method = _("decided by run-off") if tie.method == m.TieBreakMethod.RUN_OFF else _("decided by the moderation")
    order = f" {_('before')} ".join(entry.option.label for entry in group.ordered_entries)
    return {
        "text": f"{_('Rank')} {group.rank}, {method}: {order}",
        "reason": tie.reason,
        "run_off": tie.run_off.title if tie.run_off_id and tie.run_off else "",
    }


def dot_vote_pdf_data(vote: m.DotVote, result: DotVoteResult) -> dict[str, Any]:
    """Everything the PDF shows, as plain data with German typography. Ranking and points only if visible."""
    visible = results_visible(vote)
    people_on_paper = sum(tally.participants or 0 for tally in result.tallies)
    participation = [
        ngettext(
            "%(voted)s of %(voters)s code holders has voted.",
            "%(voted)s of %(voters)s code holders have voted.",
            result.voted_count,
        )
        % {"voted": number_de(result.voted_count), "voters": number_de(result.voter_count)}
    ]
    if result.tallies:
        participation.append(
            ngettext(
                "Paper dots from %(origins)s flipchart.", "Paper dots from %(origins)s flipcharts.", len(result.tallies)
            )
            % {"origins": number_de(len(result.tallies))}
        )
    if people_on_paper:
        participation.append(
            ngettext(
                "%(people)s person put dots on paper (as recorded with the flipcharts).",
                "%(people)s people put dots on paper (as recorded with the flipcharts).",
                people_on_paper,
            )
            % {"people": number_de(people_on_paper)}
        )
    run_off_of = ""
    if vote.run_off_of_id and vote.run_off_of:
        run_off_of = (
            f"{_('Run-off for the tie at rank')} {vote.tied_rank} {_('of')} \u201e{vote.run_off_of.title}\u201c."
        )
    hidden = ""
    if not visible:
        hidden = (
            _("The vote has not been opened yet.")
            if vote.status == m.DotVoteStatus.DRAFT
            else _("The result stays hidden until the vote is closed.")
        )
    data: dict[str, Any] = {
        "title": f"{_('Result')}: {vote.title}",
        "vote": vote.title,
        "body": vote.body.name,
        "question": vote.question,
        "workshop": vote.process.title if vote.process_id and vote.process else "",
        "generated": date_format(timezone.localtime(), "d.m.Y"),
        "status": vote.get_status_display(),
        "opened": _when(vote.opened_at),
        "closed": _when(vote.closed_at),
        "visibility": vote.get_visibility_display(),
        "run_off_of": run_off_of,
        "participation": participation,
        "visible": visible,
        "hidden": hidden,
        "options": [entry.option.label for entry in result.options],
        "ranking": [],
        "rows": [],
        "sums": {},
        "has_ties": False,
        "tie_breaks": [],
        "run_offs": [f"{run_off.title} ({run_off.get_status_display()})" for run_off in vote.run_offs.all()],
        "labels": _labels(),
    }
    if visible:
        data["ranking"] = [ranking_line(group) for group in result.groups]
        data["rows"] = [
            {
                "rank": f"{group.rank}.",  # on every row of a shared rank: a blank cell would read as no rank
                "label": entry.option.label,
                "digital": number_de(entry.digital),
                "paper": number_de(entry.paper),
                "total": number_de(entry.total),
            }
            for group in result.groups
            for entry in group.ordered_entries
        ]
        data["sums"] = {
            "digital": number_de(result.digital_total),
            "paper": number_de(result.paper_total),
            "total": number_de(result.total),
        }
        data["has_ties"] = any(group.tied for group in result.groups)
        data["tie_breaks"] = [_tie_break(group) for group in result.groups if group.tie_break is not None]
    return typographic(data)


def dot_vote_pdf(vote: m.DotVote, result: DotVoteResult) -> bytes:
    """The PDF of `vote`'s result. Raises ApplicationError (German) if Typst refuses."""
    return render_pdf(TEMPLATE.read_text(encoding="utf-8"), data=dot_vote_pdf_data(vote, result))
