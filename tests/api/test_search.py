"""GET /api/search."""

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.model


def test_search_returns_ranked_articles_with_titles_in_the_users_language(api_client: TestClient) -> None:
    response = api_client.get("/api/search", params={"q": "Як записатися на перевірку ID у податковій?", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query_language"] == "uk"
    assert body["confident"] is True
    assert len(body["results"]) == 3
    first = body["results"][0]
    assert first["article"] == "id-check-and-population-register"
    assert first["language"] == "uk" and "Folkeregisteret" in first["title"]
    assert [r["score"] for r in body["results"]] == sorted((r["score"] for r in body["results"]), reverse=True)


def test_search_with_an_explicit_language(api_client: TestClient) -> None:
    body = api_client.get("/api/search", params={"q": "fastlege", "lang": "so"}).json()
    assert body["query_language"] == "so"
    assert body["results"][0]["language"] == "so"


def test_undecodable_bytes_in_the_query_are_refused(api_client: TestClient) -> None:
    response = api_client.get("/api/search?q=%FF%FE%00")
    assert response.status_code == 422
    assert "binary or not UTF-8" in response.text


def test_out_of_scope_is_not_confident(api_client: TestClient) -> None:
    body = api_client.get("/api/search", params={"q": "best pizza recipe with pineapple"}).json()
    assert body["confident"] is False


@pytest.mark.parametrize(("params", "fragment"), [
    ({"q": ""}, "at least 1 character"),
    ({"q": "   "}, "q is empty"),
    ({"q": "x" * 10_000}, "at most 500 characters"),
    ({"q": "skattekort", "lang": "de"}, "unsupported language 'de'"),
    ({"q": "skattekort", "k": 0}, "greater than or equal to 1"),
    ({"q": "skattekort", "k": "many"}, "valid integer"),
    ({}, "Field required"),
    ({"q": "\x00\x01\x02binary"}, "q is binary or not UTF-8 text"),
])
def test_bad_search_input_gets_a_clear_4xx(api_client: TestClient, params: dict[str, object], fragment: str) -> None:
    response = api_client.get("/api/search", params=params)
    assert response.status_code == 422
    assert fragment in response.text
