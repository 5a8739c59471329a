"""The abstract register record: what every register's rows have in common (an owning
organisation, a reference, an owner, a marking, a review date, a status and a version).

Which records a person sees, and who may change them, is the model's ``policy``
(:mod:`preventplan.records.access`); ``Model.objects.visible_to(user)`` applies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import today
from preventplan.lib.marking import Marking
from preventplan.records.access import ORGANISATION_POLICY, Policy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from preventplan.accounts.models import User
    from preventplan.organisations.models import Organisation


class RecordStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RegisterQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User | AnonymousUser) -> RegisterQuerySet:
        """The records this user may read, under the model's policy."""
        return self.model.policy.visible(self, user)


class RegisterRecord(models.Model):
    """What every register record has: an owning organisation, a reference, an owner, a marking,
    a review date, a status and a version."""

    REFERENCE_PREFIX = "X"
    policy: ClassVar[Policy] = ORGANISATION_POLICY

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=20, editable=False)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person accountable for it."),
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = models.CharField(
        max_length=10, choices=RecordStatus.choices, default=RecordStatus.OPEN
    )
    review_on = models.DateField(_("next review date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def review_overdue(self) -> bool:
        return self.status == RecordStatus.OPEN and self.review_on < today()

    @classmethod
    def next_reference(cls, organisation: Organisation) -> str:
        """The next free reference in the organisation's register: R-001, R-002, …"""
        taken = set(
            cls._default_manager.filter(organisation=organisation).values_list(
                "reference", flat=True
            )
        )
        n = len(taken) + 1
        while f"{cls.REFERENCE_PREFIX}-{n:03d}" in taken:
            n += 1
        return f"{cls.REFERENCE_PREFIX}-{n:03d}"
