"""The engagement registers' forms, each built on the register form (``records.forms``), so
every free-text field passes the personal-data guard and every write, page or API, obeys the
same rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from preventplan.engagement.models import (
    BCU_ONLY,
    FORCE_ONLY,
    Communication,
    CommunicationKind,
    Course,
    Engagement,
    EngagementKind,
    Level,
    Network,
    Post,
    PostKind,
    Project,
    Training,
)
from preventplan.engagement.policy import force_path_of
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukDateField, Reveal, model_field
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.programme.models import Benefit
from preventplan.records.forms import RegisterForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def area_partners(orgs: list[Organisation]) -> QuerySet[Organisation]:
    """The active partner organisations in the force areas of ``orgs``."""
    q = Q(pk__in=[])
    for org in orgs:
        q |= Q(path__startswith=force_path_of(org.path))
    return Organisation.objects.filter(q, kind=OrganisationKind.PARTNER, is_active=True).order_by(
        "name"
    )


def partner_field(
    label: StrOrPromise, help_text: StrOrPromise = ""
) -> forms.ModelMultipleChoiceField[Any]:
    return forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
    )


class AreaPartnersMixin:
    """Offers the partner organisations of the register's force area in ``partner_fields``,
    and in ``own_records`` (field: (model, ordering)) only the records of the register's own
    organisation."""

    partner_fields: tuple[str, ...] = ()
    own_records: dict[str, tuple[Any, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = self.organisations  # type: ignore[attr-defined]
        partners = area_partners(orgs)
        for name in self.partner_fields:
            if name in self.fields:  # type: ignore[attr-defined]
                model_field(self, name).queryset = partners  # type: ignore[arg-type]
        for name, (model, order) in self.own_records.items():
            model_field(self, name).queryset = model.objects.filter(  # type: ignore[arg-type]
                organisation__in=orgs
            ).order_by(order)


class NetworkForm(RegisterForm):
    refreshed_on = GovukDateField(
        label=_("Date last refreshed"),
        help_text=_(
            "When membership was last reviewed and brought up to date. For example, 31 3 2027"
        ),
        error_messages={"required": _("Enter when the network was last refreshed")},
    )
    review_on = GovukDateField(
        label=_("Next refresh due"),
        error_messages={"required": _("Enter when the next refresh is due")},
    )

    class Meta:
        model = Network
        fields = [
            "organisation",
            "kind",
            "title",
            "area",
            "members",
            "refreshed_on",
            "representativeness",
            "mapped",
            "gaps",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "representativeness": forms.RadioSelect,
            "gaps": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": _("Name of the network"), "owner": _("Lead")}
        error_messages = {
            "kind": {"required": _("Select whether it is a KIN or an IAG")},
            "title": {"required": _("Enter the name of the network")},
            "area": {"required": _("Enter the area it serves")},
            "members": {
                "required": _("Enter the number of members"),
                "invalid": _("Enter the number of members as a whole number"),
            },
        }

    def clean_refreshed_on(self) -> Any:
        value = self.cleaned_data["refreshed_on"]
        if value > today():
            raise forms.ValidationError(_("The date last refreshed must be today or in the past"))
        return value


class EngagementForm(AreaPartnersMixin, RegisterForm):
    partner_fields = ("partners",)
    own_records = {"network": (Network, "title")}
    held_on = GovukDateField(
        label=_("Date held"), error_messages={"required": _("Enter the date it was held")}
    )
    review_on = GovukDateField(
        label=_("Feedback due back by"),
        help_text=_(
            "When those who took part should hear what was done about what they raised. "
            "For example, 31 3 2027"
        ),
        error_messages={"required": _("Enter when feedback is due back")},
    )
    partners = partner_field(
        _("Partner organisations"), _("Organisations that took part or hosted.")
    )
    network = forms.ModelChoiceField(
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("None"),
        label=_("Network that met"),
        help_text=_("For a KIN or IAG meeting."),
    )

    class Meta:
        model = Engagement
        fields = [
            "organisation",
            "kind",
            "title",
            "held_on",
            "area",
            "network",
            "partners",
            "attendance",
            "feedback_score",
            "priorities",
            "feedback",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "priorities": forms.Textarea(attrs={"rows": 3}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": _("Title"), "owner": _("Lead")}
        help_texts = {"title": _("For example “Riverside youth forum: spring meeting”.")}
        error_messages = {
            "kind": {"required": _("Select the kind of engagement")},
            "title": {"required": _("Enter a title")},
            "area": {"required": _("Enter the area")},
            "attendance": {
                "required": _("Enter the number attending"),
                "invalid": _("Enter the number attending as a whole number"),
            },
            "feedback_score": {"invalid": _("Enter the feedback score as a whole number")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        held = data.get("held_on")
        if held and held > today():
            self.add_error("held_on", _("The date held must be today or in the past"))
        network, org = data.get("network"), self.chosen_organisation()
        if network and org and network.organisation_id != org.pk:
            self.add_error(
                "network", _("Choose a network of %(organisation)s") % {"organisation": org.name}
            )
        if network and data.get("kind") not in (None, EngagementKind.KIN_IAG):
            self.add_error("network", _("Only a KIN or IAG meeting is linked to a network"))
        return data


class CommunicationForm(AreaPartnersMixin, RegisterForm):
    partner_fields = ("signed_off_by",)
    on = GovukDateField(
        label=_("Date issued or held"), error_messages={"required": _("Enter the date")}
    )
    signed_off_on = GovukDateField(label=_("Date signed off"), required=False)
    signed_off_by = partner_field(
        _("Partners who signed it off"),
        _("Activity 7.3: a shared strategy is agreed with partners."),
    )

    class Meta:
        model = Communication
        fields = [
            "organisation",
            "kind",
            "title",
            "topic",
            "audience",
            "channel",
            "message",
            "on",
            "manipulation_risk",
            "safeguards",
            "signed_off_by",
            "signed_off_on",
            "outcome",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "topic": forms.RadioSelect,
            "manipulation_risk": forms.RadioSelect(attrs={"inline": True}),
            "message": forms.Textarea(attrs={"rows": 3}),
            "safeguards": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"owner": _("Lead")}
        error_messages = {
            "kind": {"required": _("Select what kind of communication it is")},
            "title": {"required": _("Enter a title")},
            "audience": {"required": _("Enter the audience")},
            "channel": {"required": _("Select the channel")},
            "message": {"required": _("Enter the key message")},
            "manipulation_risk": {
                "required": _("Select the risk of the message being manipulated")
            },
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, topic = data.get("kind"), data.get("topic")
        if kind == CommunicationKind.BRIEFING and not topic:
            self.add_error("topic", _("Select what the police authority was briefed on"))
        if kind and kind != CommunicationKind.BRIEFING and topic:
            self.add_error("topic", _("Only a police authority briefing has a briefing topic"))
        if data.get("manipulation_risk") == Level.HIGH and not data.get("safeguards"):
            self.add_error("safeguards", _("Say how the risk of manipulation will be reduced"))
        if data.get("signed_off_on") and not data.get("signed_off_by"):
            self.add_error("signed_off_by", _("Select the partners who signed it off"))
        return data


class ProjectForm(AreaPartnersMixin, RegisterForm):
    partner_fields = ("lead_partner",)
    own_records = {"benefits": (Benefit, "reference")}
    starts_on = GovukDateField(
        label=_("Start date"), error_messages={"required": _("Enter the start date")}
    )
    ends_on = GovukDateField(label=_("End date"), required=False)
    evaluated_on = GovukDateField(label=_("Date evaluated"), required=False)
    reported_on = GovukDateField(label=_("Date reported to the police authority"), required=False)
    benefits = forms.ModelMultipleChoiceField(
        queryset=Benefit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Benefits it delivers"),
        help_text=_("From the benefits register."),
    )

    class Meta:
        model = Project
        fields = [
            "organisation",
            "title",
            "lead_partner",
            "funding_source",
            "amount",
            "starts_on",
            "ends_on",
            "outputs",
            "evaluation_document",
            "findings",
            "evaluated_on",
            "benefits",
            "reported_on",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "lead_partner": forms.RadioSelect,
            "funding_source": forms.RadioSelect,
            "outputs": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"title": _("Project"), "owner": _("Police lead")}
        error_messages = {
            "title": {"required": _("Enter the project’s name")},
            "lead_partner": {"required": _("Select the lead partner")},
            "funding_source": {"required": _("Select the funding source")},
            "amount": {
                "required": _("Enter the amount"),
                "invalid": _("Enter the amount as a number, like 12500 or 12500.00"),
            },
            "outputs": {"required": _("Enter the project’s outputs")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        evaluated, reported = data.get("evaluated_on"), data.get("reported_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must be on or after the start date"))
        for name in ("evaluated_on", "reported_on"):
            if data.get(name) and data[name] > today():
                self.add_error(name, _("The date must be today or in the past"))
        if data.get("findings") and not evaluated:
            self.add_error("evaluated_on", _("Enter the date the project was evaluated"))
        if reported and not evaluated:
            self.add_error("reported_on", _("A project is reported once it has been evaluated"))
        elif reported and evaluated and reported < evaluated:
            self.add_error("reported_on", _("The date reported must be on or after the evaluation"))
        org = self.chosen_organisation()
        stray = [
            b.reference for b in data.get("benefits") or [] if org and b.organisation_id != org.pk
        ]
        if stray:
            self.add_error(
                "benefits",
                _("Choose benefits from %(organisation)s’s register only") % {"organisation": org},
            )
        amount = data.get("amount")
        if amount is not None and amount < 0:
            self.add_error("amount", _("The amount must be £0 or more"))
        return data


EDUCATION_TYPES = ("schools", "colleges", "higher-education")


def education_institutions(orgs: list[Organisation]) -> QuerySet[Organisation]:
    """The schools, colleges and universities among the partners of the force areas of ``orgs``."""
    return area_partners(orgs).filter(partner_type__code__in=EDUCATION_TYPES)


class PostForm(RegisterForm):
    since = GovukDateField(label=_("In post since"), required=False)
    vacant_since = GovukDateField(label=_("Vacant since"), required=False)
    institutions = partner_field(
        _("Schools, colleges and universities covered"),
        _("For an education liaison officer (activities 2.4 and 2.5)."),
    )

    class Meta:
        model = Post
        fields = [
            "organisation",
            "kind",
            "vacant",
            "vacant_since",
            "owner",
            "holder_name",
            "since",
            "institutions",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {"kind": forms.RadioSelect}
        labels = {"owner": _("Holder, if they use this service")}
        error_messages = {"kind": {"required": _("Select the post")}}

    # "Vacant since" is asked only once "vacant" is ticked, and the schools, colleges and
    # universities only of an education liaison officer (each ignored when not asked).
    reveals = (
        Reveal("vacant", ("vacant_since",)),
        Reveal("kind", ("institutions",), PostKind.EDUCATION_LIAISON.value),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        model_field(self, "institutions").queryset = education_institutions(self.organisations)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, org = data.get("kind"), self.chosen_organisation()
        holder, name = data.get("owner"), data.get("holder_name")
        if data.get("vacant"):
            if holder or name:
                self.add_error("vacant", _("A vacant post has no holder: remove the holder"))
            if not data.get("vacant_since") and "vacant_since" not in self.errors:
                self.add_error("vacant_since", _("Enter the date the post became vacant"))
        else:  # "vacant since" was hidden and is dropped (``reveals``)
            if not holder and not name:
                self.add_error(
                    "owner",
                    _("Choose the holder or enter their name, or say the post is vacant"),
                )
        if holder and name:
            self.add_error("holder_name", _("Give the holder once: as a user or by name, not both"))
        if org and kind in FORCE_ONLY and org.kind != OrganisationKind.FORCE:
            self.add_error("kind", _("The ACPO strategic lead is a post of the force"))
        if org and kind in BCU_ONLY and org.kind != OrganisationKind.BCU:
            self.add_error("kind", _("A BCU Prevent lead or deputy is a post of a BCU"))
        for name in ("since", "vacant_since"):
            when = data.get(name)
            if when and when > today():
                self.add_error(name, _("The date must be today or in the past"))
        return data

    def record(self) -> Any:
        post = super().record()
        with translation.override(None):  # stored: in the language of the data, English
            post.title = str(PostKind(post.kind).label)
        return post


class TrainingForm(RegisterForm):
    as_at = GovukDateField(
        label=_("Figures as at"), error_messages={"required": _("Enter the date of the figures")}
    )

    class Meta:
        model = Training
        fields = [
            "organisation",
            "course",
            "team",
            "team_kind",
            "establishment",
            "trained",
            "as_at",
            "impact",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "course": forms.RadioSelect,
            "team_kind": forms.RadioSelect,
            "impact": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"owner": _("Training lead")}
        error_messages = {
            "course": {"required": _("Select the course")},
            "team": {"required": _("Enter the team")},
            "team_kind": {"required": _("Select the kind of team")},
            "establishment": {
                "required": _("Enter the team’s establishment"),
                "invalid": _("Enter the establishment as a whole number"),
            },
            "trained": {
                "required": _("Enter the number trained"),
                "invalid": _("Enter the number trained as a whole number"),
            },
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        establishment, trained = data.get("establishment"), data.get("trained")
        if establishment == 0:
            self.add_error("establishment", _("The establishment must be 1 or more"))
        if establishment and trained is not None and trained > establishment:
            self.add_error("trained", _("The number trained cannot be more than the establishment"))
        as_at = data.get("as_at")
        if as_at and as_at > today():
            self.add_error("as_at", _("The date of the figures must be today or in the past"))
        return data

    def record(self) -> Any:
        row = super().record()
        with translation.override(None):  # stored: in the language of the data, English
            row.title = f"{Course(row.course).label}: {row.team}"
        return row
