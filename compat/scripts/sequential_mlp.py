"""Sequential MLP: Dense/relu/softmax, adam, sparse crossentropy, validation_split, evaluate, predict."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 8)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("int32") + (x[:, 2] > 1).astype("int32")

model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16, activation="relu"),
                          layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, batch_size=20, epochs=4, validation_split=0.2, shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
loss, acc = model.evaluate(x, y, verbose=0)
print(f"evaluate {loss:.6f} {acc:.6f}")
probs = model.predict(x[:4], verbose=0)
print("predict shape", probs.shape, "argmax", np.argmax(probs, axis=-1).tolist())
print("probs", " ".join(f"{v:.6f}" for v in probs.ravel()))
print("params", model.count_params())
