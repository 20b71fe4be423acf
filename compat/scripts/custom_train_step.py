"""Overriding train_step / test_step on the torch backend: zero_grad, backward, optimizer.apply, own trackers."""
import numpy as np
import torch
import keras


class Model(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="tanh")
        self.head = keras.layers.Dense(1)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae = keras.metrics.MeanAbsoluteError(name="mae")

    def call(self, x):
        return self.head(self.hidden(x))

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae]

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = keras.ops.mean(keras.ops.square(y - y_pred))
        loss.backward()
        weights = self.trainable_weights
        with torch.no_grad():
            self.optimizer.apply([w.value.grad for w in weights], weights)
        self.loss_tracker.update_state(loss)
        self.mae.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        self.loss_tracker.update_state(keras.ops.mean(keras.ops.square(y - y_pred)))
        self.mae.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


keras.utils.set_random_seed(23)
rng = np.random.default_rng(23)
x = rng.normal(size=(64, 3)).astype("float32")
y = (x @ np.array([[1.0], [-2.0], [0.5]])).astype("float32")
model = Model()
model.compile(optimizer=keras.optimizers.Adam(0.03))
history = model.fit(x, y, batch_size=16, epochs=4, shuffle=False, verbose=0, validation_data=(x[:16], y[:16]))
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
print("evaluate", " ".join(f"{k}={v:.6f}" for k, v in sorted(model.evaluate(x, y, verbose=0, return_dict=True).items())))
