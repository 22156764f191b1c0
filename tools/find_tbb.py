"""Print the include and library folders of the installed ``tbb-devel`` and ``tbb`` wheels.

meson.build runs this in the build environment; it exits 1 when no wheel is installed,
and meson then looks for a system oneTBB instead.
"""

import sys
from importlib import metadata


def main() -> int:
    files = []
    for dist in ("tbb-devel", "tbb"):  # headers come with the first, libtbb.so with the second
        try:
            files += metadata.files(dist) or []
        except metadata.PackageNotFoundError:
            return 1
    include = libdir = None
    for entry in files:
        path = entry.locate().resolve()
        if path.name == "tbb.h" and path.parent.name == "oneapi":
            include = path.parent.parent
        elif path.name == "libtbb.so":
            libdir = path.parent
    if include is None or libdir is None:
        return 1
    print(include)
    print(libdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
