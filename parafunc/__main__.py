"""``python -m parafunc``: time parafunc against NumPy and its peers on this machine.

See :mod:`parafunc._report`.
"""

import sys

from ._report import main

if __name__ == "__main__":
    sys.exit(main())
