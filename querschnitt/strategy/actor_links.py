"""Reading actor names out of the text a workshop wrote (“Agentur, Jobcenter, Arbeitgeber”) to link measures to
actor records. Pure functions over plain values, so the data migration can use them with historical models."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# Separators between actors in the seed's texts: commas, semicolons, line breaks, “und”, “sowie”, slashes between
# words that are not part of a name are left alone (“ARGE/Jobcenter” is one actor).
_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\bsowie\b|\bund\b)\s*")


def actor_names_in(text: str) -> list[str]:
    """The parts of a text that may name actors, stripped of bullets and trailing dots."""
    parts = (part.strip(" .-•\t…") for part in _SEPARATORS.split(text or ""))
    return [part for part in parts if part]


def _key(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


def match_actors(
    text: str, actors: Iterable[Any], aliases: Mapping[str, str] | None = None
) -> tuple[list[Any], list[str]]:
    """The actors a text names (by full name, short name or one of the `aliases` — text → actor name —, ignoring
    case), and the parts that name none. Each actor is returned once, in the order the text names them."""
    by_key: dict[str, Any] = {}
    for actor in actors:
        by_key.setdefault(_key(actor.name), actor)
        if getattr(actor, "short_name", ""):
            by_key.setdefault(_key(actor.short_name), actor)
    for alias, name in (aliases or {}).items():
        if _key(name) in by_key:
            by_key.setdefault(_key(alias), by_key[_key(name)])
    matched: list[Any] = []
    unmatched: list[str] = []
    for part in actor_names_in(text):
        actor = by_key.get(_key(part))
        if actor is None:
            unmatched.append(part)
        elif actor not in matched:
            matched.append(actor)
    return matched, unmatched
