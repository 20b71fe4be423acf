"""Training from a keras.utils.PyDataset, a keras.utils.Sequence subclass and a Python generator."""
import math

import numpy as np
import keras

rng = np.random.default_rng(19)
x = rng.normal(size=(60, 4)).astype("float32")
y = (x[:, :1] * 3 - 1).astype("float32")


class Batches(keras.utils.PyDataset):
    def __init__(self, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.batch_size = batch_size

    def __len__(self):
        return math.ceil(len(x) / self.batch_size)

    def __getitem__(self, index):
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return x[part], y[part]


class LegacySequence(keras.utils.Sequence):
    def __len__(self):
        return 4

    def __getitem__(self, index):
        return x[index * 15:(index + 1) * 15], y[index * 15:(index + 1) * 15]


def endless(batch_size):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


def make_model():
    keras.utils.set_random_seed(19)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    return model


model = make_model()
history = model.fit(Batches(16), epochs=3, shuffle=False, verbose=0)
print("pydataset", len(Batches(16)), " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("pydataset_eval", " ".join(f"{v:.6f}" for v in model.evaluate(Batches(32), verbose=0)))
print("pydataset_predict", model.predict(Batches(32), verbose=0).shape)
model = make_model()
history = model.fit(LegacySequence(), epochs=2, shuffle=False, verbose=0, validation_data=LegacySequence())
print("sequence", " ".join(f"{v:.6f}" for v in history.history["loss"] + history.history["val_loss"]))
model = make_model()
history = model.fit(endless(20), steps_per_epoch=3, epochs=2, verbose=0)
print("generator", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("generator_eval", " ".join(f"{v:.6f}" for v in model.evaluate(endless(20), steps=3, verbose=0)))
