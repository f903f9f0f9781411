"""The conformance checker: validates OParl objects against the draft-07 schemas in `schema/` and walks an API from
its System object, following every URL of our API it finds (list pages, objects, embedded objects' ids, file URLs).

A reference to another system (an object brought by the OParl import keeps its id there) is never followed: the
walk collects such foreign URLs in `Walk.foreign_urls` for the tests to look at."""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).parent / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
BASE = "http://testserver/oparl/"
LIST_KEYS = ("data", "pagination", "links")
# Body: the external lists of OParl 1.0 and the ones OParl 1.1 made mandatory ("ZWINGEND").
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)
# Keys whose URL values are not references to objects (and so never foreign references).
NON_REFERENCE_KEYS = {"type", "oparlVersion", "website", "license", "web"}
# What a deleted object keeps: id, type, created, modified, deleted, and what the schema requires besides.
DELETED_KEYS = {"id", "type", "created", "modified", "deleted", "order", "accessUrl"}

format_checker = FormatChecker(formats=())


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    """OParl date-times carry a time and a UTC offset (spec: "Datums- und Zeitangaben")."""
    if not isinstance(value, str):
        return True
    parsed = dt.datetime.fromisoformat(value)
    return "T" in value and parsed.tzinfo is not None


@format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or (len(value) == 10 and bool(dt.date.fromisoformat(value)))


@format_checker.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT7)
        resources += [(TYPE_PREFIX + path.name, resource), (TYPE_PREFIX + path.stem, resource)]
    return Registry().with_resources(resources)


@cache
def validator(type_name: str) -> Draft7Validator:
    schema = registry().contents(TYPE_PREFIX + type_name + ".json")
    return Draft7Validator(schema, registry=registry(), format_checker=format_checker)


def type_name(obj: dict[str, Any]) -> str:
    assert obj["type"].startswith(TYPE_PREFIX), obj
    return obj["type"].removeprefix(TYPE_PREFIX)


def schema_errors(obj: dict[str, Any]) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator(type_name(obj)).iter_errors(obj)]


def rule_errors(obj: dict[str, Any]) -> list[str]:
    """The rules of the specification text that the schemas do not encode."""
    errors = [f"{key} missing" for key in ("created", "modified") if key not in obj]
    if obj.get("deleted"):
        if obj["deleted"] is not True:
            errors.append("deleted must be true or absent")
        errors += [f"deleted object keeps {key}" for key in set(obj) - DELETED_KEYS]
        return errors
    kind = type_name(obj)
    if kind == "Body":
        errors += [f"Body.{key} missing" for key in (*BODY_LISTS, "system", "legislativeTerm") if key not in obj]
    if kind == "Person" and "location" in obj and obj.get("locationObject", {}).get("id") != obj["location"]:
        errors.append("Person.location without the same locationObject")
    if kind == "Meeting":
        orders = [item["order"] for item in obj.get("agendaItem", [])]
        if orders != list(range(len(orders))):
            errors.append(f"Meeting.agendaItem orders {orders} are not 0, 1, 2 …")
    mandatory_lists = {"legislativeTerm"} if kind == "Body" else set()
    for key, value in obj.items():
        if value is None or value == "" or (value == [] and key not in mandatory_lists):
            errors.append(f"{key}: null, empty string or empty list written")
    return errors


def embedded_objects(value: Any) -> list[dict[str, Any]]:
    """Every object nested in `value` (not `value` itself)."""
    found: list[dict[str, Any]] = []

    def visit(node: Any, top: bool) -> None:
        if isinstance(node, dict):
            if not top and "type" in node and "id" in node:
                found.append(node)
            for child in node.values():
                visit(child, False)
        elif isinstance(node, list):
            for child in node:
                visit(child, False)

    visit(value, True)
    return found


def urls_in(value: Any, *, base: str = BASE, foreign: bool = False) -> list[tuple[str, str]]:
    """(key, url) of every URL of our API (starting with `base`) in `value`, at any depth; with `foreign`, of
    every reference to another system instead (an http(s) URL not starting with `base`)."""
    found: list[tuple[str, str]] = []

    def visit(node: Any, key: str) -> None:
        if isinstance(node, dict):
            for child_key, child in node.items():
                visit(child, child_key)
        elif isinstance(node, list):
            for child in node:
                visit(child, key)
        elif isinstance(node, str):
            ours = node.startswith(base)
            reference = node.startswith(("http://", "https://")) and key not in NON_REFERENCE_KEYS
            if (ours and not foreign) or (foreign and not ours and reference):
                found.append((key, node))

    visit(value, "")
    return found


@dataclass
class Walk:
    """What a walk saw: every response by URL, every object (standalone and embedded) by id."""

    responses: dict[str, Any] = field(default_factory=dict)
    standalone: dict[str, dict[str, Any]] = field(default_factory=dict)
    embedded: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    listed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    file_urls: set[str] = field(default_factory=set)
    foreign_urls: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def all_objects(self) -> list[dict[str, Any]]:
        objects = list(self.standalone.values())
        for group in (self.embedded, self.listed):
            objects += [obj for copies in group.values() for obj in copies]
        return objects

    def ids_of_type(self, kind: str) -> set[str]:
        return {obj["id"] for obj in self.all_objects() if obj["type"] == TYPE_PREFIX + kind}


def walk(client: Any, *start: str, max_requests: int = 2000, base: str = BASE) -> Walk:
    """Breadth-first from `start`: every JSON URL of our API (below `base`) is fetched once; file URLs and
    references to other systems are collected for the caller, never fetched."""
    result = Walk()
    queue = deque(start)
    while queue:
        url = queue.popleft()
        if url in result.responses:
            continue
        assert len(result.responses) < max_requests, "the walk does not end"
        response = client.get(url)
        result.responses[url] = response
        if response.status_code != 200:
            result.problems.append(f"{url}: status {response.status_code}")
            continue
        payload = response.json()
        if set(LIST_KEYS) <= set(payload):
            objects = payload["data"]
            for obj in objects:
                result.listed.setdefault(obj["id"], []).append(obj)
        else:
            objects = [payload]
            result.standalone[payload["id"]] = payload
        for obj in objects:
            for inner in embedded_objects(obj):
                result.embedded.setdefault(inner["id"], []).append(inner)
        result.foreign_urls.update(found for _key, found in urls_in(payload, base=base, foreign=True))
        for key, found in urls_in(payload, base=base):
            if key in ("accessUrl", "downloadUrl"):
                result.file_urls.add(found)
            elif found not in result.responses:
                queue.append(found)
    return result
