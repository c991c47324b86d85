"""``/api/v1/planning``: needs, gaps, scenarios and plans (:mod:`abdi.planning.api_plans`) and penyetaraan
jabatan (:mod:`abdi.planning.api_penyetaraan`)."""

from ninja import Router

router = Router(tags=["perencanaan"])
router.add_router("/penyetaraan", "abdi.planning.api_penyetaraan.router")
router.add_router("", "abdi.planning.api_plans.router")
