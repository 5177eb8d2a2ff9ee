"""Request and response shapes, as they appear in the OpenAPI schema."""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from veiviser.languages import SUPPORTED_LANGUAGES, is_supported
from veiviser.messages import LanguageCode, Message

#: NUL bytes and the replacement character: binary data or text that was not UTF-8, refused.
_BINARY = re.compile(r"[\x00\ufffd]")
#: Other control characters (a bell, a stray C1 code from a terminal or a copy-paste): dropped, not refused.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: What `text_problem` accepts, said in the schema (so generated clients and fuzzers know): no NUL or
#: replacement character, and at least one character that is not a space or a control character. The check
#: itself stays in code, for its specific message.
USABLE_TEXT_PATTERN = r"^[^\x00\uFFFD]*[^\s\x00-\x1F\x7F-\x9F\uFFFD][^\x00\uFFFD]*$"

MAX_MESSAGE_CHARS = 2000
MAX_QUERY_CHARS = 500

def text_problem(text: str) -> str | None:
    """Why `text` is not usable as a question, or None when it is.

    >>> text_problem("Hvordan får jeg fastlege?") is None, text_problem("\\x00\\x01"), text_problem("  ")
    (True, 'is binary or not UTF-8 text', 'is empty')
    """
    if _BINARY.search(text):
        return "is binary or not UTF-8 text"
    if not without_controls(text).strip():
        return "is empty"
    return None


def without_controls(text: str) -> str:
    """`text` without control characters other than tab and line breaks.

    >>> without_controls("Hei\x07, hvordan får jeg fastlege?\x9b")
    'Hei, hvordan får jeg fastlege?'
    """
    return _CONTROL.sub("", text)


class SearchHit(BaseModel):
    article: str = Field(description="The article's slug")
    title: str
    language: LanguageCode = Field(description="Language of the title shown")
    score: float


class SearchResponse(BaseModel):
    query_language: LanguageCode
    confident: bool = Field(description="False when the assistant would abstain rather than answer")
    results: list[SearchHit]


class SourceOut(BaseModel):
    title: str
    url: str
    publisher: str


class ArticleOut(BaseModel):
    slug: str
    language: LanguageCode = Field(description="Language of the text returned (may be a fallback)")
    title: str
    summary: str
    body: str
    body_language: LanguageCode = Field(description="Language of `body`: the full text may exist only in another language")
    steps: list[str]
    sources: list[SourceOut]
    reviewed: str
    confidence: Literal["checked", "needs-review"]
    statuses: list[str] = Field(description="Who the article applies to")
    by_status: dict[str, str] = Field(description="What applies to each status where the rules differ")
    available_languages: list[LanguageCode]


def _usable_message(message: str) -> str:
    problem = text_problem(message)
    if problem:
        raise ValueError(f"message {problem}")
    return without_controls(message)


#: What a user wrote: non-empty text, at most MAX_MESSAGE_CHARS, no binary or undecodable bytes.
UserMessage = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS, description="What the user wrote",
                                   json_schema_extra={"pattern": USABLE_TEXT_PATTERN}),
                        AfterValidator(_usable_message)]
#: A conversation id: issued by the server for /api/chat, chosen by the client on the Rasa-shaped webhook.
SessionId = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$",
                                 description="Opaque id that keeps the conversation together")]


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session_id: SessionId | None = Field(default=None, description=(
        "The id the reply to this conversation's first message returned. Leave it out to start a conversation; "
        "an id the server did not issue is refused (403)."))
    message: UserMessage
    language: str | None = Field(default=None, description="The user's chosen language; detected when absent",
                                 examples=["uk"], json_schema_extra={"enum": [*SUPPORTED_LANGUAGES, None]})
    page_language: str | None = Field(default=None, examples=["ar"], description=(
        "The language the page or widget was opened in: the reply language for short or language-neutral "
        "messages ('ok', '👍') when the conversation has none yet. Not a choice: a clear message in another of "
        "our languages is answered in that language. A code we do not support is ignored (a browser's own "
        "language may be any)."))

    @field_validator("page_language")
    @classmethod
    def _ours_or_nothing(cls, language: str | None) -> str | None:
        return language if language is not None and is_supported(language) else None

    @field_validator("language")
    @classmethod
    def _known_language(cls, language: str | None) -> str | None:
        if language is not None and not is_supported(language):
            raise ValueError(f"unsupported language {language!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}")
        return language


class ChatResponse(BaseModel):
    session_id: str = Field(description="The conversation's id, issued by the server: send it with every next "
                                        "message of this conversation")
    language: LanguageCode
    user_text: str = Field(default="", description="The user's message as it may be stored and shown again: "
                                                   "ID, phone and account numbers and e-mail addresses redacted")
    messages: list[Message] = Field(description="The replies in order; `type` says which kind each is")
    degraded: bool = Field(default=False, description="True when the dialogue service was down and the answer "
                                                       "came straight from retrieval")


class ErrorOut(BaseModel):
    detail: str | list[dict[str, Any]]


class ReadinessOut(BaseModel):
    ready: bool = Field(description="True when the API can answer: ok or degraded")
    status: Literal["ok", "degraded", "unavailable"] = Field(
        description="degraded: Rasa or the action server is down and chat answers from retrieval alone")
    parts: dict[str, str] = Field(description="Each part and its state: ok, or what is wrong")
