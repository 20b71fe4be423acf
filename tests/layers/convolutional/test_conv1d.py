"""Conv1D: the contract, causal padding, hand-computed sums, channels-last layout, bad arguments."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape, out_shape", [
    ({"filters": 4, "kernel_size": 3}, (2, 9, 3), (2, 7, 4)),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 9, 3), (2, 5, 4)),
    ({"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (2, 9, 3), (2, 9, 4)),
    ({"filters": 6, "kernel_size": 2, "groups": 3, "data_format": "channels_first"}, (2, 3, 5), (2, 6, 4)),
])  # fmt: skip
def test_contract(kwargs, shape, out_shape):
    run_layer_test(keras.layers.Conv1D, kwargs, input_shape=shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=2, supports_masking=False)


def test_ones_kernel_sums_windows():
    layer = keras.layers.Conv1D(1, 3, kernel_initializer="ones")
    x = np.arange(6, dtype="float32").reshape(1, 6, 1)
    np.testing.assert_allclose(layer(x)[0, :, 0].detach().numpy(), [3, 6, 9, 12])


def test_causal_output_depends_only_on_the_past():
    layer = keras.layers.Conv1D(2, 3, padding="causal", dilation_rate=2)
    x = torch.randn(1, 10, 3)
    changed = x.clone()
    changed[:, 6:] += 1.0
    np.testing.assert_allclose(layer(changed)[:, :6].detach().numpy(), layer(x)[:, :6].detach().numpy(), atol=1e-6)
    assert not torch.allclose(layer(changed)[:, 6:], layer(x)[:, 6:])


def test_weights_in_keras_layout():
    layer = keras.layers.Conv1D(6, 3, groups=2)
    layer.build((None, 7, 4))
    assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]
    assert tuple(layer.kernel.shape) == (3, 2, 6)


def test_channels_last_output_is_contiguous():
    assert keras.layers.Conv1D(4, 3)(torch.randn(2, 9, 3)).is_contiguous()


@pytest.mark.parametrize("kwargs, message", [
    ({"filters": 0, "kernel_size": 3}, "Received: filters=0"),
    ({"filters": 4, "kernel_size": (3, 3)}, "Received: kernel_size=(3, 3)"),
    ({"filters": 4, "kernel_size": 3, "padding": "full"}, "Received: padding=full"),
    ({"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, "Received: strides=(2,), dilation_rate=(2,)"),
    ({"filters": 5, "kernel_size": 3, "groups": 2}, "Received: filters=5, groups=2"),
])  # fmt: skip
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        keras.layers.Conv1D(**kwargs)


def test_bad_inputs():
    with pytest.raises(ValueError, match="divisible by `groups`"):
        keras.layers.Conv1D(4, 3, groups=2)(torch.randn(1, 5, 3))
    with pytest.raises(ValueError, match="output would be empty"):
        keras.layers.Conv1D(4, 5)(torch.randn(1, 3, 2))
    with pytest.raises(ValueError, match="ndim"):
        keras.layers.Conv1D(4, 3)(torch.randn(5, 3))
