"""Forms of charts and maps: uploading a GeoJSON map layer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GeoLevel


class GeoLayerUploadForm(forms.Form):
    name = forms.CharField(label=_("Name of the layer"), max_length=200)
    level = forms.ChoiceField(label=_("Level of the areas"), choices=GeoLevel.choices)
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of areas (Polygon, MultiPolygon) in WGS84 (EPSG:4326), at most 10 MB."),
    )
    key_property = forms.CharField(
        label=_("Property with the area key"),
        max_length=100,
        initial="ags",
        help_text=_("The AGS for districts and municipalities; your own key for city districts, as in the statistics."),
    )
    name_property = forms.CharField(label=_("Property with the area name"), max_length=100, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("e.g. “© GeoBasis-DE / BKG 2025, dl-de/by-2-0”"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".geojson,.json,application/geo+json,application/json"
