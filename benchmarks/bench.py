"""Prints Veiviser's speed and memory figures. Loopback only; bounded in count and time.

    .venv/bin/python benchmarks/bench.py [--requests 100] [--skip-build]

- search latency p50/p95 (in-process `ArticleSearch.search`, real model),
- chat latency through the API, Rasa and the action server p50/p95, beside a bare Rasa round trip
  (`/restart`, handled inside Rasa with no action server) and a Rasa round trip with a small-talk action,
  measured in the same run, in one long conversation and in conversations of 10 turns,
- a one-file knowledge change going live (re-read, re-embed what changed, swap),
- a full index build from scratch (time, entries),
- each process's resident memory.
"""

import argparse
import os
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from veiviser.evaluation import load_eval_questions
from veiviser.knowledge.loader import load_knowledge
from veiviser.retrieval.encoders import create_encoder
from veiviser.retrieval.index import ArticleIndex, index_entries
from veiviser.retrieval.live import LiveSearch
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import get_settings
from veiviser.stack import Stack, free_port


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """The process and its children (Rasa and uvicorn may fork)."""
    total = rss_mb(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            total += tree_rss_mb(int(child))
    return total


def timed(samples: int, action: Callable[[int], object]) -> list[float]:
    durations = []
    for i in range(samples):
        start = time.perf_counter()
        action(i)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def describe(name: str, durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (f"{name:<44} n={len(ordered):<4} p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   "
            f"max {ordered[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per measurement (max 1000)")
    parser.add_argument("--skip-build", action="store_true", help="skip the from-scratch index build")
    args = parser.parse_args()
    count = max(10, min(args.requests, 1000))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = get_settings()
    questions = [q.text for q in load_eval_questions()]

    print("== retrieval (in-process)")
    kb, _ = load_knowledge(settings.knowledge_dir)
    start = time.perf_counter()
    search = ArticleSearch.build(kb, create_encoder(settings), settings.index_dir)
    search.warm_up()
    print(f"load knowledge + saved index + model: {time.perf_counter() - start:.1f} s "
          f"({len(kb)} articles, {search.index.size} index entries)")
    search.search(questions[0])
    print(describe("search (detect language, embed, rank)", timed(count, lambda i: search.search(questions[i % len(questions)]))))
    print(describe("language detection only", timed(count, lambda i: search.detect_language(questions[i % len(questions)]))))
    print(f"benchmark process memory: {rss_mb(os.getpid()):.0f} MB (model, lingua, index)")

    print("\n== live reload (a one-file change, on a copy of knowledge/)")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        shutil.copytree(settings.knowledge_dir, copy / "knowledge")
        shutil.copytree(settings.index_dir, copy / "index")
        live = LiveSearch(search, copy / "knowledge", copy / "index")
        live.current = ArticleSearch(load_knowledge(copy / "knowledge")[0], search.index, search.encoder,
                                     detector=search.detector)
        index_entries(live.current.kb)  # what the watcher does when it starts
        edited = copy / "knowledge" / "school" / "en.md"
        original = edited.read_text(encoding="utf-8")
        timings = []
        for round_number in range(5):
            edited.write_text(original.replace("title: ", f"title: (edit {round_number}) ", 1), encoding="utf-8")
            report = live.reload()
            assert report.changed
            timings.append(report.seconds * 1000)
        print(describe("one-file change live (re-read, re-embed, swap)", timings))

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as scratch:
            start = time.perf_counter()
            index = ArticleIndex.load_or_build(kb, create_encoder(settings), Path(scratch) / "index")
            print(f"index build from scratch: {time.perf_counter() - start:.1f} s for {index.size} entries "
                  f"({len(index.questions.entries)} questions, {len(index.passages.entries)} passages)")

    print("\n== chat through the API, Rasa and the action server (all on loopback)")
    with tempfile.TemporaryDirectory() as scratch:
        api_port = free_port()
        stack = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=api_port,
                      tracker_db=Path(scratch) / "tracker.db")
        start = time.perf_counter()
        stack.start()
        print(f"all three services up in {time.perf_counter() - start:.1f} s")
        try:
            with httpx.Client(timeout=30) as client:
                rasa = f"{stack.rasa_url}/webhooks/rest/webhook"
                api = f"http://127.0.0.1:{api_port}/api/chat"
                session = f"bench-{uuid.uuid4().hex[:8]}"
                client.post(api, json={"message": questions[0]})  # warm the action server
                # 16 conversations, their ids issued by the server
                issued = [client.post(api, json={"message": "hei"}).json()["session_id"] for _ in range(16)]
                # Both in one conversation of `count` turns (Rasa reads and sends the whole conversation every
                # turn, so a turn costs more the longer it runs) and in conversations of 10 turns, the usual length.
                bare = timed(count, lambda i: client.post(rasa, json={"sender": f"{session}-b", "message": "/restart"}))
                smalltalk = timed(count, lambda i: client.post(rasa, json={"sender": f"{session}-s", "message": "takk"}))
                bare_short = timed(count, lambda i: client.post(rasa, json={
                    "sender": f"{session}-b{i // 10}", "message": "/restart"}))
                smalltalk_short = timed(count, lambda i: client.post(rasa, json={
                    "sender": f"{session}-s{i // 10}", "message": "takk"}))
                chat = timed(count, lambda i: client.post(api, json={
                    "session_id": issued[i % 16], "message": questions[i % len(questions)]}))
            print(describe(f"bare Rasa (/restart), one {count}-turn chat", bare))
            print(describe(f"Rasa + small-talk action, one {count}-turn chat", smalltalk))
            print(f"{'  small-talk / bare, p50':<44} {statistics.median(smalltalk) / statistics.median(bare):.2f}x")
            print(describe("bare Rasa (/restart), 10-turn chats", bare_short))
            print(describe("Rasa + small-talk action, 10-turn chats", smalltalk_short))
            print(f"{'  small-talk / bare, p50':<44} "
                  f"{statistics.median(smalltalk_short) / statistics.median(bare_short):.2f}x")
            print(describe("POST /api/chat (Rasa + retrieval action)", chat))
            print("\n== memory (resident, MB)")
            for service in stack.services:
                assert service.process is not None
                print(f"{service.name:<10} {tree_rss_mb(service.process.pid):7.0f}")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
