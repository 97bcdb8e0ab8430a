"""``python -m llem.experiment JOB.json``: see :mod:`llem.experiment.main`."""

import sys

from llem.experiment.main import main

sys.exit(main())
