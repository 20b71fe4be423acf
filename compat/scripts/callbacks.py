"""Callbacks: EarlyStopping (restore_best_weights), ReduceLROnPlateau, LearningRateScheduler, LambdaCallback,
CSVLogger, ModelCheckpoint (save_best_only) and a custom Callback."""
import os
import tempfile

import numpy as np
import keras

keras.utils.set_random_seed(15)
rng = np.random.default_rng(15)
x = rng.normal(size=(80, 6)).astype("float32")
y = (x[:, :1] + rng.normal(0, 1.0, size=(80, 1))).astype("float32")
folder = tempfile.mkdtemp()


class Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_epoch_end(self, epoch, logs=None):
        self.events.append((epoch, round(float(logs["loss"]), 6)))


recorder = Recorder()
lambdas = []
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1),
    keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: lambdas.append(epoch)),
    keras.callbacks.CSVLogger(os.path.join(folder, "log.csv")),
    keras.callbacks.ModelCheckpoint(os.path.join(folder, "best.keras"), save_best_only=True),
    recorder,
]
history = model.fit(x, y, batch_size=16, epochs=20, validation_split=0.25, shuffle=False, callbacks=callbacks,
                    verbose=0)
print("epochs", len(history.history["loss"]), "lambda_epochs", lambdas)
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
print("recorder", recorder.events)
with open(os.path.join(folder, "log.csv")) as f:
    print("csv_header", f.readline().strip())
best = keras.models.load_model(os.path.join(folder, "best.keras"))
print("best_val", f"{best.evaluate(x[60:], y[60:], verbose=0):.6f}", f"{model.evaluate(x[60:], y[60:], verbose=0):.6f}")

schedule = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
model.fit(x, y, epochs=3, batch_size=40, shuffle=False, callbacks=[schedule], verbose=0)
print("scheduled_lr", f"{float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)):.6f}")
