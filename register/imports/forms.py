"""The shape of the upload and column-matching pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from ..models import ImportKind, ImportRecord
from .mapping import SHEETS, check_mapping
from .services import mapping_field


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds"},
    )
    upload = forms.FileField(
        label="Choose the file",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty. Choose the file with your data in it",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["upload"].help_text = (
            f"A CSV file or an Excel workbook (.xlsx), up to {limit} MB and "
            f"{settings.IMPORT_MAX_ROWS:,} rows."
        )


class MappingForm(forms.Form):
    """One drop-down per column of each sheet: which header of the file holds it."""

    def __init__(self, record: ImportRecord, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        self.sections: list[dict[str, Any]] = []
        for sheet in record.sheets:
            spec = SHEETS[ImportKind(sheet["kind"])]
            chosen = record.mapping.get(spec.kind, {})
            choices = [("", "Not in the file")] + [(h, h) for h in sheet["headers"] if h]
            names = []
            for column in spec.columns:
                name = mapping_field(spec.kind, column.key)
                self.fields[name] = forms.ChoiceField(
                    label=column.header + ("" if column.required else " (optional)"),
                    choices=choices,
                    required=False,
                    initial=chosen.get(column.key, ""),
                )
                names.append(name)
            self.sections.append(
                {
                    "title": f"'{sheet['name']}' sheet" if record.file_format == "XLSX" else "",
                    "about": spec.about,
                    "rows": sheet["rows"],
                    "names": names,
                    "ignored": check_mapping(spec, sheet["headers"], chosen).ignored,
                }
            )

    def mapping(self) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        for sheet in self.record.sheets:
            spec = SHEETS[ImportKind(sheet["kind"])]
            result[spec.kind] = {
                column.key: self.cleaned_data.get(mapping_field(spec.kind, column.key), "")
                for column in spec.columns
            }
        return result
