"""Dtype policies: what layers store weights in and compute in."""

from kerastorch.dtype_policies.dtype_policy import DTypePolicy
from kerastorch.dtype_policies.dtype_policy import dtype_policy
from kerastorch.dtype_policies.dtype_policy import get
from kerastorch.dtype_policies.dtype_policy import set_dtype_policy


def serialize(policy):
    from kerastorch.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(policy)


def deserialize(config, custom_objects=None):
    return get(config)
