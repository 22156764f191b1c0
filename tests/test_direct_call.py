"""The direct calls (src/engine/direct_call.hpp): the wrappers' plain calls run a gufunc's
loop without NumPy's ufunc machinery, and hand every other call back (NotImplemented) to
the general way. These tests check that a direct call gives bitwise what the gufunc gives,
that it takes the calls it should and hands back those it must, and that what NumPy would
do around a loop (floating-point warnings, the loop's errors) still happens."""

import ctypes
import ctypes.util
import platform

import numpy as np
import pytest

import parafunc
from parafunc import _parafunc_core as core
from parafunc import gufuncs

DIRECT = sorted(name[1 : -len("_direct")] for name in dir(core) if name.endswith("_direct"))
REDUCTIONS = [name for name in DIRECT if not name.startswith("move_")]
MOVING = [name for name in DIRECT if name.startswith("move_")]


def test_every_reduction_and_moving_window_has_a_direct_call():
    expected = {"nansum", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "nanargmin"}
    expected |= {"nanargmax", "ss", "anynan", "allnan", "nancount", "median", "nanmedian"}
    expected |= {"move_sum", "move_mean", "move_var", "move_std", "move_min", "move_max"}
    expected |= {"move_argmin", "move_argmax", "move_median", "move_quantile", "move_rank"}
    assert set(DIRECT) == expected


def data(dtype, shape=(5, 7), order="C"):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape) * 10
    if np.issubdtype(dtype, np.floating):
        x[rng.random(shape) < 0.2] = np.nan
        x.flat[3] = np.inf
        x.flat[8] = -np.inf
    return np.asarray(x.astype(dtype), order=order)


def parameters(name):
    """The scalar operands after the data (and, for moving windows, window and
    min_count) that the gufunc ``name`` takes."""
    return {"nanvar": (1,), "nanstd": (1,), "move_var": (1,), "move_std": (1,)}.get(
        name, (0.25,) if name == "move_quantile" else ()
    )


def gufunc_result(name, a, axis, *scalars):
    """What NumPy's gufunc gives for the direct call's arguments."""
    gufunc = getattr(gufuncs, name)
    if axis is None:
        return gufunc(a.reshape(-1), *scalars)
    n = len(scalars)
    if gufunc.signature.endswith("->()"):
        return gufunc(a, *scalars, axes=[(axis,), *[()] * n, ()])
    return gufunc(a, *scalars, axes=[(axis,), *[()] * n, (axis,)])


def assert_bitwise_equal(got, expected):
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert got.tobytes() == expected.tobytes(), (got, expected)


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, -2])
def test_direct_reduction_is_the_gufunc(name, dtype, order, axis):
    a = data(dtype, order=order)
    if name.startswith("nanarg"):
        a[:, 0] = 7  # no all-NaN slice on either axis
    direct = getattr(core, f"_{name}_direct")
    got = direct(a, axis, *parameters(name))
    if axis is None and order == "F":  # every element of a non-C-contiguous array
        assert got is NotImplemented
        return
    if got is NotImplemented:  # only for a call that raises a flag (inf - inf)
        with np.errstate(all="raise"), pytest.raises(FloatingPointError):
            gufunc_result(name, a, axis, *parameters(name))
        a[np.isinf(a)] = 1
        got = direct(a, axis, *parameters(name))
    assert got is not NotImplemented
    if axis is None:
        assert np.isscalar(got)
    assert_bitwise_equal(got, gufunc_result(name, a, axis, *parameters(name)))
    row = a[1]  # 1-D (F order: a strided view); axis None is its only axis
    for row_axis in (None, 0, -1):
        got = direct(row, row_axis, *parameters(name))
        assert got is not NotImplemented and np.isscalar(got)
        assert_bitwise_equal(got, gufunc_result(name, row, 0, *parameters(name)))


@pytest.mark.parametrize("name", MOVING)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("window, min_count", [(1, None), (3, None), (3, 1), (5, 2)])
def test_direct_moving_window_is_the_gufunc(name, dtype, order, axis, window, min_count):
    a = data(dtype, order=order)
    direct = getattr(core, f"_{name}_direct")
    got = direct(a, window, min_count, axis, *parameters(name))
    assert got is not NotImplemented
    # Laid out like the input, as the wrappers allocate it.
    assert got.flags.c_contiguous == a.flags.c_contiguous
    assert got.flags.f_contiguous == a.flags.f_contiguous
    scalars = (window, window if min_count is None else min_count, *parameters(name))
    assert_bitwise_equal(got, gufunc_result(name, a, axis, *scalars))


LONGLONG_DIFFERS = np.dtype(np.longlong).num != np.dtype(np.int64).num


class Subclass(np.ndarray):
    pass


def handed_back_arrays():
    """Arrays a direct call must not take."""
    a = np.arange(24.0).reshape(4, 6)
    unaligned = np.frombuffer(b"\0" + a.tobytes(), np.uint8, count=a.nbytes, offset=1)
    return {
        "list": [1.0, 2.0, 3.0, 4.0],
        "subclass": a.view(Subclass),
        "masked": np.ma.masked_array(a),
        "byteswapped": a.astype(a.dtype.newbyteorder()),
        "unaligned": unaligned.view(np.float64).reshape(4, 6),
        "float16": a.astype(np.float16),
        "bool": a > 3,
        "uint64": a.astype(np.uint64),
        # A dtype of another type number than the loops' (where there is one).
        "other type number": a.astype(np.longlong if LONGLONG_DIFFERS else np.int8),
        "0-d": np.array(3.0),
        "empty": np.empty((4, 0)),
        "3-d": a.reshape(2, 2, 6),
    }


@pytest.mark.parametrize("kind", sorted(handed_back_arrays()))
def test_direct_calls_hand_back_what_they_do_not_take(kind):
    a = handed_back_arrays()[kind]
    for axis in (-1,) if kind == "3-d" else (None, -1):
        assert core._nansum_direct(a, axis) is NotImplemented
    assert core._move_mean_direct(a, 2, None, -1) is NotImplemented


@pytest.mark.parametrize(
    "window, min_count, axis",
    [
        (0, None, -1),
        (7, None, -1),
        (True, None, -1),
        (2.0, None, -1),
        (np.int64(2), None, -1),
        (2, 0, -1),
        (2, 3, -1),
        (2, 1.0, -1),
        (2, None, 2),
        (2, None, -3),
        (2, None, 1.0),
        (2, None, None),
        (2**70, None, -1),
    ],
)
def test_direct_moving_window_hands_back_arguments_it_does_not_take(window, min_count, axis):
    """The general way judges these (and raises bottleneck's errors for the bad ones)."""
    a = np.arange(12.0).reshape(2, 6)
    assert core._move_mean_direct(a, window, min_count, axis) is NotImplemented
    assert core._move_var_direct(a, 2, None, -1, 1.5) is NotImplemented  # ddof not an int


@pytest.mark.parametrize("axis", [2, -3, 1.0, True, np.int64(0), (0, 1)])
def test_direct_reduction_hands_back_axes_it_does_not_take(axis):
    assert core._nansum_direct(np.ones((2, 3)), axis) is NotImplemented


def test_direct_calls_check_their_argument_count():
    with pytest.raises(TypeError, match="takes 2 arguments"):
        core._nansum_direct(np.ones(3))
    with pytest.raises(TypeError, match="takes 4 arguments"):
        core._move_mean_direct(np.ones(3), 2, None)


def test_a_flag_raised_in_a_direct_call_reaches_np_errstate():
    """A direct call that raises a floating-point flag hands the call back; NumPy then
    reports it as for the gufunc."""
    huge = np.array([1e308, 1e308])
    assert core._nansum_direct(huge, None) is NotImplemented
    assert core._move_sum_direct(huge, 2, None, -1) is NotImplemented
    with np.errstate(over="raise"):
        with pytest.raises(FloatingPointError, match="overflow"):
            parafunc.nansum(huge)
        with pytest.raises(FloatingPointError, match="overflow"):
            parafunc.move_sum(huge, 2)
    with np.errstate(over="ignore"):
        assert parafunc.nansum(huge) == np.inf


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.machine() != "x86_64",
    reason="reads the flags through glibc's fenv functions, with x86's flag values",
)
def test_a_direct_call_leaves_the_callers_floating_point_flags_as_they_were():
    """A set flag of the caller stays set; a flag the loop raises does not leak out."""
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    overflow = 0x08  # FE_OVERFLOW on x86
    huge = np.array([1e308, 1e308])
    try:
        libm.feraiseexcept(overflow)
        assert core._nansum_direct(np.ones(3), None) == 3.0
        assert libm.fetestexcept(overflow) == overflow
        assert core._nansum_direct(huge, None) is NotImplemented
        assert libm.fetestexcept(overflow) == overflow
        libm.feclearexcept(overflow)
        assert core._nansum_direct(huge, None) is NotImplemented
        assert libm.fetestexcept(overflow) == 0
    finally:
        libm.feclearexcept(overflow)


def test_an_error_of_the_loop_is_raised_from_a_direct_call():
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        core._nanargmin_direct(np.array([[1.0, np.nan], [2.0, np.nan]]), 0)
