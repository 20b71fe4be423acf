"""Normalization layers in training and inference: BatchNormalization moving statistics, LayerNormalization,
GroupNormalization, UnitNormalization."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(8)
rng = np.random.default_rng(8)
x = (rng.normal(size=(16, 6)) * 3 + 1).astype("float32")
img = rng.normal(size=(2, 4, 4, 6)).astype("float32")

bn = layers.BatchNormalization(momentum=0.9)
train_out = keras.ops.convert_to_numpy(bn(x, training=True))
infer_out = keras.ops.convert_to_numpy(bn(x, training=False))
print("bn_train", f"{train_out.mean():.6f} {train_out.std():.6f}")
print("bn_infer", f"{infer_out.mean():.6f} {infer_out.std():.6f}")
print("bn_moving_mean", " ".join(f"{v:.6f}" for v in keras.ops.convert_to_numpy(bn.moving_mean)))
print("bn_weights", [w.name for w in bn.weights])
ln = keras.ops.convert_to_numpy(layers.LayerNormalization(epsilon=1e-5)(x))
print("ln", f"{ln[0].mean():.6f} {ln[0].std():.6f} {ln[0, 0]:.6f}")
gn = keras.ops.convert_to_numpy(layers.GroupNormalization(groups=3)(img))
print("gn", gn.shape, f"{gn.sum():.6f} {gn.ravel()[0]:.6f}")
un = keras.ops.convert_to_numpy(layers.UnitNormalization()(x))
print("un", " ".join(f"{v:.6f}" for v in np.linalg.norm(un, axis=1)[:3]))

model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8), layers.BatchNormalization(),
                          layers.Activation("relu"), layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
history = model.fit(x, x[:, :1], batch_size=4, epochs=2, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("moving_var", " ".join(f"{v:.6f}" for v in keras.ops.convert_to_numpy(model.layers[1].moving_variance)))
