"""Thread control, fork, concurrency, the GIL and floating-point flags.

Every way of choosing the thread count (set_num_threads, threads(), PARAFUNC_NUM_THREADS,
threadpoolctl) acts on one pool; calls release the GIL and may run from many Python threads
at once; the pool survives os.fork; floating-point flags raised on worker threads reach
np.errstate on the calling thread."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import parafunc
from registry import assert_bitwise_equal

BLOCK = 1 << 16  # block of a reduction, chunk of a moving window, parallel threshold


@pytest.fixture(autouse=True)
def restore_thread_count():
    before = parafunc.get_num_threads()
    yield
    parafunc.set_num_threads(before)


# ---------------------------------------------------------------------------------------
# set_num_threads, get_num_threads, threads()


def test_set_and_get():
    assert parafunc.get_num_threads() >= 1
    for n in (1, 3, 2, np.int64(4), 1):
        assert parafunc.set_num_threads(n) is None
        assert parafunc.get_num_threads() == n


def test_threads_context_restores():
    parafunc.set_num_threads(2)
    with parafunc.threads(1) as value:
        assert value is None
        assert parafunc.get_num_threads() == 1
        with parafunc.threads(3):
            assert parafunc.get_num_threads() == 3
        assert parafunc.get_num_threads() == 1
    assert parafunc.get_num_threads() == 2


def test_threads_context_restores_after_an_exception():
    parafunc.set_num_threads(2)
    with pytest.raises(KeyError, match="inside"):
        with parafunc.threads(1):
            assert parafunc.get_num_threads() == 1
            raise KeyError("inside")
    assert parafunc.get_num_threads() == 2


@pytest.mark.parametrize(
    ("n", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (1.5, TypeError),
        ("2", TypeError),
        (None, TypeError),
        (True, TypeError),
        (2.0, TypeError),
    ],
)
def test_bad_thread_counts(n, error):
    parafunc.set_num_threads(2)
    with pytest.raises(error, match="`n`"):
        parafunc.set_num_threads(n)
    with pytest.raises(error, match="`n`"):
        with parafunc.threads(n):
            pytest.fail("the block must not run")
    assert parafunc.get_num_threads() == 2


# ---------------------------------------------------------------------------------------
# PARAFUNC_NUM_THREADS (read at import, so in a fresh interpreter)


def _python(code, tmp_path, **env_vars):
    env = {k: v for k, v in os.environ.items() if k != "PARAFUNC_NUM_THREADS"}
    env.update(env_vars)
    # cwd: anywhere but the repository root, whose parafunc/ has no compiled module.
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("value", ["1", "3", " 2 "])
def test_environment_variable(value, tmp_path):
    done = _python(
        "import parafunc; print(parafunc.get_num_threads())", tmp_path, PARAFUNC_NUM_THREADS=value
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == int(value)


def test_environment_variable_empty_means_default(tmp_path):
    code = "import parafunc; print(parafunc.get_num_threads())"
    unset = _python(code, tmp_path)
    empty = _python(code, tmp_path, PARAFUNC_NUM_THREADS="")
    assert unset.returncode == 0 and empty.returncode == 0, (unset.stderr, empty.stderr)
    assert int(unset.stdout) == int(empty.stdout) >= 1


@pytest.mark.parametrize("value", ["abc", "1.5", "0", "-2"])
def test_environment_variable_invalid(value, tmp_path):
    """A clear error at import that names the variable and shows the value."""
    done = _python("import parafunc", tmp_path, PARAFUNC_NUM_THREADS=value)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ValueError"), done.stderr
    assert "PARAFUNC_NUM_THREADS" in last and repr(value) in last, last


# ---------------------------------------------------------------------------------------
# threadpoolctl


def test_threadpoolctl_info():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    parafunc.set_num_threads(3)
    entries = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "parafunc"]
    assert len(entries) == 1, threadpoolctl.threadpool_info()
    assert entries[0]["num_threads"] == 3
    assert entries[0]["version"] == parafunc.__version__


@pytest.mark.parametrize("user_api", [None, "parafunc"])
def test_threadpool_limits(user_api):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    parafunc.set_num_threads(2)
    with threadpoolctl.threadpool_limits(1, user_api=user_api):
        assert parafunc.get_num_threads() == 1
        x = np.arange(3 * BLOCK, dtype=np.float64)
        assert parafunc.nansum(x) == x.size * (x.size - 1) / 2
    assert parafunc.get_num_threads() == 2


def test_threadpoolctl_controller_select():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    controller = threadpoolctl.ThreadpoolController().select(user_api="parafunc")
    assert len(controller.lib_controllers) == 1
    with controller.limit(limits=1):
        assert parafunc.get_num_threads() == 1
    parafunc.set_num_threads(3)
    assert (
        threadpoolctl.ThreadpoolController().select(user_api="parafunc").info()[0]["num_threads"]
        == 3
    )


# ---------------------------------------------------------------------------------------
# fork


def _fork_and_check(check, timeout=60.0):
    """Run ``check()`` in a forked child, which must exit 0 within ``timeout`` seconds.
    The child never returns into pytest; a hung child is killed and the test fails."""
    with warnings.catch_warnings():
        # Python >= 3.12 warns when forking a process that has threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        code = 3
        try:
            code = 0 if check() else 1
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"the forked child hung for {timeout} s")
        time.sleep(0.02)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status:#x}"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_fork_after_parallel_work():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(4 * 10**6)
    parafunc.set_num_threads(2)
    expected_sum = parafunc.nansum(x)  # the pool is started and busy before the fork
    expected_mean = parafunc.move_mean(x, 100)

    def child():
        return (
            parafunc.get_num_threads() == 2
            and parafunc.nansum(x) == expected_sum
            and np.array_equal(parafunc.move_mean(x, 100), expected_mean, equal_nan=True)
        )

    _fork_and_check(child)
    _fork_and_check(child)  # twice: the handler also leaves the parent able to fork again
    # The parent's pool works after the forks.
    assert parafunc.nansum(x) == expected_sum
    with parafunc.threads(3):
        assert parafunc.nansum(x) == expected_sum


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_forks_while_another_thread_computes():
    """100 forks at varied moments of another thread's parallel calls: none may hang. (A
    fork copied oneTBB's locks, held by workers that do not exist in the child, and 2
    children in 100 hung in oneTBB's thread_dispatcher::register_client. prepare_fork now
    waits for the calls in flight, and the child of a fork whose workers could not be
    stopped runs every call on its own thread.)"""
    x = np.ones(10**7)
    stop = threading.Event()

    def busy():
        while not stop.is_set():
            parafunc.nansum(x)

    worker = threading.Thread(target=busy)
    worker.start()
    try:
        for i in range(100):
            time.sleep(0.001 * (i % 5))
            _fork_and_check(lambda: parafunc.nansum(x) == x.size, timeout=20.0)
    finally:
        stop.set()
        worker.join()


# ---------------------------------------------------------------------------------------
# Many Python threads at once


def test_concurrent_python_threads():
    rng = np.random.default_rng(2)
    inputs = [rng.standard_normal(10**6 + k) for k in range(6)]
    for x in inputs:
        x[rng.random(x.size) < 0.05] = np.nan
    expected = [(parafunc.nansum(x), parafunc.move_mean(x, 37, min_count=1)) for x in inputs]

    def work(k):
        x = inputs[k % len(inputs)]
        return k, parafunc.nansum(x), parafunc.move_mean(x, 37, min_count=1)

    stop = threading.Event()

    def resize():  # results do not depend on the thread count, even changed mid-flight
        n = 0
        while not stop.is_set():
            parafunc.set_num_threads(1 + n % 3)
            n += 1
            time.sleep(0.001)

    resizer = threading.Thread(target=resize)
    resizer.start()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(work, range(24)))
    finally:
        stop.set()
        resizer.join()
    for k, total, mean in results:
        assert_bitwise_equal(total, expected[k % len(inputs)][0])
        assert_bitwise_equal(mean, expected[k % len(inputs)][1])


# ---------------------------------------------------------------------------------------
# The GIL is released during long calls


@pytest.fixture(scope="module")
def big():
    return np.full(5 * 10**7, 0.5)


def _progress_during(call):
    """How far another Python thread counts while ``call()`` runs on this one.

    The counting thread gives the GIL up at every step (sleep(0)), and the switch interval
    is made long, so this thread never has to wait for the GIL and is never forced to
    give it up: with the GIL held throughout ``call()``, the count cannot move at all."""
    count = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1
            time.sleep(0)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        while count[0] < 10:  # the spinner is running
            time.sleep(0.001)
        before = count[0]
        call()
        after = count[0]
    finally:
        stop.set()
        spinner.join()
        sys.setswitchinterval(interval)
    return after - before


def test_progress_stops_while_the_gil_is_held():
    """The measure itself: a long call that keeps the GIL lets the count make no progress."""
    x = np.zeros(3 * 10**6)
    assert _progress_during(x.tolist) == 0


@pytest.mark.parametrize("n", [1, 2])
def test_gil_released_by_nansum(big, n):
    with parafunc.threads(n):
        assert _progress_during(lambda: parafunc.nansum(big)) > 10


@pytest.mark.parametrize("n", [1, 2])
def test_gil_released_by_move_mean(big, n):
    x = big[: 10**7]
    out = np.empty_like(x)
    with parafunc.threads(n):
        assert _progress_during(lambda: parafunc.move_mean(x, 50, out=out)) > 10


# ---------------------------------------------------------------------------------------
# Floating-point flags


def test_invalid_flag_small_input():
    """Like NumPy's sums: +inf meeting -inf gives NaN and raises "invalid"."""
    x = np.array([np.inf, -np.inf])
    with np.errstate(invalid="warn"):
        with pytest.warns(RuntimeWarning, match="invalid value"):
            assert np.isnan(parafunc.nansum(x))
    with np.errstate(invalid="raise"):
        with pytest.raises(FloatingPointError, match="invalid value"):
            parafunc.nansum(x)
    with np.errstate(invalid="ignore"):
        assert np.isnan(parafunc.nansum(x))  # and no warning (warnings are errors here)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_invalid_flag_from_any_block(n):
    """inf and -inf in one block only, for every block in turn: whichever thread sums that
    block, the flag reaches np.errstate on the calling thread."""
    length = 16 * BLOCK
    with parafunc.threads(n):
        for block in range(16):
            x = np.zeros(length)
            x[block * BLOCK + 5] = np.inf
            x[block * BLOCK + 13] = -np.inf
            with np.errstate(invalid="warn"):
                with pytest.warns(RuntimeWarning, match="invalid value"):
                    assert np.isnan(parafunc.nansum(x))
            with np.errstate(invalid="raise"):
                with pytest.raises(FloatingPointError):
                    parafunc.nansum(x)
            with np.errstate(invalid="ignore"):
                assert np.isnan(parafunc.nansum(x))


def test_invalid_flag_from_different_blocks():
    x = np.zeros(10**6)
    x[10] = np.inf
    x[-10] = -np.inf
    with parafunc.threads(2), np.errstate(invalid="warn"):
        with pytest.warns(RuntimeWarning, match="invalid value"):
            assert np.isnan(parafunc.nansum(x))
    with parafunc.threads(2), np.errstate(invalid="ignore"):
        assert np.isnan(parafunc.nansum(x))


def test_invalid_flag_many_rows():
    """Many series at once (the outer loop in parallel), one of them with both infinities."""
    x = np.zeros((64, 4 * BLOCK // 64 * 16))
    x[37, 3] = np.inf
    x[37, 11] = -np.inf
    with parafunc.threads(2), np.errstate(invalid="warn"):
        with pytest.warns(RuntimeWarning, match="invalid value"):
            got = parafunc.nansum(x, axis=1)
    assert np.isnan(got[37]) and np.count_nonzero(np.isnan(got)) == 1


def test_no_stale_flags():
    """A call that raised a flag leaves none behind, on the caller or on the workers."""
    dirty = np.zeros(16 * BLOCK)
    dirty[::BLOCK] = np.inf
    dirty[8::BLOCK] = -np.inf
    clean = np.ones(16 * BLOCK)
    with parafunc.threads(2):
        with np.errstate(invalid="ignore"):
            parafunc.nansum(dirty)
        with np.errstate(all="raise"):
            for _ in range(5):
                assert parafunc.nansum(clean) == clean.size
                parafunc.move_mean(clean, 10)


def test_overflow_flag():
    with np.errstate(over="warn"):
        with pytest.warns(RuntimeWarning, match="overflow"):
            assert parafunc.nansum(np.array([3e38, 3e38], np.float32)) == np.inf
    with np.errstate(over="ignore"):
        assert parafunc.nansum(np.array([3e38, 3e38], np.float32)) == np.inf
    # The float64 accumulator does not overflow on float32 data whose sum fits.
    big = np.array([3e38, 3e38, -3e38], np.float32)
    with np.errstate(all="raise"):
        assert parafunc.nansum(big) == np.float32(3e38)


def test_infinities_alone_raise_nothing():
    x = np.zeros(8 * BLOCK)
    x[::1000] = np.inf
    x[1::1000] = np.nan
    with parafunc.threads(2), np.errstate(all="raise"):
        assert parafunc.nansum(x) == np.inf
        assert parafunc.nansum(-x) == -np.inf
        parafunc.move_mean(x, 3, min_count=1)
