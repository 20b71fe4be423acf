"""Functional API: two inputs, two outputs, per-output losses, metrics and loss weights."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1)
rng = np.random.default_rng(1)
a = rng.normal(size=(64, 5)).astype("float32")
b = rng.normal(size=(64, 3)).astype("float32")
reg = (a[:, :1] - b[:, :1]).astype("float32")
cls = (a[:, 1] > 0).astype("int32")

in_a = keras.Input(shape=(5,), name="a")
in_b = keras.Input(shape=(3,), name="b")
h = layers.concatenate([layers.Dense(8, activation="tanh")(in_a), layers.Dense(8, activation="tanh")(in_b)])
h = layers.Dense(8, activation="relu")(h)
out_reg = layers.Dense(1, name="reg")(h)
out_cls = layers.Dense(2, activation="softmax", name="cls")(h)
model = keras.Model(inputs=[in_a, in_b], outputs=[out_reg, out_cls])
model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
              loss_weights={"reg": 1.0, "cls": 0.3}, metrics={"reg": ["mae"], "cls": ["accuracy"]})
history = model.fit({"a": a, "b": b}, {"reg": reg, "cls": cls}, batch_size=16, epochs=3, shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
scores = model.evaluate([a, b], [reg, cls], verbose=0, return_dict=True)
print("evaluate", " ".join(f"{k}={scores[k]:.6f}" for k in sorted(scores)))
p_reg, p_cls = model.predict([a[:3], b[:3]], verbose=0)
print("outputs", p_reg.shape, p_cls.shape, model.output_names if hasattr(model, "output_names") else "")
print("reg", " ".join(f"{v:.6f}" for v in p_reg.ravel()))
print("layers", [layer.name for layer in model.layers])
