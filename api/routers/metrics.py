"""`/metrics` for Prometheus. With `VEIVISER_METRICS_TOKEN` set, a scraper sends it as a bearer token;
without it, only clients on this machine may read (behind nginx the forwarded address counts, so the
internet never does)."""

import hmac

from fastapi import APIRouter, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.metrics import Metrics
from veiviser.settings import LOOPBACK_HOSTS

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    settings = request.app.state.settings
    token = settings.metrics_token
    if token:
        offered = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(offered.encode(), token.encode()):
            raise HTTPException(401, "send VEIVISER_METRICS_TOKEN as 'Authorization: Bearer <token>'")
    elif (request.client.host if request.client else "") not in LOOPBACK_HOSTS:
        raise HTTPException(403, "metrics are for this machine only; set VEIVISER_METRICS_TOKEN to scrape "
                                 "from elsewhere")
    exported: Metrics = request.app.state.metrics
    return Response(exported.exposition(), media_type=CONTENT_TYPE_LATEST)
