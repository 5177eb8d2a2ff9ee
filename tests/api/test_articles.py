"""GET /api/articles/{slug}."""

from fastapi.testclient import TestClient

from veiviser.knowledge.loader import KnowledgeBase


def test_article_in_the_requested_language(api_client: TestClient, knowledge: KnowledgeBase) -> None:
    body = api_client.get("/api/articles/general-practitioner", params={"lang": "uk"}).json()
    assert body["slug"] == "general-practitioner"
    assert body["language"] == "uk" and body["body_language"] == "uk"
    assert body["body"] and body["summary"] and body["sources"]
    # The review date of the Ukrainian file itself, not the English one's or today's.
    assert body["reviewed"] == knowledge.articles["general-practitioner"].texts["uk"].meta.reviewed.isoformat()
    assert set(body["available_languages"]) >= {"nb", "en", "uk", "so"}


def test_article_says_what_applies_to_whom(api_client: TestClient) -> None:
    body = api_client.get("/api/articles/norwegian-training-right-and-duty", params={"lang": "en"}).json()
    assert {"refugee", "labour-non-eea", "collective-protection", "asylum-seeker", "eea"} <= set(body["by_status"])
    assert "175" in body["by_status"]["asylum-seeker"]


def test_every_language_gets_its_own_body(api_client: TestClient) -> None:
    # The fallback to another language's body is tested on a summary-only file in tests/veiviser/test_answers.py.
    body = api_client.get("/api/articles/general-practitioner", params={"lang": "ti"}).json()
    assert body["language"] == "ti"
    assert body["body_language"] == "ti" and body["body"]


def test_unknown_slug_is_404(api_client: TestClient) -> None:
    response = api_client.get("/api/articles/no-such-article")
    assert response.status_code == 404
    assert response.json() == {"detail": "no article 'no-such-article'"}


def test_unknown_language_is_422(api_client: TestClient) -> None:
    response = api_client.get("/api/articles/general-practitioner", params={"lang": "klingon"})
    assert response.status_code == 422
    assert "unsupported language 'klingon'" in response.text
