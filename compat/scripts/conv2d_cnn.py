"""A 2D CNN: Conv2D, BatchNormalization, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten.
# parity: rtol=5e-4 atol=1e-6
(Three epochs of SGD with momentum through BatchNormalization drift by about 1e-4 in float32.)
"""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(4)
rng = np.random.default_rng(4)
x = rng.uniform(size=(48, 10, 10, 2)).astype("float32")
y = (x[:, :5, :, 0].mean(axis=(1, 2)) > x[:, 5:, :, 0].mean(axis=(1, 2))).astype("int32")

model = keras.Sequential([
    keras.Input(shape=(10, 10, 2)),
    layers.Conv2D(6, 3, padding="same", activation="relu"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(2),
    layers.Conv2D(8, (3, 3), strides=1, padding="valid", activation="relu"),
    layers.AveragePooling2D(pool_size=(1, 1)),
    layers.Conv2D(4, 1),
    layers.Flatten(),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("shapes", [tuple(layer.output.shape) for layer in model.layers])
print("predict", " ".join(f"{v:.6f}" for v in model.predict(x[:2], verbose=0).ravel()))
gap = keras.Sequential([keras.Input(shape=(10, 10, 2)), layers.Conv2D(3, 3, dilation_rate=2),
                        layers.GlobalAveragePooling2D()])
print("dilated_gap", " ".join(f"{v:.6f}" for v in gap.predict(x[:2], verbose=0).ravel()))
