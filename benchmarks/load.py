"""Load test: simulated users chat with Veiviser at once. Loopback only; bounded in count and time.

    .venv/bin/python benchmarks/load.py --sessions 16 --duration 300      # `make load`
    .venv/bin/python benchmarks/load.py --sessions 16 --duration 30       # what CI runs (tests/benchmarks)

It starts its own action server, Rasa and API on free loopback ports, with a temporary tracker database and
a temporary feedback database (the index in var/index is reused), or attaches to a running API (`--url`).
Each simulated user asks questions from the dev set (tests/eval/*.yml) with 0.5-2 s think time (`--think`), sometimes
switches language, answers the status question, presses "helpful" / "not helpful" + a reason, and now and then
starts a new session. Meanwhile one more client measures a bare Rasa round trip (`/restart`, no action server)
so chat latency is read beside it, and each service's memory (its process tree) is sampled.

Prints a table and writes every figure to test-artifacts/load.json. Exits 1 on any 5xx, request without a
response or degraded reply (the API answering from retrieval because Rasa timed out: a 5xx in all but name), on
feedback the users were thanked for that is not in the database, or on memory that does not stay flat.
"""

import argparse
import asyncio
import ipaddress
import json
import math
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
from sqlalchemy import func, select

from veiviser.evaluation import load_eval_questions
from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.settings import REPO_ROOT, get_settings
from veiviser.stack import Stack, free_port
from veiviser.storage.database import open_database
from veiviser.storage.feedback import feedback_table

DEFAULT_JSON = REPO_ROOT / "test-artifacts" / "load.json"
MAX_SESSIONS = 64
MAX_DURATION_SECONDS = 3600
MAX_REQUESTS = 200_000
REQUEST_TIMEOUT_SECONDS = 30.0
#: Every simulated user comes from 127.0.0.1, so the per-IP limit must not throttle them as one.
RATE_LIMIT_PER_IP = "100000/minute"
#: The first part of the run leaves the memory trend: caches fill and thread pools start there.
WARMUP_FRACTION = 0.2
MEMORY_INTERVAL_SECONDS = 2.0
#: "Flat": the trend's growth after warm-up (see `robust_slope`) stays under this many MB, or this share of
#: the service's start. In 4 minutes at ~2-5 chats a second, 50 MB is ~50-100 KB kept per request: a leak of
#: whole trackers or replies shows, while caches filling and the allocator's noise on a 0.5-1 GB process do not.
FLAT_GROWTH_MB = 50.0
FLAT_GROWTH_SHARE = 0.05
#: The English names `veiviser.dialogue.language_request` recognises in "please answer in ...".
LANGUAGE_NAMES = {"nb": "Norwegian", "nn": "Nynorsk", "en": "English", "uk": "Ukrainian", "ru": "Russian",
                  "pl": "Polish", "lt": "Lithuanian", "ar": "Arabic", "so": "Somali", "ti": "Tigrinya",
                  "fa": "Persian"}
#: How often a simulated user does each thing (per turn, where the last reply allows it).
P_FEEDBACK = 0.25         # presses helpful / not helpful under an answer
P_HELPFUL = 0.6           # of those, "helpful"
P_REASON = 0.9            # after "not helpful", picks a reason (else leaves it)
P_STATUS = 0.8            # answers the status question
P_CHOOSE = 0.4            # picks one of the offered articles (clarify / abstain)
P_NEW_SESSION = 0.04
P_SWITCH_LANGUAGE = 0.06
P_LANGUAGE_PICKER = 0.5   # the web chat sends `language` only when the user chose one in its picker


@dataclass(frozen=True)
class LoadOptions:
    sessions: int = 16
    duration_seconds: float = 300.0
    max_requests: int = 50_000
    seed: int = 1
    think_seconds: tuple[float, float] = (0.5, 2.0)
    url: str | None = None            # attach to this API instead of starting a stack
    rasa_url: str | None = None       # with --url: Rasa for the bare round trip
    database_url: str | None = None   # with --url: the feedback database to check
    json_path: Path = DEFAULT_JSON

    @property
    def rate_limit_per_session(self) -> str:
        """At or above what one user can send: one request per minimum think time."""
        return f"{math.ceil(60 / self.think_seconds[0])}/minute"


# ---- safety: loopback only, bounded -------------------------------------------------------------------------

def require_loopback(url: str) -> None:
    """Refuses any target that is not on this machine: a load test must never reach a real service.

    >>> require_loopback("http://127.0.0.1:8000")
    >>> require_loopback("http://example.org")
    Traceback (most recent call last):
    ...
    ValueError: refusing non-loopback target http://example.org (example.org)
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)} if host else set()
    except socket.gaierror:
        addresses = set()
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(f"refusing non-loopback target {url} ({host})")


class RequestBudget:
    """The total number of requests the run may send; the run ends when it is spent."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self) -> bool:
        if self.used >= self.limit:
            return False
        self.used += 1
        return True


# ---- figures ------------------------------------------------------------------------------------------------

def latency_summary(durations_ms: Sequence[float]) -> dict[str, float | int]:
    """Nearest-rank percentiles.

    >>> latency_summary([float(i) for i in range(1, 101)])["p95"]
    95.0
    """
    if not durations_ms:
        return {"n": 0}
    ordered = sorted(durations_ms)

    def rank(p: float) -> float:
        return round(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)

    return {"n": len(ordered), "p50": rank(50), "p95": rank(95), "p99": rank(99), "max": round(ordered[-1], 1),
            "mean": round(sum(ordered) / len(ordered), 1)}


def robust_slope(points: Sequence[tuple[float, float]]) -> float:
    """Theil-Sen slope (the median of the slopes between every two points). A leak is a steady climb and
    shows in it in full; a one-time step (a lazily loaded model) spans at most about half the pairs, so
    barely moves it unless it falls in the middle of the window.

    >>> robust_slope([(0, 1.0), (1, 3.0), (2, 5.0)])
    2.0
    >>> robust_slope([(t, 500.0 + (60 if t >= 70 else 0)) for t in range(100)])  # one step: flat
    0.0
    """
    slopes = [(b[1] - a[1]) / (b[0] - a[0]) for i, a in enumerate(points) for b in points[i + 1:] if b[0] != a[0]]
    return statistics.median(slopes) if slopes else 0.0


def memory_trend(samples: Sequence[tuple[float, float]], run_seconds: float) -> dict[str, Any]:
    """One service's RSS samples (seconds into the run, MB): start and end after warm-up, max, the trend.

    >>> trend = memory_trend([(t, 500.0 + t / 60) for t in range(0, 301, 5)], 300)
    >>> trend["slope_mb_per_min"], trend["growth_mb"], trend["flat"]
    (1.0, 4.0, True)
    >>> memory_trend([(t, 500.0 + t / 2) for t in range(0, 301, 5)], 300)["flat"]  # 30 MB a minute: a leak
    False
    """
    warmup = run_seconds * WARMUP_FRACTION
    steady = [(t, mb) for t, mb in samples if t >= warmup] or list(samples[-1:])
    if not steady:
        return {"samples": 0, "flat": True}
    slope_per_second = robust_slope(steady)
    window = steady[-1][0] - steady[0][0]
    growth = slope_per_second * window  # the trend's growth, so one spike or lazy load does not decide it
    start = steady[0][1]
    limit = max(FLAT_GROWTH_MB, FLAT_GROWTH_SHARE * start)
    return {"samples": len(samples), "start_mb": round(start, 1), "end_mb": round(steady[-1][1], 1),
            "max_mb": round(max(mb for _, mb in samples), 1), "slope_mb_per_min": round(slope_per_second * 60, 2),
            "growth_mb": round(growth, 1), "raw_growth_mb": round(steady[-1][1] - start, 1),
            "limit_mb": round(limit, 1), "flat": growth < limit}


def tree_rss_mb(pid: int) -> float:
    """A process and all its children (Rasa and the servers may fork)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass  # a child that ended between listing and reading
    return total / 2**20


def count_feedback_rows(database_url: str) -> Counter[tuple[bool, str | None]]:
    """Stored feedback by (helpful, reason)."""
    engine = open_database(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(feedback_table.c.helpful, feedback_table.c.reason, func.count())
                                      .group_by(feedback_table.c.helpful, feedback_table.c.reason)).all()
    finally:
        engine.dispose()
    return Counter({(bool(helpful), reason): count for helpful, reason, count in rows})


@dataclass
class Recorder:
    """What the run saw: status codes, latencies, the feedback the users gave, what the replies were."""

    statuses: Counter[str] = field(default_factory=Counter)          # "200", "429", "503", "transport-error"
    chat_ms: dict[str, list[float]] = field(default_factory=dict)   # by kind of turn
    bare_rasa_ms: list[float] = field(default_factory=list)
    bare_rasa_statuses: Counter[str] = field(default_factory=Counter)
    #: Final presses ("helpful", or "not helpful" + reason) the user saw thanked: each must be one row.
    feedback_given: Counter[tuple[bool, str | None]] = field(default_factory=Counter)
    #: Final presses without a normal reply (error, no response, degraded): the row may or may not exist.
    feedback_uncertain: Counter[tuple[bool, str | None]] = field(default_factory=Counter)
    degraded: Counter[str] = field(default_factory=Counter)         # replies answered without Rasa, by kind
    reply_types: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)                 # the first few, for the report

    def note_error(self, text: str) -> None:
        if len(self.errors) < 20:
            self.errors.append(text)


# ---- the simulated users --------------------------------------------------------------------------------------

def button_payloads(messages: list[dict[str, Any]], kind: str, intent: str) -> list[str]:
    """The payloads of `intent` buttons on messages of type `kind`."""
    return [button["payload"] for message in messages if message.get("type") == kind
            for button in message.get("buttons") or []
            if str(button.get("payload", "")).startswith(f"/{intent}")]


def payload_entities(payload: str) -> dict[str, str]:
    """'/feedback{"helpful": "no"}' -> {'helpful': 'no'}."""
    _, _, entities = payload.partition("{")
    return json.loads("{" + entities) if entities else {}


@dataclass
class LoadRun:
    """What the users share: one HTTP client, the deadline, the budget and the recorder."""

    client: httpx.AsyncClient
    api_url: str
    deadline: float
    budget: RequestBudget
    recorder: Recorder
    questions: dict[str, list[str]]

    def active(self) -> bool:
        return time.monotonic() < self.deadline and self.budget.used < self.budget.limit


class SimulatedUser:
    def __init__(self, number: int, run: LoadRun, rng: random.Random, think_seconds: tuple[float, float]) -> None:
        self.number = number
        self.run = run
        self.rng = rng
        self.think_seconds = think_seconds
        self.session = ""
        self.language = "en"
        self.picked_language = False
        self.last: list[dict[str, Any]] = []
        self.degraded = False  # the last reply came from the API's retrieval fallback, not from Rasa

    def new_session(self) -> None:
        self.session = ""  # a new conversation: the server issues its id with the first reply
        self.language = self.rng.choice(list(self.run.questions))
        self.picked_language = self.rng.random() < P_LANGUAGE_PICKER
        self.last = []
        self.run.recorder.actions["new-session"] += 1

    async def live(self) -> None:
        self.new_session()
        await asyncio.sleep(self.rng.uniform(0, self.think_seconds[1]))  # users do not arrive in lockstep
        while self.run.active():
            await self.turn()
            pause = self.rng.uniform(*self.think_seconds)
            await asyncio.sleep(max(0.0, min(pause, self.run.deadline - time.monotonic())))

    async def turn(self) -> None:
        roll = self.rng.random()
        reasons = button_payloads(self.last, "feedback-question", "feedback")
        statuses = button_payloads(self.last, "status-question", "set_status")
        feedback = button_payloads(self.last, "answer", "feedback")
        choices = (button_payloads(self.last, "clarify", "choose_article")
                   + button_payloads(self.last, "abstain", "choose_article"))
        if reasons and roll < P_REASON:
            await self.give_feedback(self.rng.choice(reasons))
        elif statuses and roll < P_STATUS:
            await self.say(self.rng.choice(statuses), "status")
        elif feedback and roll < P_FEEDBACK:
            wanted = "yes" if self.rng.random() < P_HELPFUL else "no"
            await self.give_feedback(next((p for p in feedback if payload_entities(p).get("helpful") == wanted),
                                          feedback[0]))
        elif choices and roll < P_CHOOSE:
            await self.say(self.rng.choice(choices), "choose")
        elif roll < P_NEW_SESSION:
            self.new_session()
            await self.ask()
        elif roll < P_NEW_SESSION + P_SWITCH_LANGUAGE:
            await self.switch_language()
        else:
            await self.ask()

    async def ask(self) -> None:
        await self.say(self.rng.choice(self.run.questions[self.language]), "question")

    async def switch_language(self) -> None:
        """Half by asking ("please answer in Polish"), half in the picker (then `language` is sent)."""
        self.language = self.rng.choice([code for code in self.run.questions if code != self.language])
        self.run.recorder.actions["switch-language"] += 1
        if self.rng.random() < 0.5:
            await self.say(f"please answer in {LANGUAGE_NAMES[self.language]}", "switch")
        else:
            self.picked_language = True
            await self.ask()

    async def give_feedback(self, payload: str) -> None:
        entities = payload_entities(payload)
        final = entities.get("helpful") == "yes" or "reason" in entities  # these store a row
        thanked = await self.say(payload, "feedback") == 200 and not self.degraded
        if final:
            key = (entities["helpful"] == "yes", entities.get("reason"))
            (self.run.recorder.feedback_given if thanked else self.run.recorder.feedback_uncertain)[key] += 1

    async def say(self, message: str, kind: str) -> int | None:
        """Sends one chat message; returns the status (None when no response came)."""
        recorder = self.run.recorder
        if not self.run.budget.take():
            return None
        recorder.actions[kind] += 1
        body: dict[str, Any] = {"message": message, **({"session_id": self.session} if self.session else {})}
        if self.picked_language and kind != "switch":
            body["language"] = self.language
        start = time.perf_counter()
        try:
            response = await self.run.client.post(self.run.api_url, json=body)
        except httpx.HTTPError as error:
            recorder.statuses["transport-error"] += 1
            recorder.note_error(f"{kind}: {type(error).__name__}: {error}")
            self.last = []
            return None
        recorder.chat_ms.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        recorder.statuses[str(response.status_code)] += 1
        self.degraded = False
        if response.status_code != 200:
            if response.status_code >= 500:
                recorder.note_error(f"{kind}: HTTP {response.status_code}: {response.text[:200]}")
            self.last = []
            return response.status_code
        reply = response.json()
        self.session = reply.get("session_id") or self.session
        self.last = reply.get("messages") or []
        if reply.get("degraded"):
            # The API gave up on Rasa (timeout) and answered from retrieval: a 5xx in all but name.
            self.degraded = True
            recorder.degraded[kind] += 1
        recorder.reply_types.update(m.get("type", "?") for m in self.last)
        if kind == "switch" and reply.get("language") in self.run.questions:
            self.language = reply["language"]  # the assistant may have understood another language
        return 200


async def measure_bare_rasa(rasa_url: str, run: LoadRun, pause_seconds: float = 0.25) -> None:
    """The 17th client: `/restart` straight to Rasa's REST channel (handled in Rasa, no action server)."""
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False) as client:
        run_id, sent = uuid.uuid4().hex[:8], 0
        while run.active() and run.budget.take():
            # A fresh sender now and then keeps its tracker short, as a real session's is.
            sender = f"load-bare-{run_id}-{sent // 50}"
            start = time.perf_counter()
            try:
                response = await client.post(webhook, json={"sender": sender, "message": "/restart"})
                run.recorder.bare_rasa_statuses[str(response.status_code)] += 1
                if response.status_code == 200:
                    run.recorder.bare_rasa_ms.append((time.perf_counter() - start) * 1000)
            except httpx.HTTPError as error:
                run.recorder.bare_rasa_statuses["transport-error"] += 1
                run.recorder.note_error(f"bare rasa: {type(error).__name__}: {error}")
            sent += 1
            await asyncio.sleep(pause_seconds)


async def sample_memory(pids: dict[str, int], run: LoadRun, started: float,
                        samples: dict[str, list[tuple[float, float]]]) -> None:
    while True:
        now = time.monotonic() - started
        for name, pid in pids.items():
            samples.setdefault(name, []).append((round(now, 1), tree_rss_mb(pid)))
        if not run.active():
            return
        await asyncio.sleep(min(MEMORY_INTERVAL_SECONDS, max(0.0, run.deadline - time.monotonic()) + 0.01))


# ---- one run ------------------------------------------------------------------------------------------------

def dev_set_questions() -> dict[str, list[str]]:
    questions: dict[str, list[str]] = {}
    for question in load_eval_questions():
        questions.setdefault(question.language, []).append(question.text)
    return {code: questions[code] for code in SUPPORTED_LANGUAGES if code in questions}


async def warm_up(api_url: str, rasa_url: str | None, questions: dict[str, list[str]]) -> None:
    """One question per language, not measured: the first loads the action server's model and index, the
    others the language detector's per-language models (lingua loads them lazily, ~50 MB at a time)."""
    async with httpx.AsyncClient(timeout=120.0, trust_env=False) as client:
        for texts in questions.values():
            response = await client.post(api_url, json={"message": texts[0]})
            response.raise_for_status()
        if rasa_url:
            await client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": "load-warmup", "message": "/restart"})


async def drive(options: LoadOptions, api_url: str, rasa_url: str | None, pids: dict[str, int]) -> dict[str, Any]:
    """The users, the bare-Rasa client and the memory sampler, until the time or the budget runs out."""
    questions = dev_set_questions()
    warm_up_started = time.monotonic()
    await warm_up(api_url, rasa_url, questions)
    warm_up_seconds = time.monotonic() - warm_up_started
    recorder = Recorder()
    limits = httpx.Limits(max_connections=options.sessions + 4, max_keepalive_connections=options.sessions + 4)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS, limits=limits, trust_env=False) as client:
        started = time.monotonic()
        run = LoadRun(client, api_url, started + options.duration_seconds, RequestBudget(options.max_requests),
                      recorder, questions)
        users = [SimulatedUser(n, run, random.Random(options.seed * 1000 + n), options.think_seconds)
                 for n in range(options.sessions)]
        memory: dict[str, list[tuple[float, float]]] = {}
        tasks = [*(user.live() for user in users), sample_memory(pids, run, started, memory)]
        if rasa_url:
            tasks.append(measure_bare_rasa(rasa_url, run))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
    return {"recorder": recorder, "elapsed": elapsed, "memory": memory, "requests": run.budget.used,
            "warm_up_s": round(warm_up_seconds, 1),
            "stopped_by": "max-requests" if run.budget.used >= run.budget.limit else "time"}


def build_report(options: LoadOptions, outcome: dict[str, Any], stored: Counter[tuple[bool, str | None]] | None,
                 target: dict[str, Any]) -> dict[str, Any]:
    recorder: Recorder = outcome["recorder"]
    elapsed: float = outcome["elapsed"]
    all_chat = [ms for durations in recorder.chat_ms.values() for ms in durations]
    server_errors = sum(n for code, n in recorder.statuses.items() if code.isdigit() and int(code) >= 500)
    given, uncertain = recorder.feedback_given, recorder.feedback_uncertain
    feedback: dict[str, Any] = {"given": sum(given.values()), "given_helpful": sum(n for (h, _), n in given.items() if h),
                                "given_by_reason": {r or "helpful": n for (_, r), n in given.items()},
                                "uncertain": sum(uncertain.values())}
    if stored is not None:
        # Each thanked press must be a row; an unthanked one may or may not be (Rasa may finish it later).
        feedback.update(stored=sum(stored.values()), lost=sum((given - stored).values()),
                        unexpected=sum((stored - given - uncertain).values()))
    memory = {name: memory_trend(samples, elapsed) for name, samples in outcome["memory"].items()}
    failures = []
    if server_errors:
        failures.append(f"{server_errors} responses with 5xx")
    if recorder.statuses["transport-error"]:
        failures.append(f"{recorder.statuses['transport-error']} requests without a response")
    bare_failed = sum(n for code, n in recorder.bare_rasa_statuses.items() if code != "200")
    if bare_failed:
        failures.append(f"{bare_failed} bare Rasa round trips without a 200")
    if recorder.degraded:
        failures.append(f"{sum(recorder.degraded.values())} replies degraded (the API timed out on Rasa)")
    if feedback.get("lost"):
        failures.append(f"{feedback['lost']} feedback rows lost")
    if feedback.get("unexpected"):
        failures.append(f"{feedback['unexpected']} feedback rows nobody gave")
    for name, trend in memory.items():
        if not trend["flat"]:
            failures.append(f"{name} memory grew {trend['growth_mb']} MB after warm-up (limit {trend['limit_mb']})")
    return {
        "config": {"sessions": options.sessions, "duration_s": options.duration_seconds, "seed": options.seed,
                   "think_time_s": list(options.think_seconds), "max_requests": options.max_requests,
                   "rate_limit_per_ip": RATE_LIMIT_PER_IP if options.url is None else "as configured",
                   "rate_limit_per_session": options.rate_limit_per_session if options.url is None else "as configured",
                   **target},
        "warm_up_s": outcome["warm_up_s"], "elapsed_s": round(elapsed, 1), "stopped_by": outcome["stopped_by"],
        "requests": outcome["requests"],
        "http": {"status_counts": dict(recorder.statuses), "5xx": server_errors,
                 "429": recorder.statuses["429"], "transport_errors": recorder.statuses["transport-error"],
                 "degraded": sum(recorder.degraded.values()), "degraded_by_kind": dict(recorder.degraded)},
        "chat_ms": latency_summary(all_chat),
        "chat_by_kind_ms": {kind: latency_summary(d) for kind, d in sorted(recorder.chat_ms.items())},
        "chat_per_second": round(len(all_chat) / elapsed, 2) if elapsed else 0.0,
        "bare_rasa_ms": latency_summary(recorder.bare_rasa_ms),
        "bare_rasa_statuses": dict(recorder.bare_rasa_statuses),
        "feedback": feedback,
        "conversation": {"actions": dict(recorder.actions), "reply_types": dict(recorder.reply_types)},
        "memory": {"interval_s": MEMORY_INTERVAL_SECONDS, "warmup_s": round(elapsed * WARMUP_FRACTION, 1),
                   "flat_rule": f"trend (Theil-Sen) growth after warm-up < max({FLAT_GROWTH_MB:.0f} MB, "
                                f"{FLAT_GROWTH_SHARE:.0%} of start)",
                   "services": memory, "samples": outcome["memory"]},
        "errors": recorder.errors,
        "failures": failures,
        "ok": not failures,
    }


def run_load(options: LoadOptions) -> dict[str, Any]:
    """Starts a stack (or attaches to `options.url`), drives the users, and returns the report."""
    if options.url is not None:
        for url in (options.url, options.rasa_url):
            if url:
                require_loopback(url)
        api_url = f"{options.url.rstrip('/')}/api/chat"
        before = count_feedback_rows(options.database_url) if options.database_url else None
        outcome = asyncio.run(drive(options, api_url, options.rasa_url, {}))
        stored = None
        if before is not None and options.database_url:
            stored = count_feedback_rows(options.database_url) - before  # other traffic may add rows too
        return build_report(options, outcome, stored, {"target": options.url})

    scratch = Path(tempfile.mkdtemp(prefix="veiviser-load-"))
    database_url = f"sqlite:///{scratch / 'load.db'}"
    # The services read the index from the usual data dir (var/index); only logs, the tracker database and
    # the feedback database go to the scratch folder, so the run neither needs a rebuild nor leaves rows behind.
    settings = get_settings().model_copy(update={"data_dir": scratch, "host": "127.0.0.1"})
    api_port = free_port()
    stack = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=api_port,
                  tracker_db=scratch / "tracker.db")
    for service in stack.services:
        service.env.update({"VEIVISER_DATABASE_URL": database_url, "VEIVISER_RATE_LIMIT_PER_IP": RATE_LIMIT_PER_IP,
                            "VEIVISER_RATE_LIMIT_PER_SESSION": options.rate_limit_per_session})
    started = time.perf_counter()
    stack.start()
    startup = time.perf_counter() - started
    try:
        pids = {s.name: s.process.pid for s in stack.services if s.process is not None}
        outcome = asyncio.run(drive(options, f"http://127.0.0.1:{api_port}/api/chat", stack.rasa_url, pids))
    finally:
        stack.stop()
    report = build_report(options, outcome, count_feedback_rows(database_url),
                          {"target": "own stack on loopback", "stack_start_s": round(startup, 1)})
    kept = options.json_path.parent / "load-logs"
    shutil.rmtree(kept, ignore_errors=True)  # an earlier run's, which would mislead
    if report["failures"]:
        shutil.copytree(scratch / "logs", kept)
        report["logs"] = str(kept)
    shutil.rmtree(scratch, ignore_errors=True)
    return report


# ---- output -------------------------------------------------------------------------------------------------

def ratio_line(chat: dict[str, Any], bare: dict[str, Any]) -> str:
    """Chat p95 against bare Rasa's in the same run: the cost of everything beyond Rasa's own round trip.

    >>> ratio_line({"n": 3, "p95": 300.0}, {"n": 3, "p95": 100.0})
    '  chat p95 / bare Rasa p95: 3.0x (goal 2.0x)'
    """
    if not chat.get("n") or not bare.get("n") or not bare["p95"]:
        return "  chat p95 / bare Rasa p95: not measured"
    return f"  chat p95 / bare Rasa p95: {chat['p95'] / bare['p95']:.1f}x (goal 2.0x)"


def render(report: dict[str, Any]) -> str:
    config, http, feedback = report["config"], report["http"], report["feedback"]

    def row(name: str, summary: dict[str, Any]) -> str:
        if not summary.get("n"):
            return f"  {name:<34} n=0"
        return (f"  {name:<34} n={summary['n']:<6} p50 {summary['p50']:7.1f}  p95 {summary['p95']:7.1f}  "
                f"p99 {summary['p99']:7.1f}  max {summary['max']:7.1f} ms")

    lines = [
        f"== load: {config['sessions']} users for {report['elapsed_s']:.0f} s ({report['stopped_by']}), "
        f"think time {config['think_time_s'][0]}-{config['think_time_s'][1]} s, seed {config['seed']}, "
        f"target: {config['target']}",
        f"rate limits for this run: per IP {config['rate_limit_per_ip']} (every simulated user is 127.0.0.1), "
        f"per session {config['rate_limit_per_session']} (one user's most at its shortest think time)",
        "",
        f"requests {report['requests']}   chat {report['chat_per_second']}/s   "
        f"statuses {dict(sorted(http['status_counts'].items()))}",
        f"  5xx {http['5xx']}   429 {http['429']}   no response {http['transport_errors']}   "
        f"degraded (200 without Rasa) {http['degraded']}",
        "",
        "latency (client side, ms)",
        row("POST /api/chat, all turns", report["chat_ms"]),
        *(row(f"  {kind}", summary) for kind, summary in report["chat_by_kind_ms"].items()),
        row("bare Rasa round trip (/restart)", report["bare_rasa_ms"]),
        ratio_line(report["chat_ms"], report["bare_rasa_ms"]),
        "",
        f"feedback given {feedback['given']} ({feedback['given_helpful']} helpful), "
        + (f"stored {feedback['stored']}, lost {feedback['lost']}, unexpected {feedback['unexpected']}"
           if "stored" in feedback else "not checked (no --database-url)")
        + (f"; {feedback['uncertain']} presses without a normal reply" if feedback["uncertain"] else ""),
        "",
        f"memory (MB, process trees; trend after the first {report['memory']['warmup_s']:.0f} s; "
        f"flat: {report['memory']['flat_rule']})",
        f"  {'service':<10} {'start':>8} {'end':>8} {'max':>8} {'MB/min':>8} {'trend':>8} {'limit':>8}  flat",
    ]
    for name, trend in report["memory"]["services"].items():
        lines.append(f"  {name:<10} {trend['start_mb']:8.0f} {trend['end_mb']:8.0f} {trend['max_mb']:8.0f} "
                     f"{trend['slope_mb_per_min']:8.2f} {trend['growth_mb']:8.1f} {trend['limit_mb']:8.0f}  "
                     f"{'yes' if trend['flat'] else 'NO'}")
    if report["memory"]["services"]:
        peak = sum(trend["max_mb"] for trend in report["memory"]["services"].values())
        lines.append(f"  {'stack':<10} {'':>8} {'':>8} {peak:8.0f}  (sum of the services' highest; goal 1600)")
    else:
        lines.append("  not measured (attached to a running API)")
    lines.append("")
    lines += [f"error: {e}" for e in report["errors"][:5]]
    lines.append("OK" if report["ok"] else "FAILED: " + "; ".join(report["failures"])
                 + (f" (logs in {report['logs']})" if "logs" in report else ""))
    return "\n".join(lines)


def parse_options(argv: Sequence[str] | None = None) -> LoadOptions:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=16, help=f"simulated users at once (1-{MAX_SESSIONS})")
    parser.add_argument("--duration", type=float, default=300.0, help=f"seconds (1-{MAX_DURATION_SECONDS})")
    parser.add_argument("--max-requests", type=int, default=50_000, help=f"total requests (max {MAX_REQUESTS})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), default=LoadOptions.think_seconds,
                        help="seconds a user waits between messages, uniform (default: %(default)s)")
    parser.add_argument("--url", help="attach to this API (loopback only) instead of starting a stack")
    parser.add_argument("--rasa-url", help="with --url: Rasa, for the bare round trip")
    parser.add_argument("--database-url", help="with --url: the feedback database, to check for lost rows")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1-{MAX_SESSIONS}")
    if not 1 <= args.duration <= MAX_DURATION_SECONDS:
        parser.error(f"--duration must be 1-{MAX_DURATION_SECONDS} seconds")
    if not 1 <= args.max_requests <= MAX_REQUESTS:
        parser.error(f"--max-requests must be 1-{MAX_REQUESTS}")
    if not 0.1 <= args.think[0] <= args.think[1]:
        parser.error("--think needs 0.1 <= MIN <= MAX")
    if (args.rasa_url or args.database_url) and not args.url:
        parser.error("--rasa-url and --database-url go with --url")
    for url in (args.url, args.rasa_url):
        if url:
            try:
                require_loopback(url)
            except ValueError as error:
                parser.error(str(error))
    return LoadOptions(sessions=args.sessions, duration_seconds=args.duration, max_requests=args.max_requests,
                       seed=args.seed, think_seconds=tuple(args.think), url=args.url, rasa_url=args.rasa_url, database_url=args.database_url,
                       json_path=args.json)


def write_report(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    report = run_load(options)
    write_report(report, options.json_path)
    print(render(report))
    print(f"figures: {options.json_path}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
