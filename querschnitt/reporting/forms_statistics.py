"""Forms of the statistics import: the upload, and the mapping of unknown area names to keys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from querschnitt.strategy.imports import MAX_FILE_SIZE
from querschnitt.tenancy.models import Body

from . import selectors_statistics as selectors
from .statistics_import import AreaIndex, UnmappedName

OTHER = "other"


class StatisticsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statistics file (CSV or Excel)"),
        help_text=gettext_lazy(
            "Open SDG-compatible tidy format: a CSV file (comma or semicolon) or an Excel workbook (.xlsx, first "
            "sheet), at most 5 MB."
        ),
        widget=forms.FileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    indicator: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Indicator"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("– as the column “Series” names it –"),
        help_text=gettext_lazy("Needed when the file has no column “Series”; then all its values belong to it."),
    )
    source = forms.CharField(
        label=gettext_lazy("Source of the data"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Saved with every value, e.g. “IT.NRW, Ausländerzentralregister”."),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = selectors.importable_indicators(body)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only CSV files and Excel files (.xlsx) can be imported."))
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s. Please split it into several files.")
                % {"limit": f"{MAX_FILE_SIZE // (1024 * 1024)} MB"}
            )
        return upload


class AreaMappingForm(forms.Form):
    """One choice per unknown name: a suggestion (the best one preselected) or a key typed in."""

    def __init__(self, *args: Any, unmapped: list[UnmappedName], areas: AreaIndex, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unmapped = unmapped
        self.areas = areas
        for index, item in enumerate(unmapped):
            choices = [(suggestion.key, suggestion.label) for suggestion in item.suggestions]
            choices.append((OTHER, _("Another area: type its key below")))
            rows = ", ".join(str(row) for row in item.rows[:10]) + (" …" if len(item.rows) > 10 else "")
            self.fields[f"area_{index}"] = forms.ChoiceField(
                label=ngettext("“%(name)s” (row %(rows)s)", "“%(name)s” (rows %(rows)s)", len(item.rows))
                % {"name": item.name, "rows": rows},
                choices=choices,
                initial=choices[0][0],
                widget=forms.RadioSelect,
            )
            self.fields[f"key_{index}"] = forms.CharField(
                label=_("Key of “%(name)s” (AGS or key of a map area)") % {"name": item.name},
                max_length=12,
                required=False,
            )

    def field_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"area_{index}"], self[f"key_{index}"]) for index in range(len(self.unmapped))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mappings: dict[str, str] = {}
        for index, item in enumerate(self.unmapped):
            choice = cleaned.get(f"area_{index}")
            if choice is None:
                continue
            if choice == OTHER:
                typed = (cleaned.get(f"key_{index}") or "").strip()
                if not typed:
                    self.add_error(f"key_{index}", _("Please type the key of the area, or choose a suggestion."))
                    continue
                key = selectors.known_area_key(self.areas, typed)
                if key is None:
                    self.add_error(
                        f"key_{index}",
                        _("“%(key)s” is not a known area key. Please write an AGS of NRW (e.g. 05162024).")
                        % {"key": typed},
                    )
                    continue
                mappings[item.name] = key
            else:
                mappings[item.name] = choice
        cleaned["mappings"] = mappings
        return cleaned


class AreaAliasForm(forms.Form):
    """A name of an area as statistics files write it, and the key of the area it means."""

    name = forms.CharField(
        label=gettext_lazy("Name in the file"),
        max_length=200,
        help_text=gettext_lazy("As the column “GeoName” writes it, e.g. “Neuss, Stadt”."),
    )
    area_key = forms.CharField(
        label=gettext_lazy("Area key"),
        max_length=12,
        help_text=gettext_lazy("The AGS of the area (e.g. 05162024) or the key of a Stadtteil of a map layer."),
    )
