"""The project's command-line helpers, run from the project root: `scale_out.py` (the `scaleout` package),
`compile_messages.py`. A package so that `scripts.scaleout` is always this folder's, never another
distribution's `scripts`."""
