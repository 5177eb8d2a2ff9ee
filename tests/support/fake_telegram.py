"""A stand-in for Telegram's Bot API on loopback: answers the calls Rasa's Telegram channel makes and keeps
what it was asked to send, so a test can read the conversation as a Telegram user would see it."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_NAME = "veiviser_test_bot"


@dataclass
class FakeBotApi:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeBotApi":
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the standard library's name
                method = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                kind = self.headers.get("Content-Type", "")
                params = json.loads(body) if "json" in kind else {k: v[-1] for k, v in parse_qs(body).items()}
                api.calls.append((method, params))
                self._answer(api.result(method, params))

            do_GET = do_POST  # noqa: N815

            def _answer(self, result: Any) -> None:
                data = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()

    def result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": 1, "is_bot": True, "first_name": "Veiviser", "username": BOT_NAME}
        if method == "sendMessage":
            return {"message_id": len(self.calls), "date": 0, "text": params.get("text", ""),
                    "chat": {"id": int(params.get("chat_id", 0)), "type": "private"}}
        return True  # setWebhook and the like

    def sent(self, chat_id: int) -> list[dict[str, Any]]:
        """What was sent to one chat: each message's text and its buttons (title, data), in order."""
        messages = []
        for method, params in list(self.calls):
            if method != "sendMessage" or str(params.get("chat_id")) != str(chat_id):
                continue
            markup = json.loads(params["reply_markup"]) if params.get("reply_markup") else {}
            buttons = [(b["text"], b.get("callback_data")) for row in markup.get("inline_keyboard", []) for b in row]
            messages.append({"text": params.get("text", ""), "buttons": buttons})
        return messages
