"""`ConvLSTM2D`: a convolutional LSTM over sequences of 2D inputs."""

from kerastorch.layers.rnn.conv_lstm import ConvLSTM


class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM: an LSTM whose input and recurrent transforms are 2D convolutions.

    Args:
        filters: Positive int, the number of output channels.
        kernel_size: Int or tuple of 2 int(s), the convolution window.
        strides: Int or tuple of 2 int(s), the strides of the input convolution (the recurrent one has stride
            1). Strides above 1 cannot be combined with a dilation rate above 1.
        padding: `"valid"` or `"same"` (case-insensitive), the padding of the input convolution (the recurrent one
            is always `"same"`).
        data_format: `"channels_last"`, inputs `(batch, time, rows, cols, channels)`, or
            `"channels_first"`, inputs `(batch, time, channels, rows, cols)`; None means
            `keras.config.image_data_format()`.
        dilation_rate: Int or tuple of 2 int(s), the dilation of the input convolution.
        activation: Activation of the cell and output (default `"tanh"`).
        recurrent_activation: Activation of the gates (default `"sigmoid"`).
        use_bias: Whether to add a bias vector.
        kernel_initializer, recurrent_initializer, bias_initializer: Initializers (default `"glorot_uniform"`,
            `"orthogonal"`, `"zeros"`).
        unit_forget_bias: If True, the forget gate's bias starts at 1.
        kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Float in [0, 1], the fraction of the inputs dropped in training.
        recurrent_dropout: Float in [0, 1], the fraction of the previous output dropped in training.
        seed: Integer seed of the dropout masks.
        return_sequences: Whether to return every timestep's output rather than the last one.
        return_state: Whether to also return the final states `h` and `c`.
        go_backwards: Whether to process the sequence backwards (the returned sequence is then reversed too).
        stateful: Whether the final states of a batch are the initial states of the next one.
        **kwargs: Base layer keyword arguments, and `RNN`'s `unroll` and `zero_output_for_mask`.

    Call arguments:
        inputs: A 5D tensor, as in `data_format`.
        initial_state: Optional `[h, c]`, each shaped as one output timestep.
        mask: Optional boolean `(batch, timesteps)`; False timesteps are skipped.
        training: Whether dropout applies.

    Output shape:
        `(batch, new_rows, new_cols, filters)` (channels last) or
        `(batch, filters, new_rows, new_cols)` (channels first),
        the spatial sizes after the input convolution; with `return_sequences` a time axis follows the batch axis;
        with `return_state`, a tuple `(output, h, c)`, the states shaped as one output timestep.

    Weights (of the cell, `conv_lstm2d/conv_lstm_cell/...`):
        `kernel` `kernel_size + (channels, 4 * filters)`, `recurrent_kernel` `kernel_size + (filters,
        4 * filters)`, `bias` `(4 * filters,)`.

    Example:

    ```python
    inputs = np.random.random((8, 10, 32, 32, 3)).astype("float32")
    outputs = keras.layers.ConvLSTM2D(16, 3, padding="same")(inputs)  # (8, 32, 32, 16)
    ```
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, **kwargs):
        super().__init__(rank=2, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                         recurrent_activation=recurrent_activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
                         kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
                         seed=seed, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, **kwargs)
