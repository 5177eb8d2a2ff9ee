"""Conversation ids the server issues: 128 random bits and an HMAC signature, so that only ids this service
handed out reach a conversation. A made-up or guessed id ("user-1", someone else's id with one letter
changed) is refused before it can read or change anyone's status.

Signed rather than stored: every API replica that shares the key accepts the ids the others issued, with no
shared table to keep. The key is `VEIVISER_SESSION_SECRET` when set (several hosts), otherwise a random key
created once in the data directory (one host: restarts keep conversations going).
"""

import base64
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

#: Bytes of randomness in an id (128 bits) and of the signature kept (128 of HMAC-SHA256's 256 bits).
RANDOM_BYTES: Final = 16
SIGNATURE_BYTES: Final = 16
KEY_FILE: Final = "session-key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class ChatSessionIds:
    """
        ids = ChatSessionIds(b"a key of 32 random bytes ........")
        session = ids.issue()      # 'pX0...Q.k9T...w' (45 characters)
        ids.valid(session)         # -> True
        ids.valid("user-1")        # -> False
    """

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the session key needs at least 16 bytes")
        self._key = hashlib.sha256(b"veiviser-chat-session|" + key).digest()

    def _signature(self, token: str) -> str:
        return _b64(hmac.new(self._key, token.encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES])

    def issue(self) -> str:
        token = _b64(secrets.token_bytes(RANDOM_BYTES))
        return f"{token}.{self._signature(token)}"

    def valid(self, session_id: str) -> bool:
        token, dot, signature = session_id.partition(".")
        return bool(token and dot and signature) and hmac.compare_digest(signature, self._signature(token))


def session_key(secret: str | None, data_dir: Path) -> bytes:
    """The configured secret, or the data directory's own key, created with owner-only access on first use.
    The new key is written beside and then hard-linked into place, which fails if another process got there
    first: both then use the key that was linked first."""
    if secret:
        return secret.encode()
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = data_dir / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(32))
        try:
            os.link(staging, path)
            log.info("a new key for conversation ids was written to %s", path)
        except FileExistsError:
            pass
        finally:
            staging.unlink()
    key = path.read_bytes()
    if len(key) < 16:
        raise ValueError(f"{path} holds no usable key ({len(key)} bytes): delete it to have a new one made, "
                         "which ends the conversations in progress")
    return key
