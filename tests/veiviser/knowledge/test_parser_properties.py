"""Properties of the front-matter parser, with generated files.

Whatever bytes an editor saves, `parse_article_text` answers with problems (each on a line, with a message),
never an exception; and a valid article rendered to a file parses back to the same fields.
"""

import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from veiviser.knowledge.model import Problem
from veiviser.knowledge.parser import MAX_FILE_BYTES, parse_article_text
from veiviser.knowledge.schema import STATUSES, FrontMatter
from veiviser.knowledge.sources_config import load_official_domains
from veiviser.settings import REPO_ROOT

OFFICIAL_DOMAINS, _ = load_official_domains(REPO_ROOT / "knowledge")

TODAY = date(2026, 6, 1)
PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def article_path() -> Iterator[Path]:
    # One file, rewritten for each example (hypothesis runs many examples per test; tmp_path is per test).
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "general-practitioner" / "en.md"
        path.parent.mkdir()
        yield path


def _parse(path: Path, raw: bytes) -> tuple[object, list[Problem]]:
    path.write_bytes(raw)
    return parse_article_text(path, "en", TODAY, OFFICIAL_DOMAINS)


def _assert_well_formed(raw: bytes, path: Path, text: object, problems: list[Problem]) -> None:
    """The parser's documented answer: the text, or None with at least one error; each problem on a real line."""
    assert text is not None or any(p.severity == "error" for p in problems)
    last_line = raw.count(b"\n") + 1
    for problem in problems:
        assert problem.path == path
        assert isinstance(problem.line, int) and 1 <= problem.line <= last_line + 1, (problem.line, last_line)
        assert isinstance(problem.message, str) and problem.message.strip()
        assert problem.severity in ("error", "warning")


# --- Anything at all -----------------------------------------------------------------------------------------

_YAML_PIECES = st.sampled_from([
    "slug: general-practitioner", "topic: health", "title: GP", "summary: " + "x" * 25, "statuses: [all]",
    "reviewed: 2026-01-15", "reviewed: 2026-01-15 10:00:00", "questions: [a]", "questions:\n  - a\n  - b",
    "sources:\n  - title: t\n    url: https://www.nav.no/\n    publisher: NAV", "- just\n- a list", "just a scalar",
    "~", "null", "[1, 2", "{a: 1", "key: 'unclosed", "\tindented: with a tab", "a: b: c", "? [complex]\n: key",
    "anchor: &a [1, 2]\nalias: *a", "self: &s [*s]", "merge:\n  <<: *undefined", "base: &b {x: 1}\nm:\n  <<: *b",
    "!!python/object/apply:os.system ['true']", "tagged: !!binary aGVsbG8=", "tagged: !custom x", "%YAML 1.1",
    "---", "...", "# a comment", "", " ", "slug: [nested, [deep]]", "by_status: {refugee: x, tourist: y}",
    "questions: &q [*q]", "title: &t {a: *t}", "1: numeric key", "null: null key", "? !!binary AA==\n: x",
    "slug: \"\\ud800\"", "slug: \"\\x00\"", "summary: |\n  block\n  text", "summary: >-\n  folded",
])
_PIECE = st.one_of(_YAML_PIECES, st.text(max_size=40),
                   st.sampled_from(["\r\n", "\n", "\r", "\ufeff", "\x00", "\u2028", "\x85", "\x0c", "---\n",
                                    "---\r\n", "--- \n", "## Do {#steps}\n1. a\n"]))


@st.composite
def front_matter_like(draw: st.DrawFn) -> bytes:
    """Text shaped like a knowledge file: maybe a BOM, fences, YAML-ish lines in any line ending, a body."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = draw(st.lists(_PIECE, max_size=12))
    opening = draw(st.sampled_from(["---", "--- ", "---\t", "", "--", "----", " ---"]))
    closing = draw(st.sampled_from(["---", "", "...", "--- # end"]))
    body = draw(st.text(max_size=60))
    text = newline.join([opening, *lines, closing, body])
    prefix = draw(st.sampled_from(["", "\ufeff", "\ufeff\ufeff"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return (prefix + text).encode(encoding, errors="replace")


@PROPERTIES
@given(raw=st.binary(max_size=400))
def test_any_bytes_give_problems_not_exceptions(article_path: Path, raw: bytes) -> None:
    text, problems = _parse(article_path, raw)
    _assert_well_formed(raw, article_path, text, problems)


@PROPERTIES
@given(raw=st.one_of(front_matter_like(),
                    st.text(max_size=300).map(lambda t: ("---\n" + t).encode("utf-8", "surrogatepass"))))
def test_front_matter_like_text_gives_problems_not_exceptions(article_path: Path, raw: bytes) -> None:
    text, problems = _parse(article_path, raw)
    _assert_well_formed(raw, article_path, text, problems)


@settings(PROPERTIES, max_examples=10)
@given(levels=st.integers(min_value=3, max_value=9), key=st.sampled_from(["questions", "title", "bomb", "by_status"]))
def test_a_yaml_bomb_is_refused_quickly(article_path: Path, levels: int, key: str) -> None:
    # "Billion laughs": each anchor lists the previous one nine times; a naive expansion is 9**levels items.
    anchors = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    anchors += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    raw = "---\n{}\n{}: *a{}\n---\nBody.\n".format("\n".join(anchors), key, levels - 1).encode()
    text, problems = _parse(article_path, raw)
    assert text is None
    _assert_well_formed(raw, article_path, text, problems)


def test_a_file_over_the_size_limit_is_one_problem(article_path: Path) -> None:
    raw = b"---\nslug: x\n---\n" + b"a: [" * (MAX_FILE_BYTES // 4)
    text, problems = _parse(article_path, raw)
    assert text is None and len(problems) == 1 and "the limit is" in problems[0].message


# Found by this file: PyYAML raises a bare ValueError for `2026-02-30`, which escaped the parser.
@settings(PROPERTIES, max_examples=20)
@given(year=st.integers(1900, 2100), month=st.integers(1, 19), day=st.integers(1, 39))
def test_an_impossible_date_is_a_problem_not_an_exception(article_path: Path, year: int, month: int, day: int) -> None:
    try:
        date(year, month, day)
        return
    except ValueError:
        pass
    raw = f"---\nslug: x\nreviewed: {year}-{month:02d}-{day:02d}\n---\nBody.\n".encode()
    text, problems = _parse(article_path, raw)
    _assert_well_formed(raw, article_path, text, problems)
    assert any(p.line == 3 for p in problems)


# --- Round trip ----------------------------------------------------------------------------------------------

# Printable text: no control characters, surrogates or Unicode line separators (editors do not type them,
# and `str.splitlines` treats some of them as line ends).
_CHARS = st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"])
_SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")
_LINE = st.text(_CHARS, min_size=1, max_size=60).map(str.strip).filter(bool)
_BODY_LINE = st.text(_CHARS, max_size=60).filter(lambda line: not line.lstrip().startswith(("#", "---", "1.")))


@st.composite
def front_matter(draw: st.DrawFn) -> FrontMatter:
    statuses = draw(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3, unique=True))
    sources = draw(st.lists(st.builds(
        dict, title=_LINE, publisher=_LINE,
        url=st.builds("https://{}{}/{}".format, st.sampled_from(["", "www."]),
                      st.sampled_from(sorted(OFFICIAL_DOMAINS)), st.from_regex(r"\A[a-z0-9/-]{0,20}\Z"))),
        min_size=1, max_size=3))
    return FrontMatter.model_validate({
        "slug": draw(_SLUG), "topic": draw(_SLUG), "title": draw(_LINE),
        "summary": draw(st.text(_CHARS, min_size=20, max_size=200).map(str.strip).filter(lambda s: len(s) >= 20)),
        "statuses": statuses,
        "by_status": draw(st.dictionaries(st.sampled_from(STATUSES), _LINE, max_size=2)),
        "sources": sources,
        "reviewed": TODAY - timedelta(days=draw(st.integers(0, 5000))),
        "confidence": draw(st.sampled_from(["checked", "needs-review"])),
        "questions": draw(st.lists(_LINE, min_size=1, max_size=4)),
        "aliases": draw(st.lists(_SLUG, max_size=2)),
    }, context={"today": TODAY, "official_domains": OFFICIAL_DOMAINS})


def _render(meta: FrontMatter, body_lines: list[str], steps: list[str], newline: str, bom: bool) -> bytes:
    front = yaml.safe_dump(meta.model_dump(mode="python"), allow_unicode=True, sort_keys=False)
    parts = ["---", front.rstrip("\n"), "---", *body_lines]
    if steps:
        parts += ["", "## What to do {#steps}", ""] + [f"{n}. {step}" for n, step in enumerate(steps, 1)]
    text = "\n".join(parts) + "\n"
    return ("\ufeff" if bom else "").encode() + text.replace("\n", newline).encode("utf-8")


@PROPERTIES
@given(meta=front_matter(), body_lines=st.lists(_BODY_LINE, max_size=5), steps=st.lists(_LINE, max_size=4),
       newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_a_valid_article_round_trips(article_path: Path, meta: FrontMatter, body_lines: list[str], steps: list[str],
                                     newline: str, bom: bool) -> None:
    raw = _render(meta, body_lines, steps, newline, bom)
    text, problems = _parse(article_path, raw)
    assert problems == []
    assert text is not None
    assert text.meta == meta
    assert text.steps == tuple(steps)
    assert text.body.replace("\r\n", "\n") == "\n".join(body_lines).strip()
