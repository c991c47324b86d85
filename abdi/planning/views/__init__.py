"""Screens of the planning app: needs and gaps, scenarios and plans (:mod:`.plans`), and the conversion of
administrative posts (:mod:`.penyetaraan`)."""
