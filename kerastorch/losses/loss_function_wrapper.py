"""`LossFunctionWrapper`: a `Loss` made from a plain function `fn(y_true, y_pred, **kwargs)`."""

import torch

from kerastorch.losses.loss import Loss
from kerastorch.losses.loss import squeeze_or_expand_to_same_rank
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


class LossFunctionWrapper(Loss):
    """Wraps a loss function into a `Loss`, adding reductions, sample weights, masks and a config.

    Every built-in loss class is one of these around its function. Before calling `fn`, labels and
    predictions whose ranks differ by one trailing axis of size 1 are brought to the same rank.

    Args:
        fn: The loss function, `fn(y_true, y_pred, **kwargs)`, returning per-sample losses.
        reduction: See `keras.losses.Loss`. Defaults to `"sum_over_batch_size"`.
        name: Optional name for the loss instance.
        dtype: The dtype the loss computes in. Defaults to `keras.backend.floatx()`.
        **kwargs: Keyword arguments passed to `fn` on every call.
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        # A function that takes class indices (sparse crossentropy, compiled from its string name) keeps
        # integer labels as integers, as its class does.
        self._integer_labels = getattr(fn, "_integer_labels", False)
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if isinstance(y_true, torch.Tensor) and isinstance(y_pred, torch.Tensor):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        else:
            true_leaves, pred_leaves = tree.flatten(y_true), tree.flatten(y_pred)
            if len(true_leaves) == len(pred_leaves):
                pairs = [squeeze_or_expand_to_same_rank(t, p) for t, p in zip(true_leaves, pred_leaves)]
                y_true = tree.pack_sequence_as(y_true, [t for t, _ in pairs])
                y_pred = tree.pack_sequence_as(y_pred, [p for _, p in pairs])
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config["fn"] = serialization_lib.serialize_keras_object(self.fn)
        config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            # The built-in loss functions are found by name in this package's table.
            from kerastorch.losses import ALL_OBJECTS_DICT

            config = serialization_lib.deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT)
        return cls(**config)

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"
