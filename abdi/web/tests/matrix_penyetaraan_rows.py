"""Permission-matrix rows of penyetaraan jabatan (issue 7). ``matrix_feature_rows`` adds them to the
feature tables."""

from __future__ import annotations

from abdi.web.tests.matrix import Row

PENYETARAAN_WEB: dict[str, Row] = {}
PENYETARAAN_API: dict[tuple[str, str], Row] = {}
