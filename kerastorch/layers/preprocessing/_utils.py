"""Helpers shared by the preprocessing layers: categorical encodings, image warps and resizes, string inputs.

Every tensor helper runs on the input's device and never reads values back to the host.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from kerastorch.backend.dtypes import to_torch_dtype

_RESIZE_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic"}


# ---------------------------------------------------------------------------------------------- categorical
def one_hot(indices, depth, dtype):
    """One-hot rows along a new last axis; negative or out-of-range indices give all-zero rows."""
    classes = torch.arange(depth, device=indices.device, dtype=indices.dtype)
    return (indices.unsqueeze(-1) == classes).to(dtype)


def encode_categorical(indices, output_mode, depth, dtype, count_weights=None):
    """Encodes integer indices as Keras does: `"one_hot"` adds an axis (replacing a trailing axis of size 1),
    `"multi_hot"` and `"count"` reduce axis 1 (axis 0 for a rank-1 input) into a `depth`-sized last axis."""
    dtype = to_torch_dtype(dtype) if isinstance(dtype, str) else dtype
    if output_mode == "int":
        return indices.to(dtype)
    if indices.dim() == 0:
        indices = indices.unsqueeze(-1)
    indices = indices.long()
    if output_mode == "one_hot":
        if indices.dim() > 1 and indices.shape[-1] == 1:
            indices = indices.squeeze(-1)
        return one_hot(indices, depth, dtype)
    axis = 1 if indices.dim() > 1 else 0
    if output_mode == "multi_hot":
        return one_hot(indices, depth, dtype).amax(dim=axis)
    if count_weights is not None:
        encoded = one_hot(indices, depth, count_weights.dtype) * count_weights.unsqueeze(-1)
    else:
        encoded = one_hot(indices, depth, dtype)
    return encoded.sum(dim=axis)


def categorical_output_shape(input_shape, output_mode, depth):
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    return input_shape[:-1] + (depth,)


# ---------------------------------------------------------------------------------------------- images
def affine_matrix(angle, translate_x, translate_y, scale, height, width, center_x=0.5, center_y=0.5):
    """Batched 8-parameter projective transforms `[a0, a1, a2, b0, b1, b2, 0, 0]` (output pixel `(x, y)`
    reads input pixel `(a0 x + a1 y + a2, b0 x + b1 y + b2)`), for a rotation by `angle` degrees about the
    center, a scale and a translation, evaluated in the same float32 order as Keras."""
    radians = angle * torch.tensor(math.pi / 180.0, dtype=angle.dtype, device=angle.device)
    zero = torch.zeros_like(radians)
    width = torch.tensor(width, dtype=angle.dtype, device=angle.device)
    height = torch.tensor(height, dtype=angle.dtype, device=angle.device)
    cx = center_x * (width - 1)
    cy = center_y * (height - 1)
    cos, sin = torch.cos(radians), torch.sin(radians)
    shear = torch.tan(zero)
    a0 = scale * (cos + shear * sin)
    a1 = scale * (-sin + shear * cos)
    a2 = translate_x + cx - cx * a0 - cy * a1
    b0 = scale * (shear * cos + sin)
    b1 = scale * (shear * -sin + cos)
    b2 = translate_y + cy - cx * b0 - cy * b1
    return torch.stack([a0, a1, a2, b0, b1, b2, zero, zero], dim=1)


def _fix_index(index, size, fill_mode):
    if fill_mode in ("constant", "nearest"):
        return index.clamp(0, size - 1)
    if fill_mode == "wrap":
        return torch.remainder(index, size)
    # "reflect": half-sample symmetric, d c b a | a b c d | d c b a.
    span = 2 * size
    folded = torch.remainder(index, span)
    return torch.where(folded >= size, span - 1 - folded, folded)


def affine_transform(images, transform, interpolation, fill_mode, fill_value, data_format):
    """Warps a batch of images by per-image projective transforms (`(batch, 8)`, see `affine_matrix`).

    Samples with nearest or bilinear interpolation; points outside the image follow `fill_mode`
    (`"constant"` uses `fill_value`, `"nearest"`, `"wrap"`, `"reflect"`).
    """
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    batch, height, width, _ = images.shape
    transform = transform.to(images.device)
    dtype = transform.dtype
    rows = torch.arange(height, dtype=dtype, device=images.device).view(1, height, 1)
    cols = torch.arange(width, dtype=dtype, device=images.device).view(1, 1, width)
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i].view(batch, 1, 1) for i in range(8))
    denominator = c0 * cols + c1 * rows + 1
    source_y = (b1 * rows + b0 * cols + b2) / denominator
    source_x = (a1 * rows + a0 * cols + a2) / denominator
    if interpolation == "nearest":
        nodes_y = [(torch.round(source_y).long(), None)]
        nodes_x = [(torch.round(source_x).long(), None)]
    else:
        floor_y, floor_x = torch.floor(source_y), torch.floor(source_x)
        upper_y, upper_x = source_y - floor_y, source_x - floor_x
        nodes_y = [(floor_y.long(), 1 - upper_y), (floor_y.long() + 1, upper_y)]
        nodes_x = [(floor_x.long(), 1 - upper_x), (floor_x.long() + 1, upper_x)]
    batch_index = torch.arange(batch, device=images.device).view(batch, 1, 1)
    output = None
    for index_y, weight_y in nodes_y:
        for index_x, weight_x in nodes_x:
            values = images[batch_index, _fix_index(index_y, height, fill_mode), _fix_index(index_x, width, fill_mode)]
            if fill_mode == "constant":
                inside = (index_y >= 0) & (index_y < height) & (index_x >= 0) & (index_x < width)
                values = torch.where(inside.unsqueeze(-1), values, torch.as_tensor(fill_value, dtype=values.dtype))
            if weight_y is not None:
                values = (weight_y * weight_x).unsqueeze(-1) * values
            output = values if output is None else output + values
    output = output.to(images.dtype)
    if data_format == "channels_first":
        output = output.permute(0, 3, 1, 2)
    return output


def _aspect_box(height, width, target_height, target_width):
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    return crop_height, crop_width


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_value=0.0, data_format="channels_last"):
    """Resizes a batch of images (rank 4) to `size`, optionally cropping or padding to its aspect ratio first.
    Integer images are resized in float32, rounded and cast back."""
    out_dtype = images.dtype
    if not images.is_floating_point():
        images = images.to(torch.float32)
    if data_format == "channels_last":
        images = images.permute(0, 3, 1, 2)
    height, width = images.shape[-2], images.shape[-1]
    target_height, target_width = size
    if crop_to_aspect_ratio:
        crop_height, crop_width = _aspect_box(height, width, target_height, target_width)
        top, left = int((height - crop_height) / 2), int((width - crop_width) / 2)
        images = images[:, :, top:top + crop_height, left:left + crop_width]
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(float(width * target_height) / target_width))
        pad_width = max(width, int(float(height * target_width) / target_height))
        top, left = int((pad_height - height) / 2), int((pad_width - width) / 2)
        # Keras pads the same amount on both sides (an odd remainder is dropped).
        images = F.pad(images, (left, left, top, top), value=float(fill_value))
    mode = _RESIZE_MODES[interpolation]
    align = False if interpolation in ("bilinear", "bicubic") else None
    antialias = antialias and interpolation in ("bilinear", "bicubic")
    resized = F.interpolate(images, size=tuple(size), mode=mode, align_corners=align, antialias=antialias)
    if data_format == "channels_last":
        resized = resized.permute(0, 2, 3, 1)
    if resized.dtype != out_dtype:
        if interpolation == "bicubic" and out_dtype == torch.uint8:
            resized = resized.clamp(0, 255)
        resized = torch.round(resized).to(out_dtype)
    return resized


# ---------------------------------------------------------------------------------------------- strings
def is_string_data(x):
    """Whether `x` holds strings (a str, bytes, a NumPy str/bytes/object array or a nested list of them)."""
    if isinstance(x, (str, bytes)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind in ("U", "S", "O")
    if isinstance(x, (list, tuple)):
        return bool(x) and is_string_data(x[0])
    return False


def to_str_array(x, encoding="utf-8"):
    """A NumPy array of Python `str` (object dtype) from strings, bytes, or nested lists of them."""
    array = np.asarray(x, dtype=object)
    flat = [v.decode(encoding) if isinstance(v, bytes) else str(v) for v in array.reshape(-1)]
    return np.array(flat + [None], dtype=object)[:-1].reshape(array.shape)
