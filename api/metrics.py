"""Prometheus metrics (prometheus_client): request latency per route, what the chat answered per language,
knowledge reloads and their errors, and statistics writes given up.

Labels hold route templates, status codes, language codes and reply kinds only: never a raw path, a question
or any other text a user typed. Each app has its own registry (tests start several apps in one process).
"""

import time
from collections.abc import Iterable, Iterator
from typing import Final

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message as Message_, Receive, Scope, Send

from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.messages import Message
from veiviser.retrieval.live import LiveSearch
from veiviser.storage.background import BackgroundWriter

#: Seconds; a chat turn through Rasa is 0.1-2 s, a search 20-50 ms.
LATENCY_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: A client may send any method name; anything else is counted as "other", so no label grows without bound.
METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: What a chat reply was, by the most important message in it (safety help first, whatever else came).
OUTCOME_ORDER: Final = (("safety", "safety"), ("answer", "answer"), ("checklist", "checklist"),
                        ("clarify", "clarification"), ("abstain", "abstention"), ("handoff", "handoff"))


def reply_outcome(messages: Iterable[Message]) -> str:
    """
    >>> from veiviser.messages import TextMessage
    >>> reply_outcome([TextMessage(text="Hi")])
    'other'
    """
    types = {message.type for message in messages}
    return next((outcome for kind, outcome in OUTCOME_ORDER if kind in types), "other")


class _StateCollector(Collector):
    """Read at scrape time from the objects that keep them, so the retrieval code knows nothing of Prometheus."""

    def __init__(self, live: LiveSearch, writer: BackgroundWriter) -> None:
        self._live = live
        self._writer = writer

    def collect(self) -> Iterator[Metric]:
        reloads = CounterMetricFamily("veiviser_knowledge_reloads", "Knowledge reloads, by result",
                                      labels=["result"])
        reloads.add_metric(["done"], self._live.reload_count)
        reloads.add_metric(["failed"], self._live.failed_reloads)
        yield reloads
        yield GaugeMetricFamily("veiviser_knowledge_file_errors",
                                "Knowledge files left out because of errors (the last good version serves)",
                                value=sum(1 for p in self._live.problems if p.severity == "error"))
        dropped = CounterMetricFamily("veiviser_statistics_writes_dropped",
                                      "Feedback and question statistics writes given up after retries",
                                      labels=["kind"])
        for kind, count in sorted(self._writer.dropped.items()):
            dropped.add_metric([kind], count)
        yield dropped


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.request_seconds = Histogram(
            "veiviser_http_request_duration_seconds", "Time to answer an HTTP request, by route template",
            ["method", "route", "status"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.chat_replies = Counter(
            "veiviser_chat_replies", "Chat replies by language and outcome (safety, answer, clarification, "
            "abstention, ...)", ["language", "outcome", "degraded"], registry=self.registry)
        self._watching = False

    def watch(self, live: LiveSearch, writer: BackgroundWriter) -> None:
        if not self._watching:
            self.registry.register(_StateCollector(live, writer))
            self._watching = True

    def count_reply(self, language: str | None, messages: list[Message], degraded: bool) -> None:
        code = language if language in SUPPORTED_LANGUAGES else "unknown"
        self.chat_replies.labels(code, reply_outcome(messages), "true" if degraded else "false").inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class RequestTimer:
    """ASGI middleware: times each request by the route template that served it ("unmatched" for a 404)."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message_) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            template = getattr(scope.get("route"), "path", None) or "unmatched"  # the router sets it in place
            method = scope["method"] if scope["method"] in METHODS else "other"
            self.histogram.labels(method, template, str(status)).observe(time.perf_counter() - started)


def install_metrics(app: FastAPI) -> Metrics:
    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(RequestTimer, histogram=metrics.request_seconds)
    return metrics
