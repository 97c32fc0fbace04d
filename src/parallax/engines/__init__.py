"""Engines run the per-input stages (read -> extract -> annotate) over partitions.

An engine maps ``prepare_input`` over input files and yields the results in
input order; the store's single writer then dedups, assigns stories and commits
them exactly as a local run would, so every engine gives the same stories.
``local`` runs in-process; ``ray`` runs partitions as Ray tasks (local mode on one
machine, or a cluster given its address).
"""

from parallax.engines.base import Engine, PreparedInput, PrepareOptions, prepare_input
from parallax.engines.local import LocalEngine

ENGINES = ("local", "ray")


def get_engine(name: str, *, workers: int | None = None, address: str | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``)."""
    if name == "local":
        return LocalEngine()
    if name == "ray":
        from parallax.engines.ray_engine import RayEngine

        return RayEngine(workers=workers, address=address)
    raise ValueError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")


__all__ = [
    "ENGINES",
    "Engine",
    "LocalEngine",
    "PrepareOptions",
    "PreparedInput",
    "get_engine",
    "prepare_input",
]
