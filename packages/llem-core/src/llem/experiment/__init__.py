"""The experiment boundary every runner shares.

A host prepares an :class:`~llem.experiment.job.ExperimentJob` (a plain record that round-trips
through JSON, prompts included, every path explicit), a runner starts
``python -m llem.experiment JOB.json`` wherever the experiment runs (a local child process, a
container, a cluster job), and the experiment reports :mod:`~llem.experiment.events` as JSON lines
on a channel any runner can read: its standard output (``--events -``) or a file.
"""
