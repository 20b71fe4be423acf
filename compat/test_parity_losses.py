"""Parity of keras.losses with real Keras on torch: values, gradients w.r.t. y_pred, and configs.

Both libraries get the same torch tensors; real Keras on the torch backend returns torch tensors, so the
gradients come from torch autograd on both sides. Tolerances are rtol 1e-5 / atol 1e-6 throughout; in
practice the numbers agree to the bit because the same torch kernels run in the same order.
"""

import numpy as np
import pytest
import torch

RTOL, ATOL = 1e-5, 1e-6
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None, "none"]


def _gen(seed):
    return np.random.default_rng(seed)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _data(kind, seed=0):
    """(y_true, y_pred) as numpy float32 arrays (labels may be ints) for each kind of loss input."""
    g = _gen(seed)
    f32 = np.float32
    if kind == "regression":
        return g.normal(size=(4, 5)).astype(f32), g.normal(size=(4, 5)).astype(f32)
    if kind == "regression3d":
        return g.normal(size=(3, 4, 2)).astype(f32), g.normal(size=(3, 4, 2)).astype(f32)
    if kind == "regression_rank1_pred":  # (batch,) targets against (batch, 1) predictions
        return g.normal(size=(6,)).astype(f32), g.normal(size=(6, 1)).astype(f32)
    if kind == "positive":
        return g.uniform(0.1, 3.0, size=(4, 5)).astype(f32), g.uniform(0.1, 3.0, size=(4, 5)).astype(f32)
    if kind == "positive_with_zeros":
        y_true = g.uniform(0.0, 3.0, size=(4, 5)).astype(f32)
        y_true[0, :2] = 0.0
        y_pred = g.uniform(-0.5, 3.0, size=(4, 5)).astype(f32)
        return y_true, y_pred
    if kind == "binary_prob":
        return g.integers(0, 2, size=(4, 5)).astype(f32), g.uniform(0.01, 0.99, size=(4, 5)).astype(f32)
    if kind == "binary_prob_extreme":  # probabilities at and beyond the epsilon clipping bounds
        y_pred = g.uniform(0.0, 1.0, size=(4, 5)).astype(f32)
        y_pred[0, :3] = [0.0, 1.0, 1e-9]
        y_pred[1, :2] = [1.0 - 1e-9, 0.5]
        return g.integers(0, 2, size=(4, 5)).astype(f32), y_pred
    if kind == "binary_logits":
        return g.integers(0, 2, size=(4, 5)).astype(f32), (3 * g.normal(size=(4, 5))).astype(f32)
    if kind == "binary_soft_labels":
        return g.uniform(0, 1, size=(4, 5)).astype(f32), g.uniform(0.01, 0.99, size=(4, 5)).astype(f32)
    if kind == "categorical_prob":  # unnormalized positive scores exercise the renormalization
        return np.eye(5, dtype=f32)[g.integers(0, 5, size=4)], g.uniform(0.01, 1.0, size=(4, 5)).astype(f32)
    if kind == "categorical_prob_extreme":
        y_pred = _softmax(8 * g.normal(size=(4, 5))).astype(f32)
        y_pred[0] = [0.0, 1.0, 0.0, 0.0, 0.0]
        return np.eye(5, dtype=f32)[[0, 1, 2, 3]], y_pred
    if kind == "categorical_logits":
        return np.eye(5, dtype=f32)[g.integers(0, 5, size=4)], (2 * g.normal(size=(4, 5))).astype(f32)
    if kind == "categorical_axis1":  # classes on axis 1 of a (batch, classes, steps) tensor
        labels = g.integers(0, 4, size=(3, 6))
        y_true = np.moveaxis(np.eye(4, dtype=f32)[labels], -1, 1)
        return y_true, g.uniform(0.01, 1.0, size=(3, 4, 6)).astype(f32)
    if kind == "sparse_prob":
        return g.integers(0, 5, size=(6,)), _softmax(g.normal(size=(6, 5))).astype(f32)
    if kind == "sparse_prob_col":
        return g.integers(0, 5, size=(6, 1)).astype(f32), g.uniform(0.01, 1.0, size=(6, 5)).astype(f32)
    if kind == "sparse_logits":
        return g.integers(0, 5, size=(6,)), (2 * g.normal(size=(6, 5))).astype(f32)
    if kind == "sparse_seq_logits":
        return g.integers(0, 5, size=(3, 4)), g.normal(size=(3, 4, 5)).astype(f32)
    if kind == "sparse_axis1_logits":
        return g.integers(0, 5, size=(3, 4)), g.normal(size=(3, 5, 4)).astype(f32)
    if kind == "sparse_ignore":  # label 2 plays the ignored class; rows of it are masked out
        labels = g.integers(0, 5, size=(6,))
        labels[[1, 4]] = 2
        return labels, (2 * g.normal(size=(6, 5))).astype(f32)
    if kind == "sparse_ignore_void":  # a "void" label -1 outside the class range
        labels = g.integers(0, 5, size=(3, 4))
        labels[0, 1] = labels[2, 3] = -1
        return labels, g.uniform(0.01, 1.0, size=(3, 4, 5)).astype(f32)
    if kind == "hinge_pm1":
        return g.choice([-1.0, 1.0], size=(4, 5)).astype(f32), g.normal(size=(4, 5)).astype(f32)
    if kind == "hinge_01":
        return g.integers(0, 2, size=(4, 5)).astype(f32), g.normal(size=(4, 5)).astype(f32)
    if kind == "distributions":
        return _softmax(g.normal(size=(4, 5))).astype(f32), _softmax(g.normal(size=(4, 5))).astype(f32)
    if kind == "segmentation":
        return g.integers(0, 2, size=(2, 4, 4, 1)).astype(f32), g.uniform(0, 1, size=(2, 4, 4, 1)).astype(f32)
    if kind == "ctc":
        y_true = np.array([[1, 2, 2, 0], [3, 1, 0, 0], [4, 4, 1, 2]])
        return y_true, g.normal(size=(3, 9, 5)).astype(f32)
    if kind == "embeddings":
        e = g.normal(size=(8, 4)).astype(f32)
        return np.array([0, 1, 0, 2, 1, 3, 2, 0]), (e / np.linalg.norm(e, axis=1, keepdims=True)).astype(f32)
    if kind == "gce":
        return g.integers(0, 5, size=(6,)), _softmax(g.normal(size=(6, 5))).astype(f32)
    raise ValueError(kind)


# (class name, constructor kwargs, data kind): every loss with its options.
CASES = [
    ("MeanSquaredError", {}, "regression"),
    ("MeanSquaredError", {}, "regression3d"),
    ("MeanSquaredError", {}, "regression_rank1_pred"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression_rank1_pred"),
    ("MeanAbsolutePercentageError", {}, "positive"),
    ("MeanAbsolutePercentageError", {}, "positive_with_zeros"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("MeanSquaredLogarithmicError", {}, "positive_with_zeros"),
    ("Huber", {}, "regression"),
    ("Huber", {"delta": 0.3}, "regression"),
    ("Huber", {"delta": 2.5}, "regression3d"),
    ("LogCosh", {}, "regression"),
    ("LogCosh", {}, "regression3d"),
    ("CosineSimilarity", {}, "regression"),
    ("CosineSimilarity", {"axis": 0}, "regression"),
    ("CosineSimilarity", {"axis": 1}, "regression3d"),
    ("Hinge", {}, "hinge_pm1"),
    ("Hinge", {}, "hinge_01"),
    ("SquaredHinge", {}, "hinge_pm1"),
    ("SquaredHinge", {}, "hinge_01"),
    ("CategoricalHinge", {}, "categorical_logits"),
    ("KLDivergence", {}, "distributions"),
    ("KLDivergence", {}, "categorical_prob_extreme"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "binary_prob"),
    ("BinaryCrossentropy", {}, "binary_prob_extreme"),
    ("BinaryCrossentropy", {}, "binary_soft_labels"),
    ("BinaryCrossentropy", {"from_logits": True}, "binary_logits"),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "binary_prob"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "binary_logits"),
    ("BinaryCrossentropy", {"axis": 0}, "binary_prob"),
    ("BinaryFocalCrossentropy", {}, "binary_prob"),
    ("BinaryFocalCrossentropy", {}, "binary_prob_extreme"),
    ("BinaryFocalCrossentropy", {"from_logits": True}, "binary_logits"),
    ("BinaryFocalCrossentropy", {"gamma": 0.0}, "binary_prob"),
    ("BinaryFocalCrossentropy", {"gamma": 3.5, "label_smoothing": 0.1}, "binary_prob"),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.4}, "binary_prob"),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "from_logits": True, "axis": 0}, "binary_logits"),
    ("CategoricalCrossentropy", {}, "categorical_prob"),
    ("CategoricalCrossentropy", {}, "categorical_prob_extreme"),
    ("CategoricalCrossentropy", {"from_logits": True}, "categorical_logits"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, "categorical_prob"),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.3}, "categorical_logits"),
    ("CategoricalCrossentropy", {"axis": 1}, "categorical_axis1"),
    ("CategoricalCrossentropy", {"axis": 1, "from_logits": True}, "categorical_axis1"),
    ("CategoricalFocalCrossentropy", {}, "categorical_prob"),
    ("CategoricalFocalCrossentropy", {}, "categorical_prob_extreme"),
    ("CategoricalFocalCrossentropy", {"from_logits": True}, "categorical_logits"),
    ("CategoricalFocalCrossentropy", {"alpha": [0.1, 0.2, 0.3, 0.2, 0.2], "gamma": 1.5}, "categorical_prob"),
    ("CategoricalFocalCrossentropy", {"gamma": 0.0, "label_smoothing": 0.2}, "categorical_logits"),
    ("CategoricalFocalCrossentropy", {"axis": 1}, "categorical_axis1"),
    ("SparseCategoricalCrossentropy", {}, "sparse_prob"),
    ("SparseCategoricalCrossentropy", {}, "sparse_prob_col"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_logits"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_seq_logits"),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "axis": 1}, "sparse_axis1_logits"),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 2}, "sparse_ignore"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 2}, "sparse_ignore"),
    ("SparseCategoricalCrossentropy", {"ignore_class": -1}, "sparse_ignore_void"),
    ("Dice", {}, "segmentation"),
    ("Dice", {"axis": (1, 2, 3)}, "segmentation"),
    ("Tversky", {}, "segmentation"),
    ("Tversky", {"alpha": 0.7, "beta": 0.3, "axis": (1, 2)}, "segmentation"),
    ("CTC", {}, "ctc"),
    ("Circle", {}, "embeddings"),
    ("Circle", {"gamma": 32.0, "margin": 0.25, "remove_diagonal": False}, "embeddings"),
    ("CategoricalGeneralizedCrossEntropy", {}, "gce"),
    ("CategoricalGeneralizedCrossEntropy", {"q": 0.2}, "gce"),
]
# Losses whose whole output is one scalar (axis=None sums everything) or that set their own masks.
DEFAULT_KIND = {
    "MeanSquaredError": "regression",
    "MeanAbsoluteError": "regression",
    "MeanAbsolutePercentageError": "positive",
    "MeanSquaredLogarithmicError": "positive",
    "Huber": "regression",
    "LogCosh": "regression",
    "CosineSimilarity": "regression",
    "Hinge": "hinge_01",
    "SquaredHinge": "hinge_pm1",
    "CategoricalHinge": "categorical_logits",
    "KLDivergence": "distributions",
    "Poisson": "positive",
    "BinaryCrossentropy": "binary_prob",
    "BinaryFocalCrossentropy": "binary_prob",
    "CategoricalCrossentropy": "categorical_prob",
    "CategoricalFocalCrossentropy": "categorical_prob",
    "SparseCategoricalCrossentropy": "sparse_prob",
    "Dice": "segmentation",
    "Tversky": "segmentation",
    "CTC": "ctc",
    "Circle": "embeddings",
    "CategoricalGeneralizedCrossEntropy": "gce",
}


def _ids(cases):
    return [f"{name}-{kwargs}-{kind}".replace(" ", "") for name, kwargs, kind in cases]


def _run(lib, name, kwargs, y_true, y_pred, sample_weight=None, mask=None, dtype=torch.float32):
    """The loss value and the gradient w.r.t. y_pred, from library `lib`."""
    loss = getattr(lib.losses, name)(**kwargs)
    pred = torch.tensor(y_pred, dtype=dtype, requires_grad=True)
    if mask is not None:
        pred._keras_mask = torch.tensor(mask)
    true = torch.tensor(y_true)
    sw = None if sample_weight is None else torch.tensor(sample_weight)
    value = loss(true, pred, sample_weight=sw)
    value.sum().backward()
    return value.detach(), pred.grad


def _compare(ours, ref, rtol=RTOL, atol=ATOL, same_dtype=True):
    (value, grad), (ref_value, ref_grad) = ours, ref
    if same_dtype:
        assert value.dtype == ref_value.dtype
    assert tuple(value.shape) == tuple(ref_value.shape)
    np.testing.assert_allclose(value.numpy(), ref_value.numpy(), rtol=rtol, atol=atol)
    np.testing.assert_allclose(grad.numpy(), ref_grad.numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=_ids(CASES))
def test_values_and_gradients(keras_ref, kt, name, kwargs, kind):
    y_true, y_pred = _data(kind)
    _compare(_run(kt, name, kwargs, y_true, y_pred), _run(keras_ref, name, kwargs, y_true, y_pred))


@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=_ids(CASES))
def test_config(keras_ref, kt, name, kwargs, kind):
    ours = getattr(kt.losses, name)(**kwargs)
    ref = getattr(keras_ref.losses, name)(**kwargs)
    assert ours.get_config() == ref.get_config()
    assert kt.losses.serialize(ours) == keras_ref.losses.serialize(ref)
    rebuilt = type(ours).from_config(ours.get_config())
    assert rebuilt.get_config() == ref.get_config()


def _sample_weight(kind, y_true, y_pred):
    """Per-sample weights over the loss's leading (batch) axis, including a zero weight."""
    if kind in ("segmentation", "embeddings", "ctc", "gce", "sparse_prob"):
        n = y_pred.shape[0]
    else:
        n = y_true.shape[0]
    weights = _gen(7).uniform(0.0, 2.0, size=(n,)).astype(np.float32)
    weights[0] = 0.0
    return weights


@pytest.mark.parametrize("reduction", REDUCTIONS, ids=str)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("name", sorted(DEFAULT_KIND))
def test_reductions_and_sample_weight(keras_ref, kt, name, weighted, reduction):
    kind = DEFAULT_KIND[name]
    y_true, y_pred = _data(kind, seed=3)
    sw = _sample_weight(kind, y_true, y_pred) if weighted else None
    kwargs = {"reduction": reduction}
    _compare(_run(kt, name, kwargs, y_true, y_pred, sw), _run(keras_ref, name, kwargs, y_true, y_pred, sw))


SAMPLE_WEIGHT_SHAPES = {
    "scalar": lambda g: np.float32(0.7),
    "per_sample_col": lambda g: g.uniform(0, 2, size=(3, 1)).astype(np.float32),
    "per_timestep": lambda g: g.uniform(0, 2, size=(3, 4)).astype(np.float32),
    "per_element": lambda g: g.uniform(0, 2, size=(3, 4, 1)).astype(np.float32),
}


@pytest.mark.parametrize("reduction", REDUCTIONS[:4], ids=str)
@pytest.mark.parametrize("shape", sorted(SAMPLE_WEIGHT_SHAPES))
def test_sample_weight_broadcasting(keras_ref, kt, shape, reduction):
    y_true, y_pred = _data("regression3d", seed=5)  # per-sample losses of shape (3, 4)
    sw = SAMPLE_WEIGHT_SHAPES[shape](_gen(11))
    kwargs = {"reduction": reduction}
    args = (y_true, y_pred, sw)
    _compare(_run(kt, "MeanSquaredError", kwargs, *args), _run(keras_ref, "MeanSquaredError", kwargs, *args))


MASKS = {
    "some": np.array([[True, True, False, False], [True, True, True, False], [True, False, False, False]]),
    "all_valid": np.ones((3, 4), dtype=bool),
    "none_valid": np.zeros((3, 4), dtype=bool),
}


@pytest.mark.parametrize("reduction", REDUCTIONS, ids=str)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("mask", sorted(MASKS))
@pytest.mark.parametrize(
    "name,kwargs,kind",
    [
        ("MeanSquaredError", {}, "regression3d"),
        ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_seq_logits"),
        ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 1}, "sparse_seq_logits"),
    ],
    ids=["mse", "scce", "scce_ignore_class"],
)
def test_masks(keras_ref, kt, name, kwargs, kind, mask, weighted, reduction):
    y_true, y_pred = _data(kind, seed=9)
    # One weight per timestep: Keras merges weights into the mask in place, so they must have its shape.
    sw = _gen(13).uniform(0, 2, size=(3, 4)).astype(np.float32) if weighted else None
    kwargs = dict(kwargs, reduction=reduction)
    m = MASKS[mask]
    _compare(
        _run(kt, name, kwargs, y_true, y_pred, sw, mask=m),
        _run(keras_ref, name, kwargs, y_true, y_pred, sw, mask=m),
    )


@pytest.mark.parametrize(
    "name,kwargs,kind",
    [case for case in CASES if case[0] not in ("CTC",)],
    ids=_ids([case for case in CASES if case[0] not in ("CTC",)]),
)
def test_float64_loss_dtype(keras_ref, kt, name, kwargs, kind):
    # A known difference: Keras's `divide_no_nan` and `maximum(x, 0.0)` promote float64 with a Python float to
    # float32, so a float64 Keras loss comes back float32 and is rounded to float32 on the way. kerastorch
    # keeps float64 throughout, so the comparison is at float32 precision and the dtypes differ. The absolute
    # tolerance scales with the largest gradient: Circle's gamma=80 multiplies Keras's float32 rounding.
    y_true, y_pred = _data(kind, seed=1)
    kwargs = dict(kwargs, dtype="float64")
    ours = _run(kt, name, kwargs, y_true, y_pred, dtype=torch.float64)
    ref = _run(keras_ref, name, kwargs, y_true, y_pred, dtype=torch.float64)
    assert ours[0].dtype == ours[1].dtype == torch.float64
    atol = ATOL * max(1.0, float(ref[1].abs().max()))
    _compare(ours, ref, atol=atol, same_dtype=False)


def test_float64_ctc(keras_ref, kt):
    y_true, y_pred = _data("ctc", seed=1)
    kwargs = {"dtype": "float64"}
    ours = _run(kt, "CTC", kwargs, y_true, y_pred, dtype=torch.float64)
    assert ours[0].dtype == torch.float64
    _compare(ours, _run(keras_ref, "CTC", kwargs, y_true, y_pred, dtype=torch.float64), same_dtype=False)


@pytest.mark.parametrize("name,kwargs,kind", CASES[:40], ids=_ids(CASES[:40]))
def test_float32_inputs_to_float16_loss(keras_ref, kt, name, kwargs, kind):
    # Half-precision rounding happens at the same places in both, so the results agree to the half ulp.
    y_true, y_pred = _data(kind, seed=2)
    kwargs = dict(kwargs, dtype="float16")
    _compare(
        _run(kt, name, kwargs, y_true, y_pred), _run(keras_ref, name, kwargs, y_true, y_pred), rtol=1e-3, atol=1e-3
    )


FUNCTION_CASES = [
    ("mean_squared_error", {}, "regression"),
    ("mean_absolute_error", {}, "regression"),
    ("mean_absolute_percentage_error", {}, "positive"),
    ("mean_squared_logarithmic_error", {}, "positive_with_zeros"),
    ("huber", {"delta": 0.5}, "regression"),
    ("log_cosh", {}, "regression"),
    ("cosine_similarity", {"axis": -1}, "regression"),
    ("hinge", {}, "hinge_01"),
    ("squared_hinge", {}, "hinge_pm1"),
    ("categorical_hinge", {}, "categorical_logits"),
    ("kl_divergence", {}, "distributions"),
    ("poisson", {}, "positive"),
    ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.1}, "binary_logits"),
    ("binary_crossentropy", {}, "binary_prob_extreme"),
    ("binary_focal_crossentropy", {"apply_class_balancing": True}, "binary_prob"),
    ("categorical_crossentropy", {"label_smoothing": 0.1}, "categorical_prob"),
    ("categorical_crossentropy", {"from_logits": True}, "categorical_logits"),
    ("categorical_focal_crossentropy", {"from_logits": True}, "categorical_logits"),
    ("sparse_categorical_crossentropy", {}, "sparse_prob"),
    ("sparse_categorical_crossentropy", {"from_logits": True, "ignore_class": 2}, "sparse_ignore"),
    ("dice", {"axis": (1, 2, 3)}, "segmentation"),
    ("tversky", {"alpha": 0.3, "beta": 0.7}, "segmentation"),
    ("ctc", {}, "ctc"),
    ("circle", {"gamma": 40}, "embeddings"),
    ("categorical_generalized_cross_entropy", {"q": 0.7}, "gce"),
]


@pytest.mark.parametrize("name,kwargs,kind", FUNCTION_CASES, ids=_ids(FUNCTION_CASES))
def test_functions(keras_ref, kt, name, kwargs, kind):
    y_true, y_pred = _data(kind, seed=4)

    def run(lib):
        pred = torch.tensor(y_pred, requires_grad=True)
        value = getattr(lib.losses, name)(torch.tensor(y_true), pred, **kwargs)
        value.sum().backward()
        return value.detach(), pred.grad

    _compare(run(kt), run(keras_ref))


@pytest.mark.parametrize(
    "identifier",
    ["mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE", "kld", "KLD", "bce", "BCE",
     "categorical_crossentropy", "binary_crossentropy", "sparse_categorical_crossentropy", "huber", "ctc"],
)
def test_get_function_names(keras_ref, kt, identifier):
    ours, ref = kt.losses.get(identifier), keras_ref.losses.get(identifier)
    assert ours.__name__ == ref.__name__
    y_true, y_pred = _data("binary_prob", seed=6)
    if identifier == "sparse_categorical_crossentropy":
        y_true, y_pred = _data("sparse_prob", seed=6)
    if identifier == "ctc":
        y_true, y_pred = _data("ctc", seed=6)
    np.testing.assert_allclose(
        ours(torch.tensor(y_true), torch.tensor(y_pred)).numpy(),
        ref(torch.tensor(y_true), torch.tensor(y_pred)).numpy(),
        rtol=RTOL,
        atol=ATOL,
    )


@pytest.mark.parametrize("name", sorted(DEFAULT_KIND))
def test_get_class_names_and_dicts(keras_ref, kt, name):
    ref = getattr(keras_ref.losses, name)()  # Keras's `get` misses CategoricalGeneralizedCrossEntropy; ours has it
    assert kt.losses.get(name).get_config() == ref.get_config()
    ref_dict = keras_ref.losses.serialize(ref)
    assert kt.losses.get(ref_dict).get_config() == ref_dict["config"]


def test_function_serialization_matches(keras_ref, kt):
    assert kt.losses.serialize(kt.losses.mean_squared_error) == keras_ref.losses.serialize(
        keras_ref.losses.mean_squared_error
    )


def test_loss_function_wrapper_config(keras_ref, kt):
    from keras.src.losses.losses import LossFunctionWrapper as RefWrapper

    ours = kt.losses.LossFunctionWrapper(kt.losses.huber, name="wrapped_huber", delta=2.0)
    ref = RefWrapper(keras_ref.losses.huber, name="wrapped_huber", delta=2.0)
    assert ours.get_config() == ref.get_config()
    rebuilt = kt.losses.LossFunctionWrapper.from_config(ref.get_config())
    assert rebuilt.fn is kt.losses.huber and rebuilt._fn_kwargs == {"delta": 2.0}
    y_true, y_pred = _data("regression", seed=8)
    np.testing.assert_allclose(
        rebuilt(y_true, y_pred).numpy(), ref(y_true, y_pred).numpy(), rtol=RTOL, atol=ATOL
    )


def test_numpy_inputs(keras_ref, kt):
    y_true, y_pred = _data("categorical_prob", seed=10)
    y_pred = y_pred.astype(np.float64)  # converted to the loss dtype (float32) by both
    ours = kt.losses.CategoricalCrossentropy()(y_true, y_pred)
    ref = keras_ref.losses.CategoricalCrossentropy()(y_true, y_pred)
    assert ours.dtype == ref.dtype == torch.float32
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), rtol=RTOL, atol=ATOL)
