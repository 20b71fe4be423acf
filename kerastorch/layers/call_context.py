"""The state shared by nested layer calls: the resolved `training` flag of the outermost call in progress (and
whether nobody chose it: no `training` argument, no `train()`/`eval()`, where Keras passes `training=None`),
whether any layer added a loss since losses were last cleared (so clearing costs nothing when none did), and
whether shape inference on fake tensors is running.

One plain object rather than a thread-local: reading an attribute here is on every layer call's path.
"""


class _CallContext:
    __slots__ = ("training", "training_unset", "losses_added", "fake")

    def __init__(self):
        self.training = None
        self.training_unset = False
        self.losses_added = False
        self.fake = False  # inside shape inference on fake tensors


call_context = _CallContext()
