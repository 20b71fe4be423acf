"""Metrics: update_state over two batches, result, reset_state; thresholds, top-k, confusion-based metrics."""
import numpy as np
import keras

rng = np.random.default_rng(14)
labels = rng.integers(0, 4, size=(2, 16)).astype("int32")
probs = rng.uniform(size=(2, 16, 4)).astype("float32")
probs /= probs.sum(axis=-1, keepdims=True)
binary = rng.integers(0, 2, size=(2, 16)).astype("float32")
scores = rng.uniform(size=(2, 16)).astype("float32")
values = rng.normal(size=(2, 16, 3)).astype("float32")
targets = rng.normal(size=(2, 16, 3)).astype("float32")

cases = {
    "accuracy": (keras.metrics.Accuracy(), lambda i: (labels[i], np.argmax(probs[i], -1))),
    "sparse_categorical_accuracy": (keras.metrics.SparseCategoricalAccuracy(), lambda i: (labels[i], probs[i])),
    "categorical_accuracy": (keras.metrics.CategoricalAccuracy(), lambda i: (np.eye(4)[labels[i]], probs[i])),
    "top2": (keras.metrics.SparseTopKCategoricalAccuracy(k=2), lambda i: (labels[i], probs[i])),
    "binary_accuracy": (keras.metrics.BinaryAccuracy(threshold=0.4), lambda i: (binary[i], scores[i])),
    "precision": (keras.metrics.Precision(), lambda i: (binary[i], scores[i])),
    "recall": (keras.metrics.Recall(thresholds=0.3), lambda i: (binary[i], scores[i])),
    "auc": (keras.metrics.AUC(num_thresholds=50), lambda i: (binary[i], scores[i])),
    "auc_pr": (keras.metrics.AUC(curve="PR"), lambda i: (binary[i], scores[i])),
    "tp": (keras.metrics.TruePositives(), lambda i: (binary[i], scores[i])),
    "fn": (keras.metrics.FalseNegatives(), lambda i: (binary[i], scores[i])),
    "mean": (keras.metrics.Mean(), lambda i: (values[i],)),
    "sum": (keras.metrics.Sum(), lambda i: (values[i],)),
    "mse": (keras.metrics.MeanSquaredError(), lambda i: (targets[i], values[i])),
    "rmse": (keras.metrics.RootMeanSquaredError(), lambda i: (targets[i], values[i])),
    "mae": (keras.metrics.MeanAbsoluteError(), lambda i: (targets[i], values[i])),
    "cosine": (keras.metrics.CosineSimilarity(), lambda i: (targets[i], values[i])),
    "r2": (keras.metrics.R2Score(), lambda i: (targets[i], values[i])),
    "mean_iou": (keras.metrics.MeanIoU(num_classes=4), lambda i: (labels[i], np.argmax(probs[i], -1))),
    "f1": (keras.metrics.F1Score(average="macro", threshold=0.5), lambda i: (np.eye(4)[labels[i]], probs[i])),
    "scce": (keras.metrics.SparseCategoricalCrossentropy(), lambda i: (labels[i], probs[i])),
    "kld": (keras.metrics.KLDivergence(), lambda i: (np.eye(4)[labels[i]], probs[i])),
}
for name, (metric, batch) in cases.items():
    metric.update_state(*batch(0))
    first = float(keras.ops.convert_to_numpy(metric.result()))
    metric.update_state(*batch(1))
    second = float(keras.ops.convert_to_numpy(metric.result()))
    metric.reset_state()
    metric.update_state(*batch(1))
    reset = float(keras.ops.convert_to_numpy(metric.result()))
    print(name, metric.name, f"{first:.6f} {second:.6f} {reset:.6f}")
weighted = keras.metrics.Mean()
weighted.update_state([1.0, 2.0, 3.0], sample_weight=[1.0, 0.0, 2.0])
print("weighted_mean", f"{float(keras.ops.convert_to_numpy(weighted.result())):.6f}")
