"""The reply contract: one pydantic model per message type the assistant sends, in one discriminated union.

A foundation module (pure types, nothing of ours but the language codes), so the answer builders, the policy,
the actions and the API all share it. The actions send `message.model_dump()` as Rasa custom JSON; the API
parses it back into `Message`, so OpenAPI lists every type and a malformed reply fails loudly at the boundary.
Every message has a `text` rendering for text-only channels and may have `buttons` (a title and a Rasa payload).
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

LanguageCode = Literal["nb", "nn", "en", "uk", "ru", "pl", "lt", "ar", "so", "ti", "fa"]


class Button(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    payload: str = Field(description='A Rasa payload, e.g. /choose_article{"article": "school"}')


class _Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: LanguageCode | None = Field(default=None, description="The language the text is written for")
    text: str = Field(description="The whole message as plain text, for text-only channels")
    buttons: list[Button] = []


class Source(BaseModel):
    title: str
    url: str
    publisher: str


class ShortAnswer(BaseModel):
    sentences: list[str] = Field(description="The article's sentences that answer this question")
    language: LanguageCode


class ArticleCard(BaseModel):
    slug: str
    title: str
    summary: str
    language: LanguageCode = Field(description="Language of the text shown (may be a fallback)")
    status: str | None = Field(default=None, description="The status whose part of the article is shown")
    status_note: str | None = None
    steps: list[str] = []
    sources: list[Source]
    reviewed: str = Field(description="ISO date the article was last reviewed")
    reviewed_display: str = Field(description="The same date written the reader's way")
    confidence: Literal["checked", "needs-review"]
    full_text_language: LanguageCode
    short_answer: ShortAnswer | None = None


class AnswerMessage(_Reply):
    type: Literal["answer"] = "answer"
    notices: list[str] = Field(default=[], description="Fallback language, needs-review and similar notes")
    article: ArticleCard


class SafetyMessage(_Reply):
    """Help contacts, always before anything else in the reply."""
    type: Literal["safety"] = "safety"
    level: Literal["notice", "urgent"]
    category: str | None = Field(default=None, description="The kind of danger, for urgent help")


class ClarifyMessage(_Reply):
    """Two or three close articles as buttons instead of a guess."""
    type: Literal["clarify"] = "clarify"


class Agency(BaseModel):
    name: str
    url: str
    phone: str | None = None


class AbstainMessage(_Reply):
    """An honest "I'm not sure", with the agency to ask and the closest articles."""
    type: Literal["abstain"] = "abstain"
    agencies: list[Agency] = []


class TextMessage(_Reply):
    """A sentence from the catalogs: greetings, thanks, confirmations."""
    type: Literal["text"] = "text"


class NoticeMessage(_Reply):
    """A note about the reply itself: partly down, or the languages we answer in."""
    type: Literal["notice"] = "notice"


class StatusQuestion(_Reply):
    type: Literal["status-question"] = "status-question"


class StatusAssumed(_Reply):
    """Which status the answer assumed from the user's words, with the others to switch to."""
    type: Literal["status-assumed"] = "status-assumed"
    status: str


class ChecklistItem(BaseModel):
    slug: str
    title: str
    language: LanguageCode


class ChecklistMessage(_Reply):
    type: Literal["checklist"] = "checklist"
    status: str
    items: list[ChecklistItem]


class Contact(BaseModel):
    name: str
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    timezone: str = "Europe/Oslo"
    opening_hours: dict[str, str] = {}


class HandoffMessage(_Reply):
    type: Literal["handoff"] = "handoff"
    contact: Contact
    open_now: bool | None = Field(default=None, description="None when the opening hours are not known")


class FeedbackQuestion(_Reply):
    type: Literal["feedback-question"] = "feedback-question"


Message = Annotated[
    AnswerMessage | SafetyMessage | ClarifyMessage | AbstainMessage | TextMessage | NoticeMessage | StatusQuestion
    | StatusAssumed | ChecklistMessage | HandoffMessage | FeedbackQuestion,
    Field(discriminator="type"),
]
MESSAGE_ADAPTER: TypeAdapter[Message] = TypeAdapter(Message)
#: Every `type` a reply can have; the widget must render each (a test checks).
MESSAGE_TYPES: frozenset[str] = frozenset(
    model.model_fields["type"].default for model in (
        AnswerMessage, SafetyMessage, ClarifyMessage, AbstainMessage, TextMessage, NoticeMessage, StatusQuestion,
        StatusAssumed, ChecklistMessage, HandoffMessage, FeedbackQuestion))


def parse_message(data: object) -> Message:
    """A reply from the wire (Rasa custom JSON) as its typed model; raises pydantic's ValidationError.

    >>> parse_message({"type": "text", "language": "nb", "text": "Hei!"}).type
    'text'
    """
    return MESSAGE_ADAPTER.validate_python(data)
