"""Reads one knowledge file: front matter (YAML, checked by `FrontMatter`) and a Markdown body.

Every problem carries the line it is on, so editors can jump to it: the YAML is composed once to
learn where each key and list item sits, and pydantic's error locations are mapped onto those lines.
"""

import re
from datetime import date
from pathlib import Path

import yaml
from pydantic import ValidationError

from veiviser.knowledge.model import ArticleText, Problem
from veiviser.knowledge.schema import FrontMatter
from veiviser.knowledge.sources_config import load_official_domains

MAX_FILE_BYTES = 200_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~10x faster; same results
_FENCE = re.compile(r"^---\s*$")
#: The heading that opens the steps section: its level, and its text before the `{#steps}` mark.
STEPS_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{#steps\}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+")
_NUMBERED_ITEM = re.compile(r"^\s{0,3}\d{1,2}[.)]\s+(.*)$")


class _LineFinder:
    """Maps a pydantic error location such as ("sources", 1, "url") to a line in the file."""

    def __init__(self, root: yaml.Node | None, first_line: int) -> None:
        self._root = root
        self._first_line = first_line

    def line_of(self, location: tuple[object, ...]) -> int:
        node = self._root
        best = node.start_mark.line if node is not None else 0
        for part in location:
            child = self._child(node, part)
            if child is None:
                break
            node, best = child, child.start_mark.line
        return self._first_line + best

    @staticmethod
    def _child(node: yaml.Node | None, part: object) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    return key if not isinstance(value, yaml.CollectionNode) else value
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            return node.value[part]
        return None


def _impossible_date_line(node: yaml.Node) -> int | None:
    """The 0-based line of the first YAML timestamp that is not a real date, searched depth first."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                date.fromisoformat(str(node.value)[:10])
            except ValueError:
                return int(node.start_mark.line)
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [item for pair in node.value for item in pair] if isinstance(node, yaml.MappingNode) else [])
    for child in children:
        line = _impossible_date_line(child)
        if line is not None:
            return line
    return None


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line number where the body starts) or None when there is no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0]):
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    return None


def split_steps(body: str) -> tuple[str, tuple[str, ...]]:
    """Separates the optional steps section (a heading ending in `{#steps}` + a numbered list) from the body.

    >>> split_steps("Intro.\\n\\n## Do this {#steps}\\n\\n1. Book.\\n2. Go.\\n")
    ('Intro.', ('Book.', 'Go.'))
    """
    lines = body.splitlines()
    start = next((i for i, line in enumerate(lines) if STEPS_HEADING.match(line)), None)
    if start is None:
        return body.strip(), ()
    level = len(STEPS_HEADING.match(lines[start]).group(1))  # type: ignore[union-attr]
    end = len(lines)
    for i in range(start + 1, len(lines)):
        heading = _HEADING.match(lines[i])
        if heading and len(heading.group(1)) <= level:
            end = i
            break
    steps: list[str] = []
    for line in lines[start + 1:end]:
        item = _NUMBERED_ITEM.match(line)
        if item:
            steps.append(item.group(1).strip())
        elif line.strip() and steps:  # a continuation line belongs to the step above it
            steps[-1] = f"{steps[-1]} {line.strip()}"
    rest = "\n".join(lines[:start] + lines[end:]).strip()
    return rest, tuple(steps)


def _decode(raw: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")]
    if b"\x00" in raw:
        return None, [Problem(path, 1, "file is binary (contains NUL bytes), not Markdown text")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, f"file is not valid UTF-8 (byte {error.start}): save it as UTF-8")]


def parse_article_text(path: Path, language: str, today: date | None = None,
                       official_domains: frozenset[str] | None = None) -> tuple[ArticleText | None, list[Problem]]:
    """Parses `path`; returns the text (None when it cannot be used) and every problem found. Sources are
    checked against `official_domains`, by default those of the knowledge folder the file is in.

        text, problems = parse_article_text(Path("knowledge/school/en.md"), "en")
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read file: {error.strerror}")]
    text, problems = _decode(raw, path)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        return None, [Problem(path, 1, "missing front matter: the file must start with a '---' line and close it with another")]
    front, body, body_line = parts
    try:
        # libyaml's loader, composed once: the line numbers come from the node tree, the values from it too.
        loader = _Loader(front)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(path, line, f"front matter is not valid YAML: {reason}")]
    except ValueError as error:  # a date-shaped value that is no date, e.g. 2026-02-30
        line = _impossible_date_line(root) if root is not None else None
        return None, [Problem(path, 2 + line if line is not None else 1, f"front matter has an impossible date: {error}")]
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "front matter must be a YAML mapping of fields (key: value)")]
    finder = _LineFinder(root, first_line=2)
    try:
        if official_domains is None:
            official_domains, _ = load_official_domains(path.parent.parent)  # its problems are the loader's to report
        meta = FrontMatter.model_validate(data, context={"today": today or date.today(),
                                                         "official_domains": official_domains})
    except ValidationError as error:
        for issue in error.errors():
            location = tuple(issue["loc"])
            field = ".".join(str(part) for part in location) or "front matter"
            message = issue["msg"].removeprefix("Value error, ")
            if issue["type"] == "missing":
                problems.append(Problem(path, finder.line_of(()), f"missing required field '{field}'"))
            elif issue["type"] == "extra_forbidden":
                problems.append(Problem(path, finder.line_of(location), f"unknown field '{field}'"))
            else:
                problems.append(Problem(path, finder.line_of(location), f"{field}: {message}"))
        return None, problems
    problems += _wrapped_list_markers(path, body, body_line)
    body_text, steps = split_steps(body)
    return ArticleText(language=language, meta=meta, body=body_text, steps=steps, path=path), problems


#: A line of running text, and a line after it that starts like a numbered list item ("1. august 2024 ...").
_RUNNING_TEXT = re.compile(r"^\s{0,3}[^\s#>*+\-\d|]")
_NUMBER_MARKER = re.compile(r"^\s{0,3}\d{1,2}[.)]\s")


def _wrapped_list_markers(path: Path, body: str, first_line: int) -> list[Problem]:
    """A hard wrap that puts a number and a dot at the start of a line inside a paragraph ("... Before /
    1. August 2024 ...") makes Markdown start a numbered list there: the date loses its day on the page and
    in the index."""
    lines = body.splitlines()
    return [Problem(path, first_line + index,
                    "a wrapped line starts with a number and a dot, which Markdown reads as a numbered list: "
                    "move the number to the end of the line before", severity="warning")
            for index in range(1, len(lines))
            if _NUMBER_MARKER.match(lines[index]) and _RUNNING_TEXT.match(lines[index - 1])
            and not lines[index - 1].rstrip().endswith(":")]  # "Do this:" then "1. ..." is a list
