"""Open data of the offers directory: the public offers (with the filters of the page) as CSV and as JSON.

Only what the public page shows: published offers valid today, with their public contact. The CSV has German
headings for spreadsheets (UTF-8 with BOM, semicolons); the JSON has stable English keys and codes (ISO 639-1 for
languages, the AGS for the place) for programs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from querschnitt.core.csv_export import csv_bytes

from .models_offers import Offer


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def offers_csv(offers: Iterable[Offer], *, url_of: Callable[[Offer], str]) -> bytes:
    columns: list[tuple[str, Callable[[Offer], str]]] = [
        (_("Title"), lambda o: o.title),
        (_("Kind of offer"), lambda o: o.get_kind_display()),
        (_("Offered by"), lambda o: o.actor.name),
        (_("Description"), lambda o: o.description),
        (_("Target groups"), lambda o: ", ".join(o.target_group_names)),
        (_("Languages"), lambda o: ", ".join(o.language_names)),
        (_("Place"), lambda o: o.place),
        (_("Address"), lambda o: o.address),
        (_("barrier-free"), lambda o: _yes_no(o.accessible)),
        (_("childcare"), lambda o: _yes_no(o.childcare)),
        (_("Times"), lambda o: o.times),
        (_("free of charge"), lambda o: _yes_no(o.free_of_charge)),
        (_("Cost"), lambda o: o.cost),
        (_("Contact point"), lambda o: o.contact_name),
        (_("Phone"), lambda o: o.contact_phone),
        (_("E-mail"), lambda o: o.contact_email),
        (_("Website"), lambda o: o.website),
        (_("Offered from"), lambda o: _date(o.valid_from)),
        (_("Offered until"), lambda o: _date(o.valid_until)),
        (_("Address of the page"), url_of),
    ]
    return csv_bytes(
        [heading for heading, _value in columns],
        ([value(offer) or "" for _heading, value in columns] for offer in offers),
    )


def offers_json(offers: Iterable[Offer], *, url_of: Callable[[Offer], str]) -> list[dict[str, Any]]:
    return [
        {
            "id": offer.pk,
            "url": url_of(offer),
            "title": offer.title,
            "kind": {"code": offer.kind, "label": offer.get_kind_display()},
            "provider": offer.actor.name,
            "description": offer.description,
            "target_groups": [{"code": row.code, "label": row.get_code_display()} for row in offer.target_groups.all()],
            "languages": [{"code": row.code, "name": str(row)} for row in offer.languages.all()],
            "place": {"name": offer.place, "ags": offer.municipality.ags},
            "address": offer.address,
            "accessible": offer.accessible,
            "childcare": offer.childcare,
            "times": offer.times,
            "free_of_charge": offer.free_of_charge,
            "cost": offer.cost,
            "contact": {"name": offer.contact_name, "phone": offer.contact_phone, "email": offer.contact_email},
            "website": offer.website,
            "valid_from": offer.valid_from.isoformat() if offer.valid_from else None,
            "valid_until": offer.valid_until.isoformat() if offer.valid_until else None,
            "modified": offer.modified.isoformat(),
        }
        for offer in offers
    ]
