"""GRU and GRUCell: the contract, a hand-computed step, the fused kernel against the step loop, bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, out_shape", [
    ({"units": 3}, (2, 3)),
    ({"units": 3, "return_sequences": True, "reset_after": False}, (2, 5, 3)),
    ({"units": 3, "go_backwards": True, "use_bias": False}, (2, 3)),
])  # fmt: skip
def test_contract(kwargs, out_shape):
    n_weights = 3 if kwargs.get("use_bias", True) else 2
    run_layer_test(keras.layers.GRU, kwargs, input_shape=(2, 5, 4), expected_output_shape=out_shape,
                   expected_num_trainable_weights=n_weights, supports_masking=True, atol=1e-5)


@pytest.mark.parametrize("reset_after, bias_shape", [(True, (2, 9)), (False, (9,))])
def test_weight_shapes(reset_after, bias_shape):
    layer = keras.layers.GRU(3, reset_after=reset_after)
    layer(torch.zeros(1, 2, 4))
    assert [tuple(w.shape) for w in layer.weights] == [(4, 9), (3, 9), bias_shape]
    assert layer.weights[0].path == "gru/gru_cell/kernel" or layer.weights[0].path.endswith("/gru_cell/kernel")


def test_hand_computed_step():
    # kernel 0.5 everywhere, zero recurrent kernel and bias, one step from h = 0: z = r = sigmoid(1), hh = tanh(1).
    cell = keras.layers.GRUCell(1, kernel_initializer=keras.initializers.Constant(0.5), recurrent_initializer="zeros")
    h, _ = cell(torch.tensor([[1.0, 1.0]]), [torch.zeros(1, 1)])
    z = 1 / (1 + np.exp(-1.0))
    np.testing.assert_allclose(h.detach().numpy(), [[(1 - z) * np.tanh(1.0)]], rtol=1e-6)


def _fused_and_loop(**kwargs):
    fused = keras.layers.GRU(3, **kwargs)
    loop = keras.layers.GRU(3, use_cudnn=False, **kwargs)
    x = torch.randn(3, 6, 4)
    fused(x)
    loop(x)
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in fused.get_weights()]
    fused.set_weights(weights)
    loop.set_weights(weights)
    return fused, loop, x


@pytest.mark.parametrize("kwargs", [
    {},
    {"return_sequences": True, "return_state": True},
    {"go_backwards": True, "return_sequences": True, "return_state": True},
    {"use_bias": False, "return_sequences": True},
])  # fmt: skip
def test_fused_equals_step_loop(kwargs):
    fused, loop, x = _fused_and_loop(**kwargs)
    for call_kwargs in ({}, {"initial_state": [torch.randn(3, 3)]}):
        xf, xl = x.clone().requires_grad_(), x.clone().requires_grad_()
        out_f, out_l = fused(xf, **call_kwargs), loop(xl, **call_kwargs)
        out_f, out_l = (out_f, out_l) if isinstance(out_f, tuple) else ((out_f,), (out_l,))
        for a, b in zip(out_f, out_l):
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-5)
        grads_f = torch.autograd.grad(sum(o.sum() for o in out_f), [xf, *fused.trainable_weights])
        grads_l = torch.autograd.grad(sum(o.sum() for o in out_l), [xl, *loop.trainable_weights])
        for a, b in zip(grads_f, grads_l):
            np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)


@pytest.mark.parametrize("go_backwards", [False, True])
def test_fused_right_padded_mask_equals_step_loop(go_backwards):
    fused, loop, x = _fused_and_loop(return_sequences=True, return_state=True, go_backwards=go_backwards)
    mask = torch.tensor([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0]], dtype=torch.bool)
    for a, b in zip(fused(x, mask=mask), loop(x, mask=mask)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-5)


def test_reset_before_refused_with_use_cudnn_true():
    with pytest.raises(ValueError, match="use_cudnn=True"):
        keras.layers.GRU(2, reset_after=False, use_cudnn=True)(torch.randn(1, 2, 3))


def test_bad_units():
    with pytest.raises(ValueError, match="Received: units=-2"):
        keras.layers.GRUCell(-2)
