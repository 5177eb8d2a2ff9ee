"""The gettext catalogs: in step with the code, complete in every language, placeholders intact."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from veiviser.i18n import TRANSLATIONS_DIR
from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.settings import REPO_ROOT

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_template_is_in_step_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "-q", "extract", "-F", "translations/babel.cfg",
                    "-k", "gettext:2", "-k", "N_", "--no-location", "--sort-output", "--omit-header",
                    "-o", str(fresh), "."], cwd=REPO_ROOT, check=True)
    assert _ids(fresh) == _ids(TRANSLATIONS_DIR / "messages.pot"), "run `make i18n-extract`"


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LANGUAGES if code != "en"])
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    template = _ids(TRANSLATIONS_DIR / "messages.pot")
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id: m.string for m in catalog if m.id}
    assert set(translated) == template
    missing = sorted(k for k, v in translated.items() if not v)
    assert missing == []
    broken = [k for k, v in translated.items() if sorted(PLACEHOLDER.findall(k)) != sorted(PLACEHOLDER.findall(v))]
    assert broken == []
    assert catalog.plural_forms  # CLDR plural rules in the header


def test_the_editors_area_template_is_in_step_with_its_pages(tmp_path: Path) -> None:
    fresh = tmp_path / "admin.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "-q", "extract", "-F", "translations/babel-admin.cfg",
                    "--no-location", "--sort-output", "--omit-header", "-o", str(fresh), "."],
                   cwd=REPO_ROOT, check=True)
    found = _ids(fresh)
    assert "Save as a draft for review" in found and "Editors' dashboard" in found  # both page globs are read
    assert found == _ids(TRANSLATIONS_DIR / "admin.pot"), "run `make i18n-extract`"


def test_the_editors_area_is_complete_in_norwegian_with_its_placeholders() -> None:
    template = _ids(TRANSLATIONS_DIR / "admin.pot")
    with (TRANSLATIONS_DIR / "nb" / "LC_MESSAGES" / "admin.po").open("rb") as handle:
        translated = {m.id: m.string for m in read_po(handle) if m.id}
    assert set(translated) == template
    assert sorted(k for k, v in translated.items() if not v) == []
    assert [k for k, v in translated.items()
            if sorted(PLACEHOLDER.findall(k)) != sorted(PLACEHOLDER.findall(v))] == []
