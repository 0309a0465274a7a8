"""A small state-table runner, in the manner of docutils' StateMachine.

A reader names its states in ``DEFAULTS`` (the handler for a kind of line the state
lists no handler for) and says in ``TRANSITIONS`` which handler takes a kind of line
in a state: ``{(state, kind): handler}``. Each handler does what the line (or the
paragraph) says and returns the next state. Readers share the runner, not their
tables: the IAG reader (informal.py) and the general reader (general.py) each keep
their own states and kinds.
"""

from collections.abc import Callable

Handler = Callable[..., str]


class StateMachine:
    """Mixed into a reader: ``self.state`` and one step of the table at a time."""

    TRANSITIONS: dict[tuple[str, str], Handler] = {}
    DEFAULTS: dict[str, Handler] = {}
    initial_state = ""

    def start(self) -> None:
        self.state = self.initial_state

    def handler(self, kind: str) -> Handler:
        return self.TRANSITIONS.get((self.state, kind)) or self.DEFAULTS[self.state]

    def step(self, kind: str, *args) -> str:
        """Run the handler for a `kind` of line in the current state; the next state."""
        self.state = self.handler(kind)(self, *args)
        return self.state
