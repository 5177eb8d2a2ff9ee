"""Editors' accounts: argon2 hashes, roles that grow, disabled accounts that cannot sign in."""

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from veiviser.editorial.accounts import Account, AccountError, AccountStore

#: Cheap hashing parameters: these tests check behaviour, not the cost a real login pays.
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path: Path) -> AccountStore:
    return AccountStore(f"sqlite:///{tmp_path / 'editors.db'}", hasher=FAST)


def test_the_right_password_signs_in_and_a_wrong_one_or_an_unknown_name_does_not(store: AccountStore) -> None:
    store.add("kari", PASSWORD, "editor")
    assert store.verify("kari", PASSWORD) == Account("kari", "editor")
    assert store.verify("kari", PASSWORD + "!") is None
    assert store.verify("ola", PASSWORD) is None


def test_only_a_hash_is_stored(store: AccountStore, tmp_path: Path) -> None:
    store.add("kari", PASSWORD, "editor")
    assert PASSWORD.encode() not in (tmp_path / "editors.db").read_bytes()


def test_a_disabled_account_cannot_sign_in_until_enabled(store: AccountStore) -> None:
    store.add("kari", PASSWORD, "reviewer")
    store.set_disabled("kari")
    assert store.verify("kari", PASSWORD) is None
    assert store.get("kari") == Account("kari", "reviewer", disabled=True)
    store.set_disabled("kari", disabled=False)
    assert store.verify("kari", PASSWORD) == Account("kari", "reviewer")


@pytest.mark.parametrize(("name", "password", "role", "message"), [
    ("kari", "short", "editor", "at least 12"),
    ("Kari Nordmann", PASSWORD, "editor", "user name"),
    ("kari", PASSWORD, "owner", "unknown role"),
])
def test_bad_accounts_are_refused_with_a_reason(store: AccountStore, name: str, password: str, role: str,
                                                message: str) -> None:
    with pytest.raises(AccountError, match=message):
        store.add(name, password, role)  # type: ignore[arg-type]


def test_a_name_is_taken_once(store: AccountStore) -> None:
    store.add("kari", PASSWORD, "editor")
    with pytest.raises(AccountError, match="already"):
        store.add("kari", PASSWORD, "admin")


def test_roles_grow_and_a_disabled_account_may_nothing() -> None:
    assert Account("r", "reviewer").may("editor") and Account("r", "reviewer").may("viewer")
    assert not Account("e", "editor").may("reviewer")
    assert not Account("v", "viewer").may("editor")
    assert not Account("a", "admin", disabled=True).may("viewer")


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_login(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'editors.db'}"
    AccountStore(url, hasher=FAST).add("kari", PASSWORD, "editor")
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    upgraded = AccountStore(url, hasher=stronger)
    assert upgraded.verify("kari", PASSWORD) == Account("kari", "editor")
    assert not stronger.check_needs_rehash(upgraded._engine.connect().exec_driver_sql(
        "SELECT password_hash FROM editor_accounts").scalar_one())
