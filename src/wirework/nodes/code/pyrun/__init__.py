"""Sandboxed CPython for the Code node: runner processes (``_runner``), their start-up
(``sandbox``) and the process-wide pool (``pool``)."""
