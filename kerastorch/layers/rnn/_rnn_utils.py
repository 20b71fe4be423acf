"""Helpers shared by the recurrent layers (not public): building sub-layers, weight paths, the step loop."""

import torch

from kerastorch.layers.layer import Layer
from kerastorch.utils import tree


def output_size(cell):
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state_size = cell.state_size
    return state_size[0] if isinstance(state_size, (list, tuple)) else state_size


def initial_state(cell, batch_size, dtype):
    """The cell's `get_initial_state`, else zeros for each of its `state_size` entries."""
    get_initial_state = getattr(cell, "get_initial_state", None)
    if get_initial_state is not None:
        return get_initial_state(batch_size=batch_size)
    device = next((p.device for p in cell.parameters()), None) if isinstance(cell, torch.nn.Module) else None
    if isinstance(cell.state_size, int):
        return torch.zeros((batch_size, cell.state_size), dtype=dtype, device=device)
    return [torch.zeros((batch_size, size), dtype=dtype, device=device) for size in cell.state_size]


def build_sublayer(layer, input_shape):
    """Builds a wrapped layer as its owner does in Keras, recording the shape for its `build_config`."""
    layer.build(tuple(input_shape) if isinstance(input_shape, list) else input_shape)
    layer.built = True
    if layer._build_shapes_dict is None:
        layer._build_shapes_dict = {"input_shape": tuple(input_shape)}


def call_cell(cell, inputs, states, training, **kwargs):
    """One step of a cell. Layers run their `call` directly: the owner already converted and built."""
    if isinstance(cell, Layer):
        if cell._call_signature().accepts_training:
            kwargs["training"] = training
        return cell.call(inputs, states, **kwargs)
    return cell.call(inputs, states, **kwargs) if not callable(cell) else cell(inputs, states, **kwargs)


def _expand(mask_t, like):
    return mask_t.reshape(mask_t.shape + (1,) * (like.dim() - mask_t.dim()))


def step_loop(step, inputs, initial_states, mask=None, go_backwards=False, zero_output_for_mask=False,
              return_all_outputs=True):
    """Runs `step(inputs_t, states) -> (output_t, new_states)` over the time axis (axis 1) as Keras on torch.

    A masked timestep keeps the previous states and repeats the previous output (zeros before the first step,
    or always zeros with `zero_output_for_mask`). With `go_backwards` the inputs and the mask are reversed and
    the outputs come in processing order. Returns `(last_output, outputs, final_states)`; `outputs` holds only
    the last output (time axis of size 1) unless `return_all_outputs`.
    """
    steps = torch.unbind(inputs, dim=1)
    masks = None
    if mask is not None:
        masks = torch.unbind(mask.bool(), dim=1)
    if go_backwards:
        steps = steps[::-1]
        masks = masks[::-1] if masks is not None else None
    states = initial_states
    outputs = []
    output = None
    for t, x_t in enumerate(steps):
        new_output, new_states = step(x_t, states)
        if masks is not None:
            m = masks[t]
            if zero_output_for_mask or output is None:
                fallback = torch.zeros_like(new_output)
            else:
                fallback = output
            new_output = torch.where(_expand(m, new_output), new_output, fallback)
            flat_old, flat_new = tree.flatten(states), tree.flatten(new_states)
            new_states = tree.pack_sequence_as(
                new_states, [torch.where(_expand(m, n), n, o) for n, o in zip(flat_new, flat_old)]
            )
        output, states = new_output, new_states
        if return_all_outputs:
            outputs.append(output)
    stacked = torch.stack(outputs, dim=1) if return_all_outputs else output.unsqueeze(1)
    return output, stacked, states


def cell_property(name):
    """A read-only layer attribute that forwards to the layer's cell (`LSTM.units` is `LSTM.cell.units`)."""
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's `{name}`.")


def check_use_cudnn(layer_name, use_cudnn):
    if use_cudnn not in ("auto", True, False) or (use_cudnn != "auto" and not isinstance(use_cudnn, bool)):
        raise ValueError(
            f"Layer '{layer_name}': `use_cudnn` must be one of 'auto', True, False. Received: use_cudnn={use_cudnn!r}"
        )
    return use_cudnn
