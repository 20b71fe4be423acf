"""keras.layers: every public layer class, re-exported by name."""

from kerastorch.layers.core.dense import Dense
from kerastorch.layers.core.input_layer import Input
from kerastorch.layers.core.input_layer import InputLayer
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
