"""The staffing-gap indicator of the agency scorecard."""

import datetime as dt

from abdi.analytics.scorecard import INDICATORS
from abdi.planning.scorecard import staffing_gap
from abdi.planning.tests.conftest import TODAY, need, person, staff


def test_staffing_gap_counts_next_years_shortfall(planners):
    indicator = next(i for i in INDICATORS if i.code == "kesenjangan_kebutuhan")
    assert indicator.compute is staffing_gap and indicator.modul == "planning"
    assert staffing_gap("KAB-X", TODAY).nilai is None  # no needs yet
    staff("X1", 2)
    person("X1", born=dt.date(TODAY.year + 1 - 60, 2, 1))  # retires next year: not counted at its end
    need("X1", "GURU-AP", 4)
    staff("X2", 3, "ADM")
    need("X2", "ADM", 1)
    v = staffing_gap("KAB-X", TODAY)
    assert (v.nilai, v.penyebut) == (2, 5)  # 4 needed, 2 projected teachers
    assert {s["label"]: s["nilai"] for s in v.seri} == {"kebutuhan": 5, "bezetting": 6,
                                                        "proyeksi akhir tahun depan": 5, "kelebihan": 2,
                                                        "kekurangan": 2}
