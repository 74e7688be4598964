"""Jinja2 environment: NHS.UK component macros plus the few globals our pages need.

Templates print what views and presenters give them; nothing here queries the database.
"""

from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def widget_kind(bound_field: forms.BoundField) -> str:
    widget = bound_field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect (Django 4.0+): it must be tested first,
    # or a "choose all that apply" field is drawn as radios and only one choice can be made.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


def field_params(bound_field: forms.BoundField, **overrides: Any) -> dict[str, Any]:
    """Turn a Django bound field into the parameters of the matching NHS.UK macro."""
    field = bound_field.field
    kind = widget_kind(bound_field)
    value = bound_field.value()
    params: dict[str, Any] = {
        "id": bound_field.id_for_label or bound_field.html_name,
        "name": bound_field.html_name,
        "label": {"text": str(bound_field.label)},
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    if bound_field.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bound_field.errors)}
    if kind == "input":
        input_type = getattr(field.widget, "input_type", "text")
        params["type"] = input_type
        if input_type != "password":
            params["value"] = "" if value is None else str(value)
        params["attributes"] = {k: v for k, v in field.widget.attrs.items() if k != "class"}
    elif kind == "textarea":
        params["value"] = "" if value is None else str(value)
    elif kind in {"select", "radios", "checkboxes"}:
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        items = []
        for choice_value, choice_label in field.choices:
            item = {"value": str(choice_value), "text": str(choice_label)}
            item["selected" if kind == "select" else "checked"] = str(choice_value) in chosen
            items.append(item)
        params["items"] = items
        if kind != "select":
            params["fieldset"] = {"legend": {"text": str(bound_field.label), "size": "s"}}
            params["idPrefix"] = params.pop("id")
            params.pop("label")
    elif kind == "checkbox":
        params = {
            "idPrefix": params["id"],
            "name": params["name"],
            "items": [{"value": "on", "text": str(bound_field.label), "checked": bool(value)}],
            **({"errorMessage": params["errorMessage"]} if "errorMessage" in params else {}),
        }
    params.update(overrides)
    return params


def error_summary_items(form: forms.BaseForm) -> list[dict[str, str]]:
    items = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            items.extend({"text": str(e)} for e in errors)
            continue
        bound_field = form[name]
        anchor = bound_field.id_for_label or bound_field.html_name
        items.extend({"text": str(e), "href": f"#{anchor}"} for e in errors)
    return items


def environment(**options: Any) -> Environment:
    # Django passes a FileSystemLoader over TEMPLATES DIRS; NHS.UK macros come after ours.
    project_loader = options.get("loader") or FileSystemLoader(_template_dirs())
    options["loader"] = ChoiceLoader([project_loader, PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701 - autoescape is on
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "field_params": field_params,
            "widget_kind": widget_kind,
            "error_summary_items": error_summary_items,
        }
    )
    return env


def _template_dirs() -> list[str]:
    from django.conf import settings

    return [str(d) for d in settings.TEMPLATES[0]["DIRS"]]
