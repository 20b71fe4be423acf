"""A custom layer written with keras.ops and add_weight, a Lambda layer, and a custom model training it."""
import numpy as np
import keras
from keras import ops


class RBF(keras.layers.Layer):
    def __init__(self, units, gamma=0.5, **kwargs):
        super().__init__(**kwargs)
        self.units, self.gamma = units, gamma

    def build(self, input_shape):
        self.centers = self.add_weight(shape=(self.units, input_shape[-1]), initializer="random_normal",
                                       name="centers")
        self.scale = self.add_weight(shape=(), initializer="ones", name="scale")

    def call(self, inputs):
        diff = ops.expand_dims(inputs, 1) - ops.expand_dims(self.centers, 0)
        return self.scale * ops.exp(-self.gamma * ops.sum(ops.square(diff), axis=-1))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)


keras.utils.set_random_seed(17)
rng = np.random.default_rng(17)
x = rng.normal(size=(64, 2)).astype("float32")
y = (np.linalg.norm(x, axis=1) < 1).astype("float32")[:, None]
inputs = keras.Input((2,))
h = RBF(8)(inputs)
h = keras.layers.Lambda(lambda t: ops.concatenate([t, ops.log(t + 1.0)], axis=-1))(h)
outputs = keras.layers.Dense(1, activation="sigmoid")(h)
model = keras.Model(inputs, outputs)
print("shapes", tuple(h.shape), tuple(outputs.shape))
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, batch_size=16, epochs=4, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("weights", [w.path for w in model.layers[1].weights])
t = ops.convert_to_tensor(np.arange(6, dtype="float32").reshape(2, 3))
print("ops", ops.shape(t), ops.convert_to_numpy(ops.sum(t, axis=0)).tolist(),
      ops.convert_to_numpy(ops.matmul(t, ops.transpose(t))).tolist())
print("ops_nn", " ".join(f"{v:.6f}" for v in ops.convert_to_numpy(ops.softmax(t)).ravel()))
print("ops_where", ops.convert_to_numpy(ops.where(t > 2, t, -t)).tolist())
print("ops_cond", float(ops.convert_to_numpy(ops.cond(ops.sum(t) > 10, lambda: ops.sum(t), lambda: ops.max(t)))))
print("ops_while", ops.convert_to_numpy(ops.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), (0, 0))[1]))
print("ops_fori", float(ops.convert_to_numpy(ops.fori_loop(0, 4, lambda i, acc: acc * 2.0, ops.ones(())))))
print("ops_scan", ops.convert_to_numpy(ops.scan(lambda c, v: (c + v, c * v), 0.0, ops.arange(1.0, 5.0))[1]).tolist())
print("ops_misc", ops.convert_to_numpy(ops.one_hot(ops.array([0, 2]), 3)).tolist(),
      ops.convert_to_numpy(ops.top_k(ops.array([3.0, 1.0, 4.0, 1.5]), 2)[1]).tolist(),
      ops.convert_to_numpy(ops.cumsum(ops.arange(4))).tolist(), ops.dtype(ops.cast(t, "int32")))
