"""The ``slurm`` runner: each experiment a Slurm job (``pip install 'llem-core[slurm]'``)."""
