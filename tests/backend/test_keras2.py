"""The Keras 2 `K.*` functions: Keras 2 semantics checked against NumPy and hand-computed values."""

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch import backend as K

X = np.arange(24, dtype="float32").reshape(2, 3, 4) / 10.0
M = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], dtype="float32")


def _np(x):
    return K.get_value(x)


@pytest.mark.parametrize("name, np_fn", [
    ("sum", np.sum), ("mean", np.mean), ("max", np.max), ("min", np.min), ("prod", np.prod),
    ("std", np.std), ("var", np.var),
])
@pytest.mark.parametrize("axis", [None, 0, -1, [0, 2]])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_default_to_all_axes_like_numpy(name, np_fn, axis, keepdims):
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = np_fn(X.astype("float64"), axis=np_axis, keepdims=keepdims)
    result = _np(getattr(K, name)(X, axis=axis, keepdims=keepdims))
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)


def test_mean_std_var_of_bool_are_floatx_and_population_statistics():
    flags = np.array([True, False, True, True])
    assert _np(K.mean(flags)) == pytest.approx(0.75) and K.dtype(K.mean(flags)) == "float32"
    assert _np(K.var(flags)) == pytest.approx(0.1875)
    assert _np(K.std(np.array([1.0, 3.0], "float32"))) == pytest.approx(1.0)  # no Bessel correction
    assert bool(_np(K.any(np.array([0, 0, 2])))) and not bool(_np(K.all(np.array([0, 1]))))
    assert _np(K.any(np.array([[0, 1], [0, 0]]), axis=1)).tolist() == [True, False]


def test_elementwise_functions_match_numpy():
    p = np.array([0.25, 1.0, 4.0], "float32")
    np.testing.assert_allclose(_np(K.sqrt(p)), [0.5, 1.0, 2.0])
    np.testing.assert_allclose(_np(K.log(p)), np.log(p), rtol=1e-6)
    np.testing.assert_allclose(_np(K.exp(M)), np.exp(M), rtol=1e-6)
    np.testing.assert_allclose(_np(K.square(M)), M ** 2)
    np.testing.assert_allclose(_np(K.abs(M)), np.abs(M))
    np.testing.assert_allclose(_np(K.sign(M)), np.sign(M))
    np.testing.assert_allclose(_np(K.pow(p, 2)), p ** 2)
    np.testing.assert_allclose(_np(K.round(np.array([0.5, 1.5, 2.5, -0.5], "float32"))), [0.0, 2.0, 2.0, -0.0])
    np.testing.assert_allclose(_np(K.sigmoid(M)), 1 / (1 + np.exp(-M)), rtol=1e-6)
    np.testing.assert_allclose(_np(K.tanh(M)), np.tanh(M), rtol=1e-6)
    np.testing.assert_allclose(_np(K.maximum(M, 0.0)), np.maximum(M, 0))
    np.testing.assert_allclose(_np(K.minimum(M, 1.0)), np.minimum(M, 1))
    assert _np(K.equal(M, 1.0)).tolist() == [[True, False, False], [False, False, False]]
    assert _np(K.less(M, 0)).tolist() == (M < 0).tolist()
    assert _np(K.greater(M, 0)).tolist() == (M > 0).tolist()
    assert K.dtype(K.pow(M, 2)) == "float32"  # a Python number takes the tensor's dtype


def test_clip_handles_none_and_inverted_bounds():
    np.testing.assert_allclose(_np(K.clip(M, -1.0, 2.0)), np.clip(M, -1, 2))
    np.testing.assert_allclose(_np(K.clip(M, None, 0.0)), np.minimum(M, 0))
    np.testing.assert_allclose(_np(K.clip(M, 1.0, 0.0)), np.ones_like(M))  # max below min is raised to min
    eps = K.epsilon()
    np.testing.assert_allclose(_np(K.clip(np.array([0.0, 1.0], "float32"), eps, 1 - eps)), [eps, 1 - eps])


def test_activations_with_keras2_options():
    np.testing.assert_allclose(_np(K.relu(M)), np.maximum(M, 0))
    np.testing.assert_allclose(_np(K.relu(M, alpha=0.1)), np.where(M > 0, M, 0.1 * M), rtol=1e-6)
    np.testing.assert_allclose(_np(K.relu(M, max_value=2.0)), np.clip(M, 0, 2))
    np.testing.assert_allclose(_np(K.relu(M, threshold=2.0)), np.where(M > 2, M, 0))
    softmax = _np(K.softmax(M))
    np.testing.assert_allclose(softmax, np.exp(M) / np.exp(M).sum(-1, keepdims=True), rtol=1e-6)
    np.testing.assert_allclose(_np(K.hard_sigmoid(M)), np.clip(0.2 * M + 0.5, 0, 1))
    with pytest.raises(ValueError, match="1D"):
        K.softmax(np.ones(3, "float32"))


def test_shapes_and_layout():
    assert K.int_shape(K.constant(X)) == (2, 3, 4) and K.ndim(X) == 3
    shape = K.shape(X)
    assert shape.dtype == torch.int32 and shape.tolist() == [2, 3, 4]
    assert K.reshape(X, (6, -1)).shape == (6, 4) and K.reshape(X, K.shape(X)).shape == (2, 3, 4)
    assert K.expand_dims(M).shape == (2, 3, 1) and K.expand_dims(M, 0).shape == (1, 2, 3)
    assert K.squeeze(K.expand_dims(M, 1), 1).shape == (2, 3)
    with pytest.raises(ValueError, match="size is 3"):
        K.squeeze(M, 1)
    assert K.transpose(X).shape == (4, 3, 2)  # reverses all axes, as tf.transpose does
    np.testing.assert_array_equal(_np(K.transpose(M)), M.T)
    assert K.permute_dimensions(X, (0, 2, 1)).shape == (2, 4, 3)
    assert K.concatenate([M, M]).shape == (2, 6) and K.concatenate([M, M], axis=0).shape == (4, 3)
    assert K.stack([M, M]).shape == (2, 2, 3) and K.stack([M, M], axis=-1).shape == (2, 3, 2)
    assert K.flatten(X).shape == (24,) and K.batch_flatten(X).shape == (2, 12)
    assert K.repeat(M, 4).shape == (2, 4, 3)
    np.testing.assert_array_equal(_np(K.repeat_elements(M, 2, axis=1)), np.repeat(M, 2, axis=1))
    np.testing.assert_array_equal(_np(K.tile(M, (2, 1))), np.tile(M, (2, 1)))
    np.testing.assert_array_equal(_np(K.argmax(M)), [2, 1])
    np.testing.assert_array_equal(_np(K.argmin(M, axis=0)), [1, 0, 1])
    np.testing.assert_array_equal(_np(K.one_hot(np.array([2, 0]), 3)), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(_np(K.gather(M, np.array([1, 1, 0]))), M[[1, 1, 0]])


def test_dot_contracts_last_with_second_to_last():
    a = np.arange(24, dtype="float32").reshape(2, 3, 4)
    b = np.arange(60, dtype="float32").reshape(5, 4, 3)
    out = _np(K.dot(a, b))
    assert out.shape == (2, 3, 5, 3)
    np.testing.assert_allclose(out, np.einsum("ijk,lkm->ijlm", a, b))
    np.testing.assert_allclose(_np(K.dot(M, M.T)), M @ M.T)


def test_batch_dot_follows_keras2_shape_rules():
    rng = np.random.default_rng(0)
    x2, y2 = rng.normal(size=(4, 5)).astype("float32"), rng.normal(size=(4, 5)).astype("float32")
    out = _np(K.batch_dot(x2, y2, axes=1))
    assert out.shape == (4, 1)
    np.testing.assert_allclose(out[:, 0], (x2 * y2).sum(-1), rtol=1e-5)
    y3 = rng.normal(size=(4, 6, 5)).astype("float32")
    out = _np(K.batch_dot(x2, y3, axes=(1, 2)))
    assert out.shape == (4, 6)
    np.testing.assert_allclose(out, np.einsum("bi,bji->bj", x2, y3), rtol=1e-5, atol=1e-6)
    x3, z3 = rng.normal(size=(4, 3, 5)).astype("float32"), rng.normal(size=(4, 5, 2)).astype("float32")
    np.testing.assert_allclose(_np(K.batch_dot(x3, z3)), x3 @ z3, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="axis 0"):
        K.batch_dot(x2, y2, axes=0)
    with pytest.raises(ValueError, match="different sizes"):
        K.batch_dot(x3, y3, axes=(2, 1))


def test_crossentropies_clip_with_epsilon():
    eps = K.epsilon()
    target = np.array([[1.0, 0.0], [0.0, 1.0]], "float32")
    output = np.array([[0.9, 0.2], [1.0, 0.0]], "float32")
    clipped = np.clip(output, eps, 1 - eps)
    expected = -(target * np.log(clipped + eps) + (1 - target) * np.log(1 - clipped + eps))
    np.testing.assert_allclose(_np(K.binary_crossentropy(target, output)), expected, rtol=1e-5)
    logits = np.array([[2.0, -1.0], [0.5, 3.0]], "float32")
    np.testing.assert_allclose(_np(K.binary_crossentropy(target, logits, from_logits=True)),
                               np.maximum(logits, 0) - logits * target + np.log1p(np.exp(-np.abs(logits))),
                               rtol=1e-5)
    probs = np.array([[2.0, 1.0, 1.0], [1.0, 1.0, 2.0]], "float32")  # renormalized to sum to 1
    onehot = np.eye(3, dtype="float32")[[0, 1]]
    np.testing.assert_allclose(_np(K.categorical_crossentropy(onehot, probs)), [-np.log(0.5), -np.log(0.25)],
                               rtol=1e-5)
    np.testing.assert_allclose(_np(K.sparse_categorical_crossentropy(np.array([0, 2]), probs / 4)),
                               [-np.log(0.5), -np.log(0.5)], rtol=1e-5)
    np.testing.assert_allclose(_np(K.sparse_categorical_crossentropy(np.array([[0], [1]]), logits, from_logits=True)),
                               -np.log(np.exp(logits) / np.exp(logits).sum(-1, keepdims=True))[[0, 1], [0, 1]],
                               rtol=1e-5)
    with pytest.raises(ValueError, match="same shape"):
        K.categorical_crossentropy(onehot[:, :2], probs)


def test_variables_constants_and_values():
    v = K.variable(np.ones((2, 2)), name="w")
    assert isinstance(v, keras.Variable) and K.dtype(v) == K.floatx() and v.name == "w"
    K.set_value(v, np.full((2, 2), 3.0))
    np.testing.assert_array_equal(K.get_value(v), np.full((2, 2), 3.0, "float32"))
    np.testing.assert_array_equal(K.eval(K.update_add(v, np.ones((2, 2)))), np.full((2, 2), 4.0))
    assert K.dtype(K.constant(1)) == "float32" and K.constant(2.0, shape=(2, 3)).shape == (2, 3)
    assert K.dtype(K.constant([1, 2], dtype="int32")) == "int32"
    assert K.count_params(v) == 4 and K.batch_get_value([v, v])[1].shape == (2, 2)
    assert K.dtype(K.cast(M, "int32")) == "int32" and K.dtype(K.cast_to_floatx(np.array([1]))) == "float32"
    np.testing.assert_array_equal(_np(K.ones_like(M)), np.ones_like(M))
    assert K.dtype(K.zeros_like(M, dtype="int32")) == "int32"
    assert K.zeros((2, 3)).shape == (2, 3) and K.get_value(K.eye(2)).tolist() == [[1, 0], [0, 1]]
    assert K.arange(4).tolist() == [0, 1, 2, 3]


def test_set_value_on_an_optimizer_learning_rate():
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    assert K.get_value(optimizer.learning_rate) == pytest.approx(0.01)
    K.set_value(optimizer.learning_rate, 0.5)
    assert K.get_value(optimizer.learning_rate) == pytest.approx(0.5)


def test_symbolic_inputs_record_graph_nodes():
    inputs = keras.Input((3,))
    outputs = K.sum(K.square(inputs), axis=-1, keepdims=True)
    lam = keras.layers.Lambda(lambda t: K.mean(t, axis=1))(inputs)
    model = keras.Model(inputs, [outputs, lam])
    assert tuple(outputs.shape) == (None, 1) and tuple(lam.shape) == (None,)
    first, second = model.predict(M, verbose=0)
    np.testing.assert_allclose(first, (M ** 2).sum(-1, keepdims=True), rtol=1e-6)
    np.testing.assert_allclose(second, M.mean(1), rtol=1e-6)


def test_custom_loss_and_metric_written_with_k_train():
    def rmse(y_true, y_pred):
        return K.sqrt(K.mean(K.square(y_pred - y_true), axis=-1))

    def r2(y_true, y_pred):
        residual = K.sum(K.square(y_true - y_pred))
        total = K.sum(K.square(y_true - K.mean(y_true)))
        return 1 - residual / (total + K.epsilon())

    keras.utils.set_random_seed(1)
    x = np.random.default_rng(1).normal(size=(64, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    model = keras.Sequential([keras.layers.Dense(1, input_dim=3)])
    model.compile(optimizer=keras.optimizers.Adam(lr=0.1), loss=rmse, metrics=[r2])
    history = model.fit(x, y, epochs=30, batch_size=16, verbose=0, shuffle=False)
    assert history.history["loss"][-1] < history.history["loss"][0] / 3
    assert history.history["r2"][-1] > 0.8


@pytest.mark.parametrize("name", ["placeholder", "function", "gradients", "get_session", "set_session",
                                  "learning_phase", "set_learning_phase"])
def test_graph_mode_names_explain_the_replacement(name):
    with pytest.raises(ValueError, match=rf"`K\.{name}` belongs to TensorFlow 1's graph mode.*Received: K\.{name}"):
        getattr(K, name)()


def test_k_variable_does_not_hide_the_variable_module():
    import sys

    assert K.variable.__module__ == "kerastorch.backend.keras2"
    assert sys.modules["kerastorch.backend.variable"].Variable is keras.Variable
