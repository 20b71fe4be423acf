"""Loss functions and Loss classes on fixed inputs: reductions, from_logits, label smoothing, sample weights."""
import numpy as np
import keras

rng = np.random.default_rng(13)
y_true = rng.uniform(size=(4, 3)).astype("float32")
y_pred = rng.uniform(0.05, 0.95, size=(4, 3)).astype("float32")
labels = np.array([0, 2, 1, 2], "int32")
onehot = np.eye(3, dtype="float32")[labels]
probs = y_pred / y_pred.sum(axis=1, keepdims=True)
binary = (y_true > 0.5).astype("float32")
weights = np.array([1.0, 0.5, 2.0, 0.0], "float32")

cases = {
    "mse": (keras.losses.MeanSquaredError(), y_true, y_pred),
    "mae": (keras.losses.MeanAbsoluteError(), y_true, y_pred),
    "mape": (keras.losses.MeanAbsolutePercentageError(), y_true + 1, y_pred),
    "msle": (keras.losses.MeanSquaredLogarithmicError(), y_true, y_pred),
    "huber": (keras.losses.Huber(delta=0.3), y_true, y_pred),
    "log_cosh": (keras.losses.LogCosh(), y_true, y_pred),
    "bce": (keras.losses.BinaryCrossentropy(), binary, y_pred),
    "bce_logits_smooth": (keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1), binary, y_pred - 0.5),
    "binary_focal": (keras.losses.BinaryFocalCrossentropy(gamma=2.0), binary, y_pred),
    "cce": (keras.losses.CategoricalCrossentropy(), onehot, probs),
    "cce_smooth": (keras.losses.CategoricalCrossentropy(label_smoothing=0.2), onehot, probs),
    "categorical_focal": (keras.losses.CategoricalFocalCrossentropy(), onehot, probs),
    "scce": (keras.losses.SparseCategoricalCrossentropy(), labels, probs),
    "scce_logits": (keras.losses.SparseCategoricalCrossentropy(from_logits=True), labels, y_pred),
    "kld": (keras.losses.KLDivergence(), probs, y_true / y_true.sum(axis=1, keepdims=True)),
    "poisson": (keras.losses.Poisson(), y_true, y_pred),
    "hinge": (keras.losses.Hinge(), binary * 2 - 1, y_pred),
    "squared_hinge": (keras.losses.SquaredHinge(), binary * 2 - 1, y_pred),
    "categorical_hinge": (keras.losses.CategoricalHinge(), onehot, y_pred),
    "cosine_similarity": (keras.losses.CosineSimilarity(), y_true, y_pred),
    "tversky": (keras.losses.Tversky(), binary, y_pred),
    "dice": (keras.losses.Dice(), binary, y_pred),
}
for name, (loss, t, p) in cases.items():
    total = float(keras.ops.convert_to_numpy(loss(t, p)))
    weighted = float(keras.ops.convert_to_numpy(loss(t, p, sample_weight=weights)))
    print(name, f"{total:.6f} {weighted:.6f}")
none = keras.losses.MeanSquaredError(reduction=None)(y_true, y_pred)
print("reduction_none", " ".join(f"{v:.6f}" for v in keras.ops.convert_to_numpy(none)))
summed = keras.losses.MeanSquaredError(reduction="sum")(y_true, y_pred)
print("reduction_sum", f"{float(keras.ops.convert_to_numpy(summed)):.6f}")
print("fn_mse", " ".join(f"{v:.6f}" for v in keras.ops.convert_to_numpy(keras.losses.mean_squared_error(y_true, y_pred))))
print("get", type(keras.losses.get("categorical_crossentropy")).__name__ if not callable(
    keras.losses.get("categorical_crossentropy")) else keras.losses.get("categorical_crossentropy").__name__)
