"""The load scenario's pieces (`bench_load`): what it requests, how it reads locust's figures and writes its section.

The run itself needs a server on a database a second process can read (not the test database in memory) and takes a
minute: `make bench` does it. The locustfile is imported in a child process only, because locust's gevent patches
the process that imports it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from querschnitt.benchmarks.management.commands import bench_load
from querschnitt.participation.models import DotVote, DotVoteStatus

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
STATS_CSV = (
    HEADER
    + "\n"
    + textwrap.dedent(
        """\
    GET,/,120,0,41,55.2,12,480.5,15000,2.0,0.0,41,50,60,70,90,120,200,310,480,480,480
    POST,/abstimmen/[Code]/ (abstimmen),30,2,88,95.0,40,1210,8000,0.5,0.03,88,90,100,110,150,300,900,1200,1200,1200,1200
    GET,/oparl/v1.1/,50,0,9,10.1,5,33,900,0.83,0.0,9,10,11,12,15,20,30,33,33,33,33
    ,Aggregated,200,2,40,60.0,5,1210,10000,3.33,0.03,40,50,60,70,90,150,500,900,1210,1210,1210
    """
    )
)
FAILURES_CSV = textwrap.dedent(
    """\
    Method,Name,Error,Occurrences
    POST,/abstimmen/[Code]/ (abstimmen),CatchResponseError('HTTP 500'),2
    """
)
FACTS = {
    "database": "PostgreSQL",
    "database_version": "PostgreSQL 15.8",
    "dataset": "Demodaten",
    "dataset_detail": "10 Kommunen",
    "users": "50",
    "spawn_rate": "10",
    "seconds": "60",
    "date": "06.12.2026",
    "command": "querschnitt bench_load --users 50 --seconds 60",
    "machine": "2 CPU-Kerne",
    "server": "gunicorn",
    "load_before": "0,50",
    "load_after": "1,20",
}


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    (tmp_path / "load_stats.csv").write_text(STATS_CSV, encoding="utf-8")
    (tmp_path / "load_failures.csv").write_text(FAILURES_CSV, encoding="utf-8")
    return tmp_path


def test_read_stats_gives_one_row_per_request_and_the_total(recorded):
    rows, total = bench_load.read_stats(recorded / "load_stats.csv")
    assert [row.name for row in rows] == ["/", "/abstimmen/[Code]/ (abstimmen)", "/oparl/v1.1/"]
    vote = rows[1]
    assert (vote.method, vote.requests, vote.failures) == ("POST", 30, 2)
    assert (vote.median, vote.p95, vote.p99, vote.maximum, vote.rps) == (88, 300, 1200, 1210, 0.5)
    assert total is not None and (total.requests, total.failures, total.rps) == (200, 2, 3.33)
    assert bench_load.read_failures(recorded / "load_failures.csv") == [
        "POST /abstimmen/[Code]/ (abstimmen): CatchResponseError('HTTP 500') (2×)"
    ]
    assert bench_load.read_failures(recorded / "missing.csv") == []


def test_the_block_is_german_with_every_request_type_and_the_failures(recorded):
    rows, total = bench_load.read_stats(recorded / "load_stats.csv")
    block = bench_load.render_block(rows, total, FACTS)
    assert block.startswith("### PostgreSQL, Demodaten")
    assert "| POST `/abstimmen/[Code]/ (abstimmen)` | 30 | 2 | 88 ms | 300 ms | 1200 ms | 1210 ms | 0,5 |" in block
    assert "| **gesamt** | **200** | **2** |" in block and "**3,3**" in block
    assert "Ergebnis: 2 Fehler." in block
    clean = bench_load.render_block(rows, bench_load.Row("", "Aggregated", 200, 0, 40, 150, 900, 1210, 3.3), FACTS)
    assert "Ergebnis: ohne Fehler." in clean and "Achtung" not in clean
    busy = bench_load.render_block(rows, total, FACTS | {"busy": True})
    assert "Achtung: Der Rechner war schon vor dem Lauf" in busy


def test_write_block_keeps_other_sections_and_the_other_database(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(
        "# Benchmarks\n\n<!-- bench:report -->\n## Bericht\nunverändert\n<!-- /bench:report -->\n", encoding="utf-8"
    )
    bench_load.write_block(path, "sqlite-demodaten", "### SQLite, Demodaten\n\nerste Messung")
    bench_load.write_block(path, "postgresql-demodaten", "### PostgreSQL, Demodaten\n\nMessung PG")
    bench_load.write_block(path, "sqlite-demodaten", "### SQLite, Demodaten\n\nzweite Messung")
    text = path.read_text(encoding="utf-8")
    assert "## Bericht\nunverändert\n<!-- /bench:report -->" in text
    assert text.count(bench_load.START) == 1 and text.count(bench_load.HEADING) == 1
    assert "zweite Messung" in text and "erste Messung" not in text and "Messung PG" in text
    assert text.index("### PostgreSQL") < text.index("### SQLite")  # blocks in a stable order


def test_targets_come_from_the_database(body, other_body, make_user):
    from querschnitt.committees.tests.factories import MeetingFactory, PaperFactory
    from querschnitt.network.models_offers import OfferStatus
    from querschnitt.network.tests.factories_offers import OfferFactory
    from querschnitt.reporting.tests.factories import PublicPageFactory
    from querschnitt.strategy.tests.factories import ConceptFactory

    make_user(body, "office", email="office@example.org")
    meeting = MeetingFactory(body=body)
    paper = PaperFactory(body=body, public=True)
    MeetingFactory(body=other_body)
    concept = ConceptFactory(body=body)
    PublicPageFactory(body=other_body, published=True)
    OfferFactory(body=other_body, status=OfferStatus.PUBLISHED)

    targets = bench_load.collect_targets(login="office@example.org", password="secret")

    office = targets["office"]
    assert (office["login"], office["password"], office["body"]) == ("office@example.org", "secret", body.slug)
    assert office["meetings"] == [meeting.pk] and office["papers"] == [paper.pk] and office["concepts"] == [concept.pk]
    visitor = targets["visitor"]
    assert visitor["public_bodies"] == [other_body.slug]
    assert visitor["offer_bodies"] == [other_body.slug]
    assert visitor["oparl_bodies"] == [body.slug]  # a committee and a public paper
    json.dumps(targets)  # the locustfile gets them as JSON


def test_without_the_office_account_the_command_says_what_to_do(db):
    with pytest.raises(CommandError, match="load the demo first"):
        call_command("bench_load", "--no-write", "--login", "nobody@example.org")


def test_the_load_vote_is_open_with_codes_and_goes_away_afterwards(body):
    voter = bench_load.open_load_vote(body.slug)
    vote = DotVote.objects.get(pk=voter["dot_vote"])
    assert vote.status == DotVoteStatus.OPEN and vote.title == bench_load.LOAD_VOTE_TITLE
    assert len(set(voter["tokens"])) == bench_load.VOTER_CODES == vote.voters.count()
    assert len(voter["options"]) == len(bench_load.LOAD_VOTE_OPTIONS)
    assert (voter["points"], voter["spend_all"]) == (3, True)
    again = bench_load.open_load_vote(body.slug)  # an interrupted run's vote is replaced, not doubled
    assert DotVote.objects.filter(title=bench_load.LOAD_VOTE_TITLE).count() == 1
    bench_load.remove_load_vote(again["dot_vote"])
    assert not DotVote.objects.filter(title=bench_load.LOAD_VOTE_TITLE).exists()


PROBE = """
import json, random
from querschnitt.benchmarks import locustfile as lf
random.seed(7)
ballots = [lf.allocation([1, 2, 3, 4], 3, 2, True) for _ in range(50)]
ballots += [lf.allocation([1, 2], 5, None, False) for _ in range(50)]
print(json.dumps({
    "weights": {cls.__name__: cls.weight for cls in (lf.Visitor, lf.Office, lf.Voter)},
    "tasks": {cls.__name__: len(cls.tasks) for cls in (lf.Visitor, lf.Office, lf.Voter)},
    "ballots": ballots,
    "csrf": lf._csrf('<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'),
}))
"""


def test_the_locustfile_defines_three_weighted_kinds_of_users():
    # A child process: importing locust monkey-patches the standard library with gevent.
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False, timeout=60)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found["weights"] == {"Visitor": 60, "Office": 25, "Voter": 15}
    assert all(count >= 3 for count in found["tasks"].values())
    assert found["csrf"] == "abc123"
    for ballot in found["ballots"][:50]:  # spend all 3 points, at most 2 on one option
        assert sum(ballot.values()) == 3 and max(ballot.values()) <= 2
    for ballot in found["ballots"][50:]:  # at least one point, at most the budget
        assert 1 <= sum(ballot.values()) <= 5
