"""DESIGN "Allowed dependencies", enforced: which app may import which, and that no domain module imports an
``api``, ``views`` or ``web`` module. Tests are exempt (they build worlds across apps)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the abdi package
# app -> apps it may import (besides itself); feature apps come with their issues
ALLOWED = {
    "core": set(),
    "org": {"core"},
    "people": {"org", "core"},
    "accounts": {"org", "people", "core"},
    "analytics": {"people", "org", "core"},  # feature apps: each other only via selectors/services
    "performance": {"people", "org", "core", "analytics"},
    "competency": {"people", "org", "core"},
    "talent": {"people", "org", "core", "analytics", "performance", "competency"},
    "planning": {"people", "org", "core", "analytics", "competency"},
    "synth": {"reference"},
    "reference": set(),
}
SHARED = {"reference", "synth", "settings", "celery"}  # pure modules, data and configuration any app may use
UI_MODULES = {"api", "views", "urls", "web"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _module_files(app: str):
    for path in (ROOT / app).rglob("*.py"):
        rel = path.relative_to(ROOT / app)
        if rel.parts[0] in ("tests", "migrations"):
            continue
        yield path, rel


def test_apps_import_only_what_design_allows():
    broken = []
    for app, allowed in ALLOWED.items():
        for path, rel in _module_files(app):
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] != "abdi" or len(parts) < 2:
                    continue
                target = parts[1]
                if target == app or target in SHARED:
                    continue
                if target == "api" and rel.stem in UI_MODULES | {"api_org"}:
                    continue
                # the synthetic dataset uses the pure rule modules (code lists, default standards): no Django
                pure_rules = app == "synth" and parts[-1] == "rules"
                if target not in allowed and not pure_rules:
                    broken.append(f"abdi/{app}/{rel} imports {module}")
    assert not broken, "\n".join(broken)


def test_rule_modules_are_pure():
    """``<app>/rules.py`` imports no Django (DESIGN: pure modules), so the synthetic dataset may use them."""
    broken = [f"abdi/{p.parent.name}/rules.py imports {m}" for p in ROOT.glob("*/rules.py") for m in _imports(p)
              if m.split(".")[0] == "django" or (m.startswith("abdi.") and not m.endswith(".rules"))]
    assert not broken, "\n".join(broken)


def test_domain_modules_import_no_ui_module():
    broken = []
    for app in ALLOWED:
        for path, rel in _module_files(app):
            if (rel.stem in UI_MODULES or rel.stem.startswith("api_")
                    or rel.parts[0] in ("management", "templatetags", *UI_MODULES)):  # a views/ package
                continue
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] == "abdi" and (parts[-1] in UI_MODULES or (len(parts) > 1 and parts[1] == "web")):
                    broken.append(f"abdi/{app}/{rel} imports {module}")
    assert not broken, "\n".join(broken)


FEATURE_APPS = {"analytics", "performance", "competency", "talent", "planning"}
# the modules of another feature app a feature app may import (DESIGN: "each other only through the other app's
# selectors.py / services.py, never its models directly"); pure rule modules and the engine are data, no models
FEATURE_ENTRY = {"selectors", "services", "rules", "scorecard"}


def test_feature_apps_use_each_other_through_selectors_and_services():
    broken = []
    for app in FEATURE_APPS:
        for path, rel in _module_files(app):
            for module in _imports(path):
                parts = module.split(".")
                if len(parts) < 3 or parts[0] != "abdi" or parts[1] == app or parts[1] not in FEATURE_APPS:
                    continue
                if parts[2] not in FEATURE_ENTRY:
                    broken.append(f"abdi/{app}/{rel} imports {module}")
    assert not broken, "\n".join(broken)
