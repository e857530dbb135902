"""The bundle's GUI entry point (packaging/osgo.spec): what the ``osgo-desktop`` script runs in a venv."""

from ui.app import main

raise SystemExit(main())
