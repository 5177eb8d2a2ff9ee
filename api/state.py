"""What the running API holds: the knowledge, the search over it, and the Rasa client."""

from dataclasses import dataclass

from api.rasa_client import RasaClient
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import Settings


@dataclass
class AppState:
    settings: Settings
    search: ArticleSearch
    rasa: RasaClient
