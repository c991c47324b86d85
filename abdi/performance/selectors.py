"""Reads of the performance app: the predikat matrix in force for a year, and ratings with their predikat
computed by the database from that matrix (an ORM ``Case``), so files and screens are current right after a
load or a rule change."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from abdi.core.rulesets import Rules, rules_in_force
from abdi.performance import rules
from abdi.performance.models import SkpRating


def matrix_in_force(tahun: int) -> Rules:
    """The ``skp.predikat`` rule set in force on 31 December of ``tahun`` (validated)."""
    matrix = rules_in_force("skp.predikat", dt.date(tahun, 12, 31))
    rules.validate_matrix(matrix.data)
    return matrix


def predikat_expression(matrix) -> Case:
    return Case(*[When(Q(rating_hasil_kerja=h, rating_perilaku_kerja=p), then=Value(rules.predikat(h, p, matrix)))
                  for h in rules.RATINGS for p in rules.RATINGS], output_field=CharField())


def ratings_with_predikat(tahun: int, qs: QuerySet | None = None) -> QuerySet:
    """``SkpRating`` rows of ``tahun`` annotated with ``predikat`` (the code) under the matrix in force."""
    qs = qs if qs is not None else SkpRating.objects.all()
    return qs.filter(tahun=tahun).annotate(predikat=predikat_expression(matrix_in_force(tahun).data))
