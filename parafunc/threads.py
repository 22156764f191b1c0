"""Thread control: one pool for the whole library.

Every way of choosing the thread count acts on the same oneTBB arena:
``set_num_threads``, the ``threads`` context manager, the ``PARAFUNC_NUM_THREADS``
environment variable (read once, at import) and threadpoolctl (>= 3.2), whose
``threadpool_limits(n)`` limits parafunc like it limits BLAS and OpenMP.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from ._axis import as_integer
from ._tbb import load_extension

_core = load_extension()

ENV_VARIABLE = "PARAFUNC_NUM_THREADS"


def get_num_threads() -> int:
    """Number of threads a parafunc call may use.

    Examples
    --------
    >>> import parafunc as pf
    >>> pf.get_num_threads() >= 1
    True
    """
    return _core.get_num_threads()


def set_num_threads(n: int) -> None:
    """Use ``n`` threads (at least 1) for every following call, from any Python thread.

    Examples
    --------
    >>> import parafunc as pf
    >>> before = pf.get_num_threads()
    >>> pf.set_num_threads(1)
    >>> pf.get_num_threads()
    1
    >>> pf.set_num_threads(before)
    """
    n = as_integer(n, "n")
    if n < 1:
        raise ValueError(f"`n` must be at least 1, got {n}")
    _core.set_num_threads(n)


@contextlib.contextmanager
def threads(n: int) -> Iterator[None]:
    """Use ``n`` threads inside a ``with`` block, then restore the previous count.

    The count is process-wide: other Python threads calling parafunc meanwhile use it too.

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> with pf.threads(1):
    ...     pf.nansum(np.arange(10.0))
    np.float64(45.0)
    """
    before = get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        set_num_threads(before)


def _apply_environment() -> None:
    value = os.environ.get(ENV_VARIABLE)
    if value is None or not value.strip():
        return
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise ValueError(f"{ENV_VARIABLE} must be a positive integer, got {value!r}")
    set_num_threads(n)


def _register_threadpoolctl() -> None:
    try:
        import threadpoolctl
    except ImportError:
        return
    if not hasattr(threadpoolctl, "register"):  # before 3.2
        return

    class ParafuncController(threadpoolctl.LibController):
        user_api = "parafunc"
        internal_api = "parafunc"
        # Matches the compiled module's file name among the loaded shared libraries.
        filename_prefixes = ("_parafunc_core",)

        def get_num_threads(self) -> int:
            return get_num_threads()

        def set_num_threads(self, num_threads: int) -> None:
            set_num_threads(num_threads)

        def get_version(self) -> str:
            from . import __version__

            return __version__

    threadpoolctl.register(ParafuncController)


_apply_environment()
_register_threadpoolctl()
# oneTBB's workers do not survive fork; stop them first so parent and child both restart
# cleanly (see src/engine/thread_pool.hpp).
os.register_at_fork(
    before=_core.prepare_fork,
    after_in_parent=_core.after_fork_in_parent,
    after_in_child=_core.after_fork_in_child,
)
