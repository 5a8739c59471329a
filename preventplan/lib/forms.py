"""Every form renders as the GOV.UK form pattern: label, hint, error message, error summary.

``FORM_RENDERER`` points at :class:`GovukFormRenderer`; forms inherit :class:`GovukForm` or
:class:`GovukModelForm`, whose bound fields add the GOV.UK classes and ARIA links to each widget.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukBoundField(forms.BoundField):
    def css_class(self) -> str:
        return WIDGET_CLASSES.get(self.widget_type, "govuk-input")

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        css = self.css_class()
        classes = [css, str(attrs.get("class", ""))]
        if self.errors and css in ERROR_CLASSES:
            classes.append(ERROR_CLASSES[css])
        attrs["class"] = " ".join(c for c in classes if c)
        describedby = []
        if self.help_text:
            describedby.append(f"{self.auto_id}-hint")
        if self.errors:
            describedby.append(f"{self.auto_id}-error")
        if describedby and self.widget_type not in {"radioselect", "checkboxselectmultiple"}:
            attrs["aria-describedby"] = " ".join(describedby)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class GovukFormMixin:
    bound_field_class: type[forms.BoundField] | None = GovukBoundField
    error_css_class = "govuk-form-group--error"
    required_css_class = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            guard_numbers(field)


MAX_INT = 2**31 - 1


def guard_numbers(field: forms.Field) -> None:
    """Numbers too big for the database are a field error, never a server error."""
    if isinstance(field, forms.IntegerField) and field.max_value is None:
        field.max_value = MAX_INT
        field.validators.append(MaxValueValidator(MAX_INT))
    if isinstance(field, forms.ModelChoiceField):
        original = field.clean

        def clean(value: Any, original: Any = original, field: forms.Field = field) -> Any:
            try:
                return original(value)
            except OverflowError as exc:
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": "…"},
                ) from exc

        field.clean = clean  # type: ignore[method-assign]


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


DATE_HELP = "For example, 31 3 2027"
DATE_INPUT_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class GovukDateField(forms.DateField):
    """A date typed as day month year, in the UK order, with GOV.UK error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault(
            "widget", forms.DateInput(format="%d %m %Y", attrs={"class": "govuk-input--width-10"})
        )
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = "Enter a real date, for example 31 3 2027"

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not (date(2000, 1, 1) <= value <= date(2100, 12, 31)):
            raise forms.ValidationError("Enter a date between 2000 and 2100")


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, typed, so its choices can be narrowed per user."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a programming error, not input
    return field


def model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field, typed, so its queryset can be narrowed per user."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error, not input
    return field
