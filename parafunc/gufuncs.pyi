# Type stubs of parafunc.gufuncs: the raw gufuncs are numpy.ufunc objects.
import numpy as np

__all__ = ["move_mean", "nansum"]

nansum: np.ufunc
move_mean: np.ufunc
