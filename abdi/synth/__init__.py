"""Calibrated synthetic national dataset of Indonesia's civil service (pure numpy/pyarrow, no Django).

Entry point: :func:`write_dataset` (used by ``abdi synth``). Modules:

* :mod:`.refdata` — regions (from ``abdi/reference``) and the 88 central agencies;
* :mod:`.catalog` — the position catalog (``jabatan.csv``; ids ``JS-NN``, ``JF-<FAMILY>-<LEVEL>``, ``JP-NN``);
* :mod:`.calibration` — the joint fit to calibration.json and the calibration report;
* :mod:`.org` — instansi (``P001``…``P088``, ``PROV-32``, ``KAB-32.04``, ``KOTA-32.73``) and unit trees
  (``<instansi_id>-NNNNNN``);
* :mod:`.people` — the civil servants; :mod:`.names` — names and titles;
* :mod:`.skp` — SKP ratings of the reference year (``skp.csv``);
* :mod:`.competency` — competency standards and assessments (``standar_kompetensi.csv``, ``asesmen.csv``);
* :mod:`.needs` — required headcount per unit and position (``kebutuhan.csv``, with the national surpluses and
  shortages) and disciplinary sanctions (``hukdis.csv``);
* :mod:`.siasn` — the SIASN export variant and its value mapping; :mod:`.csvout` — CSV writing.
"""

from .dataset import default_year, write_dataset

__all__ = ["default_year", "write_dataset"]
