from datetime import date

from ninja import Schema


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
