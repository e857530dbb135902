"""The bundle's command-line entry point (packaging/osgo.spec): what the ``osgo`` script runs in a venv."""

from osgo_desktop.cli import main

raise SystemExit(main())
