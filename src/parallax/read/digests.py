"""Story digests on read: the stored one while current, else built now and kept."""

from __future__ import annotations

from parallax.model import Digest
from parallax.store import Store, StoryEntry
from parallax.store.store import members_key

#: Digests built for a read-only store, by (store path, story id, members key); at most 256.
_CACHE: dict[tuple[str, str, str], Digest] = {}
_CACHE_SIZE = 256


def story_digest(store: Store, entry: StoryEntry) -> Digest:
    """The digest of the stored story ``entry``: the stored one while its members are unchanged, else built now.

    Ingest precomputes digests, so building here is the exception (a store ingested with
    ``--no-digests``, or changed since). A digest built here is stored when the store is
    writable and kept in a small per-process cache otherwise, so a read-only web app builds
    each one once. A large story is digested from a sample of its most central articles
    (``Digest.sample``), which bounds the wait.
    """
    sid = entry.story.id
    stored = store.digest(sid, current_only=True)
    if stored is not None:
        return stored
    key = (store.path, sid, members_key(entry.story.article_ids))
    if key in _CACHE:
        return _CACHE[key]
    # Imported here: the digest stages take seconds to load, and a stored digest needs none.
    from parallax.digest.precompute import build_story_digest

    digest = build_story_digest(store, entry)
    if store.readonly:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = digest
    else:
        store.put_digest(digest)
    return digest
