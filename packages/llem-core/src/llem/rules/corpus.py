"""Load an engine's ``rules.yaml`` into a :class:`llem.rules.model.Corpus`.

STUB: signatures are the contract; the implementation is being written.
"""

from __future__ import annotations

from llem.errors import PluginError
from llem.rules.model import Corpus


class CorpusError(PluginError):
    """A malformed corpus: names the file, the rule id (when there is one) and the problem."""


def parse_corpus(text: str, origin: str) -> Corpus:
    """Parse corpus YAML text; ``origin`` (a file name) is named in every error."""
    raise NotImplementedError


def load_corpus_resource(resource: str) -> Corpus:
    """Load ``"package:relative/path.yaml"`` (package data; imports only ``package``)."""
    raise NotImplementedError
