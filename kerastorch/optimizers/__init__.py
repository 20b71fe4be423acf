"""keras.optimizers: the update rules, learning-rate `schedules`, `MultiOptimizer` / `OptimizerMap` (several
optimizers for one model), and `get` / `serialize` / `deserialize`."""

from kerastorch.optimizers import schedules
from kerastorch.optimizers.adadelta import Adadelta
from kerastorch.optimizers.adafactor import Adafactor
from kerastorch.optimizers.adagrad import Adagrad
from kerastorch.optimizers.adam import Adam
from kerastorch.optimizers.adamax import Adamax
from kerastorch.optimizers.adamw import AdamW
from kerastorch.optimizers.ftrl import Ftrl
from kerastorch.optimizers.lamb import Lamb
from kerastorch.optimizers.lion import Lion
from kerastorch.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kerastorch.optimizers.multi_optimizer import MultiOptimizer
from kerastorch.optimizers.multi_optimizer import OptimizerMap
from kerastorch.optimizers.muon import Muon
from kerastorch.optimizers.nadam import Nadam
from kerastorch.optimizers.optimizer import Optimizer
from kerastorch.optimizers.rmsprop import RMSprop
from kerastorch.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from kerastorch.optimizers.sgd import SGD
from kerastorch.saving import serialization_lib

_CLASSES = (
    Optimizer, Adam, SGD, RMSprop, Adadelta, AdamW, Adagrad, Adamax, Adafactor, Muon, Nadam, Ftrl, Lion, Lamb,
    LossScaleOptimizer, ScheduleFreeAdamW, MultiOptimizer,
)  # fmt: skip

# Names are matched case-insensitively, as Keras does: "adam", "Adam" and "ADAM" all work.
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in _CLASSES}


def serialize(optimizer):
    """The serialization dict of `optimizer` (`{"module", "class_name", "config", "registered_name"}`)."""
    return serialization_lib.serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer a serialization dict describes (class names are case-insensitive)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret optimizer config: expected a dict with a 'class_name'. Received: config={config!r}")
    config = dict(config)
    key = config["class_name"].lower()
    if key in ALL_OBJECTS_DICT:
        config["class_name"] = ALL_OBJECTS_DICT[key].__name__
        # Real Keras on torch writes module "keras.src.backend.torch.optimizers...": resolve built-ins by name.
        config["module"] = "keras.optimizers"
        config["registered_name"] = None
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects={cls.__name__: cls for cls in _CLASSES}
    )


def get(identifier):
    """Returns an optimizer for `identifier`.

    Args:
        identifier: None (returned as is), a name such as `"adam"` (the class with its defaults), a
            serialization dict, an `Optimizer` class (instantiated) or instance (returned unchanged).
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier.lower() not in ALL_OBJECTS_DICT:
            raise ValueError(
                f"Could not interpret optimizer identifier: unknown name. Expected one of "
                f"{sorted(ALL_OBJECTS_DICT)}. Received: identifier={identifier!r}"
            )
        obj = ALL_OBJECTS_DICT[identifier.lower()]()
    elif isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, type) and issubclass(identifier, Optimizer):
        obj = identifier()
    else:
        obj = identifier
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(
        f"Could not interpret optimizer identifier. Expected an Optimizer, a name among {sorted(ALL_OBJECTS_DICT)} "
        f"or a serialization dict. Received: identifier={identifier!r}"
    )
