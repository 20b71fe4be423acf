"""Subclassed keras.Model with layers as attributes, a training flag and a custom get_config."""
import numpy as np
import keras


class Classifier(keras.Model):
    def __init__(self, hidden=12, **kwargs):
        super().__init__(**kwargs)
        self.hidden = hidden
        self.dense1 = keras.layers.Dense(hidden, activation="relu")
        self.norm = keras.layers.LayerNormalization()
        self.dense2 = keras.layers.Dense(1, activation="sigmoid")

    def call(self, inputs, training=False):
        return self.dense2(self.norm(self.dense1(inputs)))

    def get_config(self):
        return {"hidden": self.hidden, **super().get_config()}


keras.utils.set_random_seed(2)
rng = np.random.default_rng(2)
x = rng.normal(size=(96, 6)).astype("float32")
y = (x.sum(axis=1) > 0).astype("float32")
model = Classifier()
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.AUC(name="auc")])
history = model.fit(x, y, batch_size=32, epochs=4, shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
print("weights", [tuple(w.shape) for w in model.get_weights()])
print("out", " ".join(f"{v:.6f}" for v in model.predict(x[:5], verbose=0).ravel()))
print("train_on_batch", f"{model.train_on_batch(x[:32], y[:32])[0]:.6f}")
print("test_on_batch", " ".join(f"{v:.6f}" for v in model.test_on_batch(x[:32], y[:32])))
