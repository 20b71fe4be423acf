"""Reshaping and merging layers: Reshape, Permute, RepeatVector, Flatten, Cropping, ZeroPadding, UpSampling,
Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot."""
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(10)
a = rng.normal(size=(2, 6)).astype("float32")
b = rng.normal(size=(2, 6)).astype("float32")
img = rng.normal(size=(2, 4, 4, 2)).astype("float32")
seq = rng.normal(size=(2, 5, 3)).astype("float32")


def show(name, out):
    out = keras.ops.convert_to_numpy(out)
    print(name, out.shape, f"{out.sum():.6f} {out.ravel()[-1]:.6f}")


show("reshape", layers.Reshape((3, 2))(a))
show("permute", layers.Permute((2, 1))(seq))
show("repeat_vector", layers.RepeatVector(3)(a))
show("flatten", layers.Flatten()(img))
show("cropping1d", layers.Cropping1D((1, 2))(seq))
show("cropping2d", layers.Cropping2D(((1, 0), (0, 1)))(img))
show("zero_padding1d", layers.ZeroPadding1D(2)(seq))
show("zero_padding2d", layers.ZeroPadding2D(((1, 2), (0, 1)))(img))
show("upsampling1d", layers.UpSampling1D(2)(seq))
show("add", layers.Add()([a, b]))
show("subtract", layers.Subtract()([a, b]))
show("multiply", layers.Multiply()([a, b]))
show("average", layers.Average()([a, b]))
show("maximum", layers.Maximum()([a, b]))
show("minimum", layers.Minimum()([a, b]))
show("concatenate", layers.Concatenate(axis=0)([a, b]))
show("dot", layers.Dot(axes=1)([a, b]))
show("dot_normalized", layers.Dot(axes=1, normalize=True)([a, b]))
show("identity", layers.Identity()(a))
in1, in2 = keras.Input((6,)), keras.Input((6,))
merged = layers.add([in1, in2])
model = keras.Model([in1, in2], layers.multiply([merged, in1]))
show("functional_merge", model.predict([a, b], verbose=0))
