# Type stubs of parafunc.gufuncs: the raw gufuncs are numpy.ufunc objects.
import numpy as np

__all__ = [
    "allnan",
    "anynan",
    "argpartition",
    "bfill",
    "ffill",
    "median",
    "move_argmax",
    "move_argmin",
    "move_corr",
    "move_cov",
    "move_exp_nancorr",
    "move_exp_nancount",
    "move_exp_nancov",
    "move_exp_nanmean",
    "move_exp_nanstd",
    "move_exp_nansum",
    "move_exp_nanvar",
    "move_max",
    "move_mean",
    "move_median",
    "move_min",
    "move_quantile",
    "move_rank",
    "move_std",
    "move_sum",
    "move_var",
    "nanargmax",
    "nanargmin",
    "nancount",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanquantile",
    "nanrankdata",
    "nanstd",
    "nansum",
    "nanvar",
    "partition",
    "rankdata",
    "replace",
    "ss",
]

allnan: np.ufunc
anynan: np.ufunc
argpartition: np.ufunc
bfill: np.ufunc
ffill: np.ufunc
median: np.ufunc
move_argmax: np.ufunc
move_argmin: np.ufunc
move_corr: np.ufunc
move_cov: np.ufunc
move_exp_nancorr: np.ufunc
move_exp_nancount: np.ufunc
move_exp_nancov: np.ufunc
move_exp_nanmean: np.ufunc
move_exp_nanstd: np.ufunc
move_exp_nansum: np.ufunc
move_exp_nanvar: np.ufunc
partition: np.ufunc
rankdata: np.ufunc
move_max: np.ufunc
move_mean: np.ufunc
move_median: np.ufunc
move_min: np.ufunc
move_quantile: np.ufunc
move_rank: np.ufunc
move_std: np.ufunc
move_sum: np.ufunc
move_var: np.ufunc
nanargmax: np.ufunc
nanargmin: np.ufunc
nancount: np.ufunc
nanmax: np.ufunc
nanmean: np.ufunc
nanmedian: np.ufunc
nanmin: np.ufunc
nanquantile: np.ufunc
nanrankdata: np.ufunc
nanstd: np.ufunc
nansum: np.ufunc
nanvar: np.ufunc
partition: np.ufunc
rankdata: np.ufunc
replace: np.ufunc
ss: np.ufunc
