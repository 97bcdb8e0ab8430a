"""``python -m llem_miners``: the ``llem-miners`` command (where no console script is installed,
as inside an engine's image)."""

from llem_miners.cli import main

main()
