"""Requests under Art. 15 and 17 GDPR, handled by the office of a body (`core.privacy` has the registry).

- `personal_data_find` lists what the body stores about a person, grouped by area, with what erasure removes, what
  stays and why;
- `personal_data_export` returns the copy of that data as JSON-able values and logs that a copy was made;
- `own_records` is the same copy for a signed-in user about themselves (their own data export);
- `personal_data_erase` deletes or anonymises the chosen records — all of them or, on any error, none — and logs
  who erased how many records of which kind, never the data itself.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import ApplicationError
from .models import PrivacyRequestKind, PrivacyRequestLog
from .privacy import PrivacyQuery, PrivacyRecord, PrivacySource, privacy_sources

logger = logging.getLogger(__name__)

MIN_QUERY_LENGTH = 3


@dataclass
class PrivacyGroup:
    """The records of one source, for the page."""

    source: PrivacySource
    records: list[PrivacyRecord] = field(default_factory=list)

    @property
    def area(self) -> Any:
        return self.source.area

    @property
    def label(self) -> Any:
        return self.source.label


@dataclass
class ErasureResult:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _check_may_handle(actor: Any, body: Any) -> None:
    if actor is None or not actor.has_perm("core.handle_privacy_requests", body):
        raise ApplicationError(_("Only the office of this body may handle requests about personal data."))


def _query(text: str) -> PrivacyQuery:
    query = PrivacyQuery((text or "").strip())
    if len(query.text) < MIN_QUERY_LENGTH:
        raise ApplicationError(
            _("Enter an e-mail address or a full name (at least %(count)s characters).") % {"count": MIN_QUERY_LENGTH},
            field="query",
        )
    return query


def _find(body: Any, query: PrivacyQuery) -> list[PrivacyGroup]:
    groups = []
    for source in privacy_sources():
        records = source.find(body, query)
        if records:
            groups.append(PrivacyGroup(source=source, records=records))
    return groups


def chosen_records(groups: list[PrivacyGroup], keys: list[str] | None) -> list[PrivacyGroup]:
    """The groups with only the chosen records (all when `keys` is None); every chosen key must still be found, so
    that nothing is erased that the office has not seen."""
    if keys is None:
        return groups
    wanted = set(keys)
    if not wanted:
        raise ApplicationError(_("Choose at least one record."))
    found = {record.key for group in groups for record in group.records}
    if not wanted <= found:
        raise ApplicationError(_("The records have changed since the search. Please search again and check them."))
    chosen = []
    for group in groups:
        records = [record for record in group.records if record.key in wanted]
        if records:
            chosen.append(PrivacyGroup(source=group.source, records=records))
    return chosen


def _log(*, actor: Any, body: Any, kind: str, groups: list[PrivacyGroup]) -> PrivacyRequestLog:
    counts = {group.source.key: len(group.records) for group in groups}
    entry = PrivacyRequestLog(body=body, kind=kind, actor=actor, counts=counts, total=sum(counts.values()))
    entry.full_clean()
    entry.save()
    return entry


def personal_data_find(*, actor: Any, body: Any, query: str) -> list[PrivacyGroup]:
    """Everything the body stores about the person searched for, by source (a read: nothing is logged)."""
    _check_may_handle(actor, body)
    return _find(body, _query(query))


def _exported(groups: list[PrivacyGroup]) -> list[dict[str, Any]]:
    return [
        {
            "area": str(group.area),
            "kind": str(group.label),
            "source": group.source.key,
            "records": group.source.export_records(group.records),
            "on_erasure": [
                {
                    "record": record.title,
                    "action": record.action,
                    "removed": record.removes,
                    "kept": record.keeps,
                    "retention": record.retention,
                }
                for record in group.records
            ],
        }
        for group in groups
    ]


def own_records(*, user: Any, bodies: Any) -> list[dict[str, Any]]:
    """For a signed-in user's own copy (accounts' data export): what each of `bodies` (those the user works in)
    stores under the user's e-mail address, in the form of `personal_data_export`. A read of one's own data:
    no permission of the office is needed, and nothing is logged."""
    query = PrivacyQuery(user.email)
    result = []
    for body in bodies:
        groups = _find(body, query)
        if groups:
            result.append({"body": body.name, "ags": body.ags, "areas": _exported(groups)})
    return result


def personal_data_export(*, actor: Any, body: Any, query: str, records: list[str] | None = None) -> dict[str, Any]:
    """The copy of the data (Art. 15 GDPR) of the chosen records (all found when `records` is None), by source."""
    _check_may_handle(actor, body)
    parsed = _query(query)
    with transaction.atomic():
        groups = chosen_records(_find(body, parsed), records)
        if not groups:
            raise ApplicationError(_("Nothing was found about this person."))
        data = {
            "body": body.name,
            "ags": body.ags,
            "created": timezone.now().isoformat(),
            "search": parsed.text,
            "areas": _exported(groups),
        }
        _log(actor=actor, body=body, kind=PrivacyRequestKind.EXPORT, groups=groups)
    return data


def personal_data_erase(*, actor: Any, body: Any, query: str, records: list[str]) -> ErasureResult:
    """Delete or anonymise the chosen records (the keys shown on the confirmation page) in one transaction.

    Validate first: the permission, the query, and that every chosen record is still found for this body. Then every
    source erases its records; if any of them fails, nothing has changed. The log keeps how many records of which
    kind were erased, by whom and when — never the data or the search."""
    _check_may_handle(actor, body)
    parsed = _query(query)
    try:
        with transaction.atomic():
            groups = chosen_records(_find(body, parsed), records)
            counts: Counter[str] = Counter()
            for group in groups:
                group.source.erase(group.records, actor)
                counts[group.source.key] += len(group.records)
            _log(actor=actor, body=body, kind=PrivacyRequestKind.ERASURE, groups=groups)
    except ApplicationError:
        raise
    except Exception as error:
        # A source failed half-way: the transaction is rolled back, the user reads that nothing changed.
        logger.exception("Erasure of personal data in body %s failed; rolled back", body.pk)
        raise ApplicationError(_("The erasure failed. Nothing has been changed.")) from error
    return ErasureResult(counts=dict(counts))


def privacy_request_log(*, body: Any, limit: int = 20) -> list[PrivacyRequestLog]:
    """The latest requests handled for the body, for the page."""
    return list(PrivacyRequestLog.objects.filter(body=body).select_related("actor")[:limit])
