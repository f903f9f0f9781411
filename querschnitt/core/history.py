"""The data behind the reusable "Änderungsverlauf" component (`core/includes/history.html`).

Works on the historical records of django-simple-history: for each record it finds the previous record of the
same object (one query for all of them) and lists the fields that changed, old → new, by their verbose names.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
SKIPPED_FIELDS = {"created", "modified"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(record: Any, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, model_field.name, None)
        return str(related) if related is not None else "–"
    return str(value)


def record_actor(instance: Any, actor: Any) -> None:
    """Tell django-simple-history who makes the next change of `instance` (services run outside requests, too)."""
    setattr(instance, "_history_user", actor)  # noqa: B010  (the attribute name django-simple-history reads)


def history_entries(records: Iterable[Any], *, subject: Callable[[Any], str] = str) -> list[HistoryEntry]:
    """Turn historical records (newest first, any mix of objects of one model) into entries with their changes."""
    records = list(records)
    if not records:
        return []
    history_model = type(records[0])
    pk_name = records[0].instance_type._meta.pk.attname
    object_ids = {getattr(record, pk_name) for record in records}
    all_versions = history_model.objects.filter(**{f"{pk_name}__in": object_ids}).order_by("history_date", "history_id")
    previous: dict[int, Any] = {}
    last_seen: dict[Any, Any] = {}
    for version in all_versions:
        object_id = getattr(version, pk_name)
        previous[version.history_id] = last_seen.get(object_id)
        last_seen[object_id] = version

    # Fields left out of the history (`excluded_fields`) are not on the historical model.
    recorded = {f.name for f in history_model._meta.fields}
    tracked = [
        f.name
        for f in records[0].instance_type._meta.fields
        if f.name not in SKIPPED_FIELDS and not f.primary_key and f.name in recorded
    ]
    entries = []
    for record in records:
        before = previous.get(record.history_id)
        changes = []
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before, included_fields=tracked)
            for change in delta.changes:
                label = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(FieldChange(label, _display(before, change.field), _display(record, change.field)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=getattr(user, "display_name", None) or str(user or _("system")),
                action=str(ACTION_LABELS.get(record.history_type, record.history_type)),
                subject=subject(record),
                changes=changes,
            )
        )
    return entries
