"""Activation functions and activation layers, by string name and by class."""
import numpy as np
import keras
from keras import layers

x = np.linspace(-3, 3, 13, dtype="float32").reshape(1, 13)
names = ["relu", "sigmoid", "tanh", "softmax", "softplus", "softsign", "elu", "selu", "gelu", "swish", "silu",
         "hard_sigmoid", "exponential", "linear", "leaky_relu", "relu6", "mish", "log_softmax", "hard_silu"]
for name in names:
    out = keras.ops.convert_to_numpy(keras.activations.get(name)(x))
    print(name, " ".join(f"{v:.6f}" for v in out.ravel()[::3]))
print("gelu_approx", " ".join(f"{v:.6f}" for v in keras.ops.convert_to_numpy(
    keras.activations.gelu(x, approximate=True)).ravel()[::3]))
for layer in [layers.ReLU(max_value=2.0, negative_slope=0.1), layers.LeakyReLU(negative_slope=0.2), layers.ELU(0.5),
              layers.Softmax(), layers.Activation("tanh"), layers.PReLU()]:
    out = keras.ops.convert_to_numpy(layer(x))
    print(type(layer).__name__, " ".join(f"{v:.6f}" for v in out.ravel()[::3]))
print("serialize", keras.activations.serialize(keras.activations.relu))
