"""GroupNormalization: contract (scale and offset on or off), hand-computed values (channels last and first), an
offset-only gradient, groups=-1, errors."""

import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, shape", [({"groups": 2}, (2, 3, 4)), ({"groups": 3, "axis": 1}, (2, 6, 4, 4)),
                                           ({"groups": -1}, (2, 5, 3))])  # fmt: skip
def test_contract(kwargs, shape):
    run_layer_test(keras.layers.GroupNormalization, kwargs, input_shape=shape, expected_output_shape=shape,
                   expected_num_trainable_weights=2, supports_masking=True)


@pytest.mark.parametrize("kwargs, trainable", [({"groups": 2, "scale": False}, 1), ({"groups": 2, "center": False}, 1),
                                                ({"groups": 2, "scale": False, "center": False}, 0)])  # fmt: skip
def test_contract_offset_or_scale_only(kwargs, trainable):
    # An offset without a scale: torch's fused group_norm cannot differentiate that pair, the layer must.
    run_layer_test(keras.layers.GroupNormalization, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   expected_num_trainable_weights=trainable, supports_masking=True)


def test_offset_only_values_and_gradients():
    layer = keras.layers.GroupNormalization(groups=2, scale=False, beta_initializer=keras.initializers.Constant(0.5))
    x = (torch.randn(2, 5, 4) * 3).requires_grad_()
    out = layer(x)
    torch.testing.assert_close(out, _reference(x.detach(), 2) + 0.5)
    (grad_x, grad_beta) = torch.autograd.grad((out * torch.arange(4.0)).sum(), [x, layer.beta])
    torch.testing.assert_close(grad_beta, torch.arange(4.0) * 10)
    assert grad_x.abs().sum() > 0


def _reference(x, groups, epsilon=1e-3):
    # channels last: (B, ..., C) -> (B, ..., G, C/G), statistics over everything but B and G.
    grouped = x.reshape(*x.shape[:-1], groups, x.shape[-1] // groups)
    axes = [i for i in range(1, grouped.ndim) if i != grouped.ndim - 2]
    mean = grouped.mean(dim=axes, keepdim=True)
    var = grouped.var(dim=axes, keepdim=True, unbiased=False)
    return ((grouped - mean) / torch.sqrt(var + epsilon)).reshape(x.shape)


def test_values_channels_last():
    x = torch.randn(2, 5, 6) * 2 + 1
    torch.testing.assert_close(keras.layers.GroupNormalization(groups=3)(x), _reference(x, 3))


def test_values_channels_first():
    x = torch.randn(2, 6, 5)
    out = keras.layers.GroupNormalization(groups=2, axis=1)(x)
    torch.testing.assert_close(out, _reference(x.transpose(1, 2), 2).transpose(1, 2))


def test_groups_minus_one_resolves_at_build():
    layer = keras.layers.GroupNormalization(groups=-1)
    layer(torch.randn(2, 3, 4))
    assert layer.groups == 4 and layer.get_config()["groups"] == 4


@pytest.mark.parametrize("groups", [0, -2, 1.5, True])
def test_bad_groups(groups):
    with pytest.raises(ValueError, match="Received: groups="):
        keras.layers.GroupNormalization(groups=groups)


@pytest.mark.parametrize("groups, channels", [(4, 6), (8, 4)])
def test_groups_must_divide_channels(groups, channels):
    with pytest.raises(ValueError, match=f"Received: groups={groups}"):
        keras.layers.GroupNormalization(groups=groups)(torch.randn(2, channels))
