"""Permission-matrix rows of the planning app (issue 7): needs, gaps, scenarios and plans, and penyetaraan
jabatan. ``matrix_feature_rows`` adds them to the feature tables."""

from __future__ import annotations

from abdi.web.tests.matrix import Row

PLANNING_WEB: dict[str, Row] = {}
PLANNING_API: dict[tuple[str, str], Row] = {}
