"""The refusal every feature service raises: what went wrong, its HTTP meaning and the input at fault.

``status``: 403 a step the caller may never take, 404 an object outside their reach (as if absent), 409 a step
the object's state does not allow (or a stale version), 422 invalid input; ``field`` names the input, if any.
The API turns it into CONTRACTS §7's error body in one place (``abdi.api``); screens show ``message``."""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, message: str, *, status: int = 422, field: str = ""):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field
