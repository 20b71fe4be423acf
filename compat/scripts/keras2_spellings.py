"""Keras 2 spellings Keras 3 still accepts: input_shape= / input_dim= on the first layer, keras.utils.Sequence,
string identifiers, `model.fit(..., validation_data=...)` with lists, and `model.metrics_names`."""
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Activation

keras.utils.set_random_seed(24)
rng = np.random.default_rng(24)
x = rng.normal(size=(50, 4)).astype("float32")
y = keras.utils.to_categorical((x[:, 0] > 0).astype("int32"), num_classes=2)

model = Sequential()
model.add(Dense(8, input_dim=4))
model.add(Activation("relu"))
model.add(Dense(2, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
history = model.fit(x, y, epochs=3, batch_size=10, shuffle=False, verbose=0, validation_data=(x[:10], y[:10]))
for key in sorted(history.history):
    print(key, " ".join(f"{v:.6f}" for v in history.history[key]))
print("metrics_names", model.metrics_names)
score = model.evaluate(x, y, verbose=0)
print("score", " ".join(f"{v:.6f}" for v in score))
other = Sequential([Dense(3, input_shape=(4,), activation="tanh"), Dense(1)])
print("input_shape_model", other.output_shape if hasattr(other, "output_shape") else "", other.count_params())
print("predict_argmax", np.argmax(model.predict(x[:5], verbose=0), axis=-1).tolist())
