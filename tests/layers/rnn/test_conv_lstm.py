"""ConvLSTM1D/2D/3D and ConvLSTMCell: the contract, hand-computed steps, the 1x1 case against LSTM, bad inputs."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.layers.rnn.conv_lstm_cell import ConvLSTMCell
from tests.layers.layer_contract import run_layer_test

L = keras.layers


@pytest.mark.parametrize("cls, kwargs, input_shape, out_shape", [
    (L.ConvLSTM1D, {"filters": 3, "kernel_size": 2}, (2, 4, 6, 2), (2, 5, 3)),
    (L.ConvLSTM1D, {"filters": 3, "kernel_size": 3, "padding": "same", "data_format": "channels_first",
                    "return_sequences": True}, (2, 4, 2, 6), (2, 4, 3, 6)),
    (L.ConvLSTM2D, {"filters": 2, "kernel_size": 3, "padding": "same", "go_backwards": True}, (2, 3, 5, 4, 2),
     (2, 5, 4, 2)),
    (L.ConvLSTM2D, {"filters": 2, "kernel_size": (3, 2), "strides": 2, "data_format": "channels_first",
                    "return_sequences": True, "use_bias": False}, (2, 3, 2, 7, 6), (2, 3, 2, 3, 3)),
    (L.ConvLSTM3D, {"filters": 2, "kernel_size": 2, "dilation_rate": (1, 2, 1)}, (2, 3, 4, 5, 3, 2), (2, 3, 3, 2, 2)),
])  # fmt: skip
def test_contract(cls, kwargs, input_shape, out_shape):
    n_weights = 3 if kwargs.get("use_bias", True) else 2
    run_layer_test(cls, kwargs, input_shape=input_shape, expected_output_shape=out_shape,
                   expected_num_trainable_weights=n_weights, supports_masking=True, atol=1e-5)


def test_contract_return_state():
    _, outputs = run_layer_test(L.ConvLSTM2D, {"filters": 3, "kernel_size": 3, "return_state": True},
                                input_shape=(2, 4, 5, 6, 2), expected_num_trainable_weights=3, atol=1e-5)
    assert [tuple(o.shape) for o in outputs] == [(2, 3, 4, 3)] * 3


def test_weights_names_shapes_and_paths():
    layer = L.ConvLSTM2D(4, (3, 2), name="enc")
    layer(torch.zeros(2, 3, 6, 5, 2))
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("enc/conv_lstm_cell/kernel", (3, 2, 2, 16)),
        ("enc/conv_lstm_cell/recurrent_kernel", (3, 2, 4, 16)),
        ("enc/conv_lstm_cell/bias", (16,)),
    ]
    assert {id(p) for p in layer.parameters()} == {id(w) for w in layer.weights}
    np.testing.assert_array_equal(layer.cell.bias.detach().numpy(), [0.0] * 4 + [1.0] * 4 + [0.0] * 8)
    assert L.ConvLSTM1D(2, 2).name.startswith("conv_lstm1d")  # Keras's snake case of the class name


def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def test_hand_computed_two_steps():
    # 1 channel in and out, kernel 3 of ones, recurrent kernel 3 of 0.5, "same" padding: each gate's
    # pre-activation is the sum of the 3-neighbourhood of x plus half that of h (zeros beyond the edges).
    layer = L.ConvLSTM1D(1, 3, padding="same", kernel_initializer="ones",
                         recurrent_initializer=keras.initializers.Constant(0.5), return_sequences=True)
    x = np.array([[[1.0], [2.0], [3.0], [-1.0]], [[0.5], [0.0], [-2.0], [1.0]]], "float32")[None]  # (1, 2, 4, 1)
    out = layer(torch.tensor(x)).detach().numpy()

    def box(v):
        return np.convolve(v, np.ones(3), mode="same")

    h = c = np.zeros(4)
    for t in range(2):
        z = box(x[0, t, :, 0]) + 0.5 * box(h)
        i, f, o = _sigmoid(z), _sigmoid(z + 1.0), _sigmoid(z)  # forget bias 1 (unit_forget_bias)
        c = f * c + i * np.tanh(z)
        h = o * np.tanh(c)
        np.testing.assert_allclose(out[0, t, :, 0], h, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_1x1_kernel_is_a_per_pixel_lstm(data_format):
    # A 1x1 ConvLSTM2D is an LSTM run independently at every pixel, with the same weights.
    conv = L.ConvLSTM2D(3, 1, data_format=data_format, return_sequences=True, return_state=True)
    lstm = L.LSTM(3, return_sequences=True, return_state=True)
    x = torch.randn(2, 4, 3, 5, 2)  # channels last: (batch, time, rows, cols, channels)
    conv_x = x if data_format == "channels_last" else x.permute(0, 1, 4, 2, 3)
    out, h, c = conv(conv_x)
    lstm(torch.zeros(1, 4, 2))
    kernel, recurrent, bias = conv.get_weights()
    lstm.set_weights([kernel[0, 0], recurrent[0, 0], bias])
    per_pixel = x.permute(0, 2, 3, 1, 4).reshape(-1, 4, 2)
    ref_out, ref_h, ref_c = lstm(per_pixel)
    if data_format == "channels_first":
        out, h, c = out.permute(0, 1, 3, 4, 2), h.permute(0, 2, 3, 1), c.permute(0, 2, 3, 1)
    np.testing.assert_allclose(out.permute(0, 2, 3, 1, 4).reshape(-1, 4, 3).detach().numpy(),
                               ref_out.detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(h.reshape(-1, 3).detach().numpy(), ref_h.detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(c.reshape(-1, 3).detach().numpy(), ref_c.detach().numpy(), atol=1e-6)


def test_masked_steps_carry_state_and_output():
    layer = L.ConvLSTM1D(2, 2, return_sequences=True, return_state=True)
    x = torch.randn(1, 4, 5, 3)
    out, h, c = layer(x, mask=torch.tensor([[True, True, False, False]]))
    assert torch.equal(out[0, 2], out[0, 1]) and torch.equal(out[0, 3], h[0])
    _, h2, c2 = layer(x[:, :2])
    np.testing.assert_allclose(h.detach().numpy(), h2.detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(c.detach().numpy(), c2.detach().numpy(), atol=1e-6)


def test_go_backwards_equals_reversed_input():
    layer = L.ConvLSTM1D(2, 3, padding="same", return_sequences=True)
    backwards = L.ConvLSTM1D(2, 3, padding="same", return_sequences=True, go_backwards=True)
    x = torch.randn(2, 4, 5, 3)
    layer(x)
    backwards(x)
    backwards.set_weights(layer.get_weights())
    np.testing.assert_allclose(backwards(x).detach().numpy(), layer(x.flip(1)).detach().numpy(), atol=1e-6)


def test_stateful_carries_and_resets():
    layer = L.ConvLSTM2D(2, 2, stateful=True)
    x = torch.randn(2, 3, 4, 4, 1)
    first = layer(x)
    assert not torch.allclose(first, layer(x))
    layer.reset_state()
    np.testing.assert_allclose(layer(x).detach().numpy(), first.detach().numpy(), atol=1e-6)
    with pytest.raises(ValueError, match="stateful.*Received: sequences.shape=\\(3, 3, 4, 4, 1\\)"):
        layer(torch.randn(3, 3, 4, 4, 1))


def test_dropout_only_in_training_and_seeded():
    x = torch.randn(2, 3, 5, 4, 2)
    a = L.ConvLSTM2D(2, 3, dropout=0.5, recurrent_dropout=0.5, seed=4)
    b = L.ConvLSTM2D(2, 3, dropout=0.5, recurrent_dropout=0.5, seed=4)
    a(x)
    b(x)
    b.set_weights(a.get_weights())
    trained = a(x, training=True)  # same seed, same number of draws so far: the same masks
    np.testing.assert_allclose(trained.detach().numpy(), b(x, training=True).detach().numpy(), atol=1e-6)
    plain = L.ConvLSTM2D(2, 3)
    plain(x)
    plain.set_weights(a.get_weights())
    assert not torch.allclose(trained, plain(x))
    np.testing.assert_allclose(a(x).detach().numpy(), plain(x).detach().numpy(), atol=1e-6)


def test_cell_directly_and_config_round_trip():
    cell = ConvLSTMCell(2, 3, 3, padding="same", data_format="channels_first")
    h, (h_again, c) = cell(torch.randn(2, 4, 5, 6), [torch.zeros(2, 3, 5, 6), torch.randn(2, 3, 5, 6)])
    assert h.shape == c.shape == (2, 3, 5, 6) and torch.equal(h, h_again)
    assert [tuple(s.shape) for s in cell.get_initial_state(3)] == [(3, 3, 5, 6)] * 2
    config = cell.get_config()
    assert ConvLSTMCell.from_config(config).get_config() == config


def test_symbolic_shape():
    inputs = keras.Input((3, 6, 5, 2))
    out, h, c = L.ConvLSTM2D(4, 3, strides=(2, 1), return_sequences=True, return_state=True)(inputs)
    assert (tuple(out.shape), tuple(h.shape), tuple(c.shape)) == ((None, 3, 2, 3, 4), (None, 2, 3, 4),
                                                                  (None, 2, 3, 4))


@pytest.mark.parametrize("cls, kwargs, match", [
    (L.ConvLSTM2D, {"filters": 0, "kernel_size": 3}, "Received: filters=0"),
    (L.ConvLSTM2D, {"filters": 2, "kernel_size": (3, 3, 3)}, "Received: kernel_size=\\(3, 3, 3\\)"),
    (L.ConvLSTM1D, {"filters": 2, "kernel_size": 3, "padding": "causal"}, "Received: padding=causal"),
    (L.ConvLSTM2D, {"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, "Received: strides=\\(2, 2\\)"),
    (L.ConvLSTM3D, {"filters": 2, "kernel_size": 3, "data_format": "nchw"}, "nchw"),
])  # fmt: skip
def test_bad_arguments(cls, kwargs, match):
    with pytest.raises(ValueError, match=match):
        cls(**kwargs)


def test_bad_inputs():
    layer = L.ConvLSTM2D(2, 3, name="enc")
    with pytest.raises(ValueError, match="enc"):
        layer(torch.randn(2, 3, 5, 4))
    with pytest.raises(ValueError, match="empty.*Received: inputs_shape"):
        L.ConvLSTM2D(2, 3)(torch.randn(2, 3, 2, 4, 1))
    with pytest.raises(ValueError, match="static spatial"):
        L.ConvLSTM2D(2, 3)(keras.Input((3, None, 4, 1)))
    layer(torch.randn(2, 3, 5, 4, 1))
    with pytest.raises(ValueError, match="enc.*2 initial state.*Received: len\\(initial_state\\)=1"):
        layer(torch.randn(2, 3, 5, 4, 1), initial_state=[torch.zeros(2, 3, 2, 2)])
    with pytest.raises(ValueError, match="enc.*\\(2, 3, 2, 2\\).*Received: initial_state shape=\\(2, 3, 2, 3\\)"):
        layer(torch.randn(2, 3, 5, 4, 1), initial_state=[torch.zeros(2, 3, 2, 3)] * 2)
