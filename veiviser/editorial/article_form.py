"""A knowledge file as the editor's form shows it (one field per part), and the form written back as a file.

The front matter is rewritten with ruamel.yaml's round trip, and a field is written only when its value
changed: every file in `knowledge/` comes back byte for byte when nothing changed, and a one-field edit is a
one-field diff in the history. PyYAML (which the validator uses) cannot keep the files' layout.

Field names are the form's: `title`, `summary`, `statuses`, `note-<status>`, `source-<n>-title|url|publisher`,
`reviewed`, `confidence`, `questions`, `body`, `steps-heading`, `steps`. `field_of_line` maps a validator
problem's line back onto one of them, so the error is shown on the field it belongs to.
"""

import io
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString

from veiviser.knowledge.parser import STEPS_HEADING, split_front_matter, split_steps
from veiviser.knowledge.schema import STATUSES

#: The keys in the order new ones are inserted (the order every file in knowledge/ uses).
KEY_ORDER: Final = ("slug", "topic", "title", "summary", "statuses", "by_status", "sources", "reviewed",
                    "confidence", "questions", "aliases", "translated_from")
#: Empty source rows the form offers beyond the ones a text has.
SPARE_SOURCE_ROWS: Final = 2
_FOLD_WIDTH: Final = 104


class FormError(ValueError):
    """The published text cannot be shown as a form (its front matter is not a YAML mapping)."""


@dataclass(frozen=True)
class SourceRow:
    title: str = ""
    url: str = ""
    publisher: str = ""

    def is_blank(self) -> bool:
        return not (self.title or self.url or self.publisher)


@dataclass
class ArticleForm:
    title: str = ""
    summary: str = ""
    statuses: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    sources: list[SourceRow] = field(default_factory=list)
    reviewed: str = ""
    confidence: str = "checked"
    questions: list[str] = field(default_factory=list)
    body: str = ""
    steps_heading: str = ""
    steps: list[str] = field(default_factory=list)
    #: For a posted form: the row each source came from (blank rows are dropped), to put errors back on it.
    posted_rows: list[int] = field(default_factory=list, compare=False)

    def source_rows(self) -> list[SourceRow]:
        """The sources plus a few empty rows to add more."""
        return [*self.sources, *(SourceRow() for _ in range(SPARE_SOURCE_ROWS))]


def _yaml() -> YAML:
    round_trip = YAML()
    round_trip.preserve_quotes = True
    round_trip.width = 4096  # folded text keeps the line breaks it has; new text is folded by _folded
    round_trip.indent(mapping=2, sequence=4, offset=2)
    return round_trip


def split_file(text: str) -> tuple[str, str]:
    """(front matter, body); ("", text) when the text has no closed front matter."""
    parts = split_front_matter(text)
    return (parts[0], parts[1]) if parts is not None else ("", text)


def _split_steps(body: str) -> tuple[str, str, list[str]]:
    """(the body without its steps section, the section's heading, the steps), as the parser reads them."""
    rest, steps = split_steps(body)
    heading = next((found.group(2) for line in body.splitlines() if (found := STEPS_HEADING.match(line))), "")
    return rest, heading, list(steps)


def form_from_text(text: str) -> ArticleForm:
    """The form for a published text (an empty form for a text that does not exist yet)."""
    front, body = split_file(text)
    if not front.strip():
        return ArticleForm(body=body.strip())
    try:
        data = _yaml().load(front)
    except YAMLError as error:
        raise FormError(f"the front matter is not valid YAML: {error}") from error
    if not isinstance(data, Mapping):
        raise FormError("the front matter is not a mapping of fields")
    rest, heading, steps = _split_steps(body)
    reviewed = data.get("reviewed")
    return ArticleForm(
        title=str(data.get("title") or ""),
        summary=_plain(data.get("summary")),
        statuses=[str(s) for s in data.get("statuses") or []],
        notes={str(k): _plain(v) for k, v in (data.get("by_status") or {}).items()},
        sources=[SourceRow(str(s.get("title") or ""), str(s.get("url") or ""), str(s.get("publisher") or ""))
                 for s in data.get("sources") or [] if isinstance(s, Mapping)],
        reviewed=reviewed.isoformat() if isinstance(reviewed, date) else str(reviewed or ""),
        confidence=str(data.get("confidence") or "checked"),
        questions=[str(q) for q in data.get("questions") or []],
        body=rest, steps_heading=heading, steps=steps)


def _plain(value: object) -> str:
    return " ".join(str(value or "").split())


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def form_from_fields(fields: Mapping[str, str], statuses: Iterable[str]) -> ArticleForm:
    """The form as the browser posted it (`statuses` are the ticked boxes; blank source rows are dropped)."""
    def get(name: str) -> str:
        return str(fields.get(name) or "")

    rows, posted_rows = [], []
    for index in range(200):
        if f"source-{index}-url" not in fields and f"source-{index}-title" not in fields:
            break
        row = SourceRow(get(f"source-{index}-title").strip(), get(f"source-{index}-url").strip(),
                        get(f"source-{index}-publisher").strip())
        if not row.is_blank():
            rows.append(row)
            posted_rows.append(index)
    return ArticleForm(
        title=get("title").strip(), summary=_plain(get("summary")),
        statuses=[s for s in STATUSES if s in set(statuses)],
        notes={s: _plain(get(f"note-{s}")) for s in STATUSES if _plain(get(f"note-{s}"))},
        sources=rows, reviewed=get("reviewed").strip(), confidence=get("confidence") or "checked",
        questions=_lines(get("questions")), body=get("body").replace("\r\n", "\n").strip(),
        steps_heading=get("steps-heading").strip(), steps=_lines(get("steps")), posted_rows=posted_rows)


def _folded(text: str, indent: int) -> FoldedScalarString | str:
    """A long prose value as `>-` folded lines, the way the files are written by hand."""
    if len(text) + indent < 80:
        return text
    folded = FoldedScalarString(text)
    lines = textwrap.wrap(text, _FOLD_WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    positions, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        positions.append(offset)
        offset += 1
    folded.fold_pos = positions  # type: ignore[attr-defined]  # where ruamel breaks the folded lines
    return folded


def _put(data: CommentedMap, key: str, value: object) -> None:
    """Sets `key`, inserting a new key where KEY_ORDER puts it."""
    if key in data:
        data[key] = value
        return
    rank = KEY_ORDER.index(key)
    position = sum(1 for existing in data if existing in KEY_ORDER and KEY_ORDER.index(existing) < rank)
    data.insert(position, key, value)


def _seq(items: Iterable[object], flow: bool = False) -> CommentedSeq:
    seq = CommentedSeq(items)
    if flow:
        seq.fa.set_flow_style()
    return seq


def _reviewed_value(typed: str) -> date | str:
    try:
        return date.fromisoformat(typed)
    except ValueError:
        return typed  # left as typed: the validator names the problem on the reviewed field


def text_from_form(form: ArticleForm, slug: str, topic: str, published: str | None) -> str:
    """The file the form describes, written over `published` so unchanged fields keep their exact text."""
    round_trip = _yaml()
    front, _ = split_file(published or "")
    data = round_trip.load(front) if front.strip() else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    before = form_from_text(published) if data else ArticleForm()
    _put(data, "slug", data.get("slug", slug))
    _put(data, "topic", data.get("topic", topic))
    if form.title != before.title or "title" not in data:
        _put(data, "title", form.title)
    if form.summary != before.summary or "summary" not in data:
        _put(data, "summary", _folded(form.summary, 2))
    if form.statuses != before.statuses or "statuses" not in data:
        _put(data, "statuses", _seq(form.statuses, flow=True))
    if form.notes != before.notes:
        notes = CommentedMap()
        for status in [*before.notes, *STATUSES]:  # the existing order first, then new ones in schema order
            if status in form.notes and status not in notes:
                old = data.get("by_status", {}).get(status)
                notes[status] = old if old is not None and _plain(old) == form.notes[status] \
                    else _folded(form.notes[status], 4)
        if notes:
            _put(data, "by_status", notes)
        else:
            data.pop("by_status", None)
    if form.sources != before.sources or "sources" not in data:
        rows = [CommentedMap([("title", s.title), ("url", s.url), ("publisher", s.publisher)]) for s in form.sources]
        _put(data, "sources", _seq(rows))
    if form.reviewed != before.reviewed or "reviewed" not in data:
        _put(data, "reviewed", _reviewed_value(form.reviewed))
    if form.confidence == "checked":
        data.pop("confidence", None)
    elif form.confidence != before.confidence or "confidence" not in data:
        _put(data, "confidence", form.confidence)
    if form.questions != before.questions or "questions" not in data:
        _put(data, "questions", _seq(form.questions))
    out = io.StringIO()
    round_trip.dump(data, out)
    body = form.body.strip()
    if form.steps:
        numbered = "\n".join(f"{number}. {step}" for number, step in enumerate(form.steps, start=1))
        body = f"{body}\n\n## {form.steps_heading or 'Steps'} {{#steps}}\n\n{numbered}".strip()
    if published is not None and (form.body, form.steps_heading, form.steps) == (
            before.body, before.steps_heading, before.steps):
        body = split_file(published)[1].rstrip("\n")  # untouched body: byte for byte, wrapped steps included
    return f"---\n{out.getvalue()}---\n{body}\n"


_FIELD_PATH: Final = re.compile(r"^(?:missing required field |unknown field )?'?([a-z_]+)(?:\.([A-Za-z0-9_-]+))?(?:\.([a-z]+))?'?(?::|$)")


def field_of_problem(text: str, line: int, message: str) -> str:
    """The form field a validator problem belongs to: by the field path its message starts with
    ("sources.1.url: ...", "missing required field 'questions'"), else by its line."""
    path = _FIELD_PATH.match(message)
    if path and path.group(1) in KEY_ORDER:
        key, part, sub = path.groups()
        if key == "sources" and part is not None and part.isdigit():
            return f"source-{part}-{sub or 'url'}"
        if key == "by_status" and part in STATUSES:
            return f"note-{part}"
        return key.replace("_", "-") if key != "by_status" else "statuses"
    return field_of_line(text, line)


def field_of_line(text: str, line: int) -> str:
    """The form field a problem on `line` (1-based, of `text`) belongs to; "" when none does."""
    front, _ = split_file(text)
    front_lines = front.count("\n")
    if line > front_lines + 2:  # past the closing fence: the body, or its steps section
        body_lines = text.splitlines()[front_lines + 2:]
        index = line - front_lines - 3
        starts = [i for i, row in enumerate(body_lines) if STEPS_HEADING.match(row)]
        return "steps" if starts and index >= starts[0] else "body"
    try:
        root = yaml.compose(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return ""
    if not isinstance(root, yaml.MappingNode):
        return ""
    target = line - 2  # 0-based line within the front matter
    for key, value in root.value:
        if not key.start_mark.line <= target <= max(key.start_mark.line, value.end_mark.line - (
                1 if value.end_mark.column == 0 else 0)):
            continue
        name = str(key.value)
        if name == "by_status" and isinstance(value, yaml.MappingNode):
            for status, note in value.value:
                if status.start_mark.line <= target <= note.end_mark.line:
                    return f"note-{status.value}"
        if name == "sources" and isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                if item.start_mark.line <= target <= item.end_mark.line and isinstance(item, yaml.MappingNode):
                    for part, part_value in item.value:
                        if part.start_mark.line <= target <= part_value.end_mark.line:
                            return f"source-{index}-{part.value}"
                    return f"source-{index}-url"
        return {"by_status": "statuses"}.get(name, name.replace("_", "-"))
    return ""
