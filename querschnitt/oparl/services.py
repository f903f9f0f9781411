"""Writes of the OParl import: the source of a body, and the import run that maps another OParl system's
organizations, persons (with memberships), meetings (with location and agenda items) and papers (with their
consultations) into our committee models of that body.

Contract of `oparl_import_run`:
- Only the Geschäftsstelle of the body (`committees.manage`) or a command (`actor=None`) starts it.
- Imported objects are found again by `external_id` (their OParl id) within the body and updated in place; an
  object the source marks `deleted: true`, and an embedded object that disappeared from its parent (an agenda item
  from its meeting, a consultation from its paper, a membership from its person), is soft-deleted (`deleted`).
  Sub-objects of a deleted parent are deleted with it.
- Every object is written in its own savepoint: one that does not fit is logged and skipped, the rest goes on, and
  the run ends "partial". The run "fails" only when the system or the body cannot be read at all.
- Persons: name parts only (family and given name, title, form of address). E-mail, phone, life and other
  personal data of the source are not taken over, whatever it publishes.
- Agenda items: public ones only. Files: never downloaded; they are counted and stay in the source system.
- Incremental: after a run that read every list to its end, `OParlSource.last_success_at` is the run's start; the
  next run asks the lists for `modified_since` that time minus `OVERLAP` (clock skew between the systems), which
  also brings deleted objects. `full=True` reads everything again.
- After each run, imported papers are linked (`Paper.related_papers`) to our own papers of the body whose number
  they carry (as their number, or in their name or number): the Beratungsfolge in the council's system then shows
  on our paper's page.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from querschnitt.committees.models import (
    AgendaItem,
    Consultation,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body

from . import importer
from .importer import (
    Fetch,
    OParlClient,
    RunLog,
    file_ids,
    flag,
    object_id,
    optional_datetime,
    parse_date,
    parse_datetime,
    references,
    text,
    type_name,
)
from .models import COUNTERS, ImportedPaper, ImportRun, OParlSource

logger = logging.getLogger("querschnitt.oparl.import")

OVERLAP = dt.timedelta(minutes=5)
# A run still "running" after this long has died (a killed process); another run may start.
STALE_RUN = dt.timedelta(hours=3)
# Our references shorter than this are matched only exactly, never inside a name ("12" is in too many texts).
MIN_REFERENCE_IN_TEXT = 5

MODELS: dict[str, type[models.Model]] = {
    "organization": Organization,
    "person": Person,
    "membership": Membership,
    "location": Location,
    "meeting": Meeting,
    "agendaItem": AgendaItem,
    "paper": Paper,
    "consultation": Consultation,
}
OPARL_TYPES = {
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "location": "Location",
    "meeting": "Meeting",
    "agendaItem": "AgendaItem",
    "paper": "Paper",
    "consultation": "Consultation",
}
# How each model reaches the body (imported objects are looked up only within the source's body).
BODY_PATH: dict[type[models.Model], str] = {
    Organization: "body",
    Person: "body",
    Location: "body",
    Meeting: "body",
    Paper: "body",
    Membership: "organization__body",
    AgendaItem: "meeting__body",
    Consultation: "paper__body",
}
# What is deleted with a deleted parent (OParl: "Unterobjekte gelöschter Objekte gelten als gelöscht").
CHILDREN = {
    "person": ("memberships", "membership"),
    "meeting": ("agenda_items", "agendaItem"),
    "paper": ("consultations", "consultation"),
}

MSG_NO_ENTRY = gettext_noop("The address could not be read as an OParl object; nothing was imported.")
MSG_WRONG_ENTRY = gettext_noop(
    "The address leads to an OParl “%(type)s”, not to a System or a Body; nothing was imported."
)
MSG_NO_BODIES = gettext_noop("The system lists no body; nothing was imported.")
MSG_WHICH_BODY = gettext_noop(
    "The system holds %(count)s bodies and none has our municipality key. Please enter the address of the body "
    "instead: %(bodies)s"
)
MSG_FULL = gettext_noop("Full import of the body “%(name)s”.")
MSG_SINCE = gettext_noop("Import of the changes of the body “%(name)s” since %(since)s.")
MSG_NO_LIST = gettext_noop("The body has no list “%(key)s”; it was left out.")
MSG_FILES = gettext_noop("Files not downloaded (they remain in the council information system): %(count)s.")
MSG_LINKED = gettext_noop("Linked the imported paper “%(imported)s” to our paper %(reference)s.")
MSG_NO_ID = gettext_noop("An object without “id” was skipped.")
MSG_WRONG_TYPE = gettext_noop("An object of type “%(type)s” came where a %(expected)s belongs; it was skipped.")
MSG_INVALID = gettext_noop("The object was skipped because it does not fit our data: %(problems)s")
MSG_UNEXPECTED = gettext_noop("The object was skipped because of an unexpected error (%(error)s).")
MSG_CRASHED = gettext_noop("The import stopped because of an unexpected error (%(error)s).")


class _Skip(Exception):
    """An object that cannot be imported; `message` is a msgid for the run log."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def _check_may_import(actor: Any, body: Body) -> None:
    if actor is not None and not actor.has_perm("committees.manage", body):
        raise ApplicationError(_("You may not manage the import of this body."))


def _first_problem(error: ValidationError) -> tuple[str, str | None]:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.message_dict.items()))
        return errors[0], field
    return error.messages[0], None


# --- the source --------------------------------------------------------------------------------------------


def oparl_source_save(*, actor: Any, body: Body, url: str, name: str = "", active: bool = True) -> OParlSource:
    """Create or change the body's source. Another address starts over: the next run is a full import."""
    _check_may_import(actor, body)
    source = OParlSource.objects.filter(body=body).first() or OParlSource(body=body)
    url = url.strip()
    if source.pk and source.url != url:
        source.body_url = ""
        source.last_success_at = None
    source.url, source.name, source.active = url, name.strip(), active
    try:
        source.full_clean()
    except ValidationError as error:
        message, field = _first_problem(error)
        raise ApplicationError(message, field=field) from None
    with transaction.atomic():
        source.save()
    return source


# --- the run -----------------------------------------------------------------------------------------------


def oparl_import_run(*, actor: Any, source: OParlSource, full: bool = False, fetch: Fetch | None = None) -> ImportRun:
    """Import from `source` into its body (see the module docstring). `fetch` replaces the network (tests)."""
    _check_may_import(actor, source.body)
    if source.runs.filter(status=ImportRun.Status.RUNNING, started__gte=timezone.now() - STALE_RUN).exists():
        raise ApplicationError(_("An import of this body is running already. Please wait until it has finished."))
    since = None if full or source.last_success_at is None else source.last_success_at - OVERLAP
    run = ImportRun.objects.create(
        source=source,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        full=since is None,
        modified_since=since,
    )
    log = RunLog()
    client = OParlClient(fetch or importer.http_fetch, log)
    job = _Import(actor=actor, source=source, client=client, log=log)
    found = crashed = False
    try:
        found = job.execute(since)
    except Exception as error:  # an error of ours must still end the run with its log
        logger.exception("OParl import of %s stopped", source.url)
        log.error(MSG_CRASHED, error=f"{type(error).__name__}: {error}"[:300])
        crashed = True
    log.finish()
    if not found:
        status = ImportRun.Status.FAILED
    elif log.errors or client.incomplete or crashed:
        status = ImportRun.Status.PARTIAL
    else:
        status = ImportRun.Status.OK
    run.finished = timezone.now()
    run.status = status
    run.requests = client.requests
    run.counters = job.counters_dict()
    run.log = log.entries
    with transaction.atomic():
        run.save()
        if found and not client.incomplete and not crashed:
            # Objects skipped for their content come again when the source changes them; lists not read to their
            # end must be read again, so only a complete walk moves the time on.
            source.last_success_at = run.started
            source.save(update_fields=["last_success_at", "modified"])
    return run


class _Import:
    """One run: reads through the client, writes into the body, counts and logs."""

    def __init__(self, *, actor: Any, source: OParlSource, client: OParlClient, log: RunLog) -> None:
        self.actor = actor
        self.source = source
        self.body = source.body
        self.client = client
        self.log = log
        self.counters: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
        self.files: set[str] = set()
        self.followed: set[str] = set()
        self.known: dict[tuple[type[models.Model], str], int] = {}
        self.organization_kinds: dict[int, str] = {}
        # Agenda items that name a consultation not imported yet: consultation id → item pk.
        self.items_waiting: dict[str, int] = {}

    def counters_dict(self) -> dict[str, dict[str, int]]:
        return {kind: dict(counts) for kind, counts in self.counters.items()}

    def count(self, kind: str, counter: str, number: int = 1) -> None:
        self.counters[kind][counter] += number

    def tally(self, kind: str, created: bool, changed: bool) -> None:
        self.count(kind, "created" if created else "updated" if changed else "unchanged")

    # --- walking -------------------------------------------------------------------------------------------

    def execute(self, since: dt.datetime | None) -> bool:
        entry = self.client.get(self.source.url)
        if not isinstance(entry, dict):
            self.log.error(MSG_NO_ENTRY, self.source.url)
            return False
        body = self._body(entry)
        if body is None:
            return False
        body_url = object_id(body)
        if body_url != self.source.body_url:
            self.source.body_url = body_url
            self.source.save(update_fields=["body_url", "modified"])
        name = text(body.get("name") or body.get("shortName"), 200, self.log)
        if since is None:
            self.log.info(MSG_FULL, body_url, name=name)
            since_text = None
        else:
            local = timezone.localtime(since)
            self.log.info(MSG_SINCE, body_url, name=name, since=f"{local:%d.%m.%Y %H:%M}")
            since_text = local.isoformat(timespec="seconds")
        for key, handler in (
            ("organization", self._organization),
            ("person", self._person),
            ("meeting", self._meeting),
            ("paper", self._paper),
        ):
            url = body.get(key)
            if not isinstance(url, str) or not url:
                self.log.warning(MSG_NO_LIST, body_url, key=key)
                continue
            for obj in self.client.walk(url, since=since_text):
                self.guard(key, obj, handler)
        if self.files:
            self.count("file", "skipped", len(self.files))
            self.log.info(MSG_FILES, count=len(self.files))
        self._link_papers()
        return True

    def _body(self, entry: dict[str, Any]) -> dict[str, Any] | None:
        """The OParl body to import: the entry itself, or the body of the system chosen by its address (once
        found), by our municipality key, or as the only one."""
        kind = type_name(entry)
        if kind == "Body":
            return entry
        if kind != "System":
            self.log.error(MSG_WRONG_ENTRY, self.source.url, type=str(entry.get("type", ""))[:100])
            return None
        listing = entry.get("body")
        bodies: list[dict[str, Any]] = []
        if isinstance(listing, str):
            bodies = [obj for obj in self.client.walk(listing) if object_id(obj)]
        elif isinstance(listing, list):
            for item in listing:
                found = self.client.get(item) if isinstance(item, str) else item
                if isinstance(found, dict) and object_id(found):
                    bodies.append(found)
        if not bodies:
            self.log.error(MSG_NO_BODIES, self.source.url)
            return None
        chosen = [body for body in bodies if object_id(body) == self.source.body_url]
        if not chosen:
            keys = self._municipality_keys()
            chosen = [body for body in bodies if str(body.get("ags") or "").strip() in keys]
        if not chosen and len(bodies) == 1:
            chosen = bodies
        if len(chosen) != 1:
            names = "; ".join(
                f"{text(body.get('name') or body.get('shortName'), 100, self.log) or '?'} ({object_id(body)})"
                for body in bodies[:10]
            )
            self.log.error(MSG_WHICH_BODY, self.source.url, count=len(bodies), bodies=names)
            return None
        body = chosen[0]
        if not any(isinstance(body.get(key), str) for key in ("organization", "person", "meeting", "paper")):
            full = self.client.get(object_id(body))
            body = full if isinstance(full, dict) else body
        return body

    def _municipality_keys(self) -> set[str]:
        ags = (self.body.ags or "").strip()
        keys = {ags}
        if len(ags) == 5:  # a kreisfreie Stadt or a Kreis is stored with five digits
            keys.add(ags + "000")
        keys.discard("")
        return keys

    def guard(self, kind: str, obj: Any, handler: Any, *args: Any) -> Any:
        """Run `handler(obj, *args)` in a savepoint; a deleted object is deleted instead. Whatever goes wrong is
        logged, counted as skipped and rolled back; the caller goes on."""
        url = object_id(obj) if isinstance(obj, dict) else ""
        if not url:
            self.log.error(MSG_NO_ID)
            self.count(kind, "skipped")
            return None
        found_type = type_name(obj)
        if found_type and found_type != OPARL_TYPES[kind]:
            self.log.error(MSG_WRONG_TYPE, url, type=found_type[:60], expected=OPARL_TYPES[kind])
            self.count(kind, "skipped")
            return None
        try:
            with transaction.atomic():
                if obj.get("deleted") is True:
                    self._delete(kind, url)
                    return None
                if "modified" not in obj:
                    self.log.quirk("missing_modified", url)
                return handler(obj, *args)
        except _Skip as skip:
            self.log.error(skip.message, url, **skip.params)
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in _messages(error))
            self.log.error(MSG_INVALID, url, problems=problems[:500])
        except Exception as error:
            logger.exception("OParl import of %s failed", url)
            self.log.error(MSG_UNEXPECTED, url, error=f"{type(error).__name__}: {error}"[:300])
        self.count(kind, "skipped")
        return None

    def _fetch_object(self, url: str) -> Any:
        """An entry of an embedded list that is given by its URL (OParl 1.0 style)."""
        self.log.quirk("url_items", url)
        found = self.client.get(url)
        if found is None:
            self.client.incomplete = True
        return found

    # --- finding and writing -------------------------------------------------------------------------------

    def scoped(self, model: type[models.Model]) -> models.QuerySet[Any]:
        return model._default_manager.filter(**{BODY_PATH[model]: self.body})

    def find(self, model: type[models.Model], url: str) -> Any:
        return self.scoped(model).filter(external_id=url).first() if url else None

    def write(
        self, model: type[models.Model], url: str, values: dict[str, Any], *, exclude: tuple[str, ...] = ()
    ) -> tuple[Any, bool, bool]:
        """Create or update the imported object with `external_id=url`: (object, created, changed)."""
        instance = self.find(model, url)
        created = instance is None
        if instance is None:
            instance = model(external_id=url, **values)
            changed = True
        else:
            changes = [key for key, value in values.items() if getattr(instance, key) != value]
            for key in changes:
                setattr(instance, key, values[key])
            changed = bool(changes)
        if changed:
            instance.full_clean(exclude=list(exclude))
            record_actor(instance, self.actor)
            instance.save()
        return instance, created, changed

    def resolve(self, model: type[models.Model], url: str, *, follow: bool = False) -> int | None:
        """The pk of the imported object with this OParl id; with `follow`, an organization or meeting not
        imported yet is read at its URL and imported (once per run)."""
        if not url:
            return None
        key = (model, url)
        if key in self.known:
            return self.known[key]
        pk = self.scoped(model).filter(external_id=url).values_list("pk", flat=True).first()
        if pk is None and follow and url not in self.followed:
            self.followed.add(url)
            found = self.client.get(url)
            if isinstance(found, dict):
                followers: dict[type[models.Model], tuple[str, Any]] = {
                    Organization: ("organization", self._organization),
                    Meeting: ("meeting", self._meeting),
                }
                kind, handler = followers[model]
                created = self.guard(kind, found, handler)
                pk = created.pk if created is not None else None
        if pk is not None:
            self.known[key] = pk
        return pk

    def _mark_deleted(self, instance: Any, kind: str) -> None:
        instance.deleted = True
        record_actor(instance, self.actor)
        instance.save()
        self.count(kind, "deleted")
        if kind in CHILDREN:
            relation, child_kind = CHILDREN[kind]
            for child in getattr(instance, relation).filter(deleted=False):
                self._mark_deleted(child, child_kind)

    def _delete(self, kind: str, url: str) -> None:
        instance = self.find(MODELS[kind], url)
        if instance is not None and not instance.deleted:
            self._mark_deleted(instance, kind)

    def _delete_missing(self, related: Any, kept: set[str], kind: str) -> None:
        """Embedded objects that the source no longer lists in their parent are deleted there."""
        for child in related.filter(deleted=False).exclude(external_id="").exclude(external_id__in=kept):
            self._mark_deleted(child, kind)

    def _embedded(self, items: Any, kind: str, handler: Any, parent: Any) -> set[str] | None:
        """Import an embedded list (objects, or URLs read one by one). The ids it names, or None when it is not
        a list (then nothing is deleted for missing)."""
        if not isinstance(items, list):
            return None
        for position, item in enumerate(items, start=1):
            obj = self._fetch_object(item) if isinstance(item, str) else item
            if isinstance(obj, dict):
                self.guard(kind, obj, handler, parent, position)
        return set(references(items))

    def _url(self, value: Any, max_length: int, url: str) -> str:
        found = text(value, max_length + 1, self.log, url)
        if not found:
            return ""
        try:
            URLValidator()(found)
        except ValidationError:
            self.log.quirk("bad_optional_value", url)
            return ""
        return found if len(found) <= max_length else ""

    # --- the types -----------------------------------------------------------------------------------------

    def _location(self, value: Any) -> int | None:
        if isinstance(value, str) and value:
            pk = self.resolve(Location, value)
            if pk is not None or value in self.followed:
                return pk
            self.followed.add(value)
            value = self._fetch_object(value)
        if not isinstance(value, dict):
            return None
        found = self.guard("location", value, self._location_write)
        return found.pk if found is not None else None

    def _location_write(self, obj: dict[str, Any]) -> Any:
        url, log = object_id(obj), self.log
        street = text(obj.get("streetAddress"), 200, log, url)
        room = text(obj.get("room"), 100, log, url)
        postal_code = text(obj.get("postalCode"), 10, log, url)
        locality = text(obj.get("locality"), 100, log, url)
        description = text(obj.get("description"), 300, log, url) or ", ".join(
            part for part in (room, street, f"{postal_code} {locality}".strip()) if part
        )
        if not description:
            raise _Skip(gettext_noop("A location without description or address was skipped."))
        values = {
            "body_id": self.body.pk,
            "description": description,
            "street_address": street,
            "room": room,
            "postal_code": postal_code,
            "locality": locality,
            "deleted": False,
        }
        instance, created, changed = self.write(Location, url, values)
        self.tally("location", created, changed)
        return instance

    def _organization(self, obj: dict[str, Any]) -> Any:
        url, log = object_id(obj), self.log
        name = text(obj.get("name"), 300, log, url) or text(obj.get("shortName"), 300, log, url)
        if not name:
            raise _Skip(gettext_noop("A committee without a name was skipped."))
        classification = text(obj.get("classification"), 100, log, url)
        organization_type = text(obj.get("organizationType"), 30, log, url) or "Gremium"
        kind = importer.organization_kind(name, classification, organization_type)
        values = {
            "body_id": self.body.pk,
            "name": name,
            "short_name": text(obj.get("shortName"), 50, log, url),
            "kind": kind,
            "organization_type": organization_type,
            "start_date": parse_date(obj.get("startDate"), log, url),
            "end_date": parse_date(obj.get("endDate"), log, url),
            "website": self._url(obj.get("website"), 200, url),
            "location_id": self._location(obj.get("location")),
            "deleted": False,
        }
        instance, created, changed = self.write(Organization, url, values)
        self.organization_kinds[instance.pk] = kind
        self.tally("organization", created, changed)
        return instance

    def _person(self, obj: dict[str, Any]) -> Any:
        url, log = object_id(obj), self.log
        family, given, title, form_of_address = importer.name_parts(obj, log, url)
        if not family:
            raise _Skip(gettext_noop("A person without a name was skipped."))
        if not given:
            log.quirk("no_given_name", url)
        values = {
            "body_id": self.body.pk,
            "family_name": family,
            "given_name": given,
            "title": title,
            "form_of_address": form_of_address,
            "deleted": False,
        }
        # Only the name: e-mail, phone and the rest of a person's data are not taken over.
        instance, created, changed = self.write(Person, url, values, exclude=("given_name",) if not given else ())
        self.tally("person", created, changed)
        kept = self._embedded(obj.get("membership"), "membership", self._membership, instance)
        if kept is not None:
            self._delete_missing(instance.memberships, kept, "membership")
        return instance

    def _organization_kind(self, pk: int) -> str:
        if pk not in self.organization_kinds:
            self.organization_kinds[pk] = Organization.objects.filter(pk=pk).values_list("kind", flat=True).get()
        return self.organization_kinds[pk]

    def _membership(self, obj: dict[str, Any], person: Any, position: int) -> Any:
        url, log = object_id(obj), self.log
        organization_url = object_id(obj.get("organization"))
        organization = self.resolve(Organization, organization_url, follow=True)
        if organization is None:
            raise _Skip(
                gettext_noop("A membership was skipped: its committee is not known (%(organization)s)."),
                organization=organization_url[:200] or "–",
            )
        group, role = importer.membership_group_and_role(
            text(obj.get("role"), 200, log, url), self._organization_kind(organization)
        )
        values = {
            "person_id": person.pk,
            "organization_id": organization,
            "group": group,
            "role": role,
            "voting_right": flag(obj.get("votingRight"), True),
            "start_date": parse_date(obj.get("startDate"), log, url),
            "end_date": parse_date(obj.get("endDate"), log, url),
            "on_behalf_of_id": self.resolve(Organization, object_id(obj.get("onBehalfOf")), follow=True),
            "deleted": False,
        }
        instance, created, changed = self.write(Membership, url, values)
        self.tally("membership", created, changed)
        return instance

    def _meeting(self, obj: dict[str, Any]) -> Any:
        url, log = object_id(obj), self.log
        try:
            start = parse_datetime(obj.get("start"), log, url)
        except ValueError:
            raise _Skip(
                gettext_noop("A meeting without a valid start (%(value)s) was skipped."),
                value=str(obj.get("start"))[:60],
            ) from None
        end = optional_datetime(obj.get("end"), log, url)
        if end is not None and end < start:
            log.quirk("end_before_start", url)
            end = None
        name = text(obj.get("name"), 300, log, url) or f"Sitzung am {timezone.localtime(start):%d.%m.%Y}"
        values = {
            "body_id": self.body.pk,
            "name": name,
            "meeting_state": importer.meeting_state(text(obj.get("meetingState"), 100, log, url)),
            "cancelled": flag(obj.get("cancelled"), False),
            "start": start,
            "end": end,
            "location_id": self._location(obj.get("location")),
            "deleted": False,
        }
        instance, created, changed = self.write(Meeting, url, values)
        organizations = {
            pk
            for pk in (self.resolve(Organization, ref, follow=True) for ref in references(obj.get("organization")))
            if pk is not None
        }
        if created or set(instance.organizations.values_list("pk", flat=True)) != organizations:
            instance.organizations.set(organizations)
            changed = True
        self.tally("meeting", created, changed)
        self.files |= file_ids(obj)
        kept = self._embedded(obj.get("agendaItem"), "agendaItem", self._agenda_item, instance)
        if kept is not None:
            self._delete_missing(instance.agenda_items, kept, "agendaItem")
        return instance

    def _agenda_item(self, obj: dict[str, Any], meeting: Any, position: int) -> Any:
        url, log = object_id(obj), self.log
        self.files |= file_ids(obj)
        if not flag(obj.get("public"), True):
            # Non-public items stay in the council's system; one that was public before is withdrawn here.
            log.quirk("non_public_items", url)
            self.count("agendaItem", "skipped")
            self._delete("agendaItem", url)
            return None
        number = text(obj.get("number"), 20, log, url)
        name = text(obj.get("name"), 500, log, url) or (f"TOP {number}" if number else "")
        if not name:
            raise _Skip(gettext_noop("An agenda item without a name was skipped."))
        result = text(obj.get("result"), 300, log, url)
        values: dict[str, Any] = {
            "meeting_id": meeting.pk,
            "number": number,
            "order": position,
            "name": name,
            "public": True,
            "non_public_reason": "",
            "result": result,
            "resolution_text": text(obj.get("resolutionText"), 20_000, log, url),
            "deleted": False,
        }
        consultation_url = object_id(obj.get("consultation"))
        consultation = self.find(Consultation, consultation_url)
        if consultation is not None:
            AgendaItem.objects.filter(consultation=consultation).exclude(external_id=url).update(consultation=None)
            values["consultation_id"] = consultation.pk
        elif not consultation_url:
            values["consultation_id"] = None
        instance, created, changed = self.write(AgendaItem, url, values)
        if consultation is not None:
            self._take_result(consultation, result)
        elif consultation_url:
            self.items_waiting[consultation_url] = instance.pk
        self.tally("agendaItem", created, changed)
        return instance

    def _take_result(self, consultation: Any, result: str) -> None:
        """The result of a consultation is the result of its agenda item (OParl keeps it there)."""
        if result and consultation.result != result:
            consultation.result = result
            record_actor(consultation, self.actor)
            consultation.save()

    def _paper(self, obj: dict[str, Any]) -> Any:
        url, log = object_id(obj), self.log
        original_reference = text(obj.get("reference"), 200, log, url)
        name = text(obj.get("name"), 500, log, url) or original_reference
        if not name:
            raise _Skip(gettext_noop("A paper without a name or number was skipped."))
        existing = self.find(Paper, url)
        reference = original_reference if len(original_reference) <= 50 else ""
        if reference:
            taken = Paper.objects.filter(body=self.body, reference=reference)
            if existing is not None:
                taken = taken.exclude(pk=existing.pk)
            if taken.exists():
                log.quirk("reference_taken", url)
                reference = ""
        # Without a date: the day it was created there, else the day we first saw it.
        created_at = optional_datetime(obj.get("created"), log, url)
        day = parse_date(obj.get("date"), log, url) or (timezone.localtime(created_at).date() if created_at else None)
        type_text = text(obj.get("paperType"), 200, log, url)
        values = {
            "body_id": self.body.pk,
            "name": name,
            "reference": reference,
            "date": day or (existing.date if existing is not None else timezone.localdate()),
            "paper_type": importer.paper_type(type_text),
            "public": True,
            "deleted": False,
        }
        instance, created, changed = self.write(Paper, url, values)
        origin = {
            "source": self.source,
            "web": self._url(obj.get("web"), 500, url),
            "paper_type": type_text,
            "reference": original_reference,
        }
        known = ImportedPaper.objects.filter(paper=instance).first()
        if known is None or any(getattr(known, key) != value for key, value in origin.items()):
            ImportedPaper.objects.update_or_create(paper=instance, defaults=origin)
            changed = True
        self.tally("paper", created, changed)
        self.files |= file_ids(obj)
        kept = self._embedded(obj.get("consultation"), "consultation", self._consultation, instance)
        if kept is not None:
            self._delete_missing(instance.consultations, kept, "consultation")
        return instance

    def _consultation(self, obj: dict[str, Any], paper: Any, position: int) -> Any:
        url, log = object_id(obj), self.log
        meeting = self.resolve(Meeting, object_id(obj.get("meeting")), follow=True)
        organization = next(
            (
                pk
                for pk in (self.resolve(Organization, ref, follow=True) for ref in references(obj.get("organization")))
                if pk is not None
            ),
            None,
        )
        if organization is None and meeting is not None:
            organization = (
                Meeting.organizations.through.objects.filter(meeting_id=meeting)
                .values_list("organization_id", flat=True)
                .first()
            )
        if organization is None:
            raise _Skip(gettext_noop("A consultation was skipped: its committee is not known."))
        authoritative = flag(obj.get("authoritative"), False)
        values: dict[str, Any] = {
            "paper_id": paper.pk,
            "organization_id": organization,
            "meeting_id": meeting,
            "order": position,
            "role": importer.consultation_role(text(obj.get("role"), 100, log, url), authoritative),
            "authoritative": authoritative,
            "deleted": False,
        }
        item = self.find(AgendaItem, object_id(obj.get("agendaItem")))
        if item is None and url in self.items_waiting:
            item = AgendaItem.objects.filter(pk=self.items_waiting[url]).first()
        if item is not None and item.result:
            values["result"] = item.result[:300]
        instance, created, changed = self.write(Consultation, url, values)
        if item is not None and item.consultation_id != instance.pk:
            AgendaItem.objects.filter(consultation=instance).exclude(pk=item.pk).update(consultation=None)
            item.consultation = instance
            record_actor(item, self.actor)
            item.save()
        self.tally("consultation", created, changed)
        return instance

    # --- linking to our own papers -------------------------------------------------------------------------

    def _link_papers(self) -> None:
        """Relate every imported paper of the body to our papers whose number it carries (see module docstring).
        Links are only added, never removed: a link set by hand stays."""
        ours = dict(
            Paper.objects.filter(body=self.body, external_id="", deleted=False)
            .exclude(reference="")
            .values_list("reference", "pk")
        )
        if not ours:
            return
        long_references = sorted((ref for ref in ours if len(ref) >= MIN_REFERENCE_IN_TEXT), key=len, reverse=True)
        pattern = (
            re.compile(r"(?<![\w/])(" + "|".join(re.escape(ref) for ref in long_references) + r")(?![\w/])")
            if long_references
            else None
        )
        through = Paper.related_papers.through
        linked = set(
            through.objects.filter(from_paper_id__in=ours.values()).values_list("from_paper_id", "to_paper_id")
        )
        imported = (
            Paper.objects.filter(body=self.body, deleted=False)
            .exclude(external_id="")
            .values_list("pk", "external_id", "name", "reference", "oparl_origin__reference")
        )
        references_by_pk = {pk: ref for ref, pk in ours.items()}
        for pk, external_id, name, reference, original in imported:
            texts = [value for value in (reference, original) if value]
            matches = {ours[value] for value in texts if value in ours}
            if pattern is not None:
                for value in [name, *texts]:
                    matches.update(ours[found.group(1)] for found in pattern.finditer(value or ""))
            for our_pk in sorted(matches):
                if (our_pk, pk) in linked:
                    continue
                through.objects.bulk_create(
                    [through(from_paper_id=our_pk, to_paper_id=pk), through(from_paper_id=pk, to_paper_id=our_pk)]
                )
                linked.add((our_pk, pk))
                self.log.info(
                    MSG_LINKED,
                    external_id,
                    imported=(original or reference or name)[:200],
                    reference=references_by_pk[our_pk],
                )


def _messages(error: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return [(field, [str(message) for message in messages]) for field, messages in error.message_dict.items()]
    return [("", [str(message) for message in error.messages])]
