"""``python -m ketawidget``: the command line (:mod:`ketawidget.cli`)."""

from .cli import main

if __name__ == "__main__":  # not on import (a walk over the package imports every module)
    raise SystemExit(main())
