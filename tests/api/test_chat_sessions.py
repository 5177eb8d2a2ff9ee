"""Conversation ids: issued with 128 random bits and a signature; only the key that signed one accepts it."""

import stat
from pathlib import Path

import pytest

from api.chat_sessions import KEY_FILE, ChatSessionIds, session_key


def test_an_issued_id_is_accepted_and_anything_else_is_not() -> None:
    ids = ChatSessionIds(b"k" * 32)
    issued = ids.issue()
    assert ids.valid(issued)
    assert len({ids.issue() for _ in range(1000)}) == 1000
    token, _, signature = issued.partition(".")
    assert not ids.valid(f"{token}.{signature[::-1]}")
    assert not ids.valid(f"{token}x.{signature}")
    assert not ids.valid("") and not ids.valid("user-1") and not ids.valid(".")
    assert not ChatSessionIds(b"another key of 32 bytes ........").valid(issued)


def test_the_data_directory_key_is_made_once_private_and_kept(tmp_path: Path) -> None:
    first = session_key(None, tmp_path / "data")
    assert len(first) == 32
    assert stat.S_IMODE((tmp_path / "data" / KEY_FILE).stat().st_mode) == 0o600
    assert session_key(None, tmp_path / "data") == first  # a restart keeps the conversations going
    assert list((tmp_path / "data").iterdir()) == [tmp_path / "data" / KEY_FILE]  # no staging file left
    assert session_key("a configured secret value", tmp_path / "other") == b"a configured secret value"
    assert not (tmp_path / "other").exists()


def test_a_damaged_key_file_stops_the_start_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_bytes(b"short")
    with pytest.raises(ValueError, match="delete it"):
        session_key(None, tmp_path)
