"""The LSTM benchmark: Embedding(10000, 128) -> LSTM(64) -> Dense(1, sigmoid) on sequences of 100 ids, binary
cross-entropy, Adam, one epoch of fit at batch 32.

Three implementations of the same model, loss (sigmoid output, clipped log, mean) and optimizer (Adam, lr 1e-3,
epsilon 1e-7), on the same shuffled data: kerastorch (its LSTM runs torch's fused kernel), a hand-written torch
loop with nn.Embedding + nn.LSTM + nn.Linear, and real Keras on its torch backend (when installed).
"""

import numpy as np
import torch

from benchmarks import harness
from benchmarks import torch_loop

SAMPLES = 2000
TIMESTEPS = 100
VOCABULARY = 10000
EMBEDDING = 128
UNITS = 64
BATCH_SIZE = 32


def make_data():
    rng = np.random.default_rng(0)
    x = rng.integers(1, VOCABULARY, size=(SAMPLES, TIMESTEPS)).astype("int64")
    y = rng.integers(0, 2, size=(SAMPLES, 1)).astype("float32")
    return x, y


def _keras_like_model(keras):
    model = keras.Sequential([
        keras.Input((TIMESTEPS,), dtype="int64"),
        keras.layers.Embedding(VOCABULARY, EMBEDDING),
        keras.layers.LSTM(UNITS),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    return model


def kerastorch_model():
    import kerastorch

    return _keras_like_model(kerastorch)


def keras_model():
    import keras

    return _keras_like_model(keras)


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, batch_first=True)
        self.head = torch.nn.Linear(UNITS, 1)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.head(h[-1]))


class TorchLoop(torch_loop.TorchLoop):
    def __init__(self, x, y, device):
        super().__init__(Classifier(), x, y, device)

    def loss(self, probabilities, target):
        probabilities = probabilities.clamp(1e-7, 1 - 1e-7)
        return -(target * torch.log(probabilities) + (1 - target) * torch.log(1 - probabilities)).mean()


def run(rounds=3, with_keras=True):
    device = harness.default_device()
    x, y = make_data()
    loop = TorchLoop(x, y, device)
    ours = kerastorch_model()
    theirs = keras_model() if with_keras else None
    fit = {
        harness.KERASTORCH: lambda: ours.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0),
        harness.TORCH_LOOP: lambda: loop.epoch(BATCH_SIZE),
    }
    if theirs is not None:
        fit[harness.KERAS] = lambda: theirs.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
    name = f"LSTM fit, 1 epoch, {SAMPLES} x {TIMESTEPS} ids, batch {BATCH_SIZE}"
    return [harness.Row(name, harness.steps(SAMPLES, BATCH_SIZE), SAMPLES, harness.alternate(fit, rounds))]
