"""Page-numbered pagination for every list endpoint: count, next/previous links, items."""

from collections.abc import Callable
from typing import Annotated, Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

# Database ids fit in a signed 64-bit integer; anything bigger cannot name a record.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        next: str | None
        previous: str | None
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        count = queryset.count()
        items = list(queryset[offset : offset + pagination.page_size])

        def link(page: int) -> str:
            query = request.GET.copy()
            query["page"] = str(page)
            return request.build_absolute_uri(request.path + "?" + query.urlencode())

        return {
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "next": link(pagination.page + 1) if offset + pagination.page_size < count else None,
            "previous": link(pagination.page - 1) if pagination.page > 1 else None,
            "items": items,
        }


class Mapped:
    """A queryset whose slices come back mapped to dicts, so pagination stays in the database."""

    def __init__(self, qs: QuerySet[Any], fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.fn(obj) for obj in self.qs[index]]


class Recorded(Mapped):
    """Mapped, calling ``shown(records)`` with each page's records before it is answered (to
    record the consultations the page is, DPA 2018 s.62)."""

    def __init__(self, qs: QuerySet[Any], fn: Any, shown: Callable[[list[Any]], Any]) -> None:
        super().__init__(qs, fn)
        self.shown = shown

    def __getitem__(self, index: slice) -> list[Any]:
        objs = list(self.qs[index])
        self.shown(objs)
        return [self.fn(obj) for obj in objs]
