"""keras.ops elementwise math: unary functions, arithmetic, comparisons and logic.

Keras on torch computes most of these with torch after converting the inputs, so torch's promotion applies;
the exceptions (integer inputs to transcendental functions become floatx, `maximum` / `floor_divide` follow
`result_type`, bool arithmetic) are handled here as Keras handles them.
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.ops._dtypes import dtype_of
from kerastorch.ops._dtypes import result_type
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor


def _is_int_or_bool(x):
    return not x.is_floating_point() and not x.is_complex()


def _float(x):
    """`x` as floatx when it is an integer or bool tensor (Keras's rule for transcendental functions)."""
    x = _t(x)
    return x.to(to_torch_dtype(config.floatx())) if _is_int_or_bool(x) else x


def _unary_float(torch_fn, name, doc):
    def fn(x):
        return torch_fn(_float(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return op(fn)


def _unary_keep(torch_fn, name, doc):
    def fn(x):
        return torch_fn(_t(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return op(fn)


exp = _unary_float(torch.exp, "exp", "Elementwise `e**x` (integer inputs give floatx).")
exp2 = _unary_float(torch.exp2, "exp2", "Elementwise `2**x`.")
expm1 = _unary_float(torch.expm1, "expm1", "Elementwise `exp(x) - 1`, accurate near zero.")
log = _unary_float(torch.log, "log", "Elementwise natural logarithm.")
log10 = _unary_float(torch.log10, "log10", "Elementwise base-10 logarithm.")
log2 = _unary_float(torch.log2, "log2", "Elementwise base-2 logarithm.")
log1p = _unary_float(torch.log1p, "log1p", "Elementwise `log(1 + x)`, accurate near zero.")
sqrt = _unary_float(torch.sqrt, "sqrt", "Elementwise square root.")
rsqrt = _unary_float(torch.rsqrt, "rsqrt", "Elementwise `1 / sqrt(x)`.")
cbrt = _unary_float(lambda x: torch.sign(x) * torch.abs(x) ** (1.0 / 3.0), "cbrt", "Elementwise cube root.")
sin = _unary_float(torch.sin, "sin", "Elementwise sine.")
cos = _unary_float(torch.cos, "cos", "Elementwise cosine.")
tan = _unary_float(torch.tan, "tan", "Elementwise tangent.")
arcsin = _unary_float(torch.arcsin, "arcsin", "Elementwise inverse sine.")
arccos = _unary_float(torch.arccos, "arccos", "Elementwise inverse cosine.")
arctan = _unary_float(torch.arctan, "arctan", "Elementwise inverse tangent.")
sinh = _unary_float(torch.sinh, "sinh", "Elementwise hyperbolic sine.")
cosh = _unary_float(torch.cosh, "cosh", "Elementwise hyperbolic cosine.")
tanh = _unary_float(torch.tanh, "tanh", "Elementwise hyperbolic tangent.")
arcsinh = _unary_float(torch.arcsinh, "arcsinh", "Elementwise inverse hyperbolic sine.")
arccosh = _unary_float(torch.arccosh, "arccosh", "Elementwise inverse hyperbolic cosine.")
arctanh = _unary_float(torch.arctanh, "arctanh", "Elementwise inverse hyperbolic tangent.")
sinc = _unary_float(torch.sinc, "sinc", "Elementwise normalized sinc, `sin(pi x) / (pi x)`.")
deg2rad = _unary_float(torch.deg2rad, "deg2rad", "Degrees to radians.")
rad2deg = _unary_float(torch.rad2deg, "rad2deg", "Radians to degrees.")
i0 = _unary_float(torch.special.i0, "i0", "Modified Bessel function of the first kind, order 0.")
erf = _unary_float(torch.erf, "erf", "Elementwise error function.")
erfc = _unary_float(torch.erfc, "erfc", "Elementwise complementary error function.")
erfinv = _unary_float(torch.erfinv, "erfinv", "Elementwise inverse error function.")
reciprocal = _unary_float(torch.reciprocal, "reciprocal", "Elementwise `1 / x`.")
negative = _unary_keep(torch.negative, "negative", "Elementwise `-x`.")
sign = _unary_keep(torch.sign, "sign", "Elementwise sign: -1, 0 or 1.")
signbit = _unary_keep(torch.signbit, "signbit", "True where the sign bit is set (negative values and -0.0).")
isnan = _unary_keep(torch.isnan, "isnan", "True where the value is NaN.")
isinf = _unary_keep(torch.isinf, "isinf", "True where the value is infinite.")
isfinite = _unary_keep(torch.isfinite, "isfinite", "True where the value is neither infinite nor NaN.")
isneginf = _unary_keep(torch.isneginf, "isneginf", "True where the value is negative infinity.")
isposinf = _unary_keep(torch.isposinf, "isposinf", "True where the value is positive infinity.")
logical_not = _unary_keep(torch.logical_not, "logical_not", "Elementwise logical NOT.")
bitwise_invert = _unary_keep(torch.bitwise_not, "bitwise_invert", "Elementwise bitwise NOT.")
bitwise_not = _unary_keep(torch.bitwise_not, "bitwise_not", "Elementwise bitwise NOT.")
conjugate = _unary_keep(torch.conj_physical, "conjugate", "Elementwise complex conjugate.")
conj = _unary_keep(torch.conj_physical, "conj", "Elementwise complex conjugate.")
real = _unary_keep(lambda x: torch.real(x) if x.is_complex() else x, "real", "The real part.")
imag = _unary_keep(lambda x: torch.imag(x) if x.is_complex() else torch.zeros_like(x), "imag", "The imaginary part.")
angle = _unary_float(torch.angle, "angle", "The complex argument (0 or pi for real inputs).")


@op
def isreal(x):
    """True where the imaginary part is zero."""
    x = _t(x)
    return torch.isreal(x)


@op
def absolute(x):
    """Elementwise absolute value (bool stays bool)."""
    x = _t(x)
    return x if x.dtype == torch.bool else torch.abs(x)


abs = absolute


@op
def fabs(x):
    """Elementwise absolute value as a float."""
    return torch.abs(_float(x))


def _rounding(torch_fn, name, doc):
    def fn(x):
        x = _t(x)
        if x.dtype == torch.bool:
            return x
        name_ = standardize_dtype(x.dtype)
        target = config.floatx() if name_ == "int64" else result_type(name_, float)
        return torch_fn(x.to(to_torch_dtype(target)))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return op(fn)


ceil = _rounding(torch.ceil, "ceil", "Elementwise ceiling, as a float.")
floor = _rounding(torch.floor, "floor", "Elementwise floor, as a float.")


@op
def trunc(x):
    """Elementwise rounding toward zero (integers unchanged)."""
    x = _t(x)
    return x if x.dtype == torch.bool else torch.trunc(x)


@op
def round(x, decimals=0):
    """Rounds half to even, to `decimals` places (integer inputs keep their dtype)."""
    x = _t(x)
    if _is_int_or_bool(x):
        return torch.round(x.to(to_torch_dtype(config.floatx())), decimals=decimals).to(x.dtype)
    return torch.round(x, decimals=decimals)


@op
def square(x):
    """Elementwise `x * x` (bool gives int32)."""
    x = _t(x)
    return torch.square(x.to(torch.int32) if x.dtype == torch.bool else x)


@op
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """NaN and infinities replaced by finite numbers."""
    return torch.nan_to_num(_t(x), nan=nan, posinf=posinf, neginf=neginf)


@op
def clip(x, x_min, x_max):
    """Values limited to `[x_min, x_max]` (bool gives int32)."""
    x = _t(x)
    out = torch.clamp(x, _t(x_min), _t(x_max))
    if x.dtype == torch.bool:
        return out.to(torch.int32)
    return out.to(x.dtype) if out.dtype != x.dtype and not (out.is_floating_point() and not x.is_floating_point()) else out


# ------------------------------------------------------------------ binary arithmetic


def _pair(x1, x2):
    return _t(x1), _t(x2)


def _as_result(x1, x2, *extra):
    """Both operands cast to the Keras `result_type` of their dtypes (and `extra`)."""
    dtype = to_torch_dtype(result_type(dtype_of(x1), dtype_of(x2), *extra))
    return _t(x1, dtype), _t(x2, dtype)


@op
def add(x1, x2):
    """Elementwise `x1 + x2`."""
    return torch.add(*_pair(x1, x2))


@op
def subtract(x1, x2):
    """Elementwise `x1 - x2` (a bool operand takes the other's dtype)."""
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        x1 = x1.to(x2.dtype)
    if x2.dtype == torch.bool:
        x2 = x2.to(x1.dtype)
    return torch.subtract(x1, x2)


@op
def multiply(x1, x2):
    """Elementwise `x1 * x2`."""
    return torch.multiply(*_pair(x1, x2))


@op
def divide(x1, x2):
    """Elementwise true division (integers give floats)."""
    x1 = x1 if isinstance(x1, (int, float)) else _t(x1)
    x2 = x2 if isinstance(x2, (int, float)) else _t(x2)
    if not isinstance(x1, torch.Tensor) and not isinstance(x2, torch.Tensor):
        x1 = _t(x1)
    return torch.divide(x1, x2)


true_divide = op(lambda x1, x2: divide._raw(x1, x2))
true_divide.__name__ = "true_divide"


@op
def divide_no_nan(x1, x2):
    """`x1 / x2`, with 0 wherever `x2` is 0."""
    x1, x2 = _as_result(x1, x2, float)
    return torch.where(x2 == 0, torch.zeros((), dtype=x1.dtype, device=x1.device), x1 / x2)


@op
def floor_divide(x1, x2):
    """Elementwise floor division, in the Keras result dtype."""
    dtype = to_torch_dtype(result_type(dtype_of(x1), dtype_of(x2)))
    a = x1 if isinstance(x1, (int, float)) and isinstance(x2, torch.Tensor) else _t(x1)
    b = x2 if isinstance(x2, (int, float)) and isinstance(a, torch.Tensor) else _t(x2)
    return torch.floor_divide(a, b).to(dtype)


@op
def power(x1, x2):
    """Elementwise `x1 ** x2`."""
    return torch.pow(*_pair(x1, x2))


@op
def mod(x1, x2):
    """Elementwise remainder with the sign of the divisor (bool computes in int32)."""
    x1, x2 = _pair(x1, x2)
    if result_type(x1.dtype, x2.dtype) == "bool":
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    return torch.remainder(x1, x2)


@op
def fmod(x1, x2):
    """Elementwise remainder with the sign of the dividend."""
    x1, x2 = _pair(x1, x2)
    if result_type(x1.dtype, x2.dtype) == "bool":
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    return torch.fmod(x1, x2)


def _by_result_type(torch_fn, name, doc, *extra):
    def fn(x1, x2):
        return torch_fn(*_as_result(x1, x2, *extra))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return op(fn)


maximum = _by_result_type(torch.maximum, "maximum", "Elementwise maximum, in the Keras result dtype.")
minimum = _by_result_type(torch.minimum, "minimum", "Elementwise minimum, in the Keras result dtype.")
fmax = _by_result_type(torch.fmax, "fmax", "Elementwise maximum that ignores NaN.")
fmin = _by_result_type(torch.fmin, "fmin", "Elementwise minimum that ignores NaN.")
arctan2 = _by_result_type(torch.arctan2, "arctan2", "Elementwise `arctan(x1 / x2)` in the right quadrant.", float)
hypot = _by_result_type(torch.hypot, "hypot", "Elementwise `sqrt(x1**2 + x2**2)`.", float)
logaddexp = _by_result_type(torch.logaddexp, "logaddexp", "Elementwise `log(exp(x1) + exp(x2))`.", float)
logaddexp2 = _by_result_type(torch.logaddexp2, "logaddexp2", "Elementwise `log2(2**x1 + 2**x2)`.", float)
nextafter = _by_result_type(torch.nextafter, "nextafter", "The next float after `x1` toward `x2`.", float)


@op
def heaviside(x1, x2):
    """Step function: 0 below zero, 1 above, `x2` at zero."""
    x1, x2 = _as_result(x1, x2)
    if x1.dtype in (torch.int32, torch.int64, torch.int8, torch.int16, torch.uint8, torch.bool):
        x1, x2 = x1.to(to_torch_dtype(config.floatx())), x2.to(to_torch_dtype(config.floatx()))
    return torch.heaviside(x1, x2)


@op
def ldexp(x1, x2):
    """Elementwise `x1 * 2**x2` (`x2` integer)."""
    x1, x2 = _pair(x1, x2)
    if x2.is_floating_point():
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2.dtype={standardize_dtype(x2.dtype)}")
    dtype = to_torch_dtype(result_type(x1.dtype, x2.dtype, float))
    return torch.ldexp(x1.to(dtype), x2.to(dtype)).to(dtype)


@op
def gcd(x1, x2):
    """Elementwise greatest common divisor."""
    return torch.gcd(*_pair(x1, x2))


@op
def lcm(x1, x2):
    """Elementwise least common multiple."""
    return torch.lcm(*_pair(x1, x2))


# ------------------------------------------------------------------ comparisons and logic


def _compare(torch_fn, name, doc):
    def fn(x1, x2):
        return torch_fn(*_pair(x1, x2))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return op(fn)


equal = _compare(torch.eq, "equal", "Elementwise `x1 == x2`.")
not_equal = _compare(torch.ne, "not_equal", "Elementwise `x1 != x2`.")
greater = _compare(torch.gt, "greater", "Elementwise `x1 > x2`.")
greater_equal = _compare(torch.ge, "greater_equal", "Elementwise `x1 >= x2`.")
less = _compare(torch.lt, "less", "Elementwise `x1 < x2`.")
less_equal = _compare(torch.le, "less_equal", "Elementwise `x1 <= x2`.")
logical_and = _compare(torch.logical_and, "logical_and", "Elementwise logical AND.")
logical_or = _compare(torch.logical_or, "logical_or", "Elementwise logical OR.")
logical_xor = _compare(torch.logical_xor, "logical_xor", "Elementwise logical XOR.")
bitwise_and = _compare(torch.bitwise_and, "bitwise_and", "Elementwise bitwise AND.")
bitwise_or = _compare(torch.bitwise_or, "bitwise_or", "Elementwise bitwise OR.")
bitwise_xor = _compare(torch.bitwise_xor, "bitwise_xor", "Elementwise bitwise XOR.")
bitwise_left_shift = _compare(torch.bitwise_left_shift, "bitwise_left_shift", "Elementwise `x << y`.")
bitwise_right_shift = _compare(torch.bitwise_right_shift, "bitwise_right_shift", "Elementwise `x >> y`.")
left_shift = _compare(torch.bitwise_left_shift, "left_shift", "Elementwise `x << y`.")
right_shift = _compare(torch.bitwise_right_shift, "right_shift", "Elementwise `x >> y`.")


@op
def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Elementwise `|x1 - x2| <= atol + rtol * |x2|` (exact equality for non-float dtypes)."""
    x1, x2 = _as_result(x1, x2)
    if x1.is_floating_point():
        return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return torch.eq(x1, x2)


@op
def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """True when every pair of elements is close (see `isclose`)."""
    return torch.all(isclose._raw(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


__all__ = [
    "abs",
    "absolute",
    "add",
    "allclose",
    "angle",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "bitwise_and",
    "bitwise_invert",
    "bitwise_left_shift",
    "bitwise_not",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "cbrt",
    "ceil",
    "clip",
    "conj",
    "conjugate",
    "cos",
    "cosh",
    "deg2rad",
    "divide",
    "divide_no_nan",
    "equal",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "gcd",
    "greater",
    "greater_equal",
    "heaviside",
    "hypot",
    "i0",
    "imag",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "lcm",
    "ldexp",
    "left_shift",
    "less",
    "less_equal",
    "log",
    "log10",
    "log1p",
    "log2",
    "logaddexp",
    "logaddexp2",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nan_to_num",
    "negative",
    "nextafter",
    "not_equal",
    "power",
    "rad2deg",
    "real",
    "reciprocal",
    "right_shift",
    "round",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "subtract",
    "tan",
    "tanh",
    "true_divide",
    "trunc",
]
