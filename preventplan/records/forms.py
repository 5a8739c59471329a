"""The register form every register's own form builds on, and the list filters.

:class:`RegisterForm` gives every register the same owning organisation (chosen when adding,
fixed afterwards), accountable owner, next review date, marking and status radios, and version
handling. :func:`form_data` turns API values into the form's own data, so API writes are checked
by exactly the rules the pages use.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import today
from preventplan.lib.forms import (
    GovukDateField,
    GovukModelForm,
    choice_field,
    field_label,
    model_field,
)
from preventplan.organisations.models import Membership, Organisation

# Labels of the shared fields that have no verbose name of their own (giving them one would be a
# migration in every register's app): the same English, translated.
SHARED_LABELS = {"title": _("Title"), "marking": _("Marking"), "status": _("Status")}


class RegisterForm(GovukModelForm):
    """The shared part: organisation (when adding), owner, review date, version.

    Subclasses list their fields in ``Meta.fields``; ``organisations`` are those the person may
    add records for (the record's own organisation when changing one)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Whose register"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whose register it belongs to")},
    )
    review_on = GovukDateField(
        label=_("Next review date"), error_messages={"required": _("Enter the next review date")}
    )
    organisation_field = "organisation"
    radios: tuple[str, ...] = ("marking", "status")

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.radios:
            if name in self.fields:
                field = choice_field(self, name)
                field.widget = forms.RadioSelect(attrs={"inline": True})
                field.widget.choices = list(field.choices)  # type: ignore[arg-type]
        for each in self.fields.values():
            _no_dashes(each)
        for name, label in SHARED_LABELS.items():
            if name in self.fields and name not in (self._meta.labels or {}):
                self.fields[name].label = label
        editing = self.instance.pk is not None
        self.organisations = (
            [getattr(self.instance, self.organisation_field)] if editing else organisations
        )
        org_field = self.organisation_field
        if org_field != "organisation":
            self.fields.pop("organisation")
        if editing:
            self.fields.pop(org_field, None)
            self.fields["version"].initial = self.instance.version
        elif org_field in self.fields:
            model_field(self, org_field).queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in self.organisations]
            )
            if len(self.organisations) == 1:
                self.fields[org_field].initial = self.organisations[0].pk
        person = self._meta.model.policy.person_field
        if person in self.fields:
            owner = model_field(self, person)
            owner.queryset = Membership.objects.people(self.organisations)
            owner.label_from_instance = lambda u: f"{u.full_name or u.email} ({u.email})"  # type: ignore[method-assign,assignment]

    def chosen_organisation(self) -> Organisation | None:
        if self.instance.pk:
            return getattr(self.instance, self.organisation_field)
        return self.cleaned_data.get(self.organisation_field)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        org = self.chosen_organisation()
        person = self._meta.model.policy.person_field
        owner = data.get(person) if person else None
        if (
            org is not None
            and owner is not None
            and not Membership.objects.people([org]).filter(pk=owner.pk)
        ):
            self.add_error(
                person,
                gettext("Choose someone with a role in %(organisation)s")
                % {"organisation": org.name},
            )
        review_on = data.get("review_on")
        if (
            review_on
            and data.get("status", "open") == "open"
            and review_on < today()
            and ("review_on" in self.changed_data or not self.instance.pk)
        ):
            self.add_error(
                "review_on",
                gettext("%(field)s must be today or in the future")
                % {"field": field_label(self.fields["review_on"], "review_on")},
            )
        return data

    def many(self) -> dict[str, list[Any]]:
        """The many-to-many values chosen, set after the record is saved."""
        return {
            f.name: list(self.cleaned_data[f.name])
            for f in self._meta.model._meta.many_to_many
            if f.name in self.cleaned_data
        }

    def record(self) -> Any:
        """The record with the form's values, not yet saved."""
        obj = self.save(commit=False)
        if not obj.pk:
            setattr(obj, self.organisation_field, self.cleaned_data[self.organisation_field])
        return obj


def _no_dashes(field: forms.Field) -> None:
    """Radios offer no "---------" choice: a required one has none, an optional one says
    "None"."""
    if not isinstance(field.widget, forms.RadioSelect) or not isinstance(
        field, forms.TypedChoiceField
    ):
        return
    offered: Any = field.choices
    choices = [(k, v) for k, v in offered if k != ""]
    field.choices = choices if field.required else [("", gettext("None")), *choices]


def form_data(form: forms.BaseForm, values: dict[str, Any]) -> dict[str, Any]:
    """Values (Python objects, ids for records) as the data a browser would post to ``form``:
    the API fills a register's form with them so its rules are the pages' rules."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name not in form.fields or value is None:
            continue
        field = form.fields[name]
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple | set):
            data[name] = [_post_value(v) for v in value]
        else:
            data[name] = _post_value(value)
    return data


def _post_value(value: Any) -> str:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def current_values(form: forms.BaseForm) -> dict[str, Any]:
    """What an unbound form on a record holds, field by field (for partial API updates)."""
    values = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(field, forms.ModelMultipleChoiceField) and value is not None:
            value = [v.pk if isinstance(v, models.Model) else v for v in value]
        values[name] = value
    return values
