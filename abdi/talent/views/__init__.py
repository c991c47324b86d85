"""The talent-management screens (PermenPANRB 3/2020, DOMAIN §2): the interactive 9-box grid with its members
and the admins' recompute job, a person's talent card, calibration sessions with their moves, talent pools,
and the succession board of the key positions. Every read goes through ``talent.selectors`` (and
``org.selectors``), every write through ``talent.services``; a refused step (``TalentError``) becomes a 404, a
403 or the service's message on the page it came from. Boxes travel as DOMAIN §2's canonical numbers; the
screen shows them as the rule set in force numbers them (``nomor``)."""

from abdi.talent.views.calibration import (  # noqa: F401
    committee_view,
    move,
    session,
    session_close_view,
    session_open_view,
    sessions,
)
from abdi.talent.views.grid import card, home, job, members, recompute  # noqa: F401
from abdi.talent.views.succession import (  # noqa: F401
    board,
    emergency,
    key_position,
    key_position_add_view,
    pool_create_view,
    pools,
    pools_refresh_view,
    successors_recompute_view,
)
