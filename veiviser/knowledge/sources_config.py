"""The official domains sources may cite, read from `knowledge/_sources.yml`: content config, so a
municipality can add `<name>.kommune.no` without a code change; it is loaded and reloaded with the articles.
"""

import re
from pathlib import Path
from typing import Final

import yaml

from veiviser.knowledge.model import Problem

SOURCES_FILE: Final = "_sources.yml"
_DOMAIN: Final = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def load_official_domains(knowledge_dir: Path) -> tuple[frozenset[str], list[Problem]]:
    """The domains in `<knowledge_dir>/_sources.yml`, and every problem with the file (by line)."""
    path = knowledge_dir / SOURCES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset(), [Problem(path, 1, "missing: it lists the official domains sources may cite")]
    except (OSError, UnicodeDecodeError) as error:
        return frozenset(), [Problem(path, 1, f"cannot read the official domains: {error}")]
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return frozenset(), [Problem(path, mark.line + 1 if mark else 1, f"not valid YAML: {error}")]
    entries = _domain_nodes(root)
    if entries is None:
        return frozenset(), [Problem(path, 1, "write `domains:` and then one `- domain.no` per line")]
    domains, problems = set(), []
    for node in entries:
        value = str(node.value).strip().lower() if isinstance(node, yaml.ScalarNode) else ""
        if not _DOMAIN.match(value):
            problems.append(Problem(path, node.start_mark.line + 1,
                                    f"{value or 'this entry'!r} is not a domain name such as oslo.kommune.no"))
        else:
            domains.add(value)
    if not domains and not problems:
        problems.append(Problem(path, 1, "no domains: every source would be refused"))
    return frozenset(domains), problems


def _domain_nodes(root: yaml.Node | None) -> list[yaml.Node] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "domains" and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return None
