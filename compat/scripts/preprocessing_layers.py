"""Preprocessing layers that need no TensorFlow: Normalization (adapt), Rescaling, CenterCrop, Resizing,
CategoryEncoding, Discretization with fixed bins. (Real Keras needs TensorFlow for the lookup layers, Hashing
and Discretization.adapt, so they are not in the corpus.)"""
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(21)
data = (rng.normal(size=(50, 3)) * [1, 5, 10] + [0, 2, -3]).astype("float32")


def show(name, out):
    out = keras.ops.convert_to_numpy(out)
    print(name, out.shape, " ".join(f"{v:.6f}" for v in out.ravel()[:6].astype("float64")))


norm = layers.Normalization()
norm.adapt(data)
show("normalization", norm(data[:2]))
show("normalization_mean", norm.mean)
show("denormalize", layers.Normalization(mean=2.0, variance=4.0, invert=True)(data[:2]))
show("rescaling", layers.Rescaling(1 / 255.0, offset=-1)(np.full((1, 2, 2, 1), 128.0, "float32")))
img = rng.uniform(size=(1, 6, 8, 3)).astype("float32")
show("center_crop", layers.CenterCrop(4, 4)(img))
show("resizing", layers.Resizing(3, 4)(img))
show("category_encoding", layers.CategoryEncoding(num_tokens=5, output_mode="multi_hot")(np.array([[0, 3], [4, 4]])))
show("category_count", layers.CategoryEncoding(num_tokens=5, output_mode="count")(np.array([[0, 3, 3]])))
disc = layers.Discretization(bin_boundaries=[-1.0, 0.0, 1.0])
show("discretization", disc(np.array([[-2.0, -0.5, 0.5, 3.0]], "float32")))
model = keras.Sequential([keras.Input((3,)), norm, layers.Dense(1)])
print("in_model", model.predict(data[:2], verbose=0).shape)
