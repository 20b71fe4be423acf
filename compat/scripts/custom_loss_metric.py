"""A custom loss function, a Loss subclass, and a Metric subclass with add_weight state, used in compile."""
import numpy as np
import keras
from keras import ops


def weighted_mse(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred) * ops.array([1.0, 3.0]), axis=-1)


class Pinball(keras.losses.Loss):
    def __init__(self, tau=0.7, name="pinball", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tau = tau

    def call(self, y_true, y_pred):
        error = y_true - y_pred
        return ops.mean(ops.maximum(self.tau * error, (self.tau - 1) * error), axis=-1)


class MaxError(keras.metrics.Metric):
    def __init__(self, name="max_error", **kwargs):
        super().__init__(name=name, **kwargs)
        self.worst = self.add_weight(shape=(), initializer="zeros", name="worst")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.worst.assign(ops.maximum(self.worst, ops.max(ops.abs(y_true - y_pred))))

    def result(self):
        return self.worst

    def reset_state(self):
        self.worst.assign(0.0)


def rmse(y_true, y_pred):
    return ops.sqrt(ops.mean(ops.square(y_true - y_pred), axis=-1))


keras.utils.set_random_seed(18)
rng = np.random.default_rng(18)
x = rng.normal(size=(48, 3)).astype("float32")
y = np.stack([x[:, 0] * 2, x[:, 1] - x[:, 2]], axis=1).astype("float32")
for loss in (weighted_mse, Pinball(0.7)):
    keras.utils.set_random_seed(18)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss=loss, metrics=[MaxError(), rmse, "mae"])
    history = model.fit(x, y, batch_size=12, epochs=3, shuffle=False, verbose=0)
    for key in sorted(history.history):
        print(getattr(loss, "name", getattr(loss, "__name__", "")), key,
              " ".join(f"{v:.6f}" for v in history.history[key]))
print("pinball_direct", f"{float(ops.convert_to_numpy(Pinball(0.3)(y, y * 0.5))):.6f}")
