"""keras.preprocessing.sequence: padding sequences to one length."""

from kerastorch.utils.sequence_utils import pad_sequences
