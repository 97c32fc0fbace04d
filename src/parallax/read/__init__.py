"""The read side: what the web app and the CLI's listings show of a store (pages, digests on read)."""
