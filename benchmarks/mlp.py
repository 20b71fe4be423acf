"""The MLP benchmark: 784-128-64-10 with softmax, Adam, one epoch of fit at batch 32 and 256, and predict.

Three implementations of the same model, loss (softmax output, clipped log, mean) and optimizer
(Adam, lr 1e-3, epsilon 1e-7), on the same shuffled data: kerastorch, a hand-written torch loop, and real
Keras on its torch backend (when installed); the fit rows also time kerastorch compiled with `jit_compile=True`.
"""

import numpy as np
import torch

from benchmarks import harness
from benchmarks import torch_loop

SAMPLES = 60000
FEATURES = 784
PREDICT_BATCH_SIZE = 1024


def make_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(SAMPLES, FEATURES)).astype("float32")
    y = rng.integers(0, 10, size=(SAMPLES,)).astype("int64")
    return x, y


def _keras_style_model(keras, jit_compile="auto"):
    model = keras.Sequential([
        keras.Input((FEATURES,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  jit_compile=jit_compile)
    return model


def kerastorch_model(jit_compile="auto"):
    import kerastorch

    return _keras_style_model(kerastorch, jit_compile)


def keras_model():
    import keras

    return _keras_style_model(keras)


class TorchLoop(torch_loop.TorchLoop):
    def __init__(self, x, y, device):
        model = torch.nn.Sequential(
            torch.nn.Linear(FEATURES, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 10), torch.nn.Softmax(dim=-1),
        )
        super().__init__(model, x, y, device)

    loss = staticmethod(torch_loop.clipped_log_loss)


def run(rounds=3, batch_sizes=(32, 256), with_keras=True):
    device = harness.default_device()
    x, y = make_data()
    loop = TorchLoop(x, y, device)
    ours = kerastorch_model()
    compiled = kerastorch_model(jit_compile=True)
    theirs = keras_model() if with_keras else None
    rows = []
    for batch_size in batch_sizes:
        fit = {
            harness.KERASTORCH: lambda b=batch_size: ours.fit(x, y, batch_size=b, epochs=1, verbose=0),
            harness.TORCH_LOOP: lambda b=batch_size: loop.epoch(b),
        }
        if theirs is not None:
            fit[harness.KERAS] = lambda b=batch_size: theirs.fit(x, y, batch_size=b, epochs=1, verbose=0)
        fit[harness.JIT] = lambda b=batch_size: compiled.fit(x, y, batch_size=b, epochs=1, verbose=0)
        rows.append(harness.Row(f"MLP fit, 1 epoch, batch {batch_size}", harness.steps(SAMPLES, batch_size), SAMPLES,
                                harness.alternate(fit, rounds)))
    predict = {
        harness.KERASTORCH: lambda: ours.predict(x, batch_size=PREDICT_BATCH_SIZE, verbose=0),
        harness.TORCH_LOOP: lambda: loop.predict(PREDICT_BATCH_SIZE),
    }
    if theirs is not None:
        predict[harness.KERAS] = lambda: theirs.predict(x, batch_size=PREDICT_BATCH_SIZE, verbose=0)
    rows.append(harness.Row(f"MLP predict, batch {PREDICT_BATCH_SIZE}", harness.steps(SAMPLES, PREDICT_BATCH_SIZE),
                            SAMPLES, harness.alternate(predict, rounds)))
    return rows
