"""What changed between two versions of a concept: fields, goals, measures, and the targets of their indicators.

Goals are matched by their text within a field (the field by its title); indicators belong to the body, so their
targets are compared as they stood when each version was last changed (from the change history).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .models import AnnualGoal, Concept, GuidingGoal, Indicator, IndicatorTarget


@dataclass
class Change:
    where: str
    what: str
    old: str = ""
    new: str = ""


@dataclass
class ConceptDiff:
    added: list[Change] = dc_field(default_factory=list)
    removed: list[Change] = dc_field(default_factory=list)
    changed: list[Change] = dc_field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _goal_map(concept: Concept) -> dict[tuple[str, str, str], object]:
    goals: dict[tuple[str, str, str], object] = {}
    for goal in GuidingGoal.objects.filter(field__concept=concept).select_related("field"):
        goals[("guiding", goal.field.title, goal.text)] = goal
    for annual in AnnualGoal.objects.filter(field__concept=concept).select_related("field"):
        goals[("annual", annual.field.title, annual.text)] = annual
    return goals


def _targets_as_of(indicator_ids: set[int], when: datetime) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for target in IndicatorTarget.history.as_of(when).filter(indicator_id__in=indicator_ids).order_by("order", "id"):
        result.setdefault(target.indicator_id, []).append(str(target))
    return result


def _stands(old: Concept, new: Concept) -> tuple[datetime, datetime]:
    """The moments the two versions stand for. Targets belong to the body's indicators, shared by all versions:
    the older version stands for the targets as they were when the newer one was started from it; the newer one
    for today's targets, or for its last change once it has itself been superseded."""
    older, newer = (old, new) if old.version <= new.version else (new, old)
    newer_moment = newer.modified if newer.status == "superseded" else timezone.now()
    moments = {older.pk: newer.created, newer.pk: newer_moment}
    return moments[old.pk], moments[new.pk]


def compare_concepts(old: Concept, new: Concept) -> ConceptDiff:
    diff = ConceptDiff()
    old_fields = {f.title: f for f in old.fields.all()}
    new_fields = {f.title: f for f in new.fields.all()}
    for title in new_fields.keys() - old_fields.keys():
        diff.added.append(Change(title, str(new_fields[title]._meta.verbose_name)))
    for title in old_fields.keys() - new_fields.keys():
        diff.removed.append(Change(title, str(old_fields[title]._meta.verbose_name)))
    for title in old_fields.keys() & new_fields.keys():
        before, after = old_fields[title].priority_points, new_fields[title].priority_points
        if before != after:
            diff.changed.append(
                Change(
                    title,
                    str(old_fields[title]._meta.get_field("priority_points").verbose_name),
                    str(before or "–"),
                    str(after or "–"),
                )
            )

    old_goals, new_goals = _goal_map(old), _goal_map(new)
    for key in new_goals.keys() - old_goals.keys():
        diff.added.append(Change(key[1], f"{new_goals[key]._meta.verbose_name}: {key[2]}"))
    for key in old_goals.keys() - new_goals.keys():
        diff.removed.append(Change(key[1], f"{old_goals[key]._meta.verbose_name}: {key[2]}"))
    for key in old_goals.keys() & new_goals.keys():
        before, after = old_goals[key], new_goals[key]
        if (
            isinstance(before, GuidingGoal)
            and isinstance(after, GuidingGoal)
            and before.minimum_statement != after.minimum_statement
        ):
            label = str(GuidingGoal._meta.get_field("minimum_statement").verbose_name)
            diff.changed.append(
                Change(key[1], f"{key[2]} – {label}", before.minimum_statement, after.minimum_statement)
            )

    old_measures = {m.title: m for m in old.measures.all()}
    new_measures = {m.title: m for m in new.measures.all()}
    for title in new_measures.keys() - old_measures.keys():
        diff.added.append(Change(title, str(new_measures[title]._meta.verbose_name)))
    for title in old_measures.keys() - new_measures.keys():
        diff.removed.append(Change(title, str(old_measures[title]._meta.verbose_name)))
    for title in old_measures.keys() & new_measures.keys():
        before, after = old_measures[title], new_measures[title]
        if before.status != after.status:
            diff.changed.append(
                Change(
                    title,
                    str(before._meta.get_field("status").verbose_name),
                    before.get_status_display(),
                    after.get_status_display(),
                )
            )

    indicators = Indicator.objects.filter(
        Q(guiding_goals__field__concept__in=[old, new]) | Q(annual_goals__field__concept__in=[old, new])
    ).distinct()
    names = {indicator.pk: indicator.name for indicator in indicators}
    old_moment, new_moment = _stands(old, new)
    before_targets, after_targets = _targets_as_of(set(names), old_moment), _targets_as_of(set(names), new_moment)
    for pk, name in sorted(names.items(), key=lambda item: item[1]):
        if before_targets.get(pk, []) != after_targets.get(pk, []):
            diff.changed.append(
                Change(
                    name,
                    str(IndicatorTarget._meta.verbose_name_plural),
                    "; ".join(before_targets.get(pk, [])) or "–",
                    "; ".join(after_targets.get(pk, [])) or "–",
                )
            )
    return diff
