"""Sorting and pagination for every long list, the same way everywhere."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest

PER_PAGE = 25

QS = TypeVar("QS", bound=QuerySet[Any])


def sorted_by(request: HttpRequest, qs: QS, allowed: dict[str, str], default: str) -> QS:
    """Order ``qs`` by the ``sort`` parameter if it names an allowed key (``-key`` reverses)."""
    key = request.GET.get("sort", default)
    descending = key.startswith("-")
    field = allowed.get(key.lstrip("-")) or allowed[default.lstrip("-")]
    if default.startswith("-") and key == default:
        descending = True
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return qs.order_by(expression, "pk")


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page[Any]:
    """The requested page; an out-of-range or malformed page number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
