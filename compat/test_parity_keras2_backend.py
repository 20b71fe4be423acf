"""Keras 2 `K.*` functions against their Keras 3 equivalents in the real package (torch backend).

Real Keras 3 keeps the Keras 2 functions only in `keras.src.legacy.backend`, which needs TensorFlow; so each
`K.<name>` here is compared with the keras.ops (or keras.losses) call that replaces it. Values agree within
rtol 1e-5 / atol 1e-6 (float32), and shapes exactly. One line per case: `(id, K-call, reference-call)`.
Keras 2's crossentropies add epsilon inside the log, which moves them by about 1e-7 from Keras 3's.
"""

import numpy as np
import pytest

_rng = np.random.default_rng(7)
F = _rng.standard_normal((3, 4)).astype("float32")
G = _rng.standard_normal((3, 4)).astype("float32")
P = _rng.uniform(0.1, 2.0, (3, 4)).astype("float32")
T3 = _rng.standard_normal((2, 3, 4)).astype("float32")
W = _rng.standard_normal((4, 5)).astype("float32")
B3 = _rng.standard_normal((2, 4, 5)).astype("float32")
PROBS = P / P.sum(-1, keepdims=True)
ONEHOT = np.eye(4, dtype="float32")[[0, 3, 1]]
LABELS = np.array([0, 3, 1], dtype="int32")
BIN = (F > 0).astype("float32")
SIG = 1 / (1 + np.exp(-F))

CASES = [
    ("mean_all", lambda K: K.mean(F), lambda k: k.ops.mean(F)),
    ("mean_axis_keepdims", lambda K: K.mean(T3, axis=1, keepdims=True), lambda k: k.ops.mean(T3, 1, True)),
    ("sum_axes", lambda K: K.sum(T3, axis=[0, 2]), lambda k: k.ops.sum(T3, axis=(0, 2))),
    ("max_axis", lambda K: K.max(F, axis=0), lambda k: k.ops.max(F, axis=0)),
    ("min_all", lambda K: K.min(F), lambda k: k.ops.min(F)),
    ("std", lambda K: K.std(F, axis=-1), lambda k: k.ops.std(F, axis=-1)),
    ("var", lambda K: K.var(T3), lambda k: k.ops.var(T3)),
    ("prod", lambda K: K.prod(P, axis=1), lambda k: k.ops.prod(P, axis=1)),
    ("any", lambda K: K.any(BIN, axis=1), lambda k: k.ops.any(BIN, axis=1)),
    ("all", lambda K: K.all(BIN, axis=0), lambda k: k.ops.all(BIN, axis=0)),
    ("argmax", lambda K: K.argmax(F), lambda k: k.ops.argmax(F, axis=-1)),
    ("square", lambda K: K.square(F), lambda k: k.ops.square(F)),
    ("sqrt", lambda K: K.sqrt(P), lambda k: k.ops.sqrt(P)),
    ("log", lambda K: K.log(P), lambda k: k.ops.log(P)),
    ("exp", lambda K: K.exp(F), lambda k: k.ops.exp(F)),
    ("abs", lambda K: K.abs(F), lambda k: k.ops.abs(F)),
    ("sign", lambda K: K.sign(F), lambda k: k.ops.sign(F)),
    ("round", lambda K: K.round(F * 3), lambda k: k.ops.round(F * 3)),
    ("pow", lambda K: K.pow(P, 3), lambda k: k.ops.power(P, 3)),
    ("clip", lambda K: K.clip(F, -0.5, 0.5), lambda k: k.ops.clip(F, -0.5, 0.5)),
    ("maximum", lambda K: K.maximum(F, G), lambda k: k.ops.maximum(F, G)),
    ("minimum", lambda K: K.minimum(F, G), lambda k: k.ops.minimum(F, G)),
    ("equal", lambda K: K.equal(BIN, 1.0), lambda k: k.ops.equal(BIN, 1.0)),
    ("less", lambda K: K.less(F, G), lambda k: k.ops.less(F, G)),
    ("greater", lambda K: K.greater(F, G), lambda k: k.ops.greater(F, G)),
    ("sigmoid", lambda K: K.sigmoid(F), lambda k: k.ops.sigmoid(F)),
    ("tanh", lambda K: K.tanh(F), lambda k: k.ops.tanh(F)),
    ("relu", lambda K: K.relu(F), lambda k: k.ops.relu(F)),
    ("relu_max", lambda K: K.relu(F, max_value=0.5), lambda k: k.activations.relu(F, max_value=0.5)),
    ("relu_alpha", lambda K: K.relu(F, alpha=0.2), lambda k: k.activations.relu(F, negative_slope=0.2)),
    ("softmax", lambda K: K.softmax(F), lambda k: k.ops.softmax(F)),
    ("softplus", lambda K: K.softplus(F), lambda k: k.ops.softplus(F)),
    ("elu", lambda K: K.elu(F), lambda k: k.ops.elu(F)),
    ("cast", lambda K: K.cast(F * 4, "int32"), lambda k: k.ops.cast(F * 4, "int32")),
    ("reshape", lambda K: K.reshape(T3, (4, -1)), lambda k: k.ops.reshape(T3, (4, -1))),
    ("concatenate", lambda K: K.concatenate([F, G]), lambda k: k.ops.concatenate([F, G], axis=-1)),
    ("stack", lambda K: K.stack([F, G], axis=1), lambda k: k.ops.stack([F, G], axis=1)),
    ("expand_dims", lambda K: K.expand_dims(F), lambda k: k.ops.expand_dims(F, -1)),
    ("squeeze", lambda K: K.squeeze(F[:, :1], 1), lambda k: k.ops.squeeze(F[:, :1], 1)),
    ("transpose", lambda K: K.transpose(T3), lambda k: k.ops.transpose(T3)),
    ("permute", lambda K: K.permute_dimensions(T3, (1, 0, 2)), lambda k: k.ops.transpose(T3, (1, 0, 2))),
    ("tile", lambda K: K.tile(F, (2, 3)), lambda k: k.ops.tile(F, (2, 3))),
    ("repeat_elements", lambda K: K.repeat_elements(F, 2, 0), lambda k: k.ops.repeat(F, 2, axis=0)),
    ("flatten", lambda K: K.batch_flatten(T3), lambda k: k.ops.reshape(T3, (2, -1))),
    ("cumsum", lambda K: K.cumsum(F, axis=1), lambda k: k.ops.cumsum(F, axis=1)),
    ("ones_like", lambda K: K.ones_like(F), lambda k: k.ops.ones_like(F)),
    ("zeros_like", lambda K: K.zeros_like(F), lambda k: k.ops.zeros_like(F)),
    ("one_hot", lambda K: K.one_hot(LABELS, 4), lambda k: k.ops.one_hot(LABELS, 4)),
    ("dot_2d", lambda K: K.dot(F, W), lambda k: k.ops.matmul(F, W)),
    ("dot_nd", lambda K: K.dot(T3, B3), lambda k: k.ops.tensordot(T3, B3, axes=([2], [1]))),
    ("batch_dot", lambda K: K.batch_dot(T3, B3), lambda k: k.ops.matmul(T3, B3)),
    ("batch_dot_2d", lambda K: K.batch_dot(F, G, axes=1),
     lambda k: k.ops.sum(k.ops.multiply(F, G), axis=1, keepdims=True)),
    ("l2_normalize", lambda K: K.l2_normalize(F, axis=-1), lambda k: k.utils.normalize(F, axis=-1, order=2)),
    ("bce", lambda K: K.binary_crossentropy(BIN, SIG), lambda k: k.ops.binary_crossentropy(BIN, SIG)),
    ("bce_logits", lambda K: K.binary_crossentropy(BIN, F, from_logits=True),
     lambda k: k.ops.binary_crossentropy(BIN, F, from_logits=True)),
    ("cce", lambda K: K.categorical_crossentropy(ONEHOT, PROBS), lambda k: k.ops.categorical_crossentropy(ONEHOT, PROBS)),
    ("cce_logits", lambda K: K.categorical_crossentropy(ONEHOT, F, from_logits=True),
     lambda k: k.ops.categorical_crossentropy(ONEHOT, F, from_logits=True)),
    ("scce", lambda K: K.sparse_categorical_crossentropy(LABELS, PROBS),
     lambda k: k.ops.sparse_categorical_crossentropy(LABELS, PROBS)),
    ("scce_logits", lambda K: K.sparse_categorical_crossentropy(LABELS, F, from_logits=True),
     lambda k: k.ops.sparse_categorical_crossentropy(LABELS, F, from_logits=True)),
    ("bce_loss_mean", lambda K: K.mean(K.binary_crossentropy(BIN, SIG), axis=-1),
     lambda k: k.losses.binary_crossentropy(BIN, SIG)),
    ("epsilon", lambda K: K.epsilon(), lambda k: k.backend.epsilon()),
    ("floatx", lambda K: K.floatx(), lambda k: k.backend.floatx()),
]


@pytest.mark.parametrize("name, ours, theirs", CASES, ids=[c[0] for c in CASES])
def test_k_function_matches_keras3_equivalent(kt, keras_ref, name, ours, theirs):
    result, expected = ours(kt.backend), theirs(keras_ref)
    if isinstance(expected, str):
        assert result == expected
        return
    result, expected = kt.ops.convert_to_numpy(result), keras_ref.ops.convert_to_numpy(expected)
    assert result.shape == expected.shape
    np.testing.assert_allclose(result.astype("float64"), expected.astype("float64"), rtol=1e-5, atol=1e-6)


def test_variable_get_and_set_value_match_keras_variables(kt, keras_ref):
    ours = kt.backend.variable(F)
    theirs = keras_ref.Variable(F)
    kt.backend.set_value(ours, G)
    theirs.assign(G)
    np.testing.assert_array_equal(kt.backend.get_value(ours), keras_ref.ops.convert_to_numpy(theirs))
    assert kt.backend.dtype(ours) == theirs.dtype == "float32"
