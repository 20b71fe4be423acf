"""The LSTM benchmark: Embedding(10000, 128) -> LSTM(64) -> Dense(1, sigmoid) on sequences of 100 ids, binary
cross-entropy, Adam, one epoch of fit at batch 32.

Three implementations of the same model, loss (sigmoid output, clipped log, mean) and optimizer (Adam, lr 1e-3,
epsilon 1e-7), on the same shuffled data: kerastorch (its LSTM runs torch's fused kernel), a hand-written torch
loop with nn.Embedding + nn.LSTM + nn.Linear, and real Keras on its torch backend (when installed).
"""

import numpy as np
import torch

from benchmarks.harness import alternate

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


class TorchLoop:
    """What a PyTorch user writes by hand for the same model, loss and optimizer."""

    def __init__(self, x, y, device):
        self.device = device
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING).to(device)
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, batch_first=True).to(device)
        self.head = torch.nn.Linear(UNITS, 1).to(device)
        parameters = [*self.embedding.parameters(), *self.lstm.parameters(), *self.head.parameters()]
        self.optimizer = torch.optim.Adam(parameters, lr=1e-3, eps=1e-7, foreach=True)
        self.x = torch.from_numpy(x).to(device)
        self.y = torch.from_numpy(y).to(device)

    def epoch(self, batch_size):
        order = torch.randperm(len(self.x), device=self.device)
        for start in range(0, len(self.x), batch_size):
            rows = order[start:start + batch_size]
            _, (h, _) = self.lstm(self.embedding(self.x[rows]))
            probabilities = torch.sigmoid(self.head(h[-1])).clamp(1e-7, 1 - 1e-7)
            target = self.y[rows]
            loss = -(target * torch.log(probabilities) + (1 - target) * torch.log(1 - probabilities)).mean()
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)


def run(rounds=3, with_keras=True):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x, y = make_data()
    loop = TorchLoop(x, y, device)
    ours = kerastorch_model()
    theirs = keras_model() if with_keras else None
    candidates = {
        "kerastorch": lambda: ours.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0),
        "torch loop": lambda: loop.epoch(BATCH_SIZE),
    }
    if theirs is not None:
        candidates["keras (torch backend)"] = lambda: theirs.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
    return [(f"LSTM fit, 1 epoch, {SAMPLES} x {TIMESTEPS} ids, batch {BATCH_SIZE}", alternate(candidates, rounds))]
