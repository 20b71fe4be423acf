"""Recurrent layers: SimpleRNN, LSTM, GRU (return_sequences / return_state), Bidirectional, TimeDistributed."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(6)
rng = np.random.default_rng(6)
x = rng.normal(size=(32, 7, 3)).astype("float32")
y = x[:, :, 0].sum(axis=1, keepdims=True).astype("float32")


def show(name, out):
    out = keras.ops.convert_to_numpy(out)
    print(name, out.shape, f"sum={out.sum():.6f} first={out.ravel()[0]:.6f}")


show("simple_rnn", layers.SimpleRNN(4)(x[:2]))
show("lstm_seq", layers.LSTM(5, return_sequences=True)(x[:2]))
outputs, h, c = layers.LSTM(3, return_state=True)(x[:2])
show("lstm_state_h", h)
show("lstm_state_c", c)
show("gru", layers.GRU(4)(x[:2]))
show("gru_reset_after_false", layers.GRU(4, reset_after=False)(x[:2]))
show("bidirectional", layers.Bidirectional(layers.LSTM(3))(x[:2]))
show("time_distributed", layers.TimeDistributed(layers.Dense(2))(x[:2]))

model = keras.Sequential([keras.Input(shape=(7, 3)), layers.GRU(8, return_sequences=True), layers.LSTM(4),
                          layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
