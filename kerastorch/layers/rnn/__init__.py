"""The rnn layers. `__all__` lists the public classes; keras.layers re-exports them."""

from kerastorch.layers.rnn.bidirectional import Bidirectional
from kerastorch.layers.rnn.conv_lstm1d import ConvLSTM1D
from kerastorch.layers.rnn.conv_lstm2d import ConvLSTM2D
from kerastorch.layers.rnn.conv_lstm3d import ConvLSTM3D
from kerastorch.layers.rnn.gru import GRU
from kerastorch.layers.rnn.gru_cell import GRUCell
from kerastorch.layers.rnn.lstm import LSTM
from kerastorch.layers.rnn.lstm_cell import LSTMCell
from kerastorch.layers.rnn.rnn import RNN
from kerastorch.layers.rnn.simple_rnn import SimpleRNN
from kerastorch.layers.rnn.simple_rnn_cell import SimpleRNNCell
from kerastorch.layers.rnn.stacked_rnn_cells import StackedRNNCells
from kerastorch.layers.rnn.time_distributed import TimeDistributed

__all__ = [
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
]
