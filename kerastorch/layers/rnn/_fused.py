"""torch's fused LSTM / GRU kernels (`torch._VF.lstm` / `torch._VF.gru`; cuDNN on CUDA) on Keras's weights.

The kernels take torch's layout: `weight_ih (gates * units, features)`, `weight_hh (gates * units, units)` and two
biases. Keras's Parameters are converted on every call, as transposed views (LSTM: Keras's gate order i, f, c, o
is torch's i, f, g, o) or a `cat` of column slices (GRU: Keras's z, r, h becomes torch's r, z, n). Either way
autograd trains the Keras-layout Parameters themselves; no copy outlives the call.

Masks: a right-padded mask (True then False on every row, no empty row) runs as a packed sequence, and the
outputs are then rearranged to what Keras's step loop gives (masked steps repeat the last output, or are
zeros with `zero_output_for_mask`; with `go_backwards` the valid part of each row is reversed and the masked
steps, then first in processing order, output zeros). Deciding that and packing needs the lengths on the host:
one transfer of `batch + 1` integers per masked call (free on CPU, one device sync on CUDA). Any other mask
returns None, and the caller runs the step loop.
"""

import torch

from kerastorch import activations


def _is(fn, *candidates):
    return any(fn is c for c in candidates)


def default_activations(cell):
    """Whether the cell has the activations the fused kernels hard-code (tanh, sigmoid)."""
    return _is(cell.activation, activations.tanh, torch.tanh) and _is(
        cell.recurrent_activation, activations.sigmoid, torch.sigmoid
    )


def _lstm_params(cell):
    params = [cell.kernel.t(), cell.recurrent_kernel.t()]
    if cell.use_bias:
        # One Keras bias; torch adds two: the second is zeros.
        params += [cell.bias, torch.zeros_like(cell.bias)]
    return params


def _gru_params(cell):
    u = cell.units

    def reorder(w):  # z, r, h -> r, z, n along the last axis
        return torch.cat([w[..., u:2 * u], w[..., :u], w[..., 2 * u:]], dim=-1)

    params = [reorder(cell.kernel).t(), reorder(cell.recurrent_kernel).t()]
    if cell.use_bias:
        bias = reorder(cell.bias)
        params += [bias[0], bias[1]]
    return params


def right_padded_lengths(mask):
    """`(lengths_on_device, lengths_on_cpu)` if every row of `mask` is True then False with at least one True,
    else None. One host transfer."""
    mask = mask.bool()
    lengths = mask.sum(dim=1)
    positions = torch.arange(mask.shape[1], device=mask.device)
    valid = (mask == (positions < lengths[:, None])).all(dim=1) & (lengths > 0)
    host = torch.cat([lengths, valid.to(lengths.dtype)]).cpu()
    batch = mask.shape[0]
    if not bool(host[batch:].all()):
        return None
    return lengths, host[:batch]


def run(kind, cell, inputs, states, go_backwards=False, lengths=None, zero_output_for_mask=False,
        return_sequences=True):
    """Runs the fused kernel: `kind` is `"lstm"` or `"gru"`, `states` the Keras states (`[h, c]` or `[h]`),
    `lengths` the result of `right_padded_lengths` or None. Returns `(last_output, outputs, states)` as
    Keras's step loop would (`outputs` only `(batch, 1, units)` when not `return_sequences`)."""
    params = _lstm_params(cell) if kind == "lstm" else _gru_params(cell)
    if inputs.is_cuda:
        # cuDNN flattens the weights with `view`; the transposed Keras-layout views must be made contiguous.
        params = [p.contiguous() for p in params]
    kernel = torch._VF.lstm if kind == "lstm" else torch._VF.gru
    hx = [s.unsqueeze(0) for s in states]
    hx = tuple(hx) if kind == "lstm" else hx[0]
    train = torch.is_grad_enabled()
    if lengths is None:
        if go_backwards:
            inputs = torch.flip(inputs, dims=[1])
        result = kernel(inputs, hx, params, cell.use_bias, 1, 0.0, train, False, True)
        outputs, final = result[0], [s.squeeze(0) for s in result[1:]]
        last = final[0]
        return last, (outputs if return_sequences else last.unsqueeze(1)), final

    lengths, host_lengths = lengths
    batch, steps = inputs.shape[0], inputs.shape[1]
    time = torch.arange(steps, device=inputs.device).expand(batch, steps)
    if go_backwards:
        # Row b processes x[L-1], ..., x[0]: reverse the valid part, leave the padding where it is.
        order = torch.where(time < lengths[:, None], lengths[:, None] - 1 - time, time)
        inputs = inputs.gather(1, order[..., None].expand_as(inputs))
    packed = torch.nn.utils.rnn.pack_padded_sequence(inputs, host_lengths, batch_first=True, enforce_sorted=False)
    if kind == "lstm":
        hx = tuple(h.index_select(1, packed.sorted_indices) for h in hx)
    else:
        hx = hx.index_select(1, packed.sorted_indices)
    result = kernel(packed.data, packed.batch_sizes, hx, params, cell.use_bias, 1, 0.0, train, False)
    final = [s.index_select(1, packed.unsorted_indices).squeeze(0) for s in result[1:]]
    outputs, _ = torch.nn.utils.rnn.pad_packed_sequence(
        torch.nn.utils.rnn.PackedSequence(result[0], packed.batch_sizes, packed.sorted_indices,
                                          packed.unsorted_indices),
        batch_first=True, total_length=steps,
    )
    if go_backwards:
        # Keras's order: the T - L masked steps first (zeros), then the L processed ones.
        source = time - (steps - lengths[:, None])
        gathered = outputs.gather(1, source.clamp(min=0)[..., None].expand_as(outputs))
        outputs = torch.where((source >= 0)[..., None], gathered, torch.zeros_like(gathered))
    elif not zero_output_for_mask:
        # Masked steps repeat the last valid output.
        source = torch.minimum(time, lengths[:, None] - 1)
        outputs = outputs.gather(1, source[..., None].expand_as(outputs))
    last = outputs[:, -1]
    return last, (outputs if return_sequences else last.unsqueeze(1)), final


def try_fused(layer, kind, sequences, initial_state, mask, training):
    """The fused kernel's result for an `LSTM` / `GRU` layer's call, or None where the step loop must run.

    The kernel runs with `use_cudnn` "auto" or True, Keras's default activations, no `recurrent_dropout`,
    `unroll=False`, `reset_after=True` (GRU), and no mask or a right-padded one. With `use_cudnn=True`, the
    configurations that Keras on torch refuses (recurrent dropout, a mask it cannot use, `reset_after=False`)
    raise ValueError.
    """
    cell = layer.cell
    if layer.use_cudnn is False:
        return None
    refused = cell.recurrent_dropout or (kind == "gru" and not cell.reset_after)
    lengths = None
    if not refused and mask is not None:
        lengths = right_padded_lengths(mask)
        refused = lengths is None
    if refused:
        if layer.use_cudnn is True:
            raise ValueError(
                f"Layer '{layer.name}': use_cudnn=True was specified, but the fused (cuDNN) kernel does not support "
                "this configuration (recurrent_dropout, reset_after=False, or a mask that is not right-padded). "
                f"Pass use_cudnn='auto' to fall back to the step loop. Received: use_cudnn={layer.use_cudnn}"
            )
        return None
    if layer.unroll or not default_activations(cell) or (training and cell.dropout and cell.implementation == 1):
        return None
    if training and cell.dropout:
        sequences = sequences * cell.get_dropout_mask(sequences[:, 0])[:, None]
    states = initial_state if kind == "lstm" else initial_state[:1]
    return run(kind, cell, sequences, states, go_backwards=layer.go_backwards, lengths=lengths,
               zero_output_for_mask=layer.zero_output_for_mask, return_sequences=layer.return_sequences)
