"""Rendering results as Markdown and JSON, and writing or checking report folders.

Renderers read results only: they never touch files or recompute findings.
Import the submodules directly (``compare.report.files``, ``.json``,
``.markdown``); this package imports nothing so that `compare dedup` does not
load the fact layer.
"""
