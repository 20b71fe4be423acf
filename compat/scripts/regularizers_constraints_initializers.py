"""Initializers by name and class, regularizers adding to the loss, constraints applied after each update."""
import numpy as np
import keras

keras.utils.set_random_seed(22)
for name in ["glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
             "random_normal", "random_uniform", "truncated_normal", "orthogonal", "zeros", "ones", "identity"]:
    init = keras.initializers.get(name)
    values = keras.ops.convert_to_numpy(init(shape=(4, 4)))
    print("init", name, f"{values.mean():.6f} {values.std():.6f} {values[0, 0]:.6f}")
custom = keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform", seed=3)
print("init_variance_scaling", f"{keras.ops.convert_to_numpy(custom((3, 5))).sum():.6f}")
print("init_constant", keras.ops.convert_to_numpy(keras.initializers.Constant(0.5)((2,))).tolist())

rng = np.random.default_rng(22)
x = rng.normal(size=(40, 5)).astype("float32")
y = rng.normal(size=(40, 1)).astype("float32")
keras.utils.set_random_seed(22)
model = keras.Sequential([
    keras.Input((5,)),
    keras.layers.Dense(8, activation="relu", kernel_regularizer=keras.regularizers.l2(0.01),
                       bias_regularizer=keras.regularizers.l1(0.01), kernel_constraint=keras.constraints.MaxNorm(0.5),
                       kernel_initializer=keras.initializers.HeNormal(seed=1)),
    keras.layers.Dense(1, kernel_regularizer=keras.regularizers.L1L2(l1=0.001, l2=0.001),
                       activity_regularizer="l2", kernel_constraint=keras.constraints.NonNeg()),
])
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
print("reg_losses", len(model.losses), " ".join(f"{float(keras.ops.convert_to_numpy(v)):.6f}" for v in model.losses))
history = model.fit(x, y, batch_size=10, epochs=3, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
kernel = model.layers[0].get_weights()[0]
print("max_norm", f"{np.sqrt((kernel ** 2).sum(axis=0)).max():.6f}")
print("non_neg", bool((model.layers[1].get_weights()[0] >= 0).all()))
unit = keras.constraints.UnitNorm()(keras.ops.convert_to_tensor(np.ones((3, 2), "float32")))
print("unit_norm", keras.ops.convert_to_numpy(unit).round(6).tolist())
print("l2_value", f"{float(keras.ops.convert_to_numpy(keras.regularizers.L2(0.1)(np.ones((2, 2), 'float32')))):.6f}")
print("serialize", keras.regularizers.serialize(keras.regularizers.l2(0.01))["class_name"])
