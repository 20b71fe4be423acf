"""A custom training step: subclass `keras.Model`, override `train_step` (and `test_step`), and still use
`fit` / `evaluate` with their callbacks and progress bars.

On the torch backend a step is: zero the gradients, forward with `training=True`, compute the loss,
`loss.backward()`, then `optimizer.apply(gradients, weights)` under `torch.no_grad()`. Metrics are tracked
by the model itself (`metrics` lists them, so `fit` resets them each epoch).

    python examples/custom_train_step.py [--quick]

Prints `result: final_loss=<float> final_mae=<float>` last.
"""

import argparse
import os

import numpy as np
import torch

import kerastorch as keras
from kerastorch import layers


class CustomModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(16, activation="relu")
        self.out = layers.Dense(1)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
        self.loss_fn = keras.losses.MeanSquaredError()

    def call(self, inputs):
        return self.out(self.hidden(inputs))

    @property
    def metrics(self):
        # Listed here so fit/evaluate reset them at the start of each epoch.
        return [self.loss_tracker, self.mae_metric]

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.loss_fn(y, y_pred)
        loss.backward()
        weights = self.trainable_weights
        gradients = [weight.grad for weight in weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, weights)
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {metric.name: metric.result() for metric in self.metrics}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        self.loss_tracker.update_state(self.loss_fn(y, y_pred))
        self.mae_metric.update_state(y, y_pred)
        return {metric.name: metric.result() for metric in self.metrics}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(512, 3)).astype("float32")
    y = (x @ np.array([[2.0], [-1.0], [0.5]]) + 0.3).astype("float32")

    model = CustomModel()
    model.compile(optimizer=keras.optimizers.Adam(0.01))  # no loss: train_step computes it
    history = model.fit(x, y, batch_size=32, epochs=5 if args.quick else 20, verbose=2)
    scores = model.evaluate(x, y, verbose=0, return_dict=True)
    print("loss per epoch:", [round(value, 4) for value in history.history["loss"]])
    print(f"result: final_loss={scores['loss']:.4f} final_mae={scores['mae']:.4f} "
          f"first_loss={history.history['loss'][0]:.4f}")


if __name__ == "__main__":
    main()
