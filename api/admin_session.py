"""The editors' login session: a signed, expiring cookie naming the account and its role, never a secret.

Standard-library HMAC rather than a session library: the cookie is one id, one expiry, the account and a
signature, and `itsdangerous` (Starlette's choice) is not among our locked dependencies. The signing key is
derived from the admin token, so changing the token ends every session; logging out ends one: its id is kept
in the database every API worker shares (`EndedSessions`) until the cookie would have expired anyway, so the
logout holds on every worker. The role in the cookie is what it
was at login; a disabled account is refused on its next request (the router looks it up each time).
"""

import base64
import hashlib
import hmac
import secrets
import time
from typing import Final, cast

from veiviser.editorial.accounts import ROLES, Account, Role
from veiviser.editorial.ended_sessions import EndedSessions

#: How long a login lasts.
SESSION_SECONDS: Final = 8 * 3600
#: The account a login with the shared admin token acts as: break-glass, not for daily work.
BREAK_GLASS: Final = Account("break-glass", "admin")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class AdminSessions:
    """
        sessions = AdminSessions("the-admin-token", EndedSessions("sqlite:///var/veiviser.db"))
        cookie = sessions.issue(Account("kari", "editor"))
        sessions.current(cookie)   # -> Account("kari", "editor") until it expires or is ended
        sessions.end(cookie)
    """

    def __init__(self, admin_token: str, ended: EndedSessions, lifetime_s: int = SESSION_SECONDS) -> None:
        self._key = hashlib.sha256(f"veiviser-admin-session|{admin_token}".encode()).digest()
        self.lifetime_s = lifetime_s
        self._ended = ended

    def _signature(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def issue(self, account: Account = BREAK_GLASS, now: float | None = None) -> str:
        expires = int((now or time.time()) + self.lifetime_s)
        payload = f"{secrets.token_urlsafe(16)}.{expires}.{_b64(account.username.encode())}.{account.role}"
        return f"{payload}.{self._signature(payload)}"

    def _parse(self, cookie: str, now: float) -> tuple[str, float, Account] | None:
        parts = cookie.split(".")
        if len(parts) != 5:
            return None
        session_id, expires, name, role, signature = parts
        if not (session_id and expires.isdigit() and role in ROLES and signature):
            return None
        if not hmac.compare_digest(signature, self._signature(".".join(parts[:4]))):
            return None
        if float(expires) <= now:
            return None
        return session_id, float(expires), Account(_unb64(name).decode(), cast(Role, role))

    def current(self, cookie: str | None, now: float | None = None) -> Account | None:
        """The signed-in account, or None for no, a forged, an expired or an ended session."""
        if not cookie:
            return None
        parsed = self._parse(cookie, now or time.time())
        return parsed[2] if parsed is not None and not self._ended.is_ended(parsed[0]) else None

    def valid(self, cookie: str | None, now: float | None = None) -> bool:
        return self.current(cookie, now) is not None

    def end(self, cookie: str | None, now: float | None = None) -> None:
        moment = now or time.time()
        parsed = self._parse(cookie or "", moment)
        if parsed is not None:
            self._ended.end(parsed[0], parsed[1], moment)
