"""Django form fields are drawn with the NHS.UK component a person expects (tcp/jinja2.py)."""

from django import forms
from django.template import engines

from reviews.forms import ReviewHeldForm
from tcp.jinja2 import field_params, widget_kind


class Choices(forms.Form):
    several = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def render_field(bound_field: forms.BoundField) -> str:
    template = engines["jinja2"].from_string(
        '{% from "components/form.jinja" import field %}{{ field(bound_field) }}'
    )
    return template.render({"bound_field": bound_field})


def test_choose_all_that_apply_is_checkboxes_and_choose_one_is_radios():
    """CheckboxSelectMultiple subclasses RadioSelect in Django: the order of the checks matters."""
    form = Choices(initial={"several": ["a", "b"]})
    assert widget_kind(form["several"]) == "checkboxes"
    assert widget_kind(form["one"]) == "radios"
    assert [item["checked"] for item in field_params(form["several"])["items"]] == [True, True]


def test_who_attended_a_review_can_be_several_people():
    form = ReviewHeldForm(initial={"attendance": ["person_attended", "advocate_attended"]})
    html = render_field(form["attendance"])
    assert html.count('type="checkbox"') == 3
    assert 'type="radio"' not in html
    assert html.count("checked") == 2
