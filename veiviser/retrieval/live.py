"""A search that follows `knowledge/` while the service runs.

On a change the knowledge is re-read (a broken file keeps its last good version), only new texts are
embedded, and a complete new `ArticleSearch` replaces the old one in a single reference swap: a search
running during the swap finishes on the old one, the next starts on the new one, none sees half of each.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from veiviser.knowledge.guidance import GUIDANCE_FILE
from veiviser.knowledge.loader import load_knowledge
from veiviser.knowledge.model import Problem
from veiviser.knowledge.safety_examples import SAFETY_EXAMPLES_FILE
from veiviser.knowledge.sources_config import SOURCES_FILE
from veiviser.retrieval.encoders import create_encoder
from veiviser.retrieval.index import ArticleIndex, index_entries
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadReport:
    changed: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class LiveSearch:
    """Holds the current `ArticleSearch`; `reload()` rebuilds it from disk, `watch()` does so on every change.

        live = LiveSearch(search, knowledge_dir, index_dir)
        live.start_watching()        # a daemon thread; live.stop() ends it
        live.current.search("...")   # always a complete search
    """

    def __init__(self, search: ArticleSearch, knowledge_dir: Path, index_dir: Path,
                 review_max_age_days: int = 365, debounce_ms: int = 300) -> None:
        self.current = search
        self.knowledge_dir = knowledge_dir
        self.index_dir = index_dir
        self.review_max_age_days = review_max_age_days
        self.debounce_ms = debounce_ms
        self.problems: list[Problem] = []
        self.last_report: ReloadReport | None = None
        #: Reloads done (with or without a change) and reloads that raised: for `/metrics`.
        self.reload_count = 0
        self.failed_reloads = 0
        self._reload_lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def reload(self) -> ReloadReport:
        """Re-reads the knowledge; swaps in a new search when anything changed."""
        try:
            return self._reload()
        except Exception:
            self.failed_reloads += 1
            raise

    def _reload(self) -> ReloadReport:
        started = time.perf_counter()
        with self._reload_lock:
            old = self.current
            kb, problems = load_knowledge(self.knowledge_dir, review_max_age_days=self.review_max_age_days,
                                          previous=old.kb)
            self.problems = problems
            for problem in problems:
                if problem.severity == "error":
                    log.error("knowledge: %s", problem)
            if kb.fingerprint == old.kb.fingerprint:
                report = ReloadReport(False, time.perf_counter() - started, problems)
            else:
                index = ArticleIndex.build(kb, old.encoder, previous=old.index)
                # a calibration that did not fit is looked for again: it may have been fitted since
                calibration = None if old.calibration_problem else old.calibration
                fresh = ArticleSearch(kb, index, old.encoder, detector=old.detector, calibration=calibration,
                                      weights=old.weights, abstain_below=old.abstain_below,
                                      default_language=old.default_language, previous=old)
                self.current = fresh  # the swap: one reference assignment
                index.save(self.index_dir)
                report = ReloadReport(True, time.perf_counter() - started, problems)
                log.info("knowledge reloaded in %.2f s: %d articles, %d errors", report.seconds, len(kb),
                         len(report.errors))
            self.last_report = report
            self.reload_count += 1
            return report

    def _watch(self) -> None:
        from watchfiles import watch

        # yield_on_timeout: the first (empty) yield says the watch is in place. A file saved between loading
        # and that moment would otherwise never be seen, so that first yield reloads too.
        for changes in watch(self.knowledge_dir, stop_event=self._stop, debounce=self.debounce_ms, step=50,
                             rust_timeout=500, yield_on_timeout=True, raise_interrupt=False):
            first = not self._ready.is_set()
            self._ready.set()
            if not changes and not first:
                continue
            try:
                self.reload()
            except Exception:  # a reload must never take the service down; the old search keeps serving
                log.exception("knowledge reload failed; still serving the previous version")

    def start_watching(self) -> None:
        if self._thread is None:
            # Warm the segmentation cache beside the watch, so the first edit goes live as fast as later ones.
            threading.Thread(target=index_entries, args=(self.current.kb,), name="knowledge-warm", daemon=True).start()
            self._thread = threading.Thread(target=self._watch, name="knowledge-watch", daemon=True)
            self._thread.start()
            self._ready.wait(timeout=10)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


#: The files safety routing reads: help contacts, routes and keywords; the classifier's examples.
SAFETY_FILES: Final = (GUIDANCE_FILE, SAFETY_EXAMPLES_FILE)


class SafetyFilesBroken(RuntimeError):
    """A file safety depends on does not load: starting would answer people in danger without help first."""


class SourcesFileBroken(RuntimeError):
    """`_sources.yml` does not load: starting would serve no article at all."""


def refuse_without_safety(problems: list[Problem]) -> None:
    """Raises when a safety file has an error: a broken `_guidance.yml` used to load as empty guidance, so the
    service started with safety routing off while `/readyz` said ok. A running service keeps its last good
    state on a broken edit (the live reload); a starting one has none, so it stops with the `file:line`.
    The same for the official domains: without them every source, so every article, would be refused."""
    broken = [str(p) for p in problems if p.severity == "error" and p.path.name in SAFETY_FILES]
    if broken:
        raise SafetyFilesBroken("refusing to start: safety routing needs these files to load:\n  "
                                + "\n  ".join(broken))
    unsourced = [str(p) for p in problems if p.severity == "error" and p.path.name == SOURCES_FILE]
    if unsourced:
        raise SourcesFileBroken("refusing to start: the list of official domains does not load, so every "
                                "article's sources would be refused:\n  " + "\n  ".join(unsourced))


def live_search_from_settings(settings: Settings) -> LiveSearch:
    """The knowledge, the saved (or rebuilt) index and the encoder the settings name, behind a `LiveSearch`.

    The one way the API, the action server and the evaluation build their search; `problems` holds what
    the knowledge files got wrong.
    """
    kb, problems = load_knowledge(settings.knowledge_dir, review_max_age_days=settings.review_max_age_days)
    refuse_without_safety(problems)
    search = ArticleSearch.build(kb, create_encoder(settings), settings.index_dir,
                                 abstain_below=settings.abstain_below)
    live = LiveSearch(search, settings.knowledge_dir, settings.index_dir, settings.review_max_age_days)
    live.problems = problems
    return live
