"""The initializer of convolution kernels that compute a short-time Fourier transform."""

import torch

from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.initializer import _placement
from kerastorch.initializers.initializer import _shape

# Windows computed with torch.signal.windows (no SciPy needed); these match `scipy.signal.get_window`.
_TORCH_WINDOWS = {
    "hann": torch.signal.windows.hann,
    "hamming": torch.signal.windows.hamming,
    "blackman": torch.signal.windows.blackman,
    "bartlett": torch.signal.windows.bartlett,
    "cosine": torch.signal.windows.cosine,
}


def _window_values(name, length, periodic):
    """The window `name` of `length` samples as float64 values, periodic (for spectral analysis) or symmetric."""
    if name in _TORCH_WINDOWS:
        return _TORCH_WINDOWS[name](length, sym=not periodic, dtype=torch.float64)
    try:
        import scipy.signal
    except ImportError:
        raise ValueError(
            f"Unknown window for STFT. Without SciPy installed, the windows available are {sorted(_TORCH_WINDOWS)}; "
            f"install SciPy for the others in `scipy.signal.windows`. Received: window={name!r}"
        ) from None
    try:
        values = scipy.signal.get_window(name, length, periodic)
    except ValueError as error:
        raise ValueError(f"Unknown window for STFT: {error}. Received: window={name!r}") from None
    return torch.as_tensor(values, dtype=torch.float64)


class STFT(Initializer):
    """Initializer of Conv1D kernels that compute the real or the imaginary part of an STFT.

    A kernel of shape `(T, 1, F // 2 + 1)` holds `cos` (real side) or `sin` (imaginary side) of
    `-2 * pi * t * f / F` for each time step `t` and frequency bin `f`, optionally multiplied by a window and
    divided by its norm. Only the first half of the frequency bins is made: the rest are their conjugates.
    It is what the `STFTSpectrogram` layer starts from.

    Args:
        side: `"real"` or `"imag"`: which part of the transform the kernel computes.
        window: The name of a window (`"hann"`, `"hamming"`, `"blackman"`, `"bartlett"`, `"cosine"`, or with
            SciPy installed any name `scipy.signal.get_window` knows), an array of `T` window values, or None
            for no window.
        scaling: `"density"` (divide by the window's L2 norm), `"spectrum"` (by its L1 norm) or None.
        periodic: Whether a named window is periodic (True) or symmetric (False).

    Example:

    >>> initializer = STFT("real", "hann", "density", False)
    >>> values = initializer(shape=(128, 1, 513))
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"Argument `side` must be 'real' or 'imag'. Received: side={side!r}")
        if isinstance(window, str):
            _window_values(window, 1, periodic)  # fails now, not at the first call, on a name it does not know
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                f"Argument `scaling` must be None, 'density' or 'spectrum'. Received: scaling={scaling!r}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        if len(shape) != 3:
            raise ValueError(
                f"STFT kernels have shape (frame_length, input_channels, fft_bins). Received: shape={shape}"
            )
        frame_length, _, fft_bins = shape
        dtype, device = _placement(dtype)
        window, scale = None, 1
        if self.window is not None:
            if isinstance(self.window, str):
                window = _window_values(self.window, frame_length, self.periodic)
            else:
                window = torch.as_tensor(self.window)
            window = window.to(device=device, dtype=dtype)
            if window.ndim != 1 or window.shape[0] != frame_length:
                raise ValueError(
                    "The shape of `window` must be equal to [frame_length]. "
                    f"Received: window shape={tuple(window.shape)}"
                )
            window = window.reshape(frame_length, 1, 1)
            if self.scaling == "density":
                scale = torch.sqrt(torch.sum(window**2))
            elif self.scaling == "spectrum":
                scale = torch.sum(torch.abs(window))
        freq = torch.arange(fft_bins, dtype=dtype, device=device).reshape(1, 1, fft_bins) / ((fft_bins - 1) * 2)
        time = torch.arange(frame_length, dtype=dtype, device=device).reshape(frame_length, 1, 1)
        pi = torch.arccos(torch.tensor(-1.0, dtype=dtype, device=device))
        phase = (-2 * time) * freq * pi
        kernel = torch.cos(phase) if self.side == "real" else torch.sin(phase)
        if window is not None:
            kernel = kernel * window / scale
        return kernel

    def get_config(self):
        return {"side": self.side, "window": self.window, "periodic": self.periodic, "scaling": self.scaling}
