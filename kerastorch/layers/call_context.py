"""The state shared by nested layer calls: the resolved `training` flag of the outermost call in progress,
and whether any layer added a loss since losses were last cleared (so clearing costs nothing when none did).

One plain object rather than a thread-local: reading an attribute here is on every layer call's path.
"""


class _CallContext:
    __slots__ = ("training", "losses_added")

    def __init__(self):
        self.training = None
        self.losses_added = False


call_context = _CallContext()
