"""Coalition briefings: every section built from the portal's engines (``sections``), laid
out as a print page and a PDF (``render``), made and kept by ``services.build_briefing``.

``build_briefing`` here is the builder of prepared files of kind ``briefing``
(``reports.prepared.BUILDERS``): the all-coalitions briefing, made by the worker."""


def build_briefing(*, owner, **arguments) -> bytes:
    """Make and keep the briefing ``arguments`` describe (``services.prepared_arguments``) for
    ``owner``; answer its PDF. The kept briefing joins the owner's list."""
    from . import services

    return bytes(services.build_prepared(owner=owner, **arguments).pdf)
