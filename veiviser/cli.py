"""The `veiviser` command: knowledge checks, the index, the evaluation and the benchmark.

    veiviser kb validate            every problem as file:line: message; exit 1 on errors
    veiviser kb coverage            slug x language table
    veiviser kb preview FILE        dev-set questions an edited article would win or lose
    veiviser index build            build (or reuse) the vector index, with progress
    veiviser eval                   top-1/top-3/MRR/abstention per language on tests/eval
    veiviser run                    Rasa + action server + API, stopped together on Ctrl-C/SIGTERM
    veiviser serve api              the FastAPI app alone (uvicorn)
    veiviser users add|list|disable editors' accounts for the browser editor
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from veiviser import __version__
from veiviser.knowledge.catalogue import load_catalogue
from veiviser.knowledge.coverage import coverage_rows, render_table
from veiviser.knowledge.loader import load_knowledge
from veiviser.logs import configure_logging
from veiviser.settings import get_settings


def _kb_validate(args: argparse.Namespace) -> int:
    settings = get_settings()
    root = args.path or settings.knowledge_dir
    kb, problems = load_knowledge(root, review_max_age_days=settings.review_max_age_days)
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line)):
        print(problem)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    texts = sum(len(a.texts) for a in kb.articles.values())
    print(f"{len(kb)} articles, {texts} language files; {errors} errors, {warnings} warnings",
          file=sys.stderr)
    return 1 if errors else 0


def _kb_coverage(args: argparse.Namespace) -> int:
    settings = get_settings()
    kb, _ = load_knowledge(settings.knowledge_dir)
    catalogue_path = args.catalogue or settings.catalogue_path
    catalogue = load_catalogue(catalogue_path) if catalogue_path.exists() else {}
    if not catalogue:
        print(f"(no catalogue at {catalogue_path}: showing the articles that exist)", file=sys.stderr)
    rows = coverage_rows(kb, catalogue)
    print(render_table(rows))
    incomplete = [r for r in rows if r.in_catalogue and r.gaps]
    if args.strict and incomplete:
        for row in incomplete:
            print(f"{row.slug}: {'; '.join(row.gaps)}", file=sys.stderr)
        return 1
    return 0


def _kb_preview(args: argparse.Namespace) -> int:
    from veiviser.evaluation import build_search
    from veiviser.knowledge.preview import preview, render_preview, with_draft

    search = build_search()
    draft_kb, problems = with_draft(search.kb, args.draft)
    for problem in problems:
        print(problem)
    if any(p.severity == "error" for p in problems):
        return 1
    print(render_preview(preview(search, draft_kb)))
    return 0


def _kb_stamp_translations(args: argparse.Namespace) -> int:
    """Marks every translation that has no source version yet as made from the current source text: run once
    when adopting the translation queue, after checking the translations are in step."""
    from veiviser.editorial.drafts import write_atomically
    from veiviser.editorial.translations import SOURCE_LANGUAGE, stamp_value, with_stamp

    settings = get_settings()
    kb, _ = load_knowledge(settings.knowledge_dir)
    stamped = 0
    for article in kb.articles.values():
        source = article.texts.get(SOURCE_LANGUAGE)
        for language, text in article.texts.items():
            if source is None or language == SOURCE_LANGUAGE or text.meta.translated_from is not None:
                continue
            write_atomically(text.path, with_stamp(text.path.read_text(encoding="utf-8"), stamp_value(source)))
            stamped += 1
    print(f"{stamped} translations marked as made from the current {SOURCE_LANGUAGE} text", file=sys.stderr)
    return 0


def _users(args: argparse.Namespace) -> int:
    """Editors' accounts: `add NAME --role ROLE` (password from a prompt, or one line on stdin with
    --password-stdin), `list`, `disable NAME`, `enable NAME`."""
    import getpass

    from veiviser.editorial.accounts import AccountError, AccountStore

    store = AccountStore(get_settings().database)
    try:
        if args.users_command == "add":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass(f"password for {args.name}: ")
                if getpass.getpass("again: ") != password:
                    print("the two passwords differ; nothing changed", file=sys.stderr)
                    return 1
            account = store.add(args.name, password, args.role)
            print(f"added {account.username} ({account.role})")
        elif args.users_command == "list":
            for account in store.all():
                print(f"{account.username:<24} {account.role:<10} {'disabled' if account.disabled else 'active'}")
        else:
            store.set_disabled(args.name, disabled=args.users_command == "disable")
            print(f"{args.name}: {'disabled' if args.users_command == 'disable' else 'active'}")
    except AccountError as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    return 0


def _db(args: argparse.Namespace) -> int:
    from sqlalchemy import create_engine

    from veiviser.storage.migrate import current_revision, head_revision, upgrade

    url = get_settings().database
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    try:
        before = current_revision(engine)
        if args.db_command == "upgrade":
            after = upgrade(engine)
            print(f"database at revision {after}" + (f" (was {before or 'none'})" if before != after else ""))
        else:
            print(f"database at revision {before or 'none'}; this version needs {head_revision()}")
    finally:
        engine.dispose()
    return 0


def _config_env_example(_: argparse.Namespace) -> int:
    from veiviser.config_reference import env_example

    sys.stdout.write(env_example())
    return 0


def _index_build(_: argparse.Namespace) -> int:
    from veiviser.retrieval.encoders import create_encoder
    from veiviser.retrieval.index import ArticleIndex

    settings = get_settings()
    kb, problems = load_knowledge(settings.knowledge_dir)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{len(errors)} knowledge files have errors and are left out (run `veiviser kb validate`)",
              file=sys.stderr)

    interactive = sys.stderr.isatty()
    shown = [-1]

    def progress(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        if interactive:
            print(f"\rembedding [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        elif filled // 3 > shown[0]:  # in logs, a line every tenth instead of one carriage-return line
            shown[0] = filled // 3
            print(f"embedding {done}/{total}", file=sys.stderr)

    index = ArticleIndex.load_or_build(kb, create_encoder(settings), settings.index_dir, progress=progress)
    print(f"\nindex ready: {len(index.questions.entries)} questions, {len(index.passages.entries)} passages "
          f"from {len(kb)} articles at {settings.index_dir}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from veiviser.evaluation import run_evaluation

    return run_evaluation(calibrate=args.calibrate, show_misses=args.misses)


def _eval_dialogue(args: argparse.Namespace) -> int:
    from veiviser.evaluation import build_search
    from veiviser.understanding.evaluation import (cross_validated_examples, format_safety, load_safety_cases,
                                                   score_safety)

    search = build_search()
    safety, ordinary = load_safety_cases()
    figures = score_safety(search.assess_safety, safety, ordinary)
    print(f"held out: {len(safety)} safety messages, {len(ordinary)} ordinary ones (tests/eval/dialogue)")
    print(format_safety(figures, show_cases=args.cases))
    recall, alarms = cross_validated_examples(search.index, search.safety)
    print(f"\ncross-validated on the examples in _safety.yml (5 folds): recall {recall:.3f}, "
          f"false alarms on hard negatives {alarms:.3f}")
    if args.through_policy:
        from veiviser.understanding.chat_evaluation import policy_caller, run_sets

        print("\nthrough the answer policy alone (no Rasa; share right, per language):")
        for set_figures in run_sets(policy_caller(search), sample=args.sample):
            print(set_figures.line())
    if args.through_chat:
        from veiviser.understanding.chat_evaluation import run_through_own_stack

        print("\nthrough /api/chat with the real Rasa and action servers (share right, per language):")
        for figures in run_through_own_stack(sample=args.sample):
            print(figures.line())
    return 0


def _eval_facts(args: argparse.Namespace) -> int:
    from veiviser.understanding.chat_evaluation import policy_caller, run_facts, run_through_own_stack

    if args.through_chat:
        print("facts in the visible answer, through /api/chat with the real Rasa and action servers:")
        figures = run_through_own_stack(sample=args.sample, facts=True)[0]
    else:
        from veiviser.evaluation import build_search

        print("facts in the visible answer, through the answer policy alone (no Rasa):")
        figures, missed = run_facts(policy_caller(build_search()), args.sample)
        if args.cases:
            print("\n".join(missed))
    print(figures.line())
    return 0


def _retention(_: argparse.Namespace) -> int:
    from veiviser.storage.feedback import FeedbackStore
    from veiviser.storage.insight import InsightStore
    from veiviser.storage.retention import apply_retention

    settings = get_settings()
    report = apply_retention(settings, FeedbackStore(settings.database), InsightStore(settings.database))
    print(f"older than {settings.retention_days} days: {report.conversations} conversations deleted, "
          f"question text removed from {report.feedback_texts} feedback rows, {report.questions_summarised} "
          "question rows summarised into daily counts and deleted")
    return 0


def _serve_api(_: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    # No access log: query strings hold users' questions, which may hold personal data.
    uvicorn.run("api.main:app", host=settings.host, port=settings.port, log_level="info", access_log=False,
                forwarded_allow_ips=settings.forwarded_allow_ips, limit_concurrency=settings.limit_concurrency,
                timeout_keep_alive=settings.keep_alive_seconds)
    return 0


def _run(_: argparse.Namespace) -> int:
    from veiviser.stack import Stack

    settings = get_settings()
    stack = Stack(settings, rasa_port=int(os.environ.get("VEIVISER_RASA_PORT", "5005")),
                  actions_port=int(os.environ.get("VEIVISER_ACTIONS_PORT", "5055")), api_port=settings.port)
    print("starting Rasa, the action server and the API (about a minute) ...", file=sys.stderr)
    stack.start()
    print(f"Veiviser is running at http://{settings.host}:{settings.port}  (Ctrl-C stops it)", flush=True)
    return stack.wait()


def build_parser() -> argparse.ArgumentParser:

    parser = argparse.ArgumentParser(prog="veiviser", description="Veiviser: knowledge, index, evaluation.")
    parser.add_argument("--version", action="version", version=f"veiviser {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    db = commands.add_parser("db", help="the database of feedback, statistics and editors").add_subparsers(
        dest="db_command", required=True)
    db.add_parser("upgrade", help="bring the schema up to date (once, before the workers start)"
                  ).set_defaults(handler=_db)
    db.add_parser("current", help="the schema revision the database is at").set_defaults(handler=_db)
    config = commands.add_parser("config", help="the configuration reference").add_subparsers(
        dest="config_command", required=True)
    config.add_parser("env-example", help="print .env.example: every variable, its default and what it does"
                      ).set_defaults(handler=_config_env_example)

    kb = commands.add_parser("kb", help="check the knowledge files").add_subparsers(dest="kb_command", required=True)
    validate = kb.add_parser("validate", help="print every problem as file:line: message")
    validate.add_argument("path", nargs="?", type=Path, help="knowledge folder (default: the configured one)")
    validate.set_defaults(handler=_kb_validate)
    coverage = kb.add_parser("coverage", help="slug x language table")
    coverage.add_argument("--catalogue", type=Path, help="catalogue (default: _catalogue.yml in the knowledge folder)")
    coverage.add_argument("--strict", action="store_true", help="exit 1 when a catalogue article is incomplete")
    coverage.set_defaults(handler=_kb_coverage)
    draft = kb.add_parser("preview", help="which dev-set questions an edited article wins or loses")
    draft.add_argument("draft", type=Path, help="the edited file, named <language>.md")
    draft.set_defaults(handler=_kb_preview)
    kb.add_parser("stamp-translations", help="mark unmarked translations as made from the current source text"
                  ).set_defaults(handler=_kb_stamp_translations)

    index = commands.add_parser("index", help="the vector index").add_subparsers(dest="index_command", required=True)
    index.add_parser("build", help="build the index if its inputs changed").set_defaults(handler=_index_build)

    evaluation = commands.add_parser("eval", help="retrieval quality on tests/eval with the real model")
    evaluation.add_argument("--calibrate", action="store_true", help="refit the confidence calibration first")
    evaluation.add_argument("--misses", action="store_true", help="list the questions ranked wrong")
    evaluation.set_defaults(handler=_eval)

    dialogue = commands.add_parser("eval-dialogue", help="safety recall and false alarms on tests/eval/dialogue")
    dialogue.add_argument("--cases", action="store_true", help="list the missed messages and the false alarms")
    dialogue.add_argument("--through-chat", action="store_true",
                          help="also run every dialogue set through /api/chat on a stack of its own")
    dialogue.add_argument("--through-policy", action="store_true",
                          help="also run every dialogue set through the answer policy alone (fast, no Rasa)")
    dialogue.add_argument("--sample", type=int, default=1, help="every N-th case only (with --through-*)")
    dialogue.set_defaults(handler=_eval_dialogue)

    facts = commands.add_parser("eval-facts", help="facts asked for in the visible answer (tests/eval/facts.yml)")
    facts.add_argument("--through-chat", action="store_true", help="through /api/chat on a stack of its own")
    facts.add_argument("--cases", action="store_true", help="list the questions that missed")
    facts.add_argument("--sample", type=int, default=1, help="every N-th case only")
    facts.set_defaults(handler=_eval_facts)

    commands.add_parser("retention", help="delete conversations older than VEIVISER_RETENTION_DAYS now "
                        "(the API also does it every hour)").set_defaults(handler=_retention)

    commands.add_parser("run", help="start Rasa, the action server and the API").set_defaults(handler=_run)

    from veiviser.editorial.accounts import ROLES

    users = commands.add_parser("users", help="editors' accounts").add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="a new account (asks for its password)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line on stdin")
    add.set_defaults(handler=_users)
    users.add_parser("list", help="every account, its role and whether it is active").set_defaults(handler=_users)
    for command in ("disable", "enable"):
        switch = users.add_parser(command, help=f"{command} an account (a disabled one cannot sign in)")
        switch.add_argument("name")
        switch.set_defaults(handler=_users)

    serve = commands.add_parser("serve", help="run a service").add_subparsers(dest="service", required=True)
    serve.add_parser("api", help="the FastAPI app").set_defaults(handler=_serve_api)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # The environment, not the settings: `--help` and `users` must work when other settings are invalid.
    # stderr either way: stdout is the commands' output (`config env-example > .env.example`, run's URL).
    configure_logging("json" if os.environ.get("VEIVISER_LOG_FORMAT") == "json" else "text", stream=sys.stderr)
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
