"""The one mechanism behind every list page: sort, search, filter, paginate, all in the URL.

A view describes its list once (``Listing``: the sortable columns and the expressions they
order by, the fields a search looks in, the sentence that counts the rows) and calls
``listing.apply(queryset)`` then ``listing.paginate(rows)``; the template includes
``includes/list_head.html`` (column headers with links and ``aria-sort``) and
``includes/pagination.html``. Sorting and searching happen in the database, on the
queryset the view got from its selector (already scoped by ``accounts.access``): nothing
here can widen what the user sees.

Bad parameters never fail: an unknown sort key falls back to the default order, a page that
is not a number gives the first page and one past the end the last (Django's
``Paginator.get_page``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.query import ModelIterable
from django.utils.formats import number_format

PAGE_SIZE = 50
SEARCH_MAX = 100
WINDOW = 2  # page numbers shown either side of the current one
MAX_PAGE = 10**9  # a page number beyond any list (an OFFSET past PostgreSQL's bigint fails)


@dataclass(frozen=True)
class Column:
    """A column of the table: its header and, when it sorts, the key in the URL and the
    expressions (field paths or ORM expressions) it orders by, in ascending order."""

    label: str
    key: str = ""
    order: tuple = ()
    numeric: bool = False


@dataclass
class Header:
    label: str
    numeric: bool
    url: str = ""
    aria_sort: str = ""  # "ascending", "descending" or "" (not sorted by this column)


@dataclass
class PageLink:
    number: int | None  # None: an ellipsis
    url: str = ""
    current: bool = False


@dataclass
class Listing:
    """The state of one list on a page, read from ``params`` (``request.GET``).

    ``prefix`` lets two lists share a page (``usage_sort``, ``usage_page``); ``default`` is
    the sort key (``-key`` for descending) used when the URL names none or an unknown one.
    """

    params: object
    columns: tuple[Column, ...]
    default: str
    search_fields: tuple[str, ...] = ()
    count_text: Callable[[int], str] | None = None
    prefix: str = ""
    page_size: int | None = None  # PAGE_SIZE
    tie_breaker: tuple = ("pk",)
    anchor: str = ""  # the id of the table on a page of several parts: its links lead back to it
    page: Page | None = field(default=None, init=False)

    def __post_init__(self):
        self.sortable = {column.key: column for column in self.columns if column.key}
        raw = str(self.params.get(self.param("sort"), "") or "")
        key = raw.removeprefix("-")
        if key not in self.sortable:
            raw, key = self.default, self.default.removeprefix("-")
        self.sort_key, self.descending = key, raw.startswith("-")
        self.search = str(self.params.get("q", "") or "").strip()[:SEARCH_MAX] if self.search_fields else ""

    def param(self, name: str) -> str:
        return f"{self.prefix}{name}"

    # --- the database side -------------------------------------------------------------
    def ordering(self) -> list:
        """The ``order_by`` arguments of the chosen column, then the tie breaker (stable pages)."""
        expressions = [F(e) if isinstance(e, str) else e for e in self.sortable[self.sort_key].order]
        directed = [
            e.desc(nulls_last=True) if self.descending else e.asc(nulls_first=True) for e in expressions
        ]
        return directed + [F(e).desc() if self.descending else F(e).asc() for e in self.tie_breaker]

    def search_q(self) -> Q:
        """Rows where any search field contains every word of the search."""
        words = self.search.split()
        return reduce(
            lambda q, word: (
                q & reduce(or_, (Q(**{f"{path}__icontains": word}) for path in self.search_fields))
            ),
            words,
            Q(),
        )

    def apply(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` searched and ordered as the URL asks."""
        if self.search:
            queryset = queryset.filter(self.search_q())
        return queryset.order_by(*self.ordering())

    def paginate(self, rows, shown=None, count: int | None = None) -> Page:
        """The page the URL asks for (the first for a bad number, the last past the end).

        ``shown(queryset)``, when given, adds what the page shows of each row (annotations,
        ``only``): the rows are counted without it, so its joins cost nothing to the count.
        ``count``, when the caller knows how many rows there are, saves counting them.
        """
        number, size = self.params.get(self.param("page")), self.page_size or PAGE_SIZE
        page = _counted_page(rows, shown, size, number) if count is None else None
        if page is None:
            paginator = Paginator(shown(rows) if shown else rows, size)
            if count is not None:
                paginator.__dict__["count"] = count  # Paginator.count is a cached property
            page = paginator.get_page(number)
        self.page = page
        for name in ("pages", "previous_url", "next_url"):  # worked out for this page, once
            self.__dict__.pop(name, None)
        return self.page

    # --- the URL side ------------------------------------------------------------------
    def url(self, **changes) -> str:
        """``?query`` of the current parameters with ``changes`` (None removes one)."""
        query = self.params.copy()
        for name, value in changes.items():
            name = self.param(name)
            if value is None:
                query.pop(name, None)
            else:
                query[name] = value
        encoded = query.urlencode()
        return f"?{encoded}{f'#{self.anchor}' if self.anchor else ''}"

    @property
    def headers(self) -> list[Header]:
        """One header per column: sortable ones link to sorting by them (again: reversed)."""
        headers = []
        for column in self.columns:
            header = Header(str(column.label), column.numeric)
            if column.key:
                current = column.key == self.sort_key
                reverse = not self.descending if current else False
                header.url = self.url(sort=f"-{column.key}" if reverse else column.key, page=None)
                if current:
                    header.aria_sort = "descending" if self.descending else "ascending"
            headers.append(header)
        return headers

    @property
    def count(self) -> str:
        """ "128 commitments": the number of rows found, in the user's language."""
        total = self.page.paginator.count if self.page else 0
        text = self.count_text(total) if self.count_text else "%(count)s"
        return text % {"count": number_format(total, force_grouping=True)}

    @cached_property
    def pages(self) -> list[PageLink]:
        """Links to the first, last and nearby pages, with ellipses between."""
        if not self.page or self.page.paginator.num_pages < 2:
            return []
        current, last = self.page.number, self.page.paginator.num_pages
        shown = sorted({1, last, *range(max(1, current - WINDOW), min(last, current + WINDOW) + 1)})
        links, previous = [], 0
        for number in shown:
            if number - previous > 1:
                links.append(PageLink(None))
            links.append(PageLink(number, self.url(page=number), number == current))
            previous = number
        return links

    @cached_property
    def previous_url(self) -> str:
        return (
            self.url(page=self.page.previous_page_number()) if self.page and self.page.has_previous() else ""
        )

    @cached_property
    def next_url(self) -> str:
        return self.url(page=self.page.next_page_number()) if self.page and self.page.has_next() else ""

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        """The sort of this list, to keep when a filter form is sent again."""
        sort = self.params.get(self.param("sort"))
        return [(self.param("sort"), sort)] if sort else []


def _counted_page(rows, shown, per_page: int, number) -> Page | None:
    """Page ``number`` of ``rows`` and their count in one query (the count as a scalar subquery,
    which PostgreSQL runs once), where Django's paginator counts in a query of its own first.
    None when that cannot answer: rows that are not a plain queryset of model instances
    (grouped or ``distinct`` rows count differently), or a page number below 1 or past the
    end (then ``Paginator.get_page`` chooses the page, as before, counting first)."""
    if not (
        isinstance(rows, QuerySet)
        and rows._iterable_class is ModelIterable
        and rows.query.group_by is None
        and not rows.query.distinct
        and not rows.query.combinator
        and not rows.query.is_sliced
        and not any(a.contains_aggregate or a.contains_over_clause for a in rows.query.annotations.values())
    ):
        return None
    try:
        number = _page_number(number)
    except (TypeError, ValueError):
        number = 1  # as get_page: a page that is not a number is the first
    if number < 1 or number > MAX_PAGE:
        return None
    total = rows.order_by().annotate(_n=Func(Value(1), function="COUNT", output_field=IntegerField()))
    page_rows = (shown(rows) if shown else rows).annotate(_listing_total=Subquery(total.values("_n")))
    paginator = Paginator(page_rows, per_page)
    bottom = (number - 1) * per_page
    found = list(page_rows[bottom : bottom + per_page + paginator.orphans])
    if not found and number > 1:
        return None
    count = found[0]._listing_total if found else 0
    paginator.__dict__["count"] = count  # Paginator.count is a cached property
    if number > paginator.num_pages:  # rows left over for the page before (orphans)
        return None
    if bottom + per_page + paginator.orphans < count:
        found = found[:per_page]
    return paginator._get_page(found, number, paginator)


def _page_number(number) -> int:
    """The page number as ``Paginator.validate_number`` reads it (ValueError or TypeError if none)."""
    if isinstance(number, float) and not number.is_integer():
        raise ValueError
    return int(number)


def filter_by(queryset: QuerySet, values: dict, paths: dict[str, str]) -> QuerySet:
    """Filter ``queryset`` by each value given (a form's cleaned data) along its path."""
    return queryset.filter(**{path: values[name] for name, path in paths.items() if values.get(name)})
