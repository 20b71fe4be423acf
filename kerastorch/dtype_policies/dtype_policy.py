"""`DTypePolicy`: which dtype a layer keeps its weights in and which it computes in.

`"float32"` keeps and computes in float32; `"mixed_float16"` / `"mixed_bfloat16"` keep float32 weights and
compute in half precision, as Keras's mixed precision does.
"""

from kerastorch.backend import config
from kerastorch.backend.dtypes import standardize_dtype

_global = {"policy": None}


class DTypePolicy:
    """A dtype policy, named by a dtype (`"float32"`) or a mixed precision name (`"mixed_float16"`).

    Args:
        name: The policy name; None means the global policy's name (floatx unless set).
    """

    def __init__(self, name=None):
        if name is None:
            name = dtype_policy().name
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string such as 'float32' or 'mixed_float16'. Received: name={name!r}")
        self._name = name
        self._compute_dtype, self._variable_dtype = _parse(name)

    @property
    def name(self):
        return self._name

    @property
    def compute_dtype(self):
        return self._compute_dtype

    @property
    def variable_dtype(self):
        return self._variable_dtype

    @property
    def quantization_mode(self):
        return None

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


def _parse(name):
    if name in ("mixed_float16", "mixed_bfloat16"):
        return name.split("_")[1], "float32"
    try:
        dtype = standardize_dtype(name)
    except ValueError:
        raise ValueError(
            "Cannot convert to a dtype policy. Expected a dtype name such as 'float32' or one of "
            f"'mixed_float16', 'mixed_bfloat16'. Received: name={name!r}"
        ) from None
    return dtype, dtype


def get(identifier):
    """A DTypePolicy from None (the global policy), a name, a serialized dict or a policy."""
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return DTypePolicy(**identifier.get("config", identifier))
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(standardize_dtype(identifier))
    except ValueError:
        raise ValueError(f"Cannot interpret a dtype policy from {identifier!r}. Received: dtype={identifier!r}") from None


def set_dtype_policy(policy):
    """Sets the global policy (`keras.config.set_dtype_policy` / `mixed_precision.set_global_policy`)."""
    _global["policy"] = None if policy is None else get(policy)


def dtype_policy():
    """The global policy: the one set, else one named after floatx."""
    policy = _global["policy"]
    if policy is None:
        policy = DTypePolicy(config.floatx())
    return policy
