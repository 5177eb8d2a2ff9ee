"""Editors' accounts: one per person, with a role, a password hash (argon2id) and a switch to disable it.

Roles grow in what they may do: a `viewer` reads the dashboard; an `editor` also saves drafts; a `reviewer`
also approves or rejects other people's drafts; an `admin` also publishes in one step where that is allowed.
Accounts are managed on the server with `veiviser users add|list|disable`; nothing in the browser creates them.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal, cast, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from veiviser.storage.database import open_database

Role = Literal["viewer", "editor", "reviewer", "admin"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
#: A password shorter than this is refused: editors publish what vulnerable people read.
MIN_PASSWORD_LENGTH: Final = 12
MAX_PASSWORD_LENGTH: Final = 256
USERNAME_PATTERN: Final = r"^[a-z0-9][a-z0-9._-]{1,39}$"

metadata = MetaData()
accounts_table = Table(
    "editor_accounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created", DateTime(timezone=True), nullable=False),
)


class AccountError(ValueError):
    """A request the account store refuses, with a message for the person who made it."""


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    disabled: bool = False

    def may(self, needed: Role) -> bool:
        """True when this account's role includes what `needed` may do."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(needed)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password may have at most {MAX_PASSWORD_LENGTH} characters")


class AccountStore:
    """
        store = AccountStore("sqlite:///var/veiviser.db")
        store.add("kari", "a long passphrase", "editor")
        store.verify("kari", "a long passphrase")   # -> Account("kari", "editor")
        store.verify("kari", "wrong")               # -> None
    """

    def __init__(self, url: str, hasher: PasswordHasher | None = None) -> None:
        self._engine: Engine = open_database(url)
        self._hasher = hasher or PasswordHasher()
        # Verified when the name is unknown, so a wrong name costs as long as a wrong password.
        self._decoy = self._hasher.hash("decoy password for unknown names")

    def add(self, username: str, password: str, role: Role, now: datetime | None = None) -> Account:
        if not re.match(USERNAME_PATTERN, username):
            raise AccountError("a user name is 2-40 characters: lower-case letters, digits, '.', '_' or '-'")
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        check_password(password)
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(accounts_table).values(
                    username=username, role=role, password_hash=self._hasher.hash(password), disabled=False,
                    created=now or datetime.now(UTC)))
        except IntegrityError as error:
            raise AccountError(f"there is already an account named {username!r}") from error
        return Account(username, role)

    def get(self, username: str) -> Account | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(accounts_table).where(accounts_table.c.username == username)).first()
        return None if row is None else Account(row.username, cast(Role, row.role), bool(row.disabled))

    def all(self) -> list[Account]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(accounts_table).order_by(accounts_table.c.username)).all()
        return [Account(row.username, cast(Role, row.role), bool(row.disabled)) for row in rows]

    def set_disabled(self, username: str, disabled: bool = True) -> None:
        with self._engine.begin() as connection:
            changed = connection.execute(update(accounts_table).where(accounts_table.c.username == username)
                                         .values(disabled=disabled)).rowcount
        if not changed:
            raise AccountError(f"no account named {username!r}")

    def verify(self, username: str, password: str) -> Account | None:
        """The account when the name and password match and it is not disabled; otherwise None."""
        if len(password) > MAX_PASSWORD_LENGTH:
            return None
        with self._engine.connect() as connection:
            row = connection.execute(select(accounts_table).where(accounts_table.c.username == username)).first()
        stored = row.password_hash if row is not None else self._decoy
        try:
            self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        if self._hasher.check_needs_rehash(stored):  # the hashing parameters were raised since
            with self._engine.begin() as connection:
                connection.execute(update(accounts_table).where(accounts_table.c.id == row.id)
                                   .values(password_hash=self._hasher.hash(password)))
        return Account(row.username, cast(Role, row.role))
