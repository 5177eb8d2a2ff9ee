"""Per-IP and per-session rate limits, with `429 Too Many Requests` and `Retry-After`.

The `limits` library keeps moving-window counters in memory (one API process) or in Redis (several API
workers share one count): `VEIVISER_RATE_LIMIT_STORAGE`. The client's IP is what uvicorn reports, which
behind a trusted proxy (see `--forwarded-allow-ips`) is the address from `X-Forwarded-For`.
"""

import math
import time

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.aio.strategies import MovingWindowRateLimiter


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

    async def check_ip(self, request: Request) -> None:
        address = request.client.host if request.client else "unknown"
        await self._hit(self._per_ip, "ip", address)

    async def check_session(self, session_id: str) -> None:
        await self._hit(self._per_session, "session", session_id)

    async def _hit(self, limit: RateLimitItem, scope: str, key: str) -> None:
        if await self._limiter.hit(limit, "veiviser", scope, key):
            return
        stats = await self._limiter.get_window_stats(limit, "veiviser", scope, key)
        raise RateLimited(scope, max(1, math.ceil(stats.reset_time - time.time())))
