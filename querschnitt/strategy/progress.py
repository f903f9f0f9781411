"""Progress towards targets, computed from observations.

Pure functions over plain values, so that the rules are easy to read and to test. The method follows the one
used for the German SDG indicators and Eurostat's sustainable-development monitoring:

- With a target value and a deadline: compare the progress made since the base period with the progress that was
  needed by now to reach the target by its deadline (`ratio` = actual / needed).
  ratio ≥ 0.95 → on track; ≥ 0.6 → moderate; > 0 → limited; ≤ 0 → moving away.
- With a target value but no deadline: the share of the way from base to target that has been covered:
  ≥ 0.95 → on track (not yet reached); ≥ 0.5 → moderate; > 0 → limited; ≤ 0 → moving away.
- With an open target (direction only): the yearly relative change in the wanted direction:
  ≥ 1 % → on track; > 0 → moderate; = 0 → limited; < 0 → moving away.
- A target that the latest value meets (in the direction of the polarity, or as the minimum/maximum says)
  is reached.
- Milestones: done (latest value ≥ 1) → reached; not done and past the deadline → moving away; not done and not yet
  due → on track; no observation and no deadline → no data.
- No observation, an indicator that only describes the situation (polarity "context") and has no target value, or
  only one value without a baseline → no data.

The base is the indicator's baseline if it has one (an inequality such as "< 40 %" counts with its number), else the
earliest observation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

REACHED, ON_TRACK, MODERATE, LIMITED, MOVING_AWAY, NO_DATA = (
    "reached",
    "on_track",
    "moderate",
    "limited",
    "moving_away",
    "no_data",
)
SCORES = {REACHED: 5, ON_TRACK: 4, MODERATE: 3, LIMITED: 2, MOVING_AWAY: 1}


@dataclass(frozen=True)
class Point:
    when: date
    value: Decimal


@dataclass(frozen=True)
class Target:
    kind: str  # value, minimum, maximum, open, done
    value: Decimal | None
    due: date | None


def _years(start: date, end: date) -> float:
    return max((end - start).days, 0) / 365.25


def _meets(target: Target, value: Decimal, polarity: str) -> bool:
    if target.value is None:
        return False
    if target.kind == "minimum":
        return value >= target.value
    if target.kind == "maximum":
        return value <= target.value
    if polarity == "down":
        return value <= target.value
    return value >= target.value


def milestone_status(latest: Point | None, target: Target | None, today: date) -> str:
    if latest is not None and latest.value >= 1:
        return REACHED
    if target is not None and target.due is not None:
        return MOVING_AWAY if today > target.due else ON_TRACK
    return NO_DATA


def indicator_status(
    *,
    polarity: str,
    kind: str,
    baseline: Point | None,
    target: Target | None,
    observations: Iterable[Point],
    today: date,
) -> str:
    """The progress of one indicator towards its (first) target."""
    points = sorted(observations, key=lambda point: point.when)
    latest = points[-1] if points else None
    if kind == "milestone" or (target is not None and target.kind == "done"):
        return milestone_status(latest, target, today)
    if latest is None:
        return NO_DATA
    if target is not None and target.kind != "open" and _meets(target, latest.value, polarity):
        return REACHED
    if polarity == "context" and (target is None or target.value is None):
        return NO_DATA  # describes the situation; only a target gives it a direction
    if baseline is not None:
        base = baseline
    elif len(points) > 1:
        base = points[0]
    else:
        return NO_DATA
    if latest.when <= base.when:
        return NO_DATA
    direction = Decimal(-1) if polarity == "down" or (target is not None and target.kind == "maximum") else Decimal(1)

    if target is None or target.kind == "open" or target.value is None:
        years = _years(base.when, latest.when)
        if years == 0 or base.value == 0:
            change = (latest.value - base.value) * direction
            return ON_TRACK if change > 0 else LIMITED if change == 0 else MOVING_AWAY
        yearly = float((latest.value - base.value) / abs(base.value) * direction) / years
        if yearly >= 0.01:
            return ON_TRACK
        if yearly > 0:
            return MODERATE
        return LIMITED if yearly == 0 else MOVING_AWAY

    needed_total = target.value - base.value
    if needed_total == 0:
        return REACHED
    actual_share = float((latest.value - base.value) / needed_total)
    if target.due is not None and target.due > base.when:
        elapsed = _years(base.when, min(latest.when, target.due))
        expected_share = min(elapsed / _years(base.when, target.due), 1.0)
        if actual_share <= 0:
            return MOVING_AWAY
        if expected_share == 0:
            return ON_TRACK
        ratio = actual_share / expected_share
        return ON_TRACK if ratio >= 0.95 else MODERATE if ratio >= 0.6 else LIMITED
    if actual_share <= 0:
        return MOVING_AWAY
    return ON_TRACK if actual_share >= 0.95 else MODERATE if actual_share >= 0.5 else LIMITED


def combine(statuses: Iterable[str]) -> str:
    """Roll several statuses up into one: the rounded mean of their scores; no data only if all have none."""
    scores = [SCORES[status] for status in statuses if status in SCORES]
    if not scores:
        return NO_DATA
    mean = sum(scores) / len(scores)
    # On a tie (mean 4.5) the lower status wins: a roll-up should not flatter.
    return min(SCORES, key=lambda status: (abs(SCORES[status] - mean), SCORES[status]))
