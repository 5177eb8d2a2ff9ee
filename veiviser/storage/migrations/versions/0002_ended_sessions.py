"""Logged-out editor sessions, shared by every API worker (a logout held only in the worker that took it).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ended_sessions",
        sa.Column("session_id", sa.String(40), primary_key=True),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False))


def downgrade() -> None:
    op.drop_table("ended_sessions")
