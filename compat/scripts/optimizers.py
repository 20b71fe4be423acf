"""Every optimizer trains the same small model for a few steps from the same initial weights."""
import numpy as np
import keras

rng = np.random.default_rng(11)
x = rng.normal(size=(64, 5)).astype("float32")
y = (x @ rng.normal(size=(5, 1))).astype("float32")

optimizers = {
    "sgd": lambda: keras.optimizers.SGD(0.05),
    "sgd_nesterov": lambda: keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    "adam": lambda: keras.optimizers.Adam(0.01),
    "adam_amsgrad": lambda: keras.optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: keras.optimizers.AdamW(0.01, weight_decay=0.01),
    "rmsprop": lambda: keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "adagrad": lambda: keras.optimizers.Adagrad(0.1),
    "adadelta": lambda: keras.optimizers.Adadelta(1.0),
    "adamax": lambda: keras.optimizers.Adamax(0.01),
    "nadam": lambda: keras.optimizers.Nadam(0.01),
    "ftrl": lambda: keras.optimizers.Ftrl(0.1),
    "lion": lambda: keras.optimizers.Lion(0.001),
    "adafactor": lambda: keras.optimizers.Adafactor(0.01),
    "lamb": lambda: keras.optimizers.Lamb(0.01),
    "clipnorm": lambda: keras.optimizers.Adam(0.01, clipnorm=0.1),
    "clipvalue": lambda: keras.optimizers.SGD(0.05, clipvalue=0.01),
    "global_clipnorm": lambda: keras.optimizers.SGD(0.05, global_clipnorm=0.5),
    "ema": lambda: keras.optimizers.Adam(0.01, use_ema=True, ema_momentum=0.9),
}
for name, make in optimizers.items():
    keras.utils.set_random_seed(11)
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=make(), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    kernel = model.layers[0].get_weights()[0]
    print(name, " ".join(f"{v:.6f}" for v in history.history["loss"]), f"kernel00={kernel[0, 0]:.6f}",
          f"iterations={int(keras.ops.convert_to_numpy(model.optimizer.iterations))}")
print("config", sorted(keras.optimizers.Adam(0.01).get_config()))
