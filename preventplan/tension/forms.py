from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import today
from preventplan.lib.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    choice_field,
    model_field,
)
from preventplan.organisations.models import Organisation, OrganisationKind, Partnership
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol
from preventplan.tension.models import (
    BcuReturn,
    CriticalIncident,
    ForceAssessment,
    IndicatorType,
    PartnerContribution,
    Section,
    TensionLevel,
    Trend,
    UpcomingEvent,
)

SHARE_CHOICES = [
    ("experienced", _("Experienced")),
    ("evidential", _("Evidential")),
    ("potential", _("Potential")),
    ("overall", _("The overall level and trend")),
]
FREE_TEXT = {
    "experienced",
    "evidential",
    "potential",
    "narrative",
    "global_events",
    "national_events",
    "local_events",
    "actions_taken",
    "summary",
    "title",
    "area",
}


TEXT_LIMIT = 5000


def limit_text(form: forms.BaseForm) -> None:
    """Narratives are summaries: at most 5,000 characters each."""
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and name in FREE_TEXT and field.max_length is None:
            field.max_length = TEXT_LIMIT
            field.validators.append(MaxLengthValidator(TEXT_LIMIT))
            field.widget.attrs["maxlength"] = str(TEXT_LIMIT)


def level_field(label: Any) -> forms.ModelChoiceField[TensionLevel]:
    return forms.ModelChoiceField(
        queryset=TensionLevel.objects.all(),
        label=label,
        required=False,
        widget=forms.RadioSelect(attrs={"inline": True}),
        empty_label=None,
    )


class StartForm(GovukForm):
    prefill = forms.BooleanField(
        label=_("Start from last week's (narratives, levels, sharing and events still to come)"),
        required=False,
    )


class ReturnForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    experienced_level = level_field(_("Experienced: level"))
    evidential_level = level_field(_("Evidential: level"))
    potential_level = level_field(_("Potential: level"))
    overall_level = level_field(_("Overall level"))
    shared = forms.MultipleChoiceField(
        label=_("Sections partners may see"),
        choices=SHARE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_with = forms.ModelMultipleChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Share them with"),
        help_text=_(
            "Only partnerships covered by an information-sharing protocol in force for "
            "tension indicators are offered."
        ),
    )

    class Meta:
        model = BcuReturn
        fields = [
            "experienced",
            "experienced_level",
            "evidential",
            "evidential_level",
            "potential",
            "potential_level",
            "overall_level",
            "trend",
            "actions_taken",
        ]
        widgets = {
            "actions_taken": forms.Textarea(attrs={"rows": 4}),
            "experienced": forms.Textarea(attrs={"rows": 4}),
            "evidential": forms.Textarea(attrs={"rows": 4}),
            "potential": forms.Textarea(attrs={"rows": 4}),
            "trend": forms.RadioSelect(attrs={"inline": True}),
        }
        labels = {
            "experienced": _("Experienced"),
            "evidential": _("Evidential"),
            "potential": _("Potential"),
            "trend": _("Trend against last week"),
            "actions_taken": _("Action taken to mitigate risks"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self)
        ret: BcuReturn = self.instance
        self.fields["version"].initial = ret.version
        self.fields["shared"].initial = ret.shared_sections
        self.fields["shared_with"].initial = list(ret.shared_with.all())
        choice_field(self, "trend").choices = Trend.choices
        self.fields["trend"].required = False
        model_field(self, "shared_with").queryset = partnerships_with_protocol(
            ShareCategory.TENSION
        ).filter(members=ret.bcu)
        counts = {c.indicator_id: c.count for c in ret.counts.all()}
        self.indicators = list(IndicatorType.objects.filter(is_active=True))
        order: list[str] = []
        for section in Section.values:
            order += [section, f"{section}_level"]
            for indicator in [i for i in self.indicators if i.section == section]:
                name = f"count_{indicator.code}"
                self.fields[name] = forms.IntegerField(
                    label=indicator.name,
                    min_value=0,
                    max_value=100_000,
                    required=False,
                    initial=counts.get(indicator.pk, 0),
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
                    error_messages={
                        "invalid": gettext("Enter %(indicator)s as a whole number")
                        % {"indicator": indicator.name.lower()},
                        "min_value": _("The count cannot be negative"),
                        "max_value": _("Enter a count of no more than 100,000"),
                    },
                )
                order.append(name)
        self.order_fields(
            [*order, "overall_level", "trend", "actions_taken", "shared", "shared_with", "version"]
        )

    def counts(self) -> dict[IndicatorType, int]:
        return {i: self.cleaned_data.get(f"count_{i.code}") or 0 for i in self.indicators}

    def save(self, commit: bool = True) -> BcuReturn:
        ret: BcuReturn = super().save(commit=False)
        ret.share_sections = ",".join(self.cleaned_data["shared"])
        return ret


class ForceForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    overall_level = level_field(_("Overall force level"))

    class Meta:
        model = ForceAssessment
        fields = [
            "narrative",
            "global_events",
            "national_events",
            "local_events",
            "actions_taken",
            "overall_level",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields[:5]}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self)
        self.fields["version"].initial = self.instance.version


class EventForm(GovukModelForm):
    starts_on = GovukDateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    ends_on = GovukDateField(label=_("Last day (if longer than one day)"), required=False)

    class Meta:
        model = UpcomingEvent
        fields = ["title", "starts_on", "ends_on", "area"]
        labels = {"title": _("Event"), "area": _("Area")}
        error_messages = {"title": {"required": _("Enter the event")}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", gettext("The last day must be on or after the date"))
        return data


class ContributionForm(GovukModelForm):
    class Meta:
        model = PartnerContribution
        fields = ["partner", "section", "summary"]
        widgets = {"section": forms.RadioSelect(attrs={"inline": True})}
        labels = {
            "partner": _("Partner agency"),
            "section": _("Section"),
            "summary": _("What they told you"),
        }
        error_messages = {
            "partner": {"required": _("Select the partner agency")},
            "section": {"required": _("Select the section")},
            "summary": {"required": _("Enter what they told you")},
        }

    def __init__(self, *args: Any, bcu: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self)
        force = bcu.force() or bcu
        model_field(self, "partner").queryset = Organisation.objects.filter(
            path__startswith=force.path, kind=OrganisationKind.PARTNER, is_active=True
        )


class IncidentForm(GovukModelForm):
    occurred_on = GovukDateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    occurred_time = forms.TimeField(
        label=_("Time"),
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text=_("24-hour clock, for example 21:30"),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the time"),
            "invalid": _("Enter the time on the 24-hour clock, for example 21:30"),
        },
    )

    class Meta:
        model = CriticalIncident
        fields = ["force", "bcu", "area", "summary"]
        widgets = {"force": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "force": _("Force"),
            "bcu": _("BCU (leave blank if force-wide)"),
            "area": _("Area"),
            "summary": _("Summary"),
        }
        error_messages = {
            "force": {"required": _("Select the force")},
            "area": {"required": _("Enter the area")},
            "summary": {"required": _("Enter a summary")},
        }

    def __init__(
        self,
        *args: Any,
        forces: list[Organisation],
        bcus: list[Organisation],
        force_wide: set[int],
        **kwargs: Any,
    ) -> None:
        """``bcus``: those the person may record against (a BCU lead: their own only);
        ``force_wide``: the forces whose lead they are, the only ones they may record force-wide."""
        super().__init__(*args, **kwargs)
        limit_text(self)
        self.force_wide = force_wide
        model_field(self, "force").queryset = Organisation.objects.filter(
            pk__in=[f.pk for f in forces]
        )
        if len(forces) == 1:
            self.fields["force"].initial = forces[0].pk
        bcu = model_field(self, "bcu")
        bcu.queryset = Organisation.objects.filter(pk__in=[b.pk for b in bcus]).order_by("name")
        bcu.error_messages["invalid_choice"] = gettext("Choose a BCU you lead, or your force")
        if not force_wide:
            bcu.label = gettext("BCU")
            bcu.empty_label = None if len(bcus) == 1 else bcu.empty_label
            if len(bcus) == 1:
                bcu.initial = bcus[0].pk
        now = timezone.localtime()
        self.fields["occurred_on"].initial = today()
        self.fields["occurred_time"].initial = time(now.hour, now.minute)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        force, bcu = data.get("force"), data.get("bcu")
        if force and bcu and bcu.parent_id != force.pk:
            self.add_error("bcu", gettext("Choose a BCU of %(force)s") % {"force": force.name})
        elif force and bcu is None and force.pk not in self.force_wide:
            self.add_error(
                "bcu", gettext("Choose the BCU you lead: only a force lead records force-wide")
            )
        day, at = data.get("occurred_on"), data.get("occurred_time")
        if day and at:
            when = timezone.make_aware(datetime.combine(day, at))
            if when > timezone.now():
                self.add_error("occurred_time", gettext("The incident cannot be in the future"))
            data["occurred_at"] = when
        return data

    def save(self, commit: bool = True) -> CriticalIncident:
        incident: CriticalIncident = super().save(commit=False)
        incident.occurred_at = self.cleaned_data["occurred_at"]
        return incident
