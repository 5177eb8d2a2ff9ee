"""The catalogue of articles Veiviser must have (`knowledge/_catalogue.yml`): slug -> topic."""

from pathlib import Path

import yaml


def load_catalogue(path: Path) -> dict[str, str]:
    """Maps each required slug to its topic.

        load_catalogue(Path("knowledge/_catalogue.yml"))["school"]
        # -> 'children-and-family'
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {slug: topic for topic, articles in data["topics"].items() for slug in articles}
