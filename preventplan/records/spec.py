"""A register described as data. One :class:`RegisterSpec` per register drives its list page
(filters, sorting, pagination), detail page, add and change forms, CSV and Excel exports, audit
events and API (list, detail, create, update with a version check): see ``views.py``,
``exports.py`` and ``api.py``. A new register costs a model, a form and a spec.

Columns and facts are :class:`Column` values, or simply a model field's name: its label is the
field's verbose name and its value the field's display value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.organisations.models import Role
from preventplan.records.access import Policy

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django_stubs_ext import StrOrPromise


def source_text(text: StrOrPromise) -> str:
    """The English a label was written in, whatever the page's language (a translatable label
    that becomes a key, such as a sort key in a URL, must not change with the language)."""
    if isinstance(text, Promise):
        with translation.override(None):
            return str(text)
    return text


@dataclass(frozen=True)
class Column:
    """One column of the list and the exports, or one row of the detail page's summary.

    ``value`` is an attribute path (``"owner.full_name"``, ``"get_kind_display"``; a callable at
    the end is called) or a function of the record. ``sort`` is the ORM expression the list may
    be sorted by (the URL uses ``key``); ``sort_labels`` are the labels the column shows for the
    codes of a field with choices, when they are not the field's own (the list is sorted by
    them)."""

    label: StrOrPromise  # gettext_lazy("Owner")
    value: str | Callable[[Any], Any]
    sort: str | None = None
    key: str = ""
    sort_labels: Mapping[str, StrOrPromise] | None = None
    numeric: bool = False
    secondary: str | Callable[[Any], Any] | None = None  # a second, smaller line on the page
    tag: Callable[[Any], str] | None = None  # shown as a GOV.UK tag with this class
    text: bool = False  # long text: line breaks kept on the page
    page: bool = True
    export: bool = True

    @property
    def sort_key(self) -> str:
        if self.key:
            return self.key
        return self.value if isinstance(self.value, str) else source_text(self.label).lower()


def resolve(record: Any, path: str | Callable[[Any], Any]) -> Any:
    """The value at ``path`` on ``record`` (calling what is callable), or the function's result."""
    if callable(path):
        return path(record)
    value = record
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    if isinstance(value, models.Manager):
        return [str(v) for v in value.all()]
    return value


def field_column(model: type[models.Model], name: str, **options: Any) -> Column:
    """A column for a model field: its verbose name, its display value, sortable by itself."""
    f = model._meta.get_field(name)
    label = str(getattr(f, "verbose_name", name))
    label = label[:1].upper() + label[1:]
    value = f"get_{name}_display" if getattr(f, "choices", None) else name
    text = isinstance(f, models.TextField)
    sortable = f.concrete and not f.many_to_many and not text
    defaults: dict[str, Any] = {
        "sort": (f"{name}__name" if f.is_relation else name) if sortable else None,
        "key": name,
        "numeric": isinstance(f, models.IntegerField | models.DecimalField | models.FloatField),
        "text": text,
    }
    return Column(label, value, **(defaults | options))


@dataclass(frozen=True)
class Retention:
    """Records of a register that come up for retention review ``months`` after ``clock`` (a date
    or date-time field), among those ``when`` selects. The period is a default: a retention rule
    of the same ``record_type`` (housekeeping) overrides it."""

    record_type: str  # "programme.risk": unique across the product, kept in the decisions
    label: str  # "Closed risks" (may be a lazy translation)
    months: int
    when: Q
    clock: str
    basis: str  # "Counted from when the risk was closed (its last change)."
    reviewer: str = Role.FORCE_LEAD  # the role that reviews them, in their organisations


def closed_records(
    model: type[models.Model], months: int = 72, label: StrOrPromise = ""
) -> tuple[Retention, ...]:
    """The usual rule for a register's records: closed ones come up for review ``months`` after
    they closed (their last change), six years by default, as plans do. ``label`` may be a
    lazy translation ("Closed training coverage records")."""
    meta = model._meta
    return (
        Retention(
            f"{meta.app_label}.{meta.model_name}",
            cast(str, label) if label else _closed_label(meta.verbose_name_plural),
            months=months,
            when=Q(status="closed"),
            clock="updated_at",
            basis=_closed_basis(meta.verbose_name),
        ),
    )


# Worked out when shown, in the page's language (the model's names may be translatable too).
_closed_label = lazy(lambda plural: gettext("Closed %(records)s") % {"records": plural}, str)
_closed_basis = lazy(
    lambda noun: (
        gettext("Counted from when the %(record)s was closed (its last change).") % {"record": noun}
    ),
    str,
)


_REGISTRY: list[RegisterSpec] = []
# The usual wording of "overdue" (a register may say otherwise).
OVERDUE_ADJECTIVE = _("open")
OVERDUE_FILTER = _("Only those overdue for review")


def all_registers() -> list[RegisterSpec]:
    """Every register in the product: each app's ``registers`` module declares its specs."""
    autodiscover_modules("registers")
    return list(_REGISTRY)


@dataclass(frozen=True)
class RegisterSpec:
    """Everything that makes one register different from another."""

    model: type[Any]  # a register model: has ``policy`` and a ``visible_to`` queryset
    form: type[Any]  # a RegisterForm: takes ``organisations=`` and has record() and many()
    namespace: str  # URL namespace: "programme" → programme:risk-list
    name: str  # URL name prefix and API operation suffix: "risk"
    path: str  # URL and API path: "risks"
    noun: StrOrPromise  # "risk" (sentences say "Add a risk")
    plural: StrOrPromise
    title: StrOrPromise
    intro: StrOrPromise
    columns: tuple[Column | str, ...]
    facts: tuple[Column | str, ...] = ()
    search: tuple[str, ...] = ("reference", "title")
    filters: tuple[str, ...] = ()  # choice fields offered as filters
    # A filter's label when its field has no verbose name of its own to translate: {"category":
    # gettext_lazy("Category")}; otherwise the field's verbose name.
    filter_labels: dict[str, StrOrPromise] = field(default_factory=dict)
    default_sort: str = "reference"
    statuses: tuple[tuple[str, StrOrPromise], ...] = (("open", _("Open")), ("closed", _("Closed")))
    default_status: str = "open"
    overdue: Callable[[date], Q] | None = None  # records overdue for review on a day
    # "2 open risks are overdue for review. Show them"; the filter "Only those overdue for review"
    overdue_adjective: StrOrPromise = OVERDUE_ADJECTIVE
    overdue_verbs: tuple[StrOrPromise, StrOrPromise] = (
        _("is overdue for review"),
        _("are overdue for review"),
    )
    overdue_filter: StrOrPromise = OVERDUE_FILTER
    # Whole sentences with the number, so that a language which does not count the English way
    # (Welsh has four plural forms) reads naturally; without them the words above are put
    # together in English order. Both are ``ngettext_lazy(singular, plural, "count")``:
    # counted: "%(count)s risk" / "%(count)s risks" (the list's caption, the export's title);
    # overdue_counted: "%(count)s open risk is overdue for review" / "… risks are …".
    counted: Any = None
    overdue_counted: Any = None
    select_related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    tabs: tuple[tuple[str, StrOrPromise], ...] = ()  # a sub-navigation: (URL name, label)
    list_template: str = "records/list.html"
    detail_template: str = "records/detail.html"
    summary_template: str = ""  # shown above the list's filters (charts, heat maps)
    list_context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    detail_context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    annotate: dict[str, Any] = field(default_factory=dict)  # for columns sorted by expressions
    # A register whose every reading is recorded (case reviews): ``consult(request, record,
    # page)`` runs before the detail and change pages show a record, and may answer instead (to
    # ask why it is being opened); ``shown(request, records)`` runs with each list page's records.
    consult: Callable[[HttpRequest, Any, str], HttpResponse | None] | None = None
    shown: Callable[[HttpRequest, list[Any]], None] | None = None
    # Records that can hold personal data: every reading, on the pages and through the API, is a
    # recorded consultation (``records.reads``). Readings through sharing are recorded whatever
    # this says (``Policy.read_through_sharing``).
    reads_recorded: bool = False
    api_tag: str = ""
    api_extra: dict[str, tuple[Any, str | Callable[[Any], Any]]] = field(default_factory=dict)
    api_names: dict[str, str] = field(default_factory=dict)  # field → name in the API
    api: bool = True  # has API endpoints (cases do not: a case is read only with a reason)
    # When its records come up for retention review (MOPI), if ever: see records/retention.py
    retention: tuple[Retention, ...] = ()

    def __post_init__(self) -> None:
        _REGISTRY.append(self)

    # -- derived --------------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        return self.model.policy

    @property
    def has_overdue(self) -> bool:  # templates call callables, so they ask this instead
        return self.overdue is not None

    @property
    def event_prefix(self) -> str:
        return self.model._meta.model_name or self.name

    def choices(self, name: str) -> list[tuple[str, str]]:
        """The choices of one of the model's fields."""
        return list(self.model._meta.get_field(name).choices or ())

    def label(self, name: str) -> str:
        if name in self.filter_labels:
            return str(self.filter_labels[name])
        return str(self.model._meta.get_field(name).verbose_name).capitalize()

    def count_text(self, count: int) -> str:
        """ "3 risks": how many records, in words."""
        if self.counted is not None:
            return str(self.counted % {"count": count})
        records = self.noun if count == 1 else self.plural
        return gettext("%(count)s %(records)s") % {"count": count, "records": records}

    def overdue_text(self, count: int) -> str:
        """ "2 open risks are overdue for review" (no full stop)."""
        if self.overdue_counted is not None:
            return str(self.overdue_counted % {"count": count})
        return gettext("%(count)s %(adjective)s %(records)s %(verb)s") % {
            "count": count,
            "adjective": self.overdue_adjective,
            "records": self.noun if count == 1 else self.plural,
            "verb": self.overdue_verbs[0] if count == 1 else self.overdue_verbs[1],
        }

    def column(self, c: Column | str) -> Column:
        return c if isinstance(c, Column) else field_column(self.model, c)

    @property
    def list_columns(self) -> list[Column]:
        return [self.column(c) for c in self.columns]

    @property
    def fact_rows(self) -> list[Column]:
        return [self.column(c) for c in self.facts]

    @property
    def a_noun(self) -> str:
        """The noun with its article: "a risk", "an impact assessment" (Welsh has no "a")."""
        if source_text(self.noun)[:1].lower() in "aeiou":
            return gettext("an %(noun)s") % {"noun": self.noun}
        return gettext("a %(noun)s") % {"noun": self.noun}

    @property
    def sorts(self) -> dict[str, str]:
        return {c.sort_key: c.sort for c in self.list_columns if c.sort}

    @property
    def sort_labels(self) -> dict[str, Mapping[str, StrOrPromise]]:
        return {c.sort: c.sort_labels for c in self.list_columns if c.sort and c.sort_labels}

    def url(self, view: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{self.name}-{view}", args=list(args))

    def url_name(self, view: str) -> str:
        return f"{self.namespace}:{self.name}-{view}"
