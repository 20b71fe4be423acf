"""Mixed precision: a global mixed_bfloat16 policy (dtype bookkeeping exactly, values loosely), a per-layer
dtype, and a float64 layer.
# parity: rtol=2e-2 atol=2e-2
"""
import numpy as np
import keras

keras.utils.set_random_seed(20)
rng = np.random.default_rng(20)
x = rng.normal(size=(32, 8)).astype("float32")
y = x[:, :2].astype("float32")
keras.mixed_precision.set_global_policy("mixed_bfloat16")
policy = keras.mixed_precision.global_policy()
print("policy", policy.name, policy.compute_dtype, policy.variable_dtype)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(2, dtype="float32")])
dense = model.layers[0]
print("dense", dense.dtype_policy.name, dense.compute_dtype, keras.backend.standardize_dtype(dense.kernel.dtype))
print("output_dtype", keras.backend.standardize_dtype(dense(x[:2]).dtype))
model.compile(optimizer="adam", loss="mse")
history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.4f}" for v in history.history["loss"]))
print("final_dtype", model.predict(x[:2], verbose=0).dtype)
keras.mixed_precision.set_global_policy("float32")
print("reset", keras.mixed_precision.global_policy().name)
double = keras.layers.Dense(2, dtype="float64")
print("float64", keras.backend.standardize_dtype(double(x[:1].astype("float64")).dtype), keras.backend.standardize_dtype(double.kernel.dtype))
