"""The registry of personal data (Art. 15 and 17 GDPR): where each app keeps data about a person, and how the office
of a body exports, erases or anonymises it.

Each app that stores personal data has a module `querschnitt/<app>/privacy.py` that registers one `PrivacySource`
per kind of record (a committee member, a contact person of an actor, a counselling request …). A source answers
three questions:

- `find(body, query)`: the records of this body that belong to the person (`PrivacyQuery`: an e-mail address,
  matched exactly without regard to case, or a name, matched as a whole without regard to case and order);
- `export(records)`: the data of these records as JSON-able values (the copy under Art. 15);
- `erase(records, actor)`: delete or anonymise them (Art. 17); returns how many records it changed.

Every record says what erasure removes, what stays, and — where something stays because the law wants it kept —
which rule applies (`retention`). Sources never see another body's data: `find` is always scoped to one body.

`services_privacy` runs all sources in one transaction: either every source has erased its records, or nothing has
changed. A source therefore writes with the ORM only, raises on any problem and never catches errors itself.

Discovery follows `core.documents`: the modules are imported on first use, also where the URLs are never loaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DELETE = "delete"
ANONYMISE = "anonymise"
_WHITESPACE = re.compile(r"[\s,;]+")


def normalise_name(value: str) -> str:
    """A name as compared: Unicode-normalised, case-folded, commas and repeated spaces collapsed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", value or "")).strip().casefold()


@dataclass(frozen=True)
class PrivacyQuery:
    """What the office searches for: an e-mail address (exact, case-insensitive) or a name (case-insensitive)."""

    text: str

    @property
    def is_email(self) -> bool:
        return "@" in self.text

    @property
    def email(self) -> str:
        return self.text.strip().lower() if self.is_email else ""

    @property
    def name(self) -> str:
        return "" if self.is_email else normalise_name(self.text)

    def matches_email(self, *values: str | None) -> bool:
        return bool(self.email) and any((value or "").strip().lower() == self.email for value in values)

    def matches_name(self, *names: str | None) -> bool:
        """Whether one of `names` is the searched name as a whole, in any order of its parts: "Erika Mustermann"
        is found as "mustermann, erika" too, but not as "Erika Mustermann-Schulz"."""
        if not self.name:
            return False
        wanted = sorted(self.name.split(" "))
        return any(sorted(normalise_name(name or "").split(" ")) == wanted for name in names)

    def matches(self, *, emails: Iterable[str | None] = (), names: Iterable[str | None] = ()) -> bool:
        return self.matches_email(*emails) or self.matches_name(*names)


def name_forms(given: str, family: str, *extra: str) -> tuple[str, ...]:
    """The forms under which a person with a given and a family name is found."""
    return (f"{given} {family}", f"{family} {given}", *extra)


@dataclass
class PrivacyRecord:
    """One record that holds data about the person, and what erasure does with it.

    `removes` and `keeps` are short, translated lists for the confirmation page; `retention` names the rule under
    which data is kept (empty when nothing is kept for a legal reason). `obj` is the model instance the source
    works on, `extra` what else its erase needs; `data` is what the export shows.
    """

    source: str
    pk: int
    title: str
    action: str
    removes: list[str]
    keeps: list[str] = field(default_factory=list)
    retention: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    obj: Any = field(default=None, repr=False, compare=False)
    # What the source's erase needs besides `obj` (e.g. the body's own rows); never exported.
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.source}:{self.pk}"

    @property
    def retained(self) -> bool:
        return bool(self.retention)

    @property
    def action_label(self) -> str:
        return _("is deleted") if self.action == DELETE else _("is anonymised")


@dataclass(frozen=True)
class PrivacySource:
    """A kind of record with personal data. `area` groups sources on the page (e.g. „Ausschussarbeit“)."""

    key: str
    label: Any
    area: Any
    order: int
    find: Callable[[Any, PrivacyQuery], list[PrivacyRecord]]
    erase: Callable[[list[PrivacyRecord], Any], int]
    export: Callable[[list[PrivacyRecord]], Any] | None = None

    def export_records(self, records: Sequence[PrivacyRecord]) -> Any:
        if self.export is not None:
            return self.export(list(records))
        return [record.data for record in records]


_sources: dict[str, PrivacySource] = {}
_discovered = False


def register_privacy_source(source: PrivacySource) -> None:
    _sources[source.key] = source


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if config.name.startswith("querschnitt.") and find_spec(f"{config.name}.privacy"):
            import_module(f"{config.name}.privacy")


def privacy_sources() -> list[PrivacySource]:
    """Every registered source, in the order of the page."""
    _discover()
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def privacy_source(key: str) -> PrivacySource | None:
    _discover()
    return _sources.get(key)


# --- Helpers for the sources' erase functions ------------------------------------------------------------------------


def iso(value: Any) -> Any:
    """A date or time as ISO text for the export; anything else as it is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def fields_of(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The named fields of an instance as JSON-able values (choices as their stored value)."""
    result: dict[str, Any] = {}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = str(value)
        result[name] = iso(value)
    return result


def anonymise_rows(model: type[models.Model], pks: Iterable[int], **values: Any) -> int:
    """Overwrite fields of the rows and of every version in their change history (which holds copies).

    Written with `update()`: the change history gets no new version that would name the person, and `modified`
    is set where the model has it. Fields left out of the history (`excluded_fields`) are skipped there.
    """
    pks = list(pks)
    if not pks:
        return 0
    row_values = dict(values)
    if any(f.name == "modified" for f in model._meta.fields):
        row_values["modified"] = timezone.now()
    changed = model._default_manager.filter(pk__in=pks).update(**row_values)
    history = getattr(model, "history", None)
    if history is not None:
        history_fields = {f.name for f in history.model._meta.fields}
        history_values = {name: value for name, value in values.items() if name in history_fields}
        if history_values:
            history.model._default_manager.filter(id__in=pks).update(**history_values)
    return changed


def delete_rows(model: type[models.Model], pks: Iterable[int]) -> int:
    """Delete the rows and every version of them in the change history."""
    pks = list(pks)
    if not pks:
        return 0
    history = getattr(model, "history", None)
    model._default_manager.filter(pk__in=pks).delete()
    if history is not None:
        history.model._default_manager.filter(id__in=pks).delete()
    return len(pks)


def erased_name() -> str:
    """What a required name field holds after anonymisation."""
    return _("[anonymised]")


# A valid address that can never receive mail (RFC 2606 reserves .invalid), for required e-mail fields.
ERASED_EMAIL = "anonymisiert@geloescht.invalid"


# --- Core's own personal data: feedback on barriers ------------------------------------------------------------------


def _feedback_of_body(page_url: str, body: Any) -> bool:
    """Feedback belongs to a body when it names one of the body's pages (`/k/<slug>/…`); other feedback is the
    operator's, who handles it in the administration."""
    return f"/k/{body.slug}/" in (page_url or "")


def find_accessibility_feedback(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    from .models import AccessibilityFeedback

    if not query.email:
        return []
    return [
        PrivacyRecord(
            source="core.accessibility_feedback",
            pk=feedback.pk,
            title=_("Feedback on a barrier of %(date)s") % {"date": f"{feedback.created:%d.%m.%Y}"},
            action=DELETE,
            removes=[_("the feedback with its description and the e-mail address")],
            obj=feedback,
            data=fields_of(feedback, ("created", "page_url", "message", "email")),
        )
        for feedback in AccessibilityFeedback.objects.filter(email__iexact=query.email).order_by("pk")
        if _feedback_of_body(feedback.page_url, body)
    ]


def erase_accessibility_feedback(records: list[PrivacyRecord], actor: Any) -> int:
    from .models import AccessibilityFeedback

    return delete_rows(AccessibilityFeedback, [record.pk for record in records])


register_privacy_source(
    PrivacySource(
        key="core.accessibility_feedback",
        label=gettext_lazy("Feedback on barriers"),
        area=gettext_lazy("Accessibility"),
        order=900,
        find=find_accessibility_feedback,
        erase=erase_accessibility_feedback,
    )
)
