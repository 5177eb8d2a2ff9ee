"""Telegram, through the real Rasa and our actions, against a fake Bot API on loopback: a Ukrainian question
gets the answer card as text with its source, with buttons that fit Telegram's 64 bytes and work when pressed,
and nothing of our structured replies reaches the Bot API as stray parameters."""

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.fake_telegram import BOT_NAME, FakeBotApi
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.settings import Settings
from veiviser.stack import BOT_DIR, RASA_BIN, RASA_PYTHONPATH, Stack, free_port

pytestmark = [pytest.mark.rasa, pytest.mark.model]
CHAT = 4242


@pytest.fixture(scope="module")
def telegram(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeBotApi, Stack]]:
    fake = FakeBotApi().start()
    root = Path(tmp_path_factory.mktemp("telegram"))
    credentials = root / "credentials.yml"
    credentials.write_text(f"""rest:
veiviser_rasa.telegram.TelegramInput:
  access_token: "123456:TEST-token-for-a-fake-bot-api"
  verify: "{BOT_NAME}"
  webhook_url: "https://veiviser.example/webhooks/telegram/webhook"
  api_url: "{fake.url}"
""", encoding="utf-8")
    stack = Stack(settings.model_copy(update={"data_dir": root}), rasa_port=free_port(), actions_port=free_port(),
                  api_port=None, tracker_db=root / "tracker.db", credentials=credentials)
    stack.start()
    yield fake, stack
    stack.stop()
    fake.stop()


def _update(number: int, text: str | None = None, pressed: str | None = None) -> dict:
    chat = {"id": CHAT, "type": "private"}
    person = {"id": CHAT, "is_bot": False, "first_name": "Olena"}
    message = {"message_id": number, "date": 0, "chat": chat, "from": person, "text": text or "…"}
    if pressed is None:
        return {"update_id": number, "message": message}
    return {"update_id": number, "callback_query": {"id": str(number), "from": person, "message": message,
                                                   "chat_instance": "1", "data": pressed}}


def _deliver(stack: Stack, update: dict) -> None:
    reply = httpx.post(f"{stack.rasa_url}/webhooks/telegram/webhook", json=update, timeout=120)
    assert reply.status_code == 200 and reply.text == "success", reply.text


def test_a_question_gets_the_answer_as_text_with_its_source_and_working_buttons(
        telegram: tuple[FakeBotApi, Stack], knowledge: KnowledgeBase) -> None:
    fake, stack = telegram
    assert ("setWebhook", {"url": "https://veiviser.example/webhooks/telegram/webhook"}) in fake.calls
    _deliver(stack, _update(1, "Як записатися на перевірку ID у податковій?"))
    sent = fake.sent(CHAT)
    text = "\n".join(message["text"] for message in sent)
    article = knowledge.articles["id-check-and-population-register"].texts["uk"]
    assert article.summary[:60] in text and article.sources[0].url in text
    buttons = [button for message in sent for button in message["buttons"]]
    assert buttons and all(len(data.encode()) <= 64 for _, data in buttons)
    unexpected = {key for method, params in fake.calls if method == "sendMessage" for key in params} - {
        "chat_id", "text", "reply_markup"}
    assert unexpected == set()  # no `type`, `article`, ... from our structured copy

    before = len(fake.sent(CHAT))
    title, data = buttons[0]
    _deliver(stack, _update(2, pressed=data))
    assert len(fake.sent(CHAT)) > before, f"pressing {title!r} got no reply"
    log = stack.service("rasa").log_path.read_text(encoding="utf-8", errors="replace")
    assert "Exception when trying to handle message" not in log


def test_long_payloads_are_carried_in_64_bytes_and_restored_in_rasas_python() -> None:
    script = """
import doctest, json, veiviser_rasa.telegram as t
failed, _ = doctest.testmod(t)
long = '/choose_article{"article": "violence-and-negative-social-control"}'
data = t.callback_data(long)
print(json.dumps({"failed": failed, "data": data, "back": t.payload_from_callback(data)}))
"""
    done = subprocess.run([str(RASA_BIN.parent / "python"), "-c", script], cwd=BOT_DIR, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": RASA_PYTHONPATH})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failed"] == 0 and len(result["data"].encode()) <= 64
    assert json.loads(result["back"].removeprefix("/choose_article")) == {
        "article": "violence-and-negative-social-control"}
