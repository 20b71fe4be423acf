"""keras.optimizers.schedules: learning rates as functions of the step, and `serialize` / `deserialize`."""

from kerastorch.optimizers.schedules.cosine_decay import CosineDecay
from kerastorch.optimizers.schedules.cosine_decay_restarts import CosineDecayRestarts
from kerastorch.optimizers.schedules.exponential_decay import ExponentialDecay
from kerastorch.optimizers.schedules.inverse_time_decay import InverseTimeDecay
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.piecewise_constant_decay import PiecewiseConstantDecay
from kerastorch.optimizers.schedules.polynomial_decay import PolynomialDecay
from kerastorch.saving import serialization_lib

ALL_OBJECTS_DICT = {
    cls.__name__: cls
    for cls in (
        LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay,
        CosineDecay, CosineDecayRestarts,
    )
}  # fmt: skip


def serialize(learning_rate_schedule):
    """The serialization dict of a schedule."""
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule a serialization dict describes."""
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
