"""Near-duplicate detection and story clustering (batch and incremental, with stable story ids)."""

from parallax.model import Assignment
from parallax.stories.assigner import ClusterConfig, StoryAssigner, cluster_articles
from parallax.stories.dedup import DedupConfig, DuplicateIndex

__all__ = [
    "Assignment",
    "ClusterConfig",
    "DedupConfig",
    "DuplicateIndex",
    "StoryAssigner",
    "cluster_articles",
]
