"""The run: stages, the per-document guard under them, and the driver that runs them into a store.

Data flows downhill through the stages (``stages``): read -> extract -> annotate ->
dedup + assign -> digest. ``guard`` is the one place a document's failure or slowness
becomes an ``InputError``; ``partition`` runs the per-input stages for one input file
(on any engine); ``driver`` runs a whole ingest into a store. Nothing here is imported
by the stages themselves, so this package imports its submodules lazily (engines import
``partition``; the driver imports engines).
"""
