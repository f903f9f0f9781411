"""Views of participation: parse the form, fetch through an access helper, call one service, render."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.core.csv_export import csv_bytes
from querschnitt.core.documents import PDF_CONTENT_TYPE
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.htmx import is_htmx, template_for
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import dot_vote_pdf, forms, selectors, selectors_participants, services
from . import models as m
from .access import access_participation_object, access_voter, normalise_code


def _may_manage(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("participation.manage_workshop", body)


def _may_run(request: HttpRequest, body: Any) -> bool:
    return request.user.has_perm("participation.run_dot_vote", body)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _process_url(process: m.WorkshopProcess) -> str:
    return reverse("participation:process", kwargs={"body": process.body.slug, "workshopprocess": process.pk})


def _vote_url(vote: m.DotVote, name: str = "dot_vote") -> str:
    return reverse(f"participation:{name}", kwargs={"body": vote.body.slug, "dotvote": vote.pk})


def _act(request: HttpRequest, call: Any, success: str) -> bool:
    """Call a service for a button: its refusal becomes an error message, its success a success message."""
    try:
        call()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


def qr_svg(data: str) -> SafeString:
    """A QR code as inline SVG (the `qrcode` package, pure Python), sized by its container."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(data, image_factory=SvgPathImage, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="q-qr" ', 1))  # noqa: S308


# --- Workshop processes ---------------------------------------------------------------------------------------------


@login_required
def processes(request, body):
    body = access_body(body)
    require_perm(request.user, "participation.view_workshop", body)
    return render(
        request,
        "participation/processes.html",
        {"body": body, "processes": selectors.processes_of_body(body), "can_manage": _may_manage(request, body)},
    )


@login_required
def process_create(request, body):
    body = access_body(body)
    require_perm(request.user, "participation.manage_workshop", body)
    form = forms.ProcessCreateForm(
        request.POST or None, body=body, initial={"title": _("Integration workshop %(body)s") % {"body": body.name}}
    )
    return form_page(
        request,
        form=form,
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("New workshop process"),
            "back": reverse("participation:processes", kwargs={"body": body.slug}),
        },
        act=lambda data: services.workshop_process_create(actor=request.user, body=body, **data),
        success=_("The workshop process has been created with its four phases."),
        next_url=_process_url,
    )


@login_required
def process_detail(request, body, workshopprocess):
    body = access_body(body)
    process = access_participation_object(
        request.user,
        body,
        m.WorkshopProcess,
        workshopprocess,
        queryset=m.WorkshopProcess.objects.select_related("concept"),
    )
    return render(
        request,
        "participation/process_detail.html",
        {
            "body": body,
            "process": process,
            "phases": selectors.process_with_programme(process),
            "dot_votes": selectors.dot_votes_of_body(body).filter(process=process),
            "can_manage": _may_manage(request, body),
            "can_run": _may_run(request, body),
            "checklist_form": forms.ChecklistItemForm(),
            "estimate": selectors_participants.cost_estimate(process),
            "can_see_participants": request.user.has_perm("participation.view_participants", body),
            "can_set_prices": request.user.has_perm("participation.manage_prices", body),
        },
    )


@login_required
def process_edit(request, body, workshopprocess):
    body = access_body(body)
    process = access_participation_object(request.user, body, m.WorkshopProcess, workshopprocess)
    _require(_may_manage(request, body))
    return form_page(
        request,
        form=forms.ProcessForm(request.POST or None, instance=process, body=body),
        template="participation/edit.html",
        context={"body": body, "heading": _("Edit workshop process"), "back": _process_url(process)},
        act=lambda data: services.workshop_process_update(actor=request.user, process=process, **data),
        success=_("The workshop process has been saved."),
        next_url=_process_url,
    )


@login_required
def phase_edit(request, body, workshopphase):
    body = access_body(body)
    phase = access_participation_object(
        request.user, body, m.WorkshopPhase, workshopphase, queryset=m.WorkshopPhase.objects.select_related("process")
    )
    _require(_may_manage(request, body))
    return form_page(
        request,
        form=forms.PhaseForm(request.POST or None, instance=phase),
        template="participation/edit.html",
        context={"body": body, "heading": _("Edit phase"), "back": _process_url(phase.process)},
        act=lambda data: services.workshop_phase_update(actor=request.user, phase=phase, **data),
        success=_("The phase has been saved."),
        next_url=lambda obj: _process_url(obj.process),
    )


@login_required
def day_edit(request, body, workshopday):
    body = access_body(body)
    day = access_participation_object(
        request.user, body, m.WorkshopDay, workshopday, queryset=m.WorkshopDay.objects.select_related("phase__process")
    )
    _require(_may_manage(request, body))
    initial = {
        "date": day.date,
        "title": day.title,
        "subtitle": day.subtitle,
        "programme": "\n".join(item.text for item in day.items.all()),
    }
    return form_page(
        request,
        form=forms.DayForm(request.POST or None, initial=initial),
        template="participation/edit.html",
        context={"body": body, "heading": _("Edit day and programme"), "back": _process_url(day.phase.process)},
        act=lambda data: services.workshop_day_update(actor=request.user, day=day, **data),
        success=_("The day has been saved."),
        next_url=lambda obj: _process_url(obj.phase.process),
    )


@login_required
@require_POST
def checklist_add(request, body, workshopphase):
    body = access_body(body)
    phase = access_participation_object(
        request.user, body, m.WorkshopPhase, workshopphase, queryset=m.WorkshopPhase.objects.select_related("process")
    )
    _require(_may_manage(request, body))
    form = forms.ChecklistItemForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: services.checklist_item_create(actor=request.user, phase=phase, text=form.cleaned_data["text"]),
            _("The task has been added."),
        )
    else:
        messages.error(request, _("Please describe the task."))
    return redirect(_process_url(phase.process) + f"#phase-{phase.pk}")


@login_required
@require_POST
def checklist_toggle(request, body, checklistitem):
    body = access_body(body)
    item = access_participation_object(
        request.user,
        body,
        m.ChecklistItem,
        checklistitem,
        queryset=m.ChecklistItem.objects.select_related("phase__process"),
    )
    _require(_may_manage(request, body))
    done = request.POST.get("done") == "1"
    _act(
        request,
        lambda: services.checklist_item_set_done(actor=request.user, item=item, done=done),
        _("“%(task)s” is done.") % {"task": item.text}
        if done
        else _("“%(task)s” is open again.") % {"task": item.text},
    )
    return redirect(_process_url(item.phase.process) + f"#phase-{item.phase_id}")


# --- Dot votes: moderation ------------------------------------------------------------------------------------------


@login_required
def dot_votes(request, body):
    body = access_body(body)
    require_perm(request.user, "participation.view_workshop", body)
    return render(
        request,
        "participation/dot_votes.html",
        {"body": body, "dot_votes": selectors.dot_votes_of_body(body), "can_run": _may_run(request, body)},
    )


def _dot_vote(request: HttpRequest, body: Any, pk: int) -> m.DotVote:
    return access_participation_object(
        request.user,
        body,
        m.DotVote,
        pk,
        queryset=m.DotVote.objects.select_related("body", "process__concept", "concept", "run_off_of", "adopted_into"),
    )


@login_required
def dot_vote_create(request, body):
    body = access_body(body)
    require_perm(request.user, "participation.run_dot_vote", body)
    process = None
    process_pk = request.GET.get("workshop", "")
    if process_pk.isdigit():
        process = access_participation_object(request.user, body, m.WorkshopProcess, int(process_pk))
    initial = {
        "title": _("Priorities of the fields of action"),
        "question": _("Which fields of action matter most to us?"),
        "points_per_voter": 3,
        "anonymous": True,
        "visibility": m.ResultVisibility.AFTER_CLOSE,
        "concept": process.concept if process else None,
        "options_from_concept": bool(process and process.concept),
    }
    form = forms.DotVoteForm(request.POST or None, body=body, initial=initial)
    return form_page(
        request,
        form=form,
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("New dot vote"),
            "back": _process_url(process)
            if process
            else reverse("participation:dot_votes", kwargs={"body": body.slug}),
        },
        act=lambda data: services.dot_vote_create(actor=request.user, body=body, process=process, **data),
        success=_("The dot vote has been prepared. Hand out codes, then open it."),
        next_url=_vote_url,
    )


@login_required
def dot_vote_detail(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    result = selectors.dot_vote_result(vote)
    visible = selectors.results_visible(vote)
    can_run = _may_run(request, body)
    voters = list(selectors.voters_of(vote)) if can_run else []
    tie_forms = {}
    if can_run and visible and vote.is_closed and not vote.adopted_at:
        tie_forms = {
            group.rank: forms.TieBreakForm(entries=group.entries, prefix=f"rank{group.rank}")
            for group in result.groups
            if group.tied
        }
    return render(
        request,
        "participation/dot_vote_detail.html",
        {
            "body": body,
            "vote": vote,
            "result": result,
            "visible": visible,
            "can_run": can_run,
            "can_adopt": request.user.has_perm("participation.adopt_dot_vote", body),
            "voters": voters,
            "voters_form": forms.VotersForm(anonymous=vote.root.anonymous),
            "named": selectors.named_ballots(vote) if visible and not vote.anonymous else None,
            "tie_forms": tie_forms,
            "run_offs": vote.run_offs.order_by("created"),
            "join_url": request.build_absolute_uri(reverse("participation:join")),
        },
    )


@login_required
def dot_vote_edit(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    initial = {
        "title": vote.title,
        "question": vote.question,
        "options": "\n".join(option.label for option in vote.options.all()),
        "points_per_voter": vote.points_per_voter,
        "max_points_per_option": vote.max_points_per_option,
        "spend_all": vote.spend_all,
        "anonymous": vote.anonymous,
        "visibility": vote.visibility,
    }
    return form_page(
        request,
        form=forms.DotVoteForm(request.POST or None, body=body, initial=initial, editing=True),
        template="participation/edit.html",
        context={"body": body, "heading": _("Edit dot vote"), "back": _vote_url(vote)},
        act=lambda data: services.dot_vote_update(actor=request.user, dot_vote=vote, **data),
        success=_("The dot vote has been saved."),
        next_url=_vote_url,
    )


@login_required
@require_POST
def dot_vote_open(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    _act(request, lambda: services.dot_vote_open(actor=request.user, dot_vote=vote), _("The vote is open."))
    return redirect(_vote_url(vote))


@login_required
@require_POST
def dot_vote_close(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    _act(request, lambda: services.dot_vote_close(actor=request.user, dot_vote=vote), _("The vote is closed."))
    return redirect(_vote_url(vote))


@login_required
@require_POST
def dot_vote_voters(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    form = forms.VotersForm(request.POST, anonymous=vote.root.anonymous)
    if form.is_valid():
        data = form.cleaned_data
        created: list[m.Voter] = []

        def create() -> None:
            created.extend(
                services.voters_create(
                    actor=request.user, dot_vote=vote, count=data.get("count") or 0, names=data["names"]
                )
            )

        _act(request, create, _("New codes have been created."))
    else:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()) or _("Please check."))
    return redirect(_vote_url(vote) + "#codes")


@login_required
def dot_vote_cards(request, body, dotvote):
    """Printable code cards: code, QR code and address. Codes already used in an anonymous vote are not shown
    again, so that the moderation cannot look up who holds which used code."""
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    voters = [voter for voter in selectors.voters_of(vote.root) if not (vote.root.anonymous and voter.has_voted)]
    join = request.build_absolute_uri(reverse("participation:join"))
    cards = [
        {
            "voter": voter,
            "qr": qr_svg(
                request.build_absolute_uri(reverse("participation:ballot", kwargs={"voter_token": voter.token}))
            ),
        }
        for voter in voters
    ]
    return render(request, "participation/cards.html", {"body": body, "vote": vote, "cards": cards, "join_url": join})


@login_required
def dot_vote_paper(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    options = list(vote.options.order_by("order", "pk"))
    initial: dict[str, Any] = {}
    origin = request.GET.get("herkunft", "")
    if origin:
        tally = vote.paper_tallies.filter(origin__iexact=origin).prefetch_related("counts").first()
        if tally is not None:
            initial = {"origin": tally.origin, "participants": tally.participants}
            initial.update({f"option_{count.option_id}": count.points for count in tally.counts.all()})
    form = forms.PaperTallyForm(request.POST or None, options=options, initial=initial)
    return form_page(
        request,
        form=form,
        template="participation/edit.html",
        context={
            "body": body,
            "heading": _("Enter paper dots"),
            "back": _vote_url(vote),
            "intro": _("Count the dots of one station or flipchart and enter them here."),
        },
        act=lambda data: services.paper_tally_set(
            actor=request.user,
            dot_vote=vote,
            origin=data["origin"],
            participants=data.get("participants"),
            counts=form.counts(),
        ),
        success=_("The paper dots have been saved."),
        next_url=lambda tally: _vote_url(vote) + "#papier",
    )


@login_required
@require_POST
def paper_tally_delete(request, body, papertally):
    body = access_body(body)
    tally = access_participation_object(
        request.user, body, m.PaperTally, papertally, queryset=m.PaperTally.objects.select_related("dot_vote__body")
    )
    _require(_may_run(request, body))
    _act(
        request,
        lambda: services.paper_tally_delete(actor=request.user, tally=tally),
        _("The paper dots of “%(origin)s” have been removed.") % {"origin": tally.origin},
    )
    return redirect(_vote_url(tally.dot_vote) + "#papier")


@login_required
@require_POST
def dot_vote_tie_break(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    rank = int(request.POST.get("rank", "0")) if request.POST.get("rank", "").isdigit() else 0
    group = selectors.dot_vote_result(vote).group_of_rank(rank)
    if group is None or not group.tied:
        messages.error(request, _("There is no tie at rank %(rank)s.") % {"rank": rank})
        return redirect(_vote_url(vote))
    if request.POST.get("action") == "run_off":
        run_off: list[m.DotVote] = []
        if _act(
            request,
            lambda: run_off.append(services.run_off_create(actor=request.user, dot_vote=vote, rank=rank)),
            _("The run-off has been prepared; open it when the room is ready."),
        ):
            return redirect(_vote_url(run_off[0]))
        return redirect(_vote_url(vote))
    form = forms.TieBreakForm(request.POST, entries=group.entries, prefix=f"rank{rank}")
    if form.is_valid():
        _act(
            request,
            lambda: services.tie_break_decide(
                actor=request.user,
                dot_vote=vote,
                rank=rank,
                option_order=form.cleaned_data["option_order"],
                reason=form.cleaned_data["reason"],
            ),
            _("The tie-break has been recorded."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_vote_url(vote) + "#ergebnis")


@login_required
@require_POST
def dot_vote_apply_run_off(request, body, dotvote):
    body = access_body(body)
    run_off = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    if _act(
        request,
        lambda: services.tie_break_from_run_off(actor=request.user, run_off=run_off),
        _("The run-off decides the tie."),
    ):
        return redirect(_vote_url(run_off.run_off_of) + "#ergebnis")
    return redirect(_vote_url(run_off))


@login_required
def dot_vote_adopt(request, body, dotvote):
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(request.user.has_perm("participation.adopt_dot_vote", body))
    default = vote.concept or (vote.process.concept if vote.process else None)
    form = forms.AdoptForm(request.POST or None, body=body, initial={"concept": default})
    concept = default
    if form.is_bound and form.is_valid():
        concept = form.cleaned_data["concept"]
    plan, problem = [], None
    if concept is not None and vote.is_closed:
        try:
            plan = services.adoption_plan(vote, concept)
        except ApplicationError as error:
            problem = error.message
    return form_page(
        request,
        form=form,
        template="participation/adopt.html",
        context={
            "body": body,
            "vote": vote,
            "plan": plan,
            "problem": problem,
            "concept": concept,
            "result": selectors.dot_vote_result(vote),
        },
        act=lambda data: services.dot_vote_adopt(actor=request.user, dot_vote=vote, concept=data["concept"]),
        success=_("The ranking has been adopted into the concept as priority points."),
        next_url=lambda fields: reverse(
            "strategy:concept", kwargs={"body": body.slug, "concept": form.cleaned_data["concept"].pk}
        ),
    )


@login_required
def dot_vote_projector(request, body, dotvote):
    """The view for the beamer: large, high contrast, refreshed every few seconds by htmx polling."""
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(_may_run(request, body))
    join = request.build_absolute_uri(reverse("participation:join"))
    context = {
        "body": body,
        "vote": vote,
        "result": selectors.dot_vote_result(vote),
        "visible": selectors.results_visible(vote),
        "join_url": join,
        "now": timezone.now(),
    }
    if not is_htmx(request):
        context["join_qr"] = qr_svg(join)
    return render(
        request,
        template_for(request, "participation/projector.html", "participation/includes/projector_board.html"),
        context,
    )


@login_required
def dot_vote_export(request, body, dotvote):
    """The ranking as CSV (semicolons and a byte-order mark, so that Excel opens it in German)."""
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    if not selectors.results_visible(vote):
        messages.error(request, _("The result is hidden until the vote is closed."))
        return redirect(_vote_url(vote))
    result = selectors.dot_vote_result(vote)
    headings = [
        _("Rank"),
        _("Option"),
        _("Points total"),
        _("Points by code"),
        _("Paper dots"),
        *[_("Paper: %(origin)s") % {"origin": tally.origin} for tally in result.tallies],
        _("Tie-break"),
    ]
    rows = []
    for group in result.groups:
        tie_text = ""
        if group.tie_break is not None:
            tie_text = " > ".join(entry.option.label for entry in group.ordered_entries)
        for entry in group.ordered_entries:
            rows.append(
                [
                    group.rank,
                    entry.option.label,
                    entry.total,
                    entry.digital,
                    entry.paper,
                    *[entry.by_origin.get(tally.pk, 0) for tally in result.tallies],
                    tie_text,
                ]
            )
    # Option labels and paper origins are typed by moderators: csv_bytes keeps them from running as formulas.
    response = HttpResponse(csv_bytes(headings, rows), content_type="text/csv; charset=utf-8")
    filename = f"punktabfrage-{vote.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def dot_vote_export_pdf(request, body, dotvote):
    """The result as a PDF (Typst, PDF/UA), for whoever may see the vote, as the CSV. It obeys the result's
    visibility as the detail page does: while hidden, it names the options but shows no points."""
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    try:
        pdf = dot_vote_pdf.dot_vote_pdf(vote, selectors.dot_vote_result(vote))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(_vote_url(vote))
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    filename = f"punktabfrage-{vote.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Voting ---------------------------------------------------------------------------------------------------------


def _ballot_context(request: HttpRequest, voter: m.Voter, vote: m.DotVote, action: str) -> dict[str, Any]:
    """Parse the ballot form: number fields per option, steps (+/−) that only change the draft, and casting."""
    options = list(vote.options.order_by("order", "pk"))
    ballot = selectors.ballot_of(voter, vote)
    points = selectors.own_points(ballot)
    error = None
    note = None
    cast = False  # this answers "Cast my vote" (the page puts the focus back on that button)
    if request.method == "POST" and vote.is_open:
        draft: dict[int, int] = {}
        for option in options:
            raw = request.POST.get(f"option_{option.pk}", "0").strip() or "0"
            draft[option.pk] = max(0, int(raw)) if raw.isdigit() else 0
        step = request.POST.get("step", "")
        if step[:1] in "+-" and step[1:].isdigit() and int(step[1:]) in draft:
            option_id = int(step[1:])
            draft[option_id] = max(0, draft[option_id] + (1 if step[0] == "+" else -1))
            note = _("Not cast yet: press “Cast my vote” when you are done.")
            points = draft
        else:
            cast = True
            try:
                ballot = services.dot_vote_cast(voter=voter, dot_vote=vote, points=draft)
            except ApplicationError as refusal:
                error = refusal.message
                points = draft
            else:
                points = selectors.own_points(ballot)
                note = _("Thank you, your vote has been counted. You may change it while the vote is open.")
    spent = sum(points.values())
    visible = selectors.results_visible(vote, ballot=ballot)
    return {
        "voter": voter,
        "vote": vote,
        "rows": [
            {
                "option": option,
                "points": points.get(option.pk, 0),
                "max": min(vote.max_points_per_option or vote.points_per_voter, vote.points_per_voter),
            }
            for option in options
        ],
        "spent": spent,
        "left": vote.points_per_voter - spent,
        "ballot": ballot,
        "error": error,
        "note": note,
        "cast": cast,
        "visible": visible,
        "result": selectors.dot_vote_result(vote) if visible else None,
        "action": action,
    }


def _ballot_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(
        request, template_for(request, "participation/ballot_page.html", "participation/includes/ballot.html"), context
    )


def join(request):
    """The public entry page: type the personal code (or scan it), then vote. No account needed."""
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if m.Voter.objects.filter(token=code).exists():
            return redirect("participation:ballot", voter_token=code)
        form.add_error("code", _("This code is not known. Please check it, or ask the moderation."))
    return render(request, "participation/join.html", {"form": form})


def ballot(request, voter_token):
    """A voter's ballot, reached by the personal code alone: shows only this vote, nothing else of the body."""
    voter = access_voter(voter_token)
    vote = selectors.active_vote_for(voter)
    action = reverse("participation:ballot", kwargs={"voter_token": voter.token})
    return _ballot_response(request, _ballot_context(request, voter, vote, action))


@login_required
def dot_vote_ballot(request, body, dotvote):
    """Voting as a signed-in user of the body."""
    body = access_body(body)
    vote = _dot_vote(request, body, dotvote)
    _require(request.user.has_perm("participation.vote", body))
    try:
        voter = services.voter_for_user(user=request.user, dot_vote=vote)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_vote_url(vote))
    target = selectors.active_vote_for(voter) if vote.run_off_of_id is None else vote
    return _ballot_response(request, _ballot_context(request, voter, target, _vote_url(vote, "dot_vote_ballot")))
