"""Importing a library without an optional dependency it would load for nothing.

spaCy's thinc imports torch whenever torch is installed, to offer PyTorch layers and GPUs. Our spaCy
pipelines are blank ones with the rule-based sentencizer and use neither, and torch costs about 205 MB
resident in every process that imports spaCy (measured with psutil: the API, a separate action server, the
benchmarks). torch is installed for the optional sentence-transformers encoder alone. thinc has no switch
for this, so the import is hidden while spaCy loads.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hidden_modules(*names: str) -> Iterator[None]:
    """Within the block, `import <name>` raises ImportError (what a library takes as "not installed") for
    each name not imported yet; afterwards they import normally again.

    >>> with hidden_modules("json_not_loaded_yet_example"):
    ...     try:
    ...         import json_not_loaded_yet_example
    ...     except ImportError:
    ...         print("hidden")
    hidden
    """
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # Python's own marker for "import fails"
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
