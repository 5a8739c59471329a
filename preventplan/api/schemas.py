from datetime import date
from typing import Any, ClassVar

from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from preventplan.lib.privacy import NAME_WITH_TITLE, check_text


class GuardedIn(Schema):
    """Base of every input schema that writes: each text field is checked for personal data
    (``lib/privacy.py``) and refused with 422 naming the field, in the same shape as every other
    validation error (``{"detail": [{"type": "personal_data", "loc": [..., field], "msg"}]}``).

    ``personal_data_allowed`` names fields not checked at all; ``person_names_allowed`` fields
    that may hold a staff member's name ("Dr Patel") but nothing else personal.
    """

    personal_data_allowed: ClassVar[set[str]] = set()
    person_names_allowed: ClassVar[set[str]] = set()

    @field_validator("*", mode="after")
    @classmethod
    def _no_personal_data(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        if name in cls.personal_data_allowed:
            return value
        allow = {NAME_WITH_TITLE} if name in cls.person_names_allowed else set()
        texts = value if isinstance(value, list | tuple | set) else [value]
        for text in texts:
            message = check_text(text, name, allow) if isinstance(text, str) else None
            if message:
                raise PydanticCustomError("personal_data", message)
        return value


class TargetDateOut(Schema):
    date: date
    label: str


class ActivityOut(Schema):
    id: int
    number: str
    objective: int
    objective_title: str
    level: str
    text: str
    other_objectives: list[int]
    suggested_timescale: str
    target_dates: list[TargetDateOut]
    recurrence: str
    delivery_partners: list[str]
    delivery_partners_text: str
    template_version: int


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    partner_type: str | None
    is_active: bool


class ErrorOut(Schema):
    detail: str
