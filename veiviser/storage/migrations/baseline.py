"""The tables as Veiviser 0.1.0 made them (before migrations). Revision 0001 creates them; a database that
0.1.0 made is brought to exactly this (nullable columns it lacks are added) and stamped 0001.
Never change this file: later changes are later revisions."""

import sqlalchemy as sa

baseline = sa.MetaData()
sa.Table(
    "feedback", baseline,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
    sa.Column("article", sa.String(80), nullable=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("status", sa.String(32), nullable=True),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("reason", sa.String(32), nullable=True),
    sa.Column("question", sa.String(2000), nullable=True))
sa.Table(
    "questions", baseline,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("topic", sa.String(64), nullable=True),
    sa.Column("article", sa.String(80), nullable=True),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("probability", sa.Float, nullable=False),
    sa.Column("text", sa.String(2000), nullable=False))
sa.Table(
    "question_counts", baseline,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("topic", sa.String(64), nullable=True),
    sa.Column("article", sa.String(80), nullable=True),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("count", sa.Integer, nullable=False))
sa.Table(
    "editor_accounts", baseline,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(40), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False))
sa.Table(
    "editorial_drafts", baseline,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(40), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reviewer", sa.String(40), nullable=True),
    sa.Column("decided", sa.DateTime(timezone=True), nullable=True),
    sa.Column("previous_text", sa.Text, nullable=True),
    sa.Column("note", sa.String(500), nullable=True))
