"""Child process for the BackupAndRestore kill test: trains 6 epochs, optionally dying at the start of an epoch.

Usage: python _backup_child.py OUT.npz BACKUP_DIR|- KILL_AT_EPOCH|-
"""

import os
import sys

import numpy as np

import kerastorch as keras

out, backup_dir, kill_at = sys.argv[1], sys.argv[2], sys.argv[3]
keras.utils.set_random_seed(42)
rng = np.random.default_rng(0)
x = rng.normal(size=(96, 6)).astype("float32")
y = (x[:, :3].sum(axis=1) > 0).astype("int64")
model = keras.Sequential([
    keras.Input((6,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dropout(0.3),  # unseeded: torch's global generator
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dropout(0.2, seed=7),  # seeded: the layer's own SeedGenerator
    keras.layers.Dense(2, activation="softmax"),
])
model.compile(keras.optimizers.Adam(learning_rate=0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])


class Die(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        if kill_at != "-" and epoch == int(kill_at):
            os._exit(17)  # no cleanup: as if the machine went away


callbacks = []
if backup_dir != "-":
    callbacks.append(keras.callbacks.BackupAndRestore(backup_dir))
callbacks.append(Die())
history = model.fit(x, y, epochs=6, batch_size=16, shuffle=True, verbose=0, callbacks=callbacks)
np.savez(out, epochs=np.array(history.epoch), loss=np.array(history.history["loss"]), *model.get_weights())
