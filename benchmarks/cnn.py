"""The CNN benchmark: Conv2D(32, 3, relu) -> MaxPooling2D -> Conv2D(64, 3, relu) -> MaxPooling2D -> Flatten ->
Dense(64, relu) -> Dense(10, softmax) on 28x28x1 channels-last images, Adam, sparse categorical crossentropy, one
epoch of fit at batch 64, and predict.

Three implementations of the same model, loss (softmax output, clipped log, mean) and optimizer (Adam, lr 1e-3,
epsilon 1e-7), on the same data: kerastorch, a hand-written torch loop in NCHW (as a torch user writes it, the
images converted to NCHW once up front), and real Keras on its torch backend (when installed).
"""

import numpy as np
import torch

from benchmarks.harness import alternate

SAMPLES = 6000
SHAPE = (28, 28, 1)


def make_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(SAMPLES, *SHAPE)).astype("float32")
    y = rng.integers(0, 10, size=(SAMPLES,)).astype("int64")
    return x, y


def _keras_style_model(keras):
    model = keras.Sequential([
        keras.Input(SHAPE),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    return model


def kerastorch_model():
    import kerastorch

    return _keras_style_model(kerastorch)


def keras_model():
    import keras

    return _keras_style_model(keras)


class TorchLoop:
    """What a PyTorch user writes by hand for the same model, loss and optimizer."""

    def __init__(self, x, y, device):
        self.device = device
        self.model = torch.nn.Sequential(
            torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(64 * 5 * 5, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 10), torch.nn.Softmax(dim=-1),
        ).to(device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3, eps=1e-7, foreach=True)
        self.x = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous().to(device)  # NCHW, once
        self.y = torch.from_numpy(y).to(device)

    def epoch(self, batch_size):
        self.model.train()
        order = torch.randperm(len(self.x), device=self.device)
        for start in range(0, len(self.x), batch_size):
            rows = order[start:start + batch_size]
            probabilities = self.model(self.x[rows])
            loss = torch.nn.functional.nll_loss(torch.log(probabilities.clamp(1e-7, 1 - 1e-7)), self.y[rows])
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)

    def predict(self, batch_size):
        self.model.eval()
        with torch.no_grad():
            outputs = [self.model(self.x[s:s + batch_size]) for s in range(0, len(self.x), batch_size)]
            return torch.cat(outputs).cpu().numpy()


def run(rounds=3, batch_size=64, with_keras=True):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x, y = make_data()
    loop = TorchLoop(x, y, device)
    ours = kerastorch_model()
    theirs = keras_model() if with_keras else None
    candidates = {
        "kerastorch": lambda: ours.fit(x, y, batch_size=batch_size, epochs=1, verbose=0),
        "torch loop": lambda: loop.epoch(batch_size),
    }
    if theirs is not None:
        candidates["keras (torch backend)"] = lambda: theirs.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
    rows = [(f"CNN fit, 1 epoch of {SAMPLES}, batch {batch_size}", alternate(candidates, rounds))]
    candidates = {
        "kerastorch": lambda: ours.predict(x, batch_size=512, verbose=0),
        "torch loop": lambda: loop.predict(512),
    }
    if theirs is not None:
        candidates["keras (torch backend)"] = lambda: theirs.predict(x, batch_size=512, verbose=0)
    rows.append(("CNN predict, batch 512", alternate(candidates, rounds)))
    return rows
