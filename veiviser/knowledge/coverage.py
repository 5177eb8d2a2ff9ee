"""Which languages each article has, and whether the catalogue's requirements are met."""

from dataclasses import dataclass

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.languages import FULL_TEXT_LANGUAGES, SUPPORTED_LANGUAGES

FULL, SUMMARY, MISSING = "full", "summary", "-"
MIN_QUESTIONS_PER_LANGUAGE = 5


@dataclass(frozen=True)
class CoverageRow:
    slug: str
    cells: dict[str, str]  # language -> FULL | SUMMARY | MISSING
    in_catalogue: bool

    @property
    def gaps(self) -> list[str]:
        """What this article still lacks against the requirements (full text in nb/en/uk, summary elsewhere)."""
        found = [f"{code}: full text missing" for code in FULL_TEXT_LANGUAGES if self.cells[code] != FULL]
        found += [f"{code}: missing" for code in SUPPORTED_LANGUAGES if self.cells[code] == MISSING
                  and code not in FULL_TEXT_LANGUAGES]
        return found


def coverage_rows(kb: KnowledgeBase, catalogue: dict[str, str]) -> list[CoverageRow]:
    rows = []
    for slug in sorted(set(catalogue) | set(kb.articles)):
        article = kb.articles.get(slug)
        cells = {}
        for code in SUPPORTED_LANGUAGES:
            text = article.texts.get(code) if article else None
            cells[code] = MISSING if text is None else FULL if text.is_full_text else SUMMARY
        rows.append(CoverageRow(slug, cells, slug in catalogue))
    return rows


def render_table(rows: list[CoverageRow]) -> str:
    """A plain-text slug x language table; `*` marks an article that is not in the catalogue."""
    width = max([len(r.slug) for r in rows] + [4]) + 2
    header = "slug".ljust(width) + " ".join(code.ljust(7) for code in SUPPORTED_LANGUAGES)
    lines = [header, "-" * len(header)]
    for row in rows:
        name = row.slug + ("" if row.in_catalogue else " *")
        lines.append(name.ljust(width) + " ".join(row.cells[c].ljust(7) for c in SUPPORTED_LANGUAGES))
    complete = sum(1 for r in rows if r.in_catalogue and not r.gaps)
    required = sum(1 for r in rows if r.in_catalogue)
    lines.append(f"\n{complete}/{required} catalogue articles complete "
                 f"(full text in {', '.join(FULL_TEXT_LANGUAGES)}; at least a summary in the others)")
    return "\n".join(lines)
