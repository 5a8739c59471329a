"""Every form renders as the GOV.UK form pattern: label, hint, error message, error summary.

``FORM_RENDERER`` points at :class:`GovukFormRenderer`; forms inherit :class:`GovukForm` or
:class:`GovukModelForm`, whose bound fields add the GOV.UK classes and ARIA links to each widget.

Every free-text field of every such form is checked for personal data (``lib/privacy.py``,
``docs/privacy.md``) unless the form names it in ``personal_data_allowed`` (not checked at all)
or ``person_names_allowed`` (a staff member's or office holder's name: "Dr Patel" is allowed,
a telephone number or a postcode is not).

A form declares the fields that a tick box or a radio reveals in ``reveals`` (:class:`Reveal`):
they are rendered inside their control as a GOV.UK conditional reveal (shown without
JavaScript), and while the control is off what was typed in them is ignored, errors included.

Every whole-number and decimal field's errors name the field in GOV.UK style ("Sample size must
be 0 or more", :func:`name_number_errors`) unless the form gives its own message. Messages are
translated when shown, never when a form's class is defined (its fields are made then, once).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from preventplan.lib.numbers import format_number
from preventplan.lib.privacy import NAME_WITH_TITLE, check_text

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


@dataclass(frozen=True)
class Reveal:
    """Fields shown only when a tick box is ticked or a radio chosen: GOV.UK's conditional
    reveal, declared on the form (``reveals = (Reveal("vacant", ("vacant_since",)),)``).

    ``control`` is a tick box (``value`` empty) or radios or tick boxes (``value`` the choice
    that reveals the fields). Without JavaScript the fields are always shown; however they were
    shown, what is typed in them counts only while the control is on."""

    control: str
    fields: tuple[str, ...]
    value: str = ""

    def is_on(self, value: Any) -> bool:
        """Whether the control's value (cleaned, posted or initial) reveals the fields."""
        if not self.value:
            return bool(value) and value not in ("False", "false", "0")
        if isinstance(value, list | tuple | set):
            return self.value in {_choice_key(v) for v in value}
        return _choice_key(value) == self.value


def _choice_key(value: Any) -> str:
    return str(getattr(value, "pk", value) if value is not None else "")


def _empty_value(field: forms.Field) -> Any:
    """What a field holds when nothing was entered (for a revealed field left hidden)."""
    if isinstance(field, forms.BooleanField):
        return False
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return []
    return getattr(field, "empty_value", None)


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukBoundField(forms.BoundField):
    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        drop_blank_radio(field)

    def css_class(self) -> str:
        return WIDGET_CLASSES.get(self.widget_type, "govuk-input")

    # -- conditional reveal (``Reveal``) ---------------------------------------------------------
    def _reveals(self) -> list[Reveal]:
        return [r for r in getattr(self.form, "reveals", ()) if r.control == self.name]

    def _revealed(self, reveal: Reveal) -> list[forms.BoundField]:
        return [self.form[name] for name in reveal.fields if name in self.form.fields]

    @property
    def is_revealed(self) -> bool:
        """Shown inside the tick box or radio that reveals it, not on its own."""
        return any(
            self.name in r.fields and r.control in self.form.fields
            for r in getattr(self.form, "reveals", ())
        )

    @property
    def conditional_id(self) -> str:
        return f"conditional-{self.auto_id}"

    @property
    def revealed_fields(self) -> list[forms.BoundField]:
        """For a single tick box: the fields it reveals."""
        return [f for r in self._reveals() if not r.value for f in self._revealed(r)]

    @property
    def reveal_open(self) -> bool:
        return any(r.is_on(self.value()) for r in self._reveals() if not r.value)

    @property
    def choice_items(self) -> list[dict[str, Any]]:
        """Radios or tick boxes, each with the fields it reveals (if any) and their box's id."""
        items = []
        for widget in self.subwidgets:
            value = _choice_key(widget.data["value"])
            revealed = [f for r in self._reveals() if r.value == value for f in self._revealed(r)]
            items.append(
                {
                    "widget": widget,
                    "revealed": revealed,
                    "open": bool(widget.data["selected"]),
                    "conditional_id": f"conditional-{widget.id_for_label}",
                }
            )
        return items

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        css = self.css_class()
        # The widget's own classes (a width, say) too: the class given here replaces them.
        own = (widget or self.field.widget).attrs.get("class", "")
        classes = [css, *str(own).split(), *str(attrs.get("class", "")).split()]
        if self.errors and css in ERROR_CLASSES:
            classes.append(ERROR_CLASSES[css])
        attrs["class"] = " ".join(dict.fromkeys(c for c in classes if c))
        describedby = []
        if self.help_text:
            describedby.append(f"{self.auto_id}-hint")
        if self.errors:
            describedby.append(f"{self.auto_id}-error")
        if describedby and self.widget_type not in {"radioselect", "checkboxselectmultiple"}:
            attrs["aria-describedby"] = " ".join(describedby)
        else:
            attrs.pop("aria-describedby", None)
        if self.widget_type == "checkbox" and self.revealed_fields:
            attrs["data-aria-controls"] = self.conditional_id
        return attrs


def drop_blank_radio(field: forms.Field) -> None:
    """A required question asked as radios offers only real answers: no "---------" radio,
    checked before the person has chosen (GOV.UK radios start with none chosen). Done when the
    field is rendered, after the form has narrowed its choices or changed its widget."""
    if not (field.required and isinstance(field.widget, forms.RadioSelect)):
        return
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = None
    elif isinstance(field, forms.ChoiceField):
        every = list(field.choices)  # type: ignore[arg-type]
        choices = [c for c in every if c[0] not in ("", None)]
        if len(choices) != len(every):
            field.choices = choices


class GovukFormMixin:
    bound_field_class: type[forms.BoundField] | None = GovukBoundField
    error_css_class = "govuk-form-group--error"
    required_css_class = ""
    # Free-text fields that may hold personal data (say why in docs/privacy.md): not checked.
    personal_data_allowed: ClassVar[set[str]] = set()
    # Fields that hold a staff member's or office holder's name: a name with a title is allowed,
    # every other kind of personal data is still refused.
    person_names_allowed: ClassVar[set[str]] = set()
    # Fields a tick box or radio reveals (GOV.UK conditional reveal): see ``Reveal``.
    reveals: ClassVar[tuple[Reveal, ...]] = ()
    # Revealed fields whose value, given while the control is off, is refused rather than
    # dropped: those a caller sent on purpose (the API), who sees no page hiding them.
    refuse_hidden: frozenset[str] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            guard_numbers(field)
        guard_personal_data(self)  # type: ignore[arg-type]
        name_number_errors(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        # Again here, for fields a form added after __init__ (each is guarded only once).
        guard_personal_data(self)  # type: ignore[arg-type]
        name_number_errors(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]

    def _clean_form(self) -> None:
        # A revealed field whose control is off was hidden (or, without JavaScript, not meant):
        # what was typed there is dropped, errors and all, before the form's own checks.
        form: Any = self
        for reveal in self.reveals:
            if reveal.control not in form.fields or reveal.is_on(
                form.cleaned_data.get(reveal.control)
            ):
                continue
            for name in reveal.fields:
                if name not in form.fields:
                    continue
                # Sent on purpose (valid or not): refused, saying the one thing that matters.
                if name in self.refuse_hidden and (
                    name in form._errors or _given(form.cleaned_data.get(name))
                ):
                    form._errors.pop(name, None)
                    form.add_error(name, _hidden_error(form, reveal, name))
                    continue
                form._errors.pop(name, None)
                form.cleaned_data[name] = _empty_value(form.fields[name])
        super()._clean_form()  # type: ignore[misc]


def _given(value: Any) -> bool:
    if hasattr(value, "exists"):  # the chosen records of a many-to-many field
        return bool(value.exists())
    return value not in (None, "", False, [], ())


def _hidden_error(form: Any, reveal: Reveal, name: str) -> str:
    """Why a value sent for a field that its control does not reveal is refused."""
    field = str(form.fields[name].label or name)
    control = form.fields[reveal.control]
    if not reveal.value:
        return _("%(field)s applies only when “%(control)s” is ticked: leave it out") % {
            "field": field,
            "control": control.label or reveal.control,
        }
    choice = dict((str(k), v) for k, v in getattr(control, "choices", ())).get(
        reveal.value, reveal.value
    )
    return _("%(field)s applies only when “%(control)s” is “%(choice)s”: leave it out") % {
        "field": field,
        "control": control.label or reveal.control,
        "choice": choice,
    }


MAX_INT = 2**31 - 1


# The errors a number field (or its validators) can give, each replaced by one naming the field.
NUMBER_CODES = (
    "invalid",
    "min_value",
    "max_value",
    "step_size",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
)


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Sample size" → "sample size", but "BCU
    returns" and "PV-02 value" keep their capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


# The ends of the databases' integer columns (PostgreSQL's small integer stops at 32,767): a
# limit of the column, not of the field's meaning, so not the one a message leads with.
DATABASE_BOUNDS = frozenset(
    bound
    for low, high in BaseDatabaseOperations.integer_field_ranges.values()
    for bound in (low, high)
    if bound != 0
)


def _limits(validators: list[Any]) -> tuple[Any, Any]:
    """The lowest and highest values the validators allow (None where they do not say, or
    only the database's own limit applies)."""
    lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    lows = [x for x in lows if not callable(x) and abs(x) < MAX_INT and x not in DATABASE_BOUNDS]
    highs = [x for x in highs if not callable(x) and abs(x) < MAX_INT and x not in DATABASE_BOUNDS]
    return (max(lows) if lows else None, min(highs) if highs else None)


class NumberError(Promise):
    """A number field's error in GOV.UK style, naming the field: "Sample size must be a whole
    number", "Sample size must be 0 or more", "Enter the target as a number".

    Made when shown (in the page's language, with the label as the form left it), from the
    values the validator gives; Django's ``message % params`` is answered by the whole text,
    so a label holding "%" is safe."""

    def __init__(
        self, field: forms.Field, name: str, code: str, model_validators: list[Any]
    ) -> None:
        self.field, self.name, self.code = field, name, code
        self.model_validators = model_validators

    def __mod__(self, params: Any) -> str:
        return self.text(params if isinstance(params, dict) else {})

    def __str__(self) -> str:
        return self.text({})

    def text(self, params: dict[str, Any]) -> str:
        field, code = self.field, self.code
        label = field_label(field, self.name)
        whole = not isinstance(field, forms.DecimalField | forms.FloatField)
        named = {"field": label, "in_field": mid_sentence(label)}
        if code == "invalid":
            if whole:
                return _("%(field)s must be a whole number") % named
            return _("Enter %(in_field)s as a number") % named
        if code in ("min_value", "max_value"):
            low, high = _limits([*field.validators, *self.model_validators])
            if low is not None and high is not None:
                return _("%(field)s must be between %(low)s and %(high)s") % {
                    **named,
                    "low": format_number(low),
                    "high": format_number(high),
                }
            limit = params.get("limit_value", low if code == "min_value" else high)
            named["limit"] = format_number(limit) if limit is not None else ""
            if code == "min_value":
                return _("%(field)s must be %(limit)s or more") % named
            if whole:
                return _("%(field)s must be %(limit)s or fewer") % named
            return _("%(field)s must be %(limit)s or less") % named
        if code == "step_size":
            step = params.get("limit_value", getattr(field, "step_size", ""))
            return _("%(field)s must be a multiple of %(step)s") % {**named, "step": step}
        most = params.get("max", getattr(field, "decimal_places", 0) or 0)
        named["max"] = most
        if code == "max_decimal_places":
            return (
                ngettext(
                    "%(field)s must have no more than %(max)s decimal place",
                    "%(field)s must have no more than %(max)s decimal places",
                    most,
                )
                % named
            )
        if code == "max_whole_digits":
            return (
                ngettext(
                    "%(field)s must have no more than %(max)s digit before the decimal point",
                    "%(field)s must have no more than %(max)s digits before the decimal point",
                    most,
                )
                % named
            )
        return (
            ngettext(
                "%(field)s must have no more than %(max)s digit",
                "%(field)s must have no more than %(max)s digits",
                most,
            )
            % named
        )


def _django_default(field: forms.Field, code: str) -> bool:
    """Whether the field would give Django's own message for ``code``: not one the form gave,
    nor one a validator of its own carries."""
    message = field.error_messages.get(code)
    if message is None:
        return not any(
            getattr(v, "code", None) == code and "message" in vars(v) for v in field.validators
        )
    return any(
        message is getattr(kind, "default_error_messages", {}).get(code)
        for kind in type(field).__mro__
    )


def name_number_errors(form: forms.BaseForm) -> None:
    """Every whole-number and decimal field's errors name the field, GOV.UK style, in place of
    Django's "Enter a whole number." and "Ensure this value is greater than or equal to 0."
    A message the form gives itself is kept. The API writes through the same forms, so it
    gives the same messages."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField):  # DecimalField and FloatField too
            continue
        model_validators: list[Any] = []
        if model is not None:
            with contextlib.suppress(FieldDoesNotExist):
                model_validators = list(model._meta.get_field(name).validators)
        for code in NUMBER_CODES:
            if _django_default(field, code):
                # A Promise as Django's lazy strings are; the stubs know only theirs.
                field.error_messages[code] = NumberError(field, name, code, model_validators)  # type: ignore[assignment]


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


# Fields that take text but not prose: addresses, links, passwords, identifiers, hidden values.
NOT_PROSE_FIELDS = (
    forms.EmailField,
    forms.URLField,
    forms.SlugField,
    forms.RegexField,
    forms.UUIDField,
    forms.GenericIPAddressField,
    forms.JSONField,
)
NOT_PROSE_WIDGETS = (forms.PasswordInput, forms.HiddenInput)


def is_free_text(field: forms.Field) -> bool:
    """A field where people type prose: a CharField (text input or textarea) that is not an
    e-mail address, link, slug or code, password or hidden value."""
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, NOT_PROSE_FIELDS)
        and not isinstance(field.widget, NOT_PROSE_WIDGETS)
    )


def field_label(field: forms.Field, name: str) -> str:
    """The label as the person sees it, without an "(optional)" or other aside."""
    label = str(field.label or pretty_name(name))
    label = re.sub(r"\s*\([^)]*\)\s*$", "", label).rstrip(" ?:")
    return label or pretty_name(name)


class PersonalDataValidator:
    """Refuses text that looks like personal data, naming the field (read when validating, so a
    label a form changes in ``__init__`` is the one named)."""

    def __init__(self, field: forms.Field, name: str, allow: frozenset[str] = frozenset()):
        self.field = field
        self.name = name
        self.allow = allow

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            message = check_text(value, field_label(self.field, self.name), allow=self.allow)
            if message:
                raise ValidationError(message, code="personal_data")


def guard_personal_data(form: forms.BaseForm) -> None:
    """Add the personal-data check to every free-text field the form has not opted out."""
    allowed: set[str] = getattr(form, "personal_data_allowed", set())
    names_allowed: set[str] = getattr(form, "person_names_allowed", set())
    for name, field in form.fields.items():
        if name in allowed or not is_free_text(field):
            continue
        if any(isinstance(v, PersonalDataValidator) for v in field.validators):
            continue
        allow = frozenset({NAME_WITH_TITLE}) if name in names_allowed else frozenset()
        field.validators.append(PersonalDataValidator(field, name, allow))


def is_guarded(field: forms.Field) -> bool:
    """Whether the field refuses personal data (for tests and checks)."""
    return any(isinstance(v, PersonalDataValidator) for v in field.validators)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


DATE_EXAMPLE = "31 3 2027"
DATE_HELP = gettext_lazy("For example, 31 3 2027")
DATE_INPUT_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


# "Enter a real date, for example 31 3 2027", in the language of the page (made when shown:
# the field is made once, when its form's class is defined).
_real_date = lazy(
    lambda example: _("Enter a real date, for example %(example)s") % {"example": example}, str
)


class GovukDateField(forms.DateField):
    """A date typed as day month year, in the UK order, with GOV.UK error messages.

    ``example`` is the date the error for a date that does not exist gives as an example:
    the one the hint gives, where the hint gives another."""

    def __init__(self, *args: Any, example: str = DATE_EXAMPLE, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault(
            "widget", forms.DateInput(format="%d %m %Y", attrs={"class": "govuk-input--width-10"})
        )
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = _real_date(example)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not (date(2000, 1, 1) <= value <= date(2100, 12, 31)):
            raise forms.ValidationError(_("Enter a date between 2000 and 2100"))


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
