"""Convolution variants: Conv1D, SeparableConv1D/2D, DepthwiseConv2D, Conv2DTranspose, Conv3D, 1D pooling."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)
rng = np.random.default_rng(5)
seq = rng.normal(size=(2, 12, 3)).astype("float32")
img = rng.normal(size=(2, 6, 6, 3)).astype("float32")
vol = rng.normal(size=(1, 4, 4, 4, 2)).astype("float32")


def show(name, layer, data):
    out = keras.ops.convert_to_numpy(layer(data))
    print(name, out.shape, f"sum={out.sum():.6f} absmean={np.abs(out).mean():.6f} first={out.ravel()[0]:.6f}")


show("conv1d", layers.Conv1D(4, 3, padding="causal"), seq)
show("conv1d_stride", layers.Conv1D(4, 3, strides=2, padding="same"), seq)
show("sepconv1d", layers.SeparableConv1D(5, 3, depth_multiplier=2), seq)
show("maxpool1d", layers.MaxPooling1D(2), seq)
show("avgpool1d", layers.AveragePooling1D(3, strides=2, padding="same"), seq)
show("gmaxpool1d", layers.GlobalMaxPooling1D(), seq)
show("depthwise2d", layers.DepthwiseConv2D(3, depth_multiplier=2), img)
show("sepconv2d", layers.SeparableConv2D(4, 3, padding="same"), img)
show("conv2dT", layers.Conv2DTranspose(3, 3, strides=2), img)
show("conv2dT_same", layers.Conv2DTranspose(2, 2, strides=2, padding="same"), img)
show("conv3d", layers.Conv3D(3, 2), vol)
show("maxpool3d", layers.MaxPooling3D(2), vol)
show("upsampling2d", layers.UpSampling2D(2), img)
