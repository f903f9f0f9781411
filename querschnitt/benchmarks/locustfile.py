"""The load scenario of `querschnitt bench_load`: mixed traffic of three kinds of people against one app server.

- `Visitor` (weight 60): the public. Start page, the list of bodies and a search in it, the open-data pages
  (`/daten/`, `/daten/<body>/`), the public offers directory (`/angebote/<body>/`), and a walk through OParl as a
  council information system would crawl it: system → body list → body → list of papers (and its next page) → one
  paper, following the links of each answer.
- `Office` (weight 25): the Geschäftsstelle. Signs in once (allauth's form with its CSRF token), then reads its body:
  dashboard, meetings and one meeting, papers and one paper, the concept, measures and one measure, indicators.
- `Voter` (weight 15): a workshop participant with a personal code in an open dot vote. Opens the ballot, steps
  points up (+) as the page's buttons do, casts, and now and then changes the vote (all as HTMX requests, like the
  page).

Nothing here imports Django: locust runs this file in its own process with gevent. What to request (body slugs, ids,
the login, voter codes) comes from the JSON file named by `QUERSCHNITT_LOAD_TARGETS`, written by the command from the
database (see `bench_load.collect_targets`). Without that file the classes still import (for the tests), with empty
targets.

Every response is checked beyond its status: a page of the Geschäftsstelle that lands on the login form, a ballot that
answers with an error alert, an OParl answer that is not JSON, each counts as a failure.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

TARGETS_ENV = "QUERSCHNITT_LOAD_TARGETS"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_PATH = "/konto/login/"
HTMX = {"HX-Request": "true"}


def load_targets() -> dict[str, Any]:
    """The targets written by the command; empty sections when the variable is unset (import in tests)."""
    path = os.environ.get(TARGETS_ENV, "")
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8")) if path else {}
    for key in ("visitor", "office", "voter"):
        data.setdefault(key, {})
    return data


TARGETS = load_targets()


def _check(response: Any, *, json_body: bool = False, forbid: str = "", signed_in: bool = False) -> None:
    """Mark a response that is no real answer as failed (locust already fails statuses of 400 and above)."""
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code}" + (f": {response.error}" if response.status_code == 0 else ""))
    elif signed_in and LOGIN_PATH in response.url:
        response.failure("redirected to the login form")
    elif forbid and forbid in response.text:
        response.failure(f"the answer contains {forbid!r}")
    elif json_body:
        try:
            response.json()
        except ValueError:
            response.failure("not JSON")
        else:
            response.success()
    else:
        response.success()


def _csrf(text: str) -> str:
    found = CSRF_INPUT.search(text)
    return found.group(1) if found else ""


class Visitor(HttpUser):
    """An anonymous visitor of the public pages and a client of the OParl API."""

    weight = 60
    wait_time = between(1, 3)

    def _get(self, url: str, name: str, **kwargs: Any) -> Any:
        with self.client.get(url, name=name, catch_response=True) as response:
            _check(response, **kwargs)
            return response

    def _pick(self, key: str) -> str | None:
        values = TARGETS["visitor"].get(key) or []
        return random.choice(values) if values else None  # noqa: S311 (load simulation, not security)

    @task(2)
    def start_page(self) -> None:
        self._get("/", "/")

    @task(1)
    def body_list(self) -> None:
        self._get("/k/", "/k/")

    @task(1)
    def body_search(self) -> None:
        term = self._pick("search_terms") or "Neuss"
        self._get(f"/k/?q={term}", "/k/?q=[Suche]")

    @task(1)
    def open_data_index(self) -> None:
        self._get("/daten/", "/daten/")

    @task(3)
    def open_data_body(self) -> None:
        slug = self._pick("public_bodies")
        if slug:
            self._get(f"/daten/{slug}/", "/daten/[Kommune]/")

    @task(2)
    def offers_directory(self) -> None:
        slug = self._pick("offer_bodies")
        if slug:
            self._get(f"/angebote/{slug}/", "/angebote/[Kommune]/")

    @task(3)
    def oparl_walk(self) -> None:
        """System → bodies → one body → its papers (and the next page) → one paper, by the links in the answers."""
        system = self._get("/oparl/v1.1/", "/oparl/v1.1/", json_body=True)
        if system.status_code != 200:
            return
        bodies = self._get(system.json()["body"], "/oparl/v1.1/body/", json_body=True)
        if bodies.status_code != 200:
            return
        wanted = TARGETS["visitor"].get("oparl_bodies") or []
        listed = [entry["id"] for entry in bodies.json().get("data", [])]
        candidates = [url for url in listed if any(f"/body/{slug}/" in url for slug in wanted)] or listed
        if not candidates:
            return
        body = self._get(random.choice(candidates), "/oparl/v1.1/body/[Kommune]/", json_body=True)  # noqa: S311
        if body.status_code != 200:
            return
        papers = self._get(body.json()["paper"], "/oparl/v1.1/body/[Kommune]/paper/", json_body=True)
        if papers.status_code != 200:
            return
        page = papers.json()
        following = page.get("links", {}).get("next")
        if following:
            page = self._get(following, "/oparl/v1.1/body/[Kommune]/paper/?page=[n]", json_body=True).json()
        listed_papers = [entry["id"] for entry in page.get("data", [])]
        if listed_papers:
            self._get(random.choice(listed_papers), "/oparl/v1.1/paper/[id]/", json_body=True)  # noqa: S311


class Office(HttpUser):
    """The Geschäftsstelle of the committee: signs in once, then reads the work of its body."""

    weight = 25
    wait_time = between(1, 3)

    def on_start(self) -> None:
        office = TARGETS["office"]
        self.body = office.get("body", "")
        form = self.client.get(LOGIN_PATH, name=LOGIN_PATH)
        with self.client.post(
            LOGIN_PATH,
            name=LOGIN_PATH + " (POST)",
            data={
                "login": office.get("login", ""),
                "password": office.get("password", ""),
                "csrfmiddlewaretoken": _csrf(form.text),
            },
            catch_response=True,
        ) as response:
            if response.status_code != 200 or LOGIN_PATH in response.url:
                response.failure("sign-in failed")
            else:
                response.success()

    def _get(self, path: str, name: str) -> None:
        with self.client.get(f"/k/{self.body}/{path}", name=f"/k/[Kommune]/{name}", catch_response=True) as response:
            _check(response, forbid="kern-alert--danger", signed_in=True)

    def _pick(self, key: str) -> int | None:
        values = TARGETS["office"].get(key) or []
        return random.choice(values) if values else None  # noqa: S311

    @task(2)
    def dashboard(self) -> None:
        self._get("", "")

    @task(2)
    def meetings(self) -> None:
        self._get("sitzungen/", "sitzungen/")

    @task(2)
    def meeting(self) -> None:
        pk = self._pick("meetings")
        if pk:
            self._get(f"sitzung/{pk}/", "sitzung/[id]/")

    @task(2)
    def papers(self) -> None:
        self._get("drucksachen/", "drucksachen/")

    @task(2)
    def paper(self) -> None:
        pk = self._pick("papers")
        if pk:
            self._get(f"drucksache/{pk}/", "drucksache/[id]/")

    @task(1)
    def concept(self) -> None:
        pk = self._pick("concepts")
        if pk:
            self._get(f"konzept/{pk}/", "konzept/[id]/")

    @task(2)
    def measures(self) -> None:
        self._get("massnahmen/", "massnahmen/")

    @task(1)
    def measure(self) -> None:
        pk = self._pick("measures")
        if pk:
            self._get(f"massnahme/{pk}/", "massnahme/[id]/")

    @task(1)
    def indicators(self) -> None:
        self._get("indikatoren/", "indikatoren/")


def allocation(options: list[int], points: int, cap: int | None, spend_all: bool) -> dict[int, int]:
    """A random valid ballot: at least one point, at most `points` (all of them with `spend_all`), at most `cap` on
    one option."""
    total = points if spend_all else random.randint(1, points)  # noqa: S311
    limit = min(cap or points, points)
    given = dict.fromkeys(options, 0)
    while sum(given.values()) < total:
        open_options = [option for option in options if given[option] < limit]
        if not open_options:
            break
        given[random.choice(open_options)] += 1  # noqa: S311
    return given


class Voter(HttpUser):
    """A workshop participant voting with a personal code in the open dot vote (the ballot page's HTMX requests)."""

    weight = 15
    wait_time = between(1, 3)

    def on_start(self) -> None:
        voter = TARGETS["voter"]
        tokens = voter.get("tokens") or [""]
        self.url = f"/abstimmen/{random.choice(tokens)}/"  # noqa: S311
        self.token = ""
        self.draft = dict.fromkeys(voter.get("options") or [], 0)
        self.open_ballot()

    def _remember_token(self, response: Any) -> None:
        self.token = _csrf(response.text) or self.token

    def _post(self, data: dict[str, Any], name: str) -> None:
        payload = {"csrfmiddlewaretoken": self.token, **{f"option_{pk}": value for pk, value in self.draft.items()}}
        payload.update(data)
        with self.client.post(
            self.url, name=name, data=payload, headers=HTMX | {"Referer": self.url}, catch_response=True
        ) as response:
            _check(response, forbid="kern-alert--danger")
            self._remember_token(response)

    @task(1)
    def open_ballot(self) -> None:
        """The full page, as when the code is typed in or scanned."""
        with self.client.get(self.url, name="/abstimmen/[Code]/", catch_response=True) as response:
            _check(response, forbid="kern-alert--danger")
            self._remember_token(response)

    @task(2)
    def step_up(self) -> None:
        """One press on a “+” button: changes only the draft on the page."""
        voter = TARGETS["voter"]
        if not self.draft:
            return
        cap = min(voter.get("cap") or voter.get("points", 1), voter.get("points", 1))
        room = [pk for pk, value in self.draft.items() if value < cap]
        if sum(self.draft.values()) >= voter.get("points", 1) or not room:
            self.draft = dict.fromkeys(self.draft, 0)
            return
        self._post({"step": f"+{random.choice(room)}"}, "/abstimmen/[Code]/ (+)")  # noqa: S311

    @task(2)
    def cast(self) -> None:
        """Cast (or change) the vote with a valid allocation of the points."""
        voter = TARGETS["voter"]
        if not self.draft:
            return
        self.draft = allocation(list(self.draft), voter.get("points", 1), voter.get("cap"), voter.get("spend_all"))
        self._post({"cast": "1"}, "/abstimmen/[Code]/ (abstimmen)")
