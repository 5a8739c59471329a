"""Sorting and pagination for every long list, the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import HttpRequest

PER_PAGE = 25

QS = TypeVar("QS", bound=QuerySet[Any])


def sorted_by(
    request: HttpRequest,
    qs: QS,
    allowed: dict[str, str],
    default: str,
    labels: Mapping[str, Mapping[Any, Any]] | None = None,
) -> QS:
    """Order ``qs`` by the ``sort`` parameter if it names an allowed key (``-key`` reverses).

    A field with choices is ordered by the label the reader sees in the page's language, not by
    the code stored: by the field's own choices, or by ``labels[field]`` where the column shows
    other labels for the same codes."""
    key = request.GET.get("sort", default)
    descending = key.startswith("-")
    field = allowed.get(key.lstrip("-")) or allowed[default.lstrip("-")]
    if default.startswith("-") and key == default:
        descending = True
    choices = (labels or {}).get(field) or _choices(qs.model, field)
    target: Any = by_label(field, choices.items()) if choices else F(field)
    expression = target.desc(nulls_last=True) if descending else target.asc(nulls_last=True)
    return qs.order_by(expression, "pk")


def by_label(field: str, choices: Iterable[tuple[Any, Any]]) -> Case:
    """The rank of each stored code of ``field`` when its labels are put in alphabetical order
    (in the active language): one expression in the query, whatever the number of rows."""
    ranked = sorted(choices, key=lambda choice: str(choice[1]).casefold())
    return Case(
        *(When(**{field: code}, then=Value(rank)) for rank, (code, _label) in enumerate(ranked)),
        default=Value(None),
        output_field=IntegerField(),
    )


def _choices(model: Any, path: str) -> dict[Any, Any]:
    """The choices of the field at ``path`` (``"kind"``, ``"organisation__kind"``), or none for
    a field without them, or an annotation."""
    field: Any = None
    for part in path.split("__"):
        if field is not None:
            if not field.is_relation or field.related_model is None:
                return {}
            model = field.related_model
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return {}
    return dict(getattr(field, "flatchoices", None) or ())


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page[Any]:
    """The requested page; an out-of-range or malformed page number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
