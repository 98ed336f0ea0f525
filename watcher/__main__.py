"""`python -m watcher` runs the command line."""

from watcher.cli import main

if __name__ == "__main__":
    main()
