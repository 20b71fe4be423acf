"""LSTM and LSTMCell: the contract, a hand-computed step, the fused kernel against the step loop, bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from tests.layers.layer_contract import run_layer_test


@pytest.mark.parametrize("kwargs, out_shape", [
    ({"units": 3}, (2, 3)),
    ({"units": 3, "return_sequences": True, "go_backwards": True}, (2, 5, 3)),
    ({"units": 3, "use_bias": False, "unroll": True}, (2, 3)),
])  # fmt: skip
def test_contract(kwargs, out_shape):
    n_weights = 3 if kwargs.get("use_bias", True) else 2
    run_layer_test(keras.layers.LSTM, kwargs, input_shape=(2, 5, 4), expected_output_shape=out_shape,
                   expected_num_trainable_weights=n_weights, supports_masking=True, atol=1e-5)


def test_contract_return_state():
    _, outputs = run_layer_test(keras.layers.LSTM, {"units": 3, "return_state": True}, input_shape=(2, 5, 4),
                                expected_num_trainable_weights=3, atol=1e-5)
    assert [tuple(o.shape) for o in outputs] == [(2, 3), (2, 3), (2, 3)]


def test_cell_contract():
    layer = keras.layers.LSTMCell(3)
    out, (h, c) = layer(torch.randn(2, 4), [torch.zeros(2, 3), torch.zeros(2, 3)])
    assert out.shape == h.shape == c.shape == (2, 3)
    config = layer.get_config()
    assert keras.layers.LSTMCell.from_config(config).get_config() == config


def test_hand_computed_step():
    # kernel, recurrent kernel 0.1 everywhere, bias i,f,c,o = 0,1,0,0 (unit_forget_bias): one step from zeros.
    cell = keras.layers.LSTMCell(1, kernel_initializer=keras.initializers.Constant(0.5),
                                 recurrent_initializer="zeros")
    h, (h_again, c) = cell(torch.tensor([[1.0, 1.0]]), [torch.zeros(1, 1), torch.zeros(1, 1)])
    z = 1.0  # x @ kernel for each gate
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    expected_c = sigmoid(z) * np.tanh(z)  # the forget gate multiplies a zero carry
    np.testing.assert_allclose(c.detach().numpy(), [[expected_c]], rtol=1e-6)
    np.testing.assert_allclose(h.detach().numpy(), [[sigmoid(z) * np.tanh(expected_c)]], rtol=1e-6)
    assert torch.equal(h, h_again)
    np.testing.assert_array_equal(cell.bias.detach().numpy(), [0.0, 1.0, 0.0, 0.0])


def test_weights_names_shapes_and_paths():
    layer = keras.layers.LSTM(3, name="enc")
    layer(torch.zeros(2, 5, 4))
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("enc/lstm_cell/kernel", (4, 12)), ("enc/lstm_cell/recurrent_kernel", (3, 12)), ("enc/lstm_cell/bias", (12,))
    ]
    assert {id(p) for p in layer.parameters()} == {id(w) for w in layer.weights}


def _fused_and_loop(seed=0, **kwargs):
    torch.manual_seed(seed)
    fused = keras.layers.LSTM(3, **kwargs)
    loop = keras.layers.LSTM(3, use_cudnn=False, **kwargs)
    x = torch.randn(3, 6, 4)
    fused(x)
    loop(x)
    loop.set_weights([w + 0.1 * np.random.default_rng(seed).standard_normal(w.shape) for w in fused.get_weights()])
    fused.set_weights(loop.get_weights())
    return fused, loop, x


@pytest.mark.parametrize("kwargs", [
    {},
    {"return_sequences": True, "return_state": True},
    {"go_backwards": True, "return_sequences": True, "return_state": True},
    {"use_bias": False, "return_sequences": True},
])  # fmt: skip
def test_fused_equals_step_loop(kwargs):
    fused, loop, x = _fused_and_loop(**kwargs)
    initial = [torch.randn(3, 3), torch.randn(3, 3)]
    for call_kwargs in ({}, {"initial_state": initial}):
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
    mask = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0]], dtype=torch.bool)
    for a, b in zip(fused(x, mask=mask), loop(x, mask=mask)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-5)


def test_masked_steps_carry_state_and_output():
    layer = keras.layers.LSTM(2, return_sequences=True, return_state=True)
    x = torch.randn(1, 4, 3)
    out, h, c = layer(x, mask=torch.tensor([[True, True, False, False]]))
    np.testing.assert_allclose(out[0, 2].detach().numpy(), out[0, 1].detach().numpy())
    np.testing.assert_allclose(out[0, 3].detach().numpy(), h[0].detach().numpy())
    short, h2, c2 = layer(x[:, :2])
    np.testing.assert_allclose(h.detach().numpy(), h2.detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(c.detach().numpy(), c2.detach().numpy(), atol=1e-6)


def test_stateful_carries_and_resets():
    layer = keras.layers.LSTM(2, stateful=True)
    x = torch.randn(2, 3, 4)
    first = layer(x)
    second = layer(x)
    assert not torch.allclose(first, second)
    layer.reset_state()
    np.testing.assert_allclose(layer(x).detach().numpy(), first.detach().numpy(), atol=1e-6)
    with pytest.raises(ValueError, match="stateful.*Received: sequences.shape=\\(3, 3, 4\\)"):
        layer(torch.randn(3, 3, 4))


def test_use_cudnn_true_refuses_what_keras_refuses():
    layer = keras.layers.LSTM(2, recurrent_dropout=0.5, use_cudnn=True, name="strict")
    with pytest.raises(ValueError, match="strict.*use_cudnn=True"):
        layer(torch.randn(2, 3, 4))
    holed = keras.layers.LSTM(2, use_cudnn=True, name="holed")
    with pytest.raises(ValueError, match="holed.*Received: use_cudnn=True"):
        holed(torch.randn(1, 3, 4), mask=torch.tensor([[True, False, True]]))


@pytest.mark.parametrize("kwargs, match", [
    ({"units": 0}, "Received: units=0"),
    ({"units": 2, "use_cudnn": "yes"}, "Received: use_cudnn='yes'"),
    ({"units": 2, "implementation": 3}, "Received: implementation=3"),
])  # fmt: skip
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        keras.layers.LSTM(**kwargs)


def test_bad_inputs():
    layer = keras.layers.LSTM(2, name="enc")
    with pytest.raises(ValueError, match="enc"):
        layer(torch.randn(2, 4))
    layer(torch.randn(2, 3, 4))
    with pytest.raises(ValueError, match="enc.*2 initial state.*Received: len\\(initial_state\\)=1"):
        layer(torch.randn(2, 3, 4), initial_state=[torch.zeros(2, 2)])
