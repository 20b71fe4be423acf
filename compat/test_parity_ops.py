"""keras.ops parity: the same op on the same inputs in kerastorch and real Keras (torch backend).

Values must agree within 1e-6 (relative and absolute, float32) and output dtypes must be equal. One line per
case: `(id, fn)` where `fn(ops)` runs against either namespace.

Deliberately absent (kerastorch follows NumPy / TensorFlow where Keras 3.15.1 on torch departs from its own spec;
tests/ops checks them against NumPy): `pad(mode="symmetric")` (Keras on torch pads like "edge"), `cross`
(torch.cross on the wrong axis), `sparsemax` (outputs not summing to 1), `conv_transpose` with explicit
`output_padding` and "same" (Keras on torch crops on the other side), "same" `average_pool` with strides.
Keras on torch raises for `concatenate(axis=None)`, `pad(mode="edge")` on 2-D, `unstack` of a NumPy array and
`vdot` of matrices, which kerastorch supports.
"""

import numpy as np
import pytest
import torch

import kerastorch.ops  # noqa: F401  (until kerastorch/__init__.py imports it)

_rng = np.random.default_rng(0)
F = _rng.standard_normal((3, 4)).astype("float32")
G = _rng.standard_normal((3, 4)).astype("float32")
P = _rng.uniform(0.1, 2.0, (3, 4)).astype("float32")
U = _rng.uniform(-0.9, 0.9, (3, 4)).astype("float32")
D = _rng.standard_normal((3, 4))  # float64
I = _rng.integers(-5, 6, (3, 4)).astype("int32")
J = _rng.integers(1, 6, (3, 4)).astype("int32")
L = _rng.integers(-5, 6, (3, 4)).astype("int64")
B = _rng.integers(0, 2, (3, 4)).astype("bool")
M = _rng.standard_normal((4, 5)).astype("float32")
SQ = (_rng.standard_normal((3, 3)) + 3 * np.eye(3)).astype("float32")
SPD = (SQ @ SQ.T).astype("float32")
IMG = _rng.uniform(0, 1, (2, 8, 8, 3)).astype("float32")
SEQ = _rng.standard_normal((2, 10, 3)).astype("float32")
K1 = _rng.standard_normal((3, 3, 4)).astype("float32")
K2 = _rng.standard_normal((3, 3, 3, 4)).astype("float32")
DK = _rng.standard_normal((3, 3, 3, 2)).astype("float32")
PK = _rng.standard_normal((1, 1, 6, 5)).astype("float32")
TK = _rng.standard_normal((3, 3, 5, 3)).astype("float32")
Q = _rng.standard_normal((2, 5, 2, 4)).astype("float32")
KV = _rng.standard_normal((2, 6, 2, 4)).astype("float32")
PROBS = np.abs(F) / np.abs(F).sum(-1, keepdims=True)
ONEHOT = np.eye(4, dtype="float32")[[0, 3, 1]]
LABELS = np.array([0, 3, 1], dtype="int32")
BIN = (F > 0).astype("float32")
SIG = 1 / (1 + np.exp(-F))

CASES = [
    # elementwise arithmetic and promotion
    ("add_ff", lambda o: o.add(F, G)),
    ("add_fi", lambda o: o.add(F, I)),
    ("add_i_pyfloat", lambda o: o.add(I, 1.5)),
    ("add_l_l", lambda o: o.add(L, L)),
    ("add_d_pyint", lambda o: o.add(D, 1)),
    ("add_b_b", lambda o: o.add(B, B)),
    ("subtract_bi", lambda o: o.subtract(B, I)),
    ("subtract_ff", lambda o: o.subtract(F, G)),
    ("multiply_fi", lambda o: o.multiply(F, I)),
    ("multiply_scalar", lambda o: o.multiply(2, F)),
    ("divide_ii", lambda o: o.divide(I, J)),
    ("divide_ff", lambda o: o.divide(F, P)),
    ("true_divide_fi", lambda o: o.true_divide(F, J)),
    ("divide_no_nan", lambda o: o.divide_no_nan(F, np.where(I > 0, F, 0).astype("float32"))),
    ("floor_divide_ii", lambda o: o.floor_divide(I, J)),
    ("floor_divide_ff", lambda o: o.floor_divide(F, P)),
    ("power_ii", lambda o: o.power(J, 2)),
    ("power_ff", lambda o: o.power(P, G)),
    ("mod_ii", lambda o: o.mod(I, J)),
    ("mod_ff", lambda o: o.mod(F, P)),
    ("fmod_ff", lambda o: o.fmod(F, P)),
    ("maximum_fi", lambda o: o.maximum(F, I)),
    ("maximum_i_pyfloat", lambda o: o.maximum(I, 0.5)),
    ("minimum_ff", lambda o: o.minimum(F, G)),
    ("fmax", lambda o: o.fmax(F, G)),
    ("arctan2", lambda o: o.arctan2(F, G)),
    ("arctan2_ii", lambda o: o.arctan2(I, J)),
    ("hypot", lambda o: o.hypot(F, G)),
    ("logaddexp", lambda o: o.logaddexp(F, G)),
    ("logaddexp2", lambda o: o.logaddexp2(F, G)),
    ("heaviside", lambda o: o.heaviside(F, G)),
    ("gcd", lambda o: o.gcd(I, J)),
    ("lcm", lambda o: o.lcm(I, J)),
    ("negative", lambda o: o.negative(F)),
    ("abs_f", lambda o: o.abs(F)),
    ("abs_i", lambda o: o.abs(I)),
    ("absolute_b", lambda o: o.absolute(B)),
    ("sign", lambda o: o.sign(F)),
    ("square_f", lambda o: o.square(F)),
    ("square_b", lambda o: o.square(B)),
    ("sqrt_f", lambda o: o.sqrt(P)),
    ("sqrt_i", lambda o: o.sqrt(J)),
    ("sqrt_l", lambda o: o.sqrt(np.abs(L))),
    ("rsqrt", lambda o: o.rsqrt(P)),
    ("cbrt", lambda o: o.cbrt(F)),
    ("exp_f", lambda o: o.exp(F)),
    ("exp_i", lambda o: o.exp(I)),
    ("exp_d", lambda o: o.exp(D)),
    ("exp2", lambda o: o.exp2(F)),
    ("expm1", lambda o: o.expm1(F)),
    ("log", lambda o: o.log(P)),
    ("log_i", lambda o: o.log(J)),
    ("log10", lambda o: o.log10(P)),
    ("log2", lambda o: o.log2(P)),
    ("log1p", lambda o: o.log1p(P)),
    ("sin", lambda o: o.sin(F)),
    ("cos", lambda o: o.cos(F)),
    ("tan", lambda o: o.tan(U)),
    ("arcsin", lambda o: o.arcsin(U)),
    ("arccos", lambda o: o.arccos(U)),
    ("arctan", lambda o: o.arctan(F)),
    ("sinh", lambda o: o.sinh(F)),
    ("cosh", lambda o: o.cosh(F)),
    ("tanh", lambda o: o.tanh(F)),
    ("arcsinh", lambda o: o.arcsinh(F)),
    ("arccosh", lambda o: o.arccosh(P + 1)),
    ("arctanh", lambda o: o.arctanh(U)),
    ("sinc", lambda o: o.sinc(F)),
    ("deg2rad", lambda o: o.deg2rad(F)),
    ("rad2deg_i", lambda o: o.rad2deg(I)),
    ("erf", lambda o: o.erf(F)),
    ("erfinv", lambda o: o.erfinv(U)),
    ("reciprocal", lambda o: o.reciprocal(P)),
    ("ceil_f", lambda o: o.ceil(F)),
    ("ceil_i", lambda o: o.ceil(I)),
    ("floor_f", lambda o: o.floor(F)),
    ("floor_l", lambda o: o.floor(L)),
    ("trunc", lambda o: o.trunc(F * 3)),
    ("round_f", lambda o: o.round(F * 3)),
    ("round_decimals", lambda o: o.round(F, 2)),
    ("round_i", lambda o: o.round(I)),
    ("clip_f", lambda o: o.clip(F, -0.5, 0.5)),
    ("clip_i", lambda o: o.clip(I, -2, 2)),
    ("clip_b", lambda o: o.clip(B, 0, 1)),
    ("nan_to_num", lambda o: o.nan_to_num(np.array([np.nan, np.inf, -np.inf, 1.0], "float32"))),
    ("isnan", lambda o: o.isnan(np.array([np.nan, 1.0], "float32"))),
    ("isinf", lambda o: o.isinf(np.array([np.inf, 1.0], "float32"))),
    ("isfinite", lambda o: o.isfinite(np.array([np.inf, 1.0], "float32"))),
    ("signbit", lambda o: o.signbit(F)),
    # comparisons and logic
    ("equal", lambda o: o.equal(I, J)),
    ("not_equal", lambda o: o.not_equal(I, 1)),
    ("greater", lambda o: o.greater(F, G)),
    ("greater_equal", lambda o: o.greater_equal(F, 0.0)),
    ("less", lambda o: o.less(I, F)),
    ("less_equal", lambda o: o.less_equal(F, G)),
    ("logical_and", lambda o: o.logical_and(B, F > 0)),
    ("logical_or", lambda o: o.logical_or(B, F > 0)),
    ("logical_xor", lambda o: o.logical_xor(B, F > 0)),
    ("logical_not", lambda o: o.logical_not(B)),
    ("bitwise_and", lambda o: o.bitwise_and(I, J)),
    ("bitwise_xor", lambda o: o.bitwise_xor(I, J)),
    ("left_shift", lambda o: o.left_shift(J, 2)),
    ("isclose", lambda o: o.isclose(F, F + 1e-7)),
    ("allclose", lambda o: o.allclose(F, G)),
    ("where", lambda o: o.where(B, F, G)),
    ("where_fi", lambda o: o.where(B, F, I)),
    ("where_scalar", lambda o: o.where(B, F, 0)),
    ("where_one_arg", lambda o: o.where(B)),
    # creation
    ("zeros", lambda o: o.zeros((2, 3))),
    ("ones_int", lambda o: o.ones((2,), dtype="int32")),
    ("full", lambda o: o.full((2, 2), 7)),
    ("full_float", lambda o: o.full((2, 2), 0.5)),
    ("full_like", lambda o: o.full_like(F, 3)),
    ("zeros_like_i", lambda o: o.zeros_like(I)),
    ("ones_like_dtype", lambda o: o.ones_like(I, dtype="float32")),
    ("eye", lambda o: o.eye(3)),
    ("eye_k", lambda o: o.eye(3, 4, k=1)),
    ("identity", lambda o: o.identity(3, dtype="int32")),
    ("tri", lambda o: o.tri(3, 4, k=-1)),
    ("arange_int", lambda o: o.arange(5)),
    ("arange_float", lambda o: o.arange(0.0, 1.0, 0.25)),
    ("arange_step", lambda o: o.arange(1, 10, 3)),
    ("linspace", lambda o: o.linspace(0, 1, 7)),
    ("linspace_noend", lambda o: o.linspace(0, 2, 5, endpoint=False)),
    ("logspace", lambda o: o.logspace(0, 2, 5)),
    ("geomspace", lambda o: o.geomspace(1, 100, 5)),
    ("convert_list", lambda o: o.convert_to_tensor([1, 2, 3])),
    ("convert_float_list", lambda o: o.convert_to_tensor([1.0, 2])),
    ("convert_f64", lambda o: o.convert_to_tensor(D)),
    ("convert_pyfloat", lambda o: o.convert_to_tensor(1.5)),
    ("convert_dtype", lambda o: o.convert_to_tensor(I, dtype="float32")),
    ("cast", lambda o: o.cast(F, "int32")),
    ("cast_bool", lambda o: o.cast(I, "bool")),
    ("saturate_cast", lambda o: o.saturate_cast(F * 300, "uint8")),
    # shape manipulation
    ("reshape", lambda o: o.reshape(F, (4, 3))),
    ("reshape_infer", lambda o: o.reshape(F, (-1,))),
    ("ravel", lambda o: o.ravel(F)),
    ("transpose", lambda o: o.transpose(F)),
    ("transpose_axes", lambda o: o.transpose(SEQ, (1, 0, 2))),
    ("swapaxes", lambda o: o.swapaxes(SEQ, 0, 2)),
    ("moveaxis", lambda o: o.moveaxis(SEQ, 0, -1)),
    ("expand_dims", lambda o: o.expand_dims(F, 1)),
    ("expand_dims_tuple", lambda o: o.expand_dims(F, (0, -1))),
    ("squeeze", lambda o: o.squeeze(F[:, :1])),
    ("squeeze_axis", lambda o: o.squeeze(F[None], 0)),
    ("broadcast_to", lambda o: o.broadcast_to(F[0], (2, 4))),
    ("concatenate", lambda o: o.concatenate([F, G], axis=1)),
    ("concatenate_fi", lambda o: o.concatenate([F, I])),
    ("append", lambda o: o.append(F, G)),
    ("stack", lambda o: o.stack([F, G], axis=1)),
    ("hstack", lambda o: o.hstack([F, G])),
    ("vstack", lambda o: o.vstack([F, G])),
    ("dstack", lambda o: o.dstack([F, G])),
    ("split", lambda o: o.split(F, 2, axis=1)),
    ("split_indices", lambda o: o.split(F, [1, 3], axis=1)),
    ("array_split", lambda o: o.array_split(F, 3, axis=1)),
    ("hsplit", lambda o: o.hsplit(F, 2)),
    ("vsplit", lambda o: o.vsplit(F, 3)),
    ("flip", lambda o: o.flip(F, 1)),
    ("flip_all", lambda o: o.flip(F)),
    ("fliplr", lambda o: o.fliplr(F)),
    ("rot90", lambda o: o.rot90(F)),
    ("roll", lambda o: o.roll(F, 2)),
    ("roll_axis", lambda o: o.roll(F, -1, axis=1)),
    ("tile", lambda o: o.tile(F, (2, 1))),
    ("repeat", lambda o: o.repeat(F, 2, axis=0)),
    ("repeat_flat", lambda o: o.repeat(I, 2)),
    ("pad_constant", lambda o: o.pad(F, ((1, 2), (0, 1)))),
    ("pad_value", lambda o: o.pad(F, ((1, 1), (1, 1)), constant_values=5.0)),
    ("pad_reflect", lambda o: o.pad(F, ((1, 1), (2, 2)), mode="reflect")),
    ("tril", lambda o: o.tril(F)),
    ("triu_k", lambda o: o.triu(F, 1)),
    ("diag", lambda o: o.diag(F)),
    ("diag_vec", lambda o: o.diag(F[0], 1)),
    ("diagonal", lambda o: o.diagonal(SEQ, axis1=1, axis2=2)),
    ("diagflat", lambda o: o.diagflat(F[0])),
    # indexing
    ("take", lambda o: o.take(F, np.array([0, 2, -1]), axis=1)),
    ("take_flat", lambda o: o.take(F, np.array([[0, 5], [11, 3]]))),
    ("take_along_axis", lambda o: o.take_along_axis(F, np.argsort(F, axis=1), axis=1)),
    ("get_item", lambda o: o.get_item(F, 1)),
    ("slice", lambda o: o.slice(F, (1, 1), (2, 2))),
    ("slice_update", lambda o: o.slice_update(F, (1, 1), np.ones((2, 2), "float32"))),
    ("scatter", lambda o: o.scatter(np.array([[0, 1], [2, 3], [0, 1]]), np.array([1.0, 2.0, 3.0], "float32"), (3, 4))),
    ("scatter_update", lambda o: o.scatter_update(F, np.array([[0, 1], [2, 3]]), np.array([9.0, 8.0], "float32"))),
    ("unstack", lambda o: o.unstack(o.convert_to_tensor(F), axis=1)),
    ("nonzero", lambda o: o.nonzero(I)),
    ("unravel_index", lambda o: o.unravel_index(np.array([5, 7]), (3, 4))),
    ("select", lambda o: o.select([F > 0.5, F < -0.5], [F, G], default=0.0)),
    ("searchsorted", lambda o: o.searchsorted(np.array([1.0, 2.0, 3.0], "float32"), np.array([2.5, 0.0], "float32"))),
    ("digitize", lambda o: o.digitize(F, np.array([-1.0, 0.0, 1.0], "float32"))),
    ("isin", lambda o: o.isin(I, np.array([1, 2, 3], "int32"))),
    # reductions
    ("sum", lambda o: o.sum(F)),
    ("sum_axis", lambda o: o.sum(F, axis=1)),
    ("sum_keepdims", lambda o: o.sum(F, axis=0, keepdims=True)),
    ("sum_tuple", lambda o: o.sum(SEQ, axis=(0, 2))),
    ("sum_i", lambda o: o.sum(I)),
    ("sum_b", lambda o: o.sum(B, axis=0)),
    ("sum_l", lambda o: o.sum(L)),
    ("prod", lambda o: o.prod(F, axis=1)),
    ("prod_b", lambda o: o.prod(B)),
    ("mean", lambda o: o.mean(F)),
    ("mean_axis", lambda o: o.mean(F, axis=-1, keepdims=True)),
    ("mean_i", lambda o: o.mean(I, axis=0)),
    ("mean_d", lambda o: o.mean(D)),
    ("max", lambda o: o.max(F)),
    ("max_axis", lambda o: o.max(F, axis=0)),
    ("max_initial", lambda o: o.max(F, axis=1, initial=0.5)),
    ("min_i", lambda o: o.min(I, axis=1, keepdims=True)),
    ("amax", lambda o: o.amax(F, axis=1)),
    ("amin", lambda o: o.amin(F, axis=0)),
    ("all", lambda o: o.all(B, axis=1)),
    ("any", lambda o: o.any(B)),
    ("any_f", lambda o: o.any(F > 1, axis=0, keepdims=True)),
    ("argmax", lambda o: o.argmax(F, axis=1)),
    ("argmax_flat", lambda o: o.argmax(F)),
    ("argmin_i", lambda o: o.argmin(I, axis=0)),
    ("argsort", lambda o: o.argsort(F)),
    ("argsort_axis0", lambda o: o.argsort(F, axis=0)),
    ("sort", lambda o: o.sort(F)),
    ("sort_i", lambda o: o.sort(I, axis=0)),
    ("std", lambda o: o.std(F)),
    ("std_axis", lambda o: o.std(F, axis=1)),
    ("var", lambda o: o.var(F, axis=0)),
    ("var_i", lambda o: o.var(I)),
    ("cumsum", lambda o: o.cumsum(F, axis=1)),
    ("cumsum_flat", lambda o: o.cumsum(I)),
    ("cumsum_b", lambda o: o.cumsum(B, axis=0)),
    ("cumprod", lambda o: o.cumprod(P, axis=0)),
    ("median", lambda o: o.median(F, axis=1)),
    ("median_all", lambda o: o.median(F)),
    ("quantile", lambda o: o.quantile(F, 0.3, axis=0)),
    ("quantile_multi", lambda o: o.quantile(F, np.array([0.1, 0.9], "float32"))),
    ("percentile", lambda o: o.percentile(F, 75, axis=1)),
    ("average", lambda o: o.average(F, axis=1, weights=np.array([1.0, 2.0, 3.0, 4.0], "float32"))),
    ("average_plain", lambda o: o.average(I)),
    ("ptp", lambda o: o.ptp(F, axis=1)),
    ("count_nonzero", lambda o: o.count_nonzero(I, axis=1)),
    ("logsumexp", lambda o: o.logsumexp(F, axis=1)),
    ("logsumexp_all", lambda o: o.logsumexp(F)),
    ("nansum", lambda o: o.nansum(np.array([[1.0, np.nan], [2.0, 3.0]], "float32"), axis=1)),
    ("nanmean", lambda o: o.nanmean(np.array([[1.0, np.nan], [2.0, 3.0]], "float32"))),
    ("nanmax", lambda o: o.nanmax(np.array([[1.0, np.nan], [2.0, 3.0]], "float32"), axis=0)),
    ("trace", lambda o: o.trace(SQ)),
    ("diff", lambda o: o.diff(F, axis=1)),
    ("diff_n2", lambda o: o.diff(F, n=2, axis=0)),
    ("bincount", lambda o: o.bincount(np.array([0, 1, 1, 3], "int32"))),
    ("bincount_weights", lambda o: o.bincount(np.array([0, 1, 1, 3], "int32"), weights=np.ones(4, "float32"))),
    ("unique", lambda o: o.unique(np.array([3, 1, 1, 2], "int32"))),
    # products
    ("matmul", lambda o: o.matmul(F, M)),
    ("matmul_i", lambda o: o.matmul(I, I.T)),
    ("matmul_batch", lambda o: o.matmul(SEQ, SEQ.transpose(0, 2, 1))),
    ("dot", lambda o: o.dot(F, M)),
    ("dot_vec", lambda o: o.dot(F[0], G[0])),
    ("tensordot", lambda o: o.tensordot(F, G, axes=([1], [1]))),
    ("tensordot_int", lambda o: o.tensordot(F, M, axes=1)),
    ("einsum", lambda o: o.einsum("ij,jk->ik", F, M)),
    ("einsum_trace", lambda o: o.einsum("ii->", SQ)),
    ("outer", lambda o: o.outer(F[0], G[0])),
    ("inner", lambda o: o.inner(F, G)),
    ("vdot", lambda o: o.vdot(F[0], G[0])),
    ("kron", lambda o: o.kron(SQ, SQ)),
    ("correlate", lambda o: o.correlate(F[0], G[0, :2])),
    ("correlate_full", lambda o: o.correlate(F[0], G[0, :3], mode="full")),
    # nn
    ("relu", lambda o: o.relu(F)),
    ("relu6", lambda o: o.relu6(F * 5)),
    ("sigmoid", lambda o: o.sigmoid(F)),
    ("softplus", lambda o: o.softplus(F)),
    ("softsign", lambda o: o.softsign(F)),
    ("silu", lambda o: o.silu(F)),
    ("swish", lambda o: o.swish(F)),
    ("log_sigmoid", lambda o: o.log_sigmoid(F)),
    ("leaky_relu", lambda o: o.leaky_relu(F)),
    ("leaky_relu_slope", lambda o: o.leaky_relu(F, negative_slope=0.1)),
    ("hard_sigmoid", lambda o: o.hard_sigmoid(F * 3)),
    ("hard_silu", lambda o: o.hard_silu(F * 3)),
    ("elu", lambda o: o.elu(F, alpha=0.5)),
    ("selu", lambda o: o.selu(F)),
    ("celu", lambda o: o.celu(F)),
    ("gelu", lambda o: o.gelu(F)),
    ("gelu_exact", lambda o: o.gelu(F, approximate=False)),
    ("glu", lambda o: o.glu(F)),
    ("hard_tanh", lambda o: o.hard_tanh(F * 2)),
    ("tanh_shrink", lambda o: o.tanh_shrink(F)),
    ("soft_shrink", lambda o: o.soft_shrink(F)),
    ("hard_shrink", lambda o: o.hard_shrink(F)),
    ("squareplus", lambda o: o.squareplus(F)),
    ("sparse_plus", lambda o: o.sparse_plus(F)),
    ("softmax", lambda o: o.softmax(F)),
    ("softmax_axis0", lambda o: o.softmax(F, axis=0)),
    ("log_softmax", lambda o: o.log_softmax(F)),
    ("one_hot", lambda o: o.one_hot(np.array([0, 2, -1]), 3)),
    ("one_hot_axis0", lambda o: o.one_hot(np.array([0, 2, 1]), 3, axis=0)),
    ("multi_hot", lambda o: o.multi_hot(np.array([[0, 2], [1, 1]]), 4)),
    ("binary_crossentropy", lambda o: o.binary_crossentropy(BIN, SIG)),
    ("binary_crossentropy_logits", lambda o: o.binary_crossentropy(BIN, F, from_logits=True)),
    ("categorical_crossentropy", lambda o: o.categorical_crossentropy(ONEHOT, PROBS)),
    ("categorical_crossentropy_logits", lambda o: o.categorical_crossentropy(ONEHOT, F, from_logits=True)),
    ("sparse_categorical_crossentropy", lambda o: o.sparse_categorical_crossentropy(LABELS, PROBS)),
    ("sparse_cce_logits", lambda o: o.sparse_categorical_crossentropy(LABELS, F, from_logits=True)),
    ("moments", lambda o: o.moments(SEQ, axes=[0, 1])),
    ("moments_keepdims", lambda o: o.moments(F, axes=1, keepdims=True)),
    ("batch_normalization", lambda o: o.batch_normalization(F, F[0], P[0], axis=1, offset=G[0], scale=P[1])),
    ("layer_normalization", lambda o: o.layer_normalization(F, P[0], G[0])),
    ("rms_normalization", lambda o: o.rms_normalization(F, P[0])),
    ("normalize", lambda o: o.normalize(F)),
    ("normalize_l1", lambda o: o.normalize(F, axis=0, order=1)),
    ("psnr", lambda o: o.psnr(IMG, IMG * 0.9, 1.0)),
    ("conv1d_valid", lambda o: o.conv(SEQ, K1)),
    ("conv1d_same_stride", lambda o: o.conv(SEQ, K1, strides=2, padding="same")),
    ("conv1d_dilated", lambda o: o.conv(SEQ, K1, dilation_rate=2)),
    ("conv2d_same", lambda o: o.conv(IMG, K2, padding="same")),
    ("conv2d_stride2_same", lambda o: o.conv(IMG, K2, strides=2, padding="same")),
    ("conv2d_channels_first", lambda o: o.conv(IMG.transpose(0, 3, 1, 2), K2, data_format="channels_first")),
    ("depthwise_conv", lambda o: o.depthwise_conv(IMG, DK, padding="same")),
    ("depthwise_conv_stride", lambda o: o.depthwise_conv(IMG, DK, strides=2)),
    ("separable_conv", lambda o: o.separable_conv(IMG, DK, PK, padding="same")),
    ("conv_transpose_valid", lambda o: o.conv_transpose(IMG, TK[..., :3], strides=2)),
    ("conv_transpose_same", lambda o: o.conv_transpose(IMG, TK, strides=2, padding="same")),
    ("max_pool", lambda o: o.max_pool(IMG, 2)),
    ("max_pool_same", lambda o: o.max_pool(IMG, 3, strides=2, padding="same")),
    ("max_pool1d", lambda o: o.max_pool(SEQ, 3, strides=2)),
    ("average_pool", lambda o: o.average_pool(IMG, 2)),
    ("adaptive_average_pool", lambda o: o.adaptive_average_pool(IMG, (2, 2))),
    ("dot_product_attention", lambda o: o.dot_product_attention(Q, KV, KV)),
    ("dot_product_attention_causal", lambda o: o.dot_product_attention(Q, Q, Q, is_causal=True)),
    ("dot_product_attention_mask", lambda o: o.dot_product_attention(Q, KV, KV, mask=np.tril(np.ones((5, 6), bool)))),
    ("depth_to_space", lambda o: o.depth_to_space(np.concatenate([IMG, IMG[..., ::-1] * 2, IMG + 1, IMG[..., :1]], -1)[..., :8], 2)),
    ("space_to_depth_roundtrip", lambda o: o.depth_to_space(o.space_to_depth(IMG, 2), 2)),
    ("space_to_depth", lambda o: o.space_to_depth(IMG, 2)),
    # math and linalg
    ("top_k", lambda o: o.top_k(F, 2)),
    ("in_top_k", lambda o: o.in_top_k(LABELS, F, 2)),
    ("segment_sum", lambda o: o.segment_sum(F, np.array([0, 0, 2]), num_segments=3)),
    ("segment_max", lambda o: o.segment_max(F, np.array([0, 1, 1]))),
    ("extract_sequences", lambda o: o.extract_sequences(F, 2, 1)),
    ("rfft", lambda o: o.rfft(F)),
    ("fft", lambda o: o.fft((F, G))),
    ("irfft", lambda o: o.irfft(o.rfft(F))),
    ("norm", lambda o: o.norm(F)),
    ("norm_axis", lambda o: o.norm(F, axis=1)),
    ("norm_ord1", lambda o: o.norm(F, ord=1, axis=0)),
    ("norm_fro", lambda o: o.norm(F, axis=(0, 1))),
    ("norm_i", lambda o: o.norm(I, axis=-1, keepdims=True)),
    ("det", lambda o: o.det(SQ)),
    ("inv", lambda o: o.inv(SQ)),
    ("solve", lambda o: o.solve(SQ, F[:, :2])),
    ("cholesky", lambda o: o.cholesky(SPD)),
    ("solve_triangular", lambda o: o.solve_triangular(np.tril(SQ), F[:, :2], lower=True)),
    ("slogdet", lambda o: o.slogdet(SQ)),
    ("eigh_values", lambda o: o.eigh(SPD)[0]),
    ("svd_values", lambda o: o.svd(F, compute_uv=False)),
    ("pinv", lambda o: o.pinv(F)),
    ("matrix_rank", lambda o: o.matrix_rank(F)),
    ("lstsq", lambda o: o.lstsq(F, G[:, 0])),
    ("cdist", lambda o: o.cdist(F, G)),
    ("rearrange", lambda o: o.rearrange(IMG, "b h w c -> b (h w) c")),
    ("image_resize", lambda o: o.image.resize(IMG, (4, 5))),
    ("image_resize_nearest", lambda o: o.image.resize(IMG, (16, 12), interpolation="nearest")),
    ("image_resize_bicubic", lambda o: o.image.resize(IMG, (5, 5), interpolation="bicubic")),
    ("image_resize_crop", lambda o: o.image.resize(IMG[:, :, :6], (4, 4), crop_to_aspect_ratio=True)),
    ("image_resize_antialias", lambda o: o.image.resize(IMG, (3, 3), antialias=True)),
    ("rgb_to_grayscale", lambda o: o.image.rgb_to_grayscale(IMG)),
    ("rgb_to_hsv", lambda o: o.image.rgb_to_hsv(IMG)),
    ("hsv_to_rgb", lambda o: o.image.hsv_to_rgb(IMG)),
    ("pad_images", lambda o: o.image.pad_images(IMG, 1, 2, 0, 1)),
    ("crop_images", lambda o: o.image.crop_images(IMG, 1, 2, target_height=4, target_width=3)),
    ("extract_patches", lambda o: o.image.extract_patches(IMG, 2)),
]


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _flat(v)]
    return [value]


@pytest.mark.parametrize("fn", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_op_parity(fn, kt, keras_ref):
    expected = _flat(fn(keras_ref.ops))
    actual = _flat(fn(kt.ops))
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        assert str(a.dtype).replace("torch.", "") == str(e.dtype).replace("torch.", "")
        a, e = kt.ops.convert_to_numpy(a), keras_ref.ops.convert_to_numpy(e)
        assert a.shape == e.shape
        np.testing.assert_allclose(a, e, rtol=1e-6, atol=1e-6, equal_nan=True)


def _functional(k):
    inputs = k.Input((3, 4))
    x = k.ops.mean(inputs, axis=1)
    y = k.ops.add(x, 1.0) * 2 - k.ops.max(inputs, axis=1)
    z = k.ops.concatenate([y, k.ops.softmax(x)], axis=-1)
    return k.Model(inputs, [z, inputs[:, 0] ** 2, -k.ops.sum(inputs, axis=(1, 2))])


def test_functional_model_of_ops(kt, keras_ref):
    data = np.random.default_rng(1).standard_normal((2, 3, 4)).astype("float32")
    ours, theirs = _functional(kt), _functional(keras_ref)
    assert [tuple(t.shape) for t in ours.outputs] == [tuple(t.shape) for t in theirs.outputs]
    for a, e in zip(ours.predict(data, verbose=0), theirs.predict(data, verbose=0)):
        np.testing.assert_allclose(a, e, rtol=1e-6, atol=1e-6)


RANDOM_CASES = [
    ("normal", lambda r: r.normal((3, 4), seed=5)),
    ("uniform", lambda r: r.uniform((3, 4), minval=-1, maxval=2, seed=5)),
    ("uniform_scalar", lambda r: r.uniform((), seed=9)),
    ("truncated_normal", lambda r: r.truncated_normal((3, 4), stddev=0.5, seed=5)),
    ("randint", lambda r: r.randint((3, 4), 0, 10, seed=5)),
    ("categorical", lambda r: r.categorical(np.log(PROBS), 5, seed=5)),
    ("dropout_seeded", lambda r: r.dropout(torch.ones((4, 5)), 0.5, seed=5)),
    ("dropout_noise_shape", lambda r: r.dropout(torch.ones((4, 5)), 0.5, noise_shape=(1, 5), seed=5)),
    ("shuffle", lambda r: r.shuffle(F, seed=5)),
    ("gamma", lambda r: r.gamma((3, 4), 2.0, seed=5)),
    ("binomial", lambda r: r.binomial((3, 4), 5.0, 0.3, seed=5)),
    ("beta", lambda r: r.beta((3, 4), 2.0, 3.0, seed=5)),
    ("seed_generator", lambda r: [r.normal((2,), seed=g) for g in [r.SeedGenerator(3)] for _ in range(3)]),
]


@pytest.mark.parametrize("fn", [c[1] for c in RANDOM_CASES], ids=[c[0] for c in RANDOM_CASES])
def test_random_parity(fn, kt, keras_ref):
    for a, e in zip(_flat(fn(kt.random)), _flat(fn(keras_ref.random))):
        assert str(a.dtype) == str(e.dtype)
        np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=1e-6, atol=1e-6)
