"""The query side: load an index, retrieve passages, and compose a quoted answer."""
