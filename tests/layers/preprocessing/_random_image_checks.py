"""Checks shared by the random image layer tests."""

import numpy as np
import torch

import kerastorch as keras


def check_random_layer(name, kwargs, shape=(4, 8, 8, 3)):
    layer_cls = getattr(keras.layers, name)
    x = np.random.default_rng(0).uniform(0, 255, size=shape).astype("float32")
    layer = layer_cls(**kwargs, seed=1)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)
    first, second = layer(x).numpy(), layer(x, training=True).numpy()  # `training` defaults to True
    assert first.shape == x.shape and not np.array_equal(first, x)
    assert not np.array_equal(first, second), "the seed stream must advance between calls"
    again = layer_cls(**kwargs, seed=1)
    np.testing.assert_array_equal(again(x, training=True).numpy(), first)
    single = layer_cls(**kwargs, seed=1)(x[0], training=True)
    assert tuple(single.shape) == x.shape[1:]
    config = layer.get_config()
    assert layer_cls.from_config(config).get_config() == config
    symbolic = layer_cls(**kwargs, seed=1)(keras.Input(shape[1:]))
    assert tuple(symbolic.shape) == (None,) + shape[1:]
    out = layer({"images": torch.as_tensor(x), "labels": torch.arange(shape[0])}, training=True)
    assert tuple(out["images"].shape) == x.shape and out["labels"].tolist() == list(range(shape[0]))
    return layer
