"""The tables as Veiviser 0.1.0 made them (`veiviser.storage.migrations.baseline`).

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from alembic import op

from veiviser.storage.migrations.baseline import baseline

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    baseline.create_all(op.get_bind())


def downgrade() -> None:
    baseline.drop_all(op.get_bind())
