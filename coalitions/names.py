"""Reading translated reference-data names where SQL reads them, not the model attribute.

``Country``, ``Coalition`` and ``Capability`` keep each translated field in one column per
language (``name_en``, ``name_uk``; see ``coalitions/translation.py``). The model attribute
already answers in the active language; queries that select names through joins or raw SQL
use these helpers, so pages, charts and exports speak the user's language. A name missing in
the active language falls back to the untranslated column (English), as the attribute does.
"""

from types import SimpleNamespace

from django.db.models import F
from django.db.models.functions import Coalesce
from modeltranslation.utils import build_localized_fieldname, get_language, get_translation_fields


def localized(field: str) -> str:
    """The active language's column (or ORM path) of a translated field: ``name`` → ``name_uk``,
    ``capability__name`` → ``capability__name_uk``."""
    return build_localized_fieldname(field, get_language())


def localized_f(path: str):
    """An ORM expression for a translated field in the active language, English when missing."""
    return Coalesce(F(localized(path)), F(path))


def localized_sql(table: str, field: str = "name") -> str:
    """SQL for a translated column of ``table`` (an alias) in the active language."""
    return f"COALESCE({table}.{localized(field)}, {table}.{field})"


def translation_columns(path: str) -> dict[str, F]:
    """Annotations that read every language's column of the translated field at ``path``
    (``country__name`` → ``country_name_en=F("country__name_en")``, …), for ``translated``:
    a list that shows names reads them with its rows, without a model instance per name."""
    prefix, _, field = path.rpartition("__")
    return {f"{prefix}_{column}": F(f"{prefix}__{column}") for column in get_translation_fields(field)}


def translated(row, path: str, model) -> str:
    """The translated field at ``path`` of a ``row`` read with ``translation_columns(path)``,
    exactly as the attribute of ``model`` reads it: the active language, then its fallbacks
    (django-modeltranslation's own descriptor does the choosing)."""
    prefix, _, field = path.rpartition("__")
    columns = SimpleNamespace(
        **{column: getattr(row, f"{prefix}_{column}") for column in get_translation_fields(field)}
    )
    return getattr(model, field).__get__(columns, model)
