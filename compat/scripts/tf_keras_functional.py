"""`import tensorflow as tf` and only tf.keras: a Functional model, tf.keras.utils, callbacks and losses."""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(26)
rng = np.random.default_rng(26)
x = rng.normal(size=(48, 6)).astype("float32")
y = tf.keras.utils.to_categorical(np.argmax(x[:, :3], axis=1), 3)

inputs = tf.keras.Input(shape=(6,))
h = tf.keras.layers.Dense(10, activation="relu")(inputs)
h = tf.keras.layers.Dropout(0.0)(h)
outputs = tf.keras.layers.Dense(3, activation="softmax")(h)
model = tf.keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.02), loss=tf.keras.losses.CategoricalCrossentropy(),
              metrics=[tf.keras.metrics.CategoricalAccuracy()])
history = model.fit(x, y, epochs=3, batch_size=12, shuffle=False, verbose=0,
                    callbacks=[tf.keras.callbacks.History()])
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
print("normalize", " ".join(f"{v:.6f}" for v in tf.keras.utils.normalize(x[:1]).ravel()))
