"""The CNN benchmark: Conv2D(32, 3, relu) -> MaxPooling2D -> Conv2D(64, 3, relu) -> MaxPooling2D -> Flatten ->
Dense(64, relu) -> Dense(10, softmax) on 28x28x1 channels-last images, Adam, sparse categorical crossentropy, one
epoch of fit at batch 64, and predict.

Three implementations of the same model, loss (softmax output, clipped log, mean) and optimizer (Adam, lr 1e-3,
epsilon 1e-7), on the same data: kerastorch, a hand-written torch loop in NCHW (as a torch user writes it, the
images converted to NCHW once up front), and real Keras on its torch backend (when installed). The float32 fit row
also times kerastorch compiled with `jit_compile=True`; on CUDA (or with `--mixed-on-cpu`) the fit is timed again
under each mixed precision policy, the softmax head kept in float32 in all three implementations.
"""

import sys

import numpy as np
import torch

from benchmarks import harness
from benchmarks import torch_loop

SAMPLES = 6000
SHAPE = (28, 28, 1)
BATCH_SIZE = 64
PREDICT_BATCH_SIZE = 512


def make_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(SAMPLES, *SHAPE)).astype("float32")
    y = rng.integers(0, 10, size=(SAMPLES,)).astype("int64")
    return x, y


def _keras_style_model(keras, policy=None, jit_compile="auto"):
    previous = keras.mixed_precision.global_policy().name
    if policy:
        keras.mixed_precision.set_global_policy(policy)
    try:
        model = keras.Sequential([
            keras.Input(SHAPE),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(64, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax", dtype="float32" if policy else None),
        ])  # fmt: skip
    finally:
        keras.mixed_precision.set_global_policy(previous)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  jit_compile=jit_compile)
    return model


def kerastorch_model(policy=None, jit_compile="auto"):
    import kerastorch

    return _keras_style_model(kerastorch, policy, jit_compile)


def keras_model(policy=None):
    import keras

    return _keras_style_model(keras, policy)


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(64 * 5 * 5, 64), torch.nn.ReLU(),
        )
        self.head = torch.nn.Linear(64, 10)

    def forward(self, images):
        features = self.features(images)
        return torch_loop.softmax_head(self.head, features)


class TorchLoop(torch_loop.TorchLoop):
    def __init__(self, x, y, device, policy=None):
        super().__init__(Classifier(), np.ascontiguousarray(x.transpose(0, 3, 1, 2)), y, device, policy)  # NCHW, once

    loss = staticmethod(torch_loop.clipped_log_loss)


def run(rounds=3, with_keras=True):
    x, y = make_data()
    data = (x, y, SAMPLES, BATCH_SIZE, PREDICT_BATCH_SIZE, f"1 epoch of {SAMPLES}")
    return harness.fit_and_predict_rows("CNN", data, sys.modules[__name__], rounds, with_keras)
