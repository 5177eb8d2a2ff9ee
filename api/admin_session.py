"""The editors' login session: a signed, expiring cookie that never holds the admin token itself.

Standard-library HMAC rather than a session library: the cookie is one id, one expiry and one signature,
and `itsdangerous` (Starlette's choice) is not among our locked dependencies. The signing key is derived
from the admin token, so changing the token ends every session; logging out ends one (ids of ended
sessions are kept in this process until they would have expired anyway).
"""

import base64
import hashlib
import hmac
import secrets
import threading
import time
from typing import Final

#: How long a login lasts.
SESSION_SECONDS: Final = 8 * 3600


class AdminSessions:
    """
        sessions = AdminSessions("the-admin-token")
        cookie = sessions.issue()
        sessions.valid(cookie)   # -> True until it expires or is ended
        sessions.end(cookie)
    """

    def __init__(self, admin_token: str, lifetime_s: int = SESSION_SECONDS) -> None:
        self._key = hashlib.sha256(f"veiviser-admin-session|{admin_token}".encode()).digest()
        self.lifetime_s = lifetime_s
        self._ended: dict[str, float] = {}  # session id -> its expiry
        self._lock = threading.Lock()

    def _signature(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def issue(self, now: float | None = None) -> str:
        expires = int((now or time.time()) + self.lifetime_s)
        payload = f"{secrets.token_urlsafe(16)}.{expires}"
        return f"{payload}.{self._signature(payload)}"

    def _parse(self, cookie: str, now: float) -> tuple[str, float] | None:
        session_id, _, rest = cookie.partition(".")
        expires, _, signature = rest.partition(".")
        if not (session_id and expires.isdigit() and signature):
            return None
        if not hmac.compare_digest(signature, self._signature(f"{session_id}.{expires}")):
            return None
        return (session_id, float(expires)) if float(expires) > now else None

    def valid(self, cookie: str | None, now: float | None = None) -> bool:
        if not cookie:
            return False
        parsed = self._parse(cookie, now or time.time())
        with self._lock:
            return parsed is not None and parsed[0] not in self._ended

    def end(self, cookie: str | None, now: float | None = None) -> None:
        moment = now or time.time()
        parsed = self._parse(cookie or "", moment)
        with self._lock:
            self._ended = {sid: expiry for sid, expiry in self._ended.items() if expiry > moment}
            if parsed is not None:
                self._ended[parsed[0]] = parsed[1]
