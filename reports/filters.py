"""The one filter form of dashboards and exports: coalition, country, category, period range.

It lives in the URL (GET parameters) so every view and file can be bookmarked.
"""

import datetime
from functools import cache

from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.access import Scope
from coalitions.models import Category, Commitment, Country
from config.forms import WIDGET_CLASSES

from . import periods

FIRST_YEAR = 2022
FIELDS = ("coalition", "country", "category", "period_from", "period_to")


def quarter_choices() -> list[tuple[str, str]]:
    """The quarters the period range offers: from ``FIRST_YEAR`` to two years ahead."""
    labels = periods.quarter_labels(FIRST_YEAR, datetime.date.today().year + 2)
    return [("", "—")] + [(label, label) for label in labels]


class FilterSelect(forms.Select):
    """A ``<select>`` written here: the filter form is on every figures and export page, and its
    ~120 options took ~5 ms through Django's widget templates (this takes ~0.5 ms). Also the
    commitment list's filters and a report's line forms (``SELECT``)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


# ``FilterSelect`` with the class the form renderer gives every select (which a select written
# here does not go through): the commitment list's filters and a report's line forms.
SELECT = FilterSelect(attrs={"class": WIDGET_CLASSES["select"]})


def _choices(pairs):
    return [("", _("All"))] + list(pairs)


class FigureFilters(forms.Form):
    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=None, required=False, to_field_name="slug", widget=FilterSelect
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=None, required=False, to_field_name="code", widget=FilterSelect
    )
    category = forms.ChoiceField(label=_("Capability category"), required=False, widget=FilterSelect)
    period_from = forms.ChoiceField(label=_("From quarter"), required=False, widget=FilterSelect)
    period_to = forms.ChoiceField(label=_("To quarter"), required=False, widget=FilterSelect)

    def __init__(self, user, data=None):
        data = {key: data.get(key, "") for key in FIELDS} if data is not None else {}
        super().__init__(data)
        self.user = user
        coalitions = access.coalitions_for(user)
        visible = Commitment.objects.for_user(user).values("country_id")
        countries = Country.objects.filter(id__in=visible)
        self.fields["coalition"].queryset = coalitions
        self.fields["country"].queryset = countries
        # options as plain (value, name) pairs: no model instances; read once, when first shown
        self.fields["coalition"].choices = cache(lambda: _choices(coalitions.values_list("slug", "name")))
        self.fields["country"].choices = cache(
            lambda: _choices((str(code), name) for code, name in countries.values_list("code", "name"))
        )
        self.fields["category"].choices = _choices(Category.choices)
        self.fields["period_from"].choices = quarter_choices()
        self.fields["period_to"].choices = quarter_choices()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and periods.quarter_index(start) > periods.quarter_index(end):
            raise forms.ValidationError(_("The first quarter must not come after the last one."))
        return data

    @property
    def values(self):
        """The valid filters (none when the form has errors), as cleaned values."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}

    def query_string(self):
        """The valid filters as URL parameters, to carry into links."""
        params = []
        for key, value in self.values.items():
            raw = value.slug if key == "coalition" else value.code if key == "country" else value
            params.append(f"{key}={raw}")
        return "&".join(params)

    def scope_label(self):
        """A short word for file names: the coalition and country, or ``all``."""
        values = self.values
        parts = [values["coalition"].slug] if "coalition" in values else []
        parts += [str(values["country"].code).lower()] if "country" in values else []
        return "-".join(parts) or "all"

    def apply(self, queryset: QuerySet, scope: Scope | None = None, *, since_start: bool = True) -> QuerySet:
        """Filter ``queryset`` along the paths of ``scope``: by default the ``scope`` its model
        declares, or for a model without one its own ``coalition`` and ``country`` fields. A
        filter whose path the scope leaves out does not apply to that model.

        ``since_start=False`` keeps the rows up to the end of the period range, from its
        start or before (the measures counted "as at the end of the range")."""
        values = self.values
        scope = scope or getattr(queryset.model, "scope", None) or Scope()
        paths = {"coalition": scope.coalition, "country": scope.country, "category": scope.category}
        queryset = queryset.filter(
            **{path: values[name] for name, path in paths.items() if path and name in values}
        )
        if scope.day:
            return queryset.filter(self.date_range(scope.day, since_start=since_start))
        if scope.quarter:
            return self._quarter_range(queryset, *scope.quarter)
        return queryset

    def range_start(self) -> datetime.date | None:
        """The first day of the period range, or None when it has no start."""
        start = self.values.get("period_from")
        return periods.quarter_start(periods.quarter_index(start)) if start else None

    def date_range(self, path: str, *, since_start: bool = True) -> Q:
        """Rows whose date at ``path`` lies in the period range (or, ``since_start=False``,
        on or before its end)."""
        values, q = self.values, Q()
        if since_start and "period_from" in values:
            q &= Q(**{f"{path}__gte": periods.quarter_start(periods.quarter_index(values["period_from"]))})
        if "period_to" in values:
            q &= Q(**{f"{path}__lt": periods.quarter_start(periods.quarter_index(values["period_to"]) + 1)})
        return q

    def _quarter_range(self, queryset: QuerySet, year: str, quarter: str) -> QuerySet:
        """Rows carrying a year and a quarter number (needs) in the period range."""
        values = queryset.alias(_quarter=periods.quarter_index_sql(year, quarter))
        if "period_from" in self.values:
            values = values.filter(_quarter__gte=periods.quarter_index(self.values["period_from"]))
        if "period_to" in self.values:
            values = values.filter(_quarter__lte=periods.quarter_index(self.values["period_to"]))
        return values
