# Type stubs of parafunc.gufuncs: the raw gufuncs are numpy.ufunc objects.
import numpy as np

__all__ = [
    "allnan",
    "anynan",
    "move_mean",
    "nanargmax",
    "nanargmin",
    "nancount",
    "nanmax",
    "nanmean",
    "nanmin",
    "nanstd",
    "nansum",
    "nanvar",
    "ss",
]

allnan: np.ufunc
anynan: np.ufunc
move_mean: np.ufunc
nanargmax: np.ufunc
nanargmin: np.ufunc
nancount: np.ufunc
nanmax: np.ufunc
nanmean: np.ufunc
nanmin: np.ufunc
nanstd: np.ufunc
nansum: np.ufunc
nanvar: np.ufunc
ss: np.ufunc
