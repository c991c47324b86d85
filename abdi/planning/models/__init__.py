"""The planning app's tables: needs and workload analysis (:mod:`.kebutuhan`), redistribution scenarios and
their plans (:mod:`.skenario`), and the conversion of administrative posts (:mod:`.penyetaraan`)."""

from .kebutuhan import Hukdis, Kebutuhan, TugasAbk
from .penyetaraan import UsulanPenyetaraan
from .skenario import Mutasi, PersetujuanInstansi, Skenario

__all__ = ["Hukdis", "Kebutuhan", "Mutasi", "PersetujuanInstansi", "Skenario", "TugasAbk", "UsulanPenyetaraan"]
