"""keras.backend and keras.config as Keras 2 scripts use them: `from keras import backend as K`."""
import numpy as np
import keras
from keras import backend as K

print("backend", K.backend(), keras.config.backend())
print("floatx", K.floatx(), "epsilon", K.epsilon(), "format", K.image_data_format())
K.set_epsilon(1e-5)
print("epsilon_set", K.epsilon(), keras.config.epsilon())
K.set_epsilon(1e-7)
K.set_floatx("float64")
layer = keras.layers.Dense(2)
layer.build((None, 3))
print("float64_kernel", K.standardize_dtype(layer.kernel.dtype))
K.set_floatx("float32")
K.clear_session()
print("names_after_clear", keras.layers.Dense(1).name, keras.layers.Dense(1).name)
inputs = keras.Input((3,))
print("is_keras_tensor", K.is_keras_tensor(inputs), K.is_keras_tensor(np.ones(3)))
print("dtypes", K.standardize_dtype("float32"), K.is_float_dtype("float16"), K.is_int_dtype("int8"))
print("uid", K.get_uid("corpus"), K.get_uid("corpus"))
keras.config.set_image_data_format("channels_first")
out = keras.layers.Conv2D(4, 3)(np.ones((1, 2, 6, 6), "float32"))
print("channels_first_conv", tuple(out.shape))
keras.config.set_image_data_format("channels_last")
