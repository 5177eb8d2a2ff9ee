"""Hiding an optional dependency while a library imports: spaCy without torch."""

import subprocess
import sys

from veiviser.imports import hidden_modules


def test_a_hidden_module_fails_to_import_inside_the_block_and_imports_after_it() -> None:
    name = "veiviser_test_hidden_module_example"
    with hidden_modules(name):
        try:
            __import__(name)
        except ImportError as error:
            refused = str(error)
        else:
            raise AssertionError("imported inside the block")
    assert name in refused and name not in sys.modules  # no marker left behind: a later import is a real one


def test_a_module_already_imported_stays_as_it_is() -> None:
    import json

    with hidden_modules("json"):
        assert sys.modules["json"] is json
    assert sys.modules["json"] is json


def test_the_segmenter_loads_spacy_without_torch_and_torch_still_imports_afterwards() -> None:
    """torch is installed (the optional sentence-transformers encoder) but costs ~205 MB when thinc loads it."""
    code = ("import sys\n"
            "from veiviser.retrieval.segmentation import sentences\n"
            "assert sentences('Dette er en setning. Her er en til.', 'nb') == "
            "['Dette er en setning.', 'Her er en til.']\n"
            "assert 'torch' not in sys.modules, 'spaCy pulled in torch'\n"
            "import torch\n"
            "print(torch.__name__)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "torch"
