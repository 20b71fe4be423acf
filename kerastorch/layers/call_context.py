"""The state shared by nested layer calls: the resolved `training` flag of the outermost call in progress,
whether any layer added a loss since losses were last cleared (so clearing costs nothing when none did), and
whether shape inference on fake tensors is running.

One plain object rather than a thread-local: reading an attribute here is on every layer call's path.
"""


class _CallContext:
    __slots__ = ("training", "losses_added", "fake")

    def __init__(self):
        self.training = None
        self.losses_added = False
        self.fake = False  # inside shape inference on fake tensors


call_context = _CallContext()
