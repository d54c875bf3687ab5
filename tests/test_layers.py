"""How the project's modules depend on each other."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "tests", "var", "static", "locale", "docs", "node_modules"}
PACKAGES = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in SKIPPED}


def project_modules():
    for path in sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imported(module, path):
    """The dotted names ``module`` imports (``from a import b`` gives ``a`` and ``a.b``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            source = ".".join([*base, *([node.module] if node.module else [])])
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def is_url_conf(module):
    """``urls`` and ``urls_<part>`` (a part's URL conf, e.g. ``accounts.urls_people``)."""
    last = module.rpartition(".")[2]
    return last == "urls" or last.startswith("urls_")


def is_views(name):
    parts = name.split(".")
    return parts[0] in PACKAGES and (parts[-1] == "views" or parts[-1].startswith("views_"))


def test_no_module_but_a_url_conf_imports_from_a_views_module():
    offenders = [
        f"{module} imports {name}"
        for module, path in project_modules()
        if not is_url_conf(module)
        for name in imported(module, path)
        if is_views(name)
    ]
    assert offenders == []


def test_the_check_sees_relative_imports_of_views():
    path = ROOT / "reports" / "urls.py"
    assert {"reports.views", "reports.views_ministry"} <= set(imported("reports.urls", path))
