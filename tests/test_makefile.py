"""The README's commands: each is a Makefile target, and each works after `make run`'s setup.

`make load` once failed after `make run` because psutil came only with the test setup; these tests read the
Makefile's targets and the scripts' imports instead of trusting that the two stay in step.
"""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: What `make run` builds on; everything else in the README must need no more than this.
RUN_SETUP = "setup"
#: Installed only for the tests, so a README command outside testing must not depend on them.
TEST_ONLY_PREREQUISITES = {"setup-test", "$(VENV)/.installed-test", "system-packages", "var/vendor/.installed"}
#: The code `make run`, `make load`, `make bench` and `make eval` import.
RUNTIME_CODE = ["veiviser", "api", "actions", "benchmarks"]


def makefile_rules() -> dict[str, list[str]]:
    """Each rule's target -> its prerequisites (variables left unexpanded, as written)."""
    rules: dict[str, list[str]] = {}
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([^\s#:=][^:=]*?):(?!=)\s*(.*)$", line)
        if match and not line.startswith("\t"):
            for target in match.group(1).split():
                rules.setdefault(target, []).extend(match.group(2).split())
    return rules


def readme_make_commands() -> set[str]:
    return set(re.findall(r"`make ([a-z][a-z0-9-]*)", (REPO / "README.md").read_text(encoding="utf-8")))


def prerequisites_of(target: str, rules: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [target]
    while todo:
        for prerequisite in rules.get(todo.pop(), []):
            if prerequisite not in seen:
                seen.add(prerequisite)
                todo.append(prerequisite)
    return seen


def test_every_make_command_in_the_readme_is_a_target() -> None:
    commands = readme_make_commands()
    assert {"run", "test", "load", "bench", "eval", "lock-upgrade"} <= commands
    assert sorted(commands - set(makefile_rules())) == []


#: Test commands: they may build on what only the tests install.
TEST_COMMANDS = {"test", "setup-test", "system-packages", "deploy-test"}


@pytest.mark.parametrize("command", sorted(readme_make_commands() - TEST_COMMANDS))
def test_a_readme_command_needs_nothing_that_only_the_tests_install(command: str) -> None:
    rules = makefile_rules()
    assert not prerequisites_of(command, rules) & TEST_ONLY_PREREQUISITES


def test_load_bench_and_eval_build_on_the_run_setup() -> None:
    rules = makefile_rules()
    for command in ("run", "load", "bench", "eval"):
        assert RUN_SETUP in rules[command], command


def locked_distributions(lock: Path) -> set[str]:
    names = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", lock.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[-_.]+", "-", name).lower() for name in names}


def third_party_imports(folder: Path) -> set[str]:
    ours = set(RUNTIME_CODE) | {"tests"}
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {name for name in found if name not in ours and name not in sys.stdlib_module_names}


# Imported only inside the optional code paths that need them (scale-out stores, the stronger encoder).
OPTIONAL_IMPORTS = {"psycopg", "redis", "sentence_transformers"}


@pytest.mark.parametrize("folder", RUNTIME_CODE)
def test_everything_the_running_code_imports_is_in_the_run_lock(folder: str) -> None:
    locked = locked_distributions(REPO / "requirements" / "run.txt")
    distributions = packages_distributions()
    missing = []
    for module in sorted(third_party_imports(REPO / folder) - OPTIONAL_IMPORTS):
        names = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [module])}
        if not names & locked:
            missing.append(module)
    assert missing == []


def test_the_test_lock_keeps_every_version_of_the_run_lock() -> None:
    # `make test` after `make run` must not change what runs: the test lock is made with the run lock as
    # constraints, so each shared package has the same pinned version.
    def pins(lock: str) -> dict[str, str]:
        text = (REPO / "requirements" / lock).read_text(encoding="utf-8")
        return dict(re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, flags=re.MULTILINE))

    run, test = pins("run.txt"), pins("test.txt")
    assert {name: (version, test.get(name)) for name, version in run.items() if test.get(name) != version} == {}


@pytest.mark.parametrize("lock", ["run.txt", "test.txt", "rasa.txt"])
def test_every_locked_package_is_pinned_with_a_hash(lock: str) -> None:
    text = (REPO / "requirements" / lock).read_text(encoding="utf-8")
    requirements = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    unhashed = [r.split()[0] for r in requirements if r.strip() and "--hash=sha256:" not in r]
    assert requirements and unhashed == []
