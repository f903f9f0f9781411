"""Writes of charts and maps: a body's office or integration centre uploads a GeoJSON map layer (validated and
reduced by `geojson.clean_geojson`, stored all or nothing) or deletes one. Permission first, then validation, then
`full_clean()` and save in one transaction. `actor` None is the system (demo, commands)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.tenancy.models import Body

from . import geojson
from .models import GeoLayer, GeoLevel


def _check_may_manage(actor: Any, body: Body) -> None:
    if actor is not None and not actor.has_perm("reporting.manage_geodata", body):
        raise ApplicationError(_("You may not manage the map layers of this body."))


def _read(file: Any) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > geojson.MAX_BYTES:
        raise ApplicationError(_("The file is larger than 10 MB. Please simplify the geometry first."), field="file")
    raw = file.read(geojson.MAX_BYTES + 1)
    return raw if isinstance(raw, bytes) else raw.encode("utf-8")


@transaction.atomic
def geo_layer_upload(
    *,
    actor: Any,
    body: Body,
    name: str,
    level: str,
    key_property: str,
    name_property: str = "",
    file: Any,
    source: str = "",
) -> GeoLayer:
    """Store an uploaded GeoJSON FeatureCollection as a map layer of `body`; nothing is stored when any area is
    wrong (the message names the area)."""
    _check_may_manage(actor, body)
    name, key_property, name_property = name.strip(), key_property.strip(), name_property.strip()
    if level not in GeoLevel.values:
        raise ApplicationError(_("Choose the level of the areas."), field="level")
    if not key_property:
        raise ApplicationError(_("Name the property that holds the area key."), field="key_property")
    if GeoLayer.objects.filter(body=body, name=name).exists():
        raise ApplicationError(
            _("A map layer named “%(name)s” exists already. Choose another name or delete the old layer first.")
            % {"name": name},
            field="name",
        )
    try:
        data = geojson.clean_geojson(geojson.parse(_read(file)), key_property=key_property, name_property=name_property)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="file") from error
    layer = GeoLayer(
        body=body,
        name=name,
        level=level,
        key_property=key_property,
        name_property=name_property,
        geojson=data,
        feature_count=len(data["features"]),
        source=source.strip(),
        uploaded_by=actor,
    )
    try:
        layer.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    layer.save()
    return layer


@transaction.atomic
def geo_layer_delete(*, actor: Any, layer: GeoLayer) -> None:
    _check_may_manage(actor, layer.body)
    layer.delete()
