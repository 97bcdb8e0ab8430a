"""The ``local`` runner: each experiment in a fresh Python process on this machine, leading its
own process group, dying with the host, and leaving nothing behind."""
