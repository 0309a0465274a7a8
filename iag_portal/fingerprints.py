"""The fingerprint of the code a kept (cached) entry is made by, for its key: a deploy
that changes that code then reads nothing kept by the release before."""

import hashlib
from pathlib import Path
from types import ModuleType

from django.template.loader import get_template


def of_code(modules: list[ModuleType], templates: list[str]) -> str:
    """12 hex digits that change whenever one of the modules' or templates' sources does."""
    sources = [Path(module.__file__) for module in modules]
    sources += [Path(get_template(name).origin.name) for name in templates]
    digest = hashlib.blake2b(digest_size=6)
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()
