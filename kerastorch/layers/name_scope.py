"""`keras.name_scope`: a prefix for the paths of the weights created inside a `with` block."""

from kerastorch.layers import layer_utils


class name_scope:  # noqa: N801 - Keras's public name
    """Prefixes with `name` the paths of the weights created (layers built) inside the block.

    Scopes nest: `outer/inner/dense/kernel`. Paths are what `.weights.h5` files and `keras.saving` key weights
    by, so a model built inside the same scopes as in real Keras loads the same files.

    Args:
        name: The scope's name, a string without "/".
        caller: Optional object entering the scope (a layer, say).
        deduplicate: When True, a `caller` entering a scope of the same name that it opened itself just above
            adds no second level.

    Example:

    >>> with keras.name_scope("encoder"):
    ...     dense = keras.layers.Dense(2)
    ...     dense.build((None, 3))
    >>> dense.kernel.path
    'encoder/dense/kernel'
    """

    def __init__(self, name, caller=None, deduplicate=True):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"Argument `name` must be a string and cannot contain character `/`. Received: name={name}"
            )
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self._pushed = False

    def __enter__(self):
        stack = layer_utils.name_scope
        if self.deduplicate and self.caller is not None and stack:
            top = stack[-1]
            if isinstance(top, layer_utils.UserScope) and top.caller is self.caller and top == self.name:
                return self
        entry = layer_utils.UserScope(self.name)
        entry.caller = self.caller
        stack.append(entry)
        self._pushed = True
        return self

    def __exit__(self, *exc_info):
        if self._pushed:
            layer_utils.name_scope.pop()
            self._pushed = False
