"""Coalition briefings: every section built from the portal's engines (``sections``), laid
out as a print page and a PDF (``render``), made and kept by ``services.build_briefing``."""
