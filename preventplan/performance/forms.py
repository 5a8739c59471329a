from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from preventplan.lib.dates import (
    financial_year_start,
    format_date,
    period_label,
    period_start,
    today,
)
from preventplan.lib.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    choice_field,
    model_field,
)
from preventplan.organisations.models import Partnership
from preventplan.performance.models import (
    AssessmentKind,
    Frequency,
    Indicator,
    Ni35StrandScore,
    Unit,
)
from preventplan.plans.forms import ActionChoiceField
from preventplan.plans.models import Action, PlanStatus
from preventplan.records import evidence

PERIODS_OFFERED = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 8, Frequency.ANNUAL: 5}


def recent_periods(frequency: str, day: date) -> list[date]:
    """The current period and those before it, newest first."""
    periods: list[date] = []
    start = period_start(day, frequency)
    while len(periods) < PERIODS_OFFERED[Frequency(frequency)]:
        periods.append(start)
        start = period_start(start - timedelta(days=1), frequency)
    return periods


class IndicatorForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "polarity",
            "frequency",
            "activities",
            "is_active",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "unit": forms.RadioSelect,
            "polarity": forms.RadioSelect,
            "frequency": forms.RadioSelect,
        }
        labels = {
            "code": gettext_lazy("Code"),
            "name": gettext_lazy("Name"),
            "definition": gettext_lazy("Definition"),
            "unit": pgettext_lazy("of measurement", "Unit"),
            "polarity": gettext_lazy("Polarity"),
            "frequency": gettext_lazy("Frequency"),
        }
        error_messages = {
            "code": {
                "required": gettext_lazy("Enter the indicator’s code"),
                "unique": gettext_lazy("Another indicator already has that code"),
                "invalid": gettext_lazy(
                    "Use only letters, numbers, hyphens and underscores in the code"
                ),
            },
            "name": {"required": gettext_lazy("Enter the indicator’s name")},
            "definition": {"required": gettext_lazy("Enter the definition")},
            "unit": {"required": gettext_lazy("Select the unit")},
            "polarity": {"required": gettext_lazy("Select whether higher or lower is better")},
            "frequency": {"required": gettext_lazy("Select how often it is measured")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ValueForm(GovukForm):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        error_messages={"required": gettext_lazy("Select the period")},
    )
    value = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": gettext_lazy("Enter the value"),
            "invalid": gettext_lazy("Enter the value as a number, for example 12 or 45.5"),
            "max_digits": gettext_lazy(
                "Enter a value with no more than 10 digits before the decimal point"
            ),
            "max_decimal_places": gettext_lazy("Enter the value to no more than 2 decimal places"),
        },
    )
    note = forms.CharField(label=gettext_lazy("Source or comment"), max_length=300, required=False)
    replace = forms.BooleanField(
        label=gettext_lazy("Replace the value already recorded"), required=False
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        periods = recent_periods(indicator.frequency, today())
        choice_field(self, "period").choices = [
            (p.isoformat(), period_label(p, indicator.frequency)) for p in periods
        ]
        self.fields["period"].initial = periods[0].isoformat()
        self.fields["value"].label = _("Value (%(unit)s)") % {
            "unit": str(indicator.get_unit_display()).lower()
        }

    def clean_period(self) -> date:
        return date.fromisoformat(self.cleaned_data["period"])

    def clean_value(self) -> Decimal:
        value: Decimal = self.cleaned_data["value"]
        unit = self.indicator.unit
        if unit == Unit.PERCENT and not (0 <= value <= 100):
            raise forms.ValidationError(_("Enter a percentage between 0 and 100"))
        if unit in {Unit.COUNT, Unit.DAYS} and value < 0:
            raise forms.ValidationError(_("The value cannot be negative"))
        if unit == Unit.COUNT and value != value.to_integral():
            raise forms.ValidationError(_("Enter a whole number for a count"))
        return value


class TargetForm(GovukForm):
    year = forms.ChoiceField(label=gettext_lazy("Financial year"))
    target = forms.DecimalField(
        label=gettext_lazy("Target"),
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": gettext_lazy("Enter the target"),
            "invalid": gettext_lazy("Enter the target as a number"),
            "max_digits": gettext_lazy(
                "Enter a target with no more than 10 digits before the decimal point"
            ),
            "max_decimal_places": gettext_lazy("Enter the target to no more than 2 decimal places"),
        },
    )
    tolerance = forms.IntegerField(
        label=gettext_lazy("Amber tolerance (%)"),
        min_value=0,
        max_value=100,
        initial=10,
        help_text=gettext_lazy(
            "How far from the target, as a percentage of it, still counts as amber."
        ),
        error_messages={
            "required": gettext_lazy("Enter the amber tolerance"),
            "invalid": gettext_lazy("Enter the tolerance as a whole number"),
            "min_value": gettext_lazy("The tolerance cannot be negative"),
            "max_value": gettext_lazy("The tolerance cannot be more than 100%"),
        },
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        this_year = financial_year_start(today())
        years = [this_year.replace(year=this_year.year + n) for n in (1, 0, -1)]
        choice_field(self, "year").choices = [
            (y.isoformat(), period_label(y, Frequency.ANNUAL)) for y in years
        ]
        self.fields["year"].initial = this_year.isoformat()

    def clean_year(self) -> date:
        return date.fromisoformat(self.cleaned_data["year"])

    def clean_target(self) -> Decimal:
        value: Decimal = self.cleaned_data["target"]
        if self.indicator.unit == Unit.PERCENT and not (0 <= value <= 100):
            raise forms.ValidationError(_("Enter a percentage between 0 and 100"))
        if self.indicator.unit in {Unit.COUNT, Unit.DAYS} and value < 0:
            raise forms.ValidationError(_("The target cannot be negative"))
        return value


# -- NI35 ----------------------------------------------------------------------------------------
def reporting_years(day: date) -> list[date]:
    """31 March ending this reporting year, and the two before it."""
    end = financial_year_start(day).replace(year=financial_year_start(day).year + 1) - timedelta(
        days=1
    )
    return [end.replace(year=end.year - n) for n in range(3)]


class AssessmentStartForm(GovukForm):
    partnership = forms.ModelChoiceField(
        label=gettext_lazy("Partnership"),
        queryset=Partnership.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the partnership")},
    )
    year_ending = forms.ChoiceField(
        label=gettext_lazy("Reporting year"),
        error_messages={"required": gettext_lazy("Select the reporting year")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of assessment"),
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the kind of assessment")},
    )
    assessed_on = GovukDateField(
        label=gettext_lazy("Date of the assessment"),
        error_messages={"required": gettext_lazy("Enter the date of the assessment")},
    )

    def __init__(self, *args: Any, partnerships: list[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "partnership").queryset = Partnership.objects.filter(
            pk__in=[p.pk for p in partnerships]
        )
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0].pk
        years = reporting_years(today())
        choice_field(self, "year_ending").choices = [
            (
                y.isoformat(),
                _("%(year)s (ending %(date)s)")
                % {"year": f"{y.year - 1}/{str(y.year)[-2:]}", "date": format_date(y)},
            )
            for y in years
        ]
        self.fields["year_ending"].initial = years[0].isoformat()
        self.fields["assessed_on"].initial = today()

    def clean_year_ending(self) -> date:
        return date.fromisoformat(self.cleaned_data["year_ending"])

    def clean_assessed_on(self) -> date:
        value: date = self.cleaned_data["assessed_on"]
        if value > today():
            raise forms.ValidationError(
                _("The date of the assessment must be today or in the past")
            )
        return value


class StrandForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
        label=gettext_lazy("Score"),
    )
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Plan actions that show it"),
    )

    class Meta:
        model = Ni35StrandScore
        fields = ["score", "evidence", "actions", "benefits"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 8}),
            "benefits": forms.CheckboxSelectMultiple,
        }
        # The field comes from the model: benefits belong to the programme app, a layer above.
        labels = {
            "evidence": gettext_lazy("Evidence"),
            "benefits": gettext_lazy("Evaluations and benefits that show it"),
        }
        help_texts = {
            "evidence": gettext_lazy(
                "What the partnership has done and how it knows: plans, evaluations, "
                "minutes. Describe communities in general terms; never name or profile a person, "
                "a community or a venue."
            )
        }

    def __init__(
        self, *args: Any, figures: list[evidence.RegisterFigure] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.figures = figures or []
        if self.figures:
            self.fields["add_figures"] = forms.BooleanField(
                required=False,
                label=evidence.ADD_LABEL,
                help_text=evidence.ADD_HINT,
            )
            self.order_fields(["version", "score", "evidence", "add_figures"])
        score: Ni35StrandScore = self.instance
        self.fields["version"].initial = score.version
        choice_field(self, "score").choices = [
            (level.score, f"{level.score}: {level.descriptor}")
            for level in score.strand.levels.all()
        ]
        partnership = score.assessment.partnership
        members = list(partnership.members.all())
        model_field(self, "actions").queryset = (
            Action.objects.filter(plan__organisation__in=members)
            .exclude(plan__status=PlanStatus.CLOSED)
            .exclude(decision="not-applicable")
            .select_related("plan__organisation", "activity")
            .order_by("plan__organisation__name", "sort_key")
        )
        benefits = model_field(self, "benefits")
        benefits.queryset = benefits.queryset.filter(organisation__in=members)  # type: ignore[union-attr]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("add_figures"):
            lines = [f.text for f in self.figures if f.text not in data.get("evidence", "")]
            data["evidence"] = "\n".join(filter(None, [data.get("evidence", "").rstrip(), *lines]))
        return data
