"""Learning-rate schedules, alone and inside an optimizer."""
import numpy as np
import keras

schedules = {
    "exponential": keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5),
    "exponential_staircase": keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True),
    "piecewise": keras.optimizers.schedules.PiecewiseConstantDecay([5, 15], [0.1, 0.05, 0.01]),
    "polynomial": keras.optimizers.schedules.PolynomialDecay(0.1, 20, end_learning_rate=0.01, power=2.0),
    "inverse_time": keras.optimizers.schedules.InverseTimeDecay(0.1, 5, 0.5),
    "cosine": keras.optimizers.schedules.CosineDecay(0.1, 20, alpha=0.1),
    "cosine_warmup": keras.optimizers.schedules.CosineDecay(0.0, 20, warmup_target=0.1, warmup_steps=5),
    "cosine_restarts": keras.optimizers.schedules.CosineDecayRestarts(0.1, 6),
}
for name, schedule in schedules.items():
    values = [float(keras.ops.convert_to_numpy(schedule(step))) for step in (0, 3, 7, 12, 19)]
    print(name, " ".join(f"{v:.6f}" for v in values))

keras.utils.set_random_seed(12)
rng = np.random.default_rng(12)
x = rng.normal(size=(40, 3)).astype("float32")
y = x.sum(axis=1, keepdims=True)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(schedules["exponential"]), loss="mse")
history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("lr_now", f"{float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)):.6f}")
