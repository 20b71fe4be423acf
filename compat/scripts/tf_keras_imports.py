"""A TensorFlow 2 era script: `from tensorflow import keras` and `from tensorflow.keras.layers import ...`."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense, Dropout, Input
from tensorflow.keras.models import Model, Sequential
from tensorflow.keras.optimizers import Adam

keras.utils.set_random_seed(3)
rng = np.random.default_rng(3)
x = rng.normal(size=(128, 4)).astype("float32")
y = (x @ np.array([[1.0], [2.0], [-1.0], [0.5]], "float32")).astype("float32")

model = Sequential([Input(shape=(4,)), Dense(8, activation="relu"), Dropout(0.0), Dense(1)])
model.compile(optimizer=Adam(learning_rate=0.02), loss="mean_squared_error", metrics=["mean_absolute_error"])
history = model.fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("mae", " ".join(f"{v:.6f}" for v in history.history["mean_absolute_error"]))
inputs = Input(shape=(4,))
wrapped = Model(inputs, model(inputs))
print("wrapped", " ".join(f"{v:.6f}" for v in wrapped.predict(x[:3], verbose=0).ravel()))
