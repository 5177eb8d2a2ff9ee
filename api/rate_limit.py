"""Per-IP and per-session rate limits, with `429 Too Many Requests` and `Retry-After`.

The `limits` library keeps moving-window counters in memory (one API process) or in Redis (several API
workers share one count): `VEIVISER_RATE_LIMIT_STORAGE`. The client's IP is what uvicorn reports, which
behind a trusted proxy (see `--forwarded-allow-ips`) is the address from `X-Forwarded-For`.
"""

import logging
import math
import time

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.aio.strategies import MovingWindowRateLimiter


log = logging.getLogger(__name__)

#: A storage failure this recent shows in /readyz.
FAILURE_SHOWN_S = 60.0


class RateLimited(HTTPException):
    def __init__(self, scope: str, retry_after_seconds: int) -> None:
        super().__init__(429, f"Too many requests from this {scope}. Try again in {retry_after_seconds} s.",
                         headers={"Retry-After": str(retry_after_seconds)})


class RateLimiter:
    """
        limiter = RateLimiter("20/minute", "300/minute", "memory://")
        await limiter.check_ip(request)            # raises RateLimited (429) when over
        await limiter.check_session("session-1")
    """

    def __init__(self, per_session: str, per_ip: str, storage_url: str) -> None:
        self._per_session: RateLimitItem = parse(per_session)
        self._per_ip: RateLimitItem = parse(per_ip)
        # The asyncio flavour of the same storage: a Redis round trip must not block the event loop.
        # limits' async Redis storage defaults to coredis; redis-py (the `scale-out` extra) does the same job.
        options = {"implementation": "redispy"} if storage_url.startswith("redis") else {}
        self._limiter = MovingWindowRateLimiter(storage_from_string(f"async+{storage_url}", **options))
        self.failed_open = 0  # requests let through because the counter's storage failed
        self._last_failure: tuple[float, str] | None = None

    async def check_ip(self, request: Request) -> None:
        address = request.client.host if request.client else "unknown"
        await self._hit(self._per_ip, "ip", address)

    async def check_session(self, session_id: str) -> None:
        await self._hit(self._per_session, "session", session_id)

    def health(self) -> str:
        """'ok', or that the counter's storage failed within the last minute and requests go through."""
        if self._last_failure is None or time.monotonic() - self._last_failure[0] > FAILURE_SHOWN_S:
            return "ok"
        return f"storage failing ({self._last_failure[1]}); limits not applied, {self.failed_open} let through"

    async def _hit(self, limit: RateLimitItem, scope: str, key: str) -> None:
        try:
            allowed = await self._limiter.hit(limit, "veiviser", scope, key)
        except Exception as error:  # Redis down or timing out: fail open, a limit must never cost an answer
            self.failed_open += 1
            self._last_failure = (time.monotonic(), type(error).__name__)
            log.warning("rate limit storage failed (%s); letting the request through (%d so far)",
                        type(error).__name__, self.failed_open)
            return
        if allowed:
            return
        stats = await self._limiter.get_window_stats(limit, "veiviser", scope, key)
        raise RateLimited(scope, max(1, math.ceil(stats.reset_time - time.time())))
