"""The front matter of a knowledge file, as a pydantic model.

Validation needs to know "today" to refuse future review dates, and the official domains sources may cite
(`knowledge/_sources.yml`); pass both in the validation context
(`FrontMatter.model_validate(data, context={"today": date(2026, 1, 1), "official_domains": {"udi.no"}})`).
"""

import re
from datetime import date
from typing import Annotated, Final, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

from veiviser.knowledge.official_domains import is_official_url

STATUSES: Final[tuple[str, ...]] = (
    "collective-protection", "asylum-seeker", "refugee", "family", "labour-non-eea", "eea", "student", "all",
)
Status = Literal[
    "collective-protection", "asylum-seeker", "refugee", "family", "labour-non-eea", "eea", "student", "all",
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
_HOST = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$")


def official_https_url(url: str, info: ValidationInfo) -> str:
    """`url` when it is https on an official domain (the validation context's `official_domains`)."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"source url must start with https:// (got {url!r})")
    if not parts.hostname or not _HOST.match(parts.hostname) or " " in url:
        raise ValueError(f"not a valid URL: {url!r}")
    domains = (info.context or {}).get("official_domains")
    if domains is None:  # a programming error, not an editor's: never accept a source unchecked
        raise ValueError("no official domains to check against (validate with context={'official_domains': ...})")
    if not is_official_url(url, domains):
        raise ValueError(f"{parts.hostname} is not on the list of official domains (knowledge/_sources.yml)")
    return url


class Source(BaseModel):
    """An official page the article's facts come from."""

    model_config = ConfigDict(extra="forbid")
    title: Line
    url: str
    publisher: Line

    @field_validator("url")
    @classmethod
    def _official(cls, url: str, info: ValidationInfo) -> str:
        return official_https_url(url, info)


class FrontMatter(BaseModel):
    """What every knowledge file declares above its body."""

    model_config = ConfigDict(extra="forbid")
    slug: Slug
    topic: Slug
    title: Line
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=1000)]
    statuses: list[Status] = Field(min_length=1)
    by_status: dict[Status, Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]] = {}
    sources: list[Source] = Field(min_length=1)
    reviewed: date
    confidence: Literal["checked", "needs-review"] = "checked"
    questions: list[Line] = Field(min_length=1)
    aliases: list[Slug] = []
    #: A translation's source version: "<language>@<fingerprint>" of the text it was made from
    #: (`veiviser.editorial.translations`); when the source changes, the translation shows as outdated.
    translated_from: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}@[0-9a-f]{12}$")] | None = None

    @field_validator("reviewed")
    @classmethod
    def _not_in_future(cls, reviewed: date, info: ValidationInfo) -> date:
        today = (info.context or {}).get("today") or date.today()
        if reviewed > today:
            raise ValueError(f"review date {reviewed.isoformat()} is in the future")
        return reviewed
