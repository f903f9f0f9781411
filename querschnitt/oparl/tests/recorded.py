"""Recorded answers of an OParl system (SessionNet/ALLRIS style, "Stadt Beispielstadt") for the import tests: a
fetch that serves `fixtures/import/*.json` by URL, records what was asked, and never touches the network.

`routes.json` maps a URL to its file. Query parameters are compared sorted, and the value of `modified_since` is
written `*` (its value depends on when the previous run started; the tests check it separately)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from querschnitt.oparl.importer import MSG_HTTP, FetchError

FIXTURES = Path(__file__).parent / "fixtures" / "import"
BASE = "https://ris.beispielstadt.example/oparl/v1.1"
SYSTEM_URL = f"{BASE}/system"
BODY_URL = f"{BASE}/bodies/1"
AGS = "05999901"


def route_key(url: str) -> str:
    parts = urlsplit(url)
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    if not query:
        return base
    return base + "?" + "&".join(f"{key}={'*' if key == 'modified_since' else value}" for key, value in query)


class RecordedOParl:
    """A `fetch` for `oparl_import_run`. `overrides` maps a route key to bytes, an exception to raise, or a
    callable (url → bytes) — to simulate broken answers and failing servers."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self.routes: dict[str, str] = json.loads((FIXTURES / "routes.json").read_text(encoding="utf-8"))
        self.overrides = overrides or {}
        self.requested: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.requested.append(url)
        key = route_key(url)
        if key in self.overrides:
            value = self.overrides[key]
            if isinstance(value, Exception):
                raise value
            if callable(value):
                return value(url)
            return value
        name = self.routes.get(key)
        if name is None:
            raise FetchError(MSG_HTTP, status=404)
        return (FIXTURES / name).read_bytes()

    def requested_paths(self) -> list[str]:
        return [route_key(url) for url in self.requested]


def failing(times: int, error: FetchError, then: Callable[[str], bytes]) -> Callable[[str], bytes]:
    """A route that fails `times` times with `error`, then answers with `then(url)`."""
    calls = {"count": 0}

    def answer(url: str) -> bytes:
        calls["count"] += 1
        if calls["count"] <= times:
            raise error
        return then(url)

    return answer


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
