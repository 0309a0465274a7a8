"""What a worker keeps of work done once: the fingerprint of the code a kept (cached)
entry is made by, for its key (a deploy that changes that code then reads nothing kept
by the release before), and a few entries kept in the worker's own memory."""

import hashlib
import threading
from collections import OrderedDict
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


class WorkerMemory:
    """At most `size` entries in this worker's memory, the least recently used
    forgotten first; safe to share between a worker's threads. gunicorn's
    max_requests replaces a worker now and then, which empties it."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def keys(self) -> list:
        with self._lock:
            return list(self._entries)
