"""The MLP benchmark: 784-128-64-10 with softmax, Adam, one epoch of fit at batch 32 and 256, and predict.

Three implementations of the same model, loss (softmax output, clipped log, mean) and optimizer
(Adam, lr 1e-3, epsilon 1e-7), on the same shuffled data: kerastorch, a hand-written torch loop, and real
Keras on its torch backend (when installed).
"""

import numpy as np
import torch

from benchmarks.harness import alternate

SAMPLES = 60000
FEATURES = 784


def make_data(device):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(SAMPLES, FEATURES)).astype("float32")
    y = rng.integers(0, 10, size=(SAMPLES,)).astype("int64")
    return x, y


def kerastorch_model():
    import kerastorch as keras

    model = keras.Sequential([
        keras.Input((FEATURES,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    return model


def keras_model():
    import keras

    model = keras.Sequential([
        keras.Input((FEATURES,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    return model


class TorchLoop:
    """What a PyTorch user writes by hand for the same model, loss and optimizer."""

    def __init__(self, x, y, device):
        self.device = device
        self.model = torch.nn.Sequential(
            torch.nn.Linear(FEATURES, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 10), torch.nn.Softmax(dim=-1),
        ).to(device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3, eps=1e-7, foreach=True)
        self.x = torch.from_numpy(x).to(device)
        self.y = torch.from_numpy(y).to(device)

    def epoch(self, batch_size):
        order = torch.randperm(len(self.x), device=self.device)
        for start in range(0, len(self.x), batch_size):
            rows = order[start:start + batch_size]
            probabilities = self.model(self.x[rows])
            loss = torch.nn.functional.nll_loss(torch.log(probabilities.clamp(1e-7, 1 - 1e-7)), self.y[rows])
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)

    def predict(self, batch_size):
        with torch.no_grad():
            outputs = [self.model(self.x[s:s + batch_size]) for s in range(0, len(self.x), batch_size)]
            return torch.cat(outputs).cpu().numpy()


def run(rounds=3, batch_sizes=(32, 256), with_keras=True):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x, y = make_data(device)
    loop = TorchLoop(x, y, device)
    ours = kerastorch_model()
    theirs = keras_model() if with_keras else None
    rows = []
    for batch_size in batch_sizes:
        candidates = {
            "kerastorch": lambda b=batch_size: ours.fit(x, y, batch_size=b, epochs=1, verbose=0),
            "torch loop": lambda b=batch_size: loop.epoch(b),
        }
        if theirs is not None:
            candidates["keras (torch backend)"] = lambda b=batch_size: theirs.fit(x, y, batch_size=b, epochs=1, verbose=0)
        rows.append((f"MLP fit, 1 epoch, batch {batch_size}", alternate(candidates, rounds)))
    candidates = {
        "kerastorch": lambda: ours.predict(x, batch_size=1024, verbose=0),
        "torch loop": lambda: loop.predict(1024),
    }
    if theirs is not None:
        candidates["keras (torch backend)"] = lambda: theirs.predict(x, batch_size=1024, verbose=0)
    rows.append(("MLP predict, batch 1024", alternate(candidates, rounds)))
    return rows
