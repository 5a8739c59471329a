"""Sorting and pagination for every long list, the same way everywhere."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.http import HttpRequest

PER_PAGE = 25
MAX_PAGE = 10**9  # beyond any list; a larger number is answered as out of range

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


def paginate_ids(request: HttpRequest, qs: QuerySet[Any], per_page: int = PER_PAGE) -> Page[Any]:
    """The requested page of ``qs``'s ids, sorted as ``qs`` is, and how many there are, in one
    query (``COUNT(*) OVER ()`` beside the ids): on a long list the count and the page would
    otherwise each make the database find every row. A page beyond the end, or a malformed
    number, is answered as :func:`paginate` answers it."""
    ids = qs.values_list("pk", flat=True)
    paginator: Paginator[Any] = Paginator(ids, per_page)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 0
    start = (number - 1) * per_page
    rows = (
        list(
            qs.annotate(_rows=Window(Count("*"))).values_list("pk", "_rows")[
                start : start + per_page
            ]
        )
        if 1 <= number <= MAX_PAGE
        else []
    )
    if not rows:
        return paginate(request, ids, per_page)
    paginator.count = rows[0][1]  # Paginator.count is a cached property: this is its value
    return Page([pk for pk, _ in rows], number, paginator)
