"""What the running API holds: the live search over the knowledge, and the Rasa client."""

from dataclasses import dataclass, field

from api.rate_limit import RateLimiter
from api.admin_session import AdminSessions
from api.chat_sessions import ChatSessionIds
from api.dashboard_cache import DashboardCache
from api.rasa_client import RasaClient
from veiviser.editorial.accounts import AccountStore
from veiviser.editorial.drafts import Editorial
from veiviser.retrieval.live import LiveSearch
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import Settings
from veiviser.storage.feedback import FeedbackStore
from veiviser.storage.insight import InsightStore
from veiviser.understanding.language import UnsupportedLanguageCheck


@dataclass
class AppState:
    settings: Settings
    live: LiveSearch
    rasa: RasaClient
    feedback: FeedbackStore
    insight: InsightStore
    limiter: RateLimiter
    admin_sessions: AdminSessions
    chat_sessions: ChatSessionIds
    login_limiter: RateLimiter
    accounts: AccountStore
    editorial: Editorial
    unsupported_languages: UnsupportedLanguageCheck = field(default_factory=UnsupportedLanguageCheck)
    dashboard: DashboardCache = field(default_factory=DashboardCache)

    @property
    def search(self) -> ArticleSearch:
        """The current search; read it once per request so one request sees one version."""
        return self.live.current
