#!/usr/bin/env python3
"""Scale out on loopback: two app servers and two background workers against one PostgreSQL database, one
Redis and one S3 endpoint, serving the same portal; a journey goes through both servers in turn.

    .venv/bin/python scripts/scale_out.py [--database-url postgres://postgres@127.0.0.1:5432/clase_scale_out]
                                          [--redis-url redis://127.0.0.1:6379/11] [--keep]

The command docs/scale-out.md gives; the steps live in the package scripts/scaleout/ (one module per
step), which `python -m scripts.scaleout` runs the same way.
"""

import sys
from pathlib import Path

# Run as a file, Python puts scripts/ on the path, not the project root the package and bench/ are found from.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.scaleout.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
