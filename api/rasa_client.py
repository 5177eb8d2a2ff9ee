"""Talks to Rasa over its REST channel; the only way the API reaches the dialogue."""

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer (down, starting, or too slow)."""


class RasaClient:
    """A thin async client for Rasa's REST channel (`POST /webhooks/rest/webhook`).

        messages = await RasaClient("http://127.0.0.1:5005").send("s1", "hei", {"language": "nb"})
    """

    def __init__(self, base_url: str, timeout_seconds: float = 20.0, actions_url: str | None = None) -> None:
        self._client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout_seconds)
        self._actions_url = actions_url.rstrip("/") if actions_url else None

    async def send(self, sender: str, message: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": message, "metadata": metadata})
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        if not isinstance(messages, list):
            raise RasaUnavailable("unexpected reply from Rasa")
        return messages

    async def is_ready(self) -> str:
        """'ok', or why not."""
        # The REST channel's health route answers only once the model is loaded and channels are up,
        # and needs no `--enable-api` (which would expose the tracker endpoints).
        try:
            response = await self._client.get("/webhooks/rest/", timeout=2.0)
        except httpx.HTTPError as error:
            return f"unreachable ({type(error).__name__})"
        return "ok" if response.status_code == 200 else f"status {response.status_code}"

    async def actions_ready(self) -> str:
        """'ok', or why not: the action server's own health route (Rasa does not report it)."""
        if self._actions_url is None:
            return "not configured"
        try:
            response = await self._client.get(f"{self._actions_url}/health", timeout=2.0)
        except httpx.HTTPError as error:
            return f"unreachable ({type(error).__name__})"
        return "ok" if response.status_code == 200 else f"status {response.status_code}"

    async def close(self) -> None:
        await self._client.aclose()
