"""`model.summary()`: the layer table Keras prints, drawn without `rich`.

Keras renders the table with `rich`; scripts and tests compare its printed text, so this module redraws the
same table with the same rules: fixed column widths shrunk to fit the line, word wrapping inside cells,
long words cut with `…`, heavy header borders, and every line cropped to the console width. The output is
the plain text Keras prints to a non-terminal stdout (or hands to `print_fn`).
"""

import math
import os
import re
import shutil
import sys

import torch

from kerastorch.backend.dtypes import standardize_dtype

# Bits per element, by dtype name (Keras counts memory in bits, so `bool` weighs 1).
_DTYPE_BITS = {
    **{f"float{i}": i for i in (16, 32, 64)},
    **{f"int{i}": i for i in (8, 16, 32, 64)},
    **{f"uint{i}": i for i in (8, 16, 32, 64)},
    "bfloat16": 16,
    "bool": 1,
    "complex64": 64,
    "complex128": 128,
}

# Box characters, one string per border role, as rich's HEAVY_HEAD box (and its ASCII fallback) draws them:
# top, header cells, header rule, body cells, rule between rows, bottom. Each is (left, fill, divider, right).
_HEAVY_HEAD = {
    "top": "┏━┳┓", "head": "┃ ┃┃", "head_rule": "┡━╇┩", "body": "│ ││", "row_rule": "├─┼┤", "bottom": "└─┴┘",
}
_ASCII = {"top": "+--+", "head": "| ||", "head_rule": "|-+|", "body": "| ||", "row_rule": "|-+|", "bottom": "+--+"}
_ELLIPSIS = "…"
_WORD = re.compile(r"\s*\S+\s*")


# ---------------------------------------------------------------------------------------------- counting
def count_params(weights):
    """Total number of scalars in `weights`."""
    return int(sum(math.prod(_whole_shape(w)) for w in weights))


def _whole_shape(weight):
    # Under a multi-process ModelParallel a sharded weight stores (and its `shape` is) this process's piece;
    # Keras counts the whole weight, so every process prints a one-process run's numbers.
    shape = getattr(weight, "global_shape", None)
    return tuple(weight.shape if shape is None else shape)


def weight_memory_size(weights):
    """Bytes taken by `weights` (each counted once), from each weight's own dtype."""
    unique = {id(w): w for w in weights}.values()
    bits = 0
    for w in unique:
        name = standardize_dtype(w.dtype)
        if name not in _DTYPE_BITS:
            raise ValueError(f"Cannot size a weight of dtype {name}. Received: dtype={w.dtype}")
        bits += math.prod(_whole_shape(w)) * _DTYPE_BITS[name]
    return bits / 8


def readable_memory_size(weight_memory_size):
    """`1536` -> `"1.50 KB"`: two decimals in the largest unit (powers of 1024) that keeps the value >= 1."""
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if weight_memory_size / 1024 < 1:
            return f"{weight_memory_size:.2f} {unit}"
        weight_memory_size /= 1024
    return f"{weight_memory_size:.2f} {units[-1]}"


# ---------------------------------------------------------------------------------------------- cells
def _format_shape(shape):
    # Keras joins the sizes itself, so a rank-1 shape prints as "(None)" rather than Python's "(None,)".
    return f"({', '.join(str(size) for size in shape)})"


def format_layer_shape(layer):
    """The "Output Shape" cell: from the layer's last symbolic call, else from the shapes it was built with."""
    nodes = getattr(layer, "_inbound_nodes", None) or []
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not nodes and not build_shapes:
        return "?"
    if nodes:
        # As in Keras, the last call wins even when it belongs to another model.
        shapes = [_format_shape(x.shape) for x in nodes[-1].outputs]
    else:
        try:
            if hasattr(layer, "output_shape"):
                shapes = [_format_shape(layer.output_shape)]
            else:
                values = list(build_shapes.values())
                output = layer.compute_output_shape(*values) if len(values) == 1 else layer.compute_output_shape(
                    **build_shapes
                )
                shapes = _flatten_shapes(output)
        except Exception:  # a layer that cannot infer its shape still gets a row
            return "?"
    if len(shapes) == 1:
        return shapes[0]
    return f"[{', '.join(shapes)}]"


def _flatten_shapes(output):
    if isinstance(output, (tuple, list)) and all(s is None or isinstance(s, int) for s in output):
        return [_format_shape(output)]
    if isinstance(output, dict):
        output = [output[k] for k in sorted(output)]
    return [s for item in output for s in _flatten_shapes(item)]


def _layer_name(layer):
    return getattr(layer, "name", None) or type(layer).__name__.lower()


def _param_cell(layer):
    if not hasattr(layer, "built"):
        if isinstance(layer, torch.nn.Module):  # a plain torch module inside a subclassed model
            return f"{sum(p.numel() for p in layer.parameters()):,}"
        return "0"
    if not layer.built:
        return "0 (unbuilt)"
    return f"{layer.count_params():,}"


def _connections_cell(layer, relevant_nodes):
    connections = []
    for node in layer._inbound_nodes:
        if relevant_nodes and node not in relevant_nodes:
            continue  # a call from outside this model
        for tensor in node.input_tensors:
            operation, node_index, tensor_index = tensor._keras_history
            connections.append(f"{operation.name}[{node_index}][{tensor_index}]")
    return ", ".join(connections) or "-"


def _trainable_cell(layer):
    if getattr(layer, "weights", None):
        return "Y" if layer.trainable else "N"
    return "-"


# ---------------------------------------------------------------------------------------------- layout
def get_layer_index_bound_by_layer_name(layers, layer_range=None):
    """`[start, stop)` indices into `layers` for `layer_range = (first_name, last_name)` (regexes, inclusive)."""
    if layer_range is None:
        return [0, len(layers)]
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], _layer_name(layer))]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], _layer_name(layer))]
    if not lower or not upper:
        raise ValueError(f"Passed layer_names do not match the layer names in the model. Received: {layer_range}")
    if min(lower) > max(upper):
        return [min(upper), max(lower) + 1]
    return [min(lower), max(upper) + 1]


def _is_sequential_like(model):
    """Whether the table can skip "Connected to": a single chain of single-input calls, no shared layers."""
    from kerastorch.models.functional import Functional

    if not isinstance(model, Functional):
        return True
    chain = []
    for nodes in model._nodes_by_depth.values():
        if len(nodes) > 1 or (len(nodes) == 1 and len(nodes[0].input_tensors) > 1):
            return False
        chain += nodes
    for layer in model.layers:
        if sum(1 for node in layer._inbound_nodes if node in chain) > 1:
            return False
    return True


def _column_widths(positions, line_length):
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    return widths


def _fit_widths(widths, line_length):
    """Rich's rule for fixed-width columns in a table of total width `line_length`: each column gets its width
    plus one space of padding per side; then, if they and the borders overflow, all columns shrink evenly
    (rounding half to even, left to right), and if they fall short, the slack is shared in proportion to the
    widths (rounding up, left to right)."""
    available = line_length - (len(widths) + 1)
    padded = [min(w + 2, available) for w in widths]
    excess = sum(padded) - available
    if excess > 0:
        remaining, shares, fitted = excess, sum(1 for w in padded if w), []
        for width in padded:
            cut = min(width, round(remaining / shares)) if width else 0
            fitted.append(width - cut)
            remaining -= cut
            shares -= 1 if width else 0
        return fitted
    if excess < 0:
        remaining, total, fitted = -excess, sum(padded), []
        for width in padded:
            extra = math.ceil(width * remaining / total) if total > 0 else remaining
            fitted.append(width + extra)
            total -= width
            remaining -= extra
        return fitted
    return padded


def _break_offsets(text, width, fold):
    """Where word wrapping breaks `text` for lines of `width` (words keep their trailing spaces)."""
    breaks, offset = [], 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                pieces = [word[i : i + width] for i in range(0, len(word), width)]
                for index, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if index == len(pieces) - 1:
                        offset = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _truncate(line, width, overflow):
    if len(line) > width:
        return (line[: max(width - 1, 0)] + _ELLIPSIS) if overflow == "ellipsis" else line[:width]
    return line


def _wrap(text, width, justify="default", overflow="fold"):
    """Word-wraps `text` to `width` columns and aligns each line as rich's `Text.wrap` does."""
    lines = []
    for paragraph in text.split("\n"):
        offsets = [0] + _break_offsets(paragraph, width, overflow == "fold") + [len(paragraph)]
        pieces = [paragraph[a:b] for a, b in zip(offsets, offsets[1:])] or [""]
        for piece in pieces:
            if len(piece) > width:  # drop trailing spaces that stick out
                trailing = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(trailing, len(piece) - width)]
            if justify == "left":
                piece = _truncate(piece, width, overflow).ljust(width)
            elif justify == "center":
                piece = _truncate(piece.rstrip(), width, overflow)
                piece = " " * ((width - len(piece)) // 2) + piece
                piece = piece.ljust(width)
            elif justify == "right":
                piece = _truncate(piece.rstrip(), width, overflow).rjust(width)
            lines.append(_truncate(piece, width, overflow))
    return lines


def _render_table(header, rows, widths, justify, box):
    """The table's lines: header row, then body rows separated by rules."""

    def rule(role):
        left, fill, divider, right = box[role]
        return left + divider.join(fill * w for w in widths) + right

    def render_row(cells, role, header_row):
        blocks = []
        for text, width, how in zip(cells, widths, justify):
            inner = max(width - 2, 0)
            lines = [line.ljust(inner)[:inner] for line in _wrap(text, inner, how, "ellipsis")]
            blocks.append([" " + line + " " for line in lines])
        height = max(len(block) for block in blocks)
        for block, width in zip(blocks, widths):
            blank = [" " * width] * (height - len(block))
            # Header cells sit on the bottom line of a tall header; body cells at the top of a tall row.
            block[:] = blank + block if header_row else block + blank
        left, _, divider, right = box[role]
        return [left + divider.join(block[i] for block in blocks) + right for i in range(height)]

    lines = [rule("top")] + render_row(header, "head", True) + [rule("head_rule")]
    for index, cells in enumerate(rows):
        if index:
            lines.append(rule("row_rule"))
        lines += render_row(cells, "body", False)
    lines.append(rule("bottom"))
    return lines


def _console_width():
    """The width rich assumes for stdout: $COLUMNS, else the first terminal among stdin/stdout/stderr, else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def _box_for_stdout():
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    return _HEAVY_HEAD if encoding.startswith("utf") else _ASCII


# ---------------------------------------------------------------------------------------------- summary
def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints the summary table of `model`: one row per layer with its output shape and parameter count.

    Args:
        model: A Sequential, Functional or subclassed model.
        line_length: Total width of the table; default 88 (108 with "Connected to"), capped by the terminal.
        positions: Right edges of the columns, as fractions of `line_length` (or absolute when > 1).
        print_fn: Called once with the whole summary text; default writes it to stdout.
        expand_nested: Whether to list the layers of nested models under them.
        show_trainable: Whether to add a "Trainable" column.
        layer_range: `(first_name, last_name)` regexes bounding the top-level layers shown.
    """
    from kerastorch.models.functional import Functional
    from kerastorch.models.sequential import Sequential

    is_functional = isinstance(model, Functional) and not isinstance(model, Sequential)
    layers = list(model._operations) if is_functional else list(model.layers)
    sequential_like = _is_sequential_like(model) if is_functional else True

    if sequential_like:
        default_length, positions = 88, positions or [0.45, 0.80, 1.0]
        header, justify = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"]
        relevant_nodes = None
    else:
        default_length, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        justify = ["left", "left", "right", "left"]
        relevant_nodes = [node for nodes in model._nodes_by_depth.values() for node in nodes]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        justify.append("center")

    default_length = min(default_length, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    widths = _column_widths(positions, line_length)
    if len(widths) < len(header):
        raise ValueError(
            f"`positions` needs one entry per column ({len(header)}: {header}). Received: positions={positions}"
        )
    # Extra positions are checked but draw nothing, as in Keras.
    widths = _fit_widths(widths[: len(header)], line_length)

    def rows_for(layer, level=0):
        prefix = "   " * level + "└ " if level else ""
        row = [f"{prefix}{_layer_name(layer)} ({type(layer).__name__})", format_layer_shape(layer), _param_cell(layer)]
        if not sequential_like:
            row.append(_connections_cell(layer, relevant_nodes))
        if show_trainable:
            row.append(_trainable_cell(layer))
        rows = [row]
        nested = getattr(layer, "layers", None) if expand_nested else None
        if nested:
            for sub_layer in nested:
                rows += rows_for(sub_layer, level + 1)
        return rows

    start, stop = get_layer_index_bound_by_layer_name(layers, layer_range)
    rows = [row for layer in layers[start:stop] for row in rows_for(layer)]

    trainable, non_trainable = model.trainable_weights, model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    optimizer_weights = None
    if optimizer is not None and getattr(model, "compiled", True) and getattr(optimizer, "built", False):
        optimizer_weights = list(optimizer.variables)
    counts = [count_params(trainable), count_params(non_trainable)]
    sizes = [weight_memory_size(trainable), weight_memory_size(non_trainable)]
    if optimizer_weights is not None:
        counts.append(count_params(optimizer_weights))
        sizes.append(weight_memory_size(optimizer_weights))

    footer = [
        f" Total params: {sum(counts):,} ({readable_memory_size(sum(sizes))})",
        f" Trainable params: {counts[0]:,} ({readable_memory_size(sizes[0])})",
        f" Non-trainable params: {counts[1]:,} ({readable_memory_size(sizes[1])})",
    ]
    if optimizer_weights is not None:
        footer.append(f" Optimizer params: {counts[2]:,} ({readable_memory_size(sizes[2])})")

    console_width = _console_width()
    lines = _wrap(f'Model: "{model.name}"', console_width)
    lines += [line[:console_width] for line in _render_table(header, rows, widths, justify, _box_for_stdout())]
    for text in footer:
        lines += _wrap(text, console_width)
    text = "".join(line + "\n" for line in lines)
    if print_fn is None:
        sys.stdout.write(text)
    else:
        print_fn(text)
