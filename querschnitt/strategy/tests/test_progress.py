"""The progress calculation for the cases the issue names: no baseline, target "offen", falling polarity,
inequality baseline; plus milestones and roll-up."""

from datetime import date
from decimal import Decimal as D

import pytest

from querschnitt.strategy.progress import (
    LIMITED,
    MODERATE,
    MOVING_AWAY,
    NO_DATA,
    ON_TRACK,
    REACHED,
    Point,
    Target,
    combine,
    indicator_status,
)

TODAY = date(2026, 11, 21)


def status(polarity="up", kind="quantitative", baseline=None, target=None, points=()):
    return indicator_status(
        polarity=polarity,
        kind=kind,
        baseline=baseline,
        target=target,
        observations=[Point(date(year, 12, 31), D(value)) for year, value in points],
        today=TODAY,
    )


def test_no_observation_means_no_data():
    assert status(target=Target("value", D(50), date(2030, 12, 31))) == NO_DATA


def test_no_baseline_uses_the_first_observation():
    target = Target("value", D(60), date(2030, 12, 31))
    # 2020 → 2030 needs +20; by 2025 (half the time) +10 is on track.
    assert status(target=target, points=[(2020, 40), (2025, 50)]) == ON_TRACK
    assert status(target=target, points=[(2020, 40), (2025, 47)]) == MODERATE
    assert status(target=target, points=[(2020, 40), (2025, 42)]) == LIMITED
    assert status(target=target, points=[(2020, 40), (2025, 38)]) == MOVING_AWAY


def test_a_single_value_without_baseline_cannot_show_progress():
    assert status(target=Target("value", D(60), date(2030, 12, 31)), points=[(2025, 50)]) == NO_DATA


def test_target_met_is_reached_whatever_the_history():
    assert status(target=Target("value", D(60), date(2030, 12, 31)), points=[(2025, 61)]) == REACHED


def test_open_target_judges_the_direction_only():
    target = Target("open", None, None)
    assert status(target=target, points=[(2020, 100), (2024, 110)]) == ON_TRACK  # +2.4 % a year
    assert status(target=target, points=[(2020, 100), (2024, 100.5)]) == MODERATE
    assert status(target=target, points=[(2020, 100), (2024, 100)]) == LIMITED
    assert status(target=target, points=[(2020, 100), (2024, 95)]) == MOVING_AWAY


def test_falling_polarity_wants_lower_values():
    # Unemployment of migrants should fall from 18 % to the average of 8 % by 2030.
    target = Target("value", D(8), date(2030, 12, 31))
    assert status(polarity="down", target=target, points=[(2020, 18), (2025, 13)]) == ON_TRACK
    assert status(polarity="down", target=target, points=[(2020, 18), (2025, 19)]) == MOVING_AWAY
    assert status(polarity="down", target=target, points=[(2020, 18), (2029, 7.9)]) == REACHED
    assert status(polarity="down", target=Target("open", None, None), points=[(2020, 18), (2024, 16)]) == ON_TRACK


def test_inequality_baseline_counts_with_its_number():
    baseline = Point(date(2020, 12, 31), D(40))  # written as "< 40 %"
    target = Target("minimum", D(60), date(2030, 12, 31))
    assert status(baseline=baseline, target=target, points=[(2025, 50)]) == ON_TRACK
    assert status(baseline=baseline, target=target, points=[(2025, 39)]) == MOVING_AWAY


def test_maximum_target_is_reached_below_the_value():
    target = Target("maximum", D(5), date(2030, 12, 31))
    assert status(polarity="context", target=target, points=[(2025, 4)]) == REACHED


def test_context_indicators_are_not_rated():
    assert status(polarity="context", points=[(2020, 10), (2025, 12)]) == NO_DATA


def test_target_without_deadline_uses_the_share_of_the_way():
    target = Target("value", D(10), None)
    assert status(kind="count", target=target, points=[(2020, 0), (2025, 9.6)]) == ON_TRACK
    assert status(kind="count", target=target, points=[(2020, 0), (2025, 6)]) == MODERATE
    assert status(kind="count", target=target, points=[(2020, 0), (2025, 2)]) == LIMITED


@pytest.mark.parametrize(
    "points, due, expected",
    [
        ([(2011, 1)], date(2011, 6, 30), REACHED),
        ([(2011, 0)], date(2011, 6, 30), MOVING_AWAY),
        ([], date(2030, 6, 30), ON_TRACK),
        ([], None, NO_DATA),
    ],
)
def test_milestones(points, due, expected):
    assert status(kind="milestone", target=Target("done", None, due), points=points) == expected


def test_roll_up_is_the_rounded_mean_and_ignores_missing_data():
    assert combine([REACHED, MOVING_AWAY, NO_DATA]) == MODERATE
    assert combine([NO_DATA, NO_DATA]) == NO_DATA
    assert combine([REACHED, ON_TRACK]) == ON_TRACK  # a tie goes to the lower status
    assert combine([]) == NO_DATA
