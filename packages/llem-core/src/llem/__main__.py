"""``python -m llem`` is ``llem``."""

from llem.cli.main import main

if __name__ == "__main__":
    main()
